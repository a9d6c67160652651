"""The class report on batch output folders written here (results in the engine's own format): its
numbers, statuses and checks, similar answers, the roster and the Moodle grades, and bad input.
Graded for real and rendered in a browser: ``test_report_batch.py``."""

import csv
import json

import nbformat
import pytest

from autograder.cli import main as cli
from autograder.engine.phase2.results import gradescope_results
from autograder.feedback import question_feedback
from autograder.report import main as write_report
from autograder.report.batch_output import BatchOutputError, write_manifest
from autograder.moodle.roster import RosterError, read_roster
from autograder.report.similarity import CHECK_CELL, compare
from autograder.workshops import get_workshop
from moodle_import import MoodleImportError, read_import

IRIS = get_workshop("iris")
TEMPLATE = nbformat.read(IRIS.assignment_dir() / IRIS.notebook_name, as_version=4)
QUESTIONS = {"q1": [1.0, 1.0], "q2": [0.0, 2.0, 1.0]}  # each check's points


def case(points, passed, hint=""):
    return {"test": "t", "hidden": points > 0, "points": points, "passed": passed, "hint": hint}


def results_of(status, failing=(), seconds=12.5, reason=""):
    """A results file as the engine writes it: ``failing`` holds (question, check index, hint)."""
    failed = {(question, index): hint for question, index, hint in failing}
    questions = [{"name": name, "cases": [case(points, (name, index) not in failed, failed.get((name, index), ""))
                                         for index, points in enumerate(points_list)]}
                 for name, points_list in QUESTIONS.items()]
    if status != "ok":
        questions = [{**question, "cases": [{**c, "passed": False} for c in question["cases"]]}
                     for question in questions]
    results = gradescope_results(questions, status=status, reason=reason, show_hidden=False, hidden=set(),
                                 execution_time=seconds)
    results["extra_data"].update(grading_seconds=seconds, workshop="iris")
    return results


def write_batch(folder, students, submissions=None):
    """A batch output folder: ``students`` maps ids to results (or to text, a corrupt results file)."""
    (folder / "results").mkdir(parents=True)
    rows = []
    for student, results in students.items():
        path = folder / "results" / f"{student}.json"
        if isinstance(results, str):
            path.write_text(results, encoding="utf-8")
            results = {}
        else:
            path.write_text(json.dumps(results), encoding="utf-8")
        scores = {q: s for q, (s, _, _) in question_feedback(results).items()}
        extra = results.get("extra_data", {})
        rows.append({"student_id": student, "submission": f"{student}.ipynb",
                     **{q: f"{scores.get(q, 0):g}" for q in QUESTIONS},
                     "total": f"{sum(scores.values()):g}", "max_total": "5",
                     "status": extra.get("status", "error"), "reason": extra.get("reason", "")})
    with open(folder / "gradebook.csv", "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=["student_id", "submission", *QUESTIONS, "total", "max_total",
                                                  "status", "reason"])
        writer.writeheader()
        writer.writerows(rows)
    write_manifest(folder, workshop="iris", submissions_dir=submissions or folder / "no-such-folder")


@pytest.fixture
def class_folder(tmp_path):
    out = tmp_path / "notas"
    write_batch(out, {
        "ana": results_of("ok"),
        "beto": results_of("ok", [("q2", 1, "Las capas deberían ser Dense(2, tanh)."), ("q1", 0, "Falta X.")]),
        "carla": results_of("ok", [("q2", 1, "Las capas deberían ser Dense(2, tanh)."), ("q2", 2, "Sin compilar.")]),
        "dario": results_of("ok", [("q2", 1, "`modelo` todavía no tiene valor.")]),
        "eva": results_of("timeout", reason="la ejecución superó 600 s"),
        "fede": results_of("memory", reason="la ejecución superó 2048 MB"),
        "gabi": results_of("tampered", reason="el cuaderno modificó el entorno de Python: numpy/__init__.py"),
        "hugo": results_of("invalid", reason="el cuaderno está dañado"),
        "ines": "{ no es json",
    })
    return out


