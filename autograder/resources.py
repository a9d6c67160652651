"""Measuring a command's wall time, CPU time and peak memory over its whole process tree."""

import resource
import subprocess
import time
from dataclasses import dataclass

import psutil

from .engine.processes import members

SAMPLE_SECONDS = 0.1


@dataclass(frozen=True)
class Usage:
    """What one command used."""

    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    peak_pss_mb: float
    returncode: int


def tree_memory(process: psutil.Process):
    """(RSS, PSS) summed over ``process`` and its descendants, in bytes.

    RSS counts shared libraries once per process; PSS splits shared pages among the processes that
    map them, which is closer to what a container's memory limit counts.
    """
    rss = pss = 0
    for member in members(process):
        try:
            info = member.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss, pss


def measure(command, cwd=None, env=None) -> Usage:
    """Run ``command`` to its end, sampling the memory of its process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    watched, peak_rss, peak_pss = psutil.Process(process.pid), 0, 0
    while process.poll() is None:
        rss, pss = tree_memory(watched)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(SAMPLE_SECONDS)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Usage(wall, cpu, peak_rss / 2**20, peak_pss / 2**20, process.returncode)
