"""Start a command isolated from the grader: as another user (root), or in user namespaces (any user).

The engine runs the student's kernel through this launcher::

    python -I -S launcher.py --parent PID --home AREA (--uid U --gid G | --userns)
                             [--view ROOT --show PATH ...] -- COMMAND...

As root (``--uid``/``--gid``), with ``--view`` the command gets a mount namespace of its own whose
root is a fresh, read-only tmpfs holding only the ``--show`` paths (read-only binds: the system's
programs and libraries, the Python environment) and the sandbox's ``--home`` area (read-write, at
the same path), a private ``/tmp``, ``/var/tmp`` and ``/dev/shm``, a ``/proc`` that hides other
users' processes, and no network. Then the launcher drops every privilege (supplementary groups,
group, user; no new privileges may be gained through set-user-id programs), sets a private umask
and resource limits, and execs ``COMMAND``.

As any other user (``--userns``), the same view is built inside new user, mount, PID, network, IPC
and UTS namespaces (the user keeps its own uid, mapped to itself, and loses every capability when
``COMMAND`` is executed); the launcher's child is the PID namespace's first process, a reaper
whose death ends every process of the namespace, so nothing the command starts can see, signal or
outlive the grader.

Either way the launcher dies with ``--parent`` (the engine; ``PR_SET_PDEATHSIG``). Only the
standard library is imported, so that nothing on disk the student could have written runs first.
"""

import argparse
import ctypes
import os
import resource
import signal
import sys

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 1024, 2048, 1 << 21
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
# A bind mount keeps its source's flags: a user namespace may not clear them (``statvfs`` names them).
KEPT_FLAGS = {os.ST_NOSUID: MS_NOSUID, os.ST_NODEV: MS_NODEV, os.ST_NOEXEC: MS_NOEXEC, os.ST_NOATIME: MS_NOATIME,
              os.ST_NODIRATIME: MS_NODIRATIME, os.ST_RELATIME: MS_RELATIME}
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 1, 4, 38
MAX_PROCESSES = 512
SCRATCH_SIZES = {"/tmp": "1g", "/var/tmp": "1g", "/dev/shm": "256m"}

_libc = ctypes.CDLL(None, use_errno=True)


def _call(name, *args):
    if getattr(_libc, name)(*args) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{name}: {os.strerror(error)}")


def _prctl(option, value):
    _call("prctl", option, ctypes.c_ulong(value), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0))


def _mount(source, target, fstype=None, flags=0, data=None):
    encode = (lambda text: text.encode() if text is not None else None)
    try:
        _call("mount", encode(source), encode(target), encode(fstype), ctypes.c_ulong(flags), encode(data))
    except OSError as error:
        raise OSError(error.errno, f"mount {source or ''} {target}: {error.strerror}") from None


def _bind(source, target, *, writable=False):
    """Bind ``source`` at ``target`` (both absolute), read-only unless ``writable``."""
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "a").close()
    _mount(source, target, None, MS_BIND | MS_REC)
    kept = os.statvfs(target).f_flag
    flags = MS_REMOUNT | MS_BIND | MS_NOSUID | (0 if writable else MS_RDONLY)
    flags |= sum(flag for mask, flag in KEPT_FLAGS.items() if kept & mask)
    _mount(None, target, None, flags)


def _scratch(target, size):
    os.makedirs(target, exist_ok=True)
    _mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, f"mode=1777,size={size}")


def _inside(root, path):
    return os.path.join(root, path.lstrip("/"))


def mount_view(root, shown, home):
    """Build the view under ``root`` (an empty directory) in this mount namespace: private scratch
    folders first, so that a shown path under ``/tmp`` (an environment there) is bound inside them."""
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=16m")
    for scratch in ("/tmp", "/var/tmp"):
        _scratch(_inside(root, scratch), SCRATCH_SIZES[scratch])
    for path in sorted(set(shown)):
        if os.path.islink(path) and os.path.dirname(path) == "/":
            os.symlink(os.readlink(path), _inside(root, path))  # /lib -> usr/lib on merged-usr systems
        elif os.path.exists(path):
            _bind(os.path.realpath(path), _inside(root, path))
    _bind("/dev", _inside(root, "/dev"), writable=True)
    _scratch(_inside(root, "/dev/shm"), SCRATCH_SIZES["/dev/shm"])
    _bind(home, _inside(root, home), writable=True)
    os.makedirs(_inside(root, "/proc"), exist_ok=True)


