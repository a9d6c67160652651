"""Grading as a TA who is not root: the notebook runs as the TA's own user, so it can write the
Python environment; every such change is detected (``tampered``, 0 points, the file named) and
stops the batch with how to restore it, and the engine's own defences hold without isolation.

Runs for real: a TA user is created, with a virtual environment of its own made from Debian's
interpreter whose packages are links to this project's (``otter`` a real copy, so that a notebook
can edit an installed module in place), and the command line runs as that user.
"""

import csv
import json
import os
import shutil
import subprocess
import sysconfig
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import psutil
import pytest

from autograder.engine.sandbox import end_processes_of, ensure_user, is_root, remove_files_of
from autograder.engine.test_sources import sources_in_zip, variables
from autograder.workshops import get_workshop
from corpus import CASES, CORPUS_TIMEOUT, ENVIRONMENT_CASES, FILE_CASES, LEFTOVER_MARKERS, write_case, write_corpus

IRIS = get_workshop("iris")
TA_USER = "talleres-ta-prueba"
DEBIAN_PYTHON = Path("/usr/bin/python3.11")
COPIED_PACKAGES = ("otter",)  # real, writable copies; every other package is a link to the project's
ENGINE_CASES = ("writes_its_own_results_and_otter_log", "writes_results_then_kills_its_kernel",
                "leaves_a_process_that_rewrites_results", "reads_hidden_tests_prints_and_raises_them",
                "deletes_support_files_after_correct_answers", "edits_support_files_and_tests",
                "forges_results_and_blocks_phase_two", "plants_modules_where_phase_two_might_run",
                "daemon_in_a_new_session_after_correct_answers", "hunts_for_the_hidden_tests")

pytestmark = pytest.mark.skipif(not is_root() or not DEBIAN_PYTHON.is_file(),
                                reason="needs root, to create the TA user, and Debian's python3.11")


