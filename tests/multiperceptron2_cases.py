"""Multiperceptrón II: the prepared answers its answer tests score (scored in rounds as
``answer_rounds.py`` says)."""

import math

import keras
import matplotlib
import numpy as np
from keras.callbacks import EarlyStopping
from keras.layers import Dense, Dropout, Flatten, Input
from keras.models import Model, Sequential
from sklearn import metrics
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - after choosing the backend


# ---------------------------------------------------------------- models the answers build

def digits_model(hidden_activation="relu"):
    return Sequential([Input(shape=[64]), Dense(32, activation=hidden_activation), Dense(10, activation="softmax")])


def compiled(model, optimizer="adam", loss="sparse_categorical_crossentropy", metric="accuracy"):
    model.compile(optimizer=optimizer, loss=loss, metrics=[metric])
    return model


def copy_of(model, **compile_settings):
    """A copy with the same weights, compiled anew: the solution's own object stays as it is."""
    clone = keras.models.clone_model(model)
    clone.set_weights(model.get_weights())
    clone.compile(**compile_settings)
    return clone


def trained_with_early_stopping(ns, callback, metric="accuracy", **fit_settings):
    keras.utils.set_random_seed(42)
    model = compiled(digits_model(), metric=metric)
    history = model.fit(ns["X_train_digitos"], ns["y_train_digitos"], epochs=300, batch_size=32, verbose=0,
                        callbacks=[callback], **fit_settings)
    return {"parada_temprana": callback, "modelo_parada": model, "historia_parada": history,
            "epocas_entrenadas": len(history.history["loss"])}


def regularized_digits_model(kernel, bias):
    return Sequential([Input(shape=[64]), Dense(32, activation="relu", kernel_regularizer=kernel, bias_regularizer=bias),
                       Dense(10, activation="softmax")])


def cifar_model(*hidden, kernel_regularizer=None, bias_regularizer=None, flatten=True):
    layers = [Input(shape=(32, 32, 3))] + ([Flatten()] if flatten else []) + list(hidden)
    model = Sequential(layers + [Dense(10, activation="softmax", kernel_regularizer=kernel_regularizer,
                                       bias_regularizer=bias_regularizer)])
    return compiled(model)


# ---------------------------------------------------------------- answers written as functions

def updates_with_floor(n_ejemplos, epocas, modo, tamano_lote=None):
    sizes = {"lote": n_ejemplos, "mini-lote": tamano_lote, "estocastico": 1}
    if modo not in sizes:
        raise ValueError(modo)
    return n_ejemplos // sizes[modo] * epocas


def updates_per_epoch_only(n_ejemplos, epocas, modo, tamano_lote=None):
    sizes = {"lote": n_ejemplos, "mini-lote": tamano_lote, "estocastico": 1}
    if modo not in sizes:
        raise ValueError(modo)
    return math.ceil(n_ejemplos / sizes[modo])


