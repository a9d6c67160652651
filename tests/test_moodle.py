"""Moodle's path: its download recognised in both layouts and graded into the right rows, the
assignment's grading worksheet filled in (kept whole, in its own language and encoding), the feedback
zip named for Moodle's import. What Moodle does with both uploads is read back with readers written
from its source (``moodle_assign_import.py``)."""

import csv
import io
import os
import zipfile
from datetime import datetime

import nbformat
import pytest

from autograder.batch import main as grade_batch
from autograder.cli import main as cli
from autograder.grade import Limits
from autograder.moodle.download import MoodleDownloadError, collect, is_download, parse, unpack
from autograder.moodle.feedback_zip import FeedbackZip, write_feedback_zip
from autograder.moodle.roster import feedback_text
from autograder.moodle.worksheet import WorksheetError, read_worksheet, write_worksheet
from autograder.report import ClassReport
from autograder.report.batch_output import BatchOutput, StudentResult
from autograder.report.similarity import Similarity
from autograder.workshops import get_workshop
from moodle_assign_import import MoodleImportError, feedback_files, read_worksheet_import, strtotime

IRIS = get_workshop("iris")
FOLDER = "assignsubmission_file"


@pytest.mark.parametrize("segment, expected", [
    ("Ana Pérez_123456_assignsubmission_file", ("Ana Pérez", "123456", "assignsubmission_file", "")),
    ("Ana Pérez_123456_assignsubmission_file_", ("Ana Pérez", "123456", "assignsubmission_file", "")),  # Moodle <= 4.0
    ("Ana Pérez_123456_assignsubmission_file_iris.ipynb", ("Ana Pérez", "123456", "assignsubmission_file", "iris.ipynb")),
    ("Núñez, José María_7_assignsubmission_file_mi_iris (2).ipynb",
     ("Núñez, José María", "7", "assignsubmission_file", "mi_iris (2).ipynb")),
    ("Participante_555_assignsubmission_file", ("Participante", "555", "assignsubmission_file", "")),
    ("Grupo A-Ana Pérez_123456_assignsubmission_file",  # a team's submission: the group's name first
     ("Grupo A-Ana Pérez", "123456", "assignsubmission_file", "")),
    ("Participant_555_assignsubmission_onlinetext_onlinetext.html",
     ("Participant", "555", "assignsubmission_onlinetext", "onlinetext.html")),
    ("ana.perez_iris.ipynb", None),
    ("iris_2026_11_23T10_00_00.zip", None),
    ("Ana Pérez_abc_assignsubmission_file", None),
    ("notas_123_otra_cosa.ipynb", None),
])
def test_moodle_names_each_file_after_its_participant(segment, expected):
    entry = parse(segment)
    assert (entry and (entry.name, entry.participant, entry.plugin, entry.file)) == expected


