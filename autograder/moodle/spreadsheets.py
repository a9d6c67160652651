"""CSV files as TAs save them from Moodle or a spreadsheet: read with the encoding, separator and
line ends they were written with, so that a file filled in can be written back the same way."""

import csv
import io
from dataclasses import dataclass

SEPARATORS = ",;\t:"  # Moodle's upload forms offer these four


@dataclass
class Table:
    rows: list  # lists of cells, the header first; empty for an empty file
    encoding: str = "utf-8"  # "utf-8-sig" when the file starts with a byte-order mark
    delimiter: str = ","
    newline: str = "\n"

    def text(self) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=self.delimiter, lineterminator=self.newline).writerows(self.rows)
        return buffer.getvalue()


def read_table(data: bytes) -> Table:
    """The table in ``data``: UTF-8 (with or without a byte-order mark) or Windows-1252, separated
    by whichever of ``SEPARATORS`` its first line holds most (a comma when none). Raises
    ``ValueError`` for bytes that are neither encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("it is UTF-16 text (a spreadsheet's «Texto Unicode»): save it again as CSV (UTF-8)")
    for encoding in ("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValueError("it is neither UTF-8 nor Windows-1252 text: save it again as CSV (UTF-8)")
    if not text.strip():
        return Table([], encoding)
    delimiter = max(SEPARATORS, key=text.splitlines()[0].count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return Table(rows, encoding, delimiter, "\r\n" if "\r\n" in text else "\n")