def updates_by_table(n_ejemplos, epocas, modo, tamano_lote=None):
    """Correct: a table of batch sizes and a ceiling by negated floor division."""
    lote = {"lote": n_ejemplos, "mini-lote": tamano_lote, "estocastico": 1}.get(modo)
    if lote is None:
        raise ValueError(f"modo {modo}")
    return -(-n_ejemplos // lote) * epocas


def updates_as_float(n_ejemplos, epocas, modo, tamano_lote=None):
    lote = {"lote": n_ejemplos, "mini-lote": tamano_lote, "estocastico": 1}.get(modo)
    if lote is None:
        raise ValueError(modo)
    return np.ceil(n_ejemplos / lote) * epocas


def penalty_with_half_l2(pesos, factor_l1=0.0, factor_l2=0.0):
    return sum(factor_l1 * np.abs(w).sum() + factor_l2 / 2 * np.square(w).sum() for w in pesos)


def penalty_without_l1(pesos, factor_l1=0.0, factor_l2=0.0):
    return sum(factor_l2 * np.square(w).sum() for w in pesos)


def penalty_with_norms(pesos, factor_l1=0.0, factor_l2=0.0):
    """Correct: norms of the flattened arrays, a NumPy scalar."""
    flat = np.concatenate([np.ravel(w) for w in pesos])
    return factor_l1 * np.linalg.norm(flat, 1) + factor_l2 * np.linalg.norm(flat) ** 2


def ewa_without_damping(serie, beta):
    v, medias = 0.0, []
    for t in serie:
        v = beta * v + t
        medias.append(v)
    return np.array(medias)


def ewa_filtered(serie, beta):
    """Correct: the recurrence as a linear filter."""
    from scipy.signal import lfilter

    return lfilter([1 - beta], [1, -beta], np.asarray(serie, dtype=float))


def ewa_corrected_shifted(serie, beta):
    v, medias = 0.0, []
    for t_index, t in enumerate(serie):
        v = beta * v + (1 - beta) * t
        medias.append(v / (1 - beta ** (t_index + 2)))
    return np.array(medias)


def ewa_corrected_loop(serie, beta):
    """Correct: a list, the correction inside the loop."""
    v, medias = 0.0, []
    for paso, t in enumerate(serie, start=1):
        v = beta * v + (1 - beta) * t
        medias.append(v / (1 - beta ** paso))
    return medias


def heavy_ball(A, w0, alfa, beta, pasos):
    w, v, path = np.array(w0, dtype=float), 0.0, [np.array(w0, dtype=float)]
    for _ in range(pasos):
        v = beta * v + A @ w
        w = w - alfa * v
        path.append(w)
    return np.array(path)


def momentum_stacked(A, w0, alfa, beta, pasos):
    """Correct: the deck's V_w loop, rows stacked at the end."""
    W = np.asarray(w0, dtype=float)
    V_w = np.zeros(len(W))
    filas = [W]
    for _ in range(pasos):
        V_w = beta * V_w + (1 - beta) * np.dot(A, W)
        W = W - alfa * V_w
        filas.append(W)
    return np.vstack(filas)


def steps_from_one(trayectoria, tolerancia):
    for t, w in enumerate(trayectoria):
        if np.linalg.norm(w) < tolerancia:
            return t + 1
    return None


def steps_by_loop(trayectoria, tolerancia):
    """Correct: a loop over the rows, with the distance written out."""
    for t, w in enumerate(trayectoria):
        if math.sqrt(sum(float(x) ** 2 for x in w)) < tolerancia:
            return t
    return None


def roc_and_pr_figure(ns, *, swapped=False, labeled=True):
    y, probabilities = ns["y_test_sonar"], ns["prob_sonar"]
    fpr, tpr, _ = metrics.roc_curve(y, probabilities)
    precision, recall, _ = metrics.precision_recall_curve(y, probabilities)
    figure, (roc_axes, pr_axes) = plt.subplots(1, 2)
    roc_axes.plot(*((tpr, fpr) if swapped else (fpr, tpr)))
    pr_axes.plot(*((precision, recall) if swapped else (recall, precision)))
    for axes in (roc_axes, pr_axes) if labeled else ():
        axes.set_xlabel("x")
        axes.set_ylabel("y")
    return figure


def display_figure(ns):
    """Correct: scikit-learn's displays draw both curves and name the axes."""
    figure, (roc_axes, pr_axes) = plt.subplots(1, 2)
    metrics.RocCurveDisplay.from_predictions(ns["y_test_sonar"], ns["prob_sonar"], ax=roc_axes)
    metrics.PrecisionRecallDisplay.from_predictions(ns["y_test_sonar"], ns["prob_sonar"], ax=pr_axes)
    return figure


def sonar_metrics_from_curves(ns):
    """Correct: PR-AUC as the area under the PR curve, ROC-AUC from the ROC curve, a list matrix."""
    y, labels, probabilities = ns["y_test_sonar"], np.where(ns["prob_sonar"] > 0.5, 1, 0), ns["prob_sonar"]
    fpr, tpr, _ = metrics.roc_curve(y, probabilities)
    precision, recall, _ = metrics.precision_recall_curve(y, probabilities)
    return {"y_pred_sonar": labels, "matriz_confusion_sonar": metrics.confusion_matrix(y, labels).tolist(),
            "figura_curvas": display_figure(ns),
            "metricas_sonar": {"exactitud": np.mean(labels == y), "precision": metrics.precision_score(y, labels),
                               "recall": metrics.recall_score(y, labels), "f1": metrics.f1_score(y, labels),
                               "roc_auc": metrics.auc(fpr, tpr), "pr_auc": metrics.auc(recall, precision)}}


def digits_one_hot(ns):
    """Correct: one-hot labels with categorical cross-entropy, predictions and the matrix as lists."""
    keras.utils.set_random_seed(7)
    model = compiled(digits_model(), loss="categorical_crossentropy", metric="categorical_accuracy")
    Y_train = keras.utils.to_categorical(ns["y_train_digitos"], 10)  # a new variable: y_train_digitos stays
    history = model.fit(ns["X_train_digitos"], Y_train, epochs=40, batch_size=32, verbose=0)
    predicted = model.predict(ns["X_test_digitos"], verbose=0).argmax(axis=1).tolist()
    matrix = metrics.confusion_matrix(ns["y_test_digitos"], predicted)
    off_diagonal = np.where(np.eye(10, dtype=bool), -1, matrix)
    return {"modelo_digitos": model, "historia_digitos": history, "y_pred_digitos": predicted,
            "matriz_confusion_digitos": matrix.tolist(),
            "par_mas_confundido": list(np.unravel_index(off_diagonal.argmax(), matrix.shape))}


def fashion_flattened(ns):
    """Correct: another design, on images the student flattened, its accuracy from scikit-learn."""
    keras.utils.set_random_seed(3)
    inputs = Input(shape=(784,))
    hidden = Dropout(0.2)(Dense(64, activation="relu")(inputs))
    model = Model(inputs, Dense(10, activation="softmax")(hidden))
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=2e-3), loss="sparse_categorical_crossentropy")
    X_train, X_test = ns["X_train_moda"].reshape(-1, 784), ns["X_test_moda"].reshape(-1, 784)
    history = model.fit(X_train, ns["y_train_moda"], epochs=25, batch_size=64, verbose=0)
    return {"modelo_moda": model, "historia_moda": history, "X_test_moda": X_test,
            "exactitud_moda": metrics.accuracy_score(ns["y_test_moda"], model.predict(X_test, verbose=0).argmax(1))}


def fashion_model(output_activation="softmax"):
    return Sequential([Input(shape=[28, 28]), Flatten(), Dense(128, activation="relu"),
                       Dense(10, activation=output_activation)])


def fashion_trained(ns, model, **fit_settings):
    """The answers q10 reads, from a model trained as given, its accuracy as the test set gives it."""
    history = model.fit(ns["X_train_moda"], ns["y_train_moda"], batch_size=32, verbose=0, **fit_settings)
    predicted = model.predict(ns["X_test_moda"], verbose=0).argmax(axis=1)
    return {"modelo_moda": model, "historia_moda": history,
            "exactitud_moda": float(np.mean(predicted == ns["y_test_moda"]))}


def fashion_validated_on_test(ns):
    keras.utils.set_random_seed(42)
    return fashion_trained(ns, compiled(fashion_model()), epochs=30,
                           validation_data=(ns["X_test_moda"], ns["y_test_moda"]),
                           callbacks=[EarlyStopping(monitor="val_accuracy", patience=5, restore_best_weights=True)])


