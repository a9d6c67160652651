"""Isolation of the student's kernel from the grader, for whoever runs it.

As root (Gradescope, a container, CI), each submission being graded at once takes a slot of its own
(a lock under ``LOCK_DIR``), and each slot is a dedicated system user without a login,
``talleres-calif-<n>``, created on first use. The kernel and everything it starts run as that user
(``launcher.py``), with no supplementary groups, from a fresh ``area`` that only root and that
user's group can enter: root owns the area itself (so what the engine writes there cannot be
swapped by the notebook), the user owns the folders it works in; where the system lets root make
mount namespaces, the kernel sees only the system's programs and libraries, the Python environment
and its own directory (the "view"). Before the slot is used and after the notebook ran, every
process of its user is killed and its files in the shared temporary folders are removed, so
nothing of one submission reaches the next.

As any other user on Linux, the kernel runs in user namespaces (``NamespaceSandbox``) with the same
view, through bubblewrap (``bwrap``) where it is installed and the launcher's own ``--userns``
otherwise: its own PID namespace (no process of the grader visible or signalable; every process in
it ends with it), no network, private scratch folders, nothing of the grader's home. Where neither
works (``open_sandbox`` gives ``None``), the notebook runs as the grader's own user and
``environment.py`` detects what it changed instead.
"""

import fcntl
import os
import pwd
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from . import launcher
from .environment import environment_prefix, package_folders
from ..processes import kill_all

USER_PREFIX = "talleres-calif-"
MAX_SLOTS = 64
LOCK_DIR = Path("/run/talleres-calificacion")
SHARED_SCRATCH = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/var/lock")
SYSTEM_PATHS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/usr", "/etc")
AREA_PREFIX = "aislado-"
KILL_ROUNDS = 20
USERADD_ATTEMPTS = 5
LAUNCHER_SOURCE = Path(launcher.__file__).read_text(encoding="utf-8")
NAMESPACE_KINDS = ("bwrap", "unshare")  # in the order ``auto`` tries them
# Inside bubblewrap's namespaces, before the kernel: the launcher's limits (bwrap sets no rlimit).
LIMITED = ("import os, resource, sys; "
           f"resource.setrlimit(resource.RLIMIT_NPROC, ({launcher.MAX_PROCESSES}, {launcher.MAX_PROCESSES})); "
           "resource.setrlimit(resource.RLIMIT_CORE, (0, 0)); os.umask(0o077); os.execv(sys.argv[1], sys.argv[1:])")


class SandboxError(RuntimeError):
    """Root could not set up a sandbox; the message says what to fix."""


@dataclass
class Sandbox:
    """A slot: its user, its lock, the directory the kernel owns and whether it gets a view."""

    user: str
    uid: int
    gid: int
    area: Path
    view: bool
    lock_fd: int
    private_dir: Path

    @property
    def isolation(self) -> str:
        """How the results name this mode."""
        return "usuario y vista" if self.view else "usuario"

    @property
    def owner(self) -> tuple:
        """Who must own what the engine writes for the kernel: ``(uid, gid)``."""
        return self.uid, self.gid

    def launch_prefix(self, chown=()) -> list:
        """The command that runs what follows it as this sandbox's user (``launcher.main``)."""
        command = _launcher_command(self.private_dir, ["--uid", str(self.uid), "--gid", str(self.gid)], self.area)
        command += [f"--chown={path}" for path in chown]
        if self.view:
            command += _view_options(self.private_dir)
        return command + ["--"]

    def own(self, *paths):
        """Give ``paths`` (and everything under them, links not followed) to this sandbox's user."""
        for top in paths:
            for path in [top, *Path(top).rglob("*")]:
                os.chown(path, self.uid, self.gid, follow_symlinks=False)

    def end_processes(self):
        """Kill every process of this sandbox's user, wherever it was started from."""
        end_processes_of(self.uid)

    def close(self):
        """Kill the user's processes, remove its files and its directory, free the slot."""
        try:
            end_processes_of(self.uid)
            remove_files_of(self.uid, self.gid)
            shutil.rmtree(self.area, ignore_errors=True)
        finally:
            os.close(self.lock_fd)


