"""Shipped datasets are what the pinned packages give, with the checksums the README states."""

import importlib.util

from autograder.project import DATASETS_DIR


def test_datasets_rederive_identically_and_match_readme(capsys):
    spec = importlib.util.spec_from_file_location("derive", DATASETS_DIR / "derive.py")
    derive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(derive)
    assert derive.main(["--check"]) == 0, capsys.readouterr().err
    assert "iris.csv\t150 rows" in capsys.readouterr().out
