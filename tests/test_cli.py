"""The command line is a thin wrapper: help, and clear errors for bad arguments."""

import subprocess
import sys

import pytest


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "autograder", *args], capture_output=True, text=True)


def test_help_lists_the_commands():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "build" in result.stdout and "grade" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["grade", "nope", "x.ipynb"], "invalid choice: 'nope'"),
    (["grade", "iris", "does-not-exist.ipynb", "--timeout", "5"], "does-not-exist.ipynb"),
    (["build", "nope"], "invalid choice: 'nope'"),
])
def test_bad_arguments_fail_with_a_clear_message(args, message):
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