@dataclass
class NamespaceSandbox:
    """Not root: the kernel in user namespaces of its own (``kind``: ``bwrap`` or ``unshare``), seeing
    the same view as root's sandbox; ``area`` is the directory it may write, at the same path."""

    kind: str
    area: Path
    private_dir: Path
    view = True

    @property
    def isolation(self) -> str:
        return f"espacios de nombres ({self.kind})"

    @property
    def owner(self):
        return None  # the kernel is this user: what the engine writes is already its own

    def launch_prefix(self, chown=()) -> list:
        """The command that runs what follows it in this sandbox's namespaces."""
        if self.kind == "bwrap":
            return bwrap_prefix(self.area)
        return _launcher_command(self.private_dir, ["--userns"], self.area) + _view_options(self.private_dir) + ["--"]

    def own(self, *paths):
        pass

    def end_processes(self):
        pass  # the PID namespace ended with its first process, which the engine killed

    def close(self):
        shutil.rmtree(self.area, ignore_errors=True)


def _launcher_command(private_dir: Path, identity: list, home: Path) -> list:
    launcher_path = private_dir / "launcher.py"
    if not launcher_path.is_file():
        launcher_path.write_text(LAUNCHER_SOURCE, encoding="utf-8")
    return [sys.executable, "-I", "-S", "-B", str(launcher_path), "--parent", str(os.getpid()), *identity,
            "--home", str(home)]


def _view_options(private_dir: Path) -> list:
    view_root = Path(tempfile.mkdtemp(prefix="vista-", dir=private_dir))
    return ["--view", str(view_root), *[f"--show={path}" for path in shown_paths()]]


def bwrap_prefix(area: Path) -> list:
    """bubblewrap's command for the view of ``launcher.mount_view``, ending where the command goes."""
    command = [shutil.which("bwrap") or "bwrap", "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent",
               "--new-session", "--cap-drop", "ALL"]
    for scratch in ("/tmp", "/var/tmp"):
        command += ["--size", str(_bytes(launcher.SCRATCH_SIZES[scratch])), "--tmpfs", scratch]
    for path in shown_paths():
        if os.path.islink(path) and os.path.dirname(path) == "/":
            command += ["--symlink", os.readlink(path), path]
        elif os.path.exists(path):
            command += ["--ro-bind", os.path.realpath(path), path]
    command += ["--dev", "/dev", "--size", str(_bytes(launcher.SCRATCH_SIZES["/dev/shm"])), "--tmpfs", "/dev/shm",
                "--proc", "/proc", "--bind", str(area), str(area)]
    return command + ["--", sys.executable, "-I", "-S", "-c", LIMITED]


def _bytes(size: str) -> int:
    return int(size[:-1]) * {"m": 2**20, "g": 2**30}[size[-1]]


def shown_paths() -> list:
    """What the kernel sees in its view: the system's programs and libraries, the Python environment."""
    paths = [path for path in SYSTEM_PATHS if os.path.lexists(path)]
    for prefix in {environment_prefix(), sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}:
        paths.append(prefix)
        paths.append(os.path.realpath(prefix))
    paths.append(os.path.dirname(os.path.realpath(sys.executable)))
    paths += linked_packages()
    return sorted(set(paths))


