"""Gradescope's contract, reproduced locally.

Gradescope unpacks the autograder zip into ``/autograder/source``, puts the student's upload in
``/autograder/submission``, runs ``/autograder/run_autograder`` (which runs ``source/run_grader.py``
with the environment ``setup.sh`` installed) and reads ``/autograder/results/results.json``. Here the
same layout is made under a temporary root and the zip's own entry point runs with this project's
environment (the pinned one the zip installs), the root being the only change. TAs' local grading
runs exactly this too, so a workshop grades the same on a laptop and on Gradescope.
"""

import json
import shlex
import shutil
import sys
import zipfile
from pathlib import Path

# Gradescope's documented results format ("Autograder specifications: output format").
VISIBILITY = {"enum": ["hidden", "after_due_date", "after_published", "visible"]}
RESULTS_SCHEMA = {
    "type": "object",
    "properties": {
        "score": {"type": "number"},
        "execution_time": {"type": "number"},
        "output": {"type": "string"},
        "output_format": {"enum": ["text", "html", "simple_format", "md", "ansi"]},
        "visibility": VISIBILITY,
        "stdout_visibility": VISIBILITY,
        "extra_data": {"type": "object"},
        "tests": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "score": {"type": ["number", "null"]},
                    "max_score": {"type": ["number", "null"]},
                    "status": {"enum": ["passed", "failed"]},
                    "name": {"type": "string"},
                    "number": {"type": "string"},
                    "output": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "visibility": VISIBILITY,
                    "extra_data": {"type": "object"},
                },
            },
        },
        "leaderboard": {"type": "array"},
    },
    "anyOf": [
        {"required": ["score"]},
        {"required": ["tests"], "properties": {"tests": {"contains": {"required": ["score"]}}}},
    ],
}


def validate_results(results: dict) -> dict:
    """Check ``results`` against Gradescope's format; raise ``ValueError`` naming the problem."""
    import jsonschema

    try:
        jsonschema.validate(results, RESULTS_SCHEMA)
    except jsonschema.ValidationError as error:
        where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
        raise ValueError(f"results.json is not in Gradescope's format at {where}: {error.message}")
    return results


def prepare(autograder_zip: Path, submission: Path, root: Path, limits=None, extra_args=()) -> list:
    """Lay out ``root/autograder`` as Gradescope does; return the command that grades there.

    The command is the ``run_grader.py`` line of the zip's own ``run_autograder`` with this
    environment's interpreter (the zip's ``setup.sh`` installs the same pins), the root moved to
    ``root`` and, if given, the ``limits`` of a TA's grading and ``extra_args`` for the engine.
    """
    autograder_dir = Path(root) / "autograder"
    for sub in ("source", "submission", "results"):
        (autograder_dir / sub).mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(autograder_zip) as archive:
        archive.extractall(autograder_dir / "source")
    shutil.copy(submission, autograder_dir / "submission" / Path(submission).name)
    (autograder_dir / "submission_metadata.json").write_text(
        json.dumps({"id": 1, "users": [{"email": "estudiante@example.edu", "name": "Estudiante"}]})
    )
    script = (autograder_dir / "source" / "run_autograder").read_text(encoding="utf-8")
    lines = [line for line in script.splitlines() if "run_grader.py" in line and not line.startswith("#")]
    if len(lines) != 1:
        raise ValueError("run_autograder should run run_grader.py exactly once")
    command = [sys.executable] + [
        str(autograder_dir) + word[len("/autograder"):] if word.startswith("/autograder") else word
        for word in shlex.split(lines[0])[1:]
    ]
    if limits is not None:
        command += ["--timeout", str(limits.timeout), "--memory-mb", str(limits.memory_mb),
                    "--output-mb", str(limits.output_mb)]
    return command + list(extra_args)


def results_of(root: Path) -> dict:
    """The validated ``results/results.json`` that a run under ``root`` wrote."""
    path = Path(root) / "autograder" / "results" / "results.json"
    if not path.is_file():
        raise ValueError("the autograder wrote no results/results.json")
    return validate_results(json.loads(path.read_text(encoding="utf-8")))


def zip_environment(autograder_zip: Path):
    """The Python version and the pinned pip packages that the zip's environment.yml installs."""
    import re

    with zipfile.ZipFile(autograder_zip) as archive:
        environment = archive.read("environment.yml").decode()
    python = re.search(r"python=(\d+\.\d+)", environment)
    pins = re.findall(r"^\s+- (\S+==\S+)\s*$", environment, flags=re.M)
    return (python.group(1) if python else None), sorted(pins)
