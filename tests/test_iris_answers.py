"""Iris hidden tests on prepared answers, in process: each wrong answer loses its own question's
points and no other's; correct alternatives keep full marks."""

import keras
import pytest
from keras.layers import Activation, Dense, Input
from keras.models import Model, Sequential
from keras.optimizers import SGD
from sklearn.preprocessing import LabelEncoder


def compiled(model, loss="binary_crossentropy"):
    model.compile(optimizer=SGD(learning_rate=0.1), loss=loss, metrics=["accuracy"])
    return model


def sequential(hidden_units, hidden_activation, output_activation):
    return Sequential([Input(shape=[4]), Dense(hidden_units, activation=hidden_activation),
                       Dense(3, activation=output_activation)])


def functional_4_2_3():
    inputs = Input(shape=(4,))
    return Model(inputs, Dense(3, activation="sigmoid")(Dense(2, activation="tanh")(inputs)))


def separate_activations_4_2_3():
    return Sequential([Input(shape=[4]), Dense(2), Activation("tanh"), Dense(3), Activation("sigmoid")])


# (case, the question that must lose points, variables to replace in the solution's namespace)
WRONG_ANSWERS = [
    ("integer_labels", "q1", lambda ns: {"T": LabelEncoder().fit_transform(ns["especies"])}),
    ("network_4_3_3", "q2", lambda ns: {"modelo_sigmoid": compiled(sequential(3, "tanh", "sigmoid"))}),
    ("relu_for_tanh", "q2", lambda ns: {"modelo_sigmoid": compiled(sequential(2, "relu", "sigmoid"))}),
    ("wrong_layer_count", "q2", lambda ns: {"parametros_por_capa": [8, 6]}),
    ("sigmoid_with_mse", "q3", lambda ns: {"modelo_sigmoid": compiled(sequential(2, "tanh", "sigmoid"), "mse")}),
    ("softmax_paired_with_mse", "q3", lambda ns: {"costo_para_activacion": {
        "linear": {"mse"}, "tanh": {"mse"}, "sigmoid": {"mse", "binary_crossentropy"},
        "softmax": {"mse"}}}),
    ("floor_instead_of_ceiling", "q5", lambda ns: {"actualizaciones_por_epoca": lambda n, b: n // b}),
    ("accuracy_as_count", "q6", lambda ns: {"exactitud": ns["exactitud"] * 150}),
    ("predictions_of_another_model", "q6", lambda ns: {"Y": ns["modelo_sigmoid"].predict(ns["X_norm"], verbose=0)}),
    ("transposed_weights", "q7", lambda ns: {"W1": ns["W1"].T, "W2": ns["W2"].T}),
    ("reloaded_model_not_the_saved_one", "q8", lambda ns: {"modelo_cargado": sequential(2, "tanh", "softmax")}),
    ("weights_not_loaded", "q8", lambda ns: {"modelo_con_pesos": sequential(2, "tanh", "softmax")}),
    ("functional_style_as_sequential", "q9", lambda ns: {"modelo_funcional": ns["modelo_lista"]}),
    ("style_with_4_3_3", "q9", lambda ns: {"modelo_capas": sequential(3, "tanh", "sigmoid")}),
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
    ("floor_division_plus_remainder", lambda ns: {
        "actualizaciones_por_epoca": lambda n, b: n // b + (n % b > 0)}),
]

# Answers written into the solution's source, then executed: later cells see their effects.
WRONG_SOURCES = [
    ("softmax_with_mse", "q4", [('loss="categorical_crossentropy"', 'loss="mse"')]),
    ("wrong_batch_size", "q4", [("batch_size=TAMANO_LOTE", "batch_size=32")]),
]
ALTERNATIVE_SOURCES = [
    ("loss_objects_and_activation_layers", [
        ('loss="categorical_crossentropy"', "loss=keras.losses.CategoricalCrossentropy()"),
        ('Dense(3, activation="softmax"),\n])\nmodelo.compile',
         'Dense(3),\n    Activation("softmax"),\n])\nmodelo.compile'),
    ]),
]


def test_solution_gets_full_marks(iris_runner, iris_solution, iris_full_marks):
    assert iris_runner.score(iris_solution) == iris_full_marks
    assert sum(iris_full_marks.values()) == 22


def _lost_only(scores, full_marks, question):
    assert scores[question] < full_marks[question], f"{question} kept all its points"
    others = {q: s for q, s in scores.items() if q != question}
    assert others == {q: m for q, m in full_marks.items() if q != question}


@pytest.mark.parametrize("case, question, answer", WRONG_ANSWERS, ids=[c[0] for c in WRONG_ANSWERS])
def test_wrong_answer_loses_only_its_question(case, question, answer, iris_runner, iris_solution,
                                               iris_full_marks):
    scores = iris_runner.score(iris_solution.with_values(**answer(iris_solution)))
    _lost_only(scores, iris_full_marks, question)


@pytest.mark.parametrize("case, answer", ALTERNATIVE_ANSWERS, ids=[c[0] for c in ALTERNATIVE_ANSWERS])
def test_alternative_answer_keeps_full_marks(case, answer, iris_runner, iris_solution, iris_full_marks):
    assert iris_runner.score(iris_solution.with_values(**answer(iris_solution))) == iris_full_marks


@pytest.mark.parametrize("case, question, replacements", WRONG_SOURCES, ids=[c[0] for c in WRONG_SOURCES])
def test_wrong_code_loses_only_its_question(case, question, replacements, iris_runner, iris_full_marks):
    _lost_only(iris_runner.score(iris_runner.run(replacements)), iris_full_marks, question)


@pytest.mark.parametrize("case, replacements", ALTERNATIVE_SOURCES, ids=[c[0] for c in ALTERNATIVE_SOURCES])
def test_alternative_code_keeps_full_marks(case, replacements, iris_runner, iris_full_marks):
    assert iris_runner.score(iris_runner.run(replacements)) == iris_full_marks


def test_failure_messages_are_spanish_hints(iris_runner, iris_solution):
    from autograder.hidden_tests import failures

    iris_runner.score(iris_solution.with_values(modelo_sigmoid=compiled(sequential(3, "tanh", "sigmoid"))))
    messages = "\n".join(failures(iris_runner.test_files)["q2"])
    assert "debería tener 19 parámetros en total, pero tiene 27" in messages
    assert "Dense(2, tanh) → Dense(3, sigmoid)" in messages
