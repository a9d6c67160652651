"""Checks on Keras callbacks after training: early stopping (its settings and what it did), model
checkpoints (their settings and the file they wrote), TensorBoard (the scalars its event files
hold), and any callback's recorded attributes.

They read only the public attributes a callback keeps after ``fit``, so they grade the callback in
the student's notebook and the one grading rebuilds from its data alike."""

import os

import numpy as np

from .arrays import require, tolerance
from .models import check_model, is_keras_instance


def _check_kind(callback, name, kind):
    if not is_keras_instance(require(callback, name), "callbacks", kind):
        raise AssertionError(f"`{name}` debería ser un `{kind}`, pero es de tipo {type(callback).__name__}.")
    return callback


def _check_settings(callback, name, settings):
    for setting, wanted in settings.items():
        found = getattr(callback, setting, None)
        if wanted is not None and found != wanted:
            raise AssertionError(f"`{name}` debería tener {setting}={wanted!r}, pero tiene {setting}={found!r}.")


def check_early_stopping(callback, name, *, monitor=None, patience=None, restore_best_weights=None,
                         min_delta=None, mode=None):
    """Check an ``EarlyStopping`` callback's settings (those given); return it."""
    _check_kind(callback, name, "EarlyStopping")
    _check_settings(callback, name, {"monitor": monitor, "patience": patience, "mode": mode,
                                     "restore_best_weights": restore_best_weights})
    if min_delta is not None and not np.isclose(abs(float(callback.min_delta)), abs(float(min_delta))):
        raise AssertionError(f"`{name}` debería tener min_delta={min_delta!r}, pero tiene "
                             f"min_delta={abs(float(callback.min_delta))!r}.")
    return callback


def _epochs_run(history, name):
    records = getattr(require(history, name), "history", history)
    if not isinstance(records, dict) or not records:
        raise AssertionError(f"`{name}` debería ser lo que devuelve `fit` (un `History`), pero es "
                             f"de tipo {type(history).__name__}.")
    return max(len(values) for values in records.values())


def check_stopped_early(callback, name, *, history, max_epochs, model=None):
    """Check that the ``EarlyStopping`` ``callback`` stopped the training ``history`` records before
    ``max_epochs``; when it restores the best weights and ``model`` is given, that ``model`` holds
    them. Return the number of epochs run."""
    _check_kind(callback, name, "EarlyStopping")
    epochs_run = _epochs_run(history, f"la historia de `{name}`")
    if epochs_run >= max_epochs or not callback.stopped_epoch:
        raise AssertionError(
            f"El entrenamiento con `{name}` debería detenerse antes de {max_epochs} épocas por la "
            f"parada temprana, pero duró {epochs_run} épocas."
        )
    if model is not None and callback.restore_best_weights:
        best = getattr(callback, "best_weights", None) or []
        current = check_model(model, "el modelo").get_weights()
        if len(best) != len(current) or not all(np.array_equal(a, b) for a, b in zip(best, current)):
            raise AssertionError(
                f"El modelo entrenado con `{name}` debería conservar los pesos de la mejor época "
                "(restore_best_weights), pero tiene otros."
            )
    return epochs_run


def check_model_checkpoint(callback, name, *, monitor=None, save_best_only=None, saved=True):
    """Check a ``ModelCheckpoint``'s settings and, when ``saved``, that the model file it names
    exists and loads as a Keras model; return that model (or ``None``)."""
    _check_kind(callback, name, "ModelCheckpoint")
    _check_settings(callback, name, {"monitor": monitor, "save_best_only": save_best_only})
    if not saved:
        return None
    path = str(callback.filepath)
    if not os.path.isfile(path):
        raise AssertionError(
            f"`{name}` debería haber guardado el modelo en {path!r} durante el entrenamiento, pero ese "
            "archivo no existe: páselo en `callbacks=[...]` de `fit`."
        )
    import keras

    try:
        return keras.models.load_model(path)
    except Exception as error:  # noqa: BLE001 - whatever the file holds is the student's answer
        raise AssertionError(f"El archivo {path!r} que guardó `{name}` no es un modelo de Keras que "
                             f"se pueda cargar ({type(error).__name__}).") from None


