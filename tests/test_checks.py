"""The check library: each bad input raises AssertionError with a Spanish message naming the thing,
what was found and what was expected; good input returns what was checked."""

import inspect
from types import SimpleNamespace

import keras
import matplotlib
import numpy as np
import pytest
from keras.layers import Activation, Dense, Input
from keras.models import Model, Sequential

from scipy.stats import loguniform, randint, reciprocal, uniform
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from autograder import checks

matplotlib.use("Agg")
HELPERS = {"layer_signature", "loss_name", "search_candidates", "tape_gradients"}  # not checks: they compute, never fail
# Ten rows of two columns standardised on all ten, not on a part.
SCALED_ON_ALL = StandardScaler().fit_transform(np.arange(20.0).reshape(10, 2))


def figure_with(draw):
    from matplotlib.figure import Figure

    figure = Figure()
    draw(figure.add_subplot())
    return figure


def fitted_keras_search(space):
    """A randomized search over a Keras regressor (``keras.wrappers``), its hyperparameters in
    ``model_kwargs`` drawn from ``space`` by ``ParameterSampler``."""
    from keras.wrappers import SKLearnRegressor
    from sklearn.model_selection import ParameterSampler, RandomizedSearchCV

    def build_model(X, y, n_hidden=1, learning_rate=0.01):
        model = Sequential([Input(shape=[X.shape[1]]), *[Dense(2, activation="relu") for _ in range(n_hidden)], Dense(1)])
        model.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=learning_rate))
        return model

    configurations = list(ParameterSampler(space, n_iter=2, random_state=0))
    search = RandomizedSearchCV(SKLearnRegressor(build_model, fit_kwargs={"epochs": 1, "verbose": 0}),
                                {"model_kwargs": configurations}, n_iter=2, cv=2, random_state=0)
    features = np.random.default_rng(0).normal(size=(20, 3))
    return search.fit(features, features.sum(axis=1))


def unfitted_grid():
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import GridSearchCV

    return GridSearchCV(Ridge(), {"alpha": [0.1, 1.0]})


