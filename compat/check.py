"""Run each workshop's solution in this environment (``make compat``: the oldest supported stack)
and report, per workshop, whether its public checks pass on the live objects, as ``grader.check``
runs them, and whether every test gives full marks after grading's export and rebuild.

Usage: ``python compat/check.py [--dist DIR] [workshop ...]``; exits 1 when any workshop falls short.
"""

import argparse
import contextlib
import importlib.metadata
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from autograder.builder.solution import execute_cells, grade_in_process, solution_cells
from autograder.engine.phase2.evaluate import run_tests
from autograder.project import DIST_DIR
from autograder.workshops import WORKSHOPS, get_workshop

REPORTED = ("tensorflow-cpu", "tensorflow", "keras", "numpy", "pandas", "scikit-learn", "otter-grader")
# Workshops that need a newer Keras than the oldest stack's, with the first version they run on.
NEEDS_KERAS = {"hiperparametros": ((3, 8), "keras.wrappers, which replaces scikeras")}


def check(workshop, dist_dir: Path, work_root: Path) -> dict:
    with zipfile.ZipFile(workshop.autograder_zip(dist_dir)) as archive:
        archive.extractall(work_root / "zip", [name for name in archive.namelist()
                                               if name.startswith(("tests/", "probes/"))])
    tests_dir, probes_dir = work_root / "zip" / "tests", work_root / "zip" / "probes"
    support_dir = workshop.assignment_dir()
    started = time.perf_counter()
    work_dir = work_root / "trabajo"
    with contextlib.redirect_stdout(io.StringIO()):  # what the solution prints is not the report
        namespace = execute_cells(solution_cells(workshop.solution_notebook(dist_dir)), support_dir, work_dir)
    public = [(question["name"], case["test"], case.get("hint", ""))
              for question in run_tests(tests_dir, dict(namespace))
              for case in question["cases"] if not case["hidden"] and not case["passed"]]
    graded = grade_in_process(namespace, work_dir, tests_dir=tests_dir, probes_dir=probes_dir, support_dir=support_dir)
    failed = [(question["name"], case["test"], case.get("hint", ""))
              for question in graded for case in question["cases"] if not case["passed"]]
    points = sum(case["points"] for question in graded for case in question["cases"] if case["passed"])
    total = sum(case["points"] for question in graded for case in question["cases"])
    return {"public_failed": public, "failed": failed, "points": points, "total": total,
            "seconds": time.perf_counter() - started}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workshops", nargs="*", default=sorted(WORKSHOPS))
    parser.add_argument("--dist", type=Path, default=DIST_DIR)
    arguments = parser.parse_args(argv)
    versions = []
    for name in REPORTED:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            pass
    print(f"Python {sys.version.split()[0]}; " + ", ".join(versions))
    print(f"{'workshop':<16} {'public checks':<14} {'points':<10} {'seconds':>7}")
    short = False
    keras_version = tuple(int(part) for part in importlib.metadata.version("keras").split(".")[:2])
    for name in arguments.workshops:
        needed, reason = NEEDS_KERAS.get(name, ((3, 0), ""))
        if keras_version < needed:
            print(f"{name:<16} not run: it needs Keras {'.'.join(map(str, needed))} or newer ({reason})")
            continue
        with tempfile.TemporaryDirectory(prefix=f"compat-{name}-") as tmp:
            result = check(get_workshop(name), arguments.dist, Path(tmp))
        public = "pass" if not result["public_failed"] else f"{len(result['public_failed'])} fail"
        print(f"{name:<16} {public:<14} {result['points']:g}/{result['total']:g}{'':<4} {result['seconds']:>7.1f}")
        for question, test, hint in result["public_failed"] + result["failed"]:
            print(f"    {question} {test}: {hint}")
        short = short or bool(result["public_failed"]) or result["points"] < result["total"]
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main())
