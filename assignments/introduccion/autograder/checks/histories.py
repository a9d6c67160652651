"""Checks on what ``fit`` returned: a Keras ``History``, read against the model it trained and the
data it was validated on.

Grading rebuilds a ``History`` from its exported data (its ``history``, ``params`` and ``epoch``,
without the model), so these checks read only those three; a plain ``history.history`` dict is
accepted where only the logged values are read."""

import numpy as np

from .arrays import require, tolerance
from .models import check_model


def _records(history, name):
    records = getattr(require(history, name), "history", history)
    if not isinstance(records, dict):
        raise AssertionError(f"`{name}` debería ser lo que devuelve `fit` (un `History`), pero es "
                             f"de tipo {type(history).__name__}.")
    if not records:
        raise AssertionError(f"`{name}` no registra ninguna época: debería ser lo que devuelve `fit` "
                             "después de entrenar.")
    return records


def _params(history, name):
    params = getattr(history, "params", None)
    if not isinstance(params, dict):
        raise AssertionError(f"`{name}` debería ser el `History` que devuelve `fit`, con sus parámetros "
                             f"(`params`), pero es de tipo {type(history).__name__}: guarde lo que devuelve "
                             "`fit`, no su `.history`.")
    return params


def _epochs_recorded(history, records):
    epoch = getattr(history, "epoch", None)
    return len(epoch) if epoch else max(len(values) for values in records.values())


def _called(name):
    return f"`{name}`" if name else "el modelo"


def _iterations(model, name):
    optimizer = getattr(check_model(model, name or "el modelo"), "optimizer", None)
    iterations = getattr(optimizer, "iterations", None)
    return 0 if iterations is None else int(np.asarray(iterations))


def check_history(history, name, *, epochs=None, epochs_run=None, steps=None, keys=(), model=None,
                  model_name=None, only_fit=False):
    """Check what ``fit`` returned (those given): a ``History`` from a ``fit`` called with
    ``epochs`` epochs (``params["epochs"]``) that recorded ``epochs_run`` of them (fewer when a
    callback stopped it), with ``steps`` optimizer steps (batches) per epoch (``params["steps"]``),
    that logs each of ``keys`` (a name, or a tuple of names any of which will do, as
    ``("val_accuracy", "val_sparse_categorical_accuracy")``). With ``model`` (called ``model_name``, if given),
    that the model's optimizer took at least the steps the history records, so the history comes
    from that model's ``fit``; with ``only_fit=True`` too, exactly those: the model was trained by
    that ``fit`` alone. Return the records (``history.history``)."""
    records = _records(history, name)
    recorded = _epochs_recorded(history, records)
    params = _params(history, name) if (epochs, steps, model) != (None, None, None) else {}
    if epochs is not None and params.get("epochs") != epochs:
        raise AssertionError(f"`{name}` debería venir de un `fit` con epochs={epochs}, pero viene de uno con "
                             f"epochs={params.get('epochs')!r}.")
    if epochs_run is not None and recorded != epochs_run:
        raise AssertionError(f"`{name}` debería registrar {epochs_run} épocas de entrenamiento, pero registra "
                             f"{recorded}.")
    if steps is not None and params.get("steps") != steps:
        raise AssertionError(f"`{name}` debería registrar {steps} lotes (actualizaciones de los pesos) por época, "
                             f"pero registra {params.get('steps')!r}: revise `batch_size` y con qué ejemplos entrena.")
    for key in keys:
        accepted = (key,) if isinstance(key, str) else tuple(key)
        if not set(accepted) & set(records):
            raise AssertionError(f"`{name}` debería registrar {' o '.join(map(repr, accepted))}; registra "
                                 f"{sorted(records)}.")
    if model is not None:
        per_epoch = params.get("steps")
        if not isinstance(per_epoch, int):
            raise AssertionError(f"`{name}` no dice cuántos lotes tuvo cada época (`params['steps']` es "
                                 f"{per_epoch!r}): entrene con arreglos, como en el taller.")
        total, iterations, who = per_epoch * recorded, _iterations(model, model_name), _called(model_name)
        if iterations < total:
            raise AssertionError(
                f"`{name}` registra {total} actualizaciones de los pesos ({recorded} épocas de {per_epoch} lotes), "
                f"pero el optimizador de {who} dio {iterations}: `{name}` debería ser lo que devuelve el `fit` "
                f"de {who}.")
        if only_fit and iterations > total:
            raise AssertionError(
                f"{who[0].upper()}{who[1:]} debería entrenarse solo con el `fit` que devolvió `{name}` "
                f"({total} actualizaciones de los pesos: {recorded} épocas de {per_epoch} lotes), pero su "
                f"optimizador dio {iterations}: ¿lo entrenó antes, o con más de un `fit`?")
    return records