def fashion_logits(ns):
    keras.utils.set_random_seed(42)
    model = compiled(fashion_model(output_activation=None),
                     loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return fashion_trained(ns, model, epochs=15, validation_split=0.1)


def fashion_under_0_78(ns):
    keras.utils.set_random_seed(42)
    return fashion_trained(ns, compiled(fashion_model(), optimizer=keras.optimizers.SGD(learning_rate=0.001)),
                           epochs=1)


def sonar_answers(ns, model, **inputs):
    """prob_sonar and everything computed from it, for another ``modelo_sonar`` (and inputs)."""
    ns = {**ns, **inputs, "modelo_sonar": model}
    probabilities = model.predict(ns["X_test_sonar"], verbose=0).ravel()
    y, labels = ns["y_test_sonar"], (probabilities >= 0.5).astype(int)
    ns["prob_sonar"] = probabilities
    return {**inputs, "modelo_sonar": model, "prob_sonar": probabilities, "y_pred_sonar": labels,
            "matriz_confusion_sonar": metrics.confusion_matrix(y, labels),
            "metricas_sonar": {"exactitud": metrics.accuracy_score(y, labels), "precision": metrics.precision_score(
                y, labels, zero_division=0), "recall": metrics.recall_score(y, labels), "f1": metrics.f1_score(y, labels),
                "roc_auc": metrics.roc_auc_score(y, probabilities),
                "pr_auc": metrics.average_precision_score(y, probabilities)},
            "figura_curvas": roc_and_pr_figure(ns)}


def sonar_model(hidden_activation="relu"):
    return compiled(Sequential([Input(shape=[60]), Dense(30, activation=hidden_activation),
                                Dense(1, activation="sigmoid")]), loss="binary_crossentropy")


def sonar_untrained(ns):
    keras.utils.set_random_seed(42)
    return sonar_answers(ns, sonar_model())


def sonar_scaled(ns, scaler, *, fitted_on_all=False, random_state=None):
    """Sonar scaled after the split with ``scaler`` fitted on the training part (correct), or on all
    208 signals (``fitted_on_all``: wrong); ``random_state``: split again with another seed."""
    parts = (ns["X_train_sonar"], ns["X_test_sonar"], ns["y_train_sonar"], ns["y_test_sonar"])
    if random_state is not None:
        parts = train_test_split(ns["X_sonar"], ns["y_sonar"], test_size=0.3, stratify=ns["y_sonar"],
                                 random_state=random_state)
    X_train, X_test, y_train, y_test = parts
    scaler.fit(ns["X_sonar"] if fitted_on_all else X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    keras.utils.set_random_seed(42)
    model = sonar_model()
    model.fit(X_train, y_train, epochs=100, batch_size=32, verbose=0)
    answers = sonar_answers({**ns, "y_test_sonar": y_test}, model, X_train_sonar=X_train, X_test_sonar=X_test,
                            y_train_sonar=y_train, y_test_sonar=y_test)
    return {**answers, **sonar_metrics_from_curves({**ns, **answers})}


def dropout_measured(model):
    """Correct: the output of the model's Dropout layer, measured as float32 scalars."""
    dropout = [layer for layer in model.layers if isinstance(layer, Dropout)][0]
    output = np.asarray(dropout(np.ones((1000, 6), dtype="float32"), training=True))
    return {"modelo_dropout": model, "salida_dropout": output, "fraccion_anulada": np.float32(np.mean(output == 0)),
            "valor_conservado": np.float32(output[output > 0].max())}


def digits_functional(ns):
    """Correct: the network in the functional style with activation layers, its loss, optimizer and
    metric as objects (the metric by its concrete name, as Géron writes it), the matrix as a
    DataFrame and the pair as an array."""
    import pandas as pd

    keras.utils.set_random_seed(5)
    inputs = Input(shape=(64,))
    hidden = keras.layers.Activation("relu")(Dense(32)(inputs))
    model = Model(inputs, keras.layers.Softmax()(Dense(10)(hidden)))
    model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.SparseCategoricalCrossentropy(),
                  metrics=[keras.metrics.SparseCategoricalAccuracy()])
    history = model.fit(ns["X_train_digitos"], ns["y_train_digitos"], epochs=40, batch_size=32, verbose=0)
    predicted = model.predict(ns["X_test_digitos"], verbose=0).argmax(axis=1)
    matrix = metrics.confusion_matrix(ns["y_test_digitos"], predicted)
    off_diagonal = matrix - np.diag(np.diag(matrix))
    return {"modelo_digitos": model, "historia_digitos": history, "y_pred_digitos": predicted,
            "matriz_confusion_digitos": pd.DataFrame(matrix),
            "par_mas_confundido": np.array(np.unravel_index(off_diagonal.argmax(), matrix.shape))}


def updates_by_branches(n_ejemplos, epocas, modo, tamano_lote=None):
    """Correct: one return per mode, the ceiling written out."""
    if modo == "lote":
        return epocas
    if modo == "estocastico":
        return n_ejemplos * epocas
    if modo == "mini-lote":
        return int(math.floor((n_ejemplos + tamano_lote - 1) / tamano_lote)) * epocas
    raise ValueError("modo debe ser 'lote', 'mini-lote' o 'estocastico'")


def penalty_elementwise(pesos, factor_l1=0.0, factor_l2=0.0):
    """Correct: one sum per kind of penalty, a NumPy float32."""
    return np.float32(factor_l1 * sum(np.abs(w).sum() for w in pesos)) + np.float32(
        factor_l2 * sum((w * w).sum() for w in pesos))


def ewa_weights(serie, beta):
    """Correct: each mean as the weighted sum of the values so far."""
    serie = np.asarray(serie, dtype=float)
    pasos = np.arange(len(serie))
    pesos = (1 - beta) * beta ** (pasos[:, None] - pasos[None, :])
    return (np.tril(pesos) * serie[None, :]).sum(axis=1)


def momentum_as_lists(A, w0, alfa, beta, pasos):
    """Correct: a list of lists, the velocity in plain floats."""
    w, v = [float(x) for x in w0], [0.0] * len(w0)
    trayectoria = [list(w)]
    for _ in range(pasos):
        gradiente = [sum(A[i][j] * w[j] for j in range(len(w))) for i in range(len(w))]
        v = [beta * vi + (1 - beta) * gi for vi, gi in zip(v, gradiente)]
        w = [wi - alfa * vi for wi, vi in zip(w, v)]
        trayectoria.append(list(w))
    return trayectoria


def sonar_metrics_by_support(ns):
    """Correct: precision, recall and F1 from one call; the probabilities as float64."""
    y, probabilities = ns["y_test_sonar"], ns["modelo_sonar"].predict(ns["X_test_sonar"], verbose=0).flatten()
    labels = (probabilities > 0.5).astype("int32")
    precision, recall, f1, _ = metrics.precision_recall_fscore_support(y, labels, average="binary")
    return {"prob_sonar": probabilities.astype("float64"), "y_pred_sonar": labels,
            "matriz_confusion_sonar": metrics.confusion_matrix(y, labels),
            "metricas_sonar": {"exactitud": metrics.accuracy_score(y, labels), "precision": precision, "recall": recall,
                               "f1": f1, "roc_auc": metrics.roc_auc_score(y, probabilities),
                               "pr_auc": metrics.average_precision_score(y, probabilities)}}


def fashion_tanh_channels(ns):
    """Correct: images with a channel axis, tanh, SGD with momentum."""
    keras.utils.set_random_seed(11)
    model = Sequential([Input(shape=(28, 28, 1)), Flatten(), Dense(100, activation="tanh"),
                        Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    X_train, X_test = ns["X_train_moda"][..., None], ns["X_test_moda"][..., None]
    # validated on the last 300 training images, passed as validation_data, never trained on
    history = model.fit(X_train[:-300], ns["y_train_moda"][:-300], epochs=20, batch_size=32, verbose=0,
                        validation_data=(X_train[-300:], ns["y_train_moda"][-300:]))
    return {"modelo_moda": model, "historia_moda": history, "X_test_moda": X_test,
            "exactitud_moda": model.evaluate(X_test, ns["y_test_moda"], verbose=0)[1]}


def functional_dropout():
    inputs = Input(shape=(3,))
    return Model(inputs, Dense(2)(Dropout(rate=0.5)(Dense(6)(inputs))))


def digits_untrained(ns):
    """An untrained model, with the predictions, matrix and pair computed from it."""
    keras.utils.set_random_seed(42)
    model = compiled(digits_model())
    predicted = model.predict(ns["X_test_digitos"], verbose=0).argmax(axis=1)
    matrix = metrics.confusion_matrix(ns["y_test_digitos"], predicted, labels=list(range(10)))
    off_diagonal = matrix - np.diag(np.diag(matrix))
    return {"modelo_digitos": model, "y_pred_digitos": predicted, "matriz_confusion_digitos": matrix,
            "par_mas_confundido": tuple(int(k) for k in np.unravel_index(off_diagonal.argmax(), matrix.shape))}


def digits_trained(ns, model, targets=None):
    """Every answer q1 reads from ``model``, trained as the question says (40 epochs, batches of 32) on
    ``targets`` (the integer labels, by default): its History, predictions, matrix and pair."""
    history = model.fit(ns["X_train_digitos"], ns["y_train_digitos"] if targets is None else targets, epochs=40,
                        batch_size=32, verbose=0)
    predicted = model.predict(ns["X_test_digitos"], verbose=0).argmax(axis=1)
    matrix = metrics.confusion_matrix(ns["y_test_digitos"], predicted, labels=list(range(10)))
    off_diagonal = matrix - np.diag(np.diag(matrix))
    return {"modelo_digitos": model, "historia_digitos": history, "y_pred_digitos": predicted,
            "matriz_confusion_digitos": matrix,
            "par_mas_confundido": tuple(int(k) for k in np.unravel_index(off_diagonal.argmax(), matrix.shape))}


def digits_without_a_metric(ns):
    """The model compiled with no metric (its History logs only the loss), and what q1 computes from it."""
    keras.utils.set_random_seed(42)
    model = digits_model()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return digits_trained(ns, model)


def digits_hidden_tanh(ns):
    keras.utils.set_random_seed(42)
    return digits_trained(ns, compiled(digits_model(hidden_activation="tanh")))


def digits_trained_with_rmsprop(ns):
    keras.utils.set_random_seed(42)
    return digits_trained(ns, compiled(digits_model(), optimizer="rmsprop"))


def digits_compiled_with_mse(ns):
    """Mean squared error on one-hot labels: it trains, with the wrong loss."""
    keras.utils.set_random_seed(42)
    return digits_trained(ns, compiled(digits_model(), loss="mse"), keras.utils.to_categorical(ns["y_train_digitos"], 10))


def pair_on_the_diagonal(ns):
    """The largest cell of the whole matrix: a cell of the diagonal, the digit recognised most often."""
    matrix = np.asarray(ns["matriz_confusion_digitos"])
    return {"par_mas_confundido": tuple(int(k) for k in np.unravel_index(matrix.argmax(), matrix.shape))}


def early_stopping_not_the_one_fit_used(ns):
    """`parada_temprana` as the question asks, never passed to `fit`, which stops with another callback."""
    answers = trained_with_early_stopping(ns, EarlyStopping(monitor="val_accuracy", patience=10, min_delta=0.0001,
                                                            restore_best_weights=True), validation_split=0.2)
    return {**answers, "parada_temprana": EarlyStopping(monitor="val_accuracy", patience=10, min_delta=0.0001,
                                                        restore_best_weights=True)}


def early_stopping_after_a_first_fit(ns):
    """`modelo_parada` trained 5 epochs before the fit with early stopping: not a new model."""
    keras.utils.set_random_seed(42)
    model = compiled(digits_model())
    model.fit(ns["X_train_digitos"], ns["y_train_digitos"], epochs=5, batch_size=32, verbose=0)
    callback = EarlyStopping(monitor="val_accuracy", patience=10, min_delta=0.0001, restore_best_weights=True)
    history = model.fit(ns["X_train_digitos"], ns["y_train_digitos"], epochs=300, batch_size=32, verbose=0,
                        validation_split=0.2, callbacks=[callback])
    return {"parada_temprana": callback, "modelo_parada": model, "historia_parada": history,
            "epocas_entrenadas": len(history.history["loss"])}


def fashion_history_of_a_first_model(ns):
    """`historia_moda` from a first model, trained longer (8 epochs of batches of 8) than `modelo_moda`."""
    keras.utils.set_random_seed(42)
    return {"historia_moda": compiled(fashion_model()).fit(ns["X_train_moda"], ns["y_train_moda"], epochs=8,
                                                           batch_size=8, verbose=0)}


def updates_batch_mode_per_example(n_ejemplos, epocas, modo, tamano_lote=None):
    """"lote" counted as one update per example."""
    sizes = {"lote": 1, "mini-lote": tamano_lote, "estocastico": 1}
    if modo not in sizes:
        raise ValueError(modo)
    return math.ceil(n_ejemplos / sizes[modo]) * epocas


def updates_stochastic_once_per_epoch(n_ejemplos, epocas, modo, tamano_lote=None):
    """"estocastico" counted as one update per epoch."""
    sizes = {"lote": n_ejemplos, "mini-lote": tamano_lote, "estocastico": n_ejemplos}
    if modo not in sizes:
        raise ValueError(modo)
    return math.ceil(n_ejemplos / sizes[modo]) * epocas


def updates_without_error(n_ejemplos, epocas, modo, tamano_lote=None):
    lote = {"lote": n_ejemplos, "mini-lote": tamano_lote, "estocastico": 1}.get(modo)
    return 0 if lote is None else math.ceil(n_ejemplos / lote) * epocas


def curves_on_one_axes(ns):
    y, probabilities = ns["y_test_sonar"], ns["prob_sonar"]
    fpr, tpr, _ = metrics.roc_curve(y, probabilities)
    precision, recall, _ = metrics.precision_recall_curve(y, probabilities)
    figure, axes = plt.subplots()
    axes.plot(fpr, tpr, label="ROC")
    axes.plot(recall, precision, label="PR")
    axes.set_xlabel("fpr / recall")
    axes.set_ylabel("tpr / precisión")
    return {"figura_curvas": figure}


def digits_predicted_second_best(ns):
    """y_pred_digitos as each example's second most likely digit, the matrix and pair computed from it."""
    second = np.argsort(ns["modelo_digitos"].predict(ns["X_test_digitos"], verbose=0), axis=1)[:, -2]
    matrix = metrics.confusion_matrix(ns["y_test_digitos"], second, labels=list(range(10)))
    off_diagonal = matrix - np.diag(np.diag(matrix))
    return {"y_pred_digitos": second, "matriz_confusion_digitos": matrix,
            "par_mas_confundido": tuple(int(k) for k in np.unravel_index(off_diagonal.argmax(), matrix.shape))}


def digits_batches_of_64(ns):
    """The History of a fit with batches of 64 instead of LOTE_DIGITOS = 32."""
    keras.utils.set_random_seed(42)
    return {"historia_digitos": compiled(digits_model()).fit(ns["X_train_digitos"], ns["y_train_digitos"], epochs=40,
                                                             batch_size=64, verbose=0)}


# ---------------------------------------------------------------- the rounds


# Each round: (case, the hidden test functions it must fail, variables to replace in the solution's namespace).
WRONG_ROUNDS = [
    [
        ("confusion_matrix_transposed", {"test_q1_confusion"}, lambda ns: {
            "matriz_confusion_digitos": metrics.confusion_matrix(ns["y_pred_digitos"], ns["y_test_digitos"])}),
        ("mini_batches_counted_with_floor", {"test_q2_como_keras", "test_q2_totales"},
         lambda ns: {"actualizaciones": updates_with_floor}),
        ("stopped_with_patience_5", {"test_q3_configuracion"},
         lambda ns: trained_with_early_stopping(ns, EarlyStopping(monitor="val_accuracy", patience=5, min_delta=0.0001,
                                                                  restore_best_weights=True), validation_split=0.2)),
        ("l2_halved_as_in_the_slide", {"test_q4_penalizacion"}, lambda ns: {"penalizacion": penalty_with_half_l2}),
        ("dropout_rate_0_2", {"test_q5_estructura"}, lambda ns: {
            "modelo_dropout": Sequential([Input(shape=[3]), Dense(6), Dropout(0.2), Dense(2)])}),
        ("ewa_without_one_minus_beta", {"test_q6_ewa"}, lambda ns: {"ewa": ewa_without_damping}),
        ("momentum_without_its_damping", {"test_q7_descenso"}, lambda ns: {"descenso_momento": heavy_ball}),
        ("roc_auc_from_labels", {"test_q8_metricas"}, lambda ns: {"metricas_sonar": {
            **ns["metricas_sonar"], "roc_auc": metrics.roc_auc_score(ns["y_test_sonar"], ns["y_pred_sonar"])}}),
        ("cifar_without_flatten", {"test_q9_estructura"}, lambda ns: {"modelo_cifar": cifar_model(flatten=False)}),
        ("fashion_accuracy_on_training_images", {"test_q10_exactitud_moda"}, lambda ns: {
            "exactitud_moda": ns["modelo_moda"].evaluate(ns["X_train_moda"], ns["y_train_moda"], verbose=0)[1]}),
    ],
    [
        ("digits_model_untrained", {"test_q1_entrenamiento"}, digits_untrained),
        ("epochs_ignored", {"test_q2_totales"}, lambda ns: {"actualizaciones": updates_per_epoch_only}),
        ("epochs_counted_as_the_budget", {"test_q3_detencion"}, lambda ns: {"epocas_entrenadas": 300}),
        ("l2_on_the_kernel_only", {"test_q4_regularizadores", "test_q4_perdidas"}, lambda ns: {
            "modelo_l2": regularized_digits_model(keras.regularizers.l2(0.01), None)}),
        ("fraction_measured_at_inference", {"test_q5_comportamiento"}, lambda ns: {
            "fraccion_anulada": 0.0, "valor_conservado": 1.0}),
        ("window_as_one_over_beta", {"test_q6_ventana"}, lambda ns: {"ventana_efectiva": lambda beta: 1 / beta}),
        ("sgd_without_momentum", {"test_q7_keras"}, lambda ns: {
            "modelo_sgd": compiled(digits_model(), keras.optimizers.SGD(learning_rate=0.01))}),
        ("threshold_0_7", {"test_q8_predicciones", "test_q8_metricas"}, lambda ns: {
            "y_pred_sonar": (ns["prob_sonar"] >= 0.7).astype(int)}),
        ("cifar_l2_without_its_regularizer", {"test_q9_regularizacion"}, lambda ns: {"modelo_cifar_l2": cifar_model()}),
        ("fashion_under_0_78", {"test_q10_exactitud"}, fashion_under_0_78),
    ],
    [
        ("digits_model_compiled_with_mse", {"test_q1_modelo"}, digits_compiled_with_mse),
        ("validated_on_the_test_set", {"test_q3_mejor_epoca"}, lambda ns: trained_with_early_stopping(
            ns, EarlyStopping(monitor="val_accuracy", patience=10, min_delta=0.0001, restore_best_weights=True),
            validation_data=(ns["X_test_digitos"], ns["y_test_digitos"]))),
        ("penalty_without_l1", {"test_q4_penalizacion"}, lambda ns: {"penalizacion": penalty_without_l1}),
        ("dropout_before_the_dense_layer", {"test_q5_estructura"}, lambda ns: {
            "modelo_dropout": Sequential([Input(shape=[3]), Dropout(0.5), Dense(6), Dense(2)])}),
        ("bias_correction_shifted", {"test_q6_corregida"}, lambda ns: {"ewa_corregida": ewa_corrected_shifted}),
        ("steps_counted_from_one", {"test_q7_comparacion"}, lambda ns: {"pasos_hasta_tolerancia": steps_from_one}),
        ("curves_with_their_axes_swapped", {"test_q8_curvas"}, lambda ns: {
            "figura_curvas": roc_and_pr_figure(ns, swapped=True)}),
        ("cifar_with_a_hidden_layer", {"test_q9_estructura"}, lambda ns: {
            "modelo_cifar": cifar_model(Dense(64, activation="relu"))}),
        ("updates_as_float", {"test_q2_totales"}, lambda ns: {"actualizaciones": updates_as_float}),
        ("fashion_validated_on_test", {"test_q10_validacion"}, fashion_validated_on_test),
    ],
    [
        ("sonar_compiled_with_mse", {"test_q8_red"}, lambda ns: {"modelo_sonar": copy_of(
            ns["modelo_sonar"], optimizer="adam", loss="mse")}),
        ("rmsprop_with_momentum", {"test_q7_keras"}, lambda ns: {"modelo_rmsprop": compiled(
            digits_model(), keras.optimizers.RMSprop(learning_rate=0.001, momentum=0.9))}),
        ("digits_batches_of_64", {"test_q1_entrenamiento"}, digits_batches_of_64),
        ("epochs_as_stopped_epoch", {"test_q3_detencion"}, lambda ns: {
            "epocas_entrenadas": ns["parada_temprana"].stopped_epoch}),
        ("dropout_fraction_typed_in", {"test_q5_comportamiento"}, lambda ns: {
            "fraccion_anulada": 0.5, "valor_conservado": 2.0}),
        ("fashion_logits", {"test_q10_diseno"}, fashion_logits),
        ("batch_mode_counted_per_example", {"test_q2_como_keras", "test_q2_totales"},
         lambda ns: {"actualizaciones": updates_batch_mode_per_example}),
        ("l1_model_penalized_with_l2", {"test_q4_regularizadores", "test_q4_perdidas"}, lambda ns: {
            "modelo_l1": regularized_digits_model(keras.regularizers.l2(0.01), keras.regularizers.l2(0.01))}),
    ],
    [
        ("sonar_untrained", {"test_q8_red"}, sonar_untrained),
        ("digits_factory_returns_one_shared_model", {"test_q1_modelo"}, lambda ns: {
            "crear_modelo_digitos": lambda: ns["modelo_digitos"]}),
        ("early_stopping_validation_trained_on", {"test_q3_mejor_epoca"}, lambda ns: trained_with_early_stopping(
            ns, EarlyStopping(monitor="val_accuracy", patience=10, min_delta=0.0001, restore_best_weights=True),
            validation_data=(ns["X_train_digitos"][1005:], ns["y_train_digitos"][1005:]))),
        ("stochastic_mode_counted_once_per_epoch", {"test_q2_como_keras", "test_q2_totales"},
         lambda ns: {"actualizaciones": updates_stochastic_once_per_epoch}),
        ("l1_l2_model_without_its_l2", {"test_q4_regularizadores", "test_q4_perdidas"}, lambda ns: {
            "modelo_l1_l2": regularized_digits_model(keras.regularizers.l1(0.01), keras.regularizers.l1(0.01))}),
        ("sgd_with_nesterov", {"test_q7_keras"}, lambda ns: {"modelo_sgd": compiled(
            digits_model(), keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True))}),
        ("fashion_history_of_a_first_model", {"test_q10_historia"}, fashion_history_of_a_first_model),
    ],
    [
        ("digits_without_a_metric", {"test_q1_entrenamiento"}, digits_without_a_metric),
        ("unknown_mode_without_error", {"test_q2_totales"}, lambda ns: {"actualizaciones": updates_without_error}),
        ("early_stopping_model_compiled_with_sgd", {"test_q3_detencion"}, lambda ns: {"modelo_parada": copy_of(
            ns["modelo_parada"], optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])}),
        ("output_layer_regularized", {"test_q4_regularizadores", "test_q4_perdidas"}, lambda ns: {
            "modelo_l2": Sequential([Input(shape=[64]), Dense(32, activation="relu", kernel_regularizer=keras.regularizers.l2(
                0.01), bias_regularizer=keras.regularizers.l2(0.01)), Dense(10, activation="softmax",
                                                                           kernel_regularizer=keras.regularizers.l2(0.01))])}),
        ("dropout_model_with_relu", {"test_q5_estructura"}, lambda ns: {
            "modelo_dropout": Sequential([Input(shape=[3]), Dense(6, activation="relu"), Dropout(0.5), Dense(2)])}),
        ("adam_beta_2_0_99", {"test_q7_keras"}, lambda ns: {"modelo_adam": compiled(
            digits_model(), keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.99))}),
        ("curves_on_one_axes", {"test_q8_curvas"}, curves_on_one_axes),
        ("cifar_base_model_regularized", {"test_q9_regularizacion"}, lambda ns: {
            "modelo_cifar": cifar_model(kernel_regularizer=keras.regularizers.l2(0.01))}),
    ],
    [
        ("digits_predicted_second_best", {"test_q1_prediccion"}, digits_predicted_second_best),
        ("early_stopping_not_the_one_fit_used", {"test_q3_detencion"}, early_stopping_not_the_one_fit_used),
        ("curves_without_axis_labels", {"test_q8_curvas"}, lambda ns: {
            "figura_curvas": roc_and_pr_figure(ns, labeled=False)}),
    ],
    [
        ("digits_hidden_tanh", {"test_q1_modelo"}, digits_hidden_tanh),
        ("early_stopping_after_a_first_fit", {"test_q3_detencion"}, early_stopping_after_a_first_fit),
    ],
    [
        ("digits_trained_with_rmsprop", {"test_q1_modelo"}, digits_trained_with_rmsprop),
        ("early_stopping_mode_min", {"test_q3_configuracion", "test_q3_mejor_epoca"}, lambda ns: trained_with_early_stopping(
            ns, EarlyStopping(monitor="val_accuracy", patience=10, min_delta=0.0001, mode="min",
                              restore_best_weights=True), validation_split=0.2)),
    ],
    [
        ("most_confused_pair_on_the_diagonal", {"test_q1_confusion"}, pair_on_the_diagonal),
        ("sonar_standardized_on_all_signals", {"test_q8_particion"},
         lambda ns: sonar_scaled(ns, StandardScaler(), fitted_on_all=True)),
    ],
]

