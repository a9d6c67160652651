"""Writing files atomically: a reader sees the old file or the new one, never half of one."""

import json
import os
import tempfile
from pathlib import Path


def write_json(path: Path, data):
    """Write ``data`` as JSON, atomically."""
    write_text(path, json.dumps(data, indent=2, ensure_ascii=False))


def write_text(path: Path, text: str):
    """Write ``text`` (UTF-8) atomically."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes):
    """Write ``data`` atomically: a reader sees the old file or the new one, never half of one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
