"""Grade one submission in Gradescope's layout, in two phases that never share a process.

Layout (Gradescope's, or a temporary copy of it when a TA grades): ``<root>/source`` holds the
unpacked autograder zip (this package, ``tests/``, ``probes/``, ``files/``, ``grading.json``),
``<root>/submission`` the student's upload, and ``<root>/results/results.json`` is written.

1. The notebook runs in a kernel of its own (``notebook_run``), in a directory with the workshop's
   files, within the time, memory and output limits; then it exports the variables the tests take.
2. The tests run in a fresh process (``evaluate``) on what was exported, from a directory with
   pristine copies of the workshop's files.

The student's code runs with this process's user, so it could rewrite files on disk: everything
phase 2 reads from ``source`` (the engine, the check library, the tests, the workshop's files, the
recorded calls) is read into memory before the notebook starts and written afresh, for phase 2
only, once the notebook's processes are all dead. The results are scrubbed of hidden tests' text
and always written, whatever happened.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .notebook_run import NotebookJob, code_cells, kernel_environment, run_notebook
from .processes import Limits, adopt_orphans, kill_descendants, supervise
from .results import gradescope_results
from .submission import InvalidSubmission, find_notebook
from .test_sources import scrubbed_lines, sources_in_dir, variables

EVALUATION_SECONDS = 240
EVALUATION_MEMORY_MB = 4096
EVALUATE = ("import sys; sys.path.insert(0, sys.argv[1]); "
            "from autograder.engine.evaluate import main; main()")
TRUSTED = ("autograder", "files", "probes", "tests", "grading.json")


def snapshot(source: Path) -> dict:
    """``{relative path: bytes}`` of what phase 2 trusts in ``source``."""
    files = {}
    for name in TRUSTED:
        path = source / name
        paths = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for item in paths:
            if "__pycache__" not in item.parts:
                files[item.relative_to(source).as_posix()] = item.read_bytes()
    return files


def materialize(files: dict, target: Path) -> Path:
    """Write a ``snapshot`` under ``target``; return it."""
    for relative, data in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return target


def grade_layout(root: Path, limits: Limits, threads=None) -> dict:
    """Grade ``root/submission`` with ``root/source``; write and return the results."""
    root = Path(root)
    trusted = snapshot(root / "source")
    config = json.loads(trusted["grading.json"])
    threads = threads or config.get("threads", 1)
    started = time.monotonic()
    adopt_orphans()
    with tempfile.TemporaryDirectory(prefix="calificacion-") as tmp:
        tmp = Path(tmp)
        try:
            notebook = find_notebook(root / "submission", config["workshop"])
        except InvalidSubmission as error:
            status, reason, execution = "invalid", str(error), None
        else:
            execution = _run_phase_one(notebook, materialize(trusted, tmp / "copia"), tmp, limits, threads)
            status, reason = execution.status, execution.reason
        source = materialize(trusted, tmp / "confiable")
        outcome = _run_phase_two(source, tmp, limits, threads, exported=bool(execution and execution.exported))
        if outcome is None:
            status, reason = "error", "la evaluación de las pruebas no terminó"
            outcome = _run_phase_two(source, tmp, limits, threads, exported=False)
        if status == "ok" and execution is not None:
            reason = "; ".join(filter(None, [_cell_errors(execution), reason]))
        reason = "; ".join(filter(None, [reason, (outcome or {}).get("note", "")]))
    results = gradescope_results(
        (outcome or {}).get("questions", []), status=status, reason=reason,
        show_hidden=bool(config.get("show_hidden")),
        hidden=scrubbed_lines({name: data.decode() for name, data in trusted.items() if name.startswith("tests/")}),
        execution_time=time.monotonic() - started)
    _write_results(root / "results" / "results.json", results)
    return results


def _run_phase_one(notebook, source: Path, tmp: Path, limits: Limits, threads: int):
    work_dir = tmp / "trabajo"
    shutil.copytree(source / "files", work_dir)
    (work_dir / "entrega.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    probes_dir = tmp / "sondas"
    if (source / "probes").is_dir():
        shutil.copytree(source / "probes", probes_dir)
    else:
        probes_dir.mkdir()
    job = NotebookJob(cells=code_cells(notebook), work_dir=work_dir, export_dir=tmp / "exportado",
                      probes_dir=probes_dir, variables=variables(sources_in_dir(source / "tests")),
                      timeout=limits.timeout, memory_mb=limits.memory_mb, output_mb=limits.output_mb,
                      threads=threads)
    try:
        return run_notebook(job)
    finally:
        kill_descendants()  # anything the notebook started and left behind


def _run_phase_two(source: Path, tmp: Path, limits: Limits, threads: int, *, exported: bool):
    """Evaluate the tests in a fresh process; its outcome, or None when it did not finish."""
    evaluation_dir = tmp / ("evaluacion" if exported else "evaluacion-vacia")
    shutil.copytree(source / "files", evaluation_dir)
    outcome_path = tmp / f"{evaluation_dir.name}.json"
    job = {"tests_dir": str(source / "tests"), "export_dir": str(tmp / "exportado"),
           "probes_dir": str(source / "probes"), "exported": exported, "outcome_path": str(outcome_path)}
    environment = kernel_environment(evaluation_dir, threads)
    ended = supervise([sys.executable, "-I", "-B", "-c", EVALUATE, str(source.resolve())],
                      timeout=EVALUATION_SECONDS, memory_mb=max(limits.memory_mb, EVALUATION_MEMORY_MB),
                      cwd=evaluation_dir, env=environment, stdin_data=json.dumps(job).encode())
    if ended.outcome != "ok" or ended.returncode != 0 or not outcome_path.is_file():
        return None
    return json.loads(outcome_path.read_text(encoding="utf-8"))


def _cell_errors(execution) -> str:
    if not execution.cell_errors:
        return ""
    listed = ", ".join(f"{number} ({name})" for number, name in execution.cell_errors[:8])
    more = f" y {len(execution.cell_errors) - 8} más" if len(execution.cell_errors) > 8 else ""
    return f"celdas de código con errores: {listed}{more}"


def _write_results(path: Path, results: dict):
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


def main(argv=None):
    """Command line of the zip's ``run_grader.py`` (Gradescope runs it with ``--root /autograder``)."""
    defaults = Limits()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default="/autograder")
    parser.add_argument("--timeout", type=float, default=defaults.timeout)
    parser.add_argument("--memory-mb", type=float, default=defaults.memory_mb)
    parser.add_argument("--output-mb", type=float, default=defaults.output_mb)
    args = parser.parse_args(argv)
    results = grade_layout(Path(args.root), Limits(args.timeout, args.memory_mb, args.output_mb))
    extra = results.get("extra_data", {})
    print(f"{extra.get('status')}: {results.get('score', 0):g} puntos")
