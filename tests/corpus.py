"""A corpus of hostile and broken submissions, for any workshop.

Each case starts from the workshop's untouched student notebook (worth 0) or its solution (full
marks) and appends one cell, or replaces the file altogether. Cells only use the notebook's test
variables (``{variables}``), so the corpus applies to every workshop. ``expected`` is the status,
the total (``"zero"`` or ``"full"``) and words of the reason that grading must give.
"""

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

# Where the grader keeps the hidden tests, as a student's code can find it: the engine's command
# line names the layout's root.
FIND_ROOT = """
import glob, os
_linea = open(f"/proc/{os.getppid()}/cmdline", "rb").read().split(b"\\0")
_raiz = _linea[_linea.index(b"--root") + 1].decode()
_pruebas = {p: open(p).read() for p in glob.glob(os.path.join(_raiz, "source", "tests", "*.py"))}
_texto = "\\n".join(_pruebas.values())
"""
FULL_MARKS_RESULTS = ('{"score": 1000, "tests": [{"name": "q1", "score": 1000, "max_score": 1}], '
                      '"extra_data": {"status": "ok"}}')


@dataclass(frozen=True)
class Case:
    name: str
    base: str  # "student" or "solution"
    cell: str
    expected: tuple  # (status, "zero" | "full", words of the reason)


CASES = [
    Case("infinite_loop", "student", "while True:\n    pass", ("timeout", "zero", "tiempo límite")),
    Case("sleeps_forever_after_correct_answers", "solution", "import time\ntime.sleep(10**6)",
         ("timeout", "full", "se calificó lo ejecutado")),
    Case("loop_that_ignores_interrupts", "student",
         "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass",
         ("timeout", "zero", "no respondió a la interrupción")),
    Case("allocates_far_more_than_the_cap", "student", 'acaparar = b"x" * (8 * 2**30)',
         ("memory", "zero", "límite de memoria")),
    Case("prints_hundreds_of_megabytes", "solution", 'for _ in range(300):\n    print("x" * 2**20)',
         ("ok", "full", "")),  # output is thrown away; grading is unaffected
    Case("sys_exit_in_a_cell", "solution", "import sys\nsys.exit()", ("ok", "full", "SystemExit")),
    Case("os_exit_in_a_cell", "solution", "import os\nos._exit(0)", ("error", "zero", "kernel muerto")),
    Case("kernel_kills_itself", "solution", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
         ("error", "zero", "kernel muerto")),
    Case("redefines_builtins", "student", (
        "import builtins\n"
        "builtins.bool = lambda *a: True\nbuiltins.len = lambda *a: 19\n"
        "builtins.isinstance = lambda *a: True\nbuiltins.AssertionError = type('AE', (Exception,), {})\n"
        "bool, len, isinstance = builtins.bool, builtins.len, builtins.isinstance"),
         ("ok", "zero", "")),
    Case("redefines_builtins_after_correct_answers", "solution", (
        "import builtins\nbuiltins.len = lambda *a: 19\nbuiltins.isinstance = lambda *a: True\n"
        "builtins.bool = lambda *a: True"),
         ("ok", "full", "")),
    Case("patches_the_grader_and_the_libraries", "student", (
        "import sys, types, numpy, keras\n"
        "import autograder.checks as checks\n"
        "for _nombre in dir(checks):\n"
        "    if _nombre.startswith('check_'):\n"
        "        setattr(checks, _nombre, lambda *a, **k: a[0] if a else None)\n"
        "keras.Model.count_params = lambda self: 19\n"
        "numpy.testing.assert_allclose = lambda *a, **k: None\n"
        "numpy.allclose = lambda *a, **k: True\n"
        "_otter = sys.modules.setdefault('otter', types.ModuleType('otter'))\n"
        "_ok = types.ModuleType('otter.test_files.ok_test')\n"
        "_ok.run_doctest = lambda *a, **k: (True, '')\n"
        "sys.modules['otter.test_files.ok_test'] = _ok\n"
        "for _nombre in {variables}:\n"
        "    globals()[_nombre] = None"),
         ("ok", "zero", "")),
    Case("fake_object_with_19_parameters", "student", (
        "class Modelo:\n"
        "    built = compiled = True\n"
        "    layers = inputs = weights = trainable_weights = non_trainable_weights = []\n"
        "    def count_params(self):\n"
        "        return 19\n"
        "    def __eq__(self, other):\n"
        "        return True\n"
        "for _nombre in {variables}:\n"
        "    globals()[_nombre] = Modelo()"),
         ("ok", "zero", "")),
    Case("writes_its_own_results_and_otter_log", "student", FIND_ROOT + (
        f"for _destino in ['results.json', os.path.join(_raiz, 'results', 'results.json')]:\n"
        f"    open(_destino, 'w').write({FULL_MARKS_RESULTS!r})\n"
        "open('.OTTER_LOG', 'w').write('todo aprobado')"),
         ("ok", "zero", "")),
    Case("writes_results_then_kills_its_kernel", "student", FIND_ROOT + (
        f"open(os.path.join(_raiz, 'results', 'results.json'), 'w').write({FULL_MARKS_RESULTS!r})\n"
        "os._exit(0)"),
         ("error", "zero", "kernel muerto")),
    Case("leaves_a_process_that_rewrites_results", "student", FIND_ROOT + (
        "import subprocess, sys\n"
        "_escritor = ('import time, sys\\nfor _ in range(600):\\n'\n"
        f"             '    open(sys.argv[1], \"w\").write({FULL_MARKS_RESULTS!r})\\n    time.sleep(0.1)')\n"
        "subprocess.Popen([sys.executable, '-c', _escritor, os.path.join(_raiz, 'results', 'results.json')],\n"
        "                 start_new_session=True)"),
         ("ok", "zero", "")),
    Case("reads_hidden_tests_prints_and_raises_them", "student", FIND_ROOT + (
        "print(_texto)\n"
        "for _nombre in {variables}:\n"
        "    globals()[_nombre] = _texto\n"
        "raise RuntimeError(_texto)"),
         ("ok", "zero", "celdas de código con errores")),
    Case("deletes_support_files_after_correct_answers", "solution", FIND_ROOT + (
        "import shutil\n"
        "for _carpeta in ['autograder', os.path.join(_raiz, 'source', 'tests'),\n"
        "                 os.path.join(_raiz, 'source', 'files'), os.path.join(_raiz, 'source', 'autograder')]:\n"
        "    shutil.rmtree(_carpeta, ignore_errors=True)\n"
        "for _archivo in glob.glob('*.csv') + glob.glob('*.npz'):\n"
        "    os.remove(_archivo)"),
         ("ok", "full", "")),
    Case("edits_support_files_and_tests", "student", FIND_ROOT + (
        "for _ruta in _pruebas:\n"
        "    open(_ruta, 'w').write('from otter.test_files import test_case\\nname = \"q1\"\\npoints = 99\\n'\n"
        "                           '@test_case(points=99)\\ndef test_todo():\\n    pass\\n')\n"
        "for _ruta in glob.glob(os.path.join(_raiz, 'source', '**', 'checks', '*.py'), recursive=True) + \\\n"
        "        glob.glob('autograder/checks/*.py'):\n"
        "    open(_ruta, 'w').write('def __getattr__(nombre):\\n    return lambda *a, **k: None\\n')\n"
        "for _archivo in glob.glob('*.csv') + glob.glob(os.path.join(_raiz, 'source', 'files', '*.csv')):\n"
        "    open(_archivo, 'w').write('a,b\\n1,2\\n')"),
         ("ok", "zero", "")),
]

