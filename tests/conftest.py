"""Shared fixtures: one build of every workshop into a temporary tree, and in-process execution of
a workshop's solution code (optionally with answers changed), scored after the same export and
rebuild as data that grading does, without a kernel."""

import os
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from filelock import FileLock

from autograder.builder import main as build
from autograder.builder.solution import execute_cells, grade_in_process, solution_cells
from autograder.hidden_tests import load_test_files, max_points
from autograder.workshops import get_workshop

# Grading watches the environment for changes: the suite writes none, nor do the processes it
# starts (another worker may be watching while they run).
sys.dont_write_bytecode = True
os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
# TensorFlow on one thread, as grading runs it (``grading.json``'s threads): solutions executed in
# this process train as they do when graded, and two workers do not fight over the two cores.
for variable in ("TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(variable, "1")


# Modules by how long they take (measured with --durations, serial), longest first: with
# `pytest -n 2 --dist loadfile` each worker takes the next module in this order when it is free, so
# the longest ones start first and the short ones fill in at the end. Unlisted modules go last.
LONGEST_FIRST = ("test_hostile.py", "test_grading.py", "test_bicicletas_answers.py", "test_introduccion_answers.py",
                 "test_hiperparametros_answers.py",
                 "test_implementacion_answers.py", "test_multiperceptron2_code.py",
                 "test_multiperceptron2_answers.py", "test_student_setup.py", "test_unprivileged.py",
                 "test_report_batch.py", "test_batch.py", "test_moodle.py", "test_iris_answers.py", "test_hiperparametros_code.py", "test_gradescope.py",
                 "test_engine_seeding.py", "test_build.py", "test_export_kinds.py")


def pytest_collection_modifyitems(items):
    """Mark ``e2e`` every test that takes the build (it runs each solution in a Jupyter kernel);
    modules that run kernels themselves mark their own (``pytest -m "not e2e"``: the fast ones).
    Then order the modules longest first (``LONGEST_FIRST``), keeping each one's own order."""
    for item in items:
        if "built" in item.fixturenames:
            item.add_marker(pytest.mark.e2e)
    rank = {name: index for index, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture(scope="session")
def built(tmp_path_factory, worker_id):
    """Every workshop built once into a temporary ``assignments`` and ``dist``: once for the whole
    run, by whichever worker (``pytest -n``) needs it first, the others waiting for it."""
    if worker_id == "master":
        root = tmp_path_factory.mktemp("built")
        build(assignments_dir=root / "assignments", dist_dir=root / "dist", quiet=True)
        return root
    root = tmp_path_factory.getbasetemp().parent / "built"
    with FileLock(f"{root}.lock"):
        if not (root / "complete").exists():
            shutil.rmtree(root, ignore_errors=True)
            build(assignments_dir=root / "assignments", dist_dir=root / "dist", quiet=True)
            (root / "complete").touch()
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
        return Graded(grade_in_process(namespace, namespace.work_dir, tests_dir=self.tests_dir,
                                       probes_dir=self.probes_dir, support_dir=self.support_dir))


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
def multiperceptron2_runner(built, tmp_path_factory):
    return SolutionRunner(get_workshop("multiperceptron2"), built, tmp_path_factory.mktemp("multiperceptron2-runs"))


@pytest.fixture(scope="session")
def multiperceptron2_full_marks(multiperceptron2_runner):
    return max_points(multiperceptron2_runner.test_files)


@pytest.fixture(scope="session")
def hiperparametros_runner(built, tmp_path_factory):
    return SolutionRunner(get_workshop("hiperparametros"), built, tmp_path_factory.mktemp("hiperparametros-runs"))


@pytest.fixture(scope="session")
def hiperparametros_full_marks(hiperparametros_runner):
    return max_points(hiperparametros_runner.test_files)


@pytest.fixture(scope="session")
def bicicletas_runner(built, tmp_path_factory):
    return SolutionRunner(get_workshop("bicicletas"), built, tmp_path_factory.mktemp("bicicletas-runs"))


@pytest.fixture(scope="session")
def bicicletas_full_marks(bicicletas_runner):
    return max_points(bicicletas_runner.test_files)


@pytest.fixture(scope="session")
def introduccion_runner(built, tmp_path_factory):
    return SolutionRunner(get_workshop("introduccion"), built, tmp_path_factory.mktemp("introduccion-runs"))


@pytest.fixture(scope="session")
def introduccion_full_marks(introduccion_runner):
    return max_points(introduccion_runner.test_files)


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
