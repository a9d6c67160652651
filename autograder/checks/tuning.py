"""Checks on hyperparameter searches after they ran: a KerasTuner tuner (its search space, its
trials, its best hyperparameters), an Optuna study (direction, trials, parameters and their
distributions), a scikit-learn search space (lists and SciPy distributions) and a scikit-learn
search (its kind, candidates, scoring and folds; a Keras wrapper's ``model_kwargs`` read as the
hyperparameters they hold).

They read the libraries' public API only, so they grade the search in the student's notebook and
the one grading rebuilds from its data alike; none runs a search again."""

import math

import numpy as np

from .arrays import require

# Where two continuous distributions are compared (their quantile functions), and the largest
# discrete support read value by value.
QUANTILES = (0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.999)
MAX_DISCRETE_VALUES = 100_000


def _same(found, wanted):
    if isinstance(wanted, float) or isinstance(found, float):
        try:
            return math.isclose(float(found), float(wanted), rel_tol=1e-9, abs_tol=1e-12)
        except (TypeError, ValueError):
            return False
    if isinstance(wanted, (list, tuple)):
        return isinstance(found, (list, tuple)) and len(found) == len(wanted) and all(map(_same, found, wanted))
    return found == wanted


def _hyperparameters(space, name):
    """The ``HyperParameters`` of a tuner, of its oracle, or ``space`` itself."""
    require(space, name)
    oracle = getattr(space, "oracle", space)
    hyperparameters = getattr(oracle, "hyperparameters", oracle)
    if not hasattr(hyperparameters, "space"):
        raise AssertionError(f"`{name}` debería ser un tuner de KerasTuner (o sus `HyperParameters`), pero es "
                             f"de tipo {type(space).__name__}.")
    return hyperparameters


def _hyperparameter_settings(hyperparameter):
    settings = dict(hyperparameter.get_config())
    settings["kind"] = type(hyperparameter).__name__
    if "sampling" in settings:
        settings["sampling"] = str(settings["sampling"] or "linear").lower()
    return settings


def check_search_space(space, name, *, expected, only=False):
    """Check a KerasTuner search space: each hyperparameter of ``expected`` (``{name: {"kind": "Int",
    "min_value": 16, ...}}``, any of ``get_config``'s keys) exists with those settings; with ``only``,
    no other does. Return every hyperparameter's settings by name."""
    found = {hyperparameter.name: _hyperparameter_settings(hyperparameter)
             for hyperparameter in _hyperparameters(space, name).space}
    missing = [key for key in expected if key not in found]
    if missing:
        raise AssertionError(
            f"El espacio de búsqueda de `{name}` debería incluir {', '.join(map(repr, missing))}; incluye "
            f"{', '.join(map(repr, found)) or 'ningún hiperparámetro'}: defínalos con `hp` en la función que "
            "construye el modelo."
        )
    if only and set(found) - set(expected):
        raise AssertionError(f"El espacio de búsqueda de `{name}` debería tener solo {', '.join(map(repr, expected))}; "
                             f"tiene además {', '.join(map(repr, sorted(set(found) - set(expected))))}.")
    for key, settings in expected.items():
        for setting, wanted in settings.items():
            wanted = wanted.lower() if setting == "sampling" else wanted
            if not _same(found[key].get(setting), wanted):
                raise AssertionError(f"El hiperparámetro {key!r} de `{name}` debería tener {setting}={wanted!r}, "
                                     f"pero tiene {setting}={found[key].get(setting)!r}.")
    return found