# Answers written into the solution's source, then executed: later cells see their effects. They
# run together with ALTERNATIVE_SOURCES (which touches none of their questions but q8's figure), and
# must fail exactly these tests.
WRONG_SOURCES = [
    ("digits_and_sonar_split_not_stratified_fashion_over_budget",
     {"test_q1_particion", "test_q8_particion", "test_q10_diseno"}, [
         ("X_digitos, y_digitos, test_size=0.3, stratify=y_digitos, random_state=SEMILLA",
          "X_digitos, y_digitos, test_size=0.3, random_state=SEMILLA"),
         ("X_sonar, y_sonar, test_size=0.3, stratify=y_sonar, random_state=SEMILLA",
          "X_sonar, y_sonar, test_size=0.3, random_state=SEMILLA"),
         ('    Flatten(),\n    Dense(128, activation="relu"),',
          '    Flatten(),\n    Dense(300, activation="relu"),\n    Dense(100, activation="relu"),'),
     ]),
]

ALTERNATIVE_ROUNDS = [
    ("one_hot_labels_scaled_sonar_biases_penalized_tables_and_displays", lambda ns: {
        **digits_one_hot(ns),
        "actualizaciones": updates_by_table,
        "epocas_entrenadas": ns["parada_temprana"].stopped_epoch + 1,
        "penalizacion": penalty_with_norms,
        "modelo_l2": regularized_digits_model(keras.regularizers.L1L2(l2=0.01), keras.regularizers.L2(0.01)),
        "modelo_l1": regularized_digits_model(keras.regularizers.L1(0.01), keras.regularizers.L1L2(l1=0.01)),
        "modelo_l1_l2": regularized_digits_model(keras.regularizers.L1L2(0.01, 0.01), keras.regularizers.L1L2(0.01, 0.01)),
        **dropout_measured(functional_dropout()),
        "ewa": ewa_filtered, "ewa_corregida": ewa_corrected_loop, "ventana_efectiva": lambda beta: round(1 / (1 - beta)),
        "descenso_momento": momentum_stacked, "pasos_hasta_tolerancia": steps_by_loop,
        "modelo_sgd": compiled(digits_model(), keras.optimizers.SGD(momentum=0.9, learning_rate=0.01)),
        "modelo_adam": compiled(digits_model(), keras.optimizers.Adam()),
        **sonar_scaled(ns, StandardScaler()),
        "modelo_cifar": cifar_model(),
        "modelo_cifar_l2": cifar_model(kernel_regularizer=keras.regularizers.L2(0.01),
                                       bias_regularizer=keras.regularizers.L2(0.01)),  # as the deck does
        **fashion_flattened(ns),
    }),
    ("functional_styles_concrete_metrics_branches_lists_and_objects", lambda ns: {
        **digits_functional(ns),
        "actualizaciones": updates_by_branches,
        **trained_with_early_stopping(ns, EarlyStopping(monitor="val_sparse_categorical_accuracy", patience=10,
                                                        min_delta=0.0001, restore_best_weights=True),
                                      metric="sparse_categorical_accuracy", validation_split=0.2),
        "penalizacion": penalty_elementwise,
        "modelo_l2": regularized_digits_model(keras.regularizers.l1_l2(l1=0.0, l2=0.01), keras.regularizers.l2(l2=0.01)),
        "modelo_dropout": Sequential([Input(shape=(3,)), Dense(units=6, name="oculta"),
                                      keras.layers.Dropout(rate=0.5, seed=1), Dense(units=2, name="salida")]),
        "fraccion_anulada": 1 - np.count_nonzero(ns["salida_dropout"]) / ns["salida_dropout"].size,
        "ewa": ewa_weights, "ventana_efectiva": lambda beta: float(1.0 / (1.0 - beta)),
        "descenso_momento": momentum_as_lists,
        "modelo_rmsprop": compiled(digits_model(), keras.optimizers.RMSprop(0.001)),
        "modelo_adam": compiled(digits_model(), keras.optimizers.Adam(0.001, 0.9, 0.999)),
        **sonar_metrics_by_support(ns),
        "modelo_cifar": cifar_model(),
        "modelo_cifar_l2": compiled(Sequential([Input(shape=[32, 32, 3]), Flatten(), Dense(
            10, activation="softmax", kernel_regularizer=keras.regularizers.l2(l2=0.01))]),
            loss="categorical_crossentropy"),
        **fashion_tanh_channels(ns),
    }),
    ("sonar_split_with_another_seed_and_min_max_scaled", lambda ns: sonar_scaled(ns, MinMaxScaler(), random_state=7)),
]

