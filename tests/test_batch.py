"""Batch grading of a folder: one row per student with a status and reason, bad input graded not
fatal, newest submission counts, resumable, identical gradebook on regrade, Spanish feedback."""

import csv
import fcntl
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import nbformat
import psutil
import pytest

from autograder.batch import main as grade_batch
from autograder.engine.phase1.sandbox import AREA_PREFIX, LOCK_DIR, USER_PREFIX, remove_files_of
from autograder.grade import Limits
from autograder.submissions import InvalidSubmission, read_notebook, student_id
from autograder.workshops import get_workshop

IRIS = get_workshop("iris")


def make_folder(folder, built):
    """A class's submissions: correct, untouched, and broken in every way the batch must survive."""
    folder.mkdir()
    solution_path = IRIS.solution_notebook(built / "dist")
    solution = nbformat.read(solution_path, as_version=4)
    student_path = IRIS.assignment_dir(built / "assignments") / "iris.ipynb"
    with zipfile.ZipFile(folder / "ana_iris_2026_11_20T10_00_00.zip", "w") as archive:
        archive.write(student_path, "iris.ipynb")  # older export: superseded by the next one
    with zipfile.ZipFile(folder / "ana_iris_2026_11_23T10_00_00.zip", "w") as archive:
        archive.write(solution_path, "iris.ipynb")
    shutil.copy(student_path, folder / "beto.ipynb")
    (folder / "carla.ipynb").write_text('{"cells": [', encoding="utf-8")
    (folder / "dario.txt").write_text("hola", encoding="utf-8")
    empty = nbformat.v4.new_notebook(metadata=solution.metadata)
    nbformat.write(empty, folder / "eva.ipynb")
    other = nbformat.read(student_path, as_version=4)
    other.metadata["otter"]["assignment_name"] = "optuna"
    nbformat.write(other, folder / "fede.ipynb")
    with zipfile.ZipFile(folder / "gabi.zip", "w") as archive:
        archive.writestr("notas.txt", "sin cuaderno")
    dying = nbformat.read(solution_path, as_version=4)
    dying.cells.insert(3, nbformat.v4.new_code_cell("import os\nos._exit(1)"))
    nbformat.write(dying, folder / "hugo.ipynb")


EXPECTED = {  # student: (status, total, words of the reason)
    "ana": ("ok", "22", ""),
    "beto": ("ok", "0", ""),
    "carla": ("invalid", "0", "dañado"),
    "dario": ("invalid", "0", "no es un cuaderno"),
    "eva": ("invalid", "0", "no tiene celdas de código"),
    "fede": ("invalid", "0", "es del taller 'optuna'"),
    "gabi": ("invalid", "0", "no tiene ningún cuaderno"),
    "hugo": ("error", "0", "kernel muerto"),
}


@pytest.fixture(scope="module")
def batch(built, tmp_path_factory):
    root = tmp_path_factory.mktemp("batch")
    make_folder(root / "entregas", built)
    report = grade_batch(workshop="iris", submissions_dir=root / "entregas", out=root / "notas",
                         limits=Limits(timeout=240), workers=2, dist_dir=built / "dist", progress=False)
    return root, report


def read_gradebook(path):
    with open(path, newline="", encoding="utf-8") as file:
        return {row["student_id"]: row for row in csv.DictReader(file)}


def test_every_student_gets_a_row_with_status_and_reason(batch):
    root, report = batch
    rows = read_gradebook(root / "notas" / "gradebook.csv")
    assert sorted(rows) == sorted(EXPECTED)
    for student, (status, total, reason) in EXPECTED.items():
        assert (rows[student]["status"], rows[student]["total"]) == (status, total), student
        assert reason in rows[student]["reason"], rows[student]["reason"]
        assert (root / "notas" / "results" / f"{student}.json").is_file()
    assert rows["ana"]["submission"] == "ana_iris_2026_11_23T10_00_00.zip"
    assert rows["ana"]["q9"] == "4" and rows["ana"]["max_total"] == "22"


def test_older_submission_of_a_student_is_listed_as_superseded(batch):
    root, _ = batch
    superseded = (root / "notas" / "superseded.csv").read_text(encoding="utf-8").splitlines()
    assert superseded == ["student_id,submission,kept",
                          "ana,ana_iris_2026_11_20T10_00_00.zip,ana_iris_2026_11_23T10_00_00.zip"]


def test_feedback_is_spanish_and_gives_hints_not_test_code(batch):
    root, _ = batch
    feedback = (root / "notas" / "feedback" / "beto.md").read_text(encoding="utf-8")
    assert "Estado: calificada" in feedback and "Puntaje: 0 / 22" in feedback
    assert "| q2 | 0 / 3 | no aprobada |" in feedback
    assert "`modelo_sigmoid` todavía no tiene valor" in feedback
    assert "def test_" not in feedback and "Error at line" not in feedback
    assert "check_" not in feedback
    invalid = (root / "notas" / "feedback" / "carla.md").read_text(encoding="utf-8")
    assert "Estado: entrega inválida" in invalid and "Motivo: el cuaderno está dañado" in invalid


