"""Finding submissions in a folder, naming their students, and rejecting what cannot be graded.

Student id rule (documented in README): the file name without its extension, without a trailing
Otter export timestamp (``_2026_11_23T10_00_00`` with optional ``_123456``) and without a trailing
``_<workshop>`` or ``-<workshop>``; lower-cased. So ``Ana.Perez.ipynb``,
``ana.perez_iris.ipynb`` and ``ana.perez_iris_2026_11_23T10_00_00.zip`` all belong to ``ana.perez``.
When one student has several submissions, the newest counts: the latest export timestamp in the
name, else the latest modification time; the others are listed as superseded.
"""

import json
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import nbformat

EXPORT_TIMESTAMP = re.compile(r"[_-](\d{4}_\d{2}_\d{2}T\d{2}_\d{2}_\d{2})(?:_\d+)?$")
MAX_NOTEBOOK_BYTES = 50 * 2**20


class InvalidSubmission(ValueError):
    """A submission that cannot be graded; the message says why, in Spanish."""


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


def read_notebook(path: Path, workshop_name: str):
    """The submission's notebook, checked to be a notebook of ``workshop_name`` with cells.

    Raises ``InvalidSubmission`` with the reason otherwise.
    """
    path = Path(path)
    if path.suffix == ".zip":
        text = _notebook_from_zip(path)
    elif path.suffix == ".ipynb":
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            raise InvalidSubmission(f"el cuaderno pesa más de {MAX_NOTEBOOK_BYTES // 2**20} MB")
        text = path.read_bytes()
    else:
        raise InvalidSubmission(
            f"'{path.name}' no es un cuaderno (.ipynb) ni un .zip exportado por Otter"
        )
    try:
        notebook = nbformat.reads(text.decode("utf-8"), as_version=4)
    except (UnicodeDecodeError, json.JSONDecodeError, nbformat.reader.NotJSONError) as error:
        raise InvalidSubmission(f"el cuaderno está dañado y no se puede leer ({_short(error)})")
    except Exception as error:  # noqa: BLE001 - nbformat raises many kinds on malformed input
        raise InvalidSubmission(f"el cuaderno no tiene un formato válido ({_short(error)})")
    if not any(cell.get("cell_type") == "code" and cell.get("source", "").strip()
               for cell in notebook.get("cells", [])):
        raise InvalidSubmission("el cuaderno no tiene celdas de código")
    assignment = notebook.get("metadata", {}).get("otter", {}).get("assignment_name")
    if assignment != workshop_name:
        raise InvalidSubmission(
            f"el cuaderno es del taller '{assignment}', no de '{workshop_name}'" if assignment
            else f"el cuaderno no es el del taller '{workshop_name}' (le falta su identificación)"
        )
    return notebook


def _notebook_from_zip(path: Path) -> bytes:
    try:
        with zipfile.ZipFile(path) as archive:
            notebooks = [n for n in archive.namelist()
                         if n.endswith(".ipynb") and "/" not in n.strip("/")]
            if not notebooks:
                raise InvalidSubmission("el .zip no tiene ningún cuaderno (.ipynb) en su raíz")
            if len(notebooks) > 1:
                raise InvalidSubmission(
                    f"el .zip tiene {len(notebooks)} cuadernos en su raíz; debe tener uno solo")
            if archive.getinfo(notebooks[0]).file_size > MAX_NOTEBOOK_BYTES:
                raise InvalidSubmission(f"el cuaderno pesa más de {MAX_NOTEBOOK_BYTES // 2**20} MB")
            return archive.read(notebooks[0])
    except zipfile.BadZipFile:
        raise InvalidSubmission("el archivo .zip está dañado") from None


def _short(error) -> str:
    return str(error).splitlines()[0][:120] if str(error) else type(error).__name__
