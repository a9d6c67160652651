"""Benchmark each workshop against Gradescope's defaults and print a table.

For each workshop: the solution notebook executed alone with nbclient (wall and CPU seconds), the
same notebook graded through ``python -m autograder grade``, their ratio, and the peak memory of
both runs' process trees (RSS and PSS summed; the target applies to PSS). Targets: ratio <= 1.3, grading peak <= 768 MB, solution CPU
time <= 150 s. Run ``make bench`` (the workshops must be built: ``make build``).
"""

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.workshops import WORKSHOPS, get_workshop  # noqa: E402

TARGET_RATIO = 1.3
TARGET_PEAK_MB = 768
TARGET_CPU_S = 150
SAMPLE_SECONDS = 0.1


def tree_memory(process: psutil.Process):
    """(RSS, PSS) summed over ``process`` and its descendants, in bytes.

    RSS counts shared libraries once per process; PSS splits shared pages among the processes that
    map them, which is closer to what a container's memory limit counts.
    """
    rss = pss = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            info = member.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss, pss


def measure(command, cwd):
    """Run ``command``; return wall seconds, CPU seconds of the whole tree, peak RSS and PSS in MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watcher, peak_rss, peak_pss = psutil.Process(process.pid), 0, 0
    while process.poll() is None:
        try:
            rss, pss = tree_memory(watcher)
        except psutil.NoSuchProcess:
            break
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(SAMPLE_SECONDS)
    process.wait()
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode != 0:
        raise RuntimeError(f"{command[:4]} exited with {process.returncode}")
    return wall, cpu, peak_rss / 2**20, peak_pss / 2**20


def bench_workshop(name):
    workshop = get_workshop(name)
    solution = workshop.solution_notebook()
    if not solution.is_file():
        raise SystemExit(f"{solution} not found: run `make build` first")
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as tmp:
        run_dir = Path(tmp) / "run"
        shutil.copytree(workshop.assignment_dir(), run_dir)
        notebook = run_dir / workshop.notebook_name
        shutil.copy(solution, notebook)
        jupyter_execute = Path(sys.executable).with_name("jupyter-execute")
        alone = measure([str(jupyter_execute), notebook.name], run_dir)

        grade_dir = Path(tmp) / "grade"
        grade_dir.mkdir()
        shutil.copy(solution, grade_dir / workshop.notebook_name)
        graded = measure([sys.executable, "-m", "autograder", "grade", name, workshop.notebook_name,
                          "--out", "results.json"], grade_dir)
    return alone, graded


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("workshops", nargs="*", default=sorted(WORKSHOPS))
    args = parser.parse_args(argv)
    header = ("workshop", "solution wall s", "solution CPU s", "solution peak RSS/PSS MB",
              "grade wall s", "grade CPU s", "grade peak RSS/PSS MB", "ratio")
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    worst = []
    for name in args.workshops:
        alone, graded = bench_workshop(name)
        (alone_wall, alone_cpu, alone_rss, alone_pss) = alone
        (grade_wall, grade_cpu, grade_rss, grade_peak) = graded
        ratio = grade_wall / alone_wall
        print(f"{name} | {alone_wall:.1f} | {alone_cpu:.1f} | {alone_rss:.0f}/{alone_pss:.0f} | "
              f"{grade_wall:.1f} | {grade_cpu:.1f} | {grade_rss:.0f}/{grade_peak:.0f} | {ratio:.2f}",
              flush=True)
        if ratio > TARGET_RATIO:
            worst.append(f"{name}: ratio {ratio:.2f} > {TARGET_RATIO}")
        if grade_peak > TARGET_PEAK_MB:
            worst.append(f"{name}: grading peak PSS {grade_peak:.0f} MB > {TARGET_PEAK_MB} MB")
        if alone_cpu > TARGET_CPU_S:
            worst.append(f"{name}: solution CPU {alone_cpu:.0f} s > {TARGET_CPU_S} s")
    print("\n" + ("\n".join(f"over target: {line}" for line in worst) if worst else "all targets met"))


if __name__ == "__main__":
    main()
