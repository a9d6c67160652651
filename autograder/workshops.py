"""The workshops this course package builds and grades."""

from dataclasses import dataclass
from pathlib import Path

from .project import ASSIGNMENTS_DIR, DIST_DIR, SOLUTIONS_DIR


@dataclass(frozen=True)
class Workshop:
    """One workshop: its master notebook and the dataset files it reads."""

    name: str
    title: str
    data_files: tuple[str, ...] = ()

    @property
    def notebook_name(self) -> str:
        return f"{self.name}.ipynb"

    @property
    def master(self) -> Path:
        return SOLUTIONS_DIR / self.name / self.notebook_name

    def assignment_dir(self, assignments_dir: Path = ASSIGNMENTS_DIR) -> Path:
        return Path(assignments_dir) / self.name

    def autograder_zip(self, dist_dir: Path = DIST_DIR) -> Path:
        return Path(dist_dir) / self.name / "autograder.zip"

    def student_bundle(self, dist_dir: Path = DIST_DIR) -> Path:
        """What students download (and the setup cell fetches): the student tree, zipped."""
        return Path(dist_dir) / self.name / f"{self.name}-estudiante.zip"

    def solution_notebook(self, dist_dir: Path = DIST_DIR) -> Path:
        return Path(dist_dir) / self.name / f"{self.name}-solution.ipynb"


WORKSHOPS = {
    workshop.name: workshop
    for workshop in (
        Workshop("introduccion", "Introducción al machine learning con TensorFlow",
                 data_files=("california_housing.csv", "bicicletas_entrenamiento.csv", "bicicletas_prueba.csv",
                             "iris.csv")),
        Workshop("iris", "Multiperceptrón con TensorFlow/Keras: Iris",
                 data_files=("iris.csv", "iris_muestra.csv")),
        Workshop("implementacion", "Implementación de redes neuronales",
                 data_files=("fashion_mnist_subconjunto.npz", "california_housing.csv")),
        Workshop("multiperceptron2",
                 "Multiperceptrón II: dígitos, parada temprana, regularización, optimizadores y métricas",
                 data_files=("sonar.csv", "fashion_mnist_subconjunto.npz")),
        Workshop("hiperparametros", "Selección de hiperparámetros en redes neuronales",
                 data_files=("california_housing.csv",)),
        Workshop("bicicletas", "MLP y búsqueda de hiperparámetros: demanda de bicicletas",
                 data_files=("bicicletas_entrenamiento.csv", "bicicletas_prueba.csv")),
    )
}


def get_workshop(name: str) -> Workshop:
    """The workshop called ``name``; a ``ValueError`` naming the known ones otherwise."""
    try:
        return WORKSHOPS[name]
    except KeyError:
        known = ", ".join(sorted(WORKSHOPS))
        raise ValueError(f"unknown workshop {name!r}; known workshops: {known}") from None
