"""Phase 1: run the student's notebook in a Jupyter kernel, within limits, and export its variables.

Cells run one by one through ``jupyter_client``. Before each cell every random generator is seeded
again (``seeding.seed``); what the cells print is counted and thrown away (nothing the student's
code prints reaches any output of the grader; when more than the output cap reaches the grader,
the reason says so). When the notebook passes its time limit the kernel is
interrupted and the cells not run yet are skipped; the variables are exported all the same, so
what was answered before the limit is graded. When the kernel dies or passes the memory cap,
nothing is exported.
"""

import json
import os
import queue
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from ..processes import dies_with_this_process, kill_tree, tree_rss
from ..settings import BUDGET

# The engine's modules that run inside the kernel (named from the engine's folder), in an order where
# each one's imports come first (a package, ``shared.codecs``, after its modules: its ``__init__``
# gathers them).
CODEC_MODULES = ("common", "arrays", "tables", "keras_objects", "tuners", "studies", "distributions", "figures",
                 "explanations", "instances", "functions")
KERNEL_MODULES = (*(f"shared.codecs.{name}" for name in CODEC_MODULES), "shared.codecs", "shared.encoding",
                  "shared.artifacts", "shared.seeding", "phase1.kernel_setup", "phase1.exporting")
PACKAGES = ("shared.codecs",)
ENGINE_DIR = Path(__file__).resolve().parent.parent


def _kernel_source(name: str) -> str:
    relative = Path(*name.split(".")) / "__init__.py" if name in PACKAGES else Path(*name.split(".")).with_suffix(".py")
    return (ENGINE_DIR / relative).read_text(encoding="utf-8")


KERNEL_SOURCES = {name: _kernel_source(name) for name in KERNEL_MODULES}
# Loads them into the kernel as the package ``calificador`` (its subpackages made first, empty, and
# filled by their ``__init__`` after their modules), each module with a private copy of the builtins
# (so a notebook that redefines ``len`` does not change how its variables are exported).
BOOTSTRAP = """
def _cargar_calificador(fuentes, paquetes):
    import builtins, sys, types

    def paquete(nombre):
        if nombre not in sys.modules:
            modulo = types.ModuleType(nombre)
            modulo.__path__ = []
            modulo.__package__ = nombre
            sys.modules[nombre] = modulo
            padre, _, hoja = nombre.rpartition(".")
            if padre:
                setattr(paquete(padre), hoja, modulo)
        return sys.modules[nombre]

    raiz = paquete("calificador")
    for nombre in paquetes:
        paquete("calificador." + nombre)
    for nombre, fuente in fuentes.items():
        completo = "calificador." + nombre
        if nombre in paquetes:
            modulo = sys.modules[completo]
        else:
            modulo = types.ModuleType(completo)
            modulo.__package__ = completo.rpartition(".")[0]
            sys.modules[completo] = modulo
            setattr(paquete(modulo.__package__), completo.rpartition(".")[2], modulo)
        modulo.__builtins__ = dict(vars(builtins))
        exec(compile(fuente, "<" + completo + ">", "exec"), modulo.__dict__)
    return raiz
_calificador_ = _cargar_calificador(FUENTES, PAQUETES)
del _cargar_calificador
"""
SHELL_LINE = re.compile(r"^(\s*)(!|%pip\b|%conda\b|%system\b|%%bash\b|%%sh\b|%%script\b)", re.M)
# The first line of every student notebook's setup cell (``solutions/setup_cell.py``).
SETUP_CELL_TITLE = "# @title Preparación del taller"


@dataclass
class Execution:
    """How the notebook ran: ``status`` among ok / timeout / memory / error, and why."""

    status: str = "ok"
    reason: str = ""
    exported: bool = False
    export_dir: Path | None = None
    cell_errors: list = field(default_factory=list)
    seconds: dict = field(default_factory=dict)  # how long each step took: kernel_start, setup, cells, export


@dataclass(frozen=True)
class NotebookJob:
    """What phase 1 needs: the notebook's code cells, where to run them, and what to export.

    ``area`` holds ``trabajo/`` (the kernel's working directory, with the workshop's files),
    ``exportado/``, the connection file and ``canal/`` (the kernel's sockets). ``probes`` (the
    recorded calls' files) are written there, in a new folder, only after the last cell ran. ``launch_prefix`` runs the kernel as
    the sandbox's user, and ``owner`` (uid, gid) owns what the engine writes for it.
    """

    cells: list
    area: Path
    probes: dict
    variables: list
    timeout: float
    memory_mb: float
    output_mb: float
    threads: int = 1
    launch_prefix: tuple = ()
    owner: tuple | None = None
    before_cells: object = None  # called once the kernel is up; a reason it gives stops the run

    @property
    def work_dir(self) -> Path:
        return self.area / "trabajo"

    @property
    def export_dir(self) -> Path:
        return self.area / "exportado"