def test_questions_checks_and_statuses_come_from_the_gradebook_and_results(class_folder):
    report = write_report(out=class_folder, dist_dir=class_folder / "sin-dist")
    summary = report.summary
    assert summary.students == 9 and summary.max_total == 5
    assert sorted(summary.totals) == [0, 0, 0, 0, 0, 2, 2, 3, 5]
    q1, q2 = summary.questions
    assert (q1.name, q1.max_points, q1.full_marks) == ("q1", 2, 3)
    assert q2.mean_points == pytest.approx((3 + 1 + 0 + 1) / 9) and q2.full_marks == 1
    worst = summary.checks[0]
    assert (worst.label, worst.failed, worst.evaluated, worst.hidden) == ("q2 · 2 de 3", 3, 4, True)
    assert worst.hints == [("Las capas deberían ser Dense(2, tanh).", 2), ("`modelo` todavía no tiene valor.", 1)]
    assert [c.failed for c in summary.checks] == sorted((c.failed for c in summary.checks), reverse=True)
    statuses = {group.status: [student for student, _ in group.students] for group in summary.statuses}
    assert statuses == {"ok": ["ana", "beto", "carla", "dario"], "timeout": ["eva"], "memory": ["fede"],
                        "error": ["ines"], "tampered": ["gabi"], "invalid": ["hugo"]}
    page = report.path.read_text(encoding="utf-8")
    for text in ("tiempo agotado", "memoria excedida", "entorno alterado", "entrega inválida",
                 "numpy/__init__.py", "Las capas deberían ser Dense(2, tanh).", "2 de 3"):
        assert text in page
    assert dict(summary.times)["ana"] == 12.5 and "ines" not in dict(summary.times)
    assert all(path.read_bytes().startswith(b"\x89PNG") for path in report.figures.values())
    assert page.count("data:image/png;base64,") == 3


def test_a_missing_submissions_folder_is_said_not_fatal(class_folder):
    report = write_report(out=class_folder, dist_dir=class_folder / "sin-dist")
    assert "no se encontró la carpeta de entregas" in report.similarity.note
    assert report.similarity.note in report.path.read_text(encoding="utf-8")


@pytest.mark.parametrize("make, message", [
    (lambda folder: None, "has no gradebook.csv"),
    (lambda folder: (folder / "gradebook.csv").write_text("a,b\n1,2\n"), "lacks the columns student_id"),
])
def test_a_folder_that_is_not_a_batch_output_is_a_clear_error(tmp_path, make, message):
    make(tmp_path)
    with pytest.raises(BatchOutputError, match=message):
        write_report(out=tmp_path)


