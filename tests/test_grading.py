"""Grading through the engine, as TAs and Gradescope run it: full marks, zero, timeouts and broken
files all end with a results file in Gradescope's format."""

import json
import re
import time
import zipfile

import nbformat
import pytest

from autograder import gradescope
from autograder.engine.machine import available_cores
from autograder.engine.phase1.notebook_run import SETUP_CELL_TITLE, code_cells
from autograder.grade import Limits, main as grade
from autograder.hidden_tests import hidden_source_lines, load_test_files, max_points
from autograder.workshops import WORKSHOPS, get_workshop

IRIS = get_workshop("iris")
FULL_MARKS = {"q1": 2, "q2": 3, "q3": 2, "q4": 4, "q5": 1, "q6": 3, "q7": 1, "q8": 2, "q9": 4}


def grade_iris(built, submission, timeout=300, **options):
    return grade(workshop="iris", submission=submission, dist_dir=built / "dist",
                 limits=Limits(timeout=timeout), **options)


def assert_gradescope_results(path, total):
    results = json.loads(path.read_text(encoding="utf-8"))
    tests = [t for t in results["tests"] if t.get("max_score") is not None]
    assert sum(t["score"] for t in tests) == pytest.approx(total)
    gradescope.validate_results(results)
    return results


@pytest.fixture(scope="module")
def solution_notebook(built, tmp_path_factory):
    path = tmp_path_factory.mktemp("solution") / "iris.ipynb"
    path.write_bytes(IRIS.solution_notebook(built / "dist").read_bytes())
    return path


@pytest.mark.parametrize("name", sorted(WORKSHOPS))
def test_solution_scores_full_marks(name, built, tmp_path):
    workshop = get_workshop(name)
    submission = tmp_path / workshop.notebook_name
    submission.write_bytes(workshop.solution_notebook(built / "dist").read_bytes())
    outcome = grade(workshop=name, submission=submission, dist_dir=built / "dist", limits=Limits(timeout=300))
    assert outcome.status == "ok", outcome.reason
    assert outcome.scores == outcome.max_scores
    assert outcome.max_scores == max_points(load_test_files(workshop.autograder_zip(built / "dist")))
    results = assert_gradescope_results(outcome.results_path, outcome.possible)
    assert results["extra_data"]["status"] == "ok"
    if name == "iris":
        assert outcome.scores == FULL_MARKS


def test_grading_three_times_gives_the_same_training_and_score_without_the_notebooks_own_seeding(
        built, solution_notebook, tmp_path):
    """The same submission, twice as a notebook and once as an export zip, trains to the same loss
    and gets the same score, whether phase 2 starts with the notebook or after it (one core)."""
    notebook = nbformat.read(solution_notebook, as_version=4)
    for cell in notebook.cells:
        cell.source = cell.source.replace("keras.utils.set_random_seed(SEMILLA)", "")
    # The isolated notebook cannot write where the test reads: it reports its final loss as the name of
    # the error its last cell raises, which the results' reason lists.
    notebook.cells.append(nbformat.v4.new_code_cell(
        "raise type('Perdida_' + repr(historia.history['loss'][-1]), (Exception,), {})()"))
    unseeded = tmp_path / "iris.ipynb"
    nbformat.write(notebook, unseeded)
    export = tmp_path / "iris_2026_11_23T10_00_00.zip"
    with zipfile.ZipFile(export, "w") as archive:
        archive.write(unseeded, "iris.ipynb")
    outcomes = [grade_iris(built, unseeded), grade_iris(built, export), grade_iris(built, unseeded, cores=1)]
    assert [o.status for o in outcomes] == ["ok"] * 3, [o.reason for o in outcomes]
    early = "anticipada" if available_cores() >= 2 and outcomes[0].facts["isolation"] != "ninguna" else "al final"
    assert [o.facts["phase_two"] for o in outcomes] == [early, early, "al final"]
    assert outcomes[0].scores == outcomes[1].scores == outcomes[2].scores == FULL_MARKS
    losses = [re.search(r"\(Perdida_([0-9.e-]+)\)", outcome.reason).group(1) for outcome in outcomes]
    assert len(set(losses)) == 1 and float(losses[0]) > 0, losses