def conditional_study():
    """A study whose space depends on a choice: ``svc_c`` only in SVC trials, ``depth`` in the others."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)

    def objective(trial):
        if trial.suggest_categorical("classifier", ["SVC", "RandomForest"]) == "SVC":
            return trial.suggest_float("svc_c", 1e-3, 1e3, log=True)
        return float(trial.suggest_int("depth", 2, 32, log=True))

    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.RandomSampler(seed=0))
    study.optimize(objective, n_trials=12)
    return study


def dense_4_2_3(output="sigmoid", hidden_units=2, **compile_options):
    model = Sequential([Input(shape=[4]), Dense(hidden_units, activation="tanh"), Dense(3, activation=output)])
    if compile_options:
        model.compile(**compile_options)
    return model


def functional_with_activation_layers():
    inputs = Input(shape=(4,), name="entrada")
    hidden = Activation("tanh", name="FunH")(Dense(2, name="Oculto")(inputs))
    return Model(inputs, Activation("sigmoid", name="FunO")(Dense(3, name="salida")(hidden)))


def compiled_with(optimizer):
    model = Sequential([Input(shape=[2]), Dense(1)])
    model.compile(optimizer=optimizer, loss="mse")
    return model


SGD_BCE = {"optimizer": keras.optimizers.SGD(learning_rate=0.1), "loss": "binary_crossentropy",
           "metrics": ["accuracy"]}

BAD_INPUT = [
    (lambda: checks.check_array(..., "T"), r"`T` todavía no tiene valor"),
    (lambda: checks.check_array(np.zeros((150, 1)), "T", shape=(150, 3)),
     r"`T` debería tener forma \(150, 3\), pero tiene forma \(150, 1\)"),
    (lambda: checks.check_array(np.array(["a", "b"]), "X"), r"`X` debería contener números"),
    (lambda: checks.check_close(np.ones(3), "Y", expected=np.zeros(3)), r"`Y` no tiene los valores esperados: la mayor diferencia es 1"),
    (lambda: checks.check_close(np.array(["a"]), "Y", expected=np.zeros(1)), r"`Y` debería contener números, pero contiene valores de tipo <U1"),
    (lambda: checks.check_equal(7, "f(150, 20)", expected=8), r"`f\(150, 20\)` debería valer 8, pero vale 7"),
    (lambda: checks.check_equal([1, 2], "lista", expected=[1, 3]), r"`lista` no coincide con lo esperado"),
    (lambda: checks.check_one_hot(np.arange(150), "T", n_rows=150, n_classes=3),
     r"`T` debería ser una matriz de 150×3 .* pero tiene forma \(150,\)"),
    (lambda: checks.check_one_hot(np.ones((150, 3)), "T", n_rows=150, n_classes=3), r"un único 1"),
    (lambda: checks.check_model("modelo", "modelo"), r"`modelo` debería ser un modelo de Keras, pero es de tipo str"),
    (lambda: checks.check_model(Sequential([Dense(2)]), "modelo"), r"`modelo` todavía no está construido"),
    (lambda: checks.check_param_counts(dense_4_2_3(hidden_units=3), "m", total=19),
     r"`m` debería tener 19 parámetros en total, pero tiene 27"),
    (lambda: checks.check_param_counts(dense_4_2_3(), "m", non_trainable=1),
     r"`m` debería tener 1 parámetros no entrenables, pero tiene 0"),
    (lambda: checks.check_architecture(dense_4_2_3("softmax"), "m",
                                       expected=[("Dense", 2, "tanh"), ("Dense", 3, "sigmoid")]),
     r"deberían ser Dense\(2, tanh\) → Dense\(3, sigmoid\), pero son Dense\(2, tanh\) → Dense\(3, softmax\)"),
    (lambda: checks.check_input_shape(dense_4_2_3(), "m", expected=(5,)),
     r"debería recibir ejemplos de forma \(5,\), pero recibe \(4,\)"),
    (lambda: checks.check_layer_names(dense_4_2_3(), "m", expected=["Oculto"]), r"`m` debería tener capas llamadas 'Oculto'"),
    (lambda: checks.check_weight_shapes([np.zeros((2, 4))], ["W1"], expected=[(4, 2)]),
     r"`W1` debería tener forma \(4, 2\), pero tiene forma \(2, 4\)"),
    (lambda: checks.check_same_outputs(dense_4_2_3(), "cargado", expected=dense_4_2_3(),
                                       inputs=np.ones((2, 4))),
     r"`cargado` no produce las mismas salidas"),
    (lambda: checks.check_equivalent_given_weights(dense_4_2_3(hidden_units=3), "m", expected=dense_4_2_3(),
                                                   inputs=np.ones((2, 4))),
     r"La capa .* de `m` tiene pesos de formas"),
    (lambda: checks.check_loss(dense_4_2_3(), "m", expected="mse"), r"`m` todavía no está compilado"),
    (lambda: checks.check_loss(dense_4_2_3(**SGD_BCE), "m", expected="mse"),
     r"La función de costo de `m` debería ser mean_squared_error, pero es binary_crossentropy"),
    (lambda: checks.check_optimizer(dense_4_2_3(**SGD_BCE), "m", expected="Adam"), r"`m` debería usar el optimizador Adam, pero usa SGD"),
    (lambda: checks.check_optimizer(dense_4_2_3(**SGD_BCE), "m", expected="SGD", learning_rate=0.01),
     r"La tasa de aprendizaje de `m` debería ser 0.01, pero es 0.1"),
    (lambda: checks.check_metrics(dense_4_2_3(optimizer="sgd", loss="mse"), "m", expected=["accuracy"]),
     r"`m` debería medir accuracy durante el entrenamiento; mide ninguna métrica"),
    (lambda: checks.check_early_stopping(keras.callbacks.EarlyStopping(patience=3), "parada", patience=5),
     r"`parada` debería tener patience=5, pero tiene patience=3"),
    (lambda: checks.check_early_stopping("parada", "parada"), r"`parada` debería ser un `EarlyStopping`"),
    (lambda: checks.check_shapes({"W_h": (50, 10)}, "formas", expected={"W_h": (10, 50)}),
     r"`formas\['W_h'\]` debería ser \(10, 50\), pero es \(50, 10\)"),
    (lambda: checks.check_shapes({"b_h": 50}, "formas", expected={"b_h": (50,)}), r"`formas\['b_h'\]` debería ser una forma"),
    (lambda: checks.check_shapes([(1, 2)], "formas", expected={"X": (1, 2)}), r"`formas` debería ser un diccionario"),
    (lambda: checks.check_derivative(lambda s: 1 - s ** 2, "tanh_derivada", function=np.tanh,
                                     points=np.linspace(0.5, 2, 4)),
     r"`tanh_derivada` no coincide con la derivada numérica .* devuelve .* y la pendiente de la función es"),
    (lambda: checks.check_derivative(lambda s: 1.0, "tanh_derivada", function=np.tanh, points=np.ones(3)),
     r"`tanh_derivada` debería devolver un arreglo de la misma forma que su entrada \(3,\)"),
    (lambda: checks.check_gradients((np.zeros((2, 2)),), "gradientes", expected=[np.ones((2, 2))],
                                    names=["dW"]),
     r"El gradiente dW de `gradientes` no coincide con el de tf.GradientTape: la mayor diferencia es 1"),
    (lambda: checks.check_gradients(np.zeros(2), "gradientes", expected=[np.ones(2), np.ones(2)],
                                    names=["dW", "db"]),
     r"`gradientes` debería devolver una tupla de 2 gradientes \(dW, db\), pero devuelve ndarray"),
    (lambda: checks.check_separates(np.zeros(3), "perceptron", inputs=np.array([[1.0, 2.0], [-1.0, 0.0]]),
                                    labels=np.array([1, -1])),
     r"clasifica mal 2 de 2 puntos"),
    (lambda: checks.check_split({"X_valid": (np.ones((1, 2)), [0]), "X_train": (np.ones((1, 2)), [0])},
                                "X_train_full", whole=(np.ones((3, 2)), [0, 0, 0])),
     r"`X_valid` y `X_train` deberían repartirse los 3 ejemplos de X_train_full.* juntos tienen 2"),
    (lambda: checks.check_split({"a": (SCALED_ON_ALL[:6], [0] * 6), "b": (SCALED_ON_ALL[6:], [0] * 4)}, "todo",
                                whole=(np.arange(20.0).reshape(10, 2), [0] * 10), scaled_on="a"),
     r"Las partes están escaladas, pero no con una escala ajustada solo con `a` \(StandardScaler o MinMaxScaler\): "
     r"ajústela con `a` \(`fit`\) y aplique la misma a `b` \(`transform`\)"),
    (lambda: checks.check_split({"a": (np.arange(12.0).reshape(6, 2) ** 2, [0] * 6), "b": (np.arange(12.0, 20).reshape(4, 2), [0] * 4)},
                                "todo", whole=(np.arange(20.0).reshape(10, 2), [0] * 10), scaled_on="a"),
     r"deberían repartirse los 10 ejemplos de todo, cada uno con su etiqueta, sin repetir ni agregar ninguno, "
     r"escalados o no"),
    (lambda: checks.check_disjoint(np.eye(3), "X_valid", other=np.eye(3)[:2], other_name="X_test"),
     r"2 filas de `X_valid` también están en `X_test`"),
    (lambda: checks.check_rows_from(np.eye(3), "fondo", source=np.eye(3)[:2], source_name="X_train"),
     r"1 de las 3 filas de `fondo` no son filas de `X_train`: elíjalas de `X_train`"),
    (lambda: checks.check_transformed(StandardScaler(), "preprocesamiento", data=np.ones((2, 2)), data_name="tabla"),
     r"`preprocesamiento.transform\(tabla\)` falla: NotFittedError"),
    (lambda: checks.check_transformed([1, 2], "preprocesamiento", data=np.ones((2, 2)), data_name="tabla"),
     r"`preprocesamiento` debería ser un transformador de scikit-learn ajustado \(con `transform`\), pero es un list"),
    (lambda: checks.check_transformed(StandardScaler().fit(np.eye(2)), "preprocesamiento",
                                      data=np.array([[np.nan, 1.0]]), data_name="tabla"),
     r"`preprocesamiento.transform\(tabla\)` debería dar solo números finitos, pero da 1 valores NaN o infinitos"),
    (lambda: checks.check_in_range(np.array([0.0, 255.0]), "X_train", low=0.0, high=1.0),
     r"Los valores de `X_train` deberían ocupar el intervalo \[0, 1\], pero van de 0 a 255"),
    (lambda: checks.check_normalization_adapted(dense_4_2_3(), "m", data=np.ones((5, 4)), data_name="X"),
     r"`m` debería empezar con una capa `Normalization`"),
    (lambda: checks.check_normalization_adapted(
        Sequential([Input(shape=[4]), Dense(4), keras.layers.Normalization(mean=0.0, variance=1.0), Dense(1)]), "m",
        data=np.ones((5, 4)), data_name="X"),
     r"`m` debería empezar con su capa `Normalization`, que estandariza las entradas, pero su primera capa es una "
     r"`Dense` \(dense"),
    (lambda: checks.check_beats_baseline(Sequential([Input(shape=[4]), Dense(1, kernel_initializer="zeros")]),
                                         "m", inputs=np.ones((4, 4)),
                                         targets=np.array([0.0, 2.0, 0.0, 2.0]) + 5,
                                         train_targets=np.array([0.0, 2.0]) + 5, ratio=0.75),
     r"El RMSE de `m` en el conjunto de prueba es 6.08.*; debería ser menor que 0.75 × 1"),

    (lambda: checks.check_early_stopping(keras.callbacks.EarlyStopping(), "parada", min_delta=0.01),
     r"`parada` debería tener min_delta=0.01, pero tiene min_delta=0"),
    (lambda: checks.check_stopped_early(keras.callbacks.EarlyStopping(), "parada", history=[1, 2], max_epochs=5),
     r"la historia de `parada`` debería ser lo que devuelve `fit`"),
    (lambda: checks.check_model_checkpoint(keras.callbacks.EarlyStopping(), "punto"),
     r"`punto` debería ser un `ModelCheckpoint`, pero es de tipo EarlyStopping"),
    (lambda: checks.check_model_checkpoint(keras.callbacks.ModelCheckpoint("m.keras"), "punto", save_best_only=True),
     r"`punto` debería tener save_best_only=True, pero tiene save_best_only=False"),
    (lambda: checks.check_tensorboard_logs(keras.callbacks.EarlyStopping(), "tablero", history={"loss": [1.0]}),
     r"`tablero` debería ser un `TensorBoard`, pero es de tipo EarlyStopping"),
    (lambda: checks.check_tensorboard_logs(keras.callbacks.TensorBoard(log_dir="/nonexistent/registros"), "tablero",
                                           history={"loss": [1.0]}),
     r"`tablero` debería escribir los registros del entrenamiento en '/nonexistent/registros/train', pero no hay"),
    (lambda: checks.check_callback(object(), "registro"), r"`registro` debería ser un callback de Keras"),
    (lambda: checks.check_callback(keras.callbacks.History(), "registro", kind="Registro"),
     r"`registro` debería ser un `Registro`, pero es un `History`"),
    (lambda: checks.check_search_space("hp", "busqueda", expected={}), r"`busqueda` debería ser un tuner de KerasTuner"),
    (lambda: checks.check_tuner(None, "busqueda"), r"`busqueda` todavía no tiene valor"),
    (lambda: checks.check_tuner(keras.callbacks.History(), "busqueda"), r"`busqueda` debería ser un tuner de KerasTuner"),
    (lambda: checks.check_tuner(SimpleNamespace(oracle=SimpleNamespace(objective=None, max_trials=5, seed=7, trials={}),
                                                get_best_hyperparameters=lambda n: []), "busqueda", seed=42),
     r"`busqueda` debería sortear con la semilla 42 \(seed=42\), pero tiene seed=7"),
    (lambda: checks.check_tuner(SimpleNamespace(oracle=SimpleNamespace(objective=None, max_trials=3, seed=7, trials={}),
                                                executions_per_trial=1, get_best_hyperparameters=lambda n: []),
                                "busqueda", executions_per_trial=2),
     r"`busqueda` debería entrenar cada configuración 2 veces \(executions_per_trial=2\), pero tiene "
     r"executions_per_trial=1"),
    (lambda: checks.check_study({"x": 1}, "estudio"), r"`estudio` debería ser un estudio de Optuna"),
    (lambda: checks.check_study(conditional_study(), "estudio", distributions={"svc_c": {"log": False}}),
     r"El parámetro 'svc_c' de `estudio` debería tener log=False, pero tiene log=True"),
    (lambda: checks.check_study(conditional_study(), "estudio", distributions={"gamma": {"log": True}}),
     r"Ninguna prueba completa de `estudio` sugiere 'gamma'"),
    (lambda: checks.check_search(unfitted_grid(), "rejilla"), r"`rejilla` todavía no buscó: llame a `fit`"),
    (lambda: checks.check_search(unfitted_grid(), "rejilla", kind="RandomizedSearchCV"),
     r"`rejilla` debería ser un `RandomizedSearchCV`, pero es de tipo GridSearchCV"),
    (lambda: checks.check_param_distributions([1, 2], "espacio", expected={}),
     r"`espacio` debería ser un diccionario de hiperparámetros \(nombre → valores o distribución\), pero es de tipo list"),
    (lambda: checks.check_param_distributions({"n_hidden": [0, 1]}, "espacio", expected={"n_neurons": [1]}),
     r"`espacio` debería incluir 'n_neurons'; incluye 'n_hidden'"),
    (lambda: checks.check_param_distributions({"n_hidden": [0, 1], "x": [1]}, "espacio", expected={"n_hidden": [0, 1]},
                                              only=True),
     r"`espacio` debería tener solo 'n_hidden'; tiene además 'x'"),
    (lambda: checks.check_param_distributions({"n_hidden": [0, 1, 2]}, "espacio", expected={"n_hidden": range(4)}),
     r"El hiperparámetro 'n_hidden' de `espacio` debería tomar los valores \{0, 1, 2, 3\}, pero toma los valores "
     r"\{0, 1, 2\}"),
    (lambda: checks.check_param_distributions({"n_neurons": np.arange(1, 50)}, "espacio",
                                              expected={"n_neurons": np.arange(1, 100)}),
     r"debería tomar los valores \{1, 2, 3, …, 99 \(99 valores\)\}, pero toma los valores \{1, 2, 3, …, 49 \(49 valores\)\}"),
    (lambda: checks.check_param_distributions({"learning_rate": loguniform(3e-4, 3e-1)}, "espacio",
                                              expected={"learning_rate": loguniform(3e-4, 3e-2)}),
     r"'learning_rate' de `espacio` debería tomar la distribución loguniform\(0.0003, 0.03\), pero toma la "
     r"distribución loguniform\(0.0003, 0.3\)"),
    (lambda: checks.check_param_distributions({"learning_rate": uniform(3e-4, 3e-2)}, "espacio",
                                              expected={"learning_rate": loguniform(3e-4, 3e-2)}),
     r"debería tomar la distribución loguniform\(0.0003, 0.03\), pero toma la distribución uniform\(0.0003, 0.03\)"),
    (lambda: checks.check_param_distributions({"learning_rate": "3e-3"}, "espacio",
                                              expected={"learning_rate": loguniform(3e-4, 3e-2)}),
     r"El hiperparámetro 'learning_rate' de `espacio` debería ser una lista de valores o una distribución de SciPy, "
     r"pero es '3e-3'"),
    (lambda: checks.check_search(fitted_keras_search({"n_hidden": [1, 2], "learning_rate": [0.01, 0.02]}), "busqueda",
                                 space={"n_hidden": [0, 1]}),
     r"`busqueda` probó n_hidden=2, fuera de su espacio \(los valores \{0, 1\}\)"),
    (lambda: checks.check_search(fitted_keras_search({"n_hidden": [1], "learning_rate": [0.05, 0.06]}), "busqueda",
                                 space={"learning_rate": loguniform(3e-4, 3e-2)}),
     r"`busqueda` probó learning_rate=0.05, fuera de su espacio \(la distribución loguniform\(0.0003, 0.03\)\)"),
    (lambda: checks.check_figure("figura", "figura"), r"`figura` debería ser una figura de matplotlib"),
    (lambda: checks.check_figure(figure_with(lambda ax: ax.plot([1, 2])), "figura", labeled=True),
     r"`figura` debería nombrar sus dos ejes"),
    (lambda: checks.check_figure(figure_with(lambda ax: ax.plot([1, 2])), "figura", n_axes=2),
     r"`figura` debería tener 2 gráficos \(ejes\), pero tiene 1"),
    (lambda: checks.check_line(figure_with(lambda ax: ax.bar([1], [2])), "curvas"), r"`curvas` no tiene ninguna curva"),
    (lambda: checks.check_line(figure_with(lambda ax: ax.plot([1, 2], label="perdida")), "curvas", label="val_loss"),
     r"Ninguna curva de `curvas` tiene la etiqueta 'val_loss'; sus curvas: 2 puntos \('perdida'\)"),
    (lambda: checks.check_bars(figure_with(lambda ax: ax.bar([1, 2], [3, 4])), "barras", n_bars=3),
     r"`barras` debería tener 3 barras, pero tiene 2"),
    (lambda: checks.check_bars(figure_with(lambda ax: ax.bar([1, 2], [3, 4])), "barras", heights=[3, 4, 5]),
     r"`las alturas de las barras de `barras`` debería tener forma \(3,\), pero tiene forma \(2,\)"),
    (lambda: checks.check_bars(figure_with(lambda ax: ax.barh([1, 2], [3, 4])), "barras", heights=[3, 5], horizontal=True),
     r"`las longitudes de las barras de `barras`` no tiene los valores esperados"),
    (lambda: checks.check_image(figure_with(lambda ax: ax.imshow(np.zeros((4, 5)))), "imagen", shape=(28, 28)),
     r"`imagen` debería mostrar una imagen de forma \(28, 28\), pero muestra \(4, 5\)"),
    (lambda: checks.check_raises(lambda modo: 1, "actualizaciones", args=("por lotes",)),
     r"`actualizaciones\('por lotes'\)` debería levantar ValueError, pero no levanta ningún error"),
    (lambda: checks.check_raises(lambda modo: {}[modo], "actualizaciones", args=("x",)),
     r"`actualizaciones\('x'\)` debería levantar ValueError, pero levanta KeyError"),
    (lambda: checks.check_regularizer(Dense(3, kernel_regularizer=keras.regularizers.l2(0.01)), "la capa",
                                      kernel=(0.01, 0.0)),
     r"El `kernel_regularizer` de `la capa` debería penalizar con l1=0.01 y l2=0, pero penaliza con l1=0 y l2=0.01"),
    (lambda: checks.check_regularizer(Dense(3, kernel_regularizer=keras.regularizers.l2(0.01)), "la capa",
                                      kernel=(0.0, 0.01), bias=(0.0, 0.01)),
     r"El `bias_regularizer` de `la capa` debería penalizar con l1=0 y l2=0.01, pero penaliza con l1=0 y l2=0"),
    (lambda: checks.check_regularizer(Dense(3, kernel_regularizer=keras.regularizers.l2(0.01),
                                            bias_regularizer=keras.regularizers.l1(0.01)), "la capa",
                                      kernel=(0.0, 0.01), bias=[(0.0, 0.0), (0.0, 0.01)]),
     r"El `bias_regularizer` de `la capa` debería penalizar con l1=0 y l2=0 o con l1=0 y l2=0.01, pero penaliza "
     r"con l1=0.01 y l2=0"),
    (lambda: checks.check_regularizer(Dense(3, activity_regularizer=keras.regularizers.L1L2(l1=1e-5, l2=1e-4)), "la capa",
                                      activity=(0.0, 1e-5)),
     r"El `activity_regularizer` de `la capa` debería penalizar con l1=0 y l2=1e-05, pero penaliza con l1=1e-05 y "
     r"l2=0.0001"),
    (lambda: checks.check_regularizer(Dense(3, kernel_regularizer=keras.regularizers.OrthogonalRegularizer()),
                                      "la capa", kernel=(0.0, 0.01)),
     r"El `kernel_regularizer` de `la capa` debería ser de `keras.regularizers` \(l1, l2 o l1_l2\), pero es de "
     r"tipo OrthogonalRegularizer"),
    (lambda: checks.check_stratified({"y_test": [0, 0, 0, 0, 1]}, "`y`", whole_labels=[0] * 5 + [1] * 5),
     r"`y_test` debería tener cada clase en la misma proporción que `y` \(partición estratificada, `stratify=`\): "
     r"la clase 0 debería tener unos 2 ejemplos, pero tiene 4"),
    (lambda: checks.check_optimizer(compiled_with(keras.optimizers.SGD(learning_rate=0.01)), "m", expected="SGD",
                                    settings={"momentum": 0.9}),
     r"El optimizador SGD de `m` debería tener momentum=0.9, pero tiene momentum=0"),
    (lambda: checks.check_optimizer(compiled_with(keras.optimizers.Adam(beta_2=0.99)), "m", expected="Adam",
                                    settings={"beta_1": 0.9, "beta_2": 0.999}),
     r"El optimizador Adam de `m` debería tener beta_2=0.999, pero tiene beta_2=0.99"),
]

def test_search_spaces_alike_in_what_they_draw_pass_and_a_keras_search_reads_model_kwargs():
    space = {"n_hidden": (0, 1, 2, 3), "n_neurons": randint(1, 100), "learning_rate": reciprocal(3e-4, 3e-2)}
    expected = {"n_hidden": [0, 1, 2, 3], "n_neurons": np.arange(1, 100), "learning_rate": loguniform(3e-4, 3e-2)}
    assert checks.check_param_distributions(space, "espacio", expected=expected, only=True) is space
    search = fitted_keras_search({"n_hidden": [0, 1], "learning_rate": loguniform(3e-4, 3e-2)})
    assert [sorted(candidate) for candidate in checks.search_candidates(search)] == [["learning_rate", "n_hidden"]] * 2
    best = checks.check_search(search, "busqueda", kind="RandomizedSearchCV", parameters=["n_hidden", "learning_rate"],
                               n_candidates=2, cv=2, space=expected)
    assert best == search.best_params_["model_kwargs"]


# Every check that compares within a tolerance says both of its parts.
TOLERANCE_MESSAGES = [
    lambda: checks.check_close(np.ones(3), "Y", expected=np.zeros(3), atol=0.5, rtol=0.1),
    lambda: checks.check_gradients((np.zeros(2),), "gradientes", expected=[np.ones(2)], names=["dW"], atol=0.5, rtol=0.1),
    lambda: checks.check_derivative(lambda s: 0 * s, "derivada", function=np.sin, points=np.zeros(2), atol=0.5, rtol=0.1),
    lambda: checks.check_same_outputs(Sequential([Input(shape=[4]), Dense(3, kernel_initializer="zeros")]), "m",
                                      expected=Sequential([Input(shape=[4]), Dense(3, kernel_initializer="ones")]),
                                      inputs=np.ones((2, 4)), atol=0.5, rtol=0.1),
    lambda: checks.check_normalization_adapted(
        Sequential([Input(shape=[2]), keras.layers.Normalization(mean=[5.0, 5.0], variance=[1.0, 1.0])]), "m",
        data=np.array([[0.0, 1.0], [2.0, 3.0]]), data_name="X", atol=0.5, rtol=0.1),
    lambda: checks.check_line(figure_with(lambda ax: ax.plot([1.0, 2.0])), "curvas", y=[1.0, 3.0], atol=0.5, rtol=0.1),
    lambda: checks.check_bars(figure_with(lambda ax: ax.bar([1, 2], [3, 4])), "barras", heights=[3, 9], atol=0.5, rtol=0.1),
]


@pytest.mark.parametrize("call", TOLERANCE_MESSAGES)
def test_a_tolerance_message_gives_both_atol_and_rtol(call):
    with pytest.raises(AssertionError, match=r"tolerancia: atol=0.5, rtol=0.1"):
        call()


@pytest.mark.parametrize("name", sorted(set(checks.__all__) - HELPERS))
def test_every_check_takes_the_value_and_its_name_then_keyword_only_options(name):
    parameters = list(inspect.signature(getattr(checks, name)).parameters.values())
    assert [p.kind for p in parameters[:2]] == [inspect.Parameter.POSITIONAL_OR_KEYWORD] * 2, name
    assert parameters[1].name in ("name", "names"), name
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters[2:]), name


def test_a_conditional_space_is_checked_in_the_trials_that_suggest_each_name():
    study = conditional_study()
    assert {"SVC", "RandomForest"} == {trial.params["classifier"] for trial in study.trials}
    best = checks.check_study(study, "estudio", direction="maximize", min_trials=12, params=("classifier",),
                              distributions={"classifier": {"kind": "CategoricalDistribution",
                                                            "choices": ("SVC", "RandomForest")},
                                             "svc_c": {"kind": "FloatDistribution", "low": 1e-3, "log": True},
                                             "depth": {"kind": "IntDistribution", "low": 2, "high": 32}})
    assert best == study.best_params
    for choices, accepted in ((("RandomForest", "SVC"), True), (("SVC", "KNN"), False)):
        call = lambda: checks.check_study(study, "estudio", distributions={  # noqa: E731
            "classifier": {"kind": "CategoricalDistribution", "choices": choices}})
        if accepted:  # the order of a categorical space's choices does not matter
            call()
        else:
            with pytest.raises(AssertionError, match="choices="):
                call()


def test_booleans_compare_as_the_numbers_they_are():
    np.testing.assert_array_equal(checks.check_close(np.array([True, False]), "d", expected=[1.0, 0.0]), [1.0, 0.0])


def test_a_check_that_compares_shapes_returns_the_shapes_it_found():
    assert checks.check_weight_shapes([np.zeros((4, 2)), [1, 2]], ["W1", "b1"], expected=[(4, 2), (2,)]) == [(4, 2), (2,)]


@pytest.mark.parametrize("call, message", BAD_INPUT, ids=[m[:40] for _, m in BAD_INPUT])
def test_bad_input_raises_a_message_that_says_what_was_expected(call, message):
    with pytest.raises(AssertionError, match=message):
        call()


@pytest.mark.parametrize("loss", ["categorical_crossentropy", keras.losses.CategoricalCrossentropy(),
                                  keras.losses.categorical_crossentropy])
def test_a_loss_is_recognised_whichever_way_it_is_given(loss):
    model = dense_4_2_3("softmax", optimizer="sgd", loss=loss, metrics=["accuracy"])
    assert checks.check_loss(model, "m", expected="categorical_crossentropy") == "categorical_crossentropy"


@pytest.mark.parametrize("alias, name", [
    ("mse", "mean_squared_error"), ("mean_squared_error", "mean_squared_error"), ("MeanSquaredError", "mean_squared_error"),
    (keras.losses.MeanSquaredError(), "mean_squared_error"), ("bce", "binary_crossentropy"),
    ("BinaryCrossentropy", "binary_crossentropy"), (keras.losses.binary_crossentropy, "binary_crossentropy"),
    ("CategoricalCrossentropy", "categorical_crossentropy"), ("KLDivergence", "kl_divergence"), ("kld", "kl_divergence"),
])
def test_every_name_keras_accepts_for_a_loss_gives_one_name(alias, name):
    assert checks.loss_name(alias) == name


@pytest.mark.parametrize("metric", ["accuracy", "acc", keras.metrics.CategoricalAccuracy(name="accuracy")])
def test_a_metric_is_recognised_by_any_name_keras_accepts(metric):
    assert checks.check_metrics(dense_4_2_3(optimizer="sgd", loss="mse", metrics=[metric]), "m", expected=["accuracy"])


@pytest.mark.parametrize("metric", ["mae", "mean_absolute_error", keras.metrics.MeanAbsoluteError(),
                                    keras.metrics.mean_absolute_error])
@pytest.mark.parametrize("expected", ["mae", "mean_absolute_error"])
def test_the_mean_absolute_error_is_recognised_by_any_name_keras_accepts(metric, expected, tmp_path):
    model = dense_4_2_3(optimizer="sgd", loss="mse", metrics=[metric])
    assert checks.check_metrics(model, "m", expected=[expected])
    model.save(tmp_path / "m.keras")
    assert checks.check_metrics(keras.models.load_model(tmp_path / "m.keras"), "m", expected=[expected])


@pytest.mark.parametrize("loss, metric", [
    ("categorical_crossentropy", "categorical_accuracy"), ("categorical_crossentropy", keras.metrics.CategoricalAccuracy()),
    ("sparse_categorical_crossentropy", "sparse_categorical_accuracy"), ("binary_crossentropy", "binary_accuracy"),
])
def test_accuracy_is_also_the_concrete_accuracy_that_matches_the_loss(loss, metric, tmp_path):
    model = dense_4_2_3("softmax", optimizer="sgd", loss=loss, metrics=[metric])
    assert checks.check_metrics(model, "m", expected=["accuracy"])
    model.save(tmp_path / "m.keras")
    assert checks.check_metrics(keras.models.load_model(tmp_path / "m.keras"), "m", expected=["accuracy"])


@pytest.mark.parametrize("loss, metric, message", [
    ("categorical_crossentropy", keras.metrics.Accuracy(), r"mide Accuracy\(\) \(igualdad exacta\)"),
    ("categorical_crossentropy", "binary_accuracy", r"debería medir accuracy .*; mide binary_accuracy"),
    ("mse", "categorical_accuracy", r"debería medir accuracy .*; mide categorical_accuracy"),
])
def test_accuracy_is_not_exact_equality_nor_an_accuracy_for_other_labels(loss, metric, message, tmp_path):
    model = dense_4_2_3("softmax", optimizer="sgd", loss=loss, metrics=[metric])
    with pytest.raises(AssertionError, match=message):
        checks.check_metrics(model, "m", expected=["accuracy"])
    model.save(tmp_path / "m.keras")
    with pytest.raises(AssertionError, match=message):
        checks.check_metrics(keras.models.load_model(tmp_path / "m.keras"), "m", expected=["accuracy"])


def test_a_metric_given_as_a_function_is_recognised_after_saving_and_loading(tmp_path):
    model = dense_4_2_3("softmax", optimizer="sgd", loss="categorical_crossentropy",
                        metrics=[keras.metrics.categorical_accuracy])
    model.save(tmp_path / "m.keras")
    reloaded = keras.models.load_model(tmp_path / "m.keras")
    assert checks.check_metrics(reloaded, "m", expected=["categorical_accuracy"]) == ["categorical_accuracy"]


def test_an_activation_layer_merges_into_the_layer_before_it():
    softmax_layer = Sequential([Input(shape=[4]), Dense(2, activation="tanh"), Dense(3), keras.layers.Softmax()])
    expected = [("Dense", 2, "tanh"), ("Dense", 3, "softmax")]
    assert checks.check_architecture(softmax_layer, "m", expected=expected) == expected
    relu_layer = Sequential([Input(shape=[4]), Dense(2), keras.layers.ReLU()])
    assert checks.layer_signature(relu_layer) == [("Dense", 2, "relu")]


def test_every_api_style_gives_the_same_signature():
    expected = [("Dense", 2, "tanh"), ("Dense", 3, "sigmoid")]
    added = Sequential()
    added.add(Input(shape=[4]))
    added.add(Dense(2, activation="tanh"))
    added.add(Dense(3, activation="sigmoid"))
    for model in (dense_4_2_3(), added, functional_with_activation_layers()):
        assert checks.check_architecture(model, "m", expected=expected) == expected
        assert checks.check_param_counts(model, "m", total=19) == {"total": 19, "trainable": 19, "non_trainable": 0}
        assert checks.check_input_shape(model, "m", expected=(4,)) == (4,)


def test_equivalent_models_compute_the_same_function_once_given_the_same_weights():
    inputs = np.random.default_rng(0).normal(size=(10, 4)).astype("float32")
    reference = dense_4_2_3()
    candidate = functional_with_activation_layers()
    before = [w.copy() for w in candidate.get_weights()]
    checks.check_equivalent_given_weights(candidate, "m", expected=reference, inputs=inputs)
    assert all(np.array_equal(a, b) for a, b in zip(before, candidate.get_weights())), "student model modified"


def test_early_stopping_is_checked_on_what_training_did():
    keras.utils.set_random_seed(0)
    inputs = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
    targets = inputs.sum(axis=1, keepdims=True)
    model = Sequential([Input(shape=[4]), Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5), loss="mse")
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    history = model.fit(inputs, targets, validation_split=0.25, epochs=200, callbacks=[stopper], verbose=0)
    checks.check_early_stopping(stopper, "parada", monitor="val_loss", patience=2, restore_best_weights=True)
    assert checks.check_stopped_early(stopper, "modelo", model=model, history=history, max_epochs=200) < 200
    with pytest.raises(AssertionError, match="debería detenerse antes de 3 épocas"):
        checks.check_stopped_early(stopper, "modelo", model=model, history=history, max_epochs=3)
    model.set_weights([w + 1 for w in model.get_weights()])
    with pytest.raises(AssertionError, match="pesos de la mejor época"):
        checks.check_stopped_early(stopper, "modelo", model=model, history=history, max_epochs=200)


def fitted(validation=False, fits=1):
    """A model and the History of its last ``fit``: 3 epochs of 50 examples in batches of 16 (4 batches),
    validated, when asked, on its first 10 examples; ``fits`` fits in all."""
    keras.utils.set_random_seed(0)
    inputs = np.random.default_rng(0).normal(size=(50, 4)).astype("float32")
    labels = (inputs[:, 0] > 0).astype(int)
    model = Sequential([Input(shape=[4]), Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    for _ in range(fits):
        history = model.fit(inputs, labels, epochs=3, batch_size=16, verbose=0,
                            validation_data=(inputs[:10], labels[:10]) if validation else None)
    return model, history, inputs, labels


def exported(history, **changes):
    """The History grading rebuilds from its exported data: its records, params and epochs, no model."""
    rebuilt = keras.callbacks.History()
    rebuilt.history, rebuilt.params, rebuilt.epoch = dict(history.history), dict(history.params), list(history.epoch)
    for attribute, value in changes.items():
        setattr(rebuilt, attribute, value)
    return rebuilt


def untrained_like(model):
    twin = keras.models.clone_model(model)
    twin.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return twin


# (how to build the History and the call's other arguments, the message a bad one raises; None: it passes)
HISTORY_CASES = [
    ("one fit, every option", lambda m, h: checks.check_history(
        h, "h", epochs=3, epochs_run=3, steps=4, keys=["loss", ("val_acc", "val_accuracy")], model=m, only_fit=True),
     None),
    ("one fit, exported", lambda m, h: checks.check_history(
        exported(h), "h", epochs=3, epochs_run=3, steps=4, keys=["val_loss"], model=m, model_name="m", only_fit=True),
     None),
    ("stopped early: fewer epochs than asked", lambda m, h: checks.check_history(
        exported(h, params={**h.params, "epochs": 300}), "h", epochs=300, epochs_run=3), None),
    ("only the records, for their keys", lambda m, h: checks.check_history(h.history, "h", keys=["val_accuracy"]), None),
    ("other epochs asked", lambda m, h: checks.check_history(h, "h", epochs=4),
     r"`h` debería venir de un `fit` con epochs=4, pero viene de uno con epochs=3\."),
    ("other epochs run", lambda m, h: checks.check_history(exported(h), "h", epochs_run=40),
     r"`h` debería registrar 40 épocas de entrenamiento, pero registra 3\."),
    ("other batches per epoch", lambda m, h: checks.check_history(h, "h", steps=40),
     r"`h` debería registrar 40 lotes \(actualizaciones de los pesos\) por época, pero registra 4: revise `batch_size`"),
    ("a key not logged", lambda m, h: checks.check_history(h, "h", keys=[("val_acc", "val_sparse_categorical_accuracy")]),
     r"`h` debería registrar 'val_acc' o 'val_sparse_categorical_accuracy'; registra \['accuracy', 'loss', "
     r"'val_accuracy', 'val_loss'\]\."),
    ("another model's fit", lambda m, h: checks.check_history(exported(h), "h", model=untrained_like(m), model_name="otro"),
     r"`h` registra 12 actualizaciones de los pesos \(3 épocas de 4 lotes\), pero el optimizador de `otro` dio 0: `h` "
     r"debería ser lo que devuelve el `fit` de `otro`\."),
    ("only its records, for params", lambda m, h: checks.check_history(h.history, "h", steps=4),
     r"`h` debería ser el `History` que devuelve `fit`, con sus parámetros \(`params`\), pero es de tipo dict"),
    ("not a History", lambda m, h: checks.check_history([0.5, 0.4], "h"),
     r"`h` debería ser lo que devuelve `fit` \(un `History`\), pero es de tipo list\."),
    ("a History before fit", lambda m, h: checks.check_history(keras.callbacks.History(), "h", keys=["loss"]),
     r"`h` no registra ninguna época"),
]


@pytest.mark.parametrize("build, message", [case[1:] for case in HISTORY_CASES], ids=[case[0] for case in HISTORY_CASES])
def test_a_history_is_read_from_what_fit_recorded_and_the_model_it_trained(build, message):
    model, history, _, _ = fitted(validation=True)
    if message is None:
        assert build(model, history) == history.history
    else:
        with pytest.raises(AssertionError, match=message):
            build(model, history)


@pytest.mark.parametrize("only_fit, message", [
    (False, None),
    (True, r"`m` debería entrenarse solo con el `fit` que devolvió `h` \(12 actualizaciones de los pesos: 3 épocas de 4 "
           r"lotes\), pero su optimizador dio 24: ¿lo entrenó antes, o con más de un `fit`\?"),
])
def test_the_last_of_two_fits_is_a_fit_of_the_model_but_not_its_only_one(only_fit, message):
    model, history, _, _ = fitted(fits=2)
    call = lambda: checks.check_history(exported(history), "h", steps=4, model=model, model_name="m",  # noqa: E731
                                        only_fit=only_fit)
    if message is None:
        assert call() == history.history
    else:
        with pytest.raises(AssertionError, match=message):
            call()


@pytest.mark.parametrize("check, validation, data, message", [
    ("check_not_validated_on", False, slice(0, 10), None),  # not validated: nothing to compare
    ("check_not_validated_on", True, slice(10, 50), None),  # validated on other examples
    ("check_not_validated_on", True, slice(0, 10),
     r"La validación de la época 3 de `h` da el costo y las métricas de `m` en `X` \(val_accuracy = .*, val_loss = .*; "
     r"tolerancia: atol=1e-07, rtol=1e-05\): validó con `X`\. Valide con una parte del entrenamiento .*, nunca con `X`\."),
    ("check_validated_on", True, slice(0, 10), None),  # validated on these examples
    ("check_validated_on", False, slice(0, 10),
     r"`h` no registra validación \(`val_loss`\): entrene con `validation_data=` `X`"),
    ("check_validated_on", True, slice(10, 50),
     r"`h` debería validar con `X`, pero en ninguna época su validación da el costo y las métricas de `m` en esos "
     r"datos \(val_accuracy = .*, val_loss = .*; en la última época registra .*; tolerancia: atol=1e-06, "
     r"rtol=0.0001\): entrene con `validation_data=` `X`"),
])
def test_which_data_a_history_was_validated_on_shows_at_the_epoch_the_model_holds(check, validation, data, message):
    model, history, inputs, labels = fitted(validation=validation)
    for given in (history, exported(history)):
        call = lambda: getattr(checks, check)(  # noqa: E731
            given, "h", model=model, model_name="m", inputs=inputs[data], targets=labels[data], data_name="`X`")
        if message is None:
            assert call() == ({} if not validation else model.evaluate(inputs[data], labels[data], verbose=0,
                                                                      return_dict=True))
        else:
            with pytest.raises(AssertionError, match=message):
                call()


def test_a_sparse_transform_comes_back_dense_and_of_floats():
    from sklearn.preprocessing import OneHotEncoder

    encoder = OneHotEncoder().fit(np.array([["a"], ["b"]]))
    table = checks.check_transformed(encoder, "codificador", data=np.array([["b"]]), data_name="tabla")
    assert isinstance(table, np.ndarray) and table.dtype == float and table.tolist() == [[0.0, 1.0]]


def test_new_checks_return_what_they_checked():
    assert checks.check_shapes({"X": [2, np.int64(3)]}, "formas", expected={"X": (2, 3)}) == {"X": (2, 3)}
    s = np.linspace(-2, 2, 6).reshape(2, 3)
    derivative = checks.check_derivative(lambda x: 1 / np.cosh(x) ** 2, "tanh_derivada", function=np.tanh,
                                         points=s)
    assert derivative.shape == (2, 3)
    assert checks.check_derivative(lambda x: x > 0, "relu_derivada", function=lambda x: np.maximum(0, x),
                                   points=s + 0.1).dtype == float
    assert checks.check_separates(np.array([0.0, 1.0, 0.0]), "perceptron",
                                  inputs=np.array([[1.0, 5.0], [-2.0, 1.0]]), labels=np.array([1, -1])).tolist() == [1, -1]
    assert checks.check_split({"a": (np.eye(3)[:1] / 255, [0]), "b": (np.eye(3)[1:] / 255, [1, 2])}, "todo",
                              whole=(np.eye(3), [0, 1, 2]), scale=255) == {"a": 1, "b": 2}
    train = np.random.default_rng(0).normal(size=(50, 3)).astype("float32")
    normalization = keras.layers.Normalization()
    normalization.adapt(train)
    model = Sequential([Input(shape=[3]), normalization, Dense(1)])
    mean, _ = checks.check_normalization_adapted(model, "m", data=train, data_name="X_train")
    np.testing.assert_allclose(mean, train.mean(axis=0), rtol=1e-5, atol=1e-6)
    with pytest.raises(AssertionError, match="solo con los datos de entrenamiento"):
        checks.check_normalization_adapted(model, "m", data=train[:25], data_name="X_train")


@pytest.mark.parametrize("scaler", [StandardScaler(), MinMaxScaler()], ids=["standard", "minmax"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_a_split_scaled_on_its_training_part_is_still_the_split(scaler, dtype):
    whole = np.round(np.random.default_rng(0).random((40, 5)), 4)
    labels = np.arange(40) % 2
    train, test, train_labels, test_labels = train_test_split(whole, labels, test_size=0.25, random_state=3)
    scaler.fit(train)
    parts = {"X_train": (scaler.transform(train).astype(dtype), train_labels),
             "X_test": (scaler.transform(test).astype(dtype), test_labels)}
    assert checks.check_split(parts, "todo", whole=(whole, labels), scaled_on="X_train") == {"X_train": 30, "X_test": 10}
    with pytest.raises(AssertionError, match="repartirse los 40 ejemplos"):
        checks.check_split(parts, "todo", whole=(whole, labels))


def test_a_bias_regularizer_may_be_any_of_the_pairs_allowed():
    for bias in (None, keras.regularizers.l2(0.01)):
        layer = Dense(3, kernel_regularizer=keras.regularizers.l2(0.01), bias_regularizer=bias)
        found = checks.check_regularizer(layer, "capa", kernel=(0.0, 0.01), bias=[(0.0, 0.0), (0.0, 0.01)])
        assert found["bias"] == pytest.approx((0.0, 0.01) if bias else (0.0, 0.0))


def test_an_activity_regularizer_is_checked_only_when_asked():
    layer = Dense(3, activity_regularizer=keras.regularizers.L2(1e-5))
    assert checks.check_regularizer(layer, "capa", activity=(0.0, 1e-5))["activity"] == pytest.approx((0.0, 1e-5))
    assert "activity" not in checks.check_regularizer(layer, "capa")


@pytest.mark.parametrize("kernel, factors", [
    (keras.regularizers.l2(0.01), (0.0, 0.01)), (keras.regularizers.L1L2(l2=0.01), (0.0, 0.01)),
    (keras.regularizers.l1(0.01), (0.01, 0.0)), (keras.regularizers.l1_l2(l1=0.01, l2=0.02), (0.01, 0.02)),
    (None, (0.0, 0.0))])
def test_a_regularizer_reads_as_its_l1_and_l2_factors_whichever_way_it_is_written(kernel, factors):
    assert checks.check_regularizer(Dense(3, kernel_regularizer=kernel), "capa", kernel=factors)["kernel"] == pytest.approx(factors)


def test_calls_checks_read_a_replayed_error_by_its_type_name():
    class Replayed(Exception):
        type_name = "ValueError"

    def replayed(*args):
        raise Replayed("modo desconocido")

    assert checks.check_raises(replayed, "f", args=(1,)) == "modo desconocido"
    assert checks.check_stratified({"a": [0, 1], "b": [0, 0, 1, 1]}, "y", whole_labels=[0, 0, 0, 1, 1, 1]) == {
        "a": {0: 1, 1: 1}, "b": {0: 2, 1: 2}}
    model = compiled_with(keras.optimizers.SGD(learning_rate=0.01, momentum=0.9))
    assert checks.check_optimizer(model, "m", expected="SGD", settings={"momentum": 0.9, "nesterov": False}) is model.optimizer


def test_tape_gradients_match_a_hand_computed_linear_gradient():
    model = Sequential([Input(shape=[2]), Dense(1)])
    model.set_weights([np.array([[1.0], [2.0]]), np.array([0.5])])
    inputs, targets = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.0], [0.0]])
    loss, (kernel, bias) = checks.tape_gradients(model, inputs, targets)
    # E = mean((x·w + b)²) over 2 examples: outputs 1.5 and 2.5
    assert loss == pytest.approx((1.5 ** 2 + 2.5 ** 2) / 2)
    np.testing.assert_allclose(kernel.ravel(), [1.5, 2.5], rtol=1e-6)
    np.testing.assert_allclose(bias, [4.0], rtol=1e-6)


NOT_KERAS_OBJECTS = [
    ("check_model(3, 'modelo')", "`modelo` debería ser un modelo de Keras, pero es de tipo int."),
    ("check_early_stopping('parar', 'parada')", "`parada` debería ser un `EarlyStopping`, pero es de tipo str."),
    ("check_model_checkpoint([], 'guardado')", "`guardado` debería ser un `ModelCheckpoint`, pero es de tipo list."),
    ("check_callback({}, 'registro')", "`registro` debería ser un callback de Keras"),
    ("check_history([0.5, 0.4], 'historia', epochs=3)", "`historia` debería ser lo que devuelve `fit` (un `History`), pero es de tipo list."),
    ("check_normalization_adapted(None, 'modelo', data=[1.0], data_name='X')", "`modelo` todavía no tiene valor"),
]


@pytest.mark.parametrize("call, message", NOT_KERAS_OBJECTS)
def test_a_value_that_is_no_keras_object_fails_without_importing_keras(call, message):
    """Where Keras was never imported (phase 2 of an unanswered notebook) no Keras object exists:
    the check fails with its message and Keras stays unimported."""
    import subprocess
    import sys

    code = ("import sys\nfrom autograder import checks\n"
            f"try:\n    checks.{call}\nexcept AssertionError as error:\n    print(error)\n"
            "print('keras' in sys.modules, 'tensorflow' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert message in done.stdout
    assert done.stdout.strip().endswith("False False")