def test_second_run_skips_what_is_graded_and_rewrites_the_same_gradebook(batch, built):
    root, _ = batch
    before = (root / "notas" / "gradebook.csv").read_bytes()
    report = grade_batch(workshop="iris", submissions_dir=root / "entregas", out=root / "notas",
                         dist_dir=built / "dist", progress=False)
    assert (report.graded, report.skipped) == (0, len(EXPECTED))
    assert (root / "notas" / "gradebook.csv").read_bytes() == before
    assert not list((root / "notas").rglob("*.tmp"))


def test_a_lost_result_or_a_changed_file_is_regraded_to_the_same_gradebook(batch, built, tmp_path):
    root, _ = batch
    out, folder = tmp_path / "notas", tmp_path / "entregas"
    shutil.copytree(root / "notas", out)
    shutil.copytree(root / "entregas", folder)
    (out / "results" / "ana.json").unlink()  # ana's notebook runs again, to the same scores
    (folder / "dario.txt").write_text("otra cosa", encoding="utf-8")
    report = grade_batch(workshop="iris", submissions_dir=folder, out=out,
                         dist_dir=built / "dist", progress=False)
    assert report.graded == 2
    assert (out / "gradebook.csv").read_bytes() == (root / "notas" / "gradebook.csv").read_bytes()


@pytest.mark.parametrize("file_name, expected", [
    ("ana.perez.ipynb", "ana.perez"),
    ("Ana.Perez_iris.ipynb", "ana.perez"),
    ("ana.perez_iris_2026_11_23T10_00_00.zip", "ana.perez"),
    ("ana.perez-iris_2026_11_23T10_00_00_123456.zip", "ana.perez"),
    ("iris_2026_11_23T10_00_00.zip", "iris"),
])
def test_student_id_rule(file_name, expected):
    assert student_id(file_name, "iris") == expected