@pytest.mark.parametrize("name", sorted(WORKSHOPS))
def test_untouched_student_notebook_scores_zero(name, built, tmp_path):
    workshop = get_workshop(name)
    student = tmp_path / workshop.notebook_name
    student.write_bytes(workshop.assignment_dir(built / "assignments").joinpath(workshop.notebook_name).read_bytes())
    outcome = grade(workshop=name, submission=student, out=tmp_path / "out" / "results.json",
                    dist_dir=built / "dist", limits=Limits(timeout=300))
    assert outcome.status == "ok", outcome.reason
    assert outcome.total == 0 and outcome.possible > 0
    results = assert_gradescope_results(tmp_path / "out" / "results.json", 0)
    outputs = "\n".join([results.get("output", "")] + [t.get("output", "") for t in results["tests"]])
    assert "todavía no tiene valor" in outputs  # the hints stay
    assert "celdas de código con errores:" in outcome.reason
    leaked = [line for line in hidden_source_lines(workshop.autograder_zip(built / "dist"))
              if len(line) > 30 and line in outputs]
    assert not leaked and "Error at line" not in outputs, leaked[:3]


def test_infinite_loop_is_interrupted_and_what_ran_before_it_is_graded(built, solution_notebook, tmp_path):
    notebook = nbformat.read(solution_notebook, as_version=4)
    q2_cell = next(i for i, cell in enumerate(notebook.cells) if "modelo_sigmoid = Sequential()" in cell.source)
    notebook.cells.insert(q2_cell, nbformat.v4.new_code_cell("while True:\n    pass"))
    looping = tmp_path / "iris.ipynb"
    nbformat.write(notebook, looping)
    started = time.monotonic()
    limit = 60  # the cells before the loop (TensorFlow's import, q1) fit in it beside another worker's grading
    outcome = grade_iris(built, looping, timeout=limit)
    assert time.monotonic() - started < limit + 90
    assert outcome.status == "timeout"
    assert f"{limit} s" in outcome.reason and "se calificó lo ejecutado hasta entonces" in outcome.reason
    assert outcome.scores == {**{q: 0 for q in FULL_MARKS}, "q1": 2}  # only q1 ran before the loop
    results = assert_gradescope_results(outcome.results_path, 2)
    assert "tiempo límite" in results["output"]


def test_truncated_notebook_gets_an_error_result(built, solution_notebook, tmp_path):
    truncated = tmp_path / "iris.ipynb"
    truncated.write_bytes(solution_notebook.read_bytes()[:5000])
    outcome = grade_iris(built, truncated, timeout=120)
    assert outcome.status == "invalid"
    assert "dañado" in outcome.reason
    assert outcome.reason
    assert outcome.scores == {question: 0 for question in FULL_MARKS}
    assert_gradescope_results(outcome.results_path, 0)


def test_memory_hog_is_stopped_at_the_memory_cap(built, solution_notebook, tmp_path):
    notebook = nbformat.read(solution_notebook, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell('hog = b"x" * (6 * 2**30)'))
    hog = tmp_path / "iris.ipynb"
    nbformat.write(notebook, hog)
    outcome = grade(workshop="iris", submission=hog, dist_dir=built / "dist",
                    limits=Limits(timeout=120, memory_mb=1500))
    assert outcome.status == "memory"
    assert "1500 MB" in outcome.reason and "celda de código 1" in outcome.reason and outcome.total == 0
    assert_gradescope_results(outcome.results_path, 0)


def test_grading_leaves_out_the_setup_cell_and_comments_out_shell_commands():
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(f"{SETUP_CELL_TITLE}: ejecute esta celda primero\nraise SystemExit"),
        nbformat.v4.new_markdown_cell("texto"),
        nbformat.v4.new_code_cell("!pip install paquete\nx = 1"),
        nbformat.v4.new_code_cell("   "),
    ])
    assert code_cells(notebook) == ["# (omitido al calificar) !pip install paquete\nx = 1"]