def linked_packages() -> list:
    """What the environment's package folders link to elsewhere (an environment whose packages are
    links into another's): the other package folder when a target lies in one (one mount rather than
    hundreds), else each target itself, never the folder around it."""
    targets = set()
    for folder in package_folders():
        for entry in os.scandir(folder):
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                parent = os.path.dirname(target)
                if os.path.exists(target):
                    targets.add(parent if os.path.basename(parent) in ("site-packages", "dist-packages") else target)
    return sorted(targets)


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def open_sandbox(private_dir: Path, namespaces: str | None = None) -> Sandbox | NamespaceSandbox | None:
    """A sandbox ready for a notebook: as root a free slot; otherwise the ``namespaces`` kind
    (``bwrap`` or ``unshare``, as ``choose_namespaces`` found working), or ``None`` without it."""
    if not is_root():
        if namespaces is None:
            return None
        if namespaces not in NAMESPACE_KINDS:
            raise SandboxError(f"unknown kind of namespaces {namespaces!r}: expected one of {', '.join(NAMESPACE_KINDS)}")
        area = Path(private_dir) / "cuaderno"
        area.mkdir()
        return NamespaceSandbox(namespaces, area, Path(private_dir))
    LOCK_DIR.mkdir(mode=0o700, exist_ok=True)
    _check_owned_by_root(LOCK_DIR)
    for slot in range(MAX_SLOTS):
        lock_fd = os.open(LOCK_DIR / f"{slot}.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(lock_fd)
            continue
        try:
            return _prepare(slot, lock_fd, Path(private_dir))
        except BaseException:
            os.close(lock_fd)
            raise
    raise SandboxError(f"all {MAX_SLOTS} grading slots are busy")


def choose_namespaces(requested: str = "auto") -> tuple:
    """Not root: ``(kind, problems)``, the first kind of ``requested`` (``auto``: bwrap, then
    unshare; ``none``: neither) that runs Python here, and why each one tried did not."""
    kinds = {"auto": NAMESPACE_KINDS, "none": ()}.get(requested, (requested,))
    problems = {}
    for kind in kinds:
        problems[kind] = namespace_problem(kind)
        if not problems[kind]:
            return kind, problems
    return None, problems


def namespace_problem(kind: str) -> str:
    """Why ``python -c pass`` does not run in a ``kind`` sandbox here ("" when it does)."""
    if kind not in NAMESPACE_KINDS:
        return f"unknown kind of namespaces {kind!r}: expected one of {', '.join(NAMESPACE_KINDS)}"
    if kind == "bwrap" and not shutil.which("bwrap"):
        return "bwrap is not installed (Debian and Ubuntu: apt install bubblewrap)"
    with tempfile.TemporaryDirectory(prefix="sonda-") as private:
        sandbox = open_sandbox(Path(private), kind)
        return _run_probe(sandbox.launch_prefix(), cwd=sandbox.area)


def _run_probe(prefix: list, cwd: Path) -> str:
    """Why ``python -c pass`` failed behind ``prefix`` (its own words), or "" when it ran."""
    try:
        done = subprocess.run([*prefix, sys.executable, "-I", "-S", "-c", "pass"], capture_output=True, text=True,
                              timeout=60, cwd=cwd)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"{type(error).__name__}: {error}"
    if done.returncode == 0:
        return ""
    said = " ".join((done.stderr or done.stdout).split())[-400:]
    return f"exit status {done.returncode}" + (f": {said}" if said else "")


def _prepare(slot, lock_fd, private_dir) -> Sandbox:
    user = f"{USER_PREFIX}{slot}"
    account = ensure_user(user)
    end_processes_of(account.pw_uid)
    remove_files_of(account.pw_uid, account.pw_gid)
    view = view_available(private_dir)
    if not view:
        check_runnable(private_dir)
    area = Path(tempfile.mkdtemp(prefix=AREA_PREFIX))
    os.chown(area, 0, account.pw_gid)
    os.chmod(area, 0o710)
    return Sandbox(user, account.pw_uid, account.pw_gid, area, view, lock_fd, private_dir)


def ensure_user(name: str):
    """The account ``name``, created as a system user with no home, login or password if missing
    (``useradd`` is retried: two engines may be creating their users at once)."""
    useradd = shutil.which("useradd") or "/usr/sbin/useradd"
    error = ""
    for attempt in range(USERADD_ATTEMPTS):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            pass
        try:
            done = subprocess.run([useradd, "--system", "--user-group", "--no-create-home", "--home-dir",
                                   "/nonexistent", "--shell", "/usr/sbin/nologin", name], capture_output=True, text=True)
        except FileNotFoundError:
            raise SandboxError(f"cannot create the grading user {name}: no useradd on this system") from None
        error = done.stderr.strip()
        time.sleep(0.2 * (attempt + 1))
    try:
        return pwd.getpwnam(name)
    except KeyError:
        raise SandboxError(f"cannot create the grading user {name}: {error}") from None


_PROBES = {}


def view_available(private_dir: Path) -> bool:
    """Whether this system lets root give the kernel a view of its own (tried once per process)."""
    return not view_problem(private_dir)


def view_problem(private_dir: Path) -> str:
    """Why root cannot give the kernel a view here, in the launcher's words ("" when it can)."""
    if "view" not in _PROBES:
        _PROBES["view"] = _probe(private_dir, view=True)
    return _PROBES["view"]


def check_runnable(private_dir: Path):
    """Without a view, the sandbox's users must be able to run this Python; ``SandboxError`` if not."""
    if "plain" not in _PROBES:
        _PROBES["plain"] = _probe(private_dir, view=False)
    if _PROBES["plain"]:
        raise SandboxError(f"the unprivileged grading users cannot run {sys.executable} ({_PROBES['plain']}; is it "
                           "under a folder only root can enter, such as /root?): install the Python environment "
                           "where every user can read and run it, as the autograder's setup.sh does")


def _probe(private_dir: Path, *, view: bool) -> str:
    """Why ``python -c pass`` does not run through the launcher as the user ``nobody`` ("" if it does)."""
    probe_home = Path(tempfile.mkdtemp(prefix="sonda-"))
    try:
        account = pwd.getpwnam("nobody")
        uid, gid = account.pw_uid, account.pw_gid
    except KeyError:
        uid, gid = 65534, 65534
    os.chown(probe_home, uid, gid)
    command = _launcher_command(private_dir, ["--uid", str(uid), "--gid", str(gid)], probe_home)
    try:
        return _run_probe([*command, *(_view_options(private_dir) if view else []), "--"], cwd=probe_home)
    finally:
        shutil.rmtree(probe_home, ignore_errors=True)


def _check_owned_by_root(path: Path):
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != 0 or info.st_mode & 0o077:
        raise SandboxError(f"{path} must be a directory owned by root with mode 0700")


def processes_of(uid: int) -> list:
    found = []
    for process in psutil.process_iter(["uids"]):
        try:
            if process.info["uids"] and uid in tuple(process.info["uids"]):
                found.append(process)
        except psutil.NoSuchProcess:
            pass
    return found


def end_processes_of(uid: int):
    """Kill every process of ``uid`` (a fork that races the kill is caught by the next round)."""
    for _ in range(KILL_ROUNDS):
        found = processes_of(uid)
        if not found:
            return
        kill_all(found, timeout=5)
        time.sleep(0.05)
    if processes_of(uid):
        raise SandboxError(f"processes of uid {uid} survive being killed")


def remove_files_of(uid: int, gid: int | None = None):
    """Remove what ``uid`` left in the shared temporary folders (never following links), and the
    areas of its slot (group ``gid``) that a killed engine could not remove itself."""
    for scratch in dict.fromkeys([tempfile.gettempdir(), *SHARED_SCRATCH]):
        if not os.path.isdir(scratch):
            continue
        for entry in os.scandir(scratch):
            try:
                info = entry.stat(follow_symlinks=False)
                stale_area = (gid is not None and entry.name.startswith(AREA_PREFIX) and info.st_uid == 0
                              and info.st_gid == gid)
                if info.st_uid != uid and not stale_area:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
            except OSError:
                pass