def _validation_compared(history, name, model, model_name, inputs, targets):
    """The history's records, ``model``'s loss and metrics on (``inputs``, ``targets``), and each
    logged validation value's counterpart among them (both ``{}`` when the history logs no validation)."""
    records = _records(history, name)
    if not any(key.startswith("val_") for key in records):
        return records, {}, {}
    values = check_model(model, model_name or "el modelo").evaluate(inputs, targets, verbose=0, return_dict=True)
    return records, values, {key: float(values[key[4:]]) for key in records if key.startswith("val_") and key[4:] in values}


def _epochs_matching(records, compared, atol, rtol):
    """The epochs (from 0) at which every compared validation value equals its counterpart."""
    epochs = min((len(records[key]) for key in compared), default=0)
    return [epoch for epoch in range(epochs)
            if all(np.isclose(float(records[key][epoch]), value, atol=atol, rtol=rtol) for key, value in compared.items())]


def _listed(compared):
    return ", ".join(f"{key} = {value:.6g}" for key, value in compared.items())


def check_validated_on(history, name, *, model, inputs, targets, model_name=None, data_name="la validación",
                       atol=1e-6, rtol=1e-4):
    """Check that ``history`` was validated on (``inputs``, ``targets``), called ``data_name``: at
    some epoch all the validation values it logs equal ``model``'s loss and metrics on those data
    (the model holds the weights of one of its epochs: the last, or the best one restored). Return
    the model's values on those data."""
    records, values, compared = _validation_compared(history, name, model, model_name, inputs, targets)
    if not compared:
        raise AssertionError(f"`{name}` no registra validación (`val_loss`): entrene con "
                             f"`validation_data=` {data_name}.")
    if not _epochs_matching(records, compared, atol, rtol):
        last = ", ".join(f"{key} = {float(records[key][-1]):.6g}" for key in compared)
        raise AssertionError(
            f"`{name}` debería validar con {data_name}, pero en ninguna época su validación da el costo y las "
            f"métricas de {_called(model_name)} en esos datos ({_listed(compared)}; en la última época registra "
            f"{last}; {tolerance(atol, rtol)}): entrene con `validation_data=` {data_name}, no con "
            "`validation_split` ni con el conjunto de prueba.")
    return values


def check_not_validated_on(history, name, *, model, inputs, targets, model_name=None,
                           data_name="la prueba", atol=1e-7, rtol=1e-5):
    """Check that ``history`` was not validated on (``inputs``, ``targets``), called ``data_name``:
    at no epoch do all the validation values it logs (``val_loss``, ``val_accuracy``, ...) equal
    ``model``'s loss and metrics on those data. The model holds the weights of one of its epochs
    (the last, or the best one restored), so validating on those data shows at that epoch. A
    history without validation passes. Return the model's values on those data (``{}`` when the
    history has no validation)."""
    records, values, compared = _validation_compared(history, name, model, model_name, inputs, targets)
    matching = _epochs_matching(records, compared, atol, rtol) if compared else []
    if matching:
        raise AssertionError(
            f"La validación de la época {matching[0] + 1} de `{name}` da el costo y las métricas de "
            f"{_called(model_name)} en {data_name} ({_listed(compared)}; {tolerance(atol, rtol)}): validó con "
            f"{data_name}. Valide con una parte del entrenamiento (`validation_split=`, o `validation_data=` con "
            f"ejemplos de entrenamiento), nunca con {data_name}.")
    return values
