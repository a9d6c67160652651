"""Shipped datasets are what the pinned packages give, with the checksums the README states."""

import importlib.util

import pytest

from autograder.project import DATASETS_DIR


def load_derive():
    spec = importlib.util.spec_from_file_location("derive", DATASETS_DIR / "derive.py")
    derive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(derive)
    return derive


DERIVE = load_derive()


@pytest.mark.parametrize("file_name", sorted(DERIVE.DERIVATIONS))
def test_dataset_rederives_identically_from_its_source(file_name):
    try:
        derived = DERIVE.DERIVATIONS[file_name]()
    except DERIVE.SourceMissing as missing:
        pytest.skip(f"source absent on this machine: {missing}")
    assert DERIVE._same_content(file_name, (DATASETS_DIR / file_name).read_bytes(), derived)


@pytest.mark.parametrize("file_name", sorted(DERIVE.DERIVATIONS))
def test_dataset_matches_the_checksum_readme_states(file_name):
    documented = DERIVE.documented_checksums()
    assert documented[file_name] == DERIVE.sha256((DATASETS_DIR / file_name).read_bytes())


def test_check_lists_every_dataset_with_its_rows(capsys):
    assert DERIVE.main(["--check"]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "iris.csv\t150 rows" in out
    assert "fashion_mnist_subconjunto.npz\t4000 rows" in out
    assert "california_housing.csv\t20433 rows" in out
    assert "sonar.csv\t208 rows" in out
    assert "bicicletas_entrenamiento.csv\t10886 rows" in out and "bicicletas_prueba.csv\t6493 rows" in out


def test_fashion_mnist_subset_is_stratified_uint8():
    import numpy as np

    with np.load(DATASETS_DIR / "fashion_mnist_subconjunto.npz") as data:
        assert data["X_train"].shape == (3000, 28, 28) and data["X_test"].shape == (1000, 28, 28)
        assert all(data[key].dtype == np.uint8 for key in data.files)
        assert (np.bincount(data["y_train"]) == 300).all() and (np.bincount(data["y_test"]) == 100).all()
        assert list(data["y_test"][:3]) == [9, 2, 1]  # the deck's ankle boot, pullover, trouser


def test_sonar_has_uci_rows_and_classes():
    import pandas as pd

    frame = pd.read_csv(DATASETS_DIR / "sonar.csv")
    assert list(frame.columns) == [f"V{band}" for band in range(1, 61)] + ["Class"]
    assert frame["Class"].value_counts().to_dict() == {"M": 111, "R": 97}
    assert frame.iloc[0, :3].tolist() == [0.02, 0.0371, 0.0428]
    assert frame.drop(columns="Class").stack().between(0, 1).all()


def test_california_housing_has_scikit_learns_columns():
    import pandas as pd

    frame = pd.read_csv(DATASETS_DIR / "california_housing.csv")
    assert list(frame.columns) == ["MedInc", "HouseAge", "AveRooms", "AveBedrms", "Population", "AveOccup",
                                   "Latitude", "Longitude", "MedHouseVal"]
    assert frame.shape == (20433, 9) and not frame.isna().any().any()
    assert round(frame["AveRooms"][0], 5) == 6.98413 and frame["MedHouseVal"][0] == 4.526


def test_bike_rentals_are_kaggles_split_of_ucis_hours():
    import pandas as pd

    train = pd.read_csv(DATASETS_DIR / "bicicletas_entrenamiento.csv", parse_dates=["datetime"])
    test = pd.read_csv(DATASETS_DIR / "bicicletas_prueba.csv", parse_dates=["datetime"])
    assert list(train.columns) == list(test.columns) == [
        "datetime", "season", "holiday", "weekday", "workingday", "weather", "temp", "atemp", "humidity", "windspeed",
        "casual", "registered", "count"]
    assert (len(train), len(test)) == (10886, 6493)  # as Kaggle's train.csv and test.csv
    assert train["count"].sum() + test["count"].sum() == 3_292_679  # as UCI's hour.csv
    assert (train["datetime"].dt.day <= 19).all() and (test["datetime"].dt.day >= 20).all()
    assert train["datetime"].is_monotonic_increasing and test["datetime"].is_monotonic_increasing
    assert (train["count"] == train["casual"] + train["registered"]).all()
    assert train["weekday"].isna().sum() + test["weekday"].isna().sum() == 875
    assert train["weather"].isna().sum() + test["weather"].isna().sum() == 1258
    assert set(train["weather"].dropna()) == {"Clear", "Mist", "Light Rain", "Heavy Rain"}
