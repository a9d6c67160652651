"""Turn the zip Otter Assign writes into this project's autograder zip.

Otter's zip brings Gradescope's setup (``setup.sh``, ``environment.yml`` with the pins), the test
files and the student's support files. Its ``run_otter.py`` would run the tests inside the
student's kernel; instead ``run_autograder`` runs ``run_grader.py``, this project's engine
(``autograder/engine`` with the check library), with the calls recorded in ``probes/`` and the
settings in ``grading.json``.
"""

import json
import zipfile
from pathlib import Path

from ..project import CHECKS_DIR, ENGINE_DIR

OTTER_ENTRY = "python /autograder/source/run_otter.py"
# Gradescope stops an autograder at 10 minutes by default and then keeps nothing: the notebook gets
# 6 of them, so that a notebook stopped at its limit is still exported and evaluated in time.
GRADESCOPE_NOTEBOOK_SECONDS = 360
ENTRY = f"python /autograder/source/run_grader.py --root /autograder --timeout {GRADESCOPE_NOTEBOOK_SECONDS}"
DROPPED = ("run_otter.py", "otter_config.json")
RUN_GRADER = '''"""Gradescope's entry point: grade /autograder/submission into /autograder/results/results.json."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from autograder.engine.pipeline import main  # noqa: E402

main()
'''


def _package_files():
    package = ENGINE_DIR.parent
    yield "autograder/__init__.py", (package / "__init__.py").read_bytes()
    for folder, prefix in ((ENGINE_DIR, "autograder/engine"), (CHECKS_DIR, "autograder/checks")):
        for path in sorted(folder.glob("*.py")):
            yield f"{prefix}/{path.name}", path.read_bytes()


def assemble(otter_zip: Path, target: Path, *, probes_dir: Path, settings: dict):
    """Write ``target`` from ``otter_zip`` with the engine, ``probes_dir`` and ``settings``."""
    with zipfile.ZipFile(otter_zip) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename in DROPPED:
                continue
            data = source.read(info.filename)
            if info.filename == "run_autograder":
                text = data.decode()
                if OTTER_ENTRY not in text:
                    raise ValueError(f"{otter_zip.name}: run_autograder does not call run_otter.py")
                data = text.replace(OTTER_ENTRY, ENTRY).encode()
            out.writestr(info, data)
        out.writestr("run_grader.py", RUN_GRADER)
        out.writestr("grading.json", json.dumps(settings, indent=2))
        for name, data in _package_files():
            out.writestr(name, data)
        for path in sorted(Path(probes_dir).rglob("*")):
            if path.is_file():
                out.write(path, f"probes/{path.relative_to(probes_dir).as_posix()}")