def notebook(folder, name, *, text="", when=datetime(2026, 11, 20, 10)):
    """A file written into a download, with its time."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text or '{"cells": []}', encoding="utf-8")
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def zip_holding(path, *names):
    """A zip at ``path`` holding the files ``names``."""
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, "{}")


def write_download(folder, *, flat):
    """A download as Moodle builds it (``downloader.php``), in folders or flat: Ana hands in a notebook,
    a PDF and, later, a zip of photos; José an export zip and, later, a notebook; a blind-marked
    participant a notebook (in a subfolder, in folders); Carla a PDF; Diego nothing but his folder
    (folders only)."""
    def put(participant, name, file, **options):
        prefix = f"{name}_{participant}_{FOLDER}"
        return notebook(folder, f"{prefix}_{file}" if flat else f"{prefix}/{file}", **options)

    put("101", "Ana Pérez", "iris.ipynb")
    put("101", "Ana Pérez", "informe.pdf", text="%PDF")
    photos = put("101", "Ana Pérez", "fotos.zip", when=datetime(2026, 11, 21, 10))
    zip_holding(photos, "flor.jpg", "borrador/iris.ipynb")  # a notebook, but not where an export puts it
    os.utime(photos, (datetime(2026, 11, 21, 10).timestamp(),) * 2)
    export = put("102", "Núñez, José", "iris_2026_11_20T10_00_00.zip")
    zip_holding(export, "iris.ipynb", "iris.pdf")
    put("102", "Núñez, José", "iris.ipynb", when=datetime(2026, 11, 22, 9))
    put("104", "Carla Díaz", "iris.pdf", text="%PDF")
    put("103", "Participante", "iris.ipynb" if flat else "entrega/iris.ipynb")
    if not flat:
        (folder / f"Diego Ríos_105_{FOLDER}").mkdir()
    notebook(folder, ".DS_Store")
    notebook(folder, "LEAME.txt", text="no es de nadie")


@pytest.mark.parametrize("flat", [False, True], ids=["folders", "flat"])
def test_a_download_gives_each_participant_their_notebook_and_reports_the_rest(tmp_path, flat):
    write_download(tmp_path, flat=flat)
    assert is_download(tmp_path)
    found = collect(tmp_path)
    kept = {submission.student_id: (submission.student_name, submission.path.name) for submission in found.kept}
    expected = {"101": ("Ana Pérez", "iris.ipynb"), "102": ("Núñez, José", "iris.ipynb"),
                "103": ("Participante", "iris.ipynb"), "104": ("Carla Díaz", "iris.pdf")}
    kept = {key: (name, file.split(f"{FOLDER}_")[-1]) for key, (name, file) in kept.items()}
    assert kept == expected
    assert [(old.student_id, old.path.name.split(f"{FOLDER}_")[-1]) for old, _ in found.superseded] == [
        ("102", "iris_2026_11_20T10_00_00.zip")]
    others = {(other.student_id, other.path.name.split(f"{FOLDER}_")[-1]): other.reason for other in found.others}
    assert others.pop(("101", "informe.pdf")) == "no es un cuaderno (.ipynb) ni un zip de exportación"
    assert others.pop(("101", "fotos.zip")) == "no es un cuaderno (.ipynb) ni un zip de exportación"
    assert "no es una entrega de Moodle" in others.pop(("", "LEAME.txt"))
    if not flat:
        assert others.pop(("105", f"Diego Ríos_105_{FOLDER}")) == "la entrega no tiene archivos"
    assert others == {}


def test_a_folder_or_zip_of_other_names_is_no_download(tmp_path):
    notebook(tmp_path / "entregas", "ana_iris.ipynb")
    assert not is_download(tmp_path / "entregas")
    with zipfile.ZipFile(tmp_path / "ana_iris.zip", "w") as archive:
        archive.writestr("iris.ipynb", "{}")
    assert not is_download(tmp_path / "ana_iris.zip")
    (tmp_path / "texto.zip").write_text("no es un zip", encoding="utf-8")
    assert not is_download(tmp_path / "texto.zip")


def test_unpacking_keeps_times_and_refuses_paths_out_of_its_folder(tmp_path):
    with zipfile.ZipFile(tmp_path / "descarga.zip", "w") as archive:
        archive.writestr(zipfile.ZipInfo(f"Ana_1_{FOLDER}/iris.ipynb", (2026, 11, 23, 10, 0, 0)), "{}")
    folder, failed = unpack(tmp_path / "descarga.zip", tmp_path / "fuera" / "moodle-entregas")
    assert failed == []
    unpacked = folder / f"Ana_1_{FOLDER}" / "iris.ipynb"
    assert datetime.fromtimestamp(unpacked.stat().st_mtime) == datetime(2026, 11, 23, 10)
    with zipfile.ZipFile(tmp_path / "malo.zip", "w") as archive:
        archive.writestr(f"Ana_1_{FOLDER}/../../../escapa.ipynb", "{}")
    with pytest.raises(MoodleDownloadError, match="would be written outside the folder"):
        unpack(tmp_path / "malo.zip", tmp_path / "otra")
    assert not (tmp_path / "escapa.ipynb").exists()
    (tmp_path / "roto.zip").write_bytes(b"PK\x03\x04 roto")
    with pytest.raises(MoodleDownloadError, match="cannot be read as a zip"):
        unpack(tmp_path / "roto.zip", tmp_path / "otra")


def test_a_file_the_download_cannot_give_back_is_reported_and_the_rest_unpacked(tmp_path):
    """A damaged member (its CRC), a name too long for the file system, and a file where a folder
    must go are reported with their participant; a member dated zero keeps the time it was unpacked."""
    path = tmp_path / "descarga.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(f"Ana_1_{FOLDER}/iris.ipynb", '{"cells": ["dañado"]}')
        archive.writestr(f"{'Á' * 130}_2_{FOLDER}/iris.ipynb", "{}")
        archive.writestr(f"Eva_3_{FOLDER}", "un archivo")
        archive.writestr(f"Eva_3_{FOLDER}/iris.ipynb", "{}")
        archive.writestr(zipfile.ZipInfo(f"Luis_4_{FOLDER}/iris.ipynb", (1980, 0, 0, 0, 0, 0)), "{}")
    data = bytearray(path.read_bytes())
    damaged = data.index("dañado".encode())
    data[damaged] ^= 1
    path.write_bytes(bytes(data))
    folder, failed = unpack(path, tmp_path / "moodle-entregas")
    reasons = {other.student_id: other.reason for other in failed}
    assert sorted(reasons) == ["1", "2", "3"]
    assert "BadZipFile" in reasons["1"] and all("no se pudo extraer" in reason for reason in reasons.values())
    assert not (folder / f"Ana_1_{FOLDER}" / "iris.ipynb").exists()
    found = collect(folder)
    assert [(submission.student_id, submission.path.name) for submission in found.kept] == [("3", f"Eva_3_{FOLDER}"),
                                                                                            ("4", "iris.ipynb")]
    assert abs(found.kept[1].submitted.timestamp() - datetime.now().timestamp()) < 60


# ------------------------------------------------------------------- worksheet and feedback files

MAX_SCORES = {"q1": 2.0, "q2": 3.0}


def student(participant, name, total, scores, status="ok"):
    return StudentResult(student_id=participant, submission=f"{name}/iris.ipynb", status=status, reason="",
                         scores=scores, total=total, max_total=5.0, seconds=10.0, student_name=name)


def batch_of(folder, worksheet=None):
    students = [student("101", "Ana Pérez", 5.0, {"q1": 2.0, "q2": 3.0}),
                student("102", "Núñez, José", 2.0, {"q1": 2.0, "q2": 0.0}),
                student("106", "Participante", 1.0, {"q1": 1.0, "q2": 0.0})]
    folder.mkdir(exist_ok=True)
    return BatchOutput(folder, IRIS, None, MAX_SCORES, students, moodle=True, worksheet=worksheet)


# The worksheet as Moodle 4 writes it (gradingtable.php, Spanish and English strings), for an
# assignment graded over 10; participant 103 has no submission and a grade already.
WORKSHEETS = {
    "es": ["Identificador", "Nombre completo", "Dirección de correo", "Estado", "Calificación", "Calificación máxima",
           "La calificación puede ser cambiada", "Última modificación (entrega)", "Última modificación (calificación)",
           "Comentarios de retroalimentación"],
    "en": ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum grade", "Grade can be changed",
           "Last modified (submission)", "Last modified (grade)", "Feedback comments"],
}


def worksheet_rows(language):
    participant, maximum = ("Participante", "10,00") if language == "es" else ("Participant ", "10.00")
    seven = "7,00" if language == "es" else "7.00"
    return [WORKSHEETS[language],
            [f"{participant}101", "Ana Pérez", "ana@x.edu.uy", "Enviado para calificar", "", maximum, "Sí",
             "jueves, 3 de diciembre de 2026, 10:00", "-", ""],
            [f"{participant}102", "Núñez, José", "jose@x.edu.uy", "Enviado para calificar", "", maximum, "Sí",
             "jueves, 3 de diciembre de 2026, 11:00", "-", ""],
            [f"{participant}103", "Zoe Paz", "zoe@x.edu.uy", "Sin entrega", seven, maximum, "Sí", "-",
             "lunes, 30 de noviembre de 2026, 09:00", "Bien; revise q2."]]


@pytest.mark.parametrize("language, encoding, separator, newline", [
    ("es", "utf-8-sig", ",", "\r\n"),  # as Moodle downloads it
    ("es", "cp1252", ";", "\r\n"),  # saved again by a Spanish spreadsheet
    ("en", "utf-8", ",", "\n"),
], ids=["es-moodle", "es-excel", "en"])
def test_the_downloaded_worksheet_is_filled_in_place_and_imports(tmp_path, language, encoding, separator, newline):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator, lineterminator=newline).writerows(worksheet_rows(language))
    given = tmp_path / "Calificaciones-iris.csv"
    given.write_bytes(buffer.getvalue().encode(encoding))
    export = write_worksheet(batch_of(tmp_path / "notas", given), given=given)
    assert (export.filled, export.without_submission, export.not_in_worksheet) == (["101", "102"], ["103"], ["106"])
    assert export.max_grade == 10
    written = export.path.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    text = written.decode(encoding)
    assert newline in text and (newline == "\r\n" or "\r" not in text)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    before = worksheet_rows(language)
    assert rows[0] == before[0] and rows[3] == before[3] and len(rows) == len(before)
    for row, original in zip(rows[1:3], before[1:3]):  # only the grade, its time and the comment changed
        assert [cell for index, cell in enumerate(row) if index not in (4, 8, 9)] == [
            cell for index, cell in enumerate(original) if index not in (4, 8, 9)]
        assert abs(strtotime(row[8]) - datetime.now().timestamp()) < 60
    imported = read_worksheet_import(written, language=language, encoding=encoding.removesuffix("-sig"),
                                     separator=separator, participants={"101", "102", "103"}, current={"103": 7.0},
                                     max_grade=10)
    assert imported == {"101": (10.0, "5 / 5 (q1 2, q2 3)"), "102": (4.0, "2 / 5 (q1 2, q2 0); repasar: q2"),
                        "103": (None, "Bien; revise q2.")}


def test_without_a_worksheet_a_new_one_in_spanish_imports(tmp_path):
    batch = batch_of(tmp_path / "notas")
    export = write_worksheet(batch)
    assert (export.filled, export.without_submission, export.not_in_worksheet) == (["101", "102", "106"], [], [])
    imported = read_worksheet_import(export.path.read_bytes(), language="es", encoding="utf-8", separator=",",
                                     participants={"101", "102", "106"}, current={}, max_grade=5)
    assert imported == {student.student_id: (student.total, feedback_text(student, MAX_SCORES))
                        for student in batch.students}
    assert read_worksheet(export.path).table.rows[1][:2] == ["Participante101", "Ana Pérez"]


def written_worksheet(tmp_path, rows):
    """The worksheet ``rows`` (Moodle's download: UTF-8 with a byte-order mark) filled in by the batch."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    given = tmp_path / "Calificaciones-iris.csv"
    given.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return write_worksheet(batch_of(tmp_path / "notas", given), given=given)


def test_moodle_keeps_grades_it_changed_after_the_batch_and_takes_the_others(tmp_path):
    """Moodle skips a row whose grade record changed after the row's time: a Spanish date reads as
    0, so Moodle's own worksheet would skip every participant already graded once; the batch's time
    lets a grade record from before it be replaced, and keeps one changed since."""
    rows = worksheet_rows("es")
    export = written_worksheet(tmp_path, rows)
    written = export.path.read_bytes()
    now = datetime.now().timestamp()
    imported = read_worksheet_import(written, language="es", encoding="utf-8", separator=",",
                                     participants={"101", "102"}, current={}, max_grade=10,
                                     graded_at={"101": now - 86400, "102": now + 3600})
    assert imported == {"101": (10.0, "5 / 5 (q1 2, q2 3)"), "102": (None, None)}
    assert read_worksheet_import(written, language="es", encoding="utf-8", separator=",", participants={"102"},
                                 current={}, max_grade=10, graded_at={"102": now + 3600}, ignoremodified=True) == {
        "102": (4.0, "2 / 5 (q1 2, q2 0); repasar: q2")}
    rows[1][4] = "10,00"  # what Moodle's own dates would have done: the row left stale
    assert read_worksheet_import("\n".join(",".join(f'"{cell}"' for cell in row) for row in rows).encode(),
                                 language="es", encoding="utf-8", separator=",", participants={"101"}, current={},
                                 max_grade=10, graded_at={"101": now - 86400}) == {"101": (None, None)}


def test_grades_the_worksheet_held_and_repeated_rows_are_reported_and_grades_use_a_point(tmp_path):
    rows = worksheet_rows("en")
    rows[1][4] = "3.50"  # Ana graded by hand before
    rows[2][4] = "4"  # José: the grade the batch gives him
    rows.append(list(rows[2]))  # José twice
    export = written_worksheet(tmp_path, rows)
    assert (export.filled, export.replaced, export.repeated) == (["101", "102"], [("101", "3.50")], ["102"])
    filled = read_worksheet(export.path).table.rows
    assert [row[4] for row in filled[1:]] == ["10.00", "4.00", "7.00", "4.00"]
    report_lines = ClassReport(export.path, {}, None, Similarity(0.9), None, worksheet=export,
                               feedback_zip=FeedbackZip(tmp_path / "notas" / "moodle-retroalimentacion.zip")).text()
    assert "now replaced: 101 (was 3.50)" in report_lines and "several rows, all filled: 102" in report_lines


@pytest.mark.parametrize("maximum", ["", "-", "Excelente"], ids=["empty", "dash", "scale"])
def test_a_worksheet_without_a_maximum_in_points_is_refused(tmp_path, maximum):
    rows = worksheet_rows("es")
    for row in rows[1:]:
        row[5] = maximum
    path = tmp_path / "hoja.csv"
    path.write_text("\n".join(",".join(f'"{cell}"' for cell in row) for row in rows), encoding="utf-8")
    with pytest.raises(WorksheetError, match="no number in its column Calificación máxima .* not a scale"):
        read_worksheet(path)
    path.write_text("\n".join(",".join(f'"{cell}"' for index, cell in enumerate(row) if index != 5) for row in rows),
                    encoding="utf-8")
    with pytest.raises(WorksheetError, match="no number in its column Calificación máxima"):
        read_worksheet(path)


@pytest.mark.parametrize("data, message", [
    (b"", "is empty"),
    ("Nombre completo,Calificación\nAna,\n".encode(), "lacks Moodle's columns Identificador, Última modificación"),
    (b"Identificador;Nota\nParticipante1;\n", "lacks Moodle's columns Calificación"),
    (b"Identificador,Calificaci\x81n\n", "neither UTF-8 nor Windows-1252"),
    ("Identificador\tCalificación\n".encode("utf-16"), "UTF-16 text .* save it again as CSV"),
])
def test_a_worksheet_moodle_would_refuse_is_refused(tmp_path, data, message):
    path = tmp_path / "hoja.csv"
    path.write_bytes(data)
    with pytest.raises(WorksheetError, match=message):
        read_worksheet(path)
    if data.isascii():
        with pytest.raises(MoodleImportError):
            read_worksheet_import(data or b"x\n", language="es", encoding="utf-8", separator=",",
                                  participants=set(), current={}, max_grade=10)


def test_each_feedback_file_is_named_for_its_participant(tmp_path):
    batch = batch_of(tmp_path / "notas")
    batch.students.append(student("107", "O'Brien_Ana <Mía>", 0.0, {"q1": 0.0, "q2": 0.0}))
    (batch.folder / "feedback").mkdir()
    for each in batch.students:
        hint = "`modelo` es <script>alert(1)</script>" if each.student_id == "102" else "bien"
        (batch.folder / "feedback" / f"{each.student_id}.md").write_text(
            f"# Devolución — Iris\n\n| Pregunta | Puntos |\n| --- | --- |\n| q1 | 2 / 2 |\n\n## q2\n\n- {hint}\n",
            encoding="utf-8")
    export = write_feedback_zip(batch)
    data = export.path.read_bytes()
    assert feedback_files(data, participants={"101", "102", "106", "107"}) == {
        participant: ["retroalimentacion-iris.html"] for participant in ("101", "102", "106", "107")}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(archive.namelist())
        assert names[0] == f"Ana Pérez_101_{FOLDER}_retroalimentacion-iris.html"
        assert f"OBrien Ana Mía_107_{FOLDER}_retroalimentacion-iris.html" in names
        page = archive.read(f"Núñez, José_102_{FOLDER}_retroalimentacion-iris.html").decode("utf-8")
    assert "<table>" in page and "<td>2 / 2</td>" in page
    assert "<script>" not in page and "&lt;script&gt;" in page


# ------------------------------------------------------------------- graded for real

def moodle_zip(path, built):
    """A download zip in folders, as Moodle builds it: Ana hands in the solution and a PDF, José and a
    blind-marked participant the untouched notebook, Carla a PDF, Diego an empty folder."""
    solution = IRIS.solution_notebook(built / "dist")
    student_notebook = IRIS.assignment_dir(built / "assignments") / IRIS.notebook_name
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(solution, f"Ana Pérez_101_{FOLDER}/iris.ipynb")
        archive.writestr(f"Ana Pérez_101_{FOLDER}/informe.pdf", "%PDF-1.4")
        archive.write(student_notebook, f"Núñez, José_102_{FOLDER}/iris.ipynb")
        archive.write(student_notebook, f"Participante_106_{FOLDER}/iris.ipynb")
        archive.writestr(f"Carla Díaz_104_{FOLDER}/iris.pdf", "%PDF-1.4")
        archive.writestr(f"Diego Ríos_105_{FOLDER}/", "")
    return path


@pytest.fixture(scope="module")
def graded_download(built, tmp_path_factory):
    root = tmp_path_factory.mktemp("moodle")
    download = moodle_zip(root / "iris-descarga.zip", built)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(worksheet_rows("es"))
    (root / "Calificaciones.csv").write_bytes(buffer.getvalue().encode("utf-8-sig"))
    report = grade_batch(workshop="iris", submissions_dir=download, out=root / "notas", limits=Limits(timeout=240),
                         workers=2, dist_dir=built / "dist", progress=False, worksheet=root / "Calificaciones.csv")
    return root, report


def test_a_moodle_download_grades_into_the_right_rows(graded_download):
    root, report = graded_download
    with open(root / "notas" / "gradebook.csv", newline="", encoding="utf-8") as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    summary = {participant: (row["student_name"], row["submission"], row["status"], row["total"])
               for participant, row in rows.items()}
    assert summary == {
        "101": ("Ana Pérez", f"Ana Pérez_101_{FOLDER}/iris.ipynb", "ok", "22"),
        "102": ("Núñez, José", f"Núñez, José_102_{FOLDER}/iris.ipynb", "ok", "0"),
        "104": ("Carla Díaz", f"Carla Díaz_104_{FOLDER}/iris.pdf", "invalid", "0"),
        "106": ("Participante", f"Participante_106_{FOLDER}/iris.ipynb", "ok", "0"),
    }
    with open(root / "notas" / "other-files.csv", newline="", encoding="utf-8") as file:
        others = {(row["student_id"], row["file"]): row["reason"] for row in csv.DictReader(file)}
    assert others == {("101", f"Ana Pérez_101_{FOLDER}/informe.pdf"): "no es un cuaderno (.ipynb) ni un zip de exportación",
                      ("105", f"Diego Ríos_105_{FOLDER}"): "la entrega no tiene archivos"}
    text = report.summary()
    assert "104: invalid" in text and "informe.pdf — no es un cuaderno" in text


def test_the_batch_fills_the_worksheet_and_zips_the_feedback(graded_download):
    root, report = graded_download
    worksheet, feedback = report.class_report.worksheet, report.class_report.feedback_zip
    assert worksheet.path == root / "notas" / "moodle-hoja.csv"
    assert (worksheet.filled, worksheet.without_submission) == (["101", "102"], ["103"])
    assert worksheet.not_in_worksheet == ["104", "106"]
    imported = read_worksheet_import(worksheet.path.read_bytes(), language="es", encoding="utf-8", separator=",",
                                     participants={"101", "102", "103"}, current={"103": 7.0}, max_grade=10)
    assert {participant: grade for participant, (grade, _) in imported.items()} == {"101": 10.0, "102": 0.0, "103": None}
    assert feedback_files(feedback.path.read_bytes(), participants={"101", "102", "103", "104", "106"}) == {
        participant: ["retroalimentacion-iris.html"] for participant in ("101", "102", "104", "106")}
    page = report.class_report.path.read_text(encoding="utf-8")
    assert "moodle-hoja.csv" in page and "moodle-retroalimentacion.zip" in page and 'id="fuera-de-la-hoja"' in page


def test_the_report_command_fills_the_worksheet_again_and_a_worksheet_needs_a_download(graded_download, built,
                                                                                       tmp_path, capsys):
    root, _ = graded_download
    (root / "notas" / "moodle-hoja.csv").unlink()
    cli(["report", str(root / "notas"), "--dist", str(built / "dist")])
    assert "Moodle grading worksheet" in capsys.readouterr().out
    assert read_worksheet(root / "notas" / "moodle-hoja.csv").table.rows[1][4] == "10.00"
    notebook(tmp_path / "entregas", "ana_iris.ipynb")
    with pytest.raises(ValueError, match="--hoja .* applies to Moodle's download"):
        grade_batch(workshop="iris", submissions_dir=tmp_path / "entregas", out=tmp_path / "notas",
                    dist_dir=built / "dist", worksheet=root / "Calificaciones.csv", progress=False)
    assert not (tmp_path / "notas").exists()
    with pytest.raises(SystemExit) as stop:
        cli(["grade", "iris", str(tmp_path / "entregas" / "ana_iris.ipynb"), "--hoja", str(root / "Calificaciones.csv")])
    assert stop.value.code == 2 and "--hoja apply to a folder" in capsys.readouterr().err.replace("--roster and ", "")


def test_a_flat_download_grades_into_the_same_rows(built, tmp_path):
    student_notebook = IRIS.assignment_dir(built / "assignments") / IRIS.notebook_name
    with zipfile.ZipFile(tmp_path / "descarga-plana.zip", "w") as archive:
        archive.write(student_notebook, f"Núñez, José_102_{FOLDER}_iris.ipynb")
        archive.writestr(f"Núñez, José_102_{FOLDER}_notas.txt", "borrador")
        archive.writestr(f"Carla Díaz_104_{FOLDER}_iris.pdf", "%PDF-1.4")
    report = grade_batch(workshop="iris", submissions_dir=tmp_path / "descarga-plana.zip", out=tmp_path / "notas",
                         limits=Limits(timeout=240), workers=2, dist_dir=built / "dist", progress=False)
    assert [(row["student_id"], row["student_name"], row["submission"], row["status"]) for row in report.rows] == [
        ("102", "Núñez, José", f"Núñez, José_102_{FOLDER}_iris.ipynb", "ok"),
        ("104", "Carla Díaz", f"Carla Díaz_104_{FOLDER}_iris.pdf", "invalid")]
    assert [(other.student_id, other.path.name) for other in report.others] == [
        ("102", f"Núñez, José_102_{FOLDER}_notas.txt")]
    assert report.class_report.worksheet.filled == ["102", "104"]
