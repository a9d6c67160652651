"""Finding submissions in a folder, naming their students, and rejecting what cannot be graded.

Student id rule (documented in README): the file name without its extension, without a trailing
Otter export timestamp (``_2026_11_23T10_00_00`` with optional ``_123456``) and without a trailing
``_<workshop>`` or ``-<workshop>``; lower-cased. So ``Ana.Perez.ipynb``,
``ana.perez_iris.ipynb`` and ``ana.perez_iris_2026_11_23T10_00_00.zip`` all belong to ``ana.perez``.
When one student has several submissions, the newest counts: the latest export timestamp in the
name, else the latest modification time; the others are listed as superseded.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .engine.submission import InvalidSubmission, read_notebook

__all__ = ["Found", "InvalidSubmission", "OtherFile", "Submission", "discover", "read_notebook", "student_id",
           "submitted_at"]

EXPORT_TIMESTAMP = re.compile(r"[_-](\d{4}_\d{2}_\d{2}T\d{2}_\d{2}_\d{2})(?:_\d+)?$")


@dataclass(frozen=True)
class Submission:
    """One file of a submissions folder and the student it belongs to."""

    path: Path
    student_id: str
    submitted: datetime
    student_name: str = ""  # as Moodle's download names the student; "" where only the file names them


@dataclass(frozen=True)
class OtherFile:
    """A file of a submissions folder that is not graded, and why (its student, when known)."""

    student_id: str
    student_name: str
    path: Path
    reason: str


@dataclass
class Found:
    """A folder's submissions: one per student (the newest), the superseded ones, and the rest."""

    kept: list = field(default_factory=list)
    superseded: list = field(default_factory=list)  # (older submission, the kept one)
    others: list = field(default_factory=list)  # OtherFile


def student_id(path: Path, workshop_name: str) -> str:
    """The student id of a submission file (see the module's rule)."""
    stem = EXPORT_TIMESTAMP.sub("", Path(path).stem)
    stem = re.sub(rf"[_-]{re.escape(workshop_name)}$", "", stem, flags=re.I)
    return (stem or Path(path).stem).lower()


def submitted_at(path: Path) -> datetime:
    """When ``path`` was submitted: the export timestamp in its name, else its modification time."""
    found = EXPORT_TIMESTAMP.search(path.stem)
    if found:
        return datetime.strptime(found.group(1), "%Y_%m_%dT%H_%M_%S")
    return datetime.fromtimestamp(path.stat().st_mtime)


def discover(folder: Path, workshop_name: str) -> Found:
    """Submissions in ``folder`` (one per student, the newest) and the superseded ones.

    Every visible regular file counts, whatever its type: what cannot be graded is reported as
    invalid when it is graded, not skipped here.
    """
    by_student = {}
    for path in sorted(Path(folder).iterdir()):
        if path.is_file() and not path.name.startswith("."):
            submission = Submission(path, student_id(path, workshop_name), submitted_at(path))
            by_student.setdefault(submission.student_id, []).append(submission)
    found = Found()
    for student in sorted(by_student):
        newest_last(found, by_student[student])
    return found


def newest_last(found: Found, submissions: list):
    """Keep the newest of one student's ``submissions`` in ``found``; the others are superseded."""
    ordered = sorted(submissions, key=lambda submission: (submission.submitted, submission.path.name))
    found.kept.append(ordered[-1])
    found.superseded += [(older, ordered[-1]) for older in ordered[:-1]]
