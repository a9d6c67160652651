"""Turn the zip Otter Assign writes into this project's autograder zip.

Otter's zip brings ``environment.yml`` with the pins, the test files and the student's support
files. Its ``run_otter.py`` would run the tests inside the student's kernel, and its ``setup.sh``
installs the environment under ``/root``, where the unprivileged user the notebook runs as cannot
reach it; instead ``setup.sh`` installs it under ``PREFIX`` and creates that user, and
``run_autograder`` runs ``run_grader.py``, this project's engine (``autograder/engine`` with the
check library), with the calls recorded in ``probes/`` and the settings in ``grading.json``.
"""

import json
import zipfile
from pathlib import Path

from ..project import CHECKS_DIR, ENGINE_DIR

# Gradescope stops an autograder at 10 minutes by default and then keeps nothing: the notebook gets
# 6 of them, so that a notebook stopped at its limit is still exported and evaluated in time.
GRADESCOPE_NOTEBOOK_SECONDS = 360
# Where setup.sh installs the environment: root's, readable and runnable by the sandbox's users
# (Otter's own setup puts it under /root, which no other user can enter).
PREFIX = "/opt/talleres"
SANDBOX_USER = "talleres-calif-0"
MINIFORGE = "https://github.com/conda-forge/miniforge/releases/download/25.3.1-0/Miniforge3-Linux-{arch}.sh"
DROPPED = ("run_otter.py", "otter_config.json")
SETUP_SH = f"""#!/usr/bin/env bash
# Gradescope's setup for this workshop, written by `python -m autograder build`.
# The environment goes to {PREFIX}, owned by root and readable by every user, because the student's
# notebook runs as the unprivileged user {SANDBOX_USER} (README, "Isolation").
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends wget ca-certificates
arch=$(uname -m); [ "$arch" = aarch64 ] || arch=x86_64
wget -nv "{MINIFORGE.replace('{arch}', '${arch}')}" -O /tmp/miniforge.sh
umask 022
bash /tmp/miniforge.sh -b -p {PREFIX}/miniforge3
{PREFIX}/miniforge3/bin/mamba env create -p {PREFIX}/env -f /autograder/source/environment.yml
chown -R root:root {PREFIX}
chmod -R go-w,a+rX {PREFIX}
id {SANDBOX_USER} >/dev/null 2>&1 || useradd --system --user-group --no-create-home --home-dir /nonexistent \\
    --shell /usr/sbin/nologin {SANDBOX_USER}
"""
RUN_AUTOGRADER = f"""#!/usr/bin/env bash
# Gradescope runs this for each submission: grade /autograder/submission into
# /autograder/results/results.json (-I -S: nothing from the environment's .pth files runs first).
cd /autograder/source
{PREFIX}/env/bin/python -I -S /autograder/source/run_grader.py --root /autograder --timeout {GRADESCOPE_NOTEBOOK_SECONDS}
"""
RUN_GRADER = '''"""Gradescope's entry point: grade /autograder/submission into /autograder/results/results.json."""

import sys
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from autograder.engine.phase1.environment import package_folders  # noqa: E402 - the standard library only

if sys.flags.no_site:  # started with -S: the package folders, without running their .pth files
    sys.path += package_folders()

from autograder.engine.pipeline import main  # noqa: E402

main()
'''


def _package_files():
    package = ENGINE_DIR.parent
    yield "autograder/__init__.py", (package / "__init__.py").read_bytes()
    for folder, prefix in ((ENGINE_DIR, "autograder/engine"), (CHECKS_DIR, "autograder/checks")):
        for path in sorted(folder.rglob("*.py")):
            yield f"{prefix}/{path.relative_to(folder).as_posix()}", path.read_bytes()


def assemble(otter_zip: Path, target: Path, *, probes_dir: Path, settings: dict):
    """Write ``target`` from ``otter_zip`` with the engine, ``probes_dir`` and ``settings``."""
    with zipfile.ZipFile(otter_zip) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename in DROPPED:
                continue
            data = {"run_autograder": RUN_AUTOGRADER.encode(), "setup.sh": SETUP_SH.encode()}.get(
                info.filename, source.read(info.filename))
            out.writestr(info, data)
        out.writestr("run_grader.py", RUN_GRADER)
        out.writestr("grading.json", json.dumps(settings, indent=2))
        for name, data in _package_files():
            out.writestr(name, data)
        for path in sorted(Path(probes_dir).rglob("*")):
            if path.is_file():
                out.write(path, f"probes/{path.relative_to(probes_dir).as_posix()}")
