"""Checks on arrays and plain values, and the two helpers every check shares: a value the student
has not given yet, and the text of a tolerance."""

import numpy as np


def require(value, name):
    """Return ``value``, or fail saying that ``name`` has no value yet (``None`` or ``...``).

    A value grading could not rebuild fails here too, with its own message (what could not be
    used and what to do): it raises it on any attribute it is asked for.
    """
    if value is None or value is Ellipsis:
        raise AssertionError(f"`{name}` todavía no tiene valor: complete la celda que lo define.")
    getattr(value, "_valor_disponible_para_calificar", None)
    return value


def tolerance(atol, rtol):
    """How a tolerance reads in a message: both its absolute and its relative part."""
    return f"tolerancia: atol={atol:g}, rtol={rtol:g}"


def _as_array(value, name):
    require(value, name)
    try:
        return np.asarray(value)
    except Exception as error:  # noqa: BLE001 - any conversion failure is the student's answer
        raise AssertionError(f"`{name}` no se puede convertir en un arreglo de numpy ({error}).") from None


def check_array(value, name, *, shape=None, numeric=True):
    """Check that ``value`` is an array (of numbers, by default) with the given ``shape``; return it."""
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


def check_close(value, name, *, expected, atol=1e-6, rtol=1e-5):
    """Check that ``value`` equals ``expected`` within ``atol + rtol·|expected|``, shape included."""
    expected = np.asarray(expected, dtype=float)
    array = check_array(value, name, shape=expected.shape, numeric=False)
    if not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):  # True and False are 1 and 0
        raise AssertionError(f"`{name}` debería contener números, pero contiene valores de tipo {array.dtype}.")
    array = array.astype(float)
    if not np.allclose(array, expected, atol=atol, rtol=rtol):
        excess = np.abs(array - expected) - rtol * np.abs(expected)
        worst = np.unravel_index(int(np.nanargmax(np.where(np.isnan(array), np.inf, excess))), array.shape)
        where = f" en la posición {tuple(int(i) for i in worst)}" if array.ndim else ""
        raise AssertionError(
            f"`{name}` no tiene los valores esperados: la mayor diferencia es "
            f"{abs(array[worst] - expected[worst]):.6g}{where} (vale {array[worst]:.6g}, se esperaba "
            f"{expected[worst]:.6g}; {tolerance(atol, rtol)})."
        )
    return array


def check_equal(value, name, *, expected):
    """Check that ``value`` equals ``expected`` exactly (numbers, strings, sequences); return it."""
    require(value, name)
    if isinstance(expected, (list, tuple, np.ndarray)):
        found, wanted = np.asarray(value), np.asarray(expected)
        if found.shape != wanted.shape or not np.array_equal(found, wanted):
            raise AssertionError(
                f"`{name}` no coincide con lo esperado: tiene {_preview(found)}; se esperaba {_preview(wanted)}."
            )
        return value
    if value != expected:
        raise AssertionError(f"`{name}` debería valer {expected!r}, pero vale {_short_repr(value)}.")
    return value


def _short_repr(value, limit=80):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def check_one_hot(value, name, *, n_rows, n_classes):
    """Check that ``value`` is a one-hot matrix of ``n_rows`` by ``n_classes``; return it."""
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
