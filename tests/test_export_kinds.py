"""Every kind of value the workshops grade, produced the way a student produces it (trained,
fitted, searched, plotted), exported as grading exports it and rebuilt as data, as phase 2 does:
what a test reads of it is the same after the round trip, and the check library grades the
rebuilt value as it grades the student's."""

import collections
import os

import keras
import numpy as np
import pytest

from autograder import checks
from autograder.engine.shared.artifacts import Decoder, Unavailable
from autograder.engine.phase2.evaluate import copy_student_files
from autograder.engine.phase1.exporting import export


@pytest.fixture
def round_trip(tmp_path, monkeypatch):
    """Export ``values`` from a working directory of their own, rebuild them in another one (with
    the files they wrote copied there, as phase 2 does), and return the rebuilt values."""
    notebook_dir, evaluation_dir = tmp_path / "cuaderno", tmp_path / "evaluacion"
    notebook_dir.mkdir()
    evaluation_dir.mkdir()
    monkeypatch.chdir(notebook_dir)

    def run(build):
        values = build()
        export(values, list(values), str(tmp_path / "sin-sondas"), str(tmp_path / "exportado"), 30)
        monkeypatch.chdir(evaluation_dir)
        copy_student_files(tmp_path / "exportado", evaluation_dir)
        return values, Decoder(tmp_path / "exportado").namespace(list(values), {})

    return run


def graded_alike(check, original, rebuilt, name, **options):
    """Run ``check`` on the student's value and on its rebuilt copy; both pass, with equal results."""
    found, expected = check(rebuilt, name, **options), check(original, name, **options)
    assert found == expected, (found, expected)
    return found


def small_data(rows=60, features=3, seed=0):
    generator = np.random.default_rng(seed)
    features_matrix = generator.normal(size=(rows, features)).astype("float32")
    return features_matrix, (features_matrix @ np.arange(1, features + 1)).astype("float32")[:, None]


def small_model(features=3, **dense):
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input(shape=(features,)), keras.layers.Dense(8, activation="relu", **dense),
                              keras.layers.Dropout(0.5), keras.layers.Dense(1)])
    model.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9))
    return model


def test_early_stopping_after_fit_keeps_its_settings_and_what_it_saw(round_trip):
    def build():
        model = small_model()
        stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, min_delta=10.0,
                                                restore_best_weights=True)
        history = model.fit(*small_data(), validation_split=0.25, epochs=50, callbacks=[stopper], verbose=0)
        return {"parada": stopper, "historia": history}

    original, rebuilt = round_trip(build)
    stopper = rebuilt["parada"]
    assert type(stopper) is keras.callbacks.EarlyStopping
    for name in ("monitor", "patience", "min_delta", "restore_best_weights", "stopped_epoch", "best", "wait"):
        assert getattr(stopper, name) == getattr(original["parada"], name), name
    assert 0 < stopper.stopped_epoch < 49 and stopper.monitor_op(1.0, 2.0)
    assert rebuilt["historia"].history == original["historia"].history
    settings = {"monitor": "val_loss", "patience": 2, "min_delta": 10.0, "restore_best_weights": True}
    assert checks.check_early_stopping(stopper, "parada", **settings) is stopper
    assert checks.check_early_stopping(original["parada"], "parada", **settings) is original["parada"]
    epochs = checks.check_stopped_early(stopper, "parada", history=rebuilt["historia"], max_epochs=50)
    assert epochs == checks.check_stopped_early(original["parada"], "parada", history=original["historia"],
                                                max_epochs=50) == stopper.stopped_epoch + 1
    with pytest.raises(AssertionError, match="debería tener patience=5, pero tiene patience=2"):
        checks.check_early_stopping(stopper, "parada", patience=5)


