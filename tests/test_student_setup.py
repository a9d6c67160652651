"""A student's own environment: the setup cell, run in a fresh virtual environment with only the
notebook's packages (no otter-grader), brings Otter and the workshop's files from a course URL
served on 127.0.0.1, after which the solution's public checks pass; offline it says what to do in
Spanish, without a traceback; with everything present it prints nothing. Real environments, a real
HTTP server and a real kernel: the package registry is the only thing reached beyond this machine."""

import dataclasses
import functools
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.builder.solution import solution_cells
from autograder.builder.student import imported_packages, setup_cell, student_instructions
from autograder.course import course_settings
from autograder.project import grading_requirements
from autograder.workshops import WORKSHOPS, get_workshop

pytestmark = pytest.mark.e2e
IRIS = get_workshop("iris")


@pytest.mark.parametrize("name", sorted(WORKSHOPS))
def test_every_notebook_starts_with_the_course_setup_cell(name, built):
    workshop = get_workshop(name)
    student_dir = workshop.assignment_dir(built / "assignments")
    sources = solution_cells(workshop.solution_notebook(built / "dist"))
    expected = setup_cell(workshop, student_dir, sources, course_settings())
    for notebook_path in (student_dir / workshop.notebook_name, workshop.solution_notebook(built / "dist")):
        first = nbformat.read(notebook_path, as_version=4).cells[0]
        assert first.source == expected.source, f"{notebook_path.name}: run `make build`"
        assert first.metadata["editable"] is False and first.metadata["cellView"] == "form"
    assert '"otter-grader==' in expected.source and "tensorflow-cpu==" in expected.source


@pytest.mark.parametrize("name", sorted(WORKSHOPS))
def test_the_bundle_holds_the_student_tree_the_instructions_and_the_pins(name, built):
    workshop = get_workshop(name)
    student_dir = workshop.assignment_dir(built / "assignments")
    with zipfile.ZipFile(workshop.student_bundle(built / "dist")) as bundle:
        members = {info.filename: bundle.read(info) for info in bundle.infolist()}
    expected = {f"{name}/{path.relative_to(student_dir).as_posix()}": path.read_bytes()
                for path in student_dir.rglob("*") if path.is_file() and "__pycache__" not in path.parts}
    assert members == expected
    for required in (workshop.notebook_name, "LEEME.md", "requirements.txt", "autograder/checks/__init__.py",
                     "tests/q1.py", *workshop.data_files):
        assert f"{name}/{required}" in members
    leeme = members[f"{name}/LEEME.md"].decode()
    assert leeme.startswith(f"# {workshop.title}\n") and student_instructions() in leeme
    assert "Colab" in leeme and "JupyterHub" in leeme
    pins = members[f"{name}/requirements.txt"].decode().split()
    assert "otter-grader==7.0.0" in pins and all(pin in pins for pin in grading_requirements()[:3])


