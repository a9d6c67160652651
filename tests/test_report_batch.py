"""The class report of a real graded batch (``report_class``: Iris notebooks graded in kernels):
its numbers equal the gradebook's, the copied pair is flagged and the honest one is not, the Moodle
grades import, and the page renders offline in Debian's Chromium (a screenshot is taken)."""

import csv
import json
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from autograder.batch import main as grade_batch
from autograder.grade import Limits
from autograder.workshops import get_workshop
from moodle_import import read_import
from report_class import EXPECTED_STATUS, OWN_STYLE_QUESTIONS, write_class

IRIS = get_workshop("iris")
CHROMIUM = Path("/usr/bin/chromium")
# As this machine's probe starts it: headless, and without the background connections that a
# closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]
ROSTER = ("id,email,idnumber\nana,ana@u.uy,1\nbeto,beto@u.uy,2\ncarla,carla@u.uy,3\ndario,dario@u.uy,4\n"
          "fede,fede@u.uy,6\nzoe,zoe@u.uy,9\n")


@pytest.fixture(scope="module")
def graded_class(built, tmp_path_factory):
    root = tmp_path_factory.mktemp("clase")
    write_class(root / "entregas", IRIS.solution_notebook(built / "dist"),
                IRIS.assignment_dir(built / "assignments") / IRIS.notebook_name)
    (root / "lista.csv").write_text(ROSTER, encoding="utf-8")
    report = grade_batch(workshop="iris", submissions_dir=root / "entregas", out=root / "notas",
                         limits=Limits(timeout=240), workers=2, dist_dir=built / "dist", progress=False,
                         roster=root / "lista.csv")
    return root / "notas", report


