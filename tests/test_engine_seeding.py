"""The engine seeds what notebooks leave unseeded: an Optuna study and a KerasTuner search without
seeds, and Keras's weight initialisation, give the same results every time a notebook runs."""

import json

import nbformat
import pytest

from autograder.engine.shared.artifacts import Decoder
from autograder.engine.phase1.notebook_run import NotebookJob, code_cells, run_notebook

pytestmark = pytest.mark.e2e  # runs notebooks in kernels

CELLS = [
    "import optuna\n"
    "optuna.logging.set_verbosity(optuna.logging.WARNING)\n"
    "estudio = optuna.create_study()\n"
    "estudio.optimize(lambda prueba: (prueba.suggest_float('x', -10, 10) - 2) ** 2, n_trials=8)\n"
    "valores_optuna = [prueba.params['x'] for prueba in estudio.trials]",
    "import keras, keras_tuner\n"
    "def construir(hp):\n"
    "    modelo = keras.Sequential([keras.Input(shape=[3]), keras.layers.Dense(hp.Int('neuronas', 2, 64))])\n"
    "    modelo.compile(loss='mse', optimizer=keras.optimizers.SGD(hp.Float('eta', 1e-4, 1e-1, sampling='log')))\n"
    "    return modelo\n"
    "buscador = keras_tuner.RandomSearch(construir, objective='loss', max_trials=3, overwrite=True,\n"
    "                                    directory='busqueda', project_name='azar')\n"
    "import numpy as np\n"
    "buscador.search(np.ones((8, 3)), np.ones((8, 1)), epochs=1, verbose=0)\n"
    "valores_keras_tuner = [t.hyperparameters.values for t in buscador.oracle.trials.values()]",
    "pesos_iniciales = keras.Sequential([keras.Input(shape=[3]), keras.layers.Dense(4)]).get_weights()[0]",
]
VARIABLES = ["valores_optuna", "valores_keras_tuner", "pesos_iniciales"]


def run_once(root):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell) for cell in CELLS])
    for folder in ("trabajo", "exportado", "canal"):
        (root / folder).mkdir(parents=True)
    execution = run_notebook(NotebookJob(cells=code_cells(notebook), area=root, probes={}, variables=VARIABLES,
                                         timeout=240, memory_mb=3000, output_mb=20))
    assert (execution.status, execution.cell_errors, execution.exported) == ("ok", [], True), execution
    namespace = Decoder(root / "exportado").namespace(VARIABLES, {})
    return {name: json.dumps(namespace[name], default=lambda array: array.tolist()) for name in VARIABLES}


@pytest.mark.parametrize("variable", VARIABLES)
def test_unseeded_searches_and_initialisations_repeat_exactly(variable, two_runs):
    first, second = two_runs
    assert first[variable] == second[variable]


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    return run_once(tmp_path_factory.mktemp("primera")), run_once(tmp_path_factory.mktemp("segunda"))


def test_searches_explore_more_than_one_point(two_runs):
    first, _ = two_runs
    assert len(set(json.loads(first["valores_optuna"]))) == 8
    assert len({json.dumps(values, sort_keys=True) for values in json.loads(first["valores_keras_tuner"])}) == 3
