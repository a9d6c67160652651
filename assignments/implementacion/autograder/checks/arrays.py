"""Checks on arrays and plain values."""

import numpy as np


def _as_array(value, name):
    if value is None or value is Ellipsis:
        raise AssertionError(f"`{name}` todavía no tiene valor: complete la celda que lo define.")
    try:
        return np.asarray(value)
    except Exception as error:  # noqa: BLE001 - any conversion failure is the student's answer
        raise AssertionError(f"`{name}` no se puede convertir en un arreglo de numpy ({error}).")


def check_array(value, name, *, shape=None, numeric=True):
    """Check that ``value`` is an array (of numbers, by default) with the given ``shape``."""
    array = _as_array(value, name)
    if shape is not None and array.shape != tuple(shape):
        raise AssertionError(
            f"`{name}` debería tener forma {tuple(shape)}, pero tiene forma {array.shape}."
        )
    if numeric and not np.issubdtype(array.dtype, np.number):
        raise AssertionError(
            f"`{name}` debería contener números, pero contiene valores de tipo {array.dtype}."
        )
    return array


def check_close(value, expected, name, *, atol=1e-6, rtol=1e-5):
    """Check that ``value`` equals ``expected`` within tolerances, shape included."""
    expected = np.asarray(expected)
    array = check_array(value, name, shape=expected.shape)
    if not np.allclose(array, expected, atol=atol, rtol=rtol):
        worst = float(np.max(np.abs(array.astype(float) - expected.astype(float))))
        raise AssertionError(
            f"`{name}` no tiene los valores esperados: la mayor diferencia es {worst:.6g} "
            f"(tolerancia {atol:g})."
        )
    return array


def check_equal(value, expected, name):
    """Check that ``value`` equals ``expected`` exactly (numbers, strings, sequences)."""
    if value is None or value is Ellipsis:
        raise AssertionError(f"`{name}` todavía no tiene valor: complete la celda que lo define.")
    if isinstance(expected, (list, tuple, np.ndarray)):
        found, wanted = np.asarray(value), np.asarray(expected)
        if found.shape != wanted.shape or not np.array_equal(found, wanted):
            raise AssertionError(f"`{name}` no coincide con lo esperado ({_preview(found)}).")
        return value
    if value != expected:
        raise AssertionError(f"`{name}` debería valer {expected!r}, pero vale {_short_repr(value)}.")
    return value


def _short_repr(value, limit=80):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def check_one_hot(value, name, *, n_rows, n_classes):
    """Check that ``value`` is a one-hot matrix of ``n_rows`` by ``n_classes``."""
    array = check_array(value, name)
    if array.ndim != 2:
        raise AssertionError(
            f"`{name}` debería ser una matriz de {n_rows}×{n_classes} con una columna por clase "
            f"(codificación one-hot), pero tiene forma {array.shape}."
        )
    check_array(array, name, shape=(n_rows, n_classes))
    if not np.isin(array, (0, 1)).all() or not (array.sum(axis=1) == 1).all():
        raise AssertionError(
            f"Cada fila de `{name}` debería tener un único 1 y el resto 0 (codificación one-hot)."
        )
    return array


def _preview(array):
    text = np.array2string(np.asarray(array).ravel()[:5], separator=", ")
    return f"forma {np.asarray(array).shape}, primeros valores {text}"
