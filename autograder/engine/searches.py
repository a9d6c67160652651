"""Hyperparameter searches rebuilt from their data in phase 2: a KerasTuner tuner as the same
search space, trials and best model (``RecordedTuner``), an Optuna study as a real in-memory
study with the same trials (``rebuilt_study``). No search runs again."""


class RecordedOracle:
    """The part of a KerasTuner oracle that a test reads: search space, objective, trials."""

    def __init__(self, hyperparameters, objective, trials, max_trials):
        self.hyperparameters = hyperparameters
        self.objective = objective
        self.trials = trials
        self.max_trials = max_trials

    def get_space(self):
        return self.hyperparameters

    def get_best_trials(self, num_trials=1):
        finished = [trial for trial in self.trials.values()
                    if trial.status == "COMPLETED" and trial.score is not None]
        reverse = str(self.objective.direction) == "max"
        return sorted(finished, key=lambda trial: trial.score, reverse=reverse)[:num_trials]


class RecordedTuner:
    """A KerasTuner tuner after its search, as data: ``oracle``, the best hyperparameters and the
    best model (the only model exported)."""

    def __init__(self, class_name, oracle, best_model):
        self.class_name = class_name
        self.oracle = oracle
        self._best_model = best_model

    @classmethod
    def from_data(cls, spec, *, best_model, value):
        import keras_tuner

        def hyperparameters(config):
            return keras_tuner.HyperParameters.from_config(config)

        trials = {}
        for item in spec["trials"]:
            trial = keras_tuner.engine.trial.Trial(hyperparameters(item["hyperparameters"]),
                                                   trial_id=str(item["trial_id"]), status=str(item["status"]))
            trial.score = value(item["score"])
            trial.best_step = value(item.get("best_step", {"json": None}))
            trials[trial.trial_id] = trial
        objective = spec.get("objective", {})
        oracle = RecordedOracle(hyperparameters(spec["search_space"]),
                                keras_tuner.Objective(str(objective.get("name", "val_loss")),
                                                      str(objective.get("direction") or "min")),
                                trials, value(spec.get("max_trials", {"json": None})))
        class_name = str(spec.get("class_name", "Tuner"))
        named = type(class_name if class_name.isidentifier() else "Tuner", (cls,), {})
        return named(class_name, oracle, best_model)

    def get_best_hyperparameters(self, num_trials=1):
        return [trial.hyperparameters for trial in self.oracle.get_best_trials(num_trials)]

    def get_best_models(self, num_models=1):
        return [self._best_model][:num_models]


def rebuilt_study(spec, *, value):
    """An in-memory Optuna study with the exported study's directions and trials, in order."""
    import optuna
    from optuna.distributions import json_to_distribution

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(directions=[str(direction).lower() for direction in spec["directions"]],
                                study_name=str(spec.get("study_name") or "estudio"))
    for item in spec["trials"]:
        state = optuna.trial.TrialState[str(item["state"])]
        values = value(item["values"])
        study.add_trial(optuna.trial.create_trial(
            state=state, params=value(item["params"]),
            distributions={str(name): json_to_distribution(text) for name, text in item["distributions"].items()},
            values=values,
            intermediate_values={int(step): float(v) for step, v in value(item["intermediate_values"]).items()},
            user_attrs=value(item["user_attrs"])))
    return study