def check_tuner(tuner, name, *, objective=None, direction=None, max_trials=None, executions_per_trial=None, seed=None,
                min_completed=1):
    """Check that a KerasTuner ``tuner`` searched: its objective (name and ``"min"``/``"max"``), its
    trial budget, the trainings per trial (``executions_per_trial``), its ``seed``, and at least
    ``min_completed`` trials completed with a score. Return the best hyperparameters' values."""
    oracle = getattr(require(tuner, name), "oracle", None)
    if oracle is None or not hasattr(tuner, "get_best_hyperparameters"):
        raise AssertionError(f"`{name}` debería ser un tuner de KerasTuner (`RandomSearch`, `Hyperband`, ...), "
                             f"pero es de tipo {type(tuner).__name__}.")
    found_objective = getattr(oracle, "objective", None)
    if objective is not None and getattr(found_objective, "name", found_objective) != objective:
        raise AssertionError(f"`{name}` debería optimizar {objective!r}, pero optimiza "
                             f"{getattr(found_objective, 'name', found_objective)!r}.")
    if direction is not None and getattr(found_objective, "direction", None) != direction:
        raise AssertionError(f"`{name}` debería buscar el {'mínimo' if direction == 'min' else 'máximo'} de su "
                             f"objetivo, pero su dirección es {getattr(found_objective, 'direction', None)!r}.")
    if max_trials is not None and getattr(oracle, "max_trials", None) != max_trials:
        raise AssertionError(f"`{name}` debería probar a lo sumo {max_trials} configuraciones (max_trials), "
                             f"pero tiene max_trials={getattr(oracle, 'max_trials', None)!r}.")
    if executions_per_trial is not None and getattr(tuner, "executions_per_trial", None) != executions_per_trial:
        raise AssertionError(f"`{name}` debería entrenar cada configuración {executions_per_trial} veces "
                             f"(executions_per_trial={executions_per_trial}), pero tiene "
                             f"executions_per_trial={getattr(tuner, 'executions_per_trial', None)!r}.")
    if seed is not None and getattr(oracle, "seed", None) != seed:
        raise AssertionError(f"`{name}` debería sortear con la semilla {seed} (seed={seed}), pero tiene "
                             f"seed={getattr(oracle, 'seed', None)!r}.")
    completed = [trial for trial in oracle.trials.values()
                 if str(trial.status).upper() == "COMPLETED" and trial.score is not None]
    if len(completed) < min_completed:
        raise AssertionError(f"`{name}` debería tener al menos {min_completed} pruebas completas con su puntaje, "
                             f"pero tiene {len(completed)}: ejecute `search` antes de leer sus resultados.")
    return dict(tuner.get_best_hyperparameters(1)[0].values)


def check_study(study, name, *, direction=None, min_trials=1, params=(), distributions=None):
    """Check an Optuna study after ``optimize``: its direction (``"minimize"``/``"maximize"``), at least
    ``min_trials`` complete trials, each with every name of ``params``, and the distributions given
    (``{name: {"kind": "FloatDistribution", "low": ..., "log": True}}``) in every trial that suggests
    that name (a conditional space suggests some names in some trials only), some trial suggesting
    each. Return the best params."""
    import optuna

    if not isinstance(require(study, name), optuna.study.Study):
        raise AssertionError(f"`{name}` debería ser un estudio de Optuna (`optuna.create_study`), pero es de "
                             f"tipo {type(study).__name__}.")
    if direction is not None:
        found = [each.name.lower() for each in study.directions]
        if found != [direction.lower()]:
            verbs = {"minimize": "minimizar", "maximize": "maximizar"}
            raise AssertionError(f"`{name}` debería {verbs.get(direction.lower(), direction)} su objetivo "
                                 f"(direction={direction.lower()!r}), pero su dirección es {' y '.join(found)}.")
    complete = [trial for trial in study.trials if trial.state == optuna.trial.TrialState.COMPLETE]
    if len(complete) < min_trials:
        raise AssertionError(f"`{name}` debería tener al menos {min_trials} pruebas completas, pero tiene "
                             f"{len(complete)}: ejecute `optimize` con `n_trials`.")
    for trial in complete:
        missing = [param for param in params if param not in trial.params]
        if missing:
            raise AssertionError(f"La prueba {trial.number} de `{name}` no sugiere {', '.join(map(repr, missing))}: "
                                 f"sugiere {', '.join(map(repr, trial.params)) or 'nada'}.")
        for param, settings in (distributions or {}).items():
            distribution = trial.distributions.get(param)
            if distribution is None:
                continue
            found = {"kind": type(distribution).__name__, **vars(distribution)}
            for setting, wanted in settings.items():
                if setting == "choices":  # a categorical space's order does not matter
                    same = _same(sorted(map(repr, found.get(setting) or ())), sorted(map(repr, wanted)))
                else:
                    same = _same(found.get(setting), wanted)
                if not same:
                    raise AssertionError(f"El parámetro {param!r} de `{name}` debería tener {setting}={wanted!r}, "
                                         f"pero tiene {setting}={found.get(setting)!r}.")
    never = [param for param in distributions or {} if not any(param in trial.distributions for trial in complete)]
    if never:
        raise AssertionError(f"Ninguna prueba completa de `{name}` sugiere {', '.join(map(repr, never))}.")
    return dict(study.best_params)