def test_model_checkpoint_keeps_its_settings_and_the_file_it_wrote(round_trip):
    def build():
        model = small_model()
        checkpoint = keras.callbacks.ModelCheckpoint("mejor.keras", monitor="val_loss", save_best_only=True)
        model.fit(*small_data(), validation_split=0.25, epochs=3, callbacks=[checkpoint], verbose=0)
        return {"punto_de_control": checkpoint, "modelo": model}

    original, rebuilt = round_trip(build)
    checkpoint = rebuilt["punto_de_control"]
    assert (checkpoint.filepath, checkpoint.save_best_only, checkpoint.monitor) == ("mejor.keras", True, "val_loss")
    assert checkpoint.best == original["punto_de_control"].best
    reloaded = keras.models.load_model("mejor.keras")  # in phase 2's own folder
    assert reloaded.count_params() == rebuilt["modelo"].count_params()
    saved = checks.check_model_checkpoint(checkpoint, "punto_de_control", monitor="val_loss", save_best_only=True)
    assert saved.count_params() == reloaded.count_params()
    os.remove("mejor.keras")
    with pytest.raises(AssertionError, match="debería haber guardado el modelo en 'mejor.keras'"):
        checks.check_model_checkpoint(checkpoint, "punto_de_control")


def test_a_students_own_callback_keeps_what_it_recorded(round_trip):
    def build():
        namespace = {"keras": keras}
        exec(  # defined in the notebook, as a student does
            "class BuscadorDeTasa(keras.callbacks.Callback):\n"
            "    def __init__(self, factor):\n"
            "        super().__init__()\n"
            "        self.factor, self.tasas, self.perdidas = factor, [], []\n"
            "    def on_batch_end(self, batch, logs=None):\n"
            "        self.tasas.append(float(self.model.optimizer.learning_rate))\n"
            "        self.perdidas.append(logs['loss'])\n"
            "        self.model.optimizer.learning_rate = self.model.optimizer.learning_rate * self.factor\n",
            namespace)
        namespace["BuscadorDeTasa"].__module__ = "__main__"
        finder = namespace["BuscadorDeTasa"](1.5)
        small_model().fit(*small_data(), batch_size=10, epochs=1, callbacks=[finder], verbose=0)
        return {"buscador": finder}

    original, rebuilt = round_trip(build)
    finder = rebuilt["buscador"]
    assert type(finder).__name__ == "BuscadorDeTasa" and isinstance(finder, keras.callbacks.Callback)
    assert finder.tasas == original["buscador"].tasas and len(finder.tasas) == 6
    assert finder.perdidas == original["buscador"].perdidas and finder.factor == 1.5
    recorded = checks.check_callback(finder, "buscador", kind="BuscadorDeTasa", attributes=["tasas", "perdidas"])
    assert recorded == checks.check_callback(original["buscador"], "buscador", kind="BuscadorDeTasa",
                                             attributes=["tasas", "perdidas"])
    with pytest.raises(AssertionError, match="debería guardar `mejor_tasa` durante el entrenamiento"):
        checks.check_callback(finder, "buscador", attributes=["mejor_tasa"])
    assert not hasattr(type(finder), "on_batch_end") or type(finder).on_batch_end is keras.callbacks.Callback.on_batch_end


def test_tensorboard_keeps_its_log_directory_and_event_files_whose_scalars_are_the_history(round_trip):
    def build():
        board = keras.callbacks.TensorBoard(log_dir="registros")
        model = small_model()
        model.compile(loss="mse", optimizer="sgd", metrics=["mae"])
        history = model.fit(*small_data(), validation_split=0.25, epochs=3, callbacks=[board], verbose=0)
        return {"tablero": board, "historia": history}

    original, rebuilt = round_trip(build)
    assert rebuilt["tablero"].log_dir == "registros"
    events = sorted(os.path.relpath(os.path.join(folder, name), "registros")
                    for folder, _, names in os.walk("registros") for name in names)
    assert any(path.startswith("train") for path in events) and any(path.startswith("validation") for path in events)
    logged = checks.check_tensorboard_logs(rebuilt["tablero"], "tablero", history=rebuilt["historia"])
    assert logged["train"]["epoch_mae"] == pytest.approx(original["historia"].history["mae"])
    assert logged["validation"]["epoch_loss"] == pytest.approx(original["historia"].history["val_loss"])
    with pytest.raises(AssertionError, match=r"Los registros de `tablero` en 'train' deberían guardar 'epoch_loss' por "
                                             r"época igual a la historia \('loss': 2 épocas\)"):
        checks.check_tensorboard_logs(rebuilt["tablero"], "tablero", history={"loss": [1.0, 2.0]})


