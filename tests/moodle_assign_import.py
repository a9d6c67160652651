"""Readers of the two uploads of a Moodle assignment, written from Moodle's source (4.1 and later),
to check that what the batch writes imports as meant.

The grading worksheet (*Subir hoja de calificaciones*), ``mod/assign/feedback/offline``:

- ``importgradeslib.php`` (``init``): the content goes through ``csv_import_reader`` with the
  encoding and separator the TA picks (a byte-order mark dropped); the header must hold, exactly in
  the TA's language, ``get_string('recordid', 'assign')`` (*Identificador*),
  ``get_string('gradenoun')`` (*Calificación*) and ``get_string('lastmodifiedgrade', 'assign')``
  (*Última modificación (calificación)*), else the import is refused (``invalidgradeimport``); a
  feedback plugin's column is the one headed by its name (*Comentarios de retroalimentación*).
  ``csv_import_reader`` refuses a file with a row of another length than the header.
- ``importgradeslib.php`` (``next``): the participant is the identifier with as many bytes cut
  from its start as ``get_string('hiddenuser', 'assign')`` has (``Participante``, or
  ``Participant `` with its space: 12 both); an id of no participant is skipped.
- ``locallib.php`` (``process_import_grades``): the grade goes through ``unformat_float`` (trimmed,
  spaces dropped, the language's decimal separator made ``.``, then PHP's float cast); a grade
  equal to the current one, empty or negative, or above the assignment's maximum is skipped. A row
  is *stale* when the participant's grade record was modified more than 60 s after the row's
  *Última modificación (calificación)*, read by ``importgradeslib.php`` (``next``) with PHP's
  ``strtotime`` (false, so 0, for what it cannot read: a Spanish date, ``-``); unless the TA ticks
  *ignoremodified*, a stale row's grade and feedback are both skipped.

The feedback files zip (*Subir múltiples archivos de retroalimentación en un zip*),
``mod/assign/feedback/file/importziplib.php`` (``is_valid_filename_for_import``): folders and
files whose names start with ``.`` or ``~`` are skipped; the file's path is split into parts, and
the first part that, split on ``_`` (at most 5 fields), has at least 4 fields, a numeric second
field that is a participant and a third and fourth that name a plugin (``assignsubmission`` or
``assignfeedback``) gives the participant; the fifth field and the rest of the path are the
feedback file's name.
"""

import csv
import io
import re
import zipfile
from datetime import datetime

LANGUAGES = {
    "es": {"recordid": "Identificador", "gradenoun": "Calificación", "lastmodifiedgrade": "Última modificación (calificación)",
           "comments": "Comentarios de retroalimentación", "hiddenuser": "Participante", "decsep": ","},
    "en": {"recordid": "Identifier", "gradenoun": "Grade", "lastmodifiedgrade": "Last modified (grade)",
           "comments": "Feedback comments", "hiddenuser": "Participant ", "decsep": "."},
}
PHP_FLOAT_PREFIX = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
PLUGINS = {("assignsubmission", "file"), ("assignsubmission", "onlinetext"), ("assignfeedback", "file"),
           ("assignfeedback", "comments")}


class MoodleImportError(ValueError):
    pass


def unformat_float(text: str, decsep: str):
    """``unformat_float`` of lib/moodlelib.php, not strict: ``None`` for an empty cell."""
    text = text.strip()
    if text == "":
        return None
    text = text.replace(" ", "").replace(decsep, ".")
    found = PHP_FLOAT_PREFIX.match(text)  # PHP's (float) cast reads the longest numeric prefix
    return float(found[0]) if found else 0.0


def strtotime(text: str) -> float:
    """PHP's ``strtotime`` for the dates a worksheet holds: ISO 8601 and Moodle's English date; 0
    (PHP's false, as Moodle uses it) for anything else."""
    text = text.strip()
    for parse in (datetime.fromisoformat, lambda text: datetime.strptime(text, "%A, %d %B %Y, %I:%M %p")):
        try:
            return parse(text).timestamp()
        except ValueError:
            continue
    return 0


def read_worksheet_import(data: bytes, *, language: str, encoding: str, separator: str, participants: set,
                          current: dict, max_grade: float, graded_at: dict | None = None,
                          ignoremodified: bool = False) -> dict:
    """``{participant: (grade or None when skipped, feedback or None when no column or skipped)}`` as
    Moodle imports the worksheet ``data``; ``current`` holds grades the participants already have,
    ``graded_at`` when Moodle last modified the grade records they have (a Unix time)."""
    strings = LANGUAGES[language]
    text = data.decode(encoding).removeprefix("\ufeff")
    rows = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator, quotechar='"') if row]
    header = rows[0]
    if any(len(row) != len(header) for row in rows):
        raise MoodleImportError("csvweirdcolumns")
    for name in ("recordid", "gradenoun", "lastmodifiedgrade"):
        if strings[name] not in header:
            raise MoodleImportError(f"invalidgradeimport: no column {strings[name]!r}")
    id_index, grade_index = header.index(strings["recordid"]), header.index(strings["gradenoun"])
    modified_index = header.index(strings["lastmodifiedgrade"])
    feedback_index = header.index(strings["comments"]) if strings["comments"] in header else None
    cut = len(strings["hiddenuser"].encode("utf-8"))
    imported = {}
    for row in rows[1:]:
        participant = row[id_index].encode("utf-8")[cut:].decode("utf-8")
        if participant not in participants:
            continue
        stale = participant in (graded_at or {}) and graded_at[participant] > strtotime(row[modified_index]) + 60
        if stale and not ignoremodified:
            imported[participant] = (None, None)
            continue
        grade = unformat_float(row[grade_index], strings["decsep"])
        if grade is None or grade < 0 or grade == current.get(participant) or grade > max_grade:
            grade = None
        imported[participant] = (grade, row[feedback_index] if feedback_index is not None else None)
    return imported


def feedback_files(data: bytes, *, participants: set) -> dict:
    """``{participant: [feedback file names]}`` as Moodle imports the zip ``data``."""
    imported = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            name = info.filename.rstrip("/").rsplit("/", 1)[-1]
            if info.is_dir() or name.startswith((".", "~")):
                continue
            parts = info.filename.split("/")
            while parts:
                fields = parts.pop(0).split("_", 4)
                if len(fields) < 4 or not fields[1].isdigit() or fields[1] not in participants:
                    continue
                if (fields[2], fields[3]) not in PLUGINS:
                    continue
                imported.setdefault(fields[1], []).append("/".join([fields[4] if len(fields) == 5 else "", *parts]))
                break
    return imported