def _values(values, what):
    """The set of values a list, tuple, range or array of a search space holds."""
    try:
        return {value.item() if hasattr(value, "item") else value for value in np.asarray(list(values)).ravel()}
    except TypeError:
        raise AssertionError(f"{what} debería ser una lista de valores o una distribución de SciPy.") from None


def _distribution(value, what):
    """``("values", set)`` for a list of values or a discrete SciPy distribution with a finite
    support, ``("continuous", frozen)`` for a continuous one."""
    if hasattr(value, "dist") and hasattr(value, "ppf"):
        if hasattr(value.dist, "pmf"):
            low, high = value.support()
            if not (math.isfinite(low) and math.isfinite(high)) or high - low > MAX_DISCRETE_VALUES:
                return "discrete", value
            support = np.arange(low, high + 1)
            weights = value.pmf(support)
            if not np.allclose(weights[weights > 0], weights[weights > 0][0]):
                return "discrete", value
            return "values", {int(each) for each in support[weights > 0]}
        return "continuous", value
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__iter__"):
        raise AssertionError(f"{what} debería ser una lista de valores o una distribución de SciPy, pero es "
                             f"{value!r}.")
    return "values", _values(value, what)


def _describe(kind, value):
    if kind == "values":
        ordered = sorted(value, key=repr) if not all(isinstance(v, (int, float)) for v in value) else sorted(value)
        shown = ", ".join(map(repr, ordered)) if len(ordered) <= 8 else (
            f"{', '.join(map(repr, ordered[:3]))}, …, {ordered[-1]!r} ({len(ordered)} valores)")
        return f"los valores {{{shown}}}"
    arguments = ", ".join([f"{arg:g}" for arg in value.args] + [f"{key}={arg:g}" for key, arg in value.kwds.items()])
    return f"la distribución {value.dist.name}({arguments})"


def _same_distribution(found, expected):
    (found_kind, found_value), (expected_kind, expected_value) = found, expected
    if found_kind != expected_kind:
        return False
    if found_kind == "values":
        return found_value == expected_value
    return np.allclose(found_value.ppf(QUANTILES), expected_value.ppf(QUANTILES), rtol=1e-6, atol=0)


def check_param_distributions(space, name, *, expected, only=False):
    """Check a scikit-learn search space (``{"n_hidden": [0, 1, 2, 3], "learning_rate":
    loguniform(3e-4, 3e-2)}``): each hyperparameter of ``expected`` takes the same values, a list
    and a uniform discrete distribution over them being alike (``np.arange(1, 100)`` and
    ``randint(1, 100)``), and continuous distributions alike when their quantiles are
    (``loguniform`` and ``reciprocal``); with ``only``, it has no other hyperparameter. Return the
    space."""
    require(space, name)
    if not isinstance(space, dict):
        raise AssertionError(f"`{name}` debería ser un diccionario de hiperparámetros (nombre → valores o "
                             f"distribución), pero es de tipo {type(space).__name__}.")
    missing = [key for key in expected if key not in space]
    if missing:
        raise AssertionError(f"`{name}` debería incluir {', '.join(map(repr, missing))}; incluye "
                             f"{', '.join(map(repr, space)) or 'nada'}.")
    if only and set(space) - set(expected):
        raise AssertionError(f"`{name}` debería tener solo {', '.join(map(repr, expected))}; tiene además "
                             f"{', '.join(map(repr, sorted(set(space) - set(expected))))}.")
    for key, wanted in expected.items():
        found = _distribution(space[key], f"El hiperparámetro {key!r} de `{name}`")
        wanted = _distribution(wanted, f"El valor esperado de {key!r}")
        if not _same_distribution(found, wanted):
            raise AssertionError(f"El hiperparámetro {key!r} de `{name}` debería tomar {_describe(*wanted)}, pero toma "
                                 f"{_describe(*found)}.")
    return space