def test_regularizers_dropout_and_optimizer_settings_come_back_with_the_model(round_trip):
    def build():
        model = small_model(kernel_regularizer=keras.regularizers.l1_l2(l1=0.01, l2=0.001))
        model.fit(*small_data(), epochs=1, verbose=0)
        return {"modelo": model, "regularizador": keras.regularizers.L2(0.01),
                "optimizador": keras.optimizers.Adam(learning_rate=0.002, beta_1=0.8)}

    _, rebuilt = round_trip(build)
    model = rebuilt["modelo"]
    regularizer = model.layers[0].kernel_regularizer.get_config()
    assert regularizer["l1"] == pytest.approx(0.01) and regularizer["l2"] == pytest.approx(0.001)
    assert type(model.layers[1]) is keras.layers.Dropout and model.layers[1].rate == 0.5
    assert type(model.optimizer).__name__ == "SGD" and model.optimizer.get_config()["momentum"] == pytest.approx(0.9)
    assert len(model.losses) == 1  # the penalty is in the model's losses
    assert rebuilt["regularizador"].get_config()["l2"] == pytest.approx(0.01)
    assert rebuilt["optimizador"].get_config()["beta_1"] == pytest.approx(0.8)


def test_a_model_also_saved_in_hdf5_keeps_its_optimizer_and_its_steps(round_trip):
    """Keras's HDF5 saver drops the optimizer from the model's compile settings."""
    def build():
        model = small_model()
        model.fit(*small_data(), epochs=2, batch_size=20, verbose=0)
        model.save("modelo.h5")
        return {"modelo": model}

    _, rebuilt = round_trip(build)
    model = rebuilt["modelo"]
    assert type(model.optimizer).__name__ == "SGD" and model.optimizer.get_config()["momentum"] == pytest.approx(0.9)
    assert model.optimizer.learning_rate.numpy() == pytest.approx(0.01) and int(model.optimizer.iterations) == 6


def test_a_keras_tuner_search_keeps_its_space_trials_best_values_and_best_model(round_trip, tmp_path):
    import keras_tuner

    def build():
        def build_model(hp):
            model = keras.Sequential([keras.Input(shape=(3,)),
                                      keras.layers.Dense(hp.Int("neuronas", 2, 16, step=2), activation="relu"),
                                      keras.layers.Dense(1)])
            model.compile(loss="mse", optimizer=keras.optimizers.SGD(hp.Float("eta", 1e-4, 1e-1, sampling="log")))
            return model

        tuner = keras_tuner.RandomSearch(build_model, objective="val_loss", max_trials=3, seed=3, overwrite=True,
                                         executions_per_trial=2, directory=str(tmp_path / "busqueda"),
                                         project_name="azar")
        tuner.search(*small_data(), validation_split=0.25, epochs=2, verbose=0)
        return {"buscador": tuner}

    original, rebuilt = round_trip(build)
    tuner, before = rebuilt["buscador"], original["buscador"]
    assert type(tuner).__name__ == "RandomSearch" and tuner.oracle.max_trials == 3 and tuner.oracle.seed == 3
    assert tuner.executions_per_trial == 2
    space = {hp.name: hp.get_config() for hp in tuner.oracle.get_space().space}
    assert (space["neuronas"]["min_value"], space["neuronas"]["max_value"], space["neuronas"]["step"]) == (2, 16, 2)
    assert space["eta"]["sampling"] == "log"
    assert {t.trial_id: (t.hyperparameters.values, t.score, t.status) for t in tuner.oracle.trials.values()} == \
        {t.trial_id: (t.hyperparameters.values, t.score, t.status) for t in before.oracle.trials.values()}
    assert tuner.get_best_hyperparameters()[0].values == before.get_best_hyperparameters()[0].values
    features, _ = small_data()
    np.testing.assert_allclose(tuner.get_best_models()[0].predict(features, verbose=0),
                               before.get_best_models()[0].predict(features, verbose=0), rtol=1e-6)
    expected_space = {"neuronas": {"kind": "Int", "min_value": 2, "max_value": 16, "step": 2},
                      "eta": {"kind": "Float", "min_value": 1e-4, "max_value": 0.1, "sampling": "log"}}
    graded_alike(checks.check_search_space, before, tuner, "buscador", expected=expected_space, only=True)
    best = graded_alike(checks.check_tuner, before, tuner, "buscador", objective="val_loss", direction="min",
                        max_trials=3, executions_per_trial=2, min_completed=3)
    assert set(best) == {"neuronas", "eta"}
    with pytest.raises(AssertionError, match=r"El hiperparámetro 'eta' de `buscador` debería tener sampling='linear'"):
        checks.check_search_space(tuner, "buscador", expected={"eta": {"sampling": "linear"}})


