"""Executing a workshop's solution code in this process, as grading would run it (a cell that
raises is skipped), in a directory holding the student's support files, and grading what it left
the way the engine does, without a kernel."""

import os
import shutil
import tempfile
from pathlib import Path

import nbformat

from ..engine.shared.artifacts import Decoder
from ..engine.phase2.evaluate import copy_student_files, probe_keys, run_tests
from ..engine.phase1.exporting import export
from ..engine.phase1.notebook_run import SETUP_CELL_TITLE
from ..engine.settings import BUDGET
from ..engine.phase2.test_sources import sources_in_dir, variables

# Cells that only prepare or drive Otter in a student's session; the namespace does not need them.
OTTER_CELL_MARKERS = ("import otter", "grader.", SETUP_CELL_TITLE)


def solution_cells(notebook_path: Path) -> list:
    """Sources of the solution's code cells, without the cells that drive Otter."""
    notebook = nbformat.read(notebook_path, as_version=4)
    return [cell.source for cell in notebook.cells
            if cell.cell_type == "code" and not any(marker in cell.source for marker in OTTER_CELL_MARKERS)]


def execute_cells(cells, support_dir: Path, work_dir: Path) -> dict:
    """The namespace after running ``cells`` in ``work_dir`` (a copy of ``support_dir``)."""
    shutil.copytree(support_dir, work_dir, ignore=shutil.ignore_patterns("*.ipynb"))
    namespace = {"__name__": "__main__"}
    previous = os.getcwd()
    os.chdir(work_dir)
    try:
        for source in cells:
            try:
                exec(compile(source, "<celda>", "exec"), namespace)
            except Exception:  # noqa: BLE001 - a failing answer cell, as in grading
                pass
    finally:
        os.chdir(previous)
    return namespace


def grade_in_process(namespace: dict, work_dir: Path, *, tests_dir: Path, probes_dir: Path, support_dir: Path) -> list:
    """Every question's results for ``namespace`` (its cells ran in ``work_dir``) after the same
    export as data (the student's functions called on the recorded calls) and rebuild as grading."""
    tested = variables(sources_in_dir(tests_dir))
    with tempfile.TemporaryDirectory(prefix="exportado-") as tmp:
        exported, evaluation = Path(tmp) / "exportado", Path(tmp) / "evaluacion"
        previous = os.getcwd()
        os.chdir(work_dir)
        try:
            export(namespace, tested, str(probes_dir), str(exported), BUDGET.call_seconds)
        finally:
            os.chdir(previous)
        shutil.copytree(support_dir, evaluation, ignore=shutil.ignore_patterns("*.ipynb"))
        copy_student_files(exported, evaluation)
        rebuilt = Decoder(exported).namespace(tested, probe_keys(probes_dir))
        os.chdir(evaluation)
        try:
            return run_tests(tests_dir, rebuilt)
        finally:
            os.chdir(previous)
