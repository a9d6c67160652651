"""Shared fixtures: one build of every workshop into a temporary tree, and in-process execution of
a workshop's solution code (optionally with answers changed), scored after the same export and
rebuild as data that grading does, without a kernel."""

import os
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from autograder.builder import main as build
from autograder.builder.solution import execute_cells, solution_cells
from autograder.engine.artifacts import Decoder
from autograder.engine.evaluate import copy_student_files, probe_keys, run_tests
from autograder.engine.exporting import export
from autograder.engine.settings import BUDGET
from autograder.engine.test_sources import sources_in_dir, variables
from autograder.hidden_tests import load_test_files, max_points
from autograder.workshops import get_workshop

sys.dont_write_bytecode = True  # grading watches the environment for changes: the suite writes none


def pytest_collection_modifyitems(items):
    """Mark ``e2e`` every test that takes the build (it runs each solution in a Jupyter kernel);
    modules that run kernels themselves mark their own (``pytest -m "not e2e"``: the fast ones)."""
    for item in items:
        if "built" in item.fixturenames:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Every workshop built once into a temporary ``assignments`` and ``dist``."""
    root = tmp_path_factory.mktemp("built")
    build(assignments_dir=root / "assignments", dist_dir=root / "dist", quiet=True)
    return root


class SolutionRunner:
    """Executes a workshop's solution code in this process, in a directory of its own, and scores
    a namespace as grading would: exported as data, rebuilt, then every test case run."""

    def __init__(self, workshop, built_root: Path, work_root: Path):
        self.workshop = workshop
        self.support_dir = workshop.assignment_dir(built_root / "assignments")
        self.cells = solution_cells(workshop.solution_notebook(built_root / "dist"))
        self.autograder_zip = workshop.autograder_zip(built_root / "dist")
        self.test_files = load_test_files(self.autograder_zip)
        self.work_root = work_root
        self.runs = 0
        with zipfile.ZipFile(self.autograder_zip) as archive:
            for name in archive.namelist():
                if name.startswith(("tests/", "probes/")):
                    archive.extract(name, work_root / "zip")
        self.tests_dir, self.probes_dir = work_root / "zip" / "tests", work_root / "zip" / "probes"
        self.variables = variables(sources_in_dir(self.tests_dir))

    def run(self, replacements=()):
        """Namespace after running every cell, each ``(old, new)`` replacement applied first.

        A cell that raises is skipped, as Otter does when it grades.
        """
        source_cells = list(self.cells)
        for old, new in replacements:
            hits = [i for i, cell in enumerate(source_cells) if old in cell]
            assert len(hits) == 1, f"{old!r} should occur in exactly one solution cell"
            source_cells[hits[0]] = source_cells[hits[0]].replace(old, new)
        self.runs += 1
        work_dir = self.work_root / f"run{self.runs}"
        return Namespace(execute_cells(source_cells, self.support_dir, work_dir), work_dir)

    def score(self, namespace) -> "Graded":
        """Points per question that the tests give ``namespace`` once it went through grading's
        export (the student's functions called on the recorded calls) and rebuild."""
        with tempfile.TemporaryDirectory(prefix="exportado-") as tmp:
            exported, evaluation = Path(tmp) / "exportado", Path(tmp) / "evaluacion"
            previous = os.getcwd()
            os.chdir(namespace.work_dir)
            try:
                export(namespace, self.variables, str(self.probes_dir), str(exported), BUDGET.call_seconds)
            finally:
                os.chdir(previous)
            shutil.copytree(self.support_dir, evaluation, ignore=shutil.ignore_patterns("*.ipynb"))
            copy_student_files(exported, evaluation)
            rebuilt = Decoder(exported).namespace(self.variables, probe_keys(self.probes_dir))
            os.chdir(evaluation)
            try:
                questions = run_tests(self.tests_dir, rebuilt)
            finally:
                os.chdir(previous)
        return Graded(questions)


class Graded(dict):
    """Points per question; ``failed`` maps each failing case's test function to (hidden, hint)."""

    def __init__(self, questions):
        super().__init__({question["name"]: float(sum(case["points"] for case in question["cases"] if case["passed"]))
                          for question in questions})
        self.failed = {case["test"]: (case["hidden"], case.get("hint", "")) for question in questions
                       for case in question["cases"] if not case["passed"]}

    def hints(self, question: str) -> list:
        """The hints of the failing cases of ``question``."""
        return [hint for test, (_, hint) in self.failed.items() if test.startswith(f"test_{question}_")]


class Namespace(dict):
    """A notebook's variables, and the directory its files were written to."""

    def __init__(self, variables, work_dir):
        super().__init__(variables)
        self.work_dir = work_dir

    def with_values(self, **values):
        """A copy with some variables replaced: a prepared wrong (or alternative) answer."""
        changed = Namespace(self, self.work_dir)
        changed.update(values)
        return changed


@pytest.fixture(scope="session")
def iris_runner(built, tmp_path_factory):
    return SolutionRunner(get_workshop("iris"), built, tmp_path_factory.mktemp("iris-runs"))


@pytest.fixture(scope="session")
def iris_full_marks(iris_runner):
    return max_points(iris_runner.test_files)


@pytest.fixture(scope="session")
def iris_solution(iris_runner):
    """The Iris solution's namespace, executed once for the session."""
    return iris_runner.run()
