"""What a student receives besides Otter's notebook: the setup cell that brings what their
environment lacks, the Spanish ``LEEME.md``, the notebook's ``requirements.txt``, and the bundle
``<name>-estudiante.zip`` that holds it all (and that the setup cell downloads from the course URL)."""

import ast
import importlib.metadata
import json
import re
import sys
import textwrap
import zipfile
from pathlib import Path

import nbformat

from ..course import CourseSettings
from ..engine.shared import seeding
from ..engine.phase1.notebook_run import SETUP_CELL_TITLE, libraries_used
from ..project import CHECKS_DIR, README, notebook_requirements, otter_requirement

# Packages the setup cell never installs: a student's TensorFlow and Keras are theirs to choose.
NEVER_INSTALLED = ("tensorflow", "keras")
# Modules that need others at run time without importing them: Keras runs on the course's
# backend, TensorFlow; KerasTuner logs its searches through TensorBoard's hparams API.
RUNS_ON = {"keras": ("tensorflow",), "keras_tuner": ("tensorboard",)}
STUDENT_SECTION = "## Para estudiantes"
ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # every bundle member's date: rebuilding gives the same bytes


def setup_cell(workshop, student_dir: Path, sources, settings: CourseSettings) -> nbformat.NotebookNode:
    """The first cell of ``workshop``'s student notebook, from the course's template: collapsed
    (Jupyter and Colab show its title) and locked, as Otter locks its own cells."""
    template = settings.setup_cell.read_text(encoding="utf-8")
    if not template.startswith(SETUP_CELL_TITLE):
        raise ValueError(f"{settings.setup_cell} must start with {SETUP_CELL_TITLE!r}: grading leaves that cell out by it")
    arguments = {
        "nombre": workshop.name,
        "cuaderno": workshop.notebook_name,
        "url": settings.support_url,
        "archivos": support_entries(student_dir, workshop.notebook_name),
        "paquetes": imported_packages(sources),
        "no_instalar": list(NEVER_INSTALLED),
    }
    call = f"_preparar_taller({json.dumps(arguments, ensure_ascii=False)})\ndel _preparar_taller"
    cell = nbformat.v4.new_code_cell(template.rstrip() + "\n\n\n" + call + "\n\n\n" + seeding_code(sources))
    cell.metadata.update({"cellView": "form", "jupyter": {"source_hidden": True}, "editable": False, "deletable": False})
    return cell


SEEDING = '''def _sembrar_como_al_calificar():
    """Al calificar, cada celda empieza con los generadores aleatorios sembrados con la misma
    semilla ({generators}). Desde aquí, su kernel hace lo mismo antes
    de cada celda, con el código del calificador: ejecutado de arriba hacia abajo, su cuaderno da
    los números que verá la calificación (salvo redondeos, que cambian de una máquina a otra)."""
{source}

    seed_before_every_cell(get_ipython(), optuna={uses_optuna})


_sembrar_como_al_calificar()
del _sembrar_como_al_calificar'''


def seeding_code(sources) -> str:
    """The setup cell's last part: grading's own seeding (``engine/shared/seeding.py``, without its
    docstring) registered before every cell of the student's kernel, Optuna's samplers included
    when the notebook uses Optuna."""
    module = Path(seeding.__file__).read_text(encoding="utf-8")
    body = module[module.index('"""', 3) + 3:].strip("\n")
    uses_optuna = "optuna" in libraries_used(sources)
    generators = "Python, NumPy, TensorFlow, Keras y los muestreadores de Optuna" if uses_optuna else (
        "Python, NumPy, TensorFlow y Keras")
    return SEEDING.format(generators=generators,
                          source=textwrap.indent(body, "    "), uses_optuna=uses_optuna)


def support_entries(student_dir: Path, notebook_name: str) -> list[str]:
    """The files and folders beside the notebook that it needs (folders with a trailing ``/``)."""
    return [f"{path.name}/" if path.is_dir() else path.name for path in sorted(Path(student_dir).iterdir())
            if path.name != notebook_name and path.name not in ("LEEME.md", "requirements.txt")]


def imported_packages(sources) -> list[list[str]]:
    """``[module, pinned requirement]`` of every pinned package that ``sources`` (the notebook's
    code cells) import, or the check library on import (what it imports inside a check, the
    notebook built the checked object with), with otter-grader first."""
    modules = set()
    for source in sources:
        modules |= _imported_modules(source, everywhere=True)
    for path in sorted(CHECKS_DIR.glob("*.py")):
        modules |= _imported_modules(path.read_text(encoding="utf-8"), everywhere=False)
    modules |= {needed for module in set(modules) for needed in RUNS_ON.get(module, ())}
    pins = {_normalize(pin.split("==")[0]): pin for pin in notebook_requirements()}
    distributions = importlib.metadata.packages_distributions()
    found = {}
    for module in sorted(modules - set(sys.stdlib_module_names)):
        for distribution in distributions.get(module, []):
            if _normalize(distribution) in pins:
                found[module] = pins[_normalize(distribution)]
    return [["otter", otter_requirement()]] + [[module, pin] for module, pin in sorted(found.items())]


def _imported_modules(source: str, *, everywhere: bool) -> set:
    """Top-level names of the modules ``source`` imports (``everywhere``: in functions too)."""
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    tree = ast.parse(code)
    modules = set()
    for node in ast.walk(tree) if everywhere else tree.body:
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module.split(".")[0])
    return modules


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def write_student_files(workshop, student_dir: Path):
    """``LEEME.md`` (README's student section, the instructions in Spanish) and ``requirements.txt``
    (the notebook's pins and Otter's) into ``student_dir``."""
    instructions = student_instructions()
    (student_dir / "LEEME.md").write_text(f"# {workshop.title}\n\n{instructions}", encoding="utf-8")
    pins = notebook_requirements() + [otter_requirement()]
    (student_dir / "requirements.txt").write_text("\n".join(pins) + "\n", encoding="utf-8")


def student_instructions(readme: Path = README) -> str:
    """The body of README's student section: the one text of the instructions students get."""
    text = readme.read_text(encoding="utf-8")
    start = text.index(STUDENT_SECTION) + len(STUDENT_SECTION)
    following = re.search(r"^## ", text[start:], re.M)
    body = text[start:start + following.start()] if following else text[start:]
    return body.strip() + "\n"


def write_bundle(workshop, student_dir: Path, target: Path):
    """``<name>-estudiante.zip``: the student tree under a folder ``<name>/``, byte for byte the
    same on every build."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(Path(student_dir).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                member = zipfile.ZipInfo(f"{workshop.name}/{path.relative_to(student_dir).as_posix()}", ZIP_DATE)
                member.external_attr = 0o644 << 16
                member.compress_type = zipfile.ZIP_DEFLATED
                bundle.writestr(member, path.read_bytes())
