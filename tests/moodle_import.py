"""A reader of Moodle's CSV grade import, with the rules Moodle applies (``grade/import/csv``, its
``csv_import_reader`` and ``load_data``), to check that ``moodle.csv`` imports as meant.

- The file is decoded as UTF-8 (the import's default encoding) with a byte-order mark dropped, and
  split with the chosen separator (comma by default) and ``"`` as enclosure.
- The first row names the columns: trimmed, none empty (Moodle lists columns by name in its
  mapping form, so each must be told apart: no name twice).
- Every row has as many fields as the header ("csvweirdcolumns" otherwise).
- "Map from" is one column and "Map to" a user field: every row's value must name exactly one
  user ("usermappingerror" otherwise); no user twice.
- A grade is empty or ``-`` (no grade) or numeric in PHP's ``is_numeric`` sense with ``.`` as
  decimal separator ("badgrade" otherwise), and within the item's range.
"""

import csv
import io
import re

PHP_NUMERIC = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class MoodleImportError(ValueError):
    pass


def read_import(data: bytes, *, map_from: str, users: set, grade_column: str, feedback_column: str,
                max_grade: float) -> dict:
    """``{user: (grade or None, feedback)}`` as Moodle would import ``data``."""
    text = data.decode("utf-8")
    text = text.removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=",", quotechar='"'))
    if not rows:
        raise MoodleImportError("csvemptyfile")
    header = [name.strip() for name in rows[0]]
    if any(not name for name in header):
        raise MoodleImportError("invalidfieldname: an empty column name")
    if len(set(header)) != len(header):
        raise MoodleImportError(f"duplicatefieldname: {header}")
    for column in (map_from, grade_column, feedback_column):
        if column not in header:
            raise MoodleImportError(f"no column {column!r} in {header}")
    imported = {}
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise MoodleImportError(f"csvweirdcolumns: row {number} has {len(row)} fields, the header {len(header)}")
        values = dict(zip(header, (value.strip() for value in row)))
        user = values[map_from]
        if user not in users:
            raise MoodleImportError(f"usermappingerror: row {number}: no user {user!r}")
        if user in imported:
            raise MoodleImportError(f"row {number}: user {user!r} twice")
        grade = values[grade_column]
        if grade in ("", "-"):
            value = None
        elif PHP_NUMERIC.match(grade):
            value = float(grade)
            if not 0 <= value <= max_grade:
                raise MoodleImportError(f"row {number}: grade {grade} outside 0–{max_grade}")
        else:
            raise MoodleImportError(f"badgrade: row {number}: {grade!r}")
        imported[user] = (value, values[feedback_column])
    return imported
