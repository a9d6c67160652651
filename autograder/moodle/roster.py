"""Grades for Moodle's gradebook ("Importar calificaciones → Archivo CSV"), through a roster: the
path for a TA who grades a folder of their own rather than Moodle's download (``download``).

The roster is the TA's CSV with a column ``id`` (the student id this package gives each
submission, README's id rule) and ``email`` and/or ``idnumber`` (what Moodle knows the student by:
its "useremail" or "useridnumber"). Headers are matched without case or accents, with common
aliases (``correo``, ``Email address``, ``ID number``, ``número de id``, …); comma, semicolon or tab
separated; UTF-8 (with or without BOM) or Windows-1252, as spreadsheets save it.

``moodle.csv`` is what Moodle's CSV import reads: UTF-8, comma separated, one header row of unique
names, the same number of fields in every row, one row per roster student with the identifying
columns, the grade (points, ``.`` as decimal separator; empty for a student without a submission:
no grade) and a feedback text. Submissions of students not on the roster cannot be imported: they
go to ``moodle-fuera-de-lista.csv`` and the report lists them.
"""

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..engine.atomic import write_text
from .spreadsheets import Table, read_table

MOODLE_CSV = "moodle.csv"
NOT_ON_ROSTER_CSV = "moodle-fuera-de-lista.csv"
ALIASES = {
    "id": ("id", "student id", "estudiante", "alumno"),
    "email": ("email", "e-mail", "correo", "correo electronico", "email address", "direccion de correo",
              "direccion email", "useremail"),
    "idnumber": ("idnumber", "id number", "numero de id", "useridnumber", "legajo", "cedula", "documento"),
}
MOODLE_HEADERS = {"idnumber": "Número de ID", "email": "Dirección de correo"}


class RosterError(ValueError):
    """The roster cannot be used; the message names the file, the row or column, and what was expected."""


@dataclass(frozen=True)
class RosterEntry:
    student_id: str
    email: str
    idnumber: str


@dataclass
class MoodleExport:
    path: Path
    identifiers: list  # the roster fields written, e.g. ["idnumber", "email"]
    graded: list = field(default_factory=list)  # roster students with a submission
    missing: list = field(default_factory=list)  # roster students without one (empty grade)
    not_on_roster: list = field(default_factory=list)  # submissions of students not on the roster


def _key(header: str) -> str:
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("_", " ").split())


def read_roster(path: Path) -> list:
    """The roster's entries, checked: an ``id`` for every row, no id twice, and one of ``email`` or
    ``idnumber`` filled in for every row."""
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"roster {path} not found")
    try:
        rows = read_table(path.read_bytes()).rows
    except ValueError as error:
        raise RosterError(f"roster {path}: {error}") from None
    if not rows:
        raise RosterError(f"roster {path} is empty; expected a header row with id and email or idnumber")
    header = [_key(name) for name in rows[0]]
    columns = {field_name: next((header.index(alias) for alias in aliases if alias in header), None)
               for field_name, aliases in ALIASES.items()}
    if columns["id"] is None or (columns["email"] is None and columns["idnumber"] is None):
        raise RosterError(f"roster {path}: expected a column id and a column email or idnumber; "
                          f"found {', '.join(repr(name) for name in rows[0]) or 'no columns'}")
    entries, seen = [], {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        value = {name: (row[index].strip() if index is not None and index < len(row) else "")
                 for name, index in columns.items()}
        student_id = value["id"].lower()
        if not student_id:
            raise RosterError(f"roster {path}, row {number}: the id is empty")
        if student_id in seen:
            raise RosterError(f"roster {path}, rows {seen[student_id]} and {number}: the id {student_id!r} twice")
        if not value["email"] and not value["idnumber"]:
            raise RosterError(f"roster {path}, row {number} ({student_id}): neither email nor idnumber")
        seen[student_id] = number
        entries.append(RosterEntry(student_id, value["email"], value["idnumber"]))
    if not entries:
        raise RosterError(f"roster {path} has a header but no students")
    return entries


def _identifiers(entries: list) -> list:
    """The roster fields every student has: Moodle maps users by one column, which must be filled."""
    complete = [name for name in ("idnumber", "email") if all(getattr(entry, name) for entry in entries)]
    if not complete:
        raise RosterError("roster: no column of idnumber or email is filled in for every student; Moodle "
                          "identifies each row by one of them")
    return complete


def feedback_text(student, max_scores: dict) -> str:
    """One line for Moodle's feedback: the points of each question, the status when not ``ok``, and
    the questions to review (below their maximum, ``max_scores``)."""
    questions = ", ".join(f"{question} {points:g}" for question, points in student.scores.items())
    text = f"{student.total:g} / {student.max_total:g} ({questions})"
    if student.status != "ok":
        text += f"; {student.status}: {student.reason}"
    review = [question for question, points in student.scores.items() if points < max_scores.get(question, 0)]
    return f"{text}; repasar: {', '.join(review)}" if review else text


def write_moodle(batch, roster_path: Path) -> MoodleExport:
    """Write ``moodle.csv`` and ``moodle-fuera-de-lista.csv`` into the folder of ``batch`` (a
    ``report.batch_output.BatchOutput``)."""
    entries = read_roster(roster_path)
    identifiers = _identifiers(entries)
    students = {student.student_id: student for student in batch.students}
    export = MoodleExport(batch.folder / MOODLE_CSV, identifiers)
    title = batch.workshop.title
    header = [MOODLE_HEADERS[name] for name in identifiers] + ["Estudiante", title, f"Comentarios: {title}"]
    rows = []
    for entry in entries:
        student = students.get(entry.student_id)
        (export.graded if student else export.missing).append(entry.student_id)
        rows.append([getattr(entry, name) for name in identifiers] + [
            entry.student_id, f"{student.total:g}" if student else "",
            feedback_text(student, batch.max_scores) if student else ""])
    on_roster = {entry.student_id for entry in entries}
    export.not_on_roster = [student.student_id for student in batch.students if student.student_id not in on_roster]
    write_text(export.path, Table([header, *rows]).text())
    write_text(batch.folder / NOT_ON_ROSTER_CSV, Table(
        [["student_id", "submission", "total", "max_total", "status"]]
        + [[s.student_id, s.submission, f"{s.total:g}", f"{s.max_total:g}", s.status]
           for s in batch.students if s.student_id in export.not_on_roster]).text())
    return export
