"""Shared fixtures: one build of every workshop into a temporary tree, and in-process execution of
a workshop's solution code (optionally with answers changed) to score hidden tests cheaply."""

import os
import sys
from pathlib import Path

import pytest

from autograder.builder import main as build
from autograder.builder.solution import execute_cells, solution_cells
from autograder.hidden_tests import load_test_files, max_points, score
from autograder.workshops import get_workshop

sys.dont_write_bytecode = True  # grading watches the environment for changes: the suite writes none


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Every workshop built once into a temporary ``assignments`` and ``dist``."""
    root = tmp_path_factory.mktemp("built")
    build(assignments_dir=root / "assignments", dist_dir=root / "dist", quiet=True)
    return root


class SolutionRunner:
    """Executes a workshop's solution code in this process, in a directory of its own."""

    def __init__(self, workshop, built_root: Path, work_root: Path):
        self.workshop = workshop
        self.support_dir = workshop.assignment_dir(built_root / "assignments")
        self.cells = solution_cells(workshop.solution_notebook(built_root / "dist"))
        self.autograder_zip = workshop.autograder_zip(built_root / "dist")
        self.test_files = load_test_files(self.autograder_zip)
        self.work_root = work_root
        self.runs = 0

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


    def score(self, namespace):
        """Points per question that the hidden and public tests give ``namespace``."""
        previous = os.getcwd()
        os.chdir(namespace.work_dir)
        try:
            return score(self.test_files, namespace)
        finally:
            os.chdir(previous)


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
