"""Executing a workshop's solution code in this process, as grading would run it (a cell that
raises is skipped), in a directory holding the student's support files."""

import os
import shutil
from pathlib import Path

import nbformat

# Cells that only drive Otter in a student's session; the namespace does not need them.
OTTER_CELL_MARKERS = ("import otter", "grader.")


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
