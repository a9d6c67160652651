"""Each student's feedback as a file on their submission, in one zip for Moodle's *Subir múltiples
archivos de retroalimentación en un zip* (``mod/assign/feedback/file/importziplib.php``).

The import takes, from each file's path, the first part with four ``_``-separated fields whose second
is a participant id and whose third and fourth name an assignment plugin; what follows the fourth
``_`` is the feedback file's name. So each file is named as Moodle's own download names a
participant's files (``Ana Pérez_123456_assignsubmission_file_retroalimentacion-iris.html``: the
name with ``_`` made spaces and the characters ``clean_filename`` drops removed). Files whose names
start with ``.`` or ``~`` are skipped by the import: none does.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import mistune
from markupsafe import escape

from ..engine.atomic import write_bytes

FEEDBACK_ZIP = "moodle-retroalimentacion.zip"
PLUGIN = "assignsubmission_file"
UNSAFE = re.compile(r"[\x00-\x1f\x7f&<>\"`|':\\/]")  # what Moodle's clean_filename (PARAM_FILE) drops
MARKDOWN = mistune.create_markdown(escape=True, plugins=["table"])
PAGE = ('<!DOCTYPE html>\n<html lang="es">\n<head><meta charset="utf-8"><title>{title}</title></head>\n'
        "<body>\n{body}</body>\n</html>\n")


@dataclass
class FeedbackZip:
    path: Path
    students: list = field(default_factory=list)  # participant ids with a feedback file


def prefix(participant: str, name: str) -> str:
    """Moodle's prefix of a participant's files: the name (``Participante`` when there is none, as
    with blind marking) with ``_`` made spaces, ``_``, the participant id."""
    cleaned = UNSAFE.sub("", (name or "Participante").replace("_", " ")).strip()
    return f"{cleaned or 'Participante'}_{participant}"


def file_name(participant: str, name: str, workshop_name: str) -> str:
    """The name of a participant's feedback file in the zip."""
    return f"{prefix(participant, name)}_{PLUGIN}_retroalimentacion-{workshop_name}.html"


def as_html(markdown_text: str, title: str) -> str:
    """A feedback text (Markdown) as a page of its own; what it quotes is escaped."""
    return PAGE.format(title=escape(title), body=MARKDOWN(markdown_text))


def write_feedback_zip(batch) -> FeedbackZip:
    """Write ``moodle-retroalimentacion.zip`` into the folder of ``batch`` (a
    ``report.BatchOutput``), from the feedback files the batch wrote."""
    export = FeedbackZip(batch.folder / FEEDBACK_ZIP)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for student in batch.students:
            feedback = batch.folder / "feedback" / f"{student.student_id}.md"
            if not feedback.is_file():
                continue
            page = as_html(feedback.read_text(encoding="utf-8"), f"Devolución — {batch.workshop.title}")
            archive.writestr(file_name(student.student_id, student.student_name, batch.workshop.name), page)
            export.students.append(student.student_id)
    write_bytes(export.path, buffer.getvalue())
    return export
