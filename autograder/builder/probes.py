"""Record the calls the tests make to the student's functions, by running them on the solution
(which must pass every test: the build fails otherwise, saying which).

A test may call a function the student wrote (``actualizaciones_por_epoca(150, 20)``). While
grading, that function exists only in the student's kernel, which the tests never touch; so the
build runs every test against the executed solution, records the arguments of each call of a
notebook function, and writes them to ``probes/`` of the autograder zip. Phase 1 of grading calls
the student's function with exactly those arguments and exports the results, which the tests then
read as if they called the function themselves.

Run as ``python -m autograder.builder.probes SOLUTION SUPPORT_DIR TESTS_DIR OUT_DIR``.
"""

import json
import os
import sys
import tempfile
import types
from pathlib import Path

from ..engine.shared.artifacts import call_key
from ..engine.phase2.evaluate import run_tests
from ..engine.shared.encoding import Encoder
from ..engine.phase1.exporting import autodiff_refused
from ..engine.phase2.test_sources import sources_in_dir, variables
from .solution import execute_cells, solution_cells


class Recorder:
    """Calls ``function`` and remembers the arguments of each distinct call (and how it ran:
    ``without_autodiff`` runs it with automatic differentiation refused, as phase 1 will)."""

    def __init__(self, name, function):
        self.name = name
        self.function = function
        self.calls = {}
        self.errors = []

    def __call__(self, *args, **kwargs):
        self._remember(args, kwargs, "")
        return self.function(*args, **kwargs)

    def without_autodiff(self, *args, **kwargs):
        self._remember(args, kwargs, "without_autodiff")
        with autodiff_refused():
            return self.function(*args, **kwargs)

    def _remember(self, args, kwargs, mode):
        try:
            key = call_key(args, kwargs, mode)
        except TypeError as error:  # an argument the tests may not pass
            self.errors.append(f"{self.name}: {error}")
            raise
        self.calls.setdefault(key, (args, kwargs, mode))


def record(solution: Path, support_dir: Path, tests_dir: Path, out_dir: Path) -> dict:
    """Write ``out_dir/probes.json`` (and its arrays); return the number of calls per function."""
    sources = sources_in_dir(tests_dir)
    with tempfile.TemporaryDirectory(prefix="probes-") as tmp:
        namespace = execute_cells(solution_cells(solution), support_dir, Path(tmp) / "work")
        recorders = {name: Recorder(name, namespace[name]) for name in variables(sources)
                     if isinstance(namespace.get(name), types.FunctionType)}
        previous = os.getcwd()
        os.chdir(Path(tmp) / "work")
        try:  # the same order and seeding as the evaluation, so arguments drawn at random match
            questions = run_tests(tests_dir, {**namespace, **recorders}, details=True)
        finally:
            os.chdir(previous)
    problems = [error for recorder in recorders.values() for error in recorder.errors]
    problems += [f"{question['name']}: the solution fails {case['test']}: {case['detail']}"
                 for question in questions for case in question["cases"] if not case["passed"]]
    if problems:
        raise ValueError("\n".join(dict.fromkeys(problems)))
    out_dir.mkdir(parents=True, exist_ok=True)
    encoder = Encoder(str(out_dir))
    calls = {name: [{"args": encoder.value(args), "kwargs": encoder.value(kwargs), **({"mode": mode} if mode else {})}
                    for args, kwargs, mode in recorder.calls.values()]
             for name, recorder in recorders.items()}
    (out_dir / "probes.json").write_text(json.dumps({"calls": calls, "objects": encoder.objects}),
                                         encoding="utf-8")
    return {name: len(function_calls) for name, function_calls in calls.items()}


def main(argv=None):
    solution, support_dir, tests_dir, out_dir = map(Path, (argv or sys.argv[1:]))
    counts = record(solution, support_dir, tests_dir, out_dir)
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
