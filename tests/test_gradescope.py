"""Gradescope's contract, reproduced: the zip graded in Gradescope's layout by its own entry point
writes a results.json in Gradescope's documented format; preflight checks a zip before upload."""

import nbformat
import pytest

from autograder import gradescope
from autograder.preflight import main as preflight, memory_to_ask
from autograder.resources import measure
from autograder.workshops import get_workshop

IRIS = get_workshop("iris")


def test_partial_submission_grades_in_gradescope_layout(built, tmp_path):
    notebook = nbformat.read(IRIS.solution_notebook(built / "dist"), as_version=4)
    for cell in notebook.cells:
        cell.source = cell.source.replace("math.ceil(n_ejemplos / tamano_lote)", "n_ejemplos // tamano_lote")
    submission = tmp_path / "iris.ipynb"
    nbformat.write(notebook, submission)
    command = gradescope.prepare(IRIS.autograder_zip(built / "dist"), submission, tmp_path / "gs")
    assert measure(command, cwd=tmp_path).returncode == 0
    results = gradescope.results_of(tmp_path / "gs")
    scores = {t["name"]: t["score"] for t in results["tests"] if t.get("max_score") is not None}
    # Only q5 loses: half its point (its other values are wrong; the count is still an integer).
    assert scores["q5"] == 0.5 and sum(scores.values()) == 21.5
    assert all(t["visibility"] == "after_published" for t in results["tests"])  # course.yml: show_hidden false
    q5 = next(t for t in results["tests"] if t["name"] == "q5")
    assert "`actualizaciones_por_epoca(150, 20)` debería valer 8, pero vale 7." in q5["output"]


def test_preflight_grades_the_solution_to_full_marks(built):
    report = preflight(workshop="iris", dist_dir=built / "dist")
    assert report.ok, report.text()
    assert "solution in Gradescope's layout: 22 / 22" in report.text()
    assert "files/iris.csv" in report.text() and "tensorflow-cpu==2.21.0" in report.text()
    assert "MB PSS" in report.text()


@pytest.mark.parametrize("peak_mb, asked", [(500, "1 GB"), (700, "1 GB"), (900, "1.5 GB"), (1336, "2 GB"),
                                             (2000, "2.5 GB")])
def test_preflight_asks_for_the_memory_the_peak_needs_with_a_quarter_more(peak_mb, asked):
    assert memory_to_ask(peak_mb) == asked


@pytest.mark.parametrize("results, message", [
    ({"tests": [{"name": "q1"}]}, "at tests: .* does not contain items"),
    ({"output": "nada"}, "(top level)"),
    ({"score": 1, "visibility": "students"}, "visibility"),
    ({"score": "22"}, "score"),
    ({"tests": [{"name": "q1", "score": 1, "status": "ok"}]}, "tests/0/status"),
])
def test_results_outside_gradescope_format_are_rejected(results, message):
    with pytest.raises(ValueError, match=message.replace("(top level)", r"\(top level\)")):
        gradescope.validate_results(results)
