"""What grading may use of the machine: cores (CPU affinity capped by a cgroup's quota) and a
cgroup's memory limit, read from a cgroup folder laid out as v2 or as v1."""

import os

import pytest

from autograder.engine import machine

AFFINITY = len(os.sched_getaffinity(0))


@pytest.mark.parametrize("files, cores", [
    ({}, AFFINITY),  # no cgroup files seen: the affinity alone
    ({"cpu.max": "max 100000"}, AFFINITY),
    ({"cpu.max": "50000 100000"}, 1),  # half a core (Gradescope's default) still runs on one
    ({"cpu.max": "100000 100000"}, 1),
    ({"cpu.max": "150000 100000"}, min(AFFINITY, 2)),
    ({"cpu.max": "6400000 100000"}, AFFINITY),  # a quota above the affinity: the affinity
    ({"cpu/cpu.cfs_quota_us": "-1", "cpu/cpu.cfs_period_us": "100000"}, AFFINITY),
    ({"cpu/cpu.cfs_quota_us": "100000", "cpu/cpu.cfs_period_us": "100000"}, 1),
])
def test_available_cores_follow_the_affinity_and_the_cgroup_quota(files, cores, tmp_path, monkeypatch):
    _write(tmp_path, files)
    monkeypatch.setattr(machine, "CGROUP", tmp_path)
    assert machine.available_cores() == cores


@pytest.mark.parametrize("files, limit", [
    ({}, None),
    ({"memory.max": "max"}, None),
    ({"memory.max": str(1024 * 2**20)}, 1024),
    ({"memory/memory.limit_in_bytes": str(768 * 2**20)}, 768),
    ({"memory/memory.limit_in_bytes": "9223372036854771712"}, None),  # v1's "no limit"
])
def test_the_memory_limit_is_the_cgroups(files, limit, tmp_path, monkeypatch):
    _write(tmp_path, files)
    monkeypatch.setattr(machine, "CGROUP", tmp_path)
    assert machine.memory_limit_mb() == limit


def _write(root, files):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text + "\n", encoding="ascii")
