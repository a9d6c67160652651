"""Checks on numerical code written by hand: shapes of a network, derivatives against finite
differences, gradients against TensorFlow's, the perceptron's separation of its training data."""

import numpy as np

from .arrays import check_array, require, tolerance


def check_shapes(found, name, *, expected):
    """Check a dict of shapes (e.g. ``{"X": (m, 10), ...}``) against ``expected``; return it as tuples."""
    require(found, name)
    if not isinstance(found, dict):
        raise AssertionError(
            f"`{name}` debería ser un diccionario con las claves {', '.join(expected)}, "
            f"pero es de tipo {type(found).__name__}."
        )
    missing = [key for key in expected if key not in found]
    if missing:
        raise AssertionError(f"A `{name}` le faltan las claves {', '.join(map(repr, missing))}.")
    shapes = {}
    for key, shape in expected.items():
        value = found[key]
        try:
            value = tuple(int(size) for size in value)
        except (TypeError, ValueError):
            raise AssertionError(
                f"`{name}[{key!r}]` debería ser una forma (una tupla de enteros como {tuple(shape)}), "
                f"pero es {value!r}."
            ) from None
        if value != tuple(shape):
            raise AssertionError(f"`{name}[{key!r}]` debería ser {tuple(shape)}, pero es {value}.")
        shapes[key] = value
    return shapes


def check_derivative(derivative, name, *, function, points, step=1e-5, atol=1e-6, rtol=1e-4):
    """Check ``derivative(points)`` against central finite differences of ``function``.

    Both are called on the whole array (they must be vectorised); return the derivative's values.
    """
    points = np.asarray(points, dtype=float)
    if not callable(require(derivative, name)):
        raise AssertionError(f"`{name}` debería ser una función, pero es {derivative!r}.")
    if not callable(function):
        raise AssertionError(f"La función que deriva `{name}` debería ser una función, pero es {function!r}.")
    returned = check_array(derivative(points), f"lo que devuelve `{name}`", numeric=False)
    try:
        values = returned.astype(float)
    except (TypeError, ValueError):
        raise AssertionError(f"`{name}` debería devolver números, pero devuelve valores de tipo {returned.dtype}.") from None
    if values.shape != points.shape:
        raise AssertionError(
            f"`{name}` debería devolver un arreglo de la misma forma que su entrada {points.shape} "
            f"(aplicada elemento a elemento), pero devuelve forma {values.shape}."
        )
    finite = (np.asarray(function(points + step), dtype=float)
              - np.asarray(function(points - step), dtype=float)) / (2 * step)
    if not np.allclose(values, finite, atol=atol, rtol=rtol):
        worst = int(np.argmax(np.abs(values - finite) - rtol * np.abs(finite)))
        s = points.ravel()[worst]
        raise AssertionError(
            f"`{name}` no coincide con la derivada numérica (diferencias finitas): en s = {s:.4g} "
            f"devuelve {values.ravel()[worst]:.6g} y la pendiente de la función es "
            f"{finite.ravel()[worst]:.6g} ({tolerance(atol, rtol)})."
        )
    return values


def tape_gradients(model, inputs, targets, *, dtype="float32"):
    """Mean squared error of ``model`` on ``(inputs, targets)`` and its gradients by ``tf.GradientTape``,
    computed in ``dtype`` (a model built with ``dtype="float64"`` layers gives float64 gradients).

    The error is the mean over every entry, as Keras's ``"mse"``; the gradients follow the order of
    ``model.trainable_weights`` (for ``Dense`` layers: kernel, bias, kernel, bias, ...).
    """
    import tensorflow as tf

    inputs = tf.constant(np.asarray(inputs, dtype=dtype))
    targets = tf.constant(np.asarray(targets, dtype=dtype))
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(inputs, training=True) - targets))
    gradients = tape.gradient(loss, model.trainable_weights)
    return float(loss.numpy()), [np.asarray(gradient) for gradient in gradients]


def check_gradients(found, name, *, expected, names, atol=1e-5, rtol=1e-4):
    """Check each array of ``found`` (a tuple, one per entry of ``names``) against ``expected``;
    return them as arrays."""
    if found is None or found is Ellipsis:
        raise AssertionError(f"`{name}` todavía no devuelve nada: complete la función.")
    require(found, name)
    if not isinstance(found, (tuple, list)) or len(found) != len(expected):
        raise AssertionError(
            f"`{name}` debería devolver una tupla de {len(expected)} gradientes "
            f"({', '.join(names)}), pero devuelve {type(found).__name__}"
            + (f" de largo {len(found)}." if isinstance(found, (tuple, list)) else ".")
        )
    arrays = []
    for value, wanted, label in zip(found, expected, names, strict=True):
        wanted = np.asarray(wanted, dtype=float)
        array = check_array(value, f"{label} (de {name})", shape=wanted.shape).astype(float)
        if not np.allclose(array, wanted, atol=atol, rtol=rtol):
            worst = float(np.max(np.abs(array - wanted)))
            raise AssertionError(
                f"El gradiente {label} de `{name}` no coincide con el de tf.GradientTape: la mayor "
                f"diferencia es {worst:.3g} ({tolerance(atol, rtol)})."
            )
        arrays.append(array)
    return arrays


def check_separates(weights, name, *, inputs, labels):
    """Check that ``sign(wᵀx)`` (with ``x0 = 1`` first) classifies every point right; return the
    predicted labels."""
    inputs = np.asarray(inputs, dtype=float)
    weights = check_array(weights, f"w (de {name})", shape=(inputs.shape[1] + 1,))
    predicted = np.sign(np.column_stack([np.ones(len(inputs)), inputs]) @ weights.astype(float))
    errors = int(np.sum(predicted != np.asarray(labels)))
    if errors:
        raise AssertionError(
            f"Con los pesos que devuelve `{name}`, sign(wᵀx) clasifica mal {errors} de {len(inputs)} "
            "puntos de entrenamiento linealmente separables; se esperaban 0 errores."
        )
    return predicted
