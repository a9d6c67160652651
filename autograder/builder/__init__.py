"""Build each workshop's student notebook and autograder zip from its master notebook.

The master is staged in a temporary directory together with the course config, the datasets it
reads, the check library and a requirements file written from the pins; Otter Assign runs there.
The solution then runs once, to record the calls the tests make to the student's functions
(``probes``), and Otter's zip becomes this project's (``autograder_zip``). The student notebook
gets its setup cell and its folder the Spanish instructions and the notebook's pins (``student``).
The student tree replaces ``assignments/<name>/``; the autograder zip, the student bundle and the
solution notebook (the master without its tests) go to ``dist/<name>/``.
"""

import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import nbformat
import yaml

from ..course import course_settings, otter_config
from ..gradescope import zip_environment
from ..project import (
    ASSIGNMENTS_DIR,
    CHECKS_DIR,
    COURSE_CONFIG,
    DATASETS_DIR,
    DIST_DIR,
    grading_requirements,
    python_version,
)
from ..engine.phase2.evaluate import run_tests
from ..engine.phase1.notebook_run import thread_variables
from .autograder_zip import assemble
from .solution import solution_cells
from .student import setup_cell, write_bundle, write_student_files
from ..workshops import WORKSHOPS, get_workshop


# Otter Assign writes these into every student notebook in English; students read Spanish.
OTTER_TEXT_ES = {
    "# Initialize Otter": "# Inicializa Otter: habilita las verificaciones `grader.check(...)`",
    "## Submission": "## Entrega",
    "Make sure you have run all cells in your notebook in order before running the cell below, so "
    "that all images/graphs appear in the output. The cell below will generate a zip file for you "
    "to submit. **Please save before exporting!**": (
        "Antes de ejecutar la celda de abajo, ejecute todas las celdas del cuaderno en orden "
        "(*Kernel → Restart & Run All*) para que todos los resultados queden en el archivo. La celda "
        "de abajo genera el archivo .zip de su entrega. **¡Guarde el cuaderno antes de exportar!**"
    ),
    "# Save your notebook first, then run this cell to export your submission.": (
        "# Primero guarde el cuaderno; luego ejecute esta celda para exportar su entrega."
    ),
    "_Points:_": "_Puntos:_",
}


# Otter's export cell calls this, which Otter refuses in Colab (there the student downloads the
# notebook instead): every notebook's export cell says so in Spanish there, and exports elsewhere.
EXPORT_CALL = "grader.export(pdf=False)"
EXPORT_ANYWHERE = """import sys

if "google.colab" in sys.modules:  # Colab no exporta: se entrega el cuaderno descargado
    print("En Colab, descargue su cuaderno (Archivo → Descargar → Descargar .ipynb) y entregue ese archivo.")
else:
    grader.export(pdf=False)"""


class BuildError(RuntimeError):
    """A workshop could not be built; the message says which and why."""


# TensorFlow's threads when a submission is graded (``grading.json``), and when the build runs the
# solution: the same sums in the same order, and parallel builds do not fight over the cores.
THREADS = 1


def main(*, workshops=None, assignments_dir=ASSIGNMENTS_DIR, dist_dir=DIST_DIR, quiet=False, workers=None):
    """Build ``workshops`` (names; all by default), ``workers`` at a time (default: one per core), and
    return the student directories written. Every workshop is attempted; if any fails, the
    ``BuildError`` names each one that failed and why (the others are built)."""
    settings = _checked_course_settings()
    if not settings.support_url and not quiet:
        print(f"note: {COURSE_CONFIG.name} sets no talleres.support_url: a notebook opened alone "
              "(Colab) tells its student to download the bundle by hand", flush=True)
    names = list(workshops) if workshops else sorted(WORKSHOPS)
    for name in names:
        get_workshop(name)  # an unknown name fails before anything is built
    for directory in (Path(assignments_dir), Path(dist_dir)):
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise BuildError(f"cannot write the build's output to {directory}: {error}") from error
    workers = max(1, min(workers or os.cpu_count() or 1, len(names)))
    if not quiet:
        print(f"building {', '.join(names)} ({workers} at a time) ...", flush=True)
    written, failures = {}, {}
    # Spawned, not forked: the caller may hold TensorFlow's threads, which a fork does not carry.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(_build_timed, name, Path(assignments_dir), Path(dist_dir), settings): name
                   for name in names}
        for future in as_completed(futures):
            name = futures[future]
            try:
                written[name], seconds = future.result()
            except BuildError as error:
                failures[name] = str(error)
                continue
            except Exception as error:  # noqa: BLE001 - any workshop's failure is reported with the others'
                failures[name] = f"{name}: {type(error).__name__}: {error}"
                continue
            if not quiet:
                print(f"built {name} in {seconds:.0f} s", flush=True)
    if failures:
        raise BuildError("; ".join(failures[name] for name in names if name in failures))
    return [written[name] for name in names]


