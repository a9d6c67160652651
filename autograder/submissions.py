"""Finding submissions in a folder, naming their students, and rejecting what cannot be graded.

Student id rule (documented in README): the file name without its extension, without a trailing
Otter export timestamp (``_2026_11_23T10_00_00`` with optional ``_123456``) and without a trailing
``_<workshop>`` or ``-<workshop>``; lower-cased. So ``Ana.Perez.ipynb``,
``ana.perez_iris.ipynb`` and ``ana.perez_iris_2026_11_23T10_00_00.zip`` all belong to ``ana.perez``.
When one student has several submissions, the newest counts: the latest export timestamp in the
name, else the latest modification time; the others are listed as superseded.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .engine.submission import InvalidSubmission, read_notebook

__all__ = ["InvalidSubmission", "Submission", "discover", "read_notebook", "student_id"]

EXPORT_TIMESTAMP = re.compile(r"[_-](\d{4}_\d{2}_\d{2}T\d{2}_\d{2}_\d{2})(?:_\d+)?$")


@dataclass(frozen=True)
class Submission:
    """One file of a submissions folder and the student it belongs to."""

    path: Path
    student_id: str
    submitted: datetime


def student_id(path: Path, workshop_name: str) -> str:
    """The student id of a submission file (see the module's rule)."""
    stem = EXPORT_TIMESTAMP.sub("", Path(path).stem)
    stem = re.sub(rf"[_-]{re.escape(workshop_name)}$", "", stem, flags=re.I)
    return (stem or Path(path).stem).lower()


def _submitted(path: Path) -> datetime:
    found = EXPORT_TIMESTAMP.search(path.stem)
    if found:
        return datetime.strptime(found.group(1), "%Y_%m_%dT%H_%M_%S")
    return datetime.fromtimestamp(path.stat().st_mtime)


def discover(folder: Path, workshop_name: str):
    """Submissions in ``folder`` (one per student, the newest) and the superseded ones.

    Every visible regular file counts, whatever its type: what cannot be graded is reported as
    invalid when it is graded, not skipped here.
    """
    by_student = {}
    for path in sorted(Path(folder).iterdir()):
        if path.is_file() and not path.name.startswith("."):
            submission = Submission(path, student_id(path, workshop_name), _submitted(path))
            by_student.setdefault(submission.student_id, []).append(submission)
    kept, superseded = [], []
    for student in sorted(by_student):
        ordered = sorted(by_student[student], key=lambda s: (s.submitted, s.path.name))
        kept.append(ordered[-1])
        superseded += [(old, ordered[-1]) for old in ordered[:-1]]
    return kept, superseded
