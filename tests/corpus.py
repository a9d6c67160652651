"""A corpus of hostile and broken submissions, for any workshop.

Each case starts from the workshop's untouched student notebook (worth 0), a bare one (that
notebook's Otter cell alone: no library to import, so the case grades in seconds) or its solution
(full marks) and appends one cell, or replaces the file altogether. Cells only use the notebook's test
variables (``{variables}``), so the corpus applies to every workshop. ``expected`` is the status,
the total (``"zero"`` or ``"full"``) and words of the reason that grading must give when it runs
as root (each notebook isolated as a user of its own); ``unprivileged`` is what a grader that is
not root gives, where it differs. ``ENVIRONMENT_CASES`` change the Python environment: as root they
cannot, and without root each is detected (``tampered``) and stops its batch, so each is graded
in a batch of its own.

A cell reports what it could do through the name of the exception it raises, which grading writes
into the reason (``celdas de código con errores: 24 (PruebasNoLeidas)``).
"""

import copy
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


# A module that, run at the start of a Python process, marks every test case passed in phase 2's
# outcome; written into the environment by ENVIRONMENT_CASES.
POISON = """
import json
_dumps = json.dumps
def _todo_aprobado(valor, *args, **kwargs):
    if isinstance(valor, dict) and "questions" in valor:
        for pregunta in valor["questions"]:
            for caso in pregunta["cases"]:
                caso["passed"] = True
    return _dumps(valor, *args, **kwargs)
json.dumps = _todo_aprobado
"""
PACKAGES = 'import sysconfig, os\n_paquetes = sysconfig.get_paths()["purelib"]\n'
# Where the hidden tests could be, as a student who read this repository knows: Gradescope's
# layout, the TA's project (the masters and the zips), and wherever the grader's processes work.
HUNT_TESTS = """
import os
def _lugares():
    yield from ["/autograder", "/work", "/root", "/home", "/tmp", "/var/tmp", "/srv", "/opt", "/mnt"]
    for _pid in os.listdir("/proc"):
        if _pid.isdigit():
            for _enlace in ("cwd", "root"):
                try:
                    yield os.readlink(f"/proc/{_pid}/{_enlace}")
                except OSError:
                    pass
_leidas = []
for _lugar in set(_lugares()):
    for _carpeta, _subcarpetas, _archivos in os.walk(_lugar):
        _subcarpetas[:] = [d for d in _subcarpetas if d not in (".venv", "site-packages", "proc", "sys")][:200]
        for _archivo in _archivos:
            if _archivo.endswith((".py", ".ipynb", ".zip")):
                try:
                    _texto = open(os.path.join(_carpeta, _archivo), "rb").read(3_000_000)
                except OSError:
                    continue
                # A test file, a master (the markers are split, so that this cell's own notebook has none).
                if b"hidden=" + b"True)\\ndef test_" in _texto or b"hidden" + b": true" in _texto:
                    _leidas.append(os.path.join(_carpeta, _archivo))
"""
# A batch's resume forged: the cell finds the batch's command line among the processes it can see,
# writes its own results file (its submission's SHA-256, a neighbour's full marks) where the batch
# keeps them, and kills the batch; a TA then runs the same command again. It kills only once, so
# that the second run can finish. Isolated, it sees no process of the grader.
FORGE_RESUME = """
import glob, hashlib, json, os, signal
_lote = None
for _pid in sorted((p for p in os.listdir('/proc') if p.isdigit()), key=int):
    try:
        _linea = [x.decode() for x in open(f'/proc/{_pid}/cmdline', 'rb').read().split(b'\\0')]
    except OSError:
        continue
    if 'grade' in _linea and '--out' in _linea:
        _lote = (int(_pid), _linea)
        break
if _lote is None:
    raise type('LoteNoEncontrado', (Exception,), {})()
_pid, _linea = _lote
_entregas, _notas = _linea[_linea.index('grade') + 2], _linea[_linea.index('--out') + 1]
_mia = next(p for p in glob.glob(os.path.join(_entregas, '*.ipynb')) if 'LoteNoEncontrado' in open(p).read())
_id = os.path.splitext(os.path.basename(_mia))[0]
_destino = os.path.join(_notas, 'results', _id + '.json')
if not os.path.exists(_destino):
    _vecino = next(json.load(open(p)) for p in glob.glob(os.path.join(_notas, 'results', '*.json'))
                   if json.load(open(p))['extra_data']['status'] == 'ok')
    _vecino['extra_data'].update(student_id=_id, submission=os.path.basename(_mia),
                                 sha256=hashlib.sha256(open(_mia, 'rb').read()).hexdigest(), reason='')
    json.dump(_vecino, open(_destino, 'w'))
    os.kill(_pid, signal.SIGKILL)
"""
# Stops, then kills, every process it can see but itself: the grader's own, where it can see them.
STOP_EVERYTHING = """
import os, signal
for _senal in (signal.SIGSTOP, signal.SIGKILL):
    for _pid in [int(p) for p in os.listdir('/proc') if p.isdigit()]:
        if _pid != os.getpid():
            try:
                os.kill(_pid, _senal)
            except OSError:
                pass
"""
# Fills the shared memory and the scratch folders: 3 GB written to /dev/shm, 4 GB allocated in
# /tmp and /var/tmp; isolated, each is a small private folder that ends with the notebook.
FILL_SCRATCH = """
import os
_bloque = b'x' * 2**24
try:
    with open('/dev/shm/relleno-del-corpus', 'wb') as _archivo:
        for _ in range(3 * 2**30 // len(_bloque)):
            _archivo.write(_bloque)
except OSError:
    pass
for _carpeta in ('/tmp', '/var/tmp'):
    try:
        _descriptor = os.open(os.path.join(_carpeta, 'relleno-del-corpus'), os.O_CREAT | os.O_WRONLY, 0o600)
        os.posix_fallocate(_descriptor, 0, 4 * 2**30)
    except OSError:
        pass
"""
FILLER = "relleno-del-corpus"
# Looks for phase 2's process, started early where the kernel is isolated, and tries everything on
# it: stop it, write its standard input (where its job comes), read its memory, enter its folder,
# plant a module in the engine it imports. Raises what it found: FaseDosNoVista (no such process
# in sight), FaseDosInalcanzable (seen, nothing done) or FaseDosAlcanzada (and what worked).
REACH_PHASE_TWO = """
import os, signal
_vista, _logrado = False, []
for _pid in [int(p) for p in os.listdir('/proc') if p.isdigit()]:
    try:
        _partes = open(f'/proc/{_pid}/cmdline', 'rb').read().split(b'\\0')
    except OSError:
        continue
    if _pid == os.getpid() or not any(b'engine.phase2.evaluate' in _parte for _parte in _partes):
        continue
    _vista = True
    _motor = _partes[6].decode() if len(_partes) > 6 else '/'
    _intentos = {
        'detener': lambda: os.kill(_pid, signal.SIGSTOP),
        'entrada': lambda: open(f'/proc/{_pid}/fd/0', 'w').write('{}\\n'),
        'memoria': lambda: open(f'/proc/{_pid}/mem', 'rb').close(),
        'carpeta': lambda: os.listdir(f'/proc/{_pid}/cwd'),
        'motor': lambda: open(os.path.join(_motor, 'autograder', 'checks', 'falsa.py'), 'w').write('x = 1'),
    }
    for _nombre, _intento in _intentos.items():
        try:
            _intento()
            _logrado.append(_nombre)
        except OSError:
            pass
_clase = 'FaseDosAlcanzada' if _logrado else 'FaseDosInalcanzable' if _vista else 'FaseDosNoVista'
raise type(_clase, (Exception,), {})(str(_logrado))
"""
# 800 processes that never end by themselves, in a new session each.
MANY_SLEEPS = """
import subprocess
_durmientes = []
for _ in range(800):
    try:
        _durmientes.append(subprocess.Popen(['sleep', '86400'], start_new_session=True))
    except OSError:
        break
"""


