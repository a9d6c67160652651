"""The build: committed student trees equal a fresh build, no hidden test reaches students, and the
autograder zip carries the pinned environment and everything the notebook reads."""

import importlib.metadata
import json
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograder.builder import BuildError
from autograder.builder import main as build
from autograder.course import course_settings
from autograder.gradescope import zip_environment
from autograder.hidden_tests import case_sources
from autograder.project import ASSIGNMENTS_DIR, CHECKS_DIR, DATASETS_DIR, ENGINE_DIR, grading_requirements
from autograder.workshops import WORKSHOPS, get_workshop


def tree(root: Path) -> dict:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.mark.parametrize("name", sorted(WORKSHOPS))
def test_committed_assignment_is_what_the_build_gives(name, built):
    fresh = tree(get_workshop(name).assignment_dir(built / "assignments"))
    committed = tree(get_workshop(name).assignment_dir(ASSIGNMENTS_DIR))
    assert sorted(committed) == sorted(fresh), "run `make build` and commit assignments/"
    drifted = [path for path in fresh if fresh[path] != committed[path]]
    assert not drifted, f"assignments/ drifted from the masters in {drifted}: run `make build`"


@pytest.mark.parametrize("name", sorted(WORKSHOPS))
def test_every_code_cell_of_the_student_notebook_is_valid_python(name, built):
    """Stubs included: a cell that does not parse runs none of its lines."""
    workshop = get_workshop(name)
    notebook = nbformat.read(workshop.assignment_dir(built / "assignments") / workshop.notebook_name, as_version=4)
    broken = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            try:
                compile(cell.source, f"cell {index}", "exec")
            except SyntaxError as error:
                broken.append(f"cell {index}, line {error.lineno}: {error.msg}")
    assert not broken, broken


def test_building_twice_gives_identical_files(built, tmp_path):
    build(workshops=["iris"], assignments_dir=tmp_path / "assignments", dist_dir=tmp_path / "dist", quiet=True)
    assert tree(tmp_path / "assignments" / "iris") == tree(built / "assignments" / "iris")


@pytest.mark.parametrize("workshops, blocked, error, message", [
    (["iris", "irsi"], None, ValueError, r"unknown workshop 'irsi'; known workshops: bicicletas, hiperparametros, implementacion, introduccion, iris"),
    (["iris"], "dist", BuildError, r"cannot write the build's output to .*dist"),
    (["iris"], "assignments", BuildError, r"cannot write the build's output to .*assignments"),
])
def test_a_build_that_cannot_succeed_fails_before_building_anything(workshops, blocked, error, message, tmp_path):
    if blocked:
        (tmp_path / blocked).write_text("a file where the build writes a folder")
    with pytest.raises(error, match=message):
        build(workshops=workshops, assignments_dir=tmp_path / "assignments", dist_dir=tmp_path / "dist", quiet=True)
    assert not (tmp_path / "assignments" / "iris").exists() and not (tmp_path / "dist" / "iris").exists()


