"""A submission's notebook: read from an ``.ipynb`` or an Otter export zip, checked to be a
notebook of the workshop with code in it; ``InvalidSubmission`` (in Spanish) otherwise."""

import json
import zipfile
from pathlib import Path

import nbformat

MAX_NOTEBOOK_BYTES = 50 * 2**20


class InvalidSubmission(ValueError):
    """A submission that cannot be graded; the message says why, in Spanish."""


def find_notebook(submission_dir: Path, workshop_name: str):
    """The notebook of the one submission file in ``submission_dir`` (Gradescope's upload folder)."""
    files = sorted(path for path in Path(submission_dir).iterdir()
                   if path.is_file() and not path.name.startswith("."))
    if not files:
        raise InvalidSubmission("la entrega no tiene archivos")
    candidates = [path for path in files if path.suffix in (".ipynb", ".zip")] or files
    if len(candidates) > 1:
        named = [path for path in candidates if path.name == f"{workshop_name}.ipynb"]
        if len(named) != 1:
            raise InvalidSubmission(
                f"la entrega tiene {len(candidates)} archivos; suba un solo cuaderno (.ipynb) o .zip")
        candidates = named
    return read_notebook(candidates[0], workshop_name)


def read_notebook(path: Path, workshop_name: str):
    """The submission's notebook, checked to be a notebook of ``workshop_name`` with code cells."""
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
    cells = notebook.get("cells", [])
    if not isinstance(cells, list) or not any(
            isinstance(cell, dict) and cell.get("cell_type") == "code" and str(cell.get("source", "")).strip()
            for cell in cells):
        raise InvalidSubmission("el cuaderno no tiene celdas de código")
    metadata = notebook.get("metadata", {})
    otter = metadata.get("otter", {}) if isinstance(metadata, dict) else {}
    assignment = otter.get("assignment_name") if isinstance(otter, dict) else None
    if assignment != workshop_name:
        raise InvalidSubmission(
            f"el cuaderno es del taller '{assignment}', no de '{workshop_name}'" if assignment
            else f"el cuaderno no es el del taller '{workshop_name}' (le falta su identificación)"
        )
    return notebook


def root_notebooks(archive: zipfile.ZipFile) -> list:
    """The names of the notebooks at the root of ``archive``, where Otter's export puts its one."""
    return [name for name in archive.namelist() if name.endswith(".ipynb") and "/" not in name.strip("/")]


def _notebook_from_zip(path: Path) -> bytes:
    try:
        with zipfile.ZipFile(path) as archive:
            notebooks = root_notebooks(archive)
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
