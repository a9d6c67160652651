"""The corpus itself: every attack is code that runs (an attack with a syntax error would fail in
its cell and prove nothing), and every case has an expectation in each mode."""

import pytest

from corpus import CASES, ENVIRONMENT_CASES, FILE_CASES, expectations

CELLS = {case.name: case.cell for case in CASES} | {name: cell for name, (cell, _) in ENVIRONMENT_CASES.items()}


@pytest.mark.parametrize("name", sorted(CELLS))
def test_every_attack_compiles(name):
    compile(CELLS[name].replace("{variables}", "['modelo']"), name, "exec")


@pytest.mark.parametrize("root", [True, False])
def test_every_case_has_an_expectation(root):
    expected = expectations(root=root)
    assert set(expected) == set(CELLS) | set(FILE_CASES)
    assert all(status in ("ok", "timeout", "memory", "error", "invalid", "tampered") and total in ("zero", "full")
               for status, total, _ in expected.values())