def _build_timed(name, assignments_dir: Path, dist_dir: Path, settings) -> tuple:
    """Build the workshop ``name`` in this (worker) process: its student directory, and the seconds taken."""
    started = time.monotonic()
    target = _build_one(get_workshop(name), assignments_dir, dist_dir, settings)
    return target, time.monotonic() - started


def _checked_course_settings():
    try:
        settings = course_settings()
    except (OSError, ValueError, yaml.YAMLError) as error:
        raise BuildError(f"{COURSE_CONFIG}: {error}") from error
    if settings.python_version != python_version():
        raise BuildError(
            f"{COURSE_CONFIG.name} sets python_version {settings.python_version!r} but this "
            f"environment runs Python {python_version()}: the zip must use the tested version"
        )
    if not settings.setup_cell.is_file():
        raise BuildError(f"{COURSE_CONFIG.name}: the setup cell template {settings.setup_cell} is missing")
    return settings


def _stage(workshop, stage_dir: Path) -> Path:
    if not workshop.master.is_file():
        raise BuildError(f"{workshop.name}: master notebook {workshop.master} not found")
    master = stage_dir / workshop.notebook_name
    shutil.copy(workshop.master, master)
    (stage_dir / COURSE_CONFIG.name).write_text(yaml.safe_dump(otter_config(), allow_unicode=True), encoding="utf-8")
    for file_name in workshop.data_files:
        source = DATASETS_DIR / file_name
        if not source.is_file():
            raise BuildError(f"{workshop.name}: dataset {source} not found")
        shutil.copy(source, stage_dir / file_name)
    package = stage_dir / "autograder"
    package.mkdir()
    shutil.copy(CHECKS_DIR.parent / "__init__.py", package / "__init__.py")
    shutil.copytree(CHECKS_DIR, package / "checks", ignore=shutil.ignore_patterns("__pycache__"))
    (stage_dir / "requirements.txt").write_text("\n".join(grading_requirements()) + "\n")
    return master


def _run_otter_assign(master: Path, result: Path):
    from otter.assign import main as otter_assign

    try:
        otter_assign(str(master), str(result), no_pdfs=True, no_run_tests=True)
    except Exception as error:  # Otter raises bare exceptions; say which workshop failed
        raise BuildError(f"otter assign failed on {master.name}: {error}") from error


def _normalize_notebook(path: Path, *, translate=False, first_cell=None):
    """Strip outputs and number cell ids so that rebuilding gives identical files.

    With ``translate``, Otter's English boilerplate is replaced by ``OTTER_TEXT_ES``; ``first_cell``
    goes before every other cell; the export cell works in Colab too (``EXPORT_ANYWHERE``).
    """
    notebook = nbformat.read(path, as_version=4)
    if first_cell is not None:
        notebook.cells.insert(0, first_cell)
    exports = [cell for cell in notebook.cells if cell.cell_type == "code" and EXPORT_CALL in cell.source.splitlines()]
    if len(exports) != 1:
        raise BuildError(f"{path.name}: expected one export cell calling {EXPORT_CALL}, found {len(exports)}")
    exports[0].source = exports[0].source.replace(EXPORT_CALL, EXPORT_ANYWHERE)
    for index, cell in enumerate(notebook.cells):
        if translate:
            for english, spanish in OTTER_TEXT_ES.items():
                cell.source = cell.source.replace(english, spanish)
        cell["id"] = f"cell-{index:03d}"
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nbformat.write(notebook, path)