def _hyperparameters_of(candidate: dict) -> dict:
    """A candidate's hyperparameters, with those a Keras wrapper takes in ``model_kwargs`` read as
    the candidate's own."""
    nested = candidate.get("model_kwargs")
    if not isinstance(nested, dict):
        return dict(candidate)
    return {**nested, **{key: value for key, value in candidate.items() if key != "model_kwargs"}}


def search_candidates(search) -> list:
    """The hyperparameters of each candidate of a fitted search (``model_kwargs`` read as its own)."""
    return [_hyperparameters_of(candidate) for candidate in search.cv_results_["params"]]


def _inside(value, distribution) -> bool:
    kind, allowed = distribution
    if kind == "values":
        return value in allowed
    low, high = allowed.support()
    try:
        return low <= float(value) <= high
    except (TypeError, ValueError):
        return False


def check_search(search, name, *, kind=None, parameters=(), n_candidates=None, scoring=None, cv=None, space=None):
    """Check a fitted scikit-learn search (``GridSearchCV``, ``RandomizedSearchCV``, ...): its class,
    that every candidate sets each of ``parameters``, how many candidates it tried, its scoring, its
    number of folds, and that every candidate lies in ``space`` (a scikit-learn search space). A
    Keras wrapper's ``model_kwargs`` count as the candidate's hyperparameters. Return the best
    candidate's hyperparameters, read the same way."""
    require(search, name)
    if kind is not None and type(search).__name__ != kind:
        raise AssertionError(f"`{name}` debería ser un `{kind}`, pero es de tipo {type(search).__name__}.")
    results = getattr(search, "cv_results_", None)
    if not isinstance(results, dict) or "params" not in results:
        raise AssertionError(f"`{name}` todavía no buscó: llame a `fit` antes de leer sus resultados "
                             f"(no tiene `cv_results_`).")
    candidates = search_candidates(search)
    for parameter in parameters:
        if not all(parameter in candidate for candidate in candidates):
            raise AssertionError(f"Cada candidato de `{name}` debería fijar {parameter!r}; los candidatos fijan "
                                 f"{', '.join(map(repr, candidates[0])) if candidates else 'nada'}.")
    if n_candidates is not None and len(candidates) != n_candidates:
        raise AssertionError(f"`{name}` debería probar {n_candidates} configuraciones, pero probó {len(candidates)}.")
    if scoring is not None and getattr(search, "scoring", None) != scoring:
        raise AssertionError(f"`{name}` debería puntuar con scoring={scoring!r}, pero usa "
                             f"scoring={getattr(search, 'scoring', None)!r}.")
    if cv is not None and getattr(search, "n_splits_", None) != cv:
        raise AssertionError(f"`{name}` debería validar con {cv} particiones (cv={cv}), pero usó "
                             f"{getattr(search, 'n_splits_', None)}.")
    for key, values in (space or {}).items():
        distribution = _distribution(values, f"El espacio de {key!r}")
        outside = [candidate[key] for candidate in candidates if key in candidate and not _inside(candidate[key], distribution)]
        if outside:
            raise AssertionError(f"`{name}` probó {key}={outside[0]!r}, fuera de su espacio ({_describe(*distribution)}).")
    if not hasattr(search, "best_params_"):
        raise AssertionError(f"`{name}` no tiene `best_params_`: búsquelo con `refit=True` (el valor por omisión).")
    return _hyperparameters_of(search.best_params_)
