"""Checks on how data is split and scaled and on how a trained model compares with a baseline."""

import numpy as np

from .arrays import check_array, tolerance
from .models import check_model, is_keras_instance


def _row_keys(inputs, labels=None, *, scale=1.0, chunk=256):
    """One hashable key per row: a digest of its values (rounded after ``scale``) and its label.

    Rows are processed a few at a time, so that large image sets need little extra memory.
    """
    import hashlib

    inputs = np.asarray(inputs)
    inputs = inputs.reshape(len(inputs), -1)
    labels = [None] * len(inputs) if labels is None else np.asarray(labels).tolist()
    keys = []
    for start in range(0, len(inputs), chunk):
        rows = np.round(inputs[start:start + chunk].astype(float) * scale, 4) + 0.0  # no -0.0
        keys += [hashlib.blake2b(row.tobytes(), digest_size=16).digest() for row in rows]
    return list(zip(keys, labels))


def check_split(parts, name, *, whole, scale=1.0, scaled_on=None):
    """Check that the ``(inputs, labels)`` pairs in ``parts`` are exactly the rows of ``whole``
    (named ``name``).

    ``parts`` maps a name to ``(inputs, labels)``; each part is multiplied by ``scale`` before the
    comparison (e.g. 255 for images scaled to [0, 1]). With ``scaled_on`` (one of ``parts``), the
    parts may instead come scaled column by column by one scikit-learn ``StandardScaler`` or
    ``MinMaxScaler`` fitted on that part alone. Return the size of each part.
    """
    from collections import Counter

    whole_inputs, whole_labels = whole
    expected = Counter(_row_keys(whole_inputs, whole_labels))
    checked = {}
    for part_name, (inputs, labels) in parts.items():
        inputs = check_array(inputs, part_name)
        labels = check_array(labels, f"las etiquetas de {part_name}")
        if len(inputs) != len(labels):
            raise AssertionError(
                f"`{part_name}` tiene {len(inputs)} ejemplos pero sus etiquetas son {len(labels)}."
            )
        if len(inputs) == 0:
            raise AssertionError(f"`{part_name}` está vacío.")
        checked[part_name] = (inputs, labels)
    found = Counter(key for inputs, labels in checked.values() for key in _row_keys(inputs, labels, scale=scale))
    sizes = {part_name: len(inputs) for part_name, (inputs, _) in checked.items()}
    if found == expected:
        return sizes
    unscaled = _unscaled(checked, whole_inputs) if scaled_on is not None else None
    if unscaled is not None and Counter(
            key for part_name, (_, labels) in checked.items() for key in _row_keys(unscaled[part_name], labels)) == expected:
        _check_scaled_on(checked, unscaled, scaled_on)
        return sizes
    raise AssertionError(
        f"{' y '.join(f'`{part}`' for part in parts)} deberían repartirse los "
        f"{sum(expected.values())} ejemplos de {name}, cada uno con su etiqueta, sin repetir ni "
        f"agregar ninguno{', escalados o no' if scaled_on is not None else ''}; juntos tienen "
        f"{sum(found.values())} y no coinciden."
    )


def _unscaled(parts, whole_inputs):
    """Each part's inputs taken back through the increasing affine map per column that turns the
    whole's values into the parts' (found by sorting both), or None if no such map exists."""
    flat = {part_name: np.asarray(inputs, dtype=float).reshape(len(inputs), -1) for part_name, (inputs, _) in parts.items()}
    stacked = np.concatenate(list(flat.values()))
    whole = np.asarray(whole_inputs, dtype=float).reshape(len(whole_inputs), -1)
    if stacked.shape != whole.shape:
        return None
    slopes, intercepts = np.ones(whole.shape[1]), np.zeros(whole.shape[1])
    for column in range(whole.shape[1]):
        x, y = np.sort(whole[:, column]), np.sort(stacked[:, column])
        if np.ptp(x) > 0:
            slopes[column], intercepts[column] = np.polyfit(x, y, 1)
        else:
            intercepts[column] = y.mean() - x[0]
        if slopes[column] <= 0 or not np.allclose(slopes[column] * x + intercepts[column], y, rtol=1e-4, atol=1e-5):
            return None
    return {part_name: (inputs - intercepts) / slopes for part_name, inputs in flat.items()}


def _check_scaled_on(parts, unscaled, scaled_on):
    """The parts are ``unscaled`` run through one scaler fitted on the part ``scaled_on`` alone."""
    from sklearn.preprocessing import MinMaxScaler, StandardScaler

    for scaler in (StandardScaler(), MinMaxScaler()):
        scaler.fit(unscaled[scaled_on])
        if all(np.allclose(np.asarray(inputs, dtype=float).reshape(len(inputs), -1), scaler.transform(unscaled[part_name]),
                           rtol=1e-4, atol=1e-4) for part_name, (inputs, _) in parts.items()):
            return
    others = " y ".join(f"`{part}`" for part in parts if part != scaled_on)
    raise AssertionError(
        f"Las partes están escaladas, pero no con una escala ajustada solo con `{scaled_on}` (StandardScaler o "
        f"MinMaxScaler): ajústela con `{scaled_on}` (`fit`) y aplique la misma a {others} (`transform`).")