def test_an_optuna_study_keeps_its_trials_states_distributions_and_best_trial(round_trip):
    import optuna

    def build():
        optuna.logging.set_verbosity(optuna.logging.WARNING)

        def objective(trial):
            x = trial.suggest_float("x", -10, 10)
            kind = trial.suggest_categorical("tipo", ["a", "b"])
            trial.report((x - 2) ** 2, step=0)
            if x > 8:
                raise optuna.TrialPruned()
            return (x - 2) ** 2 + (kind == "b")

        study = optuna.create_study(direction="minimize", sampler=optuna.samplers.RandomSampler(seed=4))
        study.optimize(objective, n_trials=12)
        return {"estudio": study}

    original, rebuilt = round_trip(build)
    study, before = rebuilt["estudio"], original["estudio"]
    assert isinstance(study, optuna.study.Study) and study.direction == before.direction
    assert [(t.number, t.state, t.params, t.value) for t in study.trials] == \
        [(t.number, t.state, t.params, t.value) for t in before.trials]
    assert study.trials[0].distributions == before.trials[0].distributions
    assert (study.best_trial.number, study.best_value) == (before.best_trial.number, before.best_value)
    x_range = {"x": {"kind": "FloatDistribution", "low": -10.0, "high": 10.0, "log": False}}
    best = graded_alike(checks.check_study, before, study, "estudio", direction="minimize", min_trials=8,
                        params=["x", "tipo"], distributions=x_range)
    assert best == before.best_params
    with pytest.raises(AssertionError, match=r"`estudio` debería maximizar su objetivo \(direction='maximize'\)"):
        checks.check_study(study, "estudio", direction="maximize")


def test_scikit_learn_searches_keep_their_results_and_a_best_estimator_that_predicts(round_trip):
    from sklearn.model_selection import GridSearchCV, RandomizedSearchCV
    from sklearn.svm import SVR
    from scipy.stats import loguniform

    def build():
        features, target = small_data()
        grid = GridSearchCV(SVR(), {"C": [0.1, 1.0, 10.0], "kernel": ["rbf", "linear"]}, cv=3).fit(features, target.ravel())
        random = RandomizedSearchCV(SVR(), {"C": loguniform(0.01, 100)}, n_iter=4, cv=3, random_state=0)
        return {"rejilla": grid, "azar": random.fit(features, target.ravel())}

    original, rebuilt = round_trip(build)
    features, _ = small_data(seed=5)
    for name in ("rejilla", "azar"):
        search, before = rebuilt[name], original[name]
        assert search.best_params_ == before.best_params_ and search.best_score_ == before.best_score_
        assert search.cv_results_["params"] == before.cv_results_["params"]
        np.testing.assert_array_equal(search.cv_results_["mean_test_score"], before.cv_results_["mean_test_score"])
        np.testing.assert_array_equal(search.best_estimator_.predict(features), before.best_estimator_.predict(features))
    assert len(rebuilt["rejilla"].cv_results_["params"]) == 6
    assert graded_alike(checks.check_search, original["rejilla"], rebuilt["rejilla"], "rejilla", kind="GridSearchCV",
                        parameters=["C", "kernel"], n_candidates=6, cv=3) == original["rejilla"].best_params_
    with pytest.raises(AssertionError, match="`azar` debería probar 6 configuraciones, pero probó 4"):
        checks.check_search(rebuilt["azar"], "azar", kind="RandomizedSearchCV", n_candidates=6)
    space = rebuilt["azar"].param_distributions["C"]  # a SciPy distribution, as its name and arguments
    assert (space.dist.name, space.args) == ("loguniform", (0.01, 100))
    np.testing.assert_allclose(space.ppf([0.1, 0.5, 0.9]), original["azar"].param_distributions["C"].ppf([0.1, 0.5, 0.9]))


