"""Shipped datasets are what the pinned packages give, with the checksums the README states."""

import importlib.util

from autograder.project import DATASETS_DIR


def test_datasets_rederive_identically_and_match_readme(capsys):
    spec = importlib.util.spec_from_file_location("derive", DATASETS_DIR / "derive.py")
    derive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(derive)
    assert derive.main(["--check"]) == 0, capsys.readouterr().err
    assert "iris.csv\t150 rows" in capsys.readouterr().out


def test_implementacion_datasets_are_listed_with_their_rows(capsys):
    spec = importlib.util.spec_from_file_location("derive", DATASETS_DIR / "derive.py")
    derive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(derive)
    assert derive.main(["--check"]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "fashion_mnist_subconjunto.npz\t4000 rows" in out
    assert "california_housing.csv\t20433 rows" in out


def test_fashion_mnist_subset_is_stratified_uint8():
    import numpy as np

    with np.load(DATASETS_DIR / "fashion_mnist_subconjunto.npz") as data:
        assert data["X_train"].shape == (3000, 28, 28) and data["X_test"].shape == (1000, 28, 28)
        assert all(data[key].dtype == np.uint8 for key in data.files)
        assert (np.bincount(data["y_train"]) == 300).all() and (np.bincount(data["y_test"]) == 100).all()
        assert list(data["y_test"][:3]) == [9, 2, 1]  # the deck's ankle boot, pullover, trouser


def test_california_housing_has_scikit_learns_columns():
    import pandas as pd

    frame = pd.read_csv(DATASETS_DIR / "california_housing.csv")
    assert list(frame.columns) == ["MedInc", "HouseAge", "AveRooms", "AveBedrms", "Population", "AveOccup",
                                   "Latitude", "Longitude", "MedHouseVal"]
    assert frame.shape == (20433, 9) and not frame.isna().any().any()
    assert round(frame["AveRooms"][0], 5) == 6.98413 and frame["MedHouseVal"][0] == 4.526