# The deck's own code where it gives code (early stopping, regularizers, dropout, EWA, the ROC figure),
# in its style: `model.add`, `H = model.fit(x=..., y=...)`, `plt.figure()` and `plt.subplot`.
ALTERNATIVE_SOURCES = [
    ("deck_code", [
        ('''historia_parada = modelo_parada.fit(X_train_digitos, y_train_digitos, epochs=EPOCAS_MAXIMAS,
                                    batch_size=LOTE_DIGITOS, validation_split=0.2,
                                    callbacks=[parada_temprana], verbose=0)''',
         '''es = EarlyStopping(monitor='val_accuracy', patience=PACIENCIA, min_delta=0.0001, restore_best_weights=True)
H = modelo_parada.fit(x = X_train_digitos, y = y_train_digitos, epochs=EPOCAS_MAXIMAS, batch_size = LOTE_DIGITOS,
                      validation_split=0.2, callbacks=[es], verbose=0)
parada_temprana, historia_parada = es, H'''),
        ("modelo_l2 = crear_modelo_regularizado(l2(FACTOR_REGULARIZACION), l2(FACTOR_REGULARIZACION))",
         '''modelo_l2 = Sequential()
modelo_l2.add(Input(shape=(64,)))
modelo_l2.add(Dense(32, activation='relu', kernel_regularizer=l2(0.01),
                    bias_regularizer=l2(0.01)))
modelo_l2.add(Dense(10, activation='softmax'))'''),
        ('''modelo_dropout = Sequential([
    Input(shape=[3]),
    Dense(6),
    Dropout(0.5),
    Dense(2),
])''', '''modelo_dropout = Sequential()
modelo_dropout.add(Input(shape=[3]))
modelo_dropout.add(Dense(6))
modelo_dropout.add(Dropout(0.5))
modelo_dropout.add(Dense(2))'''),
        ('''    v = 0.0
    medias = []
    for t in serie:
        v = beta * v + (1 - beta) * t
        medias.append(v)
    return np.array(medias)''', '''    v = 0.0
    ewa90 = []
    for t in serie:
        v = beta * v + (1-beta) * t
        ewa90.append(v)
    return ewa90'''),
        ('''fpr, tpr, _ = metrics.roc_curve(y_test_sonar, prob_sonar)
eje_roc.plot(fpr, tpr, "b", label="AUC = %0.2f" % metricas_sonar["roc_auc"])''',
         '''plt.close(figura_curvas)
figura_curvas = plt.figure(figsize=(10, 4))
eje_roc = plt.subplot(1, 2, 1)
fpr, tpr, threshold = metrics.roc_curve(y_test_sonar, prob_sonar)
roc_auc = metrics.auc(fpr, tpr)
plt.title('Receiver Operating Characteristic')
plt.plot(fpr, tpr, 'b', label = 'AUC = %0.2f' % roc_auc)
eje_pr = plt.subplot(1, 2, 2)'''),
    ]),
]
