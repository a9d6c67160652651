"""Process trees: their memory, killing them whole, and running a command within limits."""

import ctypes
import os
import signal
import subprocess
import time
from dataclasses import dataclass

import psutil

POLL_SECONDS = 0.25
PR_SET_CHILD_SUBREAPER = 36


@dataclass(frozen=True)
class Limits:
    """What grading one submission may use: wall-clock seconds, memory of its processes, output."""

    timeout: float = 600.0
    memory_mb: float = 2048.0
    output_mb: float = 20.0


def adopt_orphans():
    """Make this process the parent of its descendants' orphans (Linux), so none escapes a kill."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


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
    for member in tree:
        try:
            member.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(tree, timeout=10)


def kill_descendants():
    """Kill every process this one started, and their children (orphans adopted included)."""
    for child in psutil.Process().children():
        kill_tree(child.pid)


@dataclass(frozen=True)
class Supervised:
    """How a supervised command ended: ``ok`` (it exited), ``timeout``, ``memory`` or ``cancelled``."""

    outcome: str
    returncode: int | None


def supervise(command, *, timeout, memory_mb, cwd=None, env=None, stdout=None, stdin_data=None,
              cancel=None) -> Supervised:
    """Run ``command`` in its own session; kill its whole tree past ``timeout`` or ``memory_mb``.

    ``stdin_data`` (bytes) is written to its standard input; ``cancel`` is a ``threading.Event``.
    """
    started = time.monotonic()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=stdout or subprocess.DEVNULL, stderr=subprocess.STDOUT,
        stdin=subprocess.PIPE if stdin_data is not None else subprocess.DEVNULL,
        start_new_session=True,
    )
    if stdin_data is not None:
        try:
            process.stdin.write(stdin_data)
            process.stdin.close()
        except BrokenPipeError:
            pass
    watched = psutil.Process(process.pid)
    outcome = "ok"
    try:
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
            time.sleep(POLL_SECONDS)
    finally:
        kill_tree(process.pid)
        process.wait()
    return Supervised(outcome, process.returncode if outcome == "ok" else None)