def test_a_search_over_a_keras_model_through_keras_wrappers_predicts(round_trip):
    from keras.wrappers import SKLearnRegressor
    from sklearn.model_selection import RandomizedSearchCV

    def build():
        def build_model(X, y, n_neurons=4):
            keras.utils.set_random_seed(2)
            model = keras.Sequential([keras.Input(shape=(X.shape[1],)), keras.layers.Dense(n_neurons, activation="relu"),
                                      keras.layers.Dense(1)])
            model.compile(loss="mse", optimizer="sgd")
            return model

        features, target = small_data()
        regressor = SKLearnRegressor(model=build_model, fit_kwargs={"epochs": 2, "verbose": 0})
        search = RandomizedSearchCV(regressor, {"model_kwargs": [{"n_neurons": 2}, {"n_neurons": 8}]}, n_iter=2, cv=2,
                                    random_state=0)
        return {"busqueda": search.fit(features, target.ravel())}

    original, rebuilt = round_trip(build)
    search, before = rebuilt["busqueda"], original["busqueda"]
    assert search.best_params_ == before.best_params_ and len(search.cv_results_["params"]) == 2
    features, _ = small_data(seed=6)
    np.testing.assert_allclose(search.best_estimator_.predict(features), before.best_estimator_.predict(features), rtol=1e-5)
    assert isinstance(search.best_estimator_.model, Unavailable)  # the student's build function is code


def test_pipelines_and_column_transformers_fitted_on_a_frame_transform(round_trip):
    import pandas as pd
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LinearRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    frame = pd.DataFrame({"area": [50.0, 80, 120, 65, 90], "zona": ["a", "b", None, "c", "b"],
                          "fecha": pd.to_datetime(["2011-01-01 05:00", "2011-01-02 06:00", "2011-03-01 00:00",
                                                   "2012-06-30 23:00", "2012-12-31 12:00"])})
    target = np.array([1.0, 2, 3, 1.5, 2.2])

    def build():
        zones = make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder())
        columns = ColumnTransformer([("numeros", StandardScaler(), ["area"]), ("zonas", zones, ["zona"])])
        return {"tuberia": make_pipeline(columns, LinearRegression()).fit(frame, target), "datos": frame}

    original, rebuilt = round_trip(build)
    pd.testing.assert_frame_equal(rebuilt["datos"], frame)  # dates, and text with a missing value
    np.testing.assert_allclose(rebuilt["tuberia"].predict(frame), original["tuberia"].predict(frame))
    np.testing.assert_allclose(rebuilt["tuberia"][0].transform(frame), original["tuberia"][0].transform(frame))