@pytest.mark.parametrize("content, message", [
    (b"", "dañado"),
    (b"\x89PNG\r\n", "dañado"),
    (b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": "x"}', "formato válido|celdas"),
])
def test_unreadable_notebooks_are_invalid(tmp_path, content, message):
    path = tmp_path / "x.ipynb"
    path.write_bytes(content)
    with pytest.raises(InvalidSubmission, match=message):
        read_notebook(path, "iris")


def test_interrupted_batch_keeps_what_was_graded_and_resumes(built, tmp_path):
    folder, out = tmp_path / "entregas", tmp_path / "notas"
    folder.mkdir()
    (folder / "carla.ipynb").write_text("{", encoding="utf-8")
    looping = nbformat.read(IRIS.solution_notebook(built / "dist"), as_version=4)
    looping.cells.insert(1, nbformat.v4.new_code_cell("while True:\n    pass"))
    nbformat.write(looping, folder / "zoe.ipynb")
    # Ctrl-C as in a TA's terminal: a suite started in the background (`make test &`) hands its children
    # SIGINT ignored, and Python then keeps it ignored.
    command = [sys.executable, "-c", (
        "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "from autograder.batch import main; from autograder.grade import Limits; "
        f"main(workshop='iris', submissions_dir={str(folder)!r}, out={str(out)!r}, workers=2, "
        f"dist_dir={str(built / 'dist')!r}, progress=False, limits=Limits(timeout=300))")]
    batch = subprocess.Popen(command)
    deadline = time.monotonic() + 60
    while not (out / "results" / "carla.json").exists() or not psutil.Process(batch.pid).children(recursive=True):
        assert time.monotonic() < deadline and batch.poll() is None
        time.sleep(0.2)
    time.sleep(3)  # zoe's notebook is looping by now
    descendants = psutil.Process(batch.pid).children(recursive=True)
    os.kill(batch.pid, signal.SIGINT)
    # A batch that did not stop its grading would grade zoe (a timeout at 300 s) and write zoe.json,
    # which the checks below refuse.
    assert batch.wait(timeout=600) != 0
    psutil.wait_procs(descendants, timeout=15)
    assert not [p for p in descendants if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert (out / "results" / "carla.json").exists()
    assert not (out / "results" / "zoe.json").exists()
    assert not list(out.rglob("*.tmp"))

    report = grade_batch(workshop="iris", submissions_dir=folder, out=out, dist_dir=built / "dist",
                         progress=False, limits=Limits(timeout=20))
    assert (report.graded, report.skipped) == (1, 1)
    assert read_gradebook(out / "gradebook.csv")["zoe"]["status"] == "timeout"


def test_ctrl_c_delivered_to_a_grading_thread_stops_the_wait_at_once():
    """Linux may deliver the batch's SIGINT to any of its threads, and Python raises it in the main
    thread only when that thread runs: the batch's wait wakes every second, so it does not wait
    for the grading that runs (minutes, for a looping notebook) to end."""
    from concurrent.futures import ThreadPoolExecutor

    from autograder.batch import _as_completed

    finish = threading.Event()

    def grading():
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        finish.wait(30)

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C as in a batch run by hand
    started = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            with pytest.raises(KeyboardInterrupt):
                try:
                    for future in _as_completed([pool.submit(grading)]):
                        future.result()
                finally:
                    interrupted_after = time.monotonic() - started
                    finish.set()
    finally:
        signal.signal(signal.SIGINT, previous)
    assert interrupted_after < 5


def test_a_killed_batch_leaves_no_process_behind(built, tmp_path):
    """SIGKILL of the batch (as root here): its engines, kernels and launchers end with it."""
    folder = tmp_path / "entregas"
    folder.mkdir()
    looping = nbformat.read(IRIS.solution_notebook(built / "dist"), as_version=4)
    looping.cells.insert(3, nbformat.v4.new_code_cell("while True:\n    pass"))
    nbformat.write(looping, folder / "zoe.ipynb")
    batch = subprocess.Popen([sys.executable, "-m", "autograder", "grade", "iris", str(folder), "--out",
                              str(tmp_path / "notas"), "--dist", str(built / "dist")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not any("ipykernel" in " ".join(p.cmdline()) for p in _alive(psutil.Process(batch.pid).children(recursive=True))):
        assert time.monotonic() < deadline and batch.poll() is None
        time.sleep(0.5)
    time.sleep(2)  # the notebook is looping
    descendants = psutil.Process(batch.pid).children(recursive=True)
    (kernel_user,) = {p.uids().real for p in descendants if "ipykernel" in " ".join(p.cmdline())}
    os.kill(batch.pid, signal.SIGKILL)
    batch.wait()
    _, alive = psutil.wait_procs(descendants, timeout=15)
    assert not _alive(alive)
    _assert_next_grading_removes_the_area_left(pwd.getpwuid(kernel_user))


def _assert_next_grading_removes_the_area_left(account):
    """A killed engine cannot remove its slot's area: the slot's next grading does, before it starts."""
    def areas():
        found = []
        for path in Path(tempfile.gettempdir()).glob(f"{AREA_PREFIX}*"):
            try:
                found += [path] if path.lstat().st_gid == account.pw_gid else []
            except FileNotFoundError:
                pass
        return found

    assert areas()
    slot = int(account.pw_name[len(USER_PREFIX):])
    lock = os.open(LOCK_DIR / f"{slot}.lock", os.O_RDWR)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a grading takes the slot (waiting out one that holds it)
        remove_files_of(account.pw_uid, account.pw_gid)
        assert not areas()
    finally:
        os.close(lock)


def _alive(processes) -> list:
    alive = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                alive.append(process)
        except psutil.NoSuchProcess:
            pass
    return alive


def _signed(folder, name="ana.json", results=None):
    from autograder.signatures import write_signed

    path = folder / name
    write_signed(path, results or {"score": 22, "extra_data": {"status": "ok"}}, KEY)
    return path


KEY = bytes(range(32))


@pytest.mark.parametrize("change, signed", [
    (lambda folder, path: None, True),
    (lambda folder, path: path.write_text(path.read_text().replace("22", "23")), False),  # edited
    (lambda folder, path: (folder / "ana.json.firma").unlink(), False),  # no signature
    (lambda folder, path: (folder / "ana.json.firma").write_text("0" * 64), False),  # a made-up one
    (lambda folder, path: path.rename(folder / "beto.json") or (folder / "ana.json.firma").rename(
        folder / "beto.json.firma"), False),  # another student's file and signature
])
def test_only_results_the_grader_wrote_and_nobody_changed_are_signed(tmp_path, change, signed):
    from autograder.signatures import is_signed

    path = _signed(tmp_path)
    change(tmp_path, path)
    target = path if path.exists() else tmp_path / "beto.json"
    assert is_signed(target, KEY) is signed
    assert not is_signed(path, bytes(32)) or not path.exists()  # another key never verifies


def test_the_results_key_is_made_once_and_readable_by_its_owner_alone(tmp_path, monkeypatch):
    from autograder import signatures

    monkeypatch.setattr(signatures, "key_dir", lambda: tmp_path / "estado")
    key = signatures.load_key()
    assert len(key) == 32 and signatures.load_key() == key
    assert oct((tmp_path / "estado" / signatures.KEY_FILE).stat().st_mode & 0o777) == "0o600"
    assert oct((tmp_path / "estado").stat().st_mode & 0o777) == "0o700"
    (tmp_path / "estado" / signatures.KEY_FILE).write_bytes(b"corta")
    with pytest.raises(RuntimeError, match="damaged"):
        signatures.load_key()
