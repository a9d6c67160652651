"""Implementación de redes neuronales: hidden tests on prepared answers, in process. Each wrong answer
fails exactly the named hidden tests and loses its own question's points, no other's; the deck's code
and other correct variants keep full marks."""


import keras
import numpy as np
import pytest
from conftest import SolutionRunner
from keras.layers import Activation, Dense, Flatten, Input, Normalization
from keras.models import Model, Sequential

from autograder.hidden_tests import max_points
from autograder.workshops import get_workshop


@pytest.fixture(scope="module")
def runner(built, tmp_path_factory):
    return SolutionRunner(get_workshop("implementacion"), built, tmp_path_factory.mktemp("implementacion-runs"))


@pytest.fixture(scope="module")
def full_marks(runner):
    return max_points(runner.test_files)


@pytest.fixture(scope="module")
def solution(runner):
    """The solution's namespace, executed once for this module."""
    return runner.run()


# ---------------------------------------------------------------- answers written as functions

def with_bias(X):
    return np.column_stack([np.ones(len(X)), X])


def perceptron_variant(*, bias=True, sign=1, start=0.0, random_point=False, counts_last_check=False,
                       always_converged=False):
    """The solution's perceptron with one step changed: without the x0 = 1 column, with the update's sign
    flipped, starting from other weights, correcting a misclassified point picked at random (seeded; a
    correct variant), counting the last check as an iteration, or reporting convergence always."""
    def perceptron(X, y, max_iteraciones=1000):
        generator = np.random.default_rng(0)
        X1 = with_bias(X) if bias else np.asarray(X, dtype=float)
        w = np.full(X1.shape[1], start)
        for iteracion in range(max_iteraciones):
            wrong = np.flatnonzero(np.sign(X1 @ w) != y)
            if len(wrong) == 0:
                return w, True, iteracion + (1 if counts_last_check else 0)
            n = generator.choice(wrong) if random_point else wrong[0]
            w = w + sign * y[n] * X1[n]
        return w, always_converged or bool(np.all(np.sign(X1 @ w) == y)), max_iteraciones

    return perceptron


def perceptron_cyclic(X, y, max_iteraciones=1000):
    """Correct: the classic cyclic pass over the points, one update per misclassified point."""
    X1, w, updates = with_bias(X), np.zeros(X.shape[1] + 1), 0
    while updates < max_iteraciones:
        clean_pass = True
        for xn, yn in zip(X1, y):
            if np.sign(xn @ w) != yn:
                w, updates, clean_pass = w + yn * xn, updates + 1, False
                if updates == max_iteraciones:
                    break
        if clean_pass:
            return w, True, updates
    return w, bool(np.all(np.sign(X1 @ w) == y)), updates


def shapes_transposed(m, entradas=10, ocultas=50, salidas=3):
    return {"X": (m, entradas), "W_h": (ocultas, entradas), "b_h": (ocultas,), "W_o": (salidas, ocultas),
            "b_o": (salidas,), "Y": (m, salidas)}


def shapes_fixed_sizes(m, entradas=10, ocultas=50, salidas=3):
    return {"X": (m, 10), "W_h": (10, 50), "b_h": (50,), "W_o": (50, 3), "b_o": (3,), "Y": (m, 3)}


def shapes_scalar_bias(m, entradas=10, ocultas=50, salidas=3):
    return {"X": (m, entradas), "W_h": (entradas, ocultas), "b_h": ocultas, "W_o": (ocultas, salidas),
            "b_o": salidas, "Y": (m, salidas)}


def shapes_from_arrays(m, entradas=10, ocultas=50, salidas=3):
    """Correct: shapes read off zero arrays, as lists of numpy integers."""
    return {name: [np.int64(n) for n in np.zeros(shape).shape] for name, shape in (
        ("X", (m, entradas)), ("W_h", (entradas, ocultas)), ("b_h", (ocultas,)),
        ("W_o", (ocultas, salidas)), ("b_o", (salidas,)), ("Y", (m, salidas)))}


def forward_linear_output(X, W_h, b_h, W_o, b_o, activacion=np.tanh):
    return activacion(X @ W_h + b_h) @ W_o + b_o


def forward_without_biases(X, W_h, b_h, W_o, b_o, activacion=np.tanh):
    return activacion(activacion(X @ W_h) @ W_o)


def forward_always_tanh(X, W_h, b_h, W_o, b_o, activacion=np.tanh):
    return np.tanh(np.tanh(X @ W_h + b_h) @ W_o + b_o)