def check_stratified(parts, name, *, whole_labels):
    """Check that each part (a name mapped to its labels) holds every class of ``whole_labels``
    (named ``name``) in the same proportion, within one example; return the counts per part."""
    whole = check_array(whole_labels, name).ravel()
    classes, totals = np.unique(whole, return_counts=True)
    counts = {}
    for part_name, labels in parts.items():
        labels = check_array(labels, part_name).ravel()
        found = np.array([np.sum(labels == label) for label in classes])
        wanted = totals * len(labels) / len(whole)
        worst = int(np.argmax(np.abs(found - wanted)))
        if abs(found[worst] - wanted[worst]) > 1:
            raise AssertionError(
                f"`{part_name}` debería tener cada clase en la misma proporción que {name} (partición "
                f"estratificada, `stratify=`): la clase {classes.tolist()[worst]!r} debería tener unos "
                f"{wanted[worst]:.0f} ejemplos, pero tiene {found[worst]}."
            )
        counts[part_name] = dict(zip(classes.tolist(), found.tolist()))
    return counts


def check_disjoint(inputs, name, *, other, other_name):
    """Check that no row of ``inputs`` is also a row of ``other`` (named ``other_name``); return the
    row count."""
    inputs = check_array(inputs, name)
    other = set(_row_keys(check_array(other, other_name)))
    shared = sum(key in other for key in _row_keys(inputs))
    if shared:
        raise AssertionError(
            f"{shared} filas de `{name}` también están en `{other_name}`: los conjuntos deberían "
            "estar separados."
        )
    return len(inputs)


def check_rows_from(inputs, name, *, source, source_name):
    """Check that every row of ``inputs`` is a row of ``source`` (named ``source_name``); return the
    row count."""
    inputs = check_array(inputs, name)
    rows = set(_row_keys(check_array(source, source_name)))
    foreign = sum(key not in rows for key in _row_keys(inputs))
    if foreign:
        raise AssertionError(
            f"{foreign} de las {len(inputs)} filas de `{name}` no son filas de `{source_name}`: "
            f"elíjalas de `{source_name}`."
        )
    return len(inputs)


def check_in_range(value, name, *, low, high):
    """Check that every entry of ``value`` lies in ``[low, high]`` and that ``high`` is reached."""
    array = check_array(value, name).astype(float)
    if array.min() < low or array.max() > high or array.max() < low + 0.9 * (high - low):
        raise AssertionError(
            f"Los valores de `{name}` deberían ocupar el intervalo [{low:g}, {high:g}], pero van de "
            f"{array.min():.4g} a {array.max():.4g}."
        )
    return array


def check_normalization_adapted(model, name, *, data, data_name, atol=1e-3, rtol=0.0):
    """Check that ``model`` starts with a ``Normalization`` layer holding the mean and variance of
    ``data`` (named ``data_name``).

    Means and deviations are compared in standard deviations of ``data``; return ``(mean, variance)``.
    """
    model = check_model(model, name)
    layers = [layer for layer in model.layers if is_keras_instance(layer, "layers", "Normalization")]
    if not layers:
        raise AssertionError(
            f"`{name}` debería empezar con una capa `Normalization` que estandarice las entradas."
        )
    first = next(layer for layer in model.layers if type(layer).__name__ != "InputLayer")
    if first is not layers[0]:
        raise AssertionError(
            f"`{name}` debería empezar con su capa `Normalization`, que estandariza las entradas, pero su "
            f"primera capa es una `{type(first).__name__}` ({first.name})."
        )
    data = check_array(data, data_name).astype(float)
    mean, variance = (np.asarray(v, dtype=float).ravel() for v in (layers[0].mean, layers[0].variance))
    if mean.shape != (data.shape[1],):
        raise AssertionError(
            f"La capa `Normalization` de `{name}` tiene {mean.size} medias; se esperaba una por cada "
            f"una de las {data.shape[1]} columnas de `{data_name}`."
        )
    std = data.std(axis=0)
    found = np.concatenate([mean / std, np.sqrt(variance) / std])  # in standard deviations of `data`
    wanted = np.concatenate([data.mean(axis=0) / std, np.ones_like(std)])
    if not np.allclose(found, wanted, atol=atol, rtol=rtol):
        raise AssertionError(
            f"La capa `Normalization` de `{name}` debería estar ajustada (`adapt`) con `{data_name}`, "
            f"solo con los datos de entrenamiento: su media o su desvío difieren de los de "
            f"`{data_name}` en {float(np.max(np.abs(found - wanted))):.3g} desvíos ({tolerance(atol, rtol)})."
        )
    return mean, variance


def check_beats_baseline(model, name, *, inputs, targets, train_targets, ratio, data="el conjunto de prueba"):
    """Check that ``model``'s RMSE on ``(inputs, targets)`` (``data``, as the message names them) is
    below ``ratio`` times the RMSE of predicting the mean of ``train_targets``; return ``(rmse,
    baseline_rmse)``."""
    model = check_model(model, name)
    targets = check_array(targets, "y de prueba").astype(float).ravel()
    predictions = np.asarray(model(np.asarray(inputs, dtype="float32"), training=False), dtype=float)
    if predictions.size != targets.size:
        raise AssertionError(
            f"`{name}` debería dar una predicción por ejemplo ({targets.size}), pero da {predictions.size}."
        )
    rmse = float(np.sqrt(np.mean((predictions.ravel() - targets) ** 2)))
    baseline = float(np.sqrt(np.mean((targets - np.mean(train_targets)) ** 2)))
    if not rmse < ratio * baseline:
        raise AssertionError(
            f"El RMSE de `{name}` en {data} es {rmse:.4g}; debería ser menor que "
            f"{ratio:g} × {baseline:.4g} (el RMSE de predecir siempre la media de entrenamiento)."
        )
    return rmse, baseline
