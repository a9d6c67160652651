"""Which results files this grader wrote: each is signed with a key no notebook can read.

A batch resumes by skipping students whose results file matches their submission; a notebook that
wrote such a file itself (and then killed the batch) would get the grade it forged. So the grader
signs every results file it writes (HMAC-SHA256 over the file's name and bytes, in a sidecar
``<name>.firma``) with a key kept in the grader's own home, or as root in a folder only root can
enter, which sandboxed notebooks never see (README, 'Isolation'). A file whose signature is
missing or wrong is not the grader's: the batch grades that student again.
"""

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from .engine.atomic import write_bytes
from .engine.phase1.sandbox import is_root

SUFFIX = ".firma"
KEY_FILE = "clave-resultados"
ROOT_KEY_DIR = Path("/var/lib/talleres")
DOMAIN = b"talleres-resultados-v1\0"


def key_dir() -> Path:
    """Where this user's key lives: root's in ``ROOT_KEY_DIR``, anyone else's in their state folder."""
    if is_root():
        return ROOT_KEY_DIR
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "talleres"


def load_key() -> bytes:
    """This user's signing key, made on first use (readable by this user alone)."""
    folder = key_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / KEY_FILE
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "wb") as file:
            file.write(secrets.token_bytes(32))
    key = path.read_bytes()
    if len(key) != 32:
        raise RuntimeError(f"the results key {path} is damaged ({len(key)} bytes, expected 32): remove it; "
                           "the next batch then regrades every submission")
    return key


def _signature(key: bytes, path: Path, data: bytes) -> str:
    return hmac.new(key, DOMAIN + path.name.encode("utf-8") + b"\0" + data, hashlib.sha256).hexdigest()


def sidecar(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


def write_signed(path: Path, results: dict, key: bytes):
    """Write ``results`` as JSON at ``path`` and its signature beside it."""
    data = json.dumps(results, indent=2, ensure_ascii=False).encode("utf-8")
    write_bytes(path, data)
    write_bytes(sidecar(path), _signature(key, Path(path), data).encode("ascii"))


def is_signed(path: Path, key: bytes) -> bool:
    """Whether ``path`` is a results file this grader wrote, unchanged since."""
    try:
        data, signature = Path(path).read_bytes(), sidecar(path).read_text(encoding="ascii")
    except (OSError, ValueError):
        return False
    return hmac.compare_digest(signature.strip(), _signature(key, Path(path), data))
