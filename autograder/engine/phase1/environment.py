"""The Python environment the grader imports from, watched for changes a notebook could make.

When grading does not run as root, the notebook runs as the grader's own user and could rewrite
the installed packages (an edited module, a ``.pth`` file, a ``sitecustomize.py``), poisoning the
evaluation and every later submission. That cannot be prevented without root, so it is detected:
a ``Fingerprint`` records the status of every file and folder of the environment (inode, size,
mode, modification and change times; the change time moves on every write and cannot be set back
by an unprivileged user), and two fingerprints differ exactly when something was written, added,
removed or renamed there. ``audit`` checks, when grading as root without a read-only view, that the
sandbox's user cannot write anything there.
"""

import hashlib
import os
import site
import stat
import sys
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path

MAX_LISTED = 5


def _venv_config() -> Path | None:
    executable_dir = Path(os.path.abspath(sys.executable)).parent
    for candidate in (executable_dir / "pyvenv.cfg", executable_dir.parent / "pyvenv.cfg"):
        if candidate.is_file():
            return candidate
    return None


def environment_prefix() -> str:
    """The environment's prefix, a virtual environment's too when ``site`` did not run (``-S``)."""
    config = _venv_config()
    return str(config.parent) if config is not None else sys.prefix


def package_folders() -> list:
    """The environment's package folders as ``site`` would add them, without running any ``.pth``
    file: what a process started with ``-I -S`` appends to ``sys.path``."""
    prefix = environment_prefix()
    config = _venv_config()
    scheme = "venv" if config is not None else None  # Debian patches the default scheme of /usr
    paths = sysconfig.get_paths(scheme or sysconfig.get_default_scheme(), vars={"base": prefix, "platbase": prefix})
    folders = [paths["purelib"], paths["platlib"]]
    if config is not None and "include-system-site-packages = true" in config.read_text().lower():
        folders += site.getsitepackages([sys.base_prefix])
    return [path for path in dict.fromkeys(folders) if os.path.isdir(path)]


def environment_roots(extra=()) -> list:
    """The folders and files the grader imports from (the environment, the standard library, the
    interpreter), plus ``extra``; none inside another."""
    candidates = [environment_prefix(), os.path.realpath(sys.executable)]
    library = sysconfig.get_config_var("LDLIBRARY")
    if library and sysconfig.get_config_var("LIBDIR"):
        candidates.append(os.path.join(sysconfig.get_config_var("LIBDIR"), library))  # a shared libpython
    paths = sysconfig.get_paths()
    candidates += [paths["stdlib"], paths["platstdlib"], *package_folders()]
    candidates += [str(path) for path in extra]
    roots = sorted({os.path.realpath(path) for path in candidates if os.path.exists(path)})
    return [root for root in roots
            if not any(root != other and root.startswith(other.rstrip(os.sep) + os.sep) for other in roots)]