def seal_view(root):
    """Make the view's root read-only and enter it."""
    _mount(None, root, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    os.chroot(root)
    os.chdir("/")


def enter_view_as_root(root, shown, home):
    """As root: a mount namespace holding only what is shown, without network."""
    _call("unshare", CLONE_NEWNS)
    try:
        _call("unshare", CLONE_NEWNET)  # no network, loopback included; the kernel talks over files
    except OSError:
        pass
    mount_view(root, shown, home)
    try:
        _mount("proc", _inside(root, "/proc"), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2")
    except OSError:
        _bind("/proc", _inside(root, "/proc"), writable=True)
    seal_view(root)


def enter_user_namespaces():
    """New user (this uid and gid mapped to themselves), mount, PID, network, IPC and UTS namespaces."""
    uid, gid = os.getuid(), os.getgid()
    _call("unshare", CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS)
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as file:
            file.write(text)


def set_limits():
    """No new privileges, a private umask, no core files, a cap on processes."""
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    os.umask(0o077)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NPROC, (MAX_PROCESSES, MAX_PROCESSES))


def drop_privileges(uid, gid):
    """Become ``uid``/``gid`` for good, with no supplementary groups and no way back up."""
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # a change of user clears it
    set_limits()
    if os.getuid() == 0 or os.geteuid() == 0:
        raise OSError("the launcher is still root")


def run_as_init(root, start_dir, command):
    """Fork the PID namespace's first process: it mounts the namespace's ``/proc``, enters the view,
    runs ``command`` as its child and reaps every orphan until that child ends; its exit status is
    the command's. The namespace ends with it (every process in it is killed)."""
    init = os.fork()
    if init:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _, status = os.waitpid(init, 0)
        os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a reaper with a handler would die of an interrupt
    try:
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        _prctl(PR_SET_DUMPABLE, 0)  # the command, the same user, cannot trace the reaper
        _mount("proc", _inside(root, "/proc"), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        seal_view(root)
        os.chdir(start_dir)  # the same path inside the view
        set_limits()
        child = os.fork()
        if child == 0:
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.execv(command[0], command)
        while True:
            pid, status = os.wait()
            if pid == child:
                os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
    except BaseException as error:  # noqa: BLE001 - the engine reads why from standard error
        print(f"launcher: {error}", file=sys.stderr, flush=True)
        os._exit(125)


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parent", type=int, required=True, help="the process this one dies with")
    parser.add_argument("--uid", type=int, default=None)
    parser.add_argument("--gid", type=int, default=None)
    parser.add_argument("--userns", action="store_true", help="not root: isolate in user namespaces")
    parser.add_argument("--home", required=True)
    parser.add_argument("--chown", action="append", default=[], help="files to give the user first")
    parser.add_argument("--view", default=None, help="an empty directory to build the view in")
    parser.add_argument("--show", action="append", default=[])
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.command[:1] == ["--"]:
        args.command = args.command[1:]
    if not args.command:
        parser.error("no command")
    if args.userns == (args.uid is not None) or (args.uid is None) != (args.gid is None):
        parser.error("either --uid and --gid (as root) or --userns")
    if args.userns and not args.view:
        parser.error("--userns needs --view")
    return args


def main(argv=None):
    args = parse(sys.argv[1:] if argv is None else argv)
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != args.parent:
        raise SystemExit("launcher: the engine that started it is gone")
    home = os.path.realpath(args.home)
    start_dir = os.getcwd()
    if args.userns:
        enter_user_namespaces()
        mount_view(args.view, args.show, home)
        run_as_init(args.view, start_dir, args.command)
    for path in args.chown:
        os.chown(path, args.uid, args.gid)
    if args.view:
        enter_view_as_root(args.view, args.show, home)
    drop_privileges(args.uid, args.gid)
    os.chdir(start_dir)  # the same path inside the view
    os.execv(args.command[0], args.command)


if __name__ == "__main__":
    try:
        main()
    except OSError as error:
        raise SystemExit(f"launcher: {error}") from None
