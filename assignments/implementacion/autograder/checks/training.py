"""Checks on how a model is compiled and trained: loss, optimizer, metrics, early stopping."""

import math
import re

from .models import check_model

# Names Keras accepts for one loss, mapped to one canonical name.
_LOSS_ALIASES = {
    "mse": "mean_squared_error",
    "mae": "mean_absolute_error",
    "mape": "mean_absolute_percentage_error",
    "msle": "mean_squared_logarithmic_error",
}


def _snake_case(text):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", text).lower()


def loss_name(loss):
    """Canonical name of a loss given as a string, a function or a loss object.

    ``"mse"``, ``"mean_squared_error"`` and ``MeanSquaredError()`` all give ``"mean_squared_error"``.
    """
    if isinstance(loss, str):
        name = loss
    elif isinstance(loss, dict):  # a serialized loss, as in a compile config
        config = loss.get("config")
        if isinstance(config, str):  # a loss function, serialized by name
            name = config
        elif loss.get("class_name") not in (None, "function"):
            name = _snake_case(loss["class_name"])
        else:
            name = (config or {}).get("name", "")
    elif hasattr(loss, "fn") and hasattr(loss, "get_config"):  # a keras.losses.Loss object
        name = _snake_case(type(loss).__name__)
    else:
        name = getattr(loss, "__name__", type(loss).__name__)
    name = name.lower()
    return _LOSS_ALIASES.get(name, name)


def _compile_setting(model, name, key):
    model = check_model(model, name)
    if not getattr(model, "compiled", False):
        raise AssertionError(f"`{name}` todavía no está compilado: llame a `compile`.")
    return model.get_compile_config().get(key)


def check_loss(model, name, expected):
    """Check the model's loss; ``expected`` is one name or a collection of accepted names."""
    accepted = {loss_name(item) for item in ([expected] if isinstance(expected, str) else expected)}
    _compile_setting(model, name, "loss")
    loss = getattr(model, "loss", None)
    found = loss_name(loss) if loss is not None else None
    if found not in accepted:
        raise AssertionError(
            f"La función de costo de `{name}` debería ser {' o '.join(sorted(accepted))}, "
            f"pero es {found}."
        )
    return found


def check_optimizer(model, name, kind, *, learning_rate=None, rel_tol=1e-6):
    """Check the optimizer's class name (e.g. ``"SGD"``) and learning rate."""
    model = check_model(model, name)
    _compile_setting(model, name, "optimizer")
    optimizer = model.optimizer
    found = type(optimizer).__name__
    if found.lower() != kind.lower():
        raise AssertionError(f"`{name}` debería usar el optimizador {kind}, pero usa {found}.")
    if learning_rate is not None:
        rate = float(optimizer.learning_rate.numpy() if hasattr(optimizer.learning_rate, "numpy")
                     else optimizer.learning_rate)
        if not math.isclose(rate, learning_rate, rel_tol=rel_tol):
            raise AssertionError(
                f"La tasa de aprendizaje de `{name}` debería ser {learning_rate:g}, "
                f"pero es {rate:g}."
            )
    return optimizer


def _metric_names(metrics):
    names = []
    for metric in metrics or []:
        if isinstance(metric, (list, tuple)):
            names += _metric_names(metric)
        elif isinstance(metric, str):
            names.append(metric)
        elif isinstance(metric, dict):
            names.append(metric.get("config", {}).get("name", metric.get("class_name", "")))
        else:
            names.append(getattr(metric, "name", type(metric).__name__))
    return names


def check_metrics(model, name, expected):
    """Check that each metric in ``expected`` was given to ``compile``."""
    found = _metric_names(_compile_setting(model, name, "metrics"))
    normalized = {_snake_case(metric).replace("_", "") for metric in found}
    missing = [m for m in expected if _snake_case(m).replace("_", "") not in normalized]
    if missing:
        raise AssertionError(
            f"`{name}` debería medir {', '.join(missing)} durante el entrenamiento; "
            f"mide {', '.join(found) if found else 'ninguna métrica'}."
        )
    return found


def check_early_stopping(callback, name, *, monitor=None, patience=None, restore_best_weights=None):
    """Check an ``EarlyStopping`` callback's settings; return it."""
    import keras

    if not isinstance(callback, keras.callbacks.EarlyStopping):
        raise AssertionError(
            f"`{name}` debería ser un `EarlyStopping`, pero es de tipo {type(callback).__name__}."
        )
    settings = {
        "monitor": (monitor, callback.monitor),
        "patience": (patience, callback.patience),
        "restore_best_weights": (restore_best_weights, callback.restore_best_weights),
    }
    for setting, (wanted, found) in settings.items():
        if wanted is not None and found != wanted:
            raise AssertionError(
                f"`{name}` debería tener {setting}={wanted!r}, pero tiene {setting}={found!r}."
            )
    return callback


def check_stopped_early(model, history, callback, name, *, max_epochs):
    """Check that ``callback`` stopped training before ``max_epochs``.

    When the callback restores the best weights, also check that ``model`` holds them.
    """
    import numpy as np

    epochs_run = len(history.history.get("loss", []))
    if epochs_run >= max_epochs or not callback.stopped_epoch:
        raise AssertionError(
            f"El entrenamiento de `{name}` debería detenerse antes de {max_epochs} épocas por la "
            f"parada temprana, pero duró {epochs_run} épocas."
        )
    if callback.restore_best_weights:
        best = callback.best_weights or []
        current = check_model(model, name).get_weights()
        if len(best) != len(current) or not all(
            np.array_equal(a, b) for a, b in zip(best, current)
        ):
            raise AssertionError(
                f"`{name}` debería conservar los pesos de la mejor época "
                "(restore_best_weights), pero tiene otros."
            )
    return epochs_run