def forward_einsum(X, W_h, b_h, W_o, b_o, activacion=np.tanh):
    """Correct: the same equation with einsum."""
    hidden = activacion(np.einsum("mi,ij->mj", X, W_h) + b_h)
    return activacion(np.einsum("mj,jk->mk", hidden, W_o) + b_o)


def gradients_without_factor_2(X, Y, W_h, b_h, W_o, b_o):
    H = np.tanh(X @ W_h + b_h)
    delta_o = (H @ W_o + b_o - Y) / Y.size
    delta_h = (delta_o @ W_o.T) * (1 - H ** 2)
    return X.T @ delta_h, delta_h.sum(axis=0), H.T @ delta_o, delta_o.sum(axis=0)


def gradients_without_tanh_derivative(X, Y, W_h, b_h, W_o, b_o):
    H = np.tanh(X @ W_h + b_h)
    delta_o = 2 * (H @ W_o + b_o - Y) / Y.size
    delta_h = delta_o @ W_o.T
    return X.T @ delta_h, delta_h.sum(axis=0), H.T @ delta_o, delta_o.sum(axis=0)


def gradients_by_tape(X, Y, W_h, b_h, W_o, b_o):
    """Wrong: TensorFlow's automatic differentiation instead of backpropagation by hand."""
    import tensorflow as tf

    pesos = [tf.Variable(w) for w in (W_h, b_h, W_o, b_o)]
    with tf.GradientTape() as tape:
        error = tf.reduce_mean((tf.tanh(X @ pesos[0] + pesos[1]) @ pesos[2] + pesos[3] - Y) ** 2)
    return tuple(gradiente.numpy() for gradiente in tape.gradient(error, pesos))


def gradients_by_finite_differences(X, Y, W_h, b_h, W_o, b_o, paso=1e-6):
    """Wrong: central differences of the cost, in pure NumPy, instead of backpropagation."""
    pesos = [np.array(w, dtype=float) for w in (W_h, b_h, W_o, b_o)]

    def error():
        return np.mean((np.tanh(X @ pesos[0] + pesos[1]) @ pesos[2] + pesos[3] - Y) ** 2)

    gradientes = []
    for peso in pesos:
        gradiente = np.zeros_like(peso)
        for indice in np.ndindex(peso.shape):
            original = peso[indice]
            peso[indice] = original + paso
            arriba = error()
            peso[indice] = original - paso
            abajo = error()
            peso[indice] = original
            gradiente[indice] = (arriba - abajo) / (2 * paso)
        gradientes.append(gradiente)
    return tuple(gradientes)


def gradients_per_example(X, Y, W_h, b_h, W_o, b_o):
    """Correct: one example at a time with the deck's x_i δ_j, accumulated."""
    grads = [np.zeros_like(W_h), np.zeros_like(b_h), np.zeros_like(W_o), np.zeros_like(b_o)]
    for x, y in zip(X, Y):
        h = np.tanh(x @ W_h + b_h)
        delta_o = 2 * (h @ W_o + b_o - y) / Y.size
        delta_h = (W_o @ delta_o) * (1 - h ** 2)
        for grad, value in zip(grads, (np.outer(x, delta_h), delta_h, np.outer(h, delta_o), delta_o)):
            grad += value
    return tuple(grads)


def cost_summed(X, Y, W_h, b_h, W_o, b_o):
    return float(np.sum((np.tanh(X @ W_h + b_h) @ W_o + b_o - Y) ** 2))


def cost_as_numpy_scalar(X, Y, W_h, b_h, W_o, b_o):
    """Correct: a numpy scalar instead of a float."""
    error = np.tanh(X @ W_h + b_h) @ W_o + b_o - Y
    return np.square(error).sum() / error.size


def gradient_ascent_step(X, Y, W_h, b_h, W_o, b_o, eta, gradientes):
    return tuple(w + eta * g for w, g in zip((W_h, b_h, W_o, b_o), gradientes(X, Y, W_h, b_h, W_o, b_o)))


def one_layer_untouched():
    return Sequential([Input(shape=[4]), Dense(3)])


def functional_one_layer(W, b):
    inputs = Input(shape=(4,))
    model = Model(inputs, Dense(3, activation="linear")(inputs))
    model.set_weights([W, b])
    return model


def augmented_without_N(E_in, pesos, lam, N):
    return E_in + lam * sum(np.sum(w ** 2) for w in pesos)