def _listing(folder):
    """``{name: lstat result}`` of a folder's entries (empty when it cannot be read)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return {}
    listing = {}
    for entry in entries:
        try:
            listing[entry.name] = entry.stat(follow_symlinks=False)
        except OSError:
            pass
    return listing


def _folder_entry(listing) -> tuple:
    """``(digest, names)`` of a folder's entries: one digest of every name and status, and the
    names themselves (to tell what was added or removed)."""
    statuses = sorted((name, info.st_ino, info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_uid)
                      for name, info in listing.items())
    digest = hashlib.blake2b(repr(statuses).encode("utf-8", "surrogateescape"), digest_size=16).digest()
    return digest, "\0".join(status[0] for status in statuses)


def _other_package_folders(roots) -> set:
    """Package folders inside the roots that this environment does not import from (the base
    interpreter's own site-packages, under its standard library)."""
    ours = {os.path.realpath(path) for path in package_folders()}
    return {os.path.join(root, name) for root in roots if os.path.isdir(root)
            for name in ("site-packages", "dist-packages")
            if os.path.isdir(os.path.join(root, name)) and os.path.realpath(os.path.join(root, name)) not in ours}


def walk(roots):
    """``(path, lstat result)`` of every root and everything under it, links not followed."""
    pending = []
    for root in roots:
        try:
            info = os.lstat(root)
        except OSError:
            continue
        yield root, info
        if stat.S_ISDIR(info.st_mode):
            pending.append(root)
    while pending:
        folder = pending.pop()
        for name, info in _listing(folder).items():
            yield os.path.join(folder, name), info
            if stat.S_ISDIR(info.st_mode):
                pending.append(os.path.join(folder, name))


ROOTS = "\0roots"  # the pseudo-folder that holds the roots themselves
# Folders no grading process imports from: C headers, packages' own test suites.
UNIMPORTED = frozenset({"include", "tests", "test"})


# Python names this clock from 3.13 on; Linux has had it, with this id, since 2.6.32.
LINUX_CLOCK_REALTIME_COARSE = 5


def _file_clock_ns() -> int:
    """Now, on the clock file change times are taken from (Linux's coarse clock lags the precise
    one by up to a tick: a file changed just after this moment never looks older than it)."""
    coarse = getattr(time, "CLOCK_REALTIME_COARSE", LINUX_CLOCK_REALTIME_COARSE if sys.platform == "linux" else None)
    return time.clock_gettime_ns(coarse) if coarse is not None else time.time_ns() - 10**9


@dataclass(frozen=True)
class Fingerprint:
    """Every folder under some roots, each as a digest of its entries' names and statuses (and the
    names themselves, to tell what was added or removed), and one digest of them all. ``taken`` is
    when the walk began: an entry changed since has a later change time."""

    folders: dict  # folder -> (digest, "\0".join(sorted names))
    digest: str
    taken_ns: int

    @classmethod
    def of(cls, roots) -> "Fingerprint":
        taken_ns = _file_clock_ns()
        folders = {}
        pending = []
        top = {}
        for root in roots:
            try:
                top[root] = os.lstat(root)
            except OSError:
                continue
            if stat.S_ISDIR(top[root].st_mode):
                pending.append(root)
        folders[ROOTS] = _folder_entry(top)
        other_packages = _other_package_folders(roots)
        while pending:
            folder = pending.pop()
            listing = _listing(folder)
            folders[folder] = _folder_entry(listing)
            pending += [path for name, info in listing.items()
                        if stat.S_ISDIR(info.st_mode) and name not in UNIMPORTED
                        for path in [os.path.join(folder, name)] if path not in other_packages]
        overall = hashlib.sha256()
        for folder in sorted(folders):
            overall.update(folder.encode("utf-8", "surrogateescape") + b"\0" + folders[folder][0])
        return cls(folders, overall.hexdigest(), taken_ns)

    def changes(self, later: "Fingerprint") -> list:
        """What differs in ``later``: ``(kind, path)`` with kind added / removed / modified."""
        found = []
        for folder in sorted(self.folders.keys() | later.folders.keys()):
            before, after = self.folders.get(folder), later.folders.get(folder)
            if before == after or before is None or after is None:
                continue  # a folder that appeared or went is named by its parent's entry
            old, new = (set(entry[1].split("\0")) - {""} for entry in (before, after))
            path = (lambda name: name) if folder == ROOTS else (lambda name: os.path.join(folder, name))
            found += [("added", path(name)) for name in new - old]
            found += [("removed", path(name)) for name in old - new]
            for name in old & new:
                try:
                    changed = os.lstat(path(name)).st_ctime_ns >= self.taken_ns
                except OSError:
                    changed = True
                if changed:
                    found.append(("modified", path(name)))
        return sorted(set(found), key=lambda change: (change[1], change[0]))


def describe(changes) -> str:
    """A Spanish line naming the changed files (the first few, and how many in all)."""
    words = {"added": "creado", "removed": "borrado", "modified": "modificado"}
    # A folder's own entry changes whenever a file inside it is added: name the file, not the folder.
    files = [(kind, path) for kind, path in changes
             if not any(other != path and other.startswith(path + os.sep) for _, other in changes)]
    listed = ", ".join(f"{path} ({words[kind]})" for kind, path in files[:MAX_LISTED])
    more = f" y {len(files) - MAX_LISTED} más" if len(files) > MAX_LISTED else ""
    return f"{listed}{more}"


def restore_advice(paths) -> str:
    """How a TA puts back what a notebook changed (English: it is printed to the TA, not the student)."""
    venv = Path(sys.prefix)
    steps = []
    if any(Path(path).suffix == ".zip" for path in paths):
        steps.append("rebuild the autograder zips (`make build`)")
    python_paths = [path for path in paths if Path(path).suffix != ".zip"]
    if python_paths and sys.prefix != sys.base_prefix and all(Path(path).is_relative_to(venv) for path in python_paths):
        steps.append(f"rebuild the virtual environment (`rm -rf {venv} && make .venv/.installed` in the project)")
    elif python_paths:
        steps.append("reinstall Python and the project's environment (or restore them from a clean copy)")
    return ("to go on, " + " and ".join(steps) + ", then run the same command again (graded submissions "
            "are kept); grade untrusted submissions as root, where notebooks run isolated (README, 'Isolation')")


def writable_by(uid: int, gid: int, roots) -> list:
    """Entries under ``roots`` that ``uid`` (with only group ``gid``) could write or replace."""
    found = []
    for path, info in walk(roots):
        if stat.S_ISLNK(info.st_mode):
            continue
        if info.st_uid == uid or (info.st_gid == gid and info.st_mode & stat.S_IWGRP) or info.st_mode & stat.S_IWOTH:
            found.append(path)
    return found
