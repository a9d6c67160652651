"""The assignment's offline grading worksheet (*hoja de calificaciones*), filled in for Moodle's
*Subir hoja de calificaciones* (``mod/assign/feedback/offline``).

Moodle's import (``importgradeslib.php``) finds its columns by their exact headers in the TA's
language: the row's participant in *Identificador* (``Participante123456``; in English
``Participant 123456``), the grade in *Calificación*, and the feedback comments in the column named
as the comments plugin (*Comentarios de retroalimentación*). It needs *Última modificación
(calificación)* too, and every row as long as the header. A grade is read with the decimal
separator of the TA's language or a ``.``, so grades are written with ``.``; a grade above the
assignment's maximum is skipped. A row whose grade Moodle changed more than a minute after that
row's *Última modificación (calificación)* is skipped whole (``locallib.php``), and Moodle reads
that cell with PHP's ``strtotime``, which reads no Spanish date: each filled row's cell says when
its grade was written, in ISO 8601, so what Moodle changed later is kept and nothing older is.

Given the worksheet the TA downloaded, every column and row it had is kept, in its own encoding,
separator and line ends; only the grade, the comments and that date of graded participants change,
the grade scaled to the worksheet's *Calificación máxima* (a worksheet without a number there, as a
scale-graded assignment's, is refused: points cannot be placed on a scale). Grades it already held
that change are reported. Without one, a new worksheet lists the graded participants, with the
workshop's points as the maximum.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..engine.atomic import write_bytes
from .roster import feedback_text
from .spreadsheets import Table, read_table

WORKSHEET_CSV = "moodle-hoja.csv"
# Each column the worksheet is read or written by, as Moodle heads it in Spanish and in English.
HEADERS = {
    "identifier": ("Identificador", "Identifier"),
    "full_name": ("Nombre completo", "Full name"),
    "grade": ("Calificación", "Grade"),
    "max_grade": ("Calificación máxima", "Maximum grade", "Maximum Grade"),
    "modified": ("Última modificación (calificación)", "Last modified (grade)"),
    "comments": ("Comentarios de retroalimentación", "Feedback comments"),
}
REQUIRED = ("identifier", "grade", "modified")
IDENTIFIER = re.compile(r"^\s*Participant(?:e)?\s*(\d+)\s*$")


class WorksheetError(ValueError):
    """The worksheet cannot be filled in; the message names the file and what is wrong."""


@dataclass
class Worksheet:
    """A worksheet as read (``table``: its rows, the header first, and how it was written)."""

    table: Table
    columns: dict  # column key of HEADERS -> index

    def participant(self, row) -> str | None:
        """The participant id of ``row``, or ``None`` for a row without one."""
        index = self.columns["identifier"]
        found = IDENTIFIER.match(row[index]) if index < len(row) else None
        return found[1] if found else None

    def max_grade(self) -> float | None:
        """The assignment's maximum grade, from the first readable *Calificación máxima*."""
        index = self.columns.get("max_grade")
        cells = (row[index] for row in self.table.rows[1:] if index is not None and index < len(row))
        return next((grade for grade in map(_grade_of, cells) if grade is not None), None)


@dataclass
class WorksheetExport:
    """What was written: the worksheet, the participants it grades, and those it could not."""

    path: Path
    filled: list = field(default_factory=list)  # participant ids graded in the worksheet
    not_in_worksheet: list = field(default_factory=list)  # graded, but the worksheet has no row for them
    without_submission: list = field(default_factory=list)  # worksheet rows left as they were
    replaced: list = field(default_factory=list)  # (participant, the grade the worksheet held) now changed
    repeated: list = field(default_factory=list)  # participants with more than one row, each filled
    max_grade: float | None = None


def read_worksheet(path: Path) -> Worksheet:
    """The worksheet at ``path``, checked: Moodle's columns for an import are there."""
    path = Path(path)
    if not path.is_file():
        raise WorksheetError(f"grading worksheet {path} not found")
    try:
        table = read_table(path.read_bytes())
    except ValueError as error:
        raise WorksheetError(f"grading worksheet {path}: {error}") from None
    if not table.rows:
        raise WorksheetError(f"grading worksheet {path} is empty; download it from the assignment "
                             "(Calificación → Descargar hoja de calificaciones)")
    header = [name.strip() for name in table.rows[0]]
    columns = {key: header.index(name) for key, names in HEADERS.items() for name in names if name in header}
    missing = [HEADERS[key][0] for key in REQUIRED if key not in columns]
    if missing:
        raise WorksheetError(f"grading worksheet {path} lacks Moodle's columns {', '.join(missing)} (or their English "
                             f"names); found {', '.join(repr(name) for name in header)}")
    worksheet = Worksheet(table, columns)
    if worksheet.max_grade() is None:
        raise WorksheetError(f"grading worksheet {path} has no number in its column {HEADERS['max_grade'][0]} (or "
                             f"{HEADERS['max_grade'][1]}): the points cannot be turned into the assignment's grade. "
                             "Grade the assignment with points (Tipo: Puntuación), not a scale, and download its "
                             "worksheet again")
    return worksheet


def new_worksheet(students, max_total: float) -> Worksheet:
    """A worksheet with Moodle's Spanish columns and a row per student (``report.StudentResult``),
    for ``max_total`` points, its grades and comments empty."""
    keys = ("identifier", "full_name", "grade", "max_grade", "modified", "comments")
    rows = [[HEADERS[key][0] for key in keys]] + [
        [f"Participante{student.student_id}", student.student_name, "", _number(max_total), "-", ""]
        for student in students]
    return Worksheet(Table(rows), {key: index for index, key in enumerate(keys)})


def write_worksheet(batch, *, given: Path | None = None) -> WorksheetExport:
    """Write ``moodle-hoja.csv`` into the folder of ``batch`` (a ``report.BatchOutput``): the
    worksheet ``given`` filled in, or a new one."""
    worksheet = read_worksheet(given) if given else new_worksheet(batch.students, sum(batch.max_scores.values()))
    students = {student.student_id: student for student in batch.students}
    export = WorksheetExport(batch.folder / WORKSHEET_CSV, max_grade=worksheet.max_grade())
    rows = worksheet.table.rows
    rows_of = {}
    for row in rows[1:]:
        rows_of.setdefault(worksheet.participant(row), []).append(row)
    rows_of.pop(None, None)
    written_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    columns = worksheet.columns
    for participant, participant_rows in rows_of.items():
        student = students.get(participant)
        if student is None:
            export.without_submission.append(participant)
            continue
        grade = _number(student.total / (student.max_total or 1) * export.max_grade)
        for row in participant_rows:
            row += [""] * (len(rows[0]) - len(row))
            before = row[columns["grade"]].strip()
            if _grade_of(before) not in (None, float(grade)):
                export.replaced.append((participant, before))
            row[columns["grade"]] = grade
            row[columns["modified"]] = written_at
            if "comments" in columns:
                row[columns["comments"]] = feedback_text(student, batch.max_scores)
        export.filled.append(participant)
        if len(participant_rows) > 1:
            export.repeated.append(participant)
    export.not_in_worksheet = [student.student_id for student in batch.students if student.student_id not in rows_of]
    write_bytes(export.path, worksheet.table.text().encode(worksheet.table.encoding, errors="replace"))
    return export


def _grade_of(cell: str) -> float | None:
    """The grade a worksheet's cell holds, or ``None`` when it holds none."""
    try:
        return float(cell.replace(" ", "").replace(",", "."))
    except ValueError:
        return None


def _number(value: float) -> str:
    """A grade as Moodle reads it in every language."""
    return f"{value:.2f}"