def augmented_L1(E_in, pesos, lam, N):
    return E_in + lam / N * sum(np.sum(np.abs(w)) for w in pesos)


def augmented_with_norms(E_in, pesos, lam, N):
    """Correct: squared Frobenius norms."""
    return E_in + (lam / float(N)) * sum(np.linalg.norm(np.ravel(w)) ** 2 for w in pesos)


def fashion_model(seed=None):
    """The deck's network, untrained (with ``seed``, initialised unlike the solution's)."""
    if seed is not None:
        keras.utils.set_random_seed(seed)
    return Sequential([Input(shape=[28, 28]), Flatten(), Dense(300, activation="relu"), Dense(100, activation="relu"),
                       Dense(10, activation="softmax")])


def recompiled(model, **compile_settings):
    clone = keras.models.clone_model(model)
    clone.set_weights(model.get_weights())
    clone.compile(**compile_settings)
    return clone


def history_without_validation(ns):
    small = Sequential([Input(shape=[28, 28]), Flatten(), Dense(10, activation="softmax")])
    small.compile(loss="sparse_categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
    return small.fit(ns["X_train"][:64], ns["y_train"][:64], epochs=1, verbose=0)


def history_of_one_epoch(ns):
    """A training with validation data, but of one epoch instead of EPOCAS (of a copy of the model)."""
    copy = recompiled(ns["modelo"], loss="sparse_categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
    return copy.fit(ns["X_train"][:64], ns["y_train"][:64], validation_data=(ns["X_valid"][:64], ns["y_valid"][:64]),
                    epochs=1, verbose=0)


def untrained_housing_model(ns):
    normalization = Normalization()
    normalization.adapt(ns["X_train_viviendas"])
    model = Sequential([Input(shape=[8]), normalization, Dense(50, activation="relu"), Dense(50, activation="relu"),
                        Dense(50, activation="relu"), Dense(1)])
    model.compile(loss="mse", optimizer="adam", metrics=["RootMeanSquaredError"])
    return model


HOUSING_COMPILE = {"loss": "mse", "optimizer": "adam", "metrics": ["RootMeanSquaredError"]}


def housing_model_with_a_hidden_layer_first(ns):
    """The solution's trained housing model behind a ReLU layer that adds 125 to every feature (all of
    them become positive): the same predictions, but the first layer is a ``Dense``, not the ``Normalization``."""
    trained = ns["modelo_viviendas"]
    normalization, shift = trained.layers[0], 125.0
    first = Dense(8, activation="relu", kernel_initializer="identity",
                  bias_initializer=keras.initializers.Constant(shift))
    moved = Normalization(mean=np.ravel(normalization.mean) + shift, variance=np.ravel(normalization.variance))
    model = Sequential([Input(shape=[8]), first, moved, *recompiled(trained, **HOUSING_COMPILE).layers[1:]])
    model.compile(**HOUSING_COMPILE)
    return model


def housing_history_without_validation(ns):
    """A training of a copy of the solution's housing model, without validation data."""
    copy = recompiled(ns["modelo_viviendas"], **HOUSING_COMPILE)
    return copy.fit(ns["X_train_viviendas"][:64], ns["y_train_viviendas"][:64], epochs=ns["EPOCAS_VIVIENDAS"], verbose=0)


def with_the_solutions_training(model, ns, metric="accuracy"):
    """``model`` (the deck's network written another way) with the weights of the solution's trained one."""
    model.set_weights(ns["modelo"].get_weights())
    model.compile(loss="sparse_categorical_crossentropy", optimizer="sgd", metrics=[metric])
    return model


def fashion_model_with_activation_layers(ns):
    """Correct: the solution's trained network with its activations as layers, and metric "acc"."""
    return with_the_solutions_training(Sequential([
        Input(shape=[28, 28]), Flatten(), Dense(300), keras.layers.ReLU(), Dense(100), Activation("relu"), Dense(10),
        keras.layers.Softmax()]), ns, metric="acc")


def fashion_model_functional(ns):
    """Correct: the solution's trained network written with the functional API."""
    inputs = Input(shape=[28, 28])
    hidden = Dense(100, activation="relu")(Dense(300, activation="relu")(Flatten()(inputs)))
    return with_the_solutions_training(Model(inputs, Dense(10, activation="softmax")(hidden)), ns)


def as_list(function):
    """``function`` returning a list where it returns a tuple (and each shape of a dict as a list)."""
    def listed(*args, **kwargs):
        result = function(*args, **kwargs)
        return {key: list(value) for key, value in result.items()} if isinstance(result, dict) else list(result)

    return listed


def history_validated_on_the_test_set(ns):
    """A training of EPOCAS epochs (of a copy of the model) validated on the test set."""
    copy = recompiled(ns["modelo"], loss="sparse_categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
    return copy.fit(ns["X_train"][:64], ns["y_train"][:64], validation_data=(ns["X_test"], ns["y_test"]),
                    epochs=ns["EPOCAS"], verbose=0)


def housing_history_validated_on_the_test_set(ns):
    copy = recompiled(ns["modelo_viviendas"], **HOUSING_COMPILE)
    return copy.fit(ns["X_train_viviendas"][:64], ns["y_train_viviendas"][:64], epochs=ns["EPOCAS_VIVIENDAS"],
                    validation_data=(ns["X_test_viviendas"], ns["y_test_viviendas"]), verbose=0)


def relu_for_matrices_only(s):
    """Wrong: loops over rows and columns, so it takes 2-D arrays only."""
    return np.array([[max(0.0, x) for x in fila] for fila in s])


# (case, the hidden test functions that must fail, variables to replace in the solution's namespace)
WRONG_ANSWERS = [
    ("perceptron_without_bias", {"test_q1_separable", "test_q1_xor", "test_q1_conteo"}, lambda ns: {"perceptron": perceptron_variant(bias=False)}),
    ("perceptron_wrong_sign", {"test_q1_separable", "test_q1_conteo"}, lambda ns: {"perceptron": perceptron_variant(sign=-1)}),
    ("perceptron_always_converged", {"test_q1_xor", "test_q1_conteo"}, lambda ns: {"perceptron": perceptron_variant(always_converged=True)}),
    ("perceptron_starting_at_ones", {"test_q1_conteo"}, lambda ns: {"perceptron": perceptron_variant(start=1.0)}),
    ("perceptron_counting_its_checks", {"test_q1_conteo"}, lambda ns: {"perceptron": perceptron_variant(counts_last_check=True)}),
    ("shapes_transposed", {"test_q2_formas", "test_q2_otras_capas"}, lambda ns: {"formas_mlp": shapes_transposed}),
    ("shapes_fixed_sizes", {"test_q2_otras_capas"}, lambda ns: {"formas_mlp": shapes_fixed_sizes}),
    ("shapes_scalar_bias", {"test_q2_formas", "test_q2_otras_capas"}, lambda ns: {"formas_mlp": shapes_scalar_bias}),
    ("shapes_with_other_defaults", {"test_q2_formas"}, lambda ns: {
        "formas_mlp": lambda m, entradas=784, ocultas=300, salidas=10: ns["formas_mlp"](m, entradas, ocultas, salidas)}),
    ("forward_linear_output", {"test_q3_keras", "test_q3_otra_red", "test_q3_activacion"},
     lambda ns: {"propagacion_adelante": forward_linear_output}),
    ("forward_ignores_its_activation", {"test_q3_activacion"}, lambda ns: {"propagacion_adelante": forward_always_tanh}),
    ("forward_squeezed_for_a_batch_of_one", {"test_q3_otra_red"}, lambda ns: {
        "propagacion_adelante": lambda *args, **kwargs: np.squeeze(ns["propagacion_adelante"](*args, **kwargs))}),
    ("forward_without_biases", {"test_q3_keras", "test_q3_otra_red", "test_q3_activacion"},
     lambda ns: {"propagacion_adelante": forward_without_biases}),
    ("tanh_derivative_of_s", {"test_q4_derivadas"}, lambda ns: {"tanh_derivada": lambda s: 1 - s ** 2}),
    ("sigmoid_sign_flipped", {"test_q4_funciones", "test_q4_derivadas"},
     lambda ns: {"sigmoid": lambda s: 1 / (1 + np.exp(s))}),
    ("relu_derivative_is_relu", {"test_q4_derivadas"}, lambda ns: {"relu_derivada": lambda s: np.maximum(0, s)}),
    ("relu_with_abs", {"test_q4_funciones", "test_q4_derivadas"}, lambda ns: {"relu": np.abs}),
    ("relu_for_matrices_only", {"test_q4_formas"}, lambda ns: {"relu": relu_for_matrices_only}),
    ("relu_derivative_one_at_zero", {"test_q4_derivadas"}, lambda ns: {"relu_derivada": lambda s: (s >= 0) * 1.0}),
    ("cost_summed", {"test_q5_costo"}, lambda ns: {"costo": cost_summed}),
    ("gradients_without_factor_2", {"test_q5_gradientes", "test_q5_a_mano"}, lambda ns: {"gradientes": gradients_without_factor_2}),
    ("gradients_without_tanh_derivative", {"test_q5_gradientes", "test_q5_a_mano"},
     lambda ns: {"gradientes": gradients_without_tanh_derivative}),
    ("gradients_by_tape", {"test_q5_a_mano"}, lambda ns: {"gradientes": gradients_by_tape}),
    ("gradients_by_finite_differences", {"test_q5_a_mano"}, lambda ns: {"gradientes": gradients_by_finite_differences}),
    ("gradient_ascent", {"test_q5_paso"}, lambda ns: {
        "paso_gradiente": lambda X, Y, W_h, b_h, W_o, b_o, eta: gradient_ascent_step(
            X, Y, W_h, b_h, W_o, b_o, eta, ns["gradientes"])}),
    ("biases_added", {"test_q6_colapso"}, lambda ns: {"colapsar_lineales": lambda W1, b1, W2, b2: (W1 @ W2, b1 + b2)}),
    ("one_layer_without_weights", {"test_q6_modelo"}, lambda ns: {"modelo_una_capa": one_layer_untouched()}),
    ("one_layer_relu", {"test_q6_modelo"}, lambda ns: {
        "modelo_una_capa": Sequential([Input(shape=[4]), Dense(3, activation="relu")])}),
    ("gradients_in_float32", {"test_q5_a_mano"}, lambda ns: {
        "gradientes": lambda *arrays: ns["gradientes"](*(np.float32(array) for array in arrays))}),
    ("augmented_without_N", {"test_q7_funcion"}, lambda ns: {"error_aumentado": augmented_without_N}),
    ("augmented_L1", {"test_q7_funcion"}, lambda ns: {"error_aumentado": augmented_L1}),
    ("example_without_biases", {"test_q7_ejemplo"}, lambda ns: {"E_aug_ejemplo": ns["error_aumentado"](
        ns["E_in_ejemplo"], [ns["W_h_red"], ns["W_o_red"]], ns["LAMBDA"], len(ns["X_red"]))}),
    ("example_with_another_lambda", {"test_q7_ejemplo"}, lambda ns: {"LAMBDA": 2.0, "E_aug_ejemplo": ns["error_aumentado"](
        ns["E_in_ejemplo"], [ns["W_h_red"], ns["b_h_red"], ns["W_o_red"], ns["b_o_red"]], 2.0, len(ns["X_red"]))}),
    ("pixels_not_scaled", {"test_q8_datos", "test_q8_validacion"}, lambda ns: {
        name: ns[name] * 255 for name in ("X_train", "X_valid", "X_test")}),
    ("validation_from_test_set", {"test_q8_datos", "test_q8_validacion"}, lambda ns: {"X_valid": ns["X_test"][:250],
                                                                 "y_valid": ns["y_test"][:250]}),
    ("weights_after_training", {"test_q8_pesos_iniciales"}, lambda ns: dict(zip(
        ("pesos_iniciales", "sesgos_iniciales"), ns["modelo"].layers[1].get_weights()))),
    ("categorical_instead_of_sparse", {"test_q8_entrenamiento", "test_q8_validacion"}, lambda ns: {"modelo": recompiled(
        ns["modelo"], loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])}),
    ("adam_instead_of_sgd", {"test_q8_entrenamiento"}, lambda ns: {"modelo": recompiled(
        ns["modelo"], loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])}),
    ("trained_without_validation", {"test_q8_entrenamiento", "test_q8_validacion"},
     lambda ns: {"historia": history_without_validation(ns)}),
    ("trained_for_another_number_of_epochs", {"test_q8_entrenamiento", "test_q8_validacion"},
     lambda ns: {"historia": history_of_one_epoch(ns)}),
    ("validated_on_the_test_set", {"test_q8_validacion"}, lambda ns: {"historia": history_validated_on_the_test_set(ns)}),
    ("score_on_the_validation_set", {"test_q8_evaluacion"}, lambda ns: {
        "puntaje_test": ns["modelo"].evaluate(ns["X_valid"], ns["y_valid"], verbose=0)}),
    ("probabilities_instead_of_classes", {"test_q8_evaluacion"}, lambda ns: {
        "y_pred": ns["modelo"].predict(ns["X_test"][:3], verbose=0).max(axis=1)}),
    ("class_indices_not_names", {"test_q8_evaluacion"}, lambda ns: {"clases_predichas": list(ns["y_pred"])}),
    ("accuracy_in_percent", {"test_q8_evaluacion"}, lambda ns: {
        "puntaje_test": [ns["puntaje_test"][0], 100 * ns["puntaje_test"][1]]}),
    ("untrained_model", {"test_q8_evaluacion", "test_q8_guardado", "test_q8_validacion"}, lambda ns: {"modelo": recompiled(
        fashion_model(seed=7), loss="sparse_categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])}),
    ("reloaded_model_not_the_saved_one", {"test_q8_guardado"}, lambda ns: {"modelo_cargado": fashion_model()}),
    ("baseline_without_root", {"test_q9_referencia"}, lambda ns: {"rmse_referencia": ns["rmse_referencia"] ** 2}),
    ("baseline_on_training_set", {"test_q9_referencia"}, lambda ns: {
        "rmse_referencia": float(np.std(ns["y_train_viviendas"]))}),
    ("housing_model_untrained", {"test_q9_rmse", "test_q9_validacion"}, lambda ns: {"modelo_viviendas": untrained_housing_model(ns)}),
    ("rmse_on_training_set", {"test_q9_rmse"}, lambda ns: {"rmse_test": ns["modelo_viviendas"].evaluate(
        ns["X_train_viviendas"], ns["y_train_viviendas"], verbose=0)[1]}),
    ("hidden_layer_before_the_normalization", {"test_q9_normalizacion"}, lambda ns: {
        "modelo_viviendas": housing_model_with_a_hidden_layer_first(ns)}),
    ("housing_model_compiled_with_sgd", {"test_q9_configuracion"}, lambda ns: {
        "modelo_viviendas": recompiled(ns["modelo_viviendas"], **{**HOUSING_COMPILE, "optimizer": "sgd"})}),
    ("housing_history_without_validation", {"test_q9_configuracion", "test_q9_validacion"}, lambda ns: {
        "historia_viviendas": housing_history_without_validation(ns)}),
    ("housing_validated_on_the_test_set", {"test_q9_validacion"}, lambda ns: {
        "historia_viviendas": housing_history_validated_on_the_test_set(ns)}),
    ("baseline_predicts_the_test_mean", {"test_q9_referencia"}, lambda ns: {
        "prediccion_referencia": float(np.mean(ns["y_test_viviendas"])),
        "rmse_referencia": float(np.std(ns["y_test_viviendas"]))}),
    ("tested_on_training_data", {"test_q9_referencia", "test_q9_rmse"}, lambda ns: {
        "X_test_viviendas": ns["X_train_viviendas"][:2000], "y_test_viviendas": ns["y_train_viviendas"][:2000]}),
]

ALTERNATIVE_ANSWERS = [
    ("perceptron_random_point", lambda ns: {"perceptron": perceptron_variant(random_point=True)}),
    ("perceptron_cyclic", lambda ns: {"perceptron": perceptron_cyclic}),
    ("shapes_from_arrays", lambda ns: {"formas_mlp": shapes_from_arrays}),
    ("lists_where_tuples_are_asked", lambda ns: {name: as_list(ns[name]) for name in (
        "perceptron", "formas_mlp", "gradientes", "paso_gradiente", "colapsar_lineales")}),
    ("forward_einsum", lambda ns: {"propagacion_adelante": forward_einsum}),
    ("activations_other_formulas", lambda ns: {
        "sigmoid": lambda s: np.exp(s) / (1 + np.exp(s)),
        "sigmoid_derivada": lambda s: np.exp(-s) / (1 + np.exp(-s)) ** 2,
        "tanh": lambda s: (np.exp(s) - np.exp(-s)) / (np.exp(s) + np.exp(-s)),
        "tanh_derivada": lambda s: 1 / np.cosh(s) ** 2,
        "relu": lambda s: np.where(s > 0, s, 0.0),
        "relu_derivada": lambda s: s > 0}),
    ("gradients_per_example", lambda ns: {"gradientes": gradients_per_example, "costo": cost_as_numpy_scalar}),
    ("collapse_with_dot_and_functional_model", lambda ns: {
        "colapsar_lineales": lambda W1, b1, W2, b2: (np.dot(W1, W2), np.dot(b1, W2) + b2),
        "modelo_una_capa": functional_one_layer(ns["W_equivalente"], ns["b_equivalente"])}),
    ("augmented_with_norms", lambda ns: {"error_aumentado": augmented_with_norms}),
    ("example_from_the_keras_models_float32_weights", lambda ns: {"E_aug_ejemplo": ns["error_aumentado"](
        ns["E_in_ejemplo"], [np.float32(w) for w in (ns["W_h_red"], ns["b_h_red"], ns["W_o_red"], ns["b_o_red"])],
        ns["LAMBDA"], len(ns["X_red"]))}),
    ("fashion_model_with_activation_layers_and_acc", lambda ns: {"modelo": fashion_model_with_activation_layers(ns)}),
    ("fashion_model_functional", lambda ns: {"modelo": fashion_model_functional(ns)}),
    ("class_names_as_array_and_sgd_object", lambda ns: {
        "clases_predichas": np.array(ns["NOMBRES_CLASES"])[ns["y_pred"]],
        "modelo": recompiled(ns["modelo"], loss=keras.losses.SparseCategoricalCrossentropy(),
                             optimizer=keras.optimizers.SGD(), metrics=["accuracy"])}),
]

# Answers written into the solution's source, then executed: later cells see their effects.
WRONG_SOURCES = [
    ("first_hidden_layer_of_200", {"test_q8_arquitectura", "test_q8_pesos_iniciales"},
     [('    Dense(300, activation="relu"),\n    Dense(100', '    Dense(200, activation="relu"),\n    Dense(100')]),
    ("normalization_adapted_on_all_data", {"test_q9_normalizacion"},
     [("normalizacion.adapt(X_train_viviendas)", "normalizacion.adapt(X_viviendas)")]),
]
# The deck's own code for Fashion-MNIST (Géron's, with Input + Flatten for Keras 3) on a shuffled
# validation split (train_test_split), and another housing MLP.
ALTERNATIVE_SOURCES = [
    ("deck_code_on_a_shuffled_split_and_another_housing_mlp", [
        ("X_valid, X_train = X_train_full[:n_validacion] / np.float32(255), "
         "X_train_full[n_validacion:] / np.float32(255)\ny_valid, y_train = y_train_full[:n_validacion], "
         "y_train_full[n_validacion:]",
         "X_train, X_valid, y_train, y_valid = train_test_split(X_train_full / 255., y_train_full, test_size=0.1,\n"
         "                                                      random_state=1)"),
        ("X_test = X_test / np.float32(255)", "X_test = X_test / 255."),
        ('''modelo = Sequential([
    Input(shape=[28, 28]),
    Flatten(),
    Dense(300, activation="relu"),
    Dense(100, activation="relu"),
    Dense(10, activation="softmax"),
])''', '''modelo = keras.models.Sequential([
    keras.layers.Input(shape=[28, 28]),
    keras.layers.Flatten(),
    keras.layers.Dense(300, activation="relu"),
    keras.layers.Dense(100, activation="relu"),
    keras.layers.Dense(10, activation="softmax")
])'''),
        ("oculta1 = modelo.layers[1]\npesos_iniciales, sesgos_iniciales = oculta1.get_weights()",
         "hidden1 = modelo.layers[1]\npesos_iniciales, sesgos_iniciales = hidden1.get_weights()"),
        ("clases_predichas = [NOMBRES_CLASES[clase] for clase in y_pred]",
         "clases_predichas = np.array(NOMBRES_CLASES)[y_pred]"),
        ('''normalizacion = Normalization()
normalizacion.adapt(X_train_viviendas)
modelo_viviendas = Sequential([
    Input(shape=[8]),
    normalizacion,
    Dense(50, activation="relu"),
    Dense(50, activation="relu"),
    Dense(50, activation="relu"),
    Dense(1),
])''', '''entradas = Input(shape=(8,))
normalizadas = Normalization(mean=X_train_viviendas.mean(axis=0), variance=X_train_viviendas.var(axis=0))(entradas)
ocultas = Dense(30, activation="relu")(Dense(30, activation="relu")(normalizadas))
modelo_viviendas = keras.Model(entradas, Dense(1)(ocultas))'''),
        ('loss="mse", optimizer=keras.optimizers.Adam(learning_rate=1e-3)',
         'loss="mean_squared_error", optimizer="adam"'),
    ]),
]


def test_solution_gets_full_marks(runner, solution, full_marks):
    assert runner.score(solution) == full_marks
    assert full_marks == {"q1": 3, "q2": 1, "q3": 2, "q4": 2, "q5": 6, "q6": 2, "q7": 2, "q8": 5, "q9": 5}


def _failed_hidden_tests(scores):
    return {test for test, (hidden, _) in scores.failed.items() if hidden}


def _fails_exactly(runner, namespace, full_marks, failing_tests):
    """Exactly the named hidden tests fail; their question loses points, every other keeps all."""
    scores = runner.score(namespace)
    assert _failed_hidden_tests(scores) == failing_tests, scores.failed
    question = {name.split("_")[1] for name in failing_tests}.pop()
    assert scores[question] < full_marks[question]
    assert {q: s for q, s in scores.items() if q != question} == {
        q: m for q, m in full_marks.items() if q != question}


@pytest.mark.parametrize("case, failing_tests, answer", WRONG_ANSWERS, ids=[c[0] for c in WRONG_ANSWERS])
def test_wrong_answer_fails_its_tests_and_loses_only_its_question(case, failing_tests, answer, runner, solution,
                                                                  full_marks):
    _fails_exactly(runner, solution.with_values(**answer(solution)), full_marks, failing_tests)


@pytest.mark.parametrize("case, answer", ALTERNATIVE_ANSWERS, ids=[c[0] for c in ALTERNATIVE_ANSWERS])
def test_alternative_answer_keeps_full_marks(case, answer, runner, solution, full_marks):
    scores = runner.score(solution.with_values(**answer(solution)))
    assert scores.failed == {}, scores.failed  # the public checks accept it too
    assert scores == full_marks


@pytest.mark.parametrize("case, failing_tests, replacements", WRONG_SOURCES, ids=[c[0] for c in WRONG_SOURCES])
def test_wrong_code_fails_its_tests_and_loses_only_its_question(case, failing_tests, replacements, runner,
                                                                full_marks):
    _fails_exactly(runner, runner.run(replacements), full_marks, failing_tests)


@pytest.mark.parametrize("case, replacements", ALTERNATIVE_SOURCES, ids=[c[0] for c in ALTERNATIVE_SOURCES])
def test_deck_code_and_alternative_code_keep_full_marks(case, replacements, runner, full_marks):
    scores = runner.score(runner.run(replacements))
    assert scores.failed == {}, scores.failed  # the public checks accept it too
    assert scores == full_marks


def test_every_hidden_test_fails_on_some_wrong_answer(runner):
    from autograder.hidden_tests import case_sources

    covered = set().union(*(case[1] for case in WRONG_ANSWERS + WRONG_SOURCES))
    hidden = set(case_sources(runner.autograder_zip, hidden=True))
    assert hidden == covered


def test_every_question_has_two_wrong_answers(runner):
    per_question = {}
    for case, failing, _ in WRONG_ANSWERS + WRONG_SOURCES:
        per_question.setdefault(next(iter(failing)).split("_")[1], []).append(case)
    assert sorted(per_question) == [f"q{n}" for n in range(1, 10)]
    assert all(len(cases) >= 2 for cases in per_question.values()), per_question


def test_failure_messages_are_spanish_hints(runner, solution):
    scores = runner.score(solution.with_values(
        formas_mlp=shapes_transposed, tanh_derivada=lambda s: 1 - s ** 2,
        gradientes=gradients_without_factor_2, modelo_una_capa=one_layer_untouched(),
        rmse_referencia=solution["rmse_referencia"] ** 2, perceptron=perceptron_variant(always_converged=True)))
    messages = {question: scores.hints(question) for question in scores}
    assert "`formas_mlp(1)['W_h']` debería ser (10, 50), pero es (50, 10)." in messages["q2"][0]
    assert "`tanh_derivada` no coincide con la derivada numérica (diferencias finitas)" in messages["q4"][0]
    assert "El gradiente dW_h de `gradientes (red 4-5-2)` no coincide con el de tf.GradientTape" in messages["q5"][0]
    assert "`modelo_una_capa` no produce las mismas salidas" in messages["q6"][0]
    assert "`rmse_referencia` debería ser el RMSE en prueba de predecir siempre la media" in messages["q9"][0]
    assert "XOR no es linealmente separable: `perceptron` debería devolver convergio=False" in messages["q1"][0]