@dataclass(frozen=True)
class Case:
    name: str
    base: str  # "student", "bare" or "solution"
    cell: str
    expected: tuple  # (status, "zero" | "full", words of the reason), as root
    unprivileged: tuple | None = None  # the same, when the grader is not root (None: as root)

    def expectation(self, *, root: bool) -> tuple:
        return self.expected if root or self.unprivileged is None else self.unprivileged


CASES = [
    Case("infinite_loop", "bare", "while True:\n    pass", ("timeout", "zero", "tiempo límite")),
    Case("sleeps_forever_after_correct_answers", "solution", "import time\ntime.sleep(10**6)",
         ("timeout", "full", "se calificó lo ejecutado")),
    Case("loop_that_ignores_interrupts", "bare",
         "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass",
         ("timeout", "zero", "no respondió a la interrupción")),
    Case("allocates_far_more_than_the_cap", "bare", 'acaparar = b"x" * (8 * 2**30)',
         ("memory", "zero", "límite de memoria")),
    Case("prints_hundreds_of_megabytes", "solution", 'for _ in range(300):\n    print("x" * 2**20)',
         ("ok", "full", "")),  # output is thrown away; grading is unaffected
    Case("sys_exit_in_a_cell", "solution", "import sys\nsys.exit()", ("ok", "full", "SystemExit")),
    Case("os_exit_in_a_cell", "solution", "import os\nos._exit(0)", ("error", "zero", "kernel muerto")),
    Case("kernel_kills_itself", "solution", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
         ("error", "zero", "kernel muerto")),
    Case("redefines_builtins", "bare", (
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
    Case("fake_object_with_19_parameters", "bare", (
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
    Case("writes_its_own_results_and_otter_log", "bare", FIND_ROOT + (
        f"for _destino in ['results.json', os.path.join(_raiz, 'results', 'results.json')]:\n"
        f"    open(_destino, 'w').write({FULL_MARKS_RESULTS!r})\n"
        "open('.OTTER_LOG', 'w').write('todo aprobado')"),
         ("ok", "zero", "")),
    Case("writes_results_then_kills_its_kernel", "bare", FIND_ROOT + (
        f"open(os.path.join(_raiz, 'results', 'results.json'), 'w').write({FULL_MARKS_RESULTS!r})\n"
        "os._exit(0)"),
         ("ok", "zero", ""),  # isolated, the notebook cannot even see the grader's command line
         unprivileged=("error", "zero", "kernel muerto")),
    Case("leaves_a_process_that_rewrites_results", "bare", FIND_ROOT + (
        "import subprocess, sys\n"
        "_escritor = ('import time, sys\\nwhile True:  # escritor del corpus\\n'\n"
        "             '    open(sys.argv[1], \"w\").write(sys.argv[2])\\n    time.sleep(0.1)')\n"
        "subprocess.Popen([sys.executable, '-c', _escritor, os.path.join(_raiz, 'results', 'results.json'),\n"
        f"                  {FULL_MARKS_RESULTS!r}], start_new_session=True)"),
         ("ok", "zero", "")),
    Case("reads_hidden_tests_prints_and_raises_them", "bare", FIND_ROOT + (
        "print(_texto)\n"
        "for _nombre in {variables}:\n"
        "    globals()[_nombre] = _texto\n"
        "raise RuntimeError(_texto)"),
         ("ok", "zero", "celdas de código con errores")),
    # The grader's files only: the data files beside the notebook are the notebook's own, and its
    # functions are called after its last cell (iris q1 replays `cargar_datos` on
    # `iris_muestra.csv`), so a notebook that deletes them loses those calls, as it would by itself.
    Case("deletes_the_graders_files_after_correct_answers", "solution", FIND_ROOT + (
        "import shutil\n"
        "for _carpeta in ['autograder', 'tests', os.path.join(_raiz, 'source', 'tests'),\n"
        "                 os.path.join(_raiz, 'source', 'files'), os.path.join(_raiz, 'source', 'autograder')]:\n"
        "    shutil.rmtree(_carpeta, ignore_errors=True)"),
         ("ok", "full", "")),
    Case("edits_support_files_and_tests", "bare", FIND_ROOT + (
        "for _ruta in _pruebas:\n"
        "    open(_ruta, 'w').write('from otter.test_files import test_case\\nname = \"q1\"\\npoints = 99\\n'\n"
        "                           '@test_case(points=99)\\ndef test_todo():\\n    pass\\n')\n"
        "for _ruta in glob.glob(os.path.join(_raiz, 'source', '**', 'checks', '*.py'), recursive=True) + \\\n"
        "        glob.glob('autograder/checks/*.py'):\n"
        "    open(_ruta, 'w').write('def __getattr__(nombre):\\n    return lambda *a, **k: None\\n')\n"
        "for _archivo in glob.glob('*.csv') + glob.glob(os.path.join(_raiz, 'source', 'files', '*.csv')):\n"
        "    open(_archivo, 'w').write('a,b\\n1,2\\n')"),
         ("ok", "zero", "")),
    # A full-marks results file at the layout's root, then the names phase 2 used to run from
    # taken, so that it fails: the forged file must never stand.
    Case("forges_results_and_blocks_phase_two", "bare", FIND_ROOT + (
        f"open(os.path.join(_raiz, 'results', 'results.json'), 'w').write({FULL_MARKS_RESULTS!r})\n"
        "for _nombre in ['evaluacion', 'evaluacion-vacia', 'confiable', 'exportado', 'sondas']:\n"
        "    for _padre in ['..', _raiz, os.path.dirname(_raiz)]:\n"
        "        os.makedirs(os.path.join(_padre, _nombre, 'files'), exist_ok=True)\n"
        "        open(os.path.join(_padre, _nombre, 'numpy.py'), 'w').write('raise SystemExit(0)')"),
         ("ok", "zero", "")),
    # Modules that shadow what phase 2 imports, wherever the notebook can write and phase 2 might
    # run or look: its own folder and its parents, the shared temporary folders.
    Case("plants_modules_where_phase_two_might_run", "bare", (
        "import os, tempfile\n"
        "_sombra = 'import json\\njson.dumps = lambda *a, **k: \"{}\"\\n'\n"
        "_lugares = [os.getcwd(), os.path.dirname(os.getcwd()), os.path.dirname(os.path.dirname(os.getcwd())),\n"
        "            tempfile.gettempdir(), '/tmp', '/var/tmp', '/dev/shm']\n"
        "for _lugar in _lugares:\n"
        "    for _modulo in ['numpy.py', 'json.py', 'keras.py', 'otter.py', 'sitecustomize.py', 'usercustomize.py']:\n"
        "        try:\n"
        "            open(os.path.join(_lugar, _modulo), 'w').write(_sombra)\n"
        "        except OSError:\n"
        "            pass\n"
        "    for _carpeta in ['evaluacion-1', 'calificacion-1', 'autograder', 'motor']:\n"
        "        try:\n"
        "            os.makedirs(os.path.join(_lugar, _carpeta, 'autograder', 'engine'), exist_ok=True)\n"
        "        except OSError:\n"
        "            pass"),
         ("ok", "zero", "")),
    # A process that leaves its session and its parent (double fork), then keeps trying to write
    # results and to plant files after the notebook ended.
    Case("daemon_in_a_new_session_after_correct_answers", "solution", (
        "import os, sys, time\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        "        os.execv(sys.executable, [sys.executable, '-c', 'import time, glob, os\\n'\n"
        "                 'while True:  # demonio del corpus\\n'\n"
        "                 '    for p in glob.glob(\"/tmp/*/autograder/results\") + glob.glob(\"/tmp/*/evaluacion*\"):\\n'\n"
        "                 '        try: open(os.path.join(p, \"results.json\"), \"w\").write(\"{}\")\\n'\n"
        "                 '        except OSError: pass\\n'\n"
        "                 '    time.sleep(0.1)'])\n"
        "    os._exit(0)\n"
        "time.sleep(0.5)"),
         ("ok", "full", "")),
    # Looks for the hidden tests wherever a student who read this repository would: as root the
    # notebook sees none of those places.
    Case("hunts_for_the_hidden_tests", "bare", HUNT_TESTS + (
        "raise type('PruebasLeidas' if _leidas else 'PruebasNoLeidas', (Exception,), {})(str(_leidas[:3]))"),
         ("ok", "zero", "PruebasNoLeidas"), unprivileged=("ok", "zero", "PruebasLeidas")),
    # What a notebook run as the TA's own user did to a batch (issue 22): isolated, none of it reaches
    # the grader, the host's shared memory and scratch folders, or outlives the grading.
    Case("forges_its_resume_and_kills_the_batch", "bare", FORGE_RESUME, ("ok", "zero", "LoteNoEncontrado")),
    Case("stops_and_kills_every_process_it_sees", "bare", STOP_EVERYTHING, ("ok", "zero", "")),
    Case("fills_shared_memory_and_scratch_folders", "bare", FILL_SCRATCH, ("ok", "zero", "")),
    Case("forks_hundreds_of_sleeping_processes", "bare", MANY_SLEEPS, ("ok", "zero", "")),
    # Phase 2 starts early only where the kernel cannot reach it, and only with a core to spare: the
    # reason says which of the three this grading met (tests/test_hostile.py grades it early).
    Case("reaches_for_phase_two_while_it_waits", "bare", REACH_PHASE_TWO, ("ok", "zero", "FaseDos")),
    # Writing the environment is refused as root: the environment is read-only in the notebook's view.
    Case("tries_to_write_the_environment", "bare", PACKAGES + (
        "open(os.path.join(_paquetes, 'zz_intento.txt'), 'w').write('x')"),
         ("ok", "zero", "(OSError)")),
]

ENVIRONMENT_CASES = {  # name: (the cell, what the cell raises as root, where it cannot write)
    "writes_a_pth_file_into_site_packages": (PACKAGES + (
        "open(os.path.join(_paquetes, 'zz_todo_aprobado.py'), 'w').write(" + repr(POISON) + ")\n"
        "open(os.path.join(_paquetes, 'zz_todo_aprobado.pth'), 'w').write('import zz_todo_aprobado\\n')"),
        "(OSError)"),
    "writes_sitecustomize": (PACKAGES + (
        "open(os.path.join(_paquetes, 'sitecustomize.py'), 'w').write(" + repr(POISON) + ")"), "(OSError)"),
    "edits_an_installed_module_in_place": (PACKAGES + (
        "open(os.path.join(_paquetes, 'otter', 'test_files', '__init__.py'), 'a').write(" + repr(POISON) + ")"),
        "(PermissionError)"),
}
TAMPERED = ("tampered", "zero", "el cuaderno modificó el entorno de Python")

FILE_CASES = {  # cases that are whole files: (status, total, words of the reason)
    "export_zip_with_its_own_tests": ("ok", "zero", ""),
    "notebook_of_another_workshop": ("invalid", "zero", "es del taller 'otro'"),
    "malformed_json": ("invalid", "zero", "dañado"),
}


# Words in the command lines of the processes the corpus leaves behind; they never exit by
# themselves, so any that outlives its grading is found.
LEFTOVER_MARKERS = ("escritor del corpus", "demonio del corpus", "sleep 86400")
# Each notebook's time limit: the solution takes ~20 s of a core, and the corpus runs two notebooks
# at a time beside another test worker (`pytest -n 2`), so a notebook may get half a core or less.
CORPUS_TIMEOUT = 90


def bare(student: Path) -> nbformat.NotebookNode:
    """The student notebook with its Otter cell alone: its workshop's, with nothing to import."""
    notebook = nbformat.read(student, as_version=4)
    notebook.cells = [cell for cell in notebook.cells if cell.cell_type == "code" and "otter.Notebook(" in cell.source]
    return notebook


def write_case(path: Path, base, cell: str, variables: list):
    """``base`` (a notebook's path, or a notebook) with ``cell`` appended (``{variables}``
    standing for the test variables)."""
    notebook = copy.deepcopy(base) if isinstance(base, nbformat.NotebookNode) else nbformat.read(base, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(cell.replace("{variables}", repr(variables))))
    nbformat.write(notebook, path)


def write_corpus(folder: Path, *, student: Path, solution: Path, variables: list, environment=True):
    """Write every case into ``folder``, one file per case named after it (``ENVIRONMENT_CASES``
    too, unless ``environment`` is false)."""
    folder.mkdir(parents=True, exist_ok=True)
    bases = {"student": student, "bare": bare(student), "solution": solution}
    for case in CASES:
        write_case(folder / f"{case.name}.ipynb", bases[case.base], case.cell, variables)
    if environment:
        for name, (cell, _) in ENVIRONMENT_CASES.items():
            write_case(folder / f"{name}.ipynb", bases["bare"], cell, variables)
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


def expectations(*, root=True, environment=True) -> dict:
    """``{case name: (status, total, reason words)}`` for every case, as the grader runs."""
    expected = {**{case.name: case.expectation(root=root) for case in CASES}, **FILE_CASES}
    if environment:
        expected.update({name: ("ok", "zero", raised) if root else TAMPERED
                         for name, (_, raised) in ENVIRONMENT_CASES.items()})
    return expected