def test_a_figure_keeps_its_axes_labels_lines_bars_and_images(round_trip):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def build():
        figure, (curves, bars, image) = plt.subplots(3, 1)
        curves.plot([0.0, 0.5, 1.0], [0.0, 0.8, 1.0], label="ROC")
        curves.plot([0, 1], [0, 1], "--", label="azar")
        curves.set(title="Curva ROC", xlabel="Tasa de falsos positivos", ylabel="Tasa de verdaderos positivos")
        curves.legend()
        bars.bar(["a", "b", "c"], [3, 1, 2])
        image.imshow(np.zeros((8, 8)))
        return {"figura": figure, "ejes": curves}

    _, rebuilt = round_trip(build)
    curves, bars, image = rebuilt["figura"].axes
    assert curves.get_title() == "Curva ROC" and curves.get_xlabel() == "Tasa de falsos positivos"
    np.testing.assert_array_equal(curves.get_lines()[0].get_ydata(), [0.0, 0.8, 1.0])
    assert [line.get_label() for line in curves.get_lines()] == ["ROC", "azar"]
    assert [text.get_text() for text in curves.get_legend().get_texts()] == ["ROC", "azar"]
    assert [patch.get_height() for patch in bars.patches] == [3, 1, 2]
    assert image.get_images()[0].get_array().shape == (8, 8)
    assert rebuilt["ejes"].get_title() == "Curva ROC"
    assert len(checks.check_figure(rebuilt["figura"], "figura", n_axes=3)) == 3
    x, y = checks.check_line(rebuilt["ejes"], "ejes", y=[0.0, 0.8, 1.0], label="ROC")
    np.testing.assert_array_equal(x, [0.0, 0.5, 1.0])
    np.testing.assert_array_equal(checks.check_bars(bars, "barras", heights=[3, 1, 2]), [3, 1, 2])
    assert checks.check_image(image, "imagen", shape=(8, 8)) == (8, 8)
    with pytest.raises(AssertionError, match=r"El gráfico 2 de `figura` debería tener un título"):
        checks.check_figure(rebuilt["figura"], "figura", titled=True)


def test_tensors_masked_arrays_and_library_containers_come_back_as_their_plain_equivalents(round_trip):
    import tensorflow as tf
    from sklearn.utils import Bunch

    Punto = collections.namedtuple("Punto", "x y")

    def build():
        return {"tensor": tf.constant([[1.0, 2.0]]), "variable": keras.Variable([3.0]),
                "enmascarado": np.ma.masked_array([1, 2, 3], mask=[0, 1, 0]),
                "por_defecto": collections.defaultdict(list, {"a": [1]}), "punto": Punto(1, 2),
                "ordenado": collections.OrderedDict(b=2, a=1), "racimo": Bunch(data=np.eye(2), nombre="x")}

    _, rebuilt = round_trip(build)
    np.testing.assert_array_equal(rebuilt["tensor"], [[1.0, 2.0]])
    np.testing.assert_array_equal(rebuilt["variable"], [3.0])
    assert rebuilt["enmascarado"].mask.tolist() == [False, True, False] and rebuilt["enmascarado"].sum() == 4
    assert rebuilt["por_defecto"] == {"a": [1]} and rebuilt["punto"] == (1, 2)
    assert list(rebuilt["ordenado"]) == ["b", "a"]
    assert rebuilt["racimo"].nombre == "x" and rebuilt["racimo"].data.shape == (2, 2)


def test_a_shap_explanation_keeps_its_values_base_values_data_and_feature_names(round_trip):
    """What ``explainer(X)`` returns comes back as a ``shap.Explanation`` of the same data: additive
    as the original, indexable one example at a time, and plotted by SHAP's own plots."""
    import shap
    from matplotlib.figure import Figure

    weights = np.array([2.0, -1.0, 0.5])

    def predict(data):
        return np.asarray(data, dtype=float) @ weights + 3.0

    inputs = np.random.default_rng(0).normal(size=(40, 3))

    def build():
        explainer = shap.Explainer(predict, shap.maskers.Independent(inputs[:10]), feature_names=["hora", "temp", "mes"])
        return {"explicacion": explainer(inputs[10:15])}

    original, rebuilt = round_trip(build)
    explanation = rebuilt["explicacion"]
    assert type(explanation) is shap.Explanation
    for part in ("values", "base_values", "data"):
        np.testing.assert_array_equal(getattr(explanation, part), getattr(original["explicacion"], part))
    assert explanation.feature_names == ["hora", "temp", "mes"]
    np.testing.assert_allclose(explanation.values.sum(axis=1) + explanation.base_values, predict(inputs[10:15]))
    assert explanation[0].values.shape == (3,) and float(explanation[0].base_values) == pytest.approx(
        float(predict(inputs[:10]).mean()))
    shap.plots.waterfall(explanation[0], show=False)
    import matplotlib.pyplot as plt
    assert isinstance(plt.gcf(), Figure) and plt.gcf().axes
    plt.close("all")


