"""Start a command as an unprivileged user, seeing only what it needs (run as root, then exec).

The engine runs the student's kernel through this launcher when it grades as root::

    python -I -S launcher.py --uid U --gid G --home AREA [--view ROOT --show PATH ...] -- COMMAND...

With ``--view`` the command gets a mount namespace of its own whose root is a fresh, read-only
tmpfs holding only the ``--show`` paths (read-only binds: the system's programs and libraries, the
Python environment) and the sandbox's ``--home`` area (read-write, at the same path), a private ``/tmp``, ``/var/tmp`` and ``/dev/shm``,
a ``/proc`` that hides other users' processes, and no network. Then, with or without a view, the
launcher drops every privilege (supplementary groups, group, user; no new privileges may be gained
through set-user-id programs), sets a private umask and resource limits, and execs ``COMMAND``.

Only the standard library is imported, so that nothing on disk the student could have written
runs as root.
"""

import argparse
import ctypes
import os
import resource
import sys

CLONE_NEWNS = 0x00020000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_SET_NO_NEW_PRIVS = 38
MAX_PROCESSES = 512

_libc = ctypes.CDLL(None, use_errno=True)


def _call(name, *args):
    if getattr(_libc, name)(*args) != 0:
        error = ctypes.get_errno()
        raise OSError(error, f"{name}: {os.strerror(error)}")


def _mount(source, target, fstype=None, flags=0, data=None):
    encode = (lambda text: text.encode() if text is not None else None)
    _call("mount", encode(source), encode(target), encode(fstype), ctypes.c_ulong(flags), encode(data))


def _bind(source, target, *, writable=False):
    """Bind ``source`` at ``target`` (both absolute), read-only unless ``writable``."""
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "a").close()
    _mount(source, target, None, MS_BIND | MS_REC)
    flags = MS_REMOUNT | MS_BIND | MS_NOSUID | (0 if writable else MS_RDONLY)
    _mount(None, target, None, flags)


def _inside(root, path):
    return os.path.join(root, path.lstrip("/"))


def enter_view(root, shown, home):
    """Make ``root`` (an empty directory) the root of a new mount namespace holding only what is shown."""
    _call("unshare", CLONE_NEWNS)
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    try:
        _call("unshare", CLONE_NEWNET)  # no network, loopback included; the kernel talks over files
    except OSError:
        pass
    _mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=16m")
    for path in sorted(set(shown)):
        if os.path.islink(path) and os.path.dirname(path) == "/":
            os.symlink(os.readlink(path), _inside(root, path))  # /lib -> usr/lib on merged-usr systems
        elif os.path.exists(path):
            _bind(os.path.realpath(path), _inside(root, path))
    for scratch in ("/tmp", "/var/tmp"):
        os.makedirs(_inside(root, scratch), exist_ok=True)
        _mount("tmpfs", _inside(root, scratch), "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=1g")
    _bind("/dev", _inside(root, "/dev"), writable=True)
    _mount("tmpfs", _inside(root, "/dev/shm"), "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=256m")
    os.makedirs(_inside(root, "/proc"), exist_ok=True)
    try:
        _mount("proc", _inside(root, "/proc"), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2")
    except OSError:
        _bind("/proc", _inside(root, "/proc"), writable=True)
    _bind(home, _inside(root, home), writable=True)
    _mount(None, root, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    os.chroot(root)
    os.chdir("/")


def drop_privileges(uid, gid):
    """Become ``uid``/``gid`` for good, with no supplementary groups and no way back up."""
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    _call("prctl", PR_SET_NO_NEW_PRIVS, ctypes.c_ulong(1), ctypes.c_ulong(0), ctypes.c_ulong(0),
          ctypes.c_ulong(0))
    os.umask(0o077)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NPROC, (MAX_PROCESSES, MAX_PROCESSES))
    if os.getuid() == 0 or os.geteuid() == 0:
        raise OSError("the launcher is still root")


def parse(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uid", type=int, required=True)
    parser.add_argument("--gid", type=int, required=True)
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
    return args


def main(argv=None):
    args = parse(sys.argv[1:] if argv is None else argv)
    home = os.path.realpath(args.home)
    start_dir = os.getcwd()
    for path in args.chown:
        os.chown(path, args.uid, args.gid)
    if args.view:
        enter_view(args.view, args.show, home)
    drop_privileges(args.uid, args.gid)
    os.chdir(start_dir)  # the same path inside the view
    os.execv(args.command[0], args.command)


if __name__ == "__main__":
    main()