def code_cells(notebook) -> list:
    """The sources of the notebook's code cells, shell commands commented out and the setup cell
    left out (it brings what a student's own environment lacks; grading has it all, offline)."""
    cells = []
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if source.strip() and not source.startswith(SETUP_CELL_TITLE):
            cells.append(SHELL_LINE.sub(r"\1# (omitido al calificar) \2", source))
    return cells


def thread_variables(threads: int) -> dict:
    """The environment variables that fix the threads of TensorFlow and of OpenMP."""
    return {variable: str(threads) for variable in ("OMP_NUM_THREADS", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS")}


def kernel_environment(work_dir: Path, threads: int) -> dict:
    """A clean environment: nothing of the grader's, a home of its own, fixed hashing and threads."""
    return {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(work_dir),
        "KERAS_HOME": str(work_dir / ".keras"),
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        **thread_variables(threads),
        "CUDA_VISIBLE_DEVICES": "-1",
    }


# The libraries the engine prepares for a notebook that mentions them (``libraries_used``).
LIBRARY_PATTERNS = {"keras": r"\b(keras|tensorflow)\b", "keras_tuner": r"\bkeras_tuner\b", "optuna": r"\boptuna\b"}


def libraries_used(cells) -> tuple:
    """The libraries of ``LIBRARY_PATTERNS`` that any of ``cells`` (their source) mentions."""
    return tuple(name for name, pattern in LIBRARY_PATTERNS.items() if any(re.search(pattern, cell) for cell in cells))


def _setup_code(job: NotebookJob, uses_keras: bool, uses_optuna: bool) -> str:
    lines = [BOOTSTRAP.replace("FUENTES", repr(KERNEL_SOURCES)).replace("PAQUETES", repr(PACKAGES)),
             "_calificador_.phase1.kernel_setup.stand_in_for_otter()",
             "_calificador_.phase1.kernel_setup.keep_builtins()"]
    if uses_keras:
        lines += ["import keras as _keras_del_calificador", f"_calificador_.phase1.kernel_setup.limit_threads({job.threads})"]
    if uses_optuna:
        lines.append("_calificador_.shared.seeding.seed_optuna()")
    return "\n".join(lines)


class _Kernel:
    """A started kernel and its blocking client; ``run`` executes code within a deadline."""

    def __init__(self, job: NotebookJob):
        from jupyter_client.manager import KernelManager

        class Manager(KernelManager):
            def format_kernel_cmd(self, extra_arguments=None):
                return [*job.launch_prefix, *super().format_kernel_cmd(extra_arguments)]

        self.job = job
        # Unix sockets in the area, which only the kernel's user (and root) can enter.
        self.manager = Manager(kernel_name="python3", transport="ipc", ip=str(job.area / "canal" / "zmq"))
        self.manager.connection_file = str(job.area / "conexion.json")
        # Interrupted by a message on the control channel: a signal to the kernel's process group
        # would reach a sandbox's launcher rather than the kernel inside its PID namespace.
        self.manager.kernel_spec.interrupt_mode = "message"
        # ``independent``: no parent polling (in a PID namespace the kernel's parent is its reaper);
        # the kernel dies with the engine instead, and the engine kills it whenever it is done.
        self.manager.start_kernel(cwd=str(job.work_dir), env=kernel_environment(job.work_dir, job.threads),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, independent=True,
                                  preexec_fn=dies_with_this_process())
        self.pid = self.manager.provisioner.process.pid
        self.client = self.manager.blocking_client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=BUDGET.startup_seconds)
        self.output_bytes = 0

    def memory_exceeded(self) -> bool:
        try:
            return tree_rss(psutil.Process(self.pid)) > self.job.memory_mb * 2**20
        except psutil.NoSuchProcess:
            return False

    def run(self, code: str, deadline: float, silent=False):
        """Execute ``code``; return ("ok" | "error" | "timeout" | "memory" | "dead", error name)."""
        message_id = self.client.execute(code, silent=silent, store_history=not silent,
                                         allow_stdin=False, stop_on_error=False)
        while True:
            self._drain_output()
            if time.monotonic() > deadline:
                return "timeout", ""
            if self.memory_exceeded():
                return "memory", ""
            try:
                reply = self.client.get_shell_msg(timeout=BUDGET.poll_seconds)
            except queue.Empty:
                if not self.manager.is_alive():
                    return "dead", ""
                continue
            if reply.get("parent_header", {}).get("msg_id") != message_id:
                continue
            self._drain_output()
            content = reply.get("content", {})
            if content.get("status") == "ok":
                return "ok", ""
            return "error", str(content.get("ename", "Error"))[:80]

    def _drain_output(self):
        while True:
            try:
                message = self.client.get_iopub_msg(timeout=0)
            except queue.Empty:
                return
            if message.get("msg_type") in ("stream", "display_data", "execute_result", "error"):
                self.output_bytes += len(json.dumps(message.get("content", {})))

    def interrupt(self, grace: float) -> bool:
        """Interrupt the running cell; whether the kernel came back within ``grace`` seconds."""
        self.manager.interrupt_kernel()
        status, _ = self.run("pass", time.monotonic() + grace, silent=True)
        return status == "ok"

    def close(self):
        try:
            self.client.stop_channels()
        finally:
            kill_tree(self.pid)
            try:
                self.manager.cleanup_resources()
            except Exception:  # noqa: BLE001 - the kernel is gone either way
                pass


def run_notebook(job: NotebookJob) -> Execution:
    """Run ``job``'s cells, then export; see the module's docstring for what each limit does."""
    execution = Execution()
    started = time.monotonic()
    cells_deadline = started + job.timeout
    used = libraries_used(job.cells)
    uses_keras, uses_optuna = "keras" in used, "optuna" in used
    step = [started]

    def lap(name):
        now = time.monotonic()
        execution.seconds[name] = round(now - step[0], 2)
        step[0] = now

    try:
        kernel = _Kernel(job)
    except Exception as error:  # noqa: BLE001 - no kernel, no grading
        execution.status, execution.reason = "error", f"no se pudo iniciar el kernel ({type(error).__name__})"
        return execution
    lap("kernel_start")
    try:
        stop = job.before_cells() if job.before_cells is not None else ""
        if stop:
            execution.status, execution.reason = "error", stop
            return execution
        status, _ = kernel.run(_setup_code(job, uses_keras, uses_optuna), started + BUDGET.startup_seconds + job.timeout,
                               silent=True)
        if status != "ok":
            execution.status, execution.reason = "error", "no se pudo preparar el kernel para calificar"
            return execution
        lap("setup")
        for number, source in enumerate(job.cells, start=1):
            kernel.run("_calificador_.shared.seeding.seed()", cells_deadline, silent=True)
            status, error_name = kernel.run(source, cells_deadline)
            if status == "error":
                execution.cell_errors.append((number, error_name))
            elif status == "timeout":
                execution.status = "timeout"
                if not kernel.interrupt(BUDGET.interrupt_grace_seconds):
                    execution.reason = (f"la celda de código {number} superó el tiempo límite de "
                                        f"{job.timeout:g} s y no respondió a la interrupción")
                    return execution
                execution.reason = (f"la celda de código {number} superó el tiempo límite de "
                                    f"{job.timeout:g} s; se calificó lo ejecutado hasta entonces")
                break
            elif status in ("memory", "dead"):
                execution.status = "memory" if status == "memory" else "error"
                execution.reason = (
                    f"la celda de código {number} superó el límite de memoria de {job.memory_mb:g} MB"
                    if status == "memory" else
                    f"el cuaderno terminó su propio proceso (kernel muerto) en la celda de código {number}")
                return execution
        lap("cells")
        execution.exported = _export(kernel, job, execution)
        lap("export")
        return execution
    finally:
        if kernel.output_bytes > job.output_mb * 2**20:
            execution.reason = "; ".join(filter(None, [
                execution.reason, f"el cuaderno imprimió más de lo permitido ({job.output_mb:g} MB); "
                                  "se descartó su salida"]))
        kernel.close()


def _write_probes(job: NotebookJob) -> Path:
    """The recorded calls' files, written for the kernel only now that its cells have run, in a
    folder of a name the notebook could not know."""
    probes_dir = Path(tempfile.mkdtemp(prefix="sondas-", dir=job.area))
    for relative, data in job.probes.items():
        path = probes_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if job.owner is not None:  # readable by the sandbox's group only; the area is root's, so no swap
        for path in [probes_dir, *probes_dir.rglob("*")]:
            os.chown(path, 0, job.owner[1], follow_symlinks=False)
            os.chmod(path, 0o750 if path.is_dir() else 0o640)
    return probes_dir


def _export(kernel: _Kernel, job: NotebookJob, execution: Execution) -> bool:
    execution.export_dir = job.export_dir
    code = (f"_calificador_.phase1.exporting.export(globals(), {job.variables!r}, {str(_write_probes(job))!r}, "
            f"{str(job.export_dir)!r}, {BUDGET.call_seconds})")
    status, error_name = kernel.run(code, time.monotonic() + BUDGET.export_seconds, silent=True)
    if status == "ok":
        return True
    if execution.status == "ok":
        execution.status = "memory" if status == "memory" else "error"
    reasons = {"timeout": f"exportar las variables tardó más de {BUDGET.export_seconds:g} s",
               "memory": f"exportar las variables superó el límite de memoria de {job.memory_mb:g} MB",
               "dead": "el kernel terminó mientras se exportaban las variables"}
    execution.reason = "; ".join(filter(None, [
        execution.reason,
        reasons.get(status, f"no se pudieron exportar las variables ({error_name})")]))
    return False