def _logged_scalars(folder) -> dict:
    """``{tag: [value per step]}`` of the epoch scalars (``epoch_loss``, ...) in the TensorBoard
    event files under ``folder``."""
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    from tensorboard.util import tensor_util

    events = EventAccumulator(str(folder), size_guidance={"tensors": 0})
    events.Reload()
    scalars = {}
    for tag in events.Tags()["tensors"]:
        if tag.startswith("epoch_"):
            steps = sorted((event.step, float(tensor_util.make_ndarray(event.tensor_proto)))
                           for event in events.Tensors(tag))
            scalars[tag] = [value for _, value in steps]
    return scalars


def check_tensorboard_logs(callback, name, *, history, atol=1e-6, rtol=1e-5):
    """Check that a ``TensorBoard`` callback wrote event files for training (``train/``) and
    validation (``validation/``) whose epoch scalars equal what ``history`` records (``epoch_loss``
    and ``loss``, ``val_loss``, ...). Return ``{"train": {...}, "validation": {...}}``."""
    _check_kind(callback, name, "TensorBoard")
    records = getattr(require(history, f"la historia de `{name}`"), "history", history)
    if not isinstance(records, dict) or not records:
        raise AssertionError(f"La historia de `{name}` debería ser lo que devuelve `fit` (un `History`), pero es "
                             f"de tipo {type(history).__name__}.")
    logged = {}
    for run, prefix in (("train", ""), ("validation", "val_")):
        folder = os.path.join(str(callback.log_dir), run)
        if not os.path.isdir(folder) or not any(entry.startswith("events.out.tfevents") for entry in os.listdir(folder)):
            what = "del entrenamiento" if run == "train" else "de la validación (dé `validation_data` o `validation_split` a `fit`)"
            raise AssertionError(f"`{name}` debería escribir los registros {what} en "
                                 f"{os.path.join(str(callback.log_dir), run)!r}, pero no hay archivos de eventos allí.")
        logged[run] = _logged_scalars(folder)
        for key, values in records.items():
            if not key.startswith(prefix) or (run == "train" and key.startswith("val_")) or key == "learning_rate":
                continue
            tag = f"epoch_{key[len(prefix):]}"
            found = logged[run].get(tag)
            if found is None or len(found) != len(values) or not np.allclose(found, values, atol=atol, rtol=rtol):
                raise AssertionError(
                    f"Los registros de `{name}` en {run!r} deberían guardar {tag!r} por época igual a la historia "
                    f"({key!r}: {len(values)} épocas), pero guardan "
                    f"{'nada con ese nombre' if found is None else f'{len(found)} épocas' if len(found) != len(values) else 'otros valores'} "
                    f"({tolerance(atol, rtol)}): registre el mismo `fit` que devolvió la historia.")
    return logged


def check_callback(callback, name, *, kind=None, attributes=()):
    """Check that ``callback`` is a Keras callback (of class ``kind``, when given) that holds each of
    ``attributes`` with a value; return those values by name."""
    if not is_keras_instance(require(callback, name), "callbacks", "Callback"):
        raise AssertionError(f"`{name}` debería ser un callback de Keras (una subclase de "
                             f"`keras.callbacks.Callback`), pero es de tipo {type(callback).__name__}.")
    if kind is not None and type(callback).__name__ != kind:
        raise AssertionError(f"`{name}` debería ser un `{kind}`, pero es un `{type(callback).__name__}`.")
    values = {}
    for attribute in attributes:
        value = getattr(callback, attribute, None)
        if value is None:
            raise AssertionError(f"`{name}` debería guardar `{attribute}` durante el entrenamiento, pero "
                                 f"no lo tiene: asígnelo en el método del callback que lo registra.")
        values[attribute] = value
    return values