REPLAYED_TEST = '''from otter.test_files import test_case

name = "q1"
points = 4

@test_case(points=1, hidden=True)
def test_q1_modelo(construir_modelo):
    import keras_tuner
    hp = keras_tuner.HyperParameters()
    hp.Fixed("neuronas", 6)
    modelo = construir_modelo(hp)
    assert modelo.count_params() == 3 * 6 + 6 + 6 + 1, modelo.count_params()

@test_case(points=1, hidden=True)
def test_q1_objetivo(objetivo):
    import optuna
    assert objetivo(optuna.trial.FixedTrial({"x": 2.0})) == 0.0
    assert objetivo(optuna.trial.FixedTrial({"x": 5.0})) == 9.0

@test_case(points=1, hidden=True)
def test_q1_muestras(contar):
    from scipy.stats import loguniform, randint
    assert contar({"tasa": loguniform(1e-3, 1.0), "capas": [1, 2]}, 5) == 5
    assert contar({"capas": randint(1, 3)}, 4) == 4

@test_case(points=1, hidden=True)
def test_q1_tabla(horas):
    import pandas as pd
    tabla = pd.DataFrame({"datetime": pd.to_datetime(["2011-01-20 05:00:00", "2012-12-31 23:00:00"]),
                          "weather": ["Clear", None], "count": [3, 4]})
    assert horas(tabla) == [5, 23]
    assert horas(tabla.iloc[::-1]) == [23, 5]
'''
SOLUTION_CELLS = [
    "import keras\n"
    "def construir_modelo(hp):\n"
    "    modelo = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(hp.Int('neuronas', 2, 8)),\n"
    "                               keras.layers.Dense(1)])\n"
    "    modelo.compile(loss='mse', optimizer='sgd')\n"
    "    return modelo",
    "def objetivo(prueba):\n"
    "    return (prueba.suggest_float('x', -10, 10) - 2) ** 2",
    "from sklearn.model_selection import ParameterSampler\n"
    "def contar(espacio, n_iter):\n"
    "    return len(list(ParameterSampler(espacio, n_iter, random_state=0)))",
    "def horas(tabla):\n"
    "    return tabla['datetime'].dt.hour.tolist()",
]


def test_functions_called_with_hyperparameters_a_fixed_trial_or_distributions_are_replayed(tmp_path, monkeypatch):
    """The build records a test's calls with KerasTuner's HyperParameters, Optuna's FixedTrial,
    SciPy's distributions and pandas tables (dates, text with a missing value, a reordered index);
    the kernel calls the student's functions with them rebuilt, and phase 2 finds the results."""
    import nbformat

    from autograder.builder.probes import record
    from autograder.engine.phase2.evaluate import probe_keys, run_tests

    solution = tmp_path / "taller.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell) for cell in SOLUTION_CELLS]), solution)
    for folder in ("apoyo", "pruebas", "cuaderno"):
        (tmp_path / folder).mkdir()
    (tmp_path / "pruebas" / "q1.py").write_text(REPLAYED_TEST)
    assert record(solution, tmp_path / "apoyo", tmp_path / "pruebas", tmp_path / "sondas") == \
        {"construir_modelo": 1, "objetivo": 2, "contar": 2, "horas": 2}

    student = {}
    for cell in SOLUTION_CELLS:  # the student's kernel
        exec(cell.replace("(prueba.suggest_float('x', -10, 10) - 2) ** 2", "(prueba.suggest_float('x', -10, 10) - 3) ** 2")
             if "objetivo" in cell else cell, student)
    monkeypatch.chdir(tmp_path / "cuaderno")
    names = ["construir_modelo", "objetivo", "contar", "horas"]
    export(student, names, str(tmp_path / "sondas"), str(tmp_path / "exportado"), 30)
    namespace = Decoder(tmp_path / "exportado").namespace(names, probe_keys(tmp_path / "sondas"))
    passed = [case["passed"] for question in run_tests(tmp_path / "pruebas", namespace) for case in question["cases"]]
    assert passed == [True, False, True, True]  # the student's objective has its minimum at 3, not 2
