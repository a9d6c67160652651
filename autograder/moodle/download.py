"""Moodle's *Descargar todas las entregas*: recognise it, unpack it, and find each participant's
submission in it.

Moodle names every file of the download after its participant (``mod/assign/classes/downloader.php``,
``get_student_prefix``): the full name with ``_`` turned into spaces, ``_``, the participant id (the
same id the grading worksheet and the feedback zip use), then the submission plugin. In folders,
the default (``Ana Pérez_123456_assignsubmission_file/iris.ipynb``; Moodle 4.0 and older end the
folder's name with one more ``_``), or flat (``Ana Pérez_123456_assignsubmission_file_iris.ipynb``).
With blind marking the name is "Participante" ("Participant" in English); with team submissions the
group's name and a ``-`` come first (``Grupo A-Ana Pérez``). Students who submitted nothing have no
entry at all.

A participant's submission is their notebook or Otter export zip, a zip with a notebook at its
root (the newest, when there are several; the others are superseded); every other file, a zip of
anything else among them, is reported, never graded. A participant with no notebook nor export
zip has their newest file graded, which grading reports as invalid. A file the download's zip
cannot give back (damaged, or a name this system cannot write) is reported too, and the rest
unpacked.
"""

import os
import re
import shutil
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..engine.submission import root_notebooks
from ..submissions import Found, OtherFile, Submission, newest_last, submitted_at

# One path segment: the participant's prefix, the plugin, and (flat layout) the file's own name.
ENTRY = re.compile(r"^(?P<name>[^_/]*)_(?P<participant>\d+)_(?P<plugin>assignsubmission_[a-z]+)(?:_(?P<file>.*))?$",
                   re.DOTALL)
MAX_UNPACKED_BYTES = 4 * 2**30  # a download bigger than this once unpacked is refused (a zip bomb)


class MoodleDownloadError(ValueError):
    """The download cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Entry:
    """What a path segment of the download says: whose it is, which plugin, which file (flat)."""

    name: str
    participant: str
    plugin: str
    file: str  # the file's own name in the flat layout; "" for a participant's folder


def parse(segment: str) -> Entry | None:
    """The ``Entry`` a file or folder name of the download stands for, or ``None``."""
    found = ENTRY.match(segment)
    if not found:
        return None
    return Entry(found["name"].strip(), found["participant"], found["plugin"], found["file"] or "")


def is_download(path: Path) -> bool:
    """Whether ``path`` (a zip, or a folder holding an unzipped download) is a Moodle download:
    some entry at its top is named as Moodle names a participant's files."""
    path = Path(path)
    if path.is_dir():
        return any(parse(child.name) for child in path.iterdir())
    if not zipfile.is_zipfile(path):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return any(parse(name.split("/", 1)[0]) for name in archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def unpack(archive_path: Path, folder: Path) -> tuple[Path, list]:
    """Unpack the download ``archive_path`` into ``folder`` (emptied first: it holds the last
    download only), keeping each file's time; refuse paths that leave the folder and a download
    too big once unpacked. Return the folder and a ``submissions.OtherFile`` for each file that
    could not be unpacked (the others are)."""
    archive_path, folder = Path(archive_path), Path(folder)
    try:
        archive = zipfile.ZipFile(archive_path)
    except (zipfile.BadZipFile, OSError) as error:
        raise MoodleDownloadError(f"{archive_path} cannot be read as a zip ({error})") from None
    failed = []
    with archive:
        members = archive.infolist()
        size = sum(member.file_size for member in members)
        if size > MAX_UNPACKED_BYTES:
            raise MoodleDownloadError(f"{archive_path} unpacks to {size / 2**30:.1f} GB, more than "
                                      f"{MAX_UNPACKED_BYTES / 2**30:.0f} GB: not a download of notebooks")
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        root = folder.resolve()
        for member in members:
            target = (folder / member.filename).resolve()
            if root not in target.parents:
                raise MoodleDownloadError(f"{archive_path}: the entry {member.filename!r} would be written outside "
                                          "the folder it is unpacked into")
            try:
                _extract(archive, member, target)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as error:
                entry = parse(member.filename.split("/", 1)[0])
                failed.append(OtherFile(entry.participant if entry else "", entry.name if entry else "",
                                        folder / member.filename,
                                        f"no se pudo extraer del zip de la descarga ({type(error).__name__}: {error})"))
    return folder, failed


def _extract(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path):
    """Write ``member`` at ``target`` with the member's time (when it is a real date)."""
    if member.is_dir():  # a participant's folder with nothing in it
        target.mkdir(parents=True, exist_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with archive.open(member) as source, open(target, "wb") as destination:
            shutil.copyfileobj(source, destination)
    except BaseException:
        target.unlink(missing_ok=True)  # nothing half-written is graded
        raise
    try:
        stamp = datetime(*member.date_time).timestamp()
    except ValueError:  # a zero date: the file keeps the time it was unpacked
        return
    os.utime(target, (stamp, stamp))


def collect(folder: Path) -> Found:
    """The submissions of the unzipped download in ``folder`` (see the module's rules)."""
    files = {}  # participant id -> (name, its first entry, [its files])
    download = Found()
    for child in sorted(Path(folder).iterdir()):
        if _hidden(child.name):
            continue
        entry = parse(child.name)
        if entry is None:
            download.others.append(OtherFile("", "", child, "no es una entrega de Moodle (su nombre no tiene el "
                                                          "prefijo «Nombre_id_assignsubmission_…»)"))
            continue
        _, _, paths = files.setdefault(entry.participant, (entry.name, child, []))
        if child.is_dir():
            paths += [path for path in sorted(child.rglob("*"))
                      if path.is_file() and not any(_hidden(part) for part in path.relative_to(child).parts)]
        elif child.is_file():
            paths.append(child)
    for participant, (name, first_entry, paths) in sorted(files.items(), key=lambda item: int(item[0])):
        _choose(download, participant, name, first_entry, paths)
    return download


def _hidden(name: str) -> bool:
    """Files Moodle's own zip import skips (``importziplib.php``), and macOS's folder of them."""
    return name.startswith((".", "~")) or name == "__MACOSX"


def _choose(download: Found, participant: str, name: str, first_entry: Path, paths: list):
    if not paths:
        download.others.append(OtherFile(participant, name, first_entry, "la entrega no tiene archivos"))
        return
    candidates = [path for path in paths if _submission_file(path)] or paths
    newest_last(download, [Submission(path, participant, submitted_at(path), name) for path in candidates])
    download.others += [OtherFile(participant, name, path, "no es un cuaderno (.ipynb) ni un zip de exportación")
                        for path in paths if path not in candidates]


def _submission_file(path: Path) -> bool:
    """Whether ``path`` is a notebook, or a zip with a notebook where Otter's export puts it."""
    suffix = path.suffix.lower()
    if suffix == ".ipynb":
        return True
    if suffix != ".zip":
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return bool(root_notebooks(archive))
    except (zipfile.BadZipFile, OSError):
        return False
