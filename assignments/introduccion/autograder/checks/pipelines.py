"""Checks of fitted scikit-learn transformers (a ``Pipeline``, a ``ColumnTransformer``)."""

import numpy as np

from .arrays import check_array, require


def check_transformed(transformer, name, *, data, data_name):
    """Check that the fitted ``transformer`` turns ``data`` (named ``data_name``) into a table of
    finite numbers; return it as a dense float array (a sparse output is densified)."""
    transform = getattr(require(transformer, name), "transform", None)
    if not callable(transform):
        raise AssertionError(
            f"`{name}` debería ser un transformador de scikit-learn ajustado (con `transform`), pero es un "
            f"{type(transformer).__name__}."
        )
    try:
        output = transform(data)
    except Exception as error:  # noqa: BLE001 - any failure of the student's transformer is reported
        raise AssertionError(f"`{name}.transform({data_name})` falla: {type(error).__name__}: {error}") from None
    output = output.toarray() if hasattr(output, "toarray") else output
    array = check_array(output, f"{name}.transform({data_name})").astype(float)
    if not np.isfinite(array).all():
        raise AssertionError(
            f"`{name}.transform({data_name})` debería dar solo números finitos, pero da "
            f"{int((~np.isfinite(array)).sum())} valores NaN o infinitos: ¿imputó los valores que faltan?"
        )
    return array
