"""Iris hidden tests on prepared answers, in process: each wrong answer loses its own question's
points and no other's; correct alternatives keep full marks."""

import math

import keras
import numpy as np
import pandas as pd
import pytest
from keras.layers import Activation, Dense, Input
from keras.models import Model, Sequential
from keras.optimizers import SGD
from sklearn.preprocessing import LabelEncoder


def compiled(model, loss="binary_crossentropy", metrics=("accuracy",)):
    model.compile(optimizer=SGD(learning_rate=0.1), loss=loss, metrics=list(metrics))
    return model


def with_momentum(model):
    model.compile(optimizer=SGD(learning_rate=0.1, momentum=0.9), loss="binary_crossentropy", metrics=["accuracy"])
    return model


def sequential(hidden_units, hidden_activation, output_activation):
    return Sequential([Input(shape=[4]), Dense(hidden_units, activation=hidden_activation),
                       Dense(3, activation=output_activation)])


def functional_4_2_3():
    inputs = Input(shape=(4,))
    return Model(inputs, Dense(3, activation="sigmoid")(Dense(2, activation="tanh")(inputs)))


def separate_activations_4_2_3():
    return Sequential([Input(shape=[4]), Dense(2), Activation("tanh"), Dense(3), Activation("sigmoid")])


# (case, the hidden test functions that must fail, variables to replace in the solution's namespace)
WRONG_ANSWERS = [
    ("columns_reversed", {"test_q1_entradas"}, lambda ns: {"X": ns["X"][:, ::-1]}),
    # reads iris.csv whatever path it is given
    ("loader_ignores_its_path", {"test_q1_otro_archivo"},
     lambda ns: {"cargar_datos": lambda ruta="iris.csv": ns["cargar_datos"]()}),
    ("integer_labels", {"test_q1_one_hot"}, lambda ns: {"T": LabelEncoder().fit_transform(ns["especies"])}),
    ("network_4_3_3", {"test_q2_capas", "test_q2_parametros"},
     lambda ns: {"modelo_sigmoid": compiled(sequential(3, "tanh", "sigmoid"))}),
    ("relu_for_tanh", {"test_q2_capas"}, lambda ns: {"modelo_sigmoid": compiled(sequential(2, "relu", "sigmoid"))}),
    ("wrong_layer_count", {"test_q2_explicacion"}, lambda ns: {"parametros_por_capa": [8, 6]}),
    ("accuracy_as_exact_equality", {"test_q3_compile"},
     lambda ns: {"modelo_sigmoid": compiled(sequential(2, "tanh", "sigmoid"), metrics=[keras.metrics.Accuracy()])}),
    ("sgd_with_momentum", {"test_q3_compile"}, lambda ns: {"modelo_sigmoid": with_momentum(sequential(2, "tanh", "sigmoid"))}),
    ("sigmoid_with_mse", {"test_q3_compile"},
     lambda ns: {"modelo_sigmoid": compiled(sequential(2, "tanh", "sigmoid"), "mse")}),
    ("softmax_paired_with_mse", {"test_q3_tabla"}, lambda ns: {"costo_para_activacion": {
        "linear": {"mse"}, "tanh": {"mse"}, "sigmoid": {"mse", "binary_crossentropy"},
        "softmax": {"mse"}}}),
    ("floor_instead_of_ceiling", {"test_q5_otros_valores"},
     lambda ns: {"actualizaciones_por_epoca": lambda n, b: n // b}),
    ("update_count_as_float", {"test_q5_entero"},
     lambda ns: {"actualizaciones_por_epoca": lambda n, b: float(math.ceil(n / b))}),
    ("accuracy_as_count", {"test_q6_exactitud"}, lambda ns: {"exactitud": ns["exactitud"] * 150}),
    ("loss_not_from_evaluate", {"test_q6_exactitud"}, lambda ns: {"puntaje": [ns["puntaje"][0] * 2, ns["puntaje"][1]]}),
    ("accuracy_missing_from_puntaje", {"test_q6_exactitud"}, lambda ns: {"puntaje": [ns["puntaje"][0]]}),
    ("predictions_of_another_model", {"test_q6_prediccion"},
     lambda ns: {"Y": ns["modelo_sigmoid"].predict(ns["X_norm"], verbose=0)}),
    ("transposed_weights", {"test_q7_formas", "test_q7_valores"}, lambda ns: {"W1": ns["W1"].T, "W2": ns["W2"].T}),
    ("weights_of_another_model", {"test_q7_valores"},
     lambda ns: {"W1": ns["modelo_sigmoid"].layers[0].get_weights()[0]}),
    ("reloaded_model_not_the_saved_one", {"test_q8_modelo_completo"},
     lambda ns: {"modelo_cargado": sequential(2, "tanh", "softmax")}),
    ("weights_not_loaded", {"test_q8_solo_pesos"}, lambda ns: {"modelo_con_pesos": sequential(2, "tanh", "softmax")}),
    ("list_layers_named_in_reverse_order", {"test_q9_lista"}, lambda ns: {"modelo_lista": Sequential([
        Input(shape=[4]), Dense(2, activation="tanh", name="salida"), Dense(3, activation="sigmoid", name="Oculto")])}),
    ("activations_inside_dense_layers", {"test_q9_activaciones"}, lambda ns: {"modelo_activaciones": ns["modelo_lista"]}),
    ("activation_layers_named_in_reverse_order", {"test_q9_activaciones"}, lambda ns: {"modelo_activaciones": Sequential([
        Input(shape=[4]), Dense(2, name="Oculto"), Activation("tanh", name="FunO"), Dense(3, name="salida"),
        Activation("sigmoid", name="FunH")])}),
    ("functional_style_as_sequential", {"test_q9_funcional"}, lambda ns: {"modelo_funcional": ns["modelo_lista"]}),
    ("style_with_4_3_3", {"test_q9_capas"}, lambda ns: {"modelo_capas": sequential(3, "tanh", "sigmoid")}),
    ("layers_style_with_the_functional_input_name", {"test_q9_capas"},
     lambda ns: {"modelo_capas": ns["modelo_funcional"]}),
]

ALTERNATIVE_ANSWERS = [
    ("functional_api", lambda ns: {"modelo_sigmoid": compiled(functional_4_2_3())}),
    ("separate_activation_layers", lambda ns: {"modelo_sigmoid": compiled(separate_activations_4_2_3())}),
    ("loss_object", lambda ns: {"modelo_sigmoid": compiled(sequential(2, "tanh", "sigmoid"),
                                                           keras.losses.BinaryCrossentropy())}),
    ("loss_names_spelled_out", lambda ns: {"costo_para_activacion": {
        "linear": {"mean_squared_error"}, "tanh": {keras.losses.MeanSquaredError()},
        "sigmoid": {"mean_squared_error", "binary_crossentropy"},
        "softmax": {"categorical_crossentropy"}}}),
    ("loss_and_metric_as_keras_also_spells_them", lambda ns: {"modelo_sigmoid": compiled(
        sequential(2, "tanh", "sigmoid"), "BinaryCrossentropy", metrics=["acc"])}),
    ("loss_names_as_keras_classes_and_aliases", lambda ns: {"costo_para_activacion": {
        "linear": {"MeanSquaredError"}, "tanh": {"mse"}, "sigmoid": {"MeanSquaredError", "bce"},
        "softmax": {"CategoricalCrossentropy"}}}),
    ("floor_division_plus_remainder", lambda ns: {
        "actualizaciones_por_epoca": lambda n, b: n // b + (n % b > 0)}),
    ("numpy_integer_count", lambda ns: {"actualizaciones_por_epoca": lambda n, b: np.int64(np.ceil(n / b))}),
    # the columns by position and the species as a list: the file has iris.csv's columns
    ("loader_by_position", lambda ns: {"cargar_datos": lambda ruta="iris.csv": (
        pd.read_csv(ruta).iloc[:, :4].to_numpy(), list(pd.read_csv(ruta).iloc[:, 4]))}),
    # The accuracy Keras picks for "accuracy" with this loss, named as Géron names it.
    ("binary_accuracy_by_name", lambda ns: {"modelo_sigmoid": compiled(
        sequential(2, "tanh", "sigmoid"), metrics=["binary_accuracy"])}),
    # Keras's own float32 accuracy, where the question asks for a proportion.
    ("accuracy_from_evaluate", lambda ns: {"exactitud": ns["puntaje"][1]}),
]

# Answers written into the solution's source, then executed: later cells see their effects.
WRONG_SOURCES = [
    ("softmax_with_mse", {"test_q4_configuracion"}, [('loss="categorical_crossentropy"', 'loss="mse"')]),
    ("wrong_batch_size", {"test_q4_lotes"}, [("batch_size=TAMANO_LOTE", "batch_size=32")]),
    ("trained_twice", {"test_q4_lotes"}, [(
        "historia = modelo.fit(X_norm, T, epochs=EPOCAS, batch_size=TAMANO_LOTE, verbose=0)",
        "modelo.fit(X_norm, T, epochs=EPOCAS, batch_size=TAMANO_LOTE, verbose=0)\n"
        "historia = modelo.fit(X_norm, T, epochs=EPOCAS, batch_size=TAMANO_LOTE, verbose=0)")]),
    ("trained_on_unscaled_inputs", {"test_q4_exactitud"}, [("modelo.fit(X_norm, T,", "modelo.fit(X, T,")]),
    ("weights_never_saved", {"test_q8_archivo_pesos"}, [
        ("modelo.save_weights(RUTA_PESOS)\n", ""),
        ("modelo_con_pesos.load_weights(RUTA_PESOS)", "modelo_con_pesos.set_weights(modelo.get_weights())")]),
    # Keras 3 saves a whole legacy HDF5 model when `save` is given a path ending in .h5 (and drops the
    # optimizer from `modelo`'s compile settings: the export puts it back, so q4 keeps its points).
    ("full_model_saved_as_weights", {"test_q8_archivo_pesos"}, [
        ("modelo.save_weights(RUTA_PESOS)", "modelo.save(RUTA_PESOS)"),
        ("modelo_con_pesos.load_weights(RUTA_PESOS)", "modelo_con_pesos.set_weights(load_model(RUTA_PESOS).get_weights())")]),
]
ALTERNATIVE_SOURCES = [
    # evaluate then returns [loss, mse, accuracy]
    ("extra_metric_in_compile", [
        ('loss="categorical_crossentropy", metrics=["accuracy"]', 'loss="categorical_crossentropy", metrics=["mse", "accuracy"]'),
    ]),
    ("weights_loaded_into_a_clone", [
        ('modelo_con_pesos = Sequential([\n    Input(shape=[4]),\n    Dense(2, activation="tanh"),\n    Dense(3, activation="softmax"),\n])',
         "modelo_con_pesos = keras.models.clone_model(modelo)"),
    ]),
    ("categorical_accuracy_as_geron_names_it", [
        ('loss="categorical_crossentropy", metrics=["accuracy"]',
         'loss="categorical_crossentropy", metrics=[keras.metrics.CategoricalAccuracy()]'),
    ]),
    ("loss_objects_and_activation_layers", [
        ('loss="categorical_crossentropy"', "loss=keras.losses.CategoricalCrossentropy()"),
        ('Dense(3, activation="softmax"),\n])\nmodelo.compile',
         'Dense(3),\n    Activation("softmax"),\n])\nmodelo.compile'),
    ]),
    ("softmax_as_a_layer_loss_as_a_class_name_and_the_decks_layer_objects", [
        ('loss="categorical_crossentropy"', 'loss="CategoricalCrossentropy"'),
        ('Dense(3, activation="softmax"),\n])\nmodelo.compile',
         'Dense(3),\n    keras.layers.Softmax(),\n])\nmodelo.compile'),
        # and modelo_capas applied through the functional API exactly as the deck writes it
        ('modelo_capas = Model(inputs=entrada, outputs=salida(oculta(entrada)))',
         'red = salida(oculta(entrada))\nmodelo_capas = Model(inputs=entrada, outputs = red)'),
    ]),
]


def test_solution_gets_full_marks(iris_runner, iris_solution, iris_full_marks):
    assert iris_runner.score(iris_solution) == iris_full_marks
    assert sum(iris_full_marks.values()) == 22


def _fails_exactly(runner, namespace, full_marks, failing_tests):
    """Exactly the named hidden tests fail; their question loses points, every other keeps all."""
    scores = runner.score(namespace)
    failed = {test for test, (hidden, _) in scores.failed.items() if hidden}
    assert failed == failing_tests, scores.failed
    question = {name.split("_")[1] for name in failing_tests}.pop()
    assert scores[question] < full_marks[question]
    assert {q: s for q, s in scores.items() if q != question} == {
        q: m for q, m in full_marks.items() if q != question}


@pytest.mark.parametrize("case, failing_tests, answer", WRONG_ANSWERS, ids=[c[0] for c in WRONG_ANSWERS])
def test_wrong_answer_fails_its_tests_and_loses_only_its_question(case, failing_tests, answer, iris_runner,
                                                                  iris_solution, iris_full_marks):
    namespace = iris_solution.with_values(**answer(iris_solution))
    _fails_exactly(iris_runner, namespace, iris_full_marks, failing_tests)


@pytest.mark.parametrize("case, answer", ALTERNATIVE_ANSWERS, ids=[c[0] for c in ALTERNATIVE_ANSWERS])
def test_alternative_answer_keeps_full_marks(case, answer, iris_runner, iris_solution, iris_full_marks):
    assert iris_runner.score(iris_solution.with_values(**answer(iris_solution))) == iris_full_marks


@pytest.mark.parametrize("case, failing_tests, replacements", WRONG_SOURCES, ids=[c[0] for c in WRONG_SOURCES])
def test_wrong_code_fails_its_tests_and_loses_only_its_question(case, failing_tests, replacements, iris_runner,
                                                                iris_full_marks):
    _fails_exactly(iris_runner, iris_runner.run(replacements), iris_full_marks, failing_tests)


def test_every_hidden_test_fails_on_some_wrong_answer(iris_runner):
    from autograder.hidden_tests import case_sources

    covered = set().union(*(case[1] for case in WRONG_ANSWERS + WRONG_SOURCES))
    hidden = set(case_sources(iris_runner.autograder_zip, hidden=True))
    assert hidden == covered


@pytest.mark.parametrize("case, replacements", ALTERNATIVE_SOURCES, ids=[c[0] for c in ALTERNATIVE_SOURCES])
def test_alternative_code_keeps_full_marks(case, replacements, iris_runner, iris_full_marks):
    assert iris_runner.score(iris_runner.run(replacements)) == iris_full_marks


def test_failure_messages_are_spanish_hints(iris_runner, iris_solution):
    scores = iris_runner.score(iris_solution.with_values(modelo_sigmoid=compiled(sequential(3, "tanh", "sigmoid"))))
    messages = "\n".join(scores.hints("q2"))
    assert "debería tener 19 parámetros en total, pero tiene 27" in messages
    assert "Dense(2, tanh) → Dense(3, sigmoid)" in messages