class Tables(HTMLParser):
    """The text of every cell of every table with an id, by id: ``{id: [[cell, ...], ...]}``."""

    def __init__(self, page: str):
        super().__init__()
        self.tables, self._table, self._row, self._cell = {}, None, None, None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id"):
            self._table = self.tables.setdefault(dict(attrs)["id"], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def gradebook(out):
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_the_batch_writes_a_report_whose_numbers_equal_the_gradebook(graded_class):
    out, batch = graded_class
    rows = gradebook(out)
    assert {row["student_id"]: row["status"] for row in rows} == EXPECTED_STATUS
    assert {row["student_id"]: row["total"] for row in rows if row["student_id"] in ("ana", "eva")} == {
        "ana": "22", "eva": "22"}  # eva's own code is a correct answer
    assert batch.class_report is not None and batch.report_error == ""
    assert "class report:" in batch.summary()
    tables = Tables((out / "report.html").read_text(encoding="utf-8")).tables
    totals = [float(row["total"]) for row in rows]
    summary = dict(tables["resumen"])
    assert summary["Entregas en la planilla"] == str(len(rows))
    assert summary["Puntaje promedio"] == f"{sum(totals) / len(totals):.2f}"
    questions = [column for column in rows[0] if column.startswith("q")]
    maxima = {test["name"]: test["max_score"] for test in json.loads(
        (out / "results" / "ana.json").read_text(encoding="utf-8"))["tests"]}
    for name, maximum, mean, full in tables["preguntas"][1:]:
        points = [float(row[name]) for row in rows]
        assert float(maximum) == maxima[name]
        assert mean == f"{sum(points) / len(points):.2f}"
        assert full.split()[0] == str(sum(p >= maxima[name] for p in points))
    assert [row[0] for row in tables["preguntas"][1:]] == questions
    statuses = {row[0].split("(")[-1].rstrip(")"): int(row[1]) for row in tables["estados"][1:]}
    assert statuses == {status: list(EXPECTED_STATUS.values()).count(status) for status in set(EXPECTED_STATUS.values())}
    times = {student: float(seconds) for student, seconds in tables["tiempos"][1:]}
    for student in EXPECTED_STATUS:
        extra = json.loads((out / "results" / f"{student}.json").read_text(encoding="utf-8"))["extra_data"]
        assert times[student] == pytest.approx(extra["grading_seconds"], abs=0.05)
    assert all((out / f"report-{name}.png").is_file() for name in ("totales", "preguntas", "tiempos"))


def test_each_check_counts_the_submissions_that_failed_it(graded_class):
    out, _ = graded_class
    graded = [row["student_id"] for row in gradebook(out) if row["status"] == "ok"]
    failed = Counter()
    for student in graded:
        for test in json.loads((out / "results" / f"{student}.json").read_text(encoding="utf-8"))["tests"]:
            cases = test["extra_data"]["cases"]
            for number, case in enumerate(cases, start=1):
                failed[f"{test['name']} · {number} de {len(cases)}"] += not case["passed"]
    rows = Tables((out / "report.html").read_text(encoding="utf-8")).tables["verificaciones"][1:]
    assert {row[0]: int(row[4].split()[0]) for row in rows} == failed
    assert all(row[4].endswith(f"de {len(graded)}") for row in rows)
    counts = [int(row[4].split()[0]) for row in rows]
    assert counts == sorted(counts, reverse=True)
    carla_q2 = next(row for row in rows if row[1] == "test_q2_capas")
    assert carla_q2[4].startswith("3 de") and "relu" in carla_q2[5]  # beto's stub, carla's and dario's ReLU


def test_copied_answers_are_flagged_and_honest_different_solutions_are_not(graded_class):
    similarity = graded_class[1].class_report.similarity
    flagged = {(pair.question, pair.first.student_id, pair.second.student_id) for pair in similarity.pairs}
    assert {("carla", "dario", q) for q in OWN_STYLE_QUESTIONS} <= {(a, b, q) for q, a, b in flagged}
    assert not {pair for pair in flagged if "eva" in pair}
    assert all(pair.score >= similarity.threshold for pair in similarity.pairs)
    assert {pair for pair in flagged if pair[1:] != ("carla", "dario")} == set()
    assert similarity.expected["q3"] >= 2  # the solution's answer, written by several, is set aside
    assert [student for student, _ in similarity.unreadable] == ["fede"]


def test_moodle_grades_of_the_batch_import(graded_class):
    out, batch = graded_class
    totals = {row["student_id"]: float(row["total"]) for row in gradebook(out)}
    imported = read_import((out / "moodle.csv").read_bytes(), map_from="Número de ID", users=set("123469"),
                           grade_column=IRIS.title, feedback_column=f"Comentarios: {IRIS.title}", max_grade=22)
    roster = {"1": "ana", "2": "beto", "3": "carla", "4": "dario", "6": "fede"}
    assert {idnumber: grade for idnumber, (grade, _) in imported.items()} == {
        **{idnumber: totals[student] for idnumber, student in roster.items()}, "9": None}
    assert "invalid" in imported["6"][1]
    moodle = batch.class_report.moodle
    assert moodle.missing == ["zoe"] and moodle.not_on_roster == ["eva", "gabi"]


def test_the_report_renders_offline_in_chromium(graded_class, tmp_path):
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium"
    out, _ = graded_class
    page_copy = tmp_path / "solo" / "report.html"  # alone in a folder: nothing beside it to load
    page_copy.parent.mkdir()
    shutil.copy(out / "report.html", page_copy)
    requests = []
    screenshot = tmp_path / "report.png"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("request", lambda request: requests.append(request.url))
            page.goto(page_copy.as_uri(), wait_until="load")
            images = page.eval_on_selector_all("img", "images => images.map(i => [i.id, i.naturalWidth])")
            page.locator("details").first.evaluate("details => { details.open = true; }")
            diff_text = page.locator("details").first.inner_text()
            heading = page.locator("h1").inner_text()
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    assert sorted(image_id for image_id, width in images if width > 0) == [
        "figura-preguntas", "figura-tiempos", "figura-totales"]
    assert heading == f"Informe del curso — {IRIS.title}"
    assert "carla" in diff_text and "dario" in diff_text
    with Image.open(screenshot) as image:
        assert image.width == 1200 and image.height > 3000
        colors = image.convert("RGB").resize((60, 200)).getcolors(maxcolors=60 * 200)
    assert len(colors) > 50  # text, tables and figures, not a blank page