@dataclass(frozen=True)
class TA:
    uid: int
    gid: int
    home: Path

    def own(self, *paths):
        for top in paths:
            for path in [Path(top), *Path(top).rglob("*")]:
                os.chown(path, self.uid, self.gid, follow_symlinks=False)

    def run(self, *command, timeout=900):
        return subprocess.run([str(part) for part in command], user=self.uid, group=self.gid, extra_groups=[],
                              cwd=self.home, capture_output=True, text=True, timeout=timeout,
                              env={"HOME": str(self.home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})

    def environment(self, name) -> Path:
        """A virtual environment of the TA's own, with this project's packages."""
        prefix = self.home / name
        done = self.run(DEBIAN_PYTHON, "-m", "venv", "--without-pip", prefix)
        assert done.returncode == 0, done.stderr
        packages = prefix / "lib" / "python3.11" / "site-packages"
        for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
            if entry.name in COPIED_PACKAGES:
                shutil.copytree(entry, packages / entry.name, ignore=shutil.ignore_patterns("__pycache__"))
            elif entry.name != "__pycache__":
                (packages / entry.name).symlink_to(entry)
        self.own(packages)
        return prefix

    def grade(self, environment, submissions, out, workers=2):
        return self.run(environment / "bin" / "python", "-m", "autograder", "grade", "iris", submissions,
                        "--out", out, "--dist", self.home / "dist", "--workers", workers, "--timeout", CORPUS_TIMEOUT)


@pytest.fixture(scope="module")
def ta(built):
    account = ensure_user(TA_USER)
    home = Path(tempfile.mkdtemp(prefix="ta-prueba-"))
    ta = TA(account.pw_uid, account.pw_gid, home)
    (home / "dist" / "iris").mkdir(parents=True)
    for path in (IRIS.autograder_zip(built / "dist"), IRIS.solution_notebook(built / "dist")):
        shutil.copy(path, home / "dist" / "iris" / path.name)
    shutil.copy(IRIS.assignment_dir(built / "assignments") / IRIS.notebook_name, home / "estudiante.ipynb")
    ta.own(home)
    yield ta
    end_processes_of(ta.uid)
    remove_files_of(ta.uid)  # what the corpus planted in the shared temporary folders
    shutil.rmtree(home, ignore_errors=True)


def gradebook(path):
    with open(path, newline="", encoding="utf-8") as file:
        return {row["student_id"]: row for row in csv.DictReader(file)}


@pytest.fixture(scope="module")
def engine_cases(ta):
    """The corpus's cases that the engine itself must withstand, and a correct submission."""
    folder = ta.home / "entregas"
    write_corpus(folder, student=ta.home / "estudiante.ipynb", solution=ta.home / "dist" / "iris" / "iris-solution.ipynb",
                 variables=variables(sources_in_zip(ta.home / "dist" / "iris" / "autograder.zip")), environment=False)
    for path in folder.iterdir():
        if path.stem not in ENGINE_CASES and path.stem not in FILE_CASES:
            path.unlink()
    shutil.copy(ta.home / "dist" / "iris" / "iris-solution.ipynb", folder / "solucion.ipynb")
    ta.own(folder)
    done = ta.grade(ta.environment("entorno"), folder, ta.home / "notas")
    assert done.returncode == 0, done.stderr[-3000:]
    return done, gradebook(ta.home / "notas" / "gradebook.csv")


def test_a_correct_submission_keeps_full_marks_without_isolation(engine_cases):
    done, rows = engine_cases
    assert (rows["solucion"]["status"], rows["solucion"]["total"]) == ("ok", "22")
    assert "isolation: none (not root)" in done.stdout


@pytest.mark.parametrize("case", [*ENGINE_CASES, *FILE_CASES])
def test_the_engine_alone_gives_no_point_beyond_what_was_earned(case, engine_cases, ta):
    _, rows = engine_cases
    expected = next((each.expectation(root=False) for each in CASES if each.name == case), FILE_CASES.get(case))
    status, total, reason = expected
    assert (rows[case]["status"], float(rows[case]["total"])) == (status, 22.0 if total == "full" else 0.0), rows[case]
    assert reason in rows[case]["reason"]
    results = json.loads((ta.home / "notas" / "results" / f"{case}.json").read_text(encoding="utf-8"))
    assert results["extra_data"].get("isolation", "ninguna") == "ninguna"


def test_nothing_the_notebooks_started_outlives_the_command(engine_cases, ta):
    leftovers = [process for process in psutil.process_iter(["cmdline", "uids"])
                 if process.info["uids"] and process.info["uids"].real == ta.uid
                 and any(marker in " ".join(process.info["cmdline"] or []) for marker in LEFTOVER_MARKERS)]
    assert not leftovers  # the fixture's teardown kills them, if any


@pytest.mark.parametrize("case", sorted(ENVIRONMENT_CASES))
def test_a_notebook_that_changes_the_environment_is_tampered_and_stops_the_batch(case, ta):
    folder = ta.home / f"entregas-{case}"
    folder.mkdir()
    write_case(folder / f"{case}.ipynb", ta.home / "estudiante.ipynb", ENVIRONMENT_CASES[case][0], [])
    shutil.copy(ta.home / "dist" / "iris" / "iris-solution.ipynb", folder / "zz_despues.ipynb")
    ta.own(folder)
    out = ta.home / f"notas-{case}"
    done = ta.grade(ta.environment(f"entorno-{case}"), folder, out, workers=1)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"the notebook of {case} changed the Python environment" in done.stderr
    assert "rebuild the virtual environment" in done.stderr and "run the same command again" in done.stderr
    rows = gradebook(out / "gradebook.csv")
    assert (rows[case]["status"], rows[case]["total"]) == ("tampered", "0")
    assert "el cuaderno modificó el entorno de Python" in rows[case]["reason"]
    changed_file = {"writes_a_pth_file_into_site_packages": "zz_todo_aprobado.pth",
                    "writes_sitecustomize": "sitecustomize.py",
                    "edits_an_installed_module_in_place": "test_files/__init__.py"}[case]
    assert changed_file in rows[case]["reason"] and changed_file in done.stderr
    assert not (out / "results" / "zz_despues.json").exists()  # graded by the next run, once restored


def test_a_tampered_submission_is_graded_again_once_the_environment_is_restored(ta):
    folder = ta.home / "entregas-restaurado"
    folder.mkdir()
    write_case(folder / "pth.ipynb", ta.home / "estudiante.ipynb", ENVIRONMENT_CASES["writes_a_pth_file_into_site_packages"][0], [])
    nbformat.write(nbformat.read(ta.home / "dist" / "iris" / "iris-solution.ipynb", as_version=4), folder / "zz_despues.ipynb")
    ta.own(folder)
    out = ta.home / "notas-restaurado"
    assert ta.grade(ta.environment("entorno-restaurado"), folder, out, workers=1).returncode == 2
    shutil.rmtree(ta.home / "entorno-restaurado")
    done = ta.grade(ta.environment("entorno-restaurado"), folder, out, workers=1)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = gradebook(out / "gradebook.csv")
    assert rows["pth"]["status"] == "tampered" and (rows["zz_despues"]["status"], rows["zz_despues"]["total"]) == ("ok", "22")