def test_the_report_command_names_the_problem(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        cli(["report", str(tmp_path)])
    assert stopped.value.code == 2
    assert "has no gradebook.csv" in capsys.readouterr().err


def answer_notebook(**answers):
    """The Iris student notebook with the first answer cell of each question replaced."""
    notebook = nbformat.from_dict(TEMPLATE)
    current = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        check = CHECK_CELL.match(cell.source.strip())
        if check:
            if check.group(1) in answers:
                current[0].source = answers[check.group(1)]
            current = []
        elif "otter_answer_cell" in cell.metadata.get("tags", []):
            current.append(cell)
    return notebook


SEQUENTIAL = '''modelo_sigmoid = Sequential()
modelo_sigmoid.add(Input(shape=[4]))
modelo_sigmoid.add(Dense(2, activation="tanh"))
modelo_sigmoid.add(Dense(3, activation="sigmoid"))
modelo_sigmoid.summary()'''
SEQUENTIAL_RENAMED = '''# primero la red
red = Sequential()   # vacía
red.add(Input(shape=[4]))

red.add(Dense(2, activation="tanh"))  # oculta
red.add(Dense(3, activation="sigmoid"))  # salida
modelo_sigmoid = red
modelo_sigmoid.summary()'''
FUNCTIONAL = '''entradas = Input(shape=(4,))
oculta = Dense(units=2, activation="tanh")(entradas)
modelo_sigmoid = Model(inputs=entradas, outputs=Dense(units=3, activation="sigmoid")(oculta))
modelo_sigmoid.summary()'''
LAYER_LIST = '''capas = [Input(shape=(4,)), Dense(2), Activation("tanh"), Dense(3), Activation("sigmoid")]
modelo_sigmoid = Sequential(capas)
modelo_sigmoid.summary()'''
DOCUMENTED = '''def construir():
    """Arma la red 4-2-3."""
    capas = [Input(shape=(4,)), Dense(2), Activation("tanh"), Dense(3), Activation("sigmoid")]
    return Sequential(capas)


modelo_sigmoid = construir()
modelo_sigmoid.summary()'''
DOCUMENTED_OTHERWISE = '''def armar():
    """Otra explicación, más larga, de la misma red."""
    # capas en orden
    lista = [Input(shape=(4,)), Dense(2), Activation("tanh"), Dense(3), Activation("sigmoid")]
    return Sequential(lista)


modelo_sigmoid = armar()
modelo_sigmoid.summary()'''
SHORT = "modelo_sigmoid = Sequential([Dense(2)])\nmodelo_sigmoid.summary()"
BROKEN = LAYER_LIST.replace('Activation("sigmoid")]', 'Activation("sigmoid")')  # an unclosed bracket
BROKEN_RENAMED = BROKEN.replace("capas", "lista")


@pytest.mark.parametrize("first, second, flagged", [
    pytest.param(LAYER_LIST, LAYER_LIST.replace("capas", "mis_capas") + "  # la misma", True,
                 id="renamed_and_commented"),
    pytest.param(DOCUMENTED, DOCUMENTED_OTHERWISE, True, id="other_names_docstrings_and_comments"),
    pytest.param(BROKEN, BROKEN_RENAMED, True, id="code_that_does_not_parse_compared_as_words"),
    pytest.param(LAYER_LIST, FUNCTIONAL, False, id="honest_different_styles"),
    pytest.param(FUNCTIONAL, DOCUMENTED, False, id="honest_functional_and_a_function"),
    pytest.param(SHORT, SHORT, False, id="identical_answers_too_short_to_tell"),
    pytest.param(SEQUENTIAL, SEQUENTIAL_RENAMED, False, id="both_the_solution_answer"),
])
def test_similar_answers(first, second, flagged):
    solution = answer_notebook(q2=SEQUENTIAL)
    similarity = compare({"ana": answer_notebook(q2=first), "beto": answer_notebook(q2=second)}, TEMPLATE,
                         solution_notebook=solution)
    pairs = [(pair.question, pair.first.student_id, pair.second.student_id) for pair in similarity.pairs]
    assert pairs == ([("q2", "ana", "beto")] if flagged else [])


def test_untouched_stubs_are_never_compared():
    similarity = compare({"ana": TEMPLATE, "beto": TEMPLATE, "carla": TEMPLATE}, TEMPLATE)
    assert similarity.pairs == [] and set(similarity.compared.values()) == {0}


def test_the_threshold_is_a_setting():
    lowered = compare({"ana": answer_notebook(q2=LAYER_LIST), "beto": answer_notebook(q2=FUNCTIONAL)}, TEMPLATE,
                      threshold=0.3)
    assert [pair.question for pair in lowered.pairs] == ["q2"] and 0.3 <= lowered.pairs[0].score < 0.9


def roster(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "lista.csv"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("text, message", [
    ("", "is empty"),
    ("nombre,apellido\nAna,Pérez\n", r"expected a column id and a column email or idnumber; found 'nombre'"),
    ("id,nombre\nana,Ana\n", "expected a column id and a column email or idnumber"),
    ("id,email\n", "has a header but no students"),
    ("id,email\nana,ana@u.uy\nAna,otra@u.uy\n", r"rows 2 and 3: the id 'ana' twice"),
    ("id,email\n,ana@u.uy\n", "row 2: the id is empty"),
    ("id,email,idnumber\nana,,\n", r"row 2 \(ana\): neither email nor idnumber"),
])
def test_bad_rosters_are_clear_errors(tmp_path, text, message):
    with pytest.raises(RosterError, match=message):
        read_roster(roster(tmp_path, text))


def test_a_missing_roster_is_an_error_before_anything_is_graded(tmp_path):
    from autograder.batch import main as grade_batch

    (tmp_path / "entregas").mkdir()
    with pytest.raises(RosterError, match="not found"):
        grade_batch(workshop="iris", submissions_dir=tmp_path / "entregas", out=tmp_path / "notas",
                    roster=tmp_path / "no.csv", dist_dir=tmp_path, progress=False)
    assert not (tmp_path / "notas").exists()


@pytest.mark.parametrize("text, encoding", [
    ("\ufeffID,Correo electrónico,Nombre\nAna,ana@u.uy,Ana Pérez\nbeto,beto@u.uy,Beto\n", "utf-8"),
    ("Estudiante;Dirección de correo\nana;ana@u.uy\nbeto;beto@u.uy\n", "cp1252"),
    ("student_id\tEmail address\nana\tana@u.uy\nbeto\tbeto@u.uy\n", "utf-8"),
])
def test_rosters_as_spreadsheets_save_them(tmp_path, text, encoding):
    assert [(e.student_id, e.email) for e in read_roster(roster(tmp_path, text, encoding))] == [
        ("ana", "ana@u.uy"), ("beto", "beto@u.uy")]


def test_moodle_grades_round_trip_through_moodle_import(class_folder, tmp_path):
    text = ("id,email,idnumber\nana,ana@u.uy,4.123.456-7\nbeto,beto@u.uy,5.000.001-2\n"
            "carla,carla@u.uy,3.999.999-9\nzoe,zoe@u.uy,1.111.111-1\n")
    report = write_report(out=class_folder, roster=roster(tmp_path, text), dist_dir=class_folder / "sin-dist")
    moodle = report.moodle
    assert moodle.identifiers == ["idnumber", "email"]
    assert moodle.graded == ["ana", "beto", "carla"] and moodle.missing == ["zoe"]
    assert moodle.not_on_roster == ["dario", "eva", "fede", "gabi", "hugo", "ines"]
    grade_column = IRIS.title
    for map_from, users in (("Número de ID", {"4.123.456-7", "5.000.001-2", "3.999.999-9", "1.111.111-1"}),
                            ("Dirección de correo", {"ana@u.uy", "beto@u.uy", "carla@u.uy", "zoe@u.uy"})):
        imported = read_import(moodle.path.read_bytes(), map_from=map_from, users=users, grade_column=grade_column,
                               feedback_column=f"Comentarios: {grade_column}", max_grade=5)
        assert sorted(str(grade) for grade, _ in imported.values()) == ["2.0", "2.0", "5.0", "None"]
    by_email = read_import(moodle.path.read_bytes(), map_from="Dirección de correo", users={
        "ana@u.uy", "beto@u.uy", "carla@u.uy", "zoe@u.uy"}, grade_column=grade_column,
        feedback_column=f"Comentarios: {grade_column}", max_grade=5)
    assert by_email["ana@u.uy"][0] == 5 and by_email["beto@u.uy"][0] == 2 and by_email["zoe@u.uy"] == (None, "")
    assert by_email["carla@u.uy"][1] == "2 / 5 (q1 2, q2 0); repasar: q2"
    with open(class_folder / "moodle-fuera-de-lista.csv", newline="", encoding="utf-8") as file:
        outside = {row["student_id"]: row for row in csv.DictReader(file)}
    assert sorted(outside) == moodle.not_on_roster and outside["dario"]["total"] == "3"
    page = report.path.read_text(encoding="utf-8")
    assert "zoe" in page and "hugo" in page


def test_moodle_import_reader_refuses_what_moodle_refuses():
    good = "Dirección de correo,Nota,Comentarios\nana@u.uy,3.5,bien\n"
    options = dict(map_from="Dirección de correo", users={"ana@u.uy"}, grade_column="Nota",
                   feedback_column="Comentarios", max_grade=5)
    assert read_import(good.encode(), **options) == {"ana@u.uy": (3.5, "bien")}
    for bad, message in [("Dirección de correo,Nota,Comentarios\nana@u.uy,3,5,bien\n", "csvweirdcolumns"),
                         ("Dirección de correo,Nota,Comentarios\nana@u.uy,\"3,5\",bien\n", "badgrade"),
                         ("Dirección de correo,Nota,Comentarios\nzoe@u.uy,3,bien\n", "usermappingerror"),
                         ("Dirección de correo,Nota,Nota\nana@u.uy,3,3\n", "duplicatefieldname")]:
        with pytest.raises(MoodleImportError, match=message):
            read_import(bad.encode(), **options)


def test_a_huge_answer_weighs_at_most_its_cap():
    from autograder.report.similarity import MAX_TOKENS, Template, answers_of

    huge = "\n".join(f"valor_{i} = [{i}, 'a', f(valor_{i})]" for i in range(40_000))
    answers = answers_of("ana", answer_notebook(q2=huge), Template(TEMPLATE))
    assert len(answers["q2"].tokens) == MAX_TOKENS