FILE_CASES = {  # cases that are whole files: (status, total, words of the reason)
    "export_zip_with_its_own_tests": ("ok", "zero", ""),
    "notebook_of_another_workshop": ("invalid", "zero", "es del taller 'otro'"),
    "malformed_json": ("invalid", "zero", "dañado"),
}


def write_corpus(folder: Path, *, student: Path, solution: Path, variables: list):
    """Write every case into ``folder``, one file per case named after it."""
    folder.mkdir(parents=True, exist_ok=True)
    bases = {"student": student, "solution": solution}
    for case in CASES:
        notebook = nbformat.read(bases[case.base], as_version=4)
        notebook.cells.append(nbformat.v4.new_code_cell(case.cell.replace("{variables}", repr(variables))))
        nbformat.write(notebook, folder / f"{case.name}.ipynb")
    with zipfile.ZipFile(folder / "export_zip_with_its_own_tests.zip", "w") as archive:
        archive.write(student, student.name)
        for number in range(1, 10):
            archive.writestr(f"tests/q{number}.py", "from otter.test_files import test_case\n"
                             f"name = 'q{number}'\npoints = 99\n@test_case(points=99)\ndef test_todo():\n    pass\n")
        archive.writestr("autograder/checks/__init__.py", "def __getattr__(n):\n    return lambda *a, **k: None\n")
    other = nbformat.read(student, as_version=4)
    other.metadata["otter"]["assignment_name"] = "otro"
    nbformat.write(other, folder / "notebook_of_another_workshop.ipynb")
    (folder / "malformed_json.ipynb").write_text(json.dumps(nbformat.read(student, as_version=4))[:4000],
                                                 encoding="utf-8")


def expectations() -> dict:
    """``{case name: (status, total, reason words)}`` for every case."""
    return {**{case.name: case.expected for case in CASES}, **FILE_CASES}