def strings_in(path: Path):
    """Every text a student can read in ``path``; for notebooks, each JSON string decoded."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix != ".ipynb":
        yield text
        return
    stack = [json.loads(text)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


@pytest.mark.parametrize("name", sorted(WORKSHOPS))
def test_no_hidden_test_text_under_assignments(name, built):
    autograder_zip = get_workshop(name).autograder_zip(built / "dist")
    hidden = case_sources(autograder_zip, hidden=True)
    assert len(hidden) >= 9, "every question should have hidden tests"

    def lines(functions):
        return {line.strip() for source in functions.values() for line in source.splitlines()[1:]
                if len(line.strip()) > 30 and not line.strip().startswith(("from ", "import "))}

    distinctive_lines = lines(hidden) - lines(case_sources(autograder_zip, hidden=False))
    assert len(distinctive_lines) > 20
    for path in ASSIGNMENTS_DIR.rglob("*"):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        for text in strings_in(path):
            leaked = [fn for fn in hidden if fn in text] + [ln for ln in distinctive_lines if ln in text]
            assert not leaked, f"hidden test text in {path}: {leaked[:3]}"


@pytest.mark.parametrize("name", sorted(WORKSHOPS))
def test_zip_environment_is_the_pinned_one(name, built):
    autograder_zip = get_workshop(name).autograder_zip(built / "dist")
    with zipfile.ZipFile(autograder_zip) as archive:
        files = {entry: archive.read(entry) for entry in archive.namelist()}
    python, pins = zip_environment(autograder_zip)
    assert python == "3.11"  # README's and the Makefile's interpreter
    assert pins == sorted(grading_requirements() + ["otter-grader[grading,plugins]==7.0.0"])
    for pin in pins:  # each pin is what this suite ran against
        distribution, version = pin.split("==")
        assert importlib.metadata.version(distribution.split("[")[0]) == version, pin
    for data_file in get_workshop(name).data_files:
        assert files[f"files/{data_file}"] == (DATASETS_DIR / data_file).read_bytes()
    for module in CHECKS_DIR.glob("*.py"):
        assert files[f"files/autograder/checks/{module.name}"] == module.read_bytes()
        assert files[f"autograder/checks/{module.name}"] == module.read_bytes()
    for module in ENGINE_DIR.rglob("*.py"):
        assert files[f"autograder/engine/{module.relative_to(ENGINE_DIR).as_posix()}"] == module.read_bytes()
    assert "run_grader.py --root /autograder" in files["run_autograder"].decode()
    assert "run_otter.py" not in files and json.loads(files["grading.json"])["workshop"] == name


TEST_FILE = '''from otter.test_files import test_case

name = "q1"
points = 1

@test_case(points=1, hidden=True)
def test_q1_doble(doble):
    assert {call} == {expected}, "mal"
'''


@pytest.mark.parametrize("call, expected, message", [
    ("doble(object())", "None", r"doble: a call of a student's function takes an argument of type object"),
    ("doble(3)", "7", r"q1: the solution fails test_q1_doble: AssertionError: mal"),
])
def test_recording_the_tests_calls_fails_loudly_on_what_grading_could_not_replay(call, expected, message, tmp_path):

    from autograder.builder.probes import record

    solution = tmp_path / "taller.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("def doble(x):\n    return 2 * x")]),
                   solution)
    (tmp_path / "apoyo").mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "q1.py").write_text(TEST_FILE.format(call=call, expected=expected))
    with pytest.raises(ValueError, match=message):
        record(solution, tmp_path / "apoyo", tmp_path / "tests", tmp_path / "probes")


def test_recorded_calls_replay_with_their_arrays(tmp_path):
    import numpy as np

    from autograder.builder.probes import record
    from autograder.engine.phase2.evaluate import probe_keys
    from autograder.engine.shared.artifacts import call_key

    solution = tmp_path / "taller.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("def doble(x):\n    return 2 * x")]),
                   solution)
    (tmp_path / "apoyo").mkdir()
    (tmp_path / "tests").mkdir()
    call = "doble(__import__('numpy').arange(3.0))"
    (tmp_path / "tests" / "q1.py").write_text(TEST_FILE.format(call=call + ".tolist()", expected="[0.0, 2.0, 4.0]"))
    assert record(solution, tmp_path / "apoyo", tmp_path / "tests", tmp_path / "probes") == {"doble": 1}
    assert probe_keys(tmp_path / "probes") == {"doble": [call_key((np.arange(3.0),), {})]}


def test_a_call_with_a_library_function_as_argument_is_recorded_and_replayed(tmp_path):
    import numpy as np

    from autograder.builder.probes import record
    from autograder.engine.shared.artifacts import Decoder
    from autograder.engine.phase2.evaluate import probe_keys
    from autograder.engine.phase1.exporting import export

    solution = tmp_path / "taller.ipynb"
    cell = "def aplicar(x, activacion=None):\n    return activacion(x).tolist()"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)]), solution)
    (tmp_path / "apoyo").mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "q1.py").write_text(TEST_FILE.replace("doble", "aplicar").format(
        call="aplicar(__import__('numpy').zeros(2), activacion=__import__('numpy').cos)", expected="[1.0, 1.0]"))
    assert record(solution, tmp_path / "apoyo", tmp_path / "tests", tmp_path / "probes") == {"aplicar": 1}
    namespace = {}
    exec(cell, namespace)
    export(namespace, ["aplicar"], str(tmp_path / "probes"), str(tmp_path / "exportado"), 5)
    replayed = Decoder(tmp_path / "exportado").namespace(["aplicar"], probe_keys(tmp_path / "probes"))["aplicar"]
    assert replayed(np.zeros(2), activacion=np.cos) == [1.0, 1.0]
    with pytest.raises(AssertionError, match="No se pudo evaluar `aplicar` con estos argumentos"):
        replayed(np.zeros(2), activacion=np.sin)  # a call the build did not record


def test_gradescope_setup_installs_where_the_notebooks_user_can_run_it(built, tmp_path):
    """setup.sh installs the environment under /opt/talleres (root's, readable by all, not writable by
    others) and creates the unprivileged user the notebook runs as; run_autograder runs the engine
    with that environment, without .pth files."""
    import subprocess

    from autograder.builder.autograder_zip import PREFIX, SANDBOX_USER
    from autograder.engine.phase1.sandbox import is_root

    with zipfile.ZipFile(get_workshop("iris").autograder_zip(built / "dist")) as archive:
        setup, run = archive.read("setup.sh").decode(), archive.read("run_autograder").decode()
    assert subprocess.run(["bash", "-n"], input=setup, text=True).returncode == 0
    assert f"-p {PREFIX}/env" in setup and f"chmod -R go-w,a+rX {PREFIX}" in setup and "/root/" not in setup
    assert f"{PREFIX}/env/bin/python -I -S /autograder/source/run_grader.py --root /autograder" in run
    user_lines = setup[setup.index(f"id {SANDBOX_USER}"):]
    if not is_root():
        pytest.skip("creating the notebook's user needs root")
    for _ in range(2):  # the same lines, run for real: the user exists afterwards; running them again is harmless
        assert subprocess.run(["bash", "-e"], input=user_lines, text=True).returncode == 0
    import pwd

    assert pwd.getpwnam(SANDBOX_USER).pw_shell == "/usr/sbin/nologin"


@pytest.mark.parametrize("settings, message", [
    ("talleres:\n  suport_url: https://example.edu\n", "unknown keys in section 'talleres': suport_url"),
    ("- una lista\n", "expected a mapping of settings"),
])
def test_course_settings_refuse_what_they_do_not_know(settings, message, tmp_path):
    path = tmp_path / "course.yml"
    path.write_text(settings, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        course_settings(path)


def test_course_settings_hold_the_course_url_without_its_trailing_slash(tmp_path):
    path = tmp_path / "course.yml"
    path.write_text('python_version: "3.11"\ntalleres:\n  support_url: https://example.edu/talleres/\n', encoding="utf-8")
    settings = course_settings(path)
    assert (settings.support_url, settings.python_version, settings.setup_cell.name) == (
        "https://example.edu/talleres", "3.11", "setup_cell.py")
