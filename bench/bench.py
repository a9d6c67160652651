"""Benchmark each workshop against Gradescope's defaults, and batch grading; print tables.

For each workshop: the solution notebook executed alone with ``jupyter-execute`` (wall and CPU
seconds), the same notebook graded through ``python -m autograder grade`` (alternating, ``--rounds``
times each, the median run of each side), their ratio, and the peak memory of
both runs' process trees (RSS and PSS summed; the target applies to PSS). Targets: ratio <= 1.3, grading peak <= 768 MB, solution CPU
time <= 150 s.

With ``--batch``, also grade a folder of 20 submissions (correct, partial and broken) with 1 and
with 2 workers: wall time of each, the speed-up (target >= 1.7), peak memory per worker and the
per-submission overhead over executing the notebook alone. Then the class report of a class of
``--report-size`` students (default 200) made of copies of that batch's submissions and results
under new ids, with a roster (target <= 60 s and <= 1 GB).

With ``--repeat N``, grade each workshop's solution, its own seeding removed, N times and report
the spread of the scores (target: none).

With ``--isolation``, what isolating one submission costs (target <= 1 s and <= 20 MB): as root,
a sandbox's whole life (slot, user, folder, view, launching through it, killing and cleaning up)
around a trivial command, against that command alone; and, as any user, the fingerprint of the
environment taken after the notebook (the one before it is taken while the kernel starts) and the
memory both hold.

Run ``make bench`` (the workshops must be built: ``make build``).
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.resources import measure  # noqa: E402
from autograder.workshops import WORKSHOPS, get_workshop  # noqa: E402

TARGET_RATIO = 1.3
TARGET_PEAK_MB = 768
TARGET_CPU_S = 150
TARGET_REPORT_S = 60
TARGET_REPORT_MB = 1024


def checked(usage, what):
    if usage.returncode != 0:
        raise RuntimeError(f"{what} exited with {usage.returncode}")
    return usage.wall_s, usage.cpu_s, usage.peak_rss_mb, usage.peak_pss_mb


def bench_workshop(name, rounds=3):
    """The solution executed alone and graded, ``rounds`` times each, alternating; per side, the
    run of median wall time (wall, CPU, peak RSS and PSS)."""
    workshop = get_workshop(name)
    solution = workshop.solution_notebook()
    if not solution.is_file():
        raise SystemExit(f"{solution} not found: run `make build` first")
    alone_runs, graded_runs = [], []
    with tempfile.TemporaryDirectory(prefix=f"bench-{name}-") as tmp:
        jupyter_execute = Path(sys.executable).with_name("jupyter-execute")
        for round_number in range(rounds):
            run_dir = Path(tmp) / f"run{round_number}"
            shutil.copytree(workshop.assignment_dir(), run_dir)
            shutil.copy(solution, run_dir / workshop.notebook_name)
            alone_runs.append(checked(measure([str(jupyter_execute), workshop.notebook_name], run_dir),
                                      "jupyter-execute"))
            grade_dir = Path(tmp) / f"grade{round_number}"
            grade_dir.mkdir()
            shutil.copy(solution, grade_dir / workshop.notebook_name)
            graded_runs.append(checked(measure([sys.executable, "-m", "autograder", "grade", name,
                                                workshop.notebook_name, "--out", "results.json"], grade_dir),
                                       "autograder grade"))
    return _median_run(alone_runs), _median_run(graded_runs)


def _median_run(runs):
    return sorted(runs)[len(runs) // 2]  # by wall time, the first field


def make_batch(workshop, folder: Path, count: int):
    """``count`` submissions: 40% correct, 30% partial, 30% broken; return how many execute."""
    import nbformat

    folder.mkdir()
    solution = workshop.solution_notebook()
    student = workshop.assignment_dir() / workshop.notebook_name
    broken = [
        lambda path: path.with_suffix(".ipynb").write_text('{"cells": [', encoding="utf-8"),
        lambda path: path.with_suffix(".txt").write_text("hola", encoding="utf-8"),
        lambda path: shutil.copy(student, path.with_suffix(".zip")),
    ]
    partial = nbformat.read(solution, as_version=4)
    for cell in partial.cells:  # two wrong answers: floor division and mse with softmax
        cell.source = cell.source.replace("math.ceil(", "math.floor(").replace(
            'loss="categorical_crossentropy"', 'loss="mse"')
    executed = 0
    for index in range(count):
        path = folder / f"estudiante{index:02d}.ipynb"
        kind = index % 10
        if kind < 4:
            shutil.copy(solution, path)
        elif kind < 6:
            nbformat.write(partial, path)
        elif kind == 6:
            shutil.copy(student, path)
        else:
            broken[kind - 7](path)
            continue
        executed += 1
    return executed


CEILING_LOOP = "sum(i * i for i in range(4 * 10**7))"


def parallel_ceiling() -> float:
    """Speed-up this machine gives two CPU-bound processes over one: the ceiling for 2 workers."""
    import subprocess
    import time

    def run(copies):
        started = time.monotonic()
        processes = [subprocess.Popen([sys.executable, "-c", CEILING_LOOP]) for _ in range(copies)]
        for process in processes:
            process.wait()
        return time.monotonic() - started

    return 2 * run(1) / run(2)


def bench_report(name, graded: Path, submissions: Path, size: int, tmp: Path) -> list:
    """The class report of ``size`` students copied from a graded batch; what is over target."""
    import csv
    import json

    out, folder = tmp / "clase", tmp / "clase-entregas"
    (out / "results").mkdir(parents=True)
    folder.mkdir()
    with open(graded / "gradebook.csv", newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        columns, rows = reader.fieldnames, list(reader)
    copies = []
    for index in range(size):
        row = dict(rows[index % len(rows)])
        student, source = f"estudiante{index:03d}", row["submission"]
        shutil.copy(submissions / source, folder / f"{student}{Path(source).suffix}")
        shutil.copy(graded / "results" / f"{row['student_id']}.json", out / "results" / f"{student}.json")
        copies.append({**row, "student_id": student, "submission": f"{student}{Path(source).suffix}"})
    with open(out / "gradebook.csv", "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=columns)
        writer.writeheader()
        writer.writerows(copies)
    (out / "batch.json").write_text(json.dumps({"workshop": name, "submissions": str(folder)}), encoding="utf-8")
    roster = tmp / "lista.csv"
    roster.write_text("id,email\n" + "".join(f"{row['student_id']},{row['student_id']}@u.uy\n" for row in copies),
                      encoding="utf-8")
    usage = measure([sys.executable, "-m", "autograder", "report", str(out), "--roster", str(roster)])
    print(f"\nclass report of {size} students ({name}): {usage.wall_s:.1f} s wall, {usage.cpu_s:.1f} CPU s, "
          f"peak PSS {usage.peak_pss_mb:.0f} MB (targets <= {TARGET_REPORT_S} s, <= {TARGET_REPORT_MB} MB)")
    over = []
    if usage.wall_s > TARGET_REPORT_S:
        over.append(f"{name}: class report of {size} students {usage.wall_s:.0f} s > {TARGET_REPORT_S} s")
    if usage.peak_pss_mb > TARGET_REPORT_MB:
        over.append(f"{name}: class report peak {usage.peak_pss_mb:.0f} MB > {TARGET_REPORT_MB} MB")
    return over


def bench_batch(name, count, alone_wall, report_size):
    """Batch grading with 1 and 2 workers, then the class report; (speed-up, what is over target)."""
    workshop = get_workshop(name)
    rows = []
    with tempfile.TemporaryDirectory(prefix=f"bench-batch-{name}-") as tmp:
        folder = Path(tmp) / "entregas"
        executed = make_batch(workshop, folder, count)
        for workers in (1, 2):
            usage = measure([sys.executable, "-m", "autograder", "grade", name, str(folder),
                             "--out", str(Path(tmp) / f"notas{workers}"), "--workers", str(workers),
                             "--force", "--timeout", "300"])
            rows.append((workers, usage))
        over = bench_report(name, Path(tmp) / "notas2", folder, report_size, Path(tmp))
    one, two = rows[0][1], rows[1][1]
    print(f"\nbatch of {count} submissions ({executed} execute a notebook), workshop {name}")
    print("workers | wall s | CPU s | peak PSS MB | peak PSS per worker MB")
    print("--- | --- | --- | --- | ---")
    for workers, usage in rows:
        print(f"{workers} | {usage.wall_s:.1f} | {usage.cpu_s:.1f} | {usage.peak_pss_mb:.0f} | "
              f"{usage.peak_pss_mb / workers:.0f}")
    speedup = one.wall_s / two.wall_s
    overhead = (one.wall_s - executed * alone_wall) / executed
    print(f"speed-up with 2 workers: {speedup:.2f} (target >= 1.7; this machine gives two plain "
          f"CPU-bound processes {parallel_ceiling():.2f}); overhead per executed submission over "
          f"executing its notebook alone: {overhead:+.1f} s")
    return speedup, over


def bench_repeat(name, times):
    """Grade the unseeded solution ``times`` times; return the distinct totals."""
    import json

    import nbformat

    workshop = get_workshop(name)
    notebook = nbformat.read(workshop.solution_notebook(), as_version=4)
    for cell in notebook.cells:
        cell.source = cell.source.replace("keras.utils.set_random_seed(SEMILLA)", "")
    totals, walls = [], []
    with tempfile.TemporaryDirectory(prefix=f"bench-repeat-{name}-") as tmp:
        submission = Path(tmp) / workshop.notebook_name
        nbformat.write(notebook, submission)
        for run in range(times):
            results = Path(tmp) / f"results{run}.json"
            usage = measure([sys.executable, "-m", "autograder", "grade", name, str(submission),
                             "--out", str(results)])
            walls.append(usage.wall_s)
            graded = json.loads(results.read_text(encoding="utf-8"))
            totals.append(tuple(t["score"] for t in graded["tests"]))
    distinct = sorted(set(totals))
    print(f"\n{name}: graded {times} times, {sum(walls) / times:.1f} s each; "
          f"distinct per-question scores: {len(distinct)} "
          f"(totals {sorted({sum(t) for t in totals})})")
    return distinct


TARGET_ISOLATION_S = 1.0
TARGET_ISOLATION_MB = 20
ISOLATION_RUNS = 5


def bench_isolation() -> list:
    """Print the cost of isolation per submission; return what is over target."""
    import subprocess
    import time
    import tracemalloc

    from autograder.engine.phase1 import sandbox
    from autograder.engine.phase1.environment import Fingerprint, environment_roots

    trivial = [sys.executable, "-I", "-S", "-c", "pass"]
    rows = []
    if sandbox.is_root():
        with tempfile.TemporaryDirectory(prefix="bench-aislamiento-") as private:
            private = Path(private)
            view = sandbox.view_available(private)  # probed once per grading process
            started = time.monotonic()
            for _ in range(ISOLATION_RUNS):
                subprocess.run(trivial, check=True)
            alone = (time.monotonic() - started) / ISOLATION_RUNS
            started = time.monotonic()
            for _ in range(ISOLATION_RUNS):
                box = sandbox.open_sandbox(private)
                subprocess.run(box.launch_prefix() + trivial, check=True, cwd=box.area)
                box.close()
            isolated = (time.monotonic() - started) / ISOLATION_RUNS
        # The launcher execs the command: no process stays beside the kernel, so no memory is added.
        rows.append((f"as root: sandbox user{' and view' if view else ''}, launch, kill, clean up",
                     isolated - alone, 0.0))
    else:
        for kind in sandbox.NAMESPACE_KINDS:
            problem = sandbox.namespace_problem(kind)
            if problem:
                print(f"not root: {kind} does not work here ({problem})")
                continue
            rows.append((f"not root: user namespaces ({kind}), launch, end; memory: the processes beside the "
                         "command", *_namespace_cost(kind, trivial)))
    roots = environment_roots()
    before = Fingerprint.of(roots)  # grading takes this one while the kernel starts, off the critical path
    started = time.monotonic()
    after = Fingerprint.of(roots)
    wall = time.monotonic() - started
    tracemalloc.start()  # apart: tracing every allocation slows the walk down many times
    held_pair = (Fingerprint.of(roots), Fingerprint.of(roots))
    held = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    del held_pair
    entries = sum(len(names.split("\0")) for _, names in before.folders.values())
    assert before.changes(after) == []
    rows.append((f"not root: the fingerprint after the notebook ({len(roots)} roots, {entries} entries; "
                 "memory: both fingerprints held)", wall, held))
    print("\nisolation cost per submission | seconds | MB")
    print("--- | --- | ---")
    over = []
    for what, seconds, megabytes in rows:
        print(f"{what} | {seconds:.2f} | {megabytes:.1f}")
        if seconds > TARGET_ISOLATION_S or megabytes > TARGET_ISOLATION_MB:
            over.append(f"isolation ({what}): {seconds:.2f} s, {megabytes:.1f} MB")
    return over


def _pss_or_rss(process) -> int:
    """A process's PSS, or its RSS where its memory map is closed to us (the launcher's reaper is
    not dumpable)."""
    import psutil

    try:
        return process.memory_full_info().pss
    except psutil.AccessDenied:
        return process.memory_info().rss


def _namespace_cost(kind, trivial) -> tuple:
    """Seconds a ``kind`` sandbox adds to starting ``trivial``, and the PSS (MB) of the processes it
    keeps beside a command (measured beside ``sleep``)."""
    import subprocess
    import time

    import psutil

    from autograder.engine.phase1 import sandbox

    with tempfile.TemporaryDirectory(prefix="bench-espacios-") as private:
        started = time.monotonic()
        for _ in range(ISOLATION_RUNS):
            subprocess.run(trivial, check=True)
        alone = (time.monotonic() - started) / ISOLATION_RUNS
        started = time.monotonic()
        for number in range(ISOLATION_RUNS + 1):  # the last one for the memory
            (Path(private) / str(number)).mkdir()
            box = sandbox.open_sandbox(Path(private) / str(number), kind)
            if number < ISOLATION_RUNS:
                subprocess.run(box.launch_prefix() + trivial, check=True, cwd=box.area)
        isolated = (time.monotonic() - started) / ISOLATION_RUNS
        sleeping = subprocess.Popen(box.launch_prefix() + ["/bin/sleep", "30"], cwd=box.area)
        time.sleep(1)
        tree = [psutil.Process(sleeping.pid), *psutil.Process(sleeping.pid).children(recursive=True)]
        beside = sum(_pss_or_rss(process) for process in tree if process.name() != "sleep") / 2**20
        sleeping.kill()  # the namespace, and the sleep in it, end with it
        sleeping.wait()
    return isolated - alone, beside


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("workshops", nargs="*", default=sorted(WORKSHOPS))
    parser.add_argument("--batch", action="store_true", help="also benchmark batch grading")
    parser.add_argument("--batch-size", type=int, default=20)
    parser.add_argument("--report-size", type=int, default=200, help="students in the class report's benchmark")
    parser.add_argument("--repeat", type=int, default=0, help="grade each solution this many times")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each solution, executed and graded")
    parser.add_argument("--isolation", action="store_true", help="only what isolation costs")
    args = parser.parse_args(argv)
    if args.isolation:
        over = bench_isolation()
        print("\n" + ("\n".join(f"over target: {line}" for line in over) if over else "all targets met"))
        return
    header = ("workshop", "solution wall s", "solution CPU s", "solution peak RSS/PSS MB",
              "grade wall s", "grade CPU s", "grade peak RSS/PSS MB", "ratio")
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    worst, alone_walls = [], {}
    for name in args.workshops:
        alone, graded = bench_workshop(name, args.rounds)
        (alone_wall, alone_cpu, alone_rss, alone_pss) = alone
        (grade_wall, grade_cpu, grade_rss, grade_peak) = graded
        ratio = grade_wall / alone_wall
        alone_walls[name] = alone_wall
        print(f"{name} | {alone_wall:.1f} | {alone_cpu:.1f} | {alone_rss:.0f}/{alone_pss:.0f} | "
              f"{grade_wall:.1f} | {grade_cpu:.1f} | {grade_rss:.0f}/{grade_peak:.0f} | {ratio:.2f}",
              flush=True)
        if ratio > TARGET_RATIO:
            worst.append(f"{name}: ratio {ratio:.2f} > {TARGET_RATIO}")
        if grade_peak > TARGET_PEAK_MB:
            worst.append(f"{name}: grading peak PSS {grade_peak:.0f} MB > {TARGET_PEAK_MB} MB")
        if alone_cpu > TARGET_CPU_S:
            worst.append(f"{name}: solution CPU {alone_cpu:.0f} s > {TARGET_CPU_S} s")
    if args.batch:
        for name in args.workshops:
            speedup, over = bench_batch(name, args.batch_size, alone_walls[name], args.report_size)
            worst += over
            if speedup < 1.7:
                worst.append(f"{name}: batch speed-up {speedup:.2f} < 1.7")
    if args.repeat:
        for name in args.workshops:
            if len(bench_repeat(name, args.repeat)) > 1:
                worst.append(f"{name}: grading the same submission gave different scores")
    worst += bench_isolation()
    print("\n" + ("\n".join(f"over target: {line}" for line in worst) if worst else "all targets met"))


if __name__ == "__main__":
    main()