class FreshEnvironment:
    """A virtual environment with the notebook's packages and a kernel, none of otter-grader."""

    def __init__(self, root: Path, packages):
        self.root = root
        self.python = root / "env" / "bin" / "python"
        subprocess.run([sys.executable, "-m", "venv", root / "env"], check=True)
        ipykernel = next(pin for pin in grading_requirements() if pin.startswith("ipykernel=="))
        subprocess.run([self.python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        *packages, ipykernel], check=True)
        self.kernels = root / "jupyter"

    def distributions(self) -> dict:
        """``{normalized name: version}`` of what is installed."""
        listing = subprocess.run(
            [self.python, "-c", "import importlib.metadata as m, json, re; print(json.dumps("
             "{re.sub(r'[-_.]+', '-', d.metadata['Name']).lower(): d.version for d in m.distributions()}))"],
            capture_output=True, text=True, check=True)
        return json.loads(listing.stdout)

    def run(self, notebook, work_dir: Path, **env):
        """``notebook`` executed in ``work_dir`` by a kernel of this environment (``env`` added to
        the kernel's environment), every cell run even after an error; returns it with its outputs."""
        spec = self.kernels / "kernels" / "estudiante"
        spec.mkdir(parents=True, exist_ok=True)
        (spec / "kernel.json").write_text(json.dumps({
            "argv": [str(self.python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "estudiante", "language": "python", "env": env}))
        previous = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = str(self.kernels)
        try:
            NotebookClient(notebook, kernel_name="estudiante", timeout=600, allow_errors=True,
                           resources={"metadata": {"path": str(work_dir)}}).execute()
        finally:
            if previous is None:
                os.environ.pop("JUPYTER_PATH")
            else:
                os.environ["JUPYTER_PATH"] = previous
        return notebook


def texts(cell) -> str:
    """Everything a cell showed: streams, results and errors (with any traceback)."""
    shown = []
    for output in cell.outputs:
        shown.append(output.get("text", ""))
        shown.append(output.get("data", {}).get("text/plain", ""))
        shown.extend([output.get("ename", ""), output.get("evalue", ""), *output.get("traceback", [])])
    return "\n".join(shown)


def printed(cell) -> str:
    """What a cell printed, as the student reads it."""
    return "".join(output.get("text", "") for output in cell.outputs if output.output_type == "stream")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def course_site(built, tmp_path_factory):
    """The course URL, serving every workshop's bundle as the TA publishes it."""
    root = tmp_path_factory.mktemp("sitio")
    for name, workshop in WORKSHOPS.items():
        (root / name).mkdir()
        shutil.copy(workshop.student_bundle(built / "dist"), root / name)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def fresh(built, tmp_path_factory):
    sources = solution_cells(IRIS.solution_notebook(built / "dist"))
    packages = [pin for module, pin in imported_packages(sources) if module != "otter"]
    return FreshEnvironment(tmp_path_factory.mktemp("estudiante"), packages)


def notebook_with_setup_for(path: Path, built, url: str, *, only_setup=False):
    """The notebook at ``path`` with its setup cell pointing at ``url``."""
    notebook = nbformat.read(path, as_version=4)
    settings = dataclasses.replace(course_settings(), support_url=url)
    sources = solution_cells(IRIS.solution_notebook(built / "dist"))
    notebook.cells[0] = setup_cell(IRIS, IRIS.assignment_dir(built / "assignments"), sources, settings)
    if only_setup:
        notebook.cells = notebook.cells[:1]
    return notebook


def offline_pip(empty: Path) -> dict:
    """pip's environment as it is without a network: no index, no wheel folder but the empty
    ``empty``, no configuration, nothing cached."""
    empty.mkdir()
    return {"PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(empty), "PIP_NO_CACHE_DIR": "1"}


def test_offline_the_setup_cell_says_in_spanish_what_to_do_without_a_traceback(fresh, built, course_site, tmp_path):
    offline = offline_pip(tmp_path / "sin-paquetes")
    alone = tmp_path / "solo"
    alone.mkdir()
    for url, reason in ((f"http://127.0.0.1:{free_port()}", "Connection refused"), (f"{course_site}/otro-curso", "HTTP 404")):
        notebook = notebook_with_setup_for(IRIS.assignment_dir(built / "assignments") / IRIS.notebook_name, built,
                                           url, only_setup=True)
        shown = texts(fresh.run(notebook, alone, **offline).cells[0])
        assert "Faltan otter-grader, autograder/, iris.csv, iris_muestra.csv, tests/: se traen ahora" in shown
        assert f"No se pudieron descargar los archivos del taller desde {url}/iris/iris-estudiante.zip" in shown
        assert reason in shown and "descargue la carpeta del taller (iris-estudiante.zip)" in shown
        assert "Traceback" not in shown and "File \"" not in shown
        assert sorted(path.name for path in alone.iterdir()) == [], "nothing half-downloaded is left behind"

    with_files = tmp_path / "carpeta"
    with zipfile.ZipFile(IRIS.student_bundle(built / "dist")) as bundle:
        bundle.extractall(tmp_path)
    (tmp_path / "iris").rename(with_files)
    shown = texts(fresh.run(notebook, with_files, **offline).cells[0])
    assert "Faltan otter-grader: se traen ahora" in shown
    assert "No se pudo instalar otter-grader==7.0.0 sin cambiar su TensorFlow ni su Keras" in shown
    assert "pip install otter-grader==7.0.0" in shown
    assert "Traceback" not in shown and "File \"" not in shown
    assert "otter-grader" not in fresh.distributions()


def test_a_notebook_alone_gets_otter_and_its_files_and_the_solutions_public_checks_pass(fresh, built, course_site, tmp_path):
    before = fresh.distributions()
    assert "otter-grader" not in before and "tensorflow-cpu" in before
    alone = tmp_path / "solo"
    alone.mkdir()
    notebook = notebook_with_setup_for(IRIS.solution_notebook(built / "dist"), built, course_site)
    nbformat.write(notebook, alone / IRIS.notebook_name)
    ran = fresh.run(notebook, alone)

    assert printed(ran.cells[0]) == "Faltan otter-grader, autograder/, iris.csv, iris_muestra.csv, tests/: se traen ahora… listo.\n"
    assert [output.output_type for output in ran.cells[0].outputs] == ["stream", "stream"]
    errors = [(index, texts(cell)[-500:]) for index, cell in enumerate(ran.cells)
              if cell.cell_type == "code" and any(output.output_type == "error" for output in cell.outputs)]
    assert not errors
    checks = [texts(cell) for cell in ran.cells if cell.cell_type == "code" and cell.source.startswith("grader.check(")]
    assert len(checks) == 9 and all("passed" in shown for shown in checks), checks
    present = {path.name for path in alone.iterdir()}
    assert {"autograder", "iris.csv", "iris_muestra.csv", "tests", "LEEME.md", "requirements.txt"} <= present
    assert [name for name in present if name.startswith("iris_") and name.endswith(".zip")], "the export cell's zip"

    after = fresh.distributions()
    assert after["otter-grader"] == "7.0.0"
    assert {name: after[name] for name in ("tensorflow-cpu", "keras")} == {name: before[name] for name in ("tensorflow-cpu", "keras")}
    consistent = subprocess.run([fresh.python, "-m", "pip", "check"], capture_output=True, text=True)
    assert consistent.returncode == 0, consistent.stdout  # what pip chose keeps TensorFlow's requirements

    again = fresh.run(notebook_with_setup_for(alone / IRIS.notebook_name, built, course_site, only_setup=True), alone)
    assert again.cells[0].outputs == [], "with everything present the setup cell prints nothing"


def test_in_colab_the_notebook_alone_gets_its_files_and_original_and_says_how_to_hand_in(fresh, built, course_site, tmp_path):
    """Colab keeps the notebook in Drive, not on the kernel's disk: the setup cell also brings the
    original notebook (Otter reads its settings), the public checks pass, and the export cell
    tells how to hand in there instead of failing. (Colab is recognized by ``google.colab``, which
    it imports before any cell: the first cell here stands in for it.)"""
    content = tmp_path / "content"
    content.mkdir()
    notebook = notebook_with_setup_for(IRIS.solution_notebook(built / "dist"), built, course_site)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(
        'import sys, types\nsys.modules["google.colab"] = types.ModuleType("google.colab")'))
    ran = fresh.run(notebook, content)
    assert re.fullmatch(r"Faltan (otter-grader, )?autograder/, iris\.csv, iris_muestra\.csv, tests/, iris\.ipynb: se traen ahora… listo\. "
                        r"En Colab, entregue el cuaderno descargado \(Archivo → Descargar → \.ipynb\)\.\n",
                        printed(ran.cells[1])), printed(ran.cells[1])
    assert not [index for index, cell in enumerate(ran.cells)
                if cell.cell_type == "code" and any(output.output_type == "error" for output in cell.outputs)]
    checks = [texts(cell) for cell in ran.cells if cell.cell_type == "code" and cell.source.startswith("grader.check(")]
    assert len(checks) == 9 and all("passed" in shown for shown in checks), checks
    export_cell = [cell for cell in ran.cells if cell.cell_type == "code"][-1]
    assert "En Colab, descargue su cuaderno" in printed(export_cell)
    assert (content / IRIS.notebook_name).is_file() and not list(content.glob("iris_*.zip"))


def test_the_setup_cell_seeds_every_cell_as_grading_does(built, tmp_path):
    """After the setup cell, every cell of the student's own kernel starts from grading's seeds
    (``engine/shared/seeding.py``): two cells draw the same numbers as this process does right after
    ``seed()``, unseeded Optuna samplers included; running the setup cell again keeps one hook."""
    import random

    import keras
    import numpy
    import optuna

    from autograder.engine.shared.seeding import seed

    workshop = get_workshop("hiperparametros")
    with zipfile.ZipFile(workshop.student_bundle(built / "dist")) as bundle:
        bundle.extractall(tmp_path)
    setup = nbformat.read(workshop.assignment_dir(built / "assignments") / workshop.notebook_name, as_version=4).cells[0]
    draws = ("[random.random(), float(numpy.random.rand()), float(keras.random.uniform(())), "
             "optuna.create_study(sampler=optuna.samplers.RandomSampler()).ask().suggest_float('x', 0, 1)]")
    cells = [setup.source, setup.source, "import json, random, numpy, keras, optuna",
             f"primero = {draws}", f"segundo = {draws}",
             "print(json.dumps([primero, segundo, sum(callback.__name__ == 'seed_as_when_graded' "
             "for callback in get_ipython().events.callbacks['pre_run_cell'])]))"]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    NotebookClient(notebook, kernel_name="python3", timeout=300,
                   resources={"metadata": {"path": str(tmp_path / workshop.name)}}).execute()
    assert [printed(cell) for cell in notebook.cells[:3]] == ["", "", ""], "with everything present it prints nothing"
    first, second, hooks = json.loads(printed(notebook.cells[-1]))

    seed()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    expected = [random.random(), float(numpy.random.rand()), float(keras.random.uniform(())),
                optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=42)).ask().suggest_float("x", 0, 1)]
    assert first == second == expected
    assert hooks == 1
