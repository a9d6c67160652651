"""What this machine (or container) lets grading use: cores and memory, cgroup limits included."""

import math
import os
from pathlib import Path

CGROUP = Path("/sys/fs/cgroup")


def available_cores() -> int:
    """Cores this process may run on: its CPU affinity, capped by its cgroup's CPU quota (a
    container's ``--cpus``, Gradescope's vCPUs), at least 1."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    quota = _cpu_quota()
    return max(1, min(cores, math.ceil(quota)) if quota else cores)


def memory_limit_mb() -> float | None:
    """The memory limit of this process's cgroup in MB, or None when it has none (or none is seen)."""
    for path in (CGROUP / "memory.max", CGROUP / "memory" / "memory.limit_in_bytes"):
        text = _read(path)
        if text and text != "max":
            limit = int(text) / 2**20
            return limit if limit < 2**40 else None  # cgroup v1 says "no limit" with a huge number
    return None


def _cpu_quota() -> float | None:
    text = _read(CGROUP / "cpu.max")  # cgroup v2: "<quota> <period>" or "max <period>"
    if text:
        quota, _, period = text.partition(" ")
        return int(quota) / int(period) if quota != "max" and period else None
    quota, period = _read(CGROUP / "cpu" / "cpu.cfs_quota_us"), _read(CGROUP / "cpu" / "cpu.cfs_period_us")
    if quota and period and int(quota) > 0:
        return int(quota) / int(period)
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        return ""
