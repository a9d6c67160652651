"""Process trees: their memory, killing them whole, and running a command within limits."""

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import psutil

from .settings import BUDGET

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
PR_SET_DUMPABLE = 4
_PRCTL = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None) if sys.platform == "linux" else None


def _prctl(option, value):
    if _PRCTL is not None:  # not Linux: nothing to set
        _PRCTL(option, value, 0, 0, 0)


def dies_with_this_process():
    """A ``preexec_fn`` for a child: killed when the thread that starts it ends, this process's
    death included (Linux); if that already happened, it dies at once."""
    parent = os.getpid()

    def preexec():
        if _PRCTL is not None:
            _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            if os.getppid() != parent:
                os.kill(os.getpid(), signal.SIGKILL)
    return preexec


_SUPERVISED = set()  # pids of the commands ``supervise`` is running now
_STARTING = threading.Lock()
_ADOPTING = []


def adopt_orphans():
    """Make this process the parent of its descendants' orphans (Linux), so none escapes a kill."""
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    _ADOPTING.append(True)


def kill_strays():
    """In a process that adopts orphans: kill its children that no ``supervise`` call is running
    (what a killed grading run left behind)."""
    if not _ADOPTING:
        return
    with _STARTING:
        strays = [child for child in psutil.Process().children() if child.pid not in _SUPERVISED]
    for child in strays:
        kill_tree(child.pid)


def protect_from_tracing():
    """Forbid processes of the same user from tracing this one or reading its memory (Linux)."""
    _prctl(PR_SET_DUMPABLE, 0)


def members(process: psutil.Process) -> list:
    """``process`` and all its descendants (none when it is gone)."""
    try:
        return [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def tree_rss(process: psutil.Process) -> int:
    """RSS summed over ``process`` and its descendants, in bytes (cheap enough to poll often)."""
    total = 0
    for member in members(process):
        try:
            total += member.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def kill_tree(pid: int):
    """Kill ``pid``, its process group and every descendant, and reap them."""
    try:
        os.killpg(pid, signal.SIGKILL)  # the group outlives its leader
    except (ProcessLookupError, PermissionError):
        pass
    try:
        tree = members(psutil.Process(pid))
    except psutil.NoSuchProcess:
        return
    kill_all(tree)


def kill_all(processes, timeout=10):
    """Kill every one of ``processes`` (``psutil.Process``), and reap them."""
    for process in processes:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(processes, timeout=timeout)


def kill_descendants(sparing=()):
    """Kill every process this one started, and their children (orphans adopted included), but
    the children whose pids are in ``sparing``."""
    for child in psutil.Process().children():
        if child.pid not in sparing:
            kill_tree(child.pid)


@dataclass(frozen=True)
class Supervised:
    """How a supervised command ended: ``ok`` (it exited), ``timeout``, ``memory`` or ``cancelled``."""

    outcome: str
    returncode: int | None


def start(command, *, cwd=None, env=None, stdout=None, stdin=False) -> subprocess.Popen:
    """Start ``command`` in its own session, to be watched by ``watch``: it dies with this process
    (``dies_with_this_process``), so a killed batch leaves no grading behind. With ``stdin``, its
    standard input is a pipe (``process.stdin``)."""
    with _STARTING:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=stdout or subprocess.DEVNULL, stderr=subprocess.STDOUT,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            start_new_session=True, preexec_fn=dies_with_this_process(),
        )
        _SUPERVISED.add(process.pid)
    return process


def watch(process: subprocess.Popen, *, timeout, memory_mb, stdin_data=None, cancel=None) -> Supervised:
    """Wait for a ``start``ed process; kill its whole tree past ``timeout`` seconds from now or past
    ``memory_mb``. ``stdin_data`` (bytes) is written to its standard input, which is then closed;
    ``cancel`` is a ``threading.Event``."""
    started = time.monotonic()
    if stdin_data is not None:
        try:
            process.stdin.write(stdin_data)
            process.stdin.close()
        except BrokenPipeError:
            pass
    outcome = "ok"
    try:
        watched = psutil.Process(process.pid)
        while process.poll() is None:
            if cancel is not None and cancel.is_set():
                outcome = "cancelled"
                break
            if time.monotonic() - started > timeout:
                outcome = "timeout"
                break
            if tree_rss(watched) > memory_mb * 2**20:
                outcome = "memory"
                break
            time.sleep(BUDGET.poll_seconds)
    except psutil.NoSuchProcess:
        pass  # it ended and was reaped between two polls
    finally:
        end(process)
    return Supervised(outcome, process.returncode if outcome == "ok" else None)


def end(process: subprocess.Popen):
    """Kill a ``start``ed process's whole tree, and reap it."""
    kill_tree(process.pid)
    process.wait()
    _SUPERVISED.discard(process.pid)


def supervise(command, *, timeout, memory_mb, cwd=None, env=None, stdout=None, stdin_data=None,
              cancel=None) -> Supervised:
    """Run ``command`` (``start``, then ``watch``) and say how it ended."""
    process = start(command, cwd=cwd, env=env, stdout=stdout, stdin=stdin_data is not None)
    return watch(process, timeout=timeout, memory_mb=memory_mb, stdin_data=stdin_data, cancel=cancel)