def _replace_tree(source: Path, target: Path):
    """Replace ``target`` by a copy of ``source``, never leaving a half-copied tree in place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = target.with_name(f".{target.name}.incoming")
    outgoing = target.with_name(f".{target.name}.outgoing")
    for leftover in (incoming, outgoing):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.copytree(source, incoming, ignore=shutil.ignore_patterns("__pycache__"))
    if target.exists():
        target.rename(outgoing)
    incoming.rename(target)
    shutil.rmtree(outgoing, ignore_errors=True)


def _build_one(workshop, assignments_dir: Path, dist_dir: Path, settings) -> Path:
    with tempfile.TemporaryDirectory(prefix=f"build-{workshop.name}-") as tmp:
        stage_dir = Path(tmp) / "stage"
        stage_dir.mkdir()
        result = Path(tmp) / "result"
        _run_otter_assign(_stage(workshop, stage_dir), result)

        student_dir = result / "student"
        solution = result / "autograder" / workshop.notebook_name
        first_cell = setup_cell(workshop, student_dir, solution_cells(solution), settings)
        _normalize_notebook(student_dir / workshop.notebook_name, translate=True, first_cell=first_cell)
        write_student_files(workshop, student_dir)
        zips = sorted((result / "autograder").glob("*.zip"))
        if len(zips) != 1:
            raise BuildError(f"{workshop.name}: expected one autograder zip, found {len(zips)}")
        _check_zip_python(zips[0])

        _normalize_notebook(solution, first_cell=first_cell)
        probes_dir = Path(tmp) / "probes"
        tests_dir = _record_probes(workshop, solution, student_dir, zips[0], probes_dir)
        autograder_zip = Path(tmp) / "autograder.zip"
        assemble(zips[0], autograder_zip, probes_dir=probes_dir, settings=_grading_settings(workshop, tests_dir, settings))

        target = workshop.assignment_dir(assignments_dir)
        _replace_tree(student_dir, target)
        out = Path(dist_dir) / workshop.name
        out.mkdir(parents=True, exist_ok=True)
        shutil.copy(solution, workshop.solution_notebook(dist_dir))
        shutil.copy(autograder_zip, workshop.autograder_zip(dist_dir))
        write_bundle(workshop, target, workshop.student_bundle(dist_dir))
        return target


def _grading_settings(workshop, tests_dir: Path, settings) -> dict:
    """``grading.json``: the workshop, what students see, and every question's cases with their
    points (what a submission that is not evaluated scores 0 in)."""
    return {"workshop": workshop.name, "show_hidden": settings.show_hidden, "threads": THREADS,
            "questions": run_tests(tests_dir, {}, run=False)}


def _record_probes(workshop, solution: Path, student_dir: Path, otter_zip: Path, probes_dir: Path) -> Path:
    """Run the solution and its tests in a child process, recording calls to notebook functions;
    return the folder the tests were unpacked into."""
    tests_dir = probes_dir.parent / "tests"
    with zipfile.ZipFile(otter_zip) as archive:
        for name in archive.namelist():
            if name.startswith("tests/") and name.endswith(".py"):
                archive.extract(name, probes_dir.parent)
    done = subprocess.run(
        [sys.executable, "-m", "autograder.builder.probes", str(solution), str(student_dir),
         str(tests_dir), str(probes_dir)],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2], env={**os.environ, **thread_variables(THREADS)})
    if done.returncode != 0:
        raise BuildError(f"{workshop.name}: recording the tests' calls failed:\n{done.stderr[-2000:]}")
    return tests_dir


def _check_zip_python(zip_path: Path):
    found, _ = zip_environment(zip_path)
    if found != python_version():
        raise BuildError(
            f"the autograder environment.yml asks for Python {found}, not the tested {python_version()}"
        )
