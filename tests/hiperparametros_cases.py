"""Selección de hiperparámetros: the prepared answers its answer tests score (scored in rounds as
``answer_rounds.py`` says). Most answers are notebook code, run as a student's cell would run
after the solution's (``in_notebook``): classes and functions they define belong to the notebook,
and files they write land in its folder."""

from answer_rounds import combined, in_notebook


# ---------------------------------------------------------------- wrong answers, by question

GRID_COUNTED_AS_A_SUM = in_notebook("""
def configuraciones_en_grilla(espacio):
    return sum(len(valores) for valores in espacio.values())
""", "configuraciones_en_grilla")

GRID_LIST_INCOMPLETE = in_notebook("""
configuraciones_grilla = list(ParameterGrid(ESPACIO_GRILLA))[:6]
""", "configuraciones_grilla")

RANDOM_WITH_REPLACEMENT = in_notebook("""
def configuraciones_al_azar(espacio, presupuesto, semilla=SEMILLA):
    generador = np.random.default_rng(semilla)
    configuraciones = []
    for _ in range(presupuesto):
        configuraciones.append({nombre: (valores[generador.integers(len(valores))] if isinstance(valores, list)
                                         else valores.rvs(random_state=generador))
                                for nombre, valores in espacio.items()})
    return configuraciones
""", "configuraciones_al_azar")

RANDOM_IGNORING_ITS_SEED = in_notebook("""
def configuraciones_al_azar(espacio, presupuesto, semilla=SEMILLA):
    return list(ParameterSampler(espacio, n_iter=presupuesto, random_state=SEMILLA))
""", "configuraciones_al_azar")

RANDOM_ON_THE_GRID = in_notebook("""
configuraciones_aleatorias = configuraciones_al_azar(ESPACIO_GRILLA, len(configuraciones_grilla))
""", "configuraciones_aleatorias")

RANDOM_WITH_ANOTHER_SEED = in_notebook("""
configuraciones_aleatorias = configuraciones_al_azar(ESPACIO_ALEATORIO, len(configuraciones_grilla), semilla=0)
""", "configuraciones_aleatorias")

VALUES_COUNTED_WITH_REPEATS = in_notebook("""
def valores_probados(configuraciones):
    return {nombre: len(configuraciones) for nombre in configuraciones[0]}
""", "valores_probados")

FACTOR_WITHOUT_THE_ROOT = in_notebook("""
def factor_barrido(tasa_inicial, tasa_final, pasos):
    return (tasa_final / tasa_inicial) / pasos
""", "factor_barrido")

SWEEP_GROWING_LINEARLY = in_notebook("""
class BarridoLineal(keras.callbacks.Callback):
    def __init__(self, paso):
        super().__init__()
        self.paso, self.tasas, self.perdidas = paso, [], []

    def on_train_batch_end(self, batch, logs=None):
        tasa = float(self.model.optimizer.learning_rate)
        self.tasas.append(tasa)
        self.perdidas.append(float(logs["loss"]))
        self.model.optimizer.learning_rate = tasa + self.paso

keras.utils.set_random_seed(SEMILLA)
modelo_lineal = build_model(learning_rate=TASA_INICIAL)
barrido = BarridoLineal(1e-3)
modelo_lineal.fit(X_train, y_train, epochs=1, batch_size=LOTE_BARRIDO, callbacks=[barrido], verbose=0)
tasa_elegida = tasa_sugerida(barrido.tasas, barrido.perdidas)
keras.utils.set_random_seed(SEMILLA)
modelo_tasa = build_model(learning_rate=tasa_elegida)
modelo_tasa.fit(X_train, y_train, epochs=EPOCAS_TASA, batch_size=32, verbose=0)
""", "barrido", "tasa_elegida", "modelo_tasa")

SWEEP_RECORDING_THE_ROOT_OF_THE_LOSS = in_notebook("""
class BarridoRaiz(keras.callbacks.Callback):
    def __init__(self, factor):
        super().__init__()
        self.factor, self.tasas, self.perdidas = factor, [], []

    def on_train_batch_end(self, batch, logs=None):
        tasa = float(self.model.optimizer.learning_rate)
        self.tasas.append(tasa)
        self.perdidas.append(math.sqrt(logs["loss"]))
        self.model.optimizer.learning_rate = tasa * self.factor

keras.utils.set_random_seed(SEMILLA)
modelo_raiz = build_model(learning_rate=TASA_INICIAL)
barrido = BarridoRaiz(factor_barrido(TASA_INICIAL, TASA_FINAL, PASOS_BARRIDO))
modelo_raiz.fit(X_train, y_train, epochs=1, batch_size=LOTE_BARRIDO, callbacks=[barrido], verbose=0)
tasa_elegida = tasa_sugerida(barrido.tasas, barrido.perdidas)
keras.utils.set_random_seed(SEMILLA)
modelo_tasa = build_model(learning_rate=tasa_elegida)
modelo_tasa.fit(X_train, y_train, epochs=EPOCAS_TASA, batch_size=32, verbose=0)
""", "barrido", "tasa_elegida", "modelo_tasa")

SUGGESTED_AT_THE_BLOW_UP = in_notebook("""
def tasa_sugerida(tasas, perdidas):
    menor = math.inf
    for tasa, perdida in zip(tasas, perdidas):
        if not math.isfinite(perdida) or perdida > 2 * menor:
            return tasa
        menor = min(menor, perdida)
    return tasas[-1]
""", "tasa_sugerida")

SUGGESTED_AT_THE_FIRST_RISE = in_notebook("""
def tasa_sugerida(tasas, perdidas):
    for anterior, tasa, perdida in zip(perdidas, tasas[1:], perdidas[1:]):
        if not math.isfinite(perdida) or perdida > anterior:
            return tasa / 10
    return tasas[-1] / 10
""", "tasa_sugerida")

RATE_WRITTEN_BY_HAND = in_notebook("""
tasa_elegida = 0.01
keras.utils.set_random_seed(SEMILLA)
modelo_tasa = build_model(learning_rate=tasa_elegida)
modelo_tasa.fit(X_train, y_train, epochs=EPOCAS_TASA, batch_size=32, verbose=0)
""", "tasa_elegida", "modelo_tasa")

RETRAINED_WITH_THE_DEFAULT_RATE = in_notebook("""
keras.utils.set_random_seed(SEMILLA)
modelo_tasa = build_model()
modelo_tasa.fit(X_train, y_train, epochs=EPOCAS_TASA, batch_size=32, verbose=0)
""", "modelo_tasa")

RETRAINED_WITH_BATCHES_OF_64 = in_notebook("""
keras.utils.set_random_seed(SEMILLA)
modelo_tasa = build_model(learning_rate=tasa_elegida)
modelo_tasa.fit(X_train, y_train, epochs=EPOCAS_TASA, batch_size=64, verbose=0)
""", "modelo_tasa")

NOT_RETRAINED = in_notebook("""
modelo_tasa = build_model(learning_rate=tasa_elegida)
""", "modelo_tasa")

LEARNING_RATE_UNIFORM = in_notebook("""
from scipy.stats import uniform
param_distrib = {"n_hidden": [0, 1, 2, 3], "n_neurons": np.arange(1, 100), "learning_rate": uniform(3e-4, 3e-2 - 3e-4)}
""", "param_distrib")

NEURONS_UP_TO_49 = in_notebook("""
param_distrib = {"n_hidden": [0, 1, 2, 3], "n_neurons": np.arange(1, 50), "learning_rate": loguniform(3e-4, 3e-2)}
""", "param_distrib")

SEARCH_WITH_TWO_FOLDS = in_notebook("""
rnd_search_cv = RandomizedSearchCV(SKLearnRegressor(model=build_model), {"model_kwargs": configuraciones_busqueda},
                                   n_iter=N_ITER, cv=2, random_state=SEMILLA)
parada_busqueda = EarlyStopping(patience=5)
rnd_search_cv.fit(X_train, y_train, epochs=EPOCAS_BUSQUEDA, batch_size=LOTE_BUSQUEDA,
                  validation_data=(X_valid, y_valid), callbacks=[parada_busqueda], verbose=0)
""", "rnd_search_cv", "parada_busqueda")

# Candidates chosen by hand (the deck's defaults and two neighbours), searched as the question asks:
# only the draw is wrong.
CANDIDATES_BY_HAND = in_notebook("""
configuraciones_busqueda = [{"n_hidden": 1, "n_neurons": 30, "learning_rate": 3e-3},
                            {"n_hidden": 2, "n_neurons": 50, "learning_rate": 1e-2},
                            {"n_hidden": 3, "n_neurons": 80, "learning_rate": 3e-3}]
rnd_search_cv = RandomizedSearchCV(SKLearnRegressor(model=build_model), {"model_kwargs": configuraciones_busqueda},
                                   n_iter=N_ITER, cv=3, random_state=SEMILLA)
parada_busqueda = EarlyStopping(patience=5)
rnd_search_cv.fit(X_train, y_train, epochs=EPOCAS_BUSQUEDA, batch_size=LOTE_BUSQUEDA,
                  validation_data=(X_valid, y_valid), callbacks=[parada_busqueda], verbose=0)
""", "configuraciones_busqueda", "rnd_search_cv", "parada_busqueda")


# The fit settings given to the wrapper (`fit_kwargs`): the search's clones lose them (Keras 3), and
# every network trains one epoch, with batches of 32 and no validation.
SEARCH_SETTINGS_IN_FIT_KWARGS = in_notebook("""
parada_busqueda = EarlyStopping(patience=5)
keras_reg = SKLearnRegressor(model=build_model, fit_kwargs={
    "epochs": EPOCAS_BUSQUEDA, "batch_size": LOTE_BUSQUEDA, "validation_data": (X_valid, y_valid),
    "callbacks": [parada_busqueda], "verbose": 0})
rnd_search_cv = RandomizedSearchCV(keras_reg, {"model_kwargs": configuraciones_busqueda}, n_iter=N_ITER, cv=3,
                                   random_state=SEMILLA)
rnd_search_cv.fit(X_train, y_train)
""", "keras_reg", "rnd_search_cv", "parada_busqueda")


def search_refit(settings, parada="EarlyStopping(patience=5)"):
    """Notebook code: the search with its best network trained again by ``fit`` with ``settings``
    (source), as a search fitted with them would have trained it, beside a new ``parada_busqueda``."""
    return in_notebook(f"""
import copy
parada_busqueda = {parada}
rnd_search_cv = copy.copy(rnd_search_cv)
rnd_search_cv.best_estimator_ = SKLearnRegressor(model=build_model, model_kwargs=rnd_search_cv.best_params_["model_kwargs"])
rnd_search_cv.best_estimator_.fit(X_train, y_train, {settings})
""", "rnd_search_cv", "parada_busqueda")


SEARCH_WITH_BATCHES_OF_32 = search_refit("epochs=EPOCAS_BUSQUEDA, batch_size=32, validation_data=(X_valid, y_valid), "
                                         "callbacks=[parada_busqueda], verbose=0")
SEARCH_FOR_20_EPOCHS = search_refit("epochs=20, batch_size=LOTE_BUSQUEDA, validation_data=(X_valid, y_valid), "
                                    "callbacks=[parada_busqueda], verbose=0")
SEARCH_VALIDATED_ON_THE_TEST_SET = search_refit("epochs=EPOCAS_BUSQUEDA, batch_size=LOTE_BUSQUEDA, "
                                                "validation_data=(X_test, y_test), callbacks=[parada_busqueda], verbose=0")
SEARCH_WITHOUT_EARLY_STOPPING = search_refit("epochs=EPOCAS_BUSQUEDA, batch_size=LOTE_BUSQUEDA, "
                                             "validation_data=(X_valid, y_valid), verbose=0")
SEARCH_WITH_PATIENCE_2 = search_refit("epochs=EPOCAS_BUSQUEDA, batch_size=LOTE_BUSQUEDA, validation_data=(X_valid, y_valid), "
                                      "callbacks=[parada_busqueda], verbose=0", parada="EarlyStopping(patience=2)")

CANDIDATES_SAMPLED_AGAIN = in_notebook("""
configuraciones_busqueda = list(ParameterSampler(param_distrib, n_iter=N_ITER, random_state=0))
""", "configuraciones_busqueda")

BEST_REFIT_ON_TEN_ROWS = in_notebook("""
import copy
rnd_search_cv = copy.copy(rnd_search_cv)
rnd_search_cv.best_estimator_ = SKLearnRegressor(model=build_model, model_kwargs=rnd_search_cv.best_params_["model_kwargs"],
                                                 fit_kwargs={"epochs": 1, "verbose": 0}).fit(X_train[:10], y_train[:10])
""", "rnd_search_cv")


def trained_with_callbacks(checkpoint, early_stopping, recovered="keras.models.load_model(checkpoint_cb.filepath)",
                           epochs="EPOCAS_CALLBACKS", batch_size="LOTE_CALLBACKS"):
    """Notebook code training a new ``modelo_callbacks`` with the callbacks given (as source)."""
    return in_notebook(f"""
keras.utils.set_random_seed(SEMILLA)
modelo_callbacks = build_model(n_hidden=2)
modelo_callbacks.compile(loss="mse", optimizer=Adam(learning_rate=3e-2))
checkpoint_cb = {checkpoint}
early_stopping_cb = {early_stopping}
historia_callbacks = modelo_callbacks.fit(X_train, y_train, epochs={epochs}, batch_size={batch_size},
                                          validation_data=(X_valid, y_valid),
                                          callbacks=[checkpoint_cb, early_stopping_cb], verbose=0)
modelo_recuperado = {recovered}
""", "checkpoint_cb", "early_stopping_cb", "historia_callbacks", "modelo_callbacks", "modelo_recuperado")


CHECKPOINT_EVERY_EPOCH = trained_with_callbacks('ModelCheckpoint("cada_epoca.keras")',
                                                "EarlyStopping(patience=10, restore_best_weights=True)")
PATIENCE_3 = trained_with_callbacks('ModelCheckpoint("paciencia_3.keras", save_best_only=True)',
                                    "EarlyStopping(patience=3, restore_best_weights=True)")
LAST_WEIGHTS_KEPT = trained_with_callbacks('ModelCheckpoint("sin_restaurar.keras", save_best_only=True)',
                                           "EarlyStopping(patience=10)")
CALLBACKS_WITH_BATCHES_OF_32 = trained_with_callbacks('ModelCheckpoint("lotes_32.keras", save_best_only=True)',
                                              "EarlyStopping(patience=10, restore_best_weights=True)", batch_size=32)
CALLBACKS_FOR_50_EPOCHS = trained_with_callbacks('ModelCheckpoint("epocas_50.keras", save_best_only=True)',
                                         "EarlyStopping(patience=10, restore_best_weights=True)", epochs=50)
RECOVERED_IS_THE_TRAINED_MODEL = in_notebook("""
modelo_recuperado = modelo_callbacks
""", "modelo_recuperado")

RECOVERED_UNTRAINED = in_notebook("""
modelo_recuperado = build_model(n_hidden=2)
""", "modelo_recuperado")

IMPROVEMENT_WITHOUT_THE_SIGMA_TERM = in_notebook("""
def mejora_esperada(mu, sigma, f_mejor, xi=0.0):
    mu, sigma = np.asarray(mu, dtype=float), np.asarray(sigma, dtype=float)
    mejora = mu - f_mejor - xi
    z = np.divide(mejora, sigma, out=np.zeros_like(mejora), where=sigma > 0)
    return np.where(sigma > 0, mejora * norm.cdf(z), np.maximum(mejora, 0.0))
""", "mejora_esperada")

IMPROVEMENT_ZERO_WITHOUT_UNCERTAINTY = in_notebook("""
def mejora_esperada(mu, sigma, f_mejor, xi=0.0):
    mu, sigma = np.asarray(mu, dtype=float), np.asarray(sigma, dtype=float)
    mejora = mu - f_mejor - xi
    z = np.divide(mejora, sigma, out=np.zeros_like(mejora), where=sigma > 0)
    return np.where(sigma > 0, mejora * norm.cdf(z) + sigma * norm.pdf(z), 0.0)
""", "mejora_esperada")

BAYES_IS_RANDOM_SEARCH = in_notebook("""
def optimizacion_bayesiana(funcion, limites, n_evaluaciones, n_iniciales=3, semilla=0):
    puntos = np.random.default_rng(semilla).uniform(*limites, n_evaluaciones)
    return puntos, np.array([float(funcion(punto)) for punto in puntos])
""", "optimizacion_bayesiana")

BAYES_WITHOUT_REFITTING = in_notebook("""
def optimizacion_bayesiana(funcion, limites, n_evaluaciones, n_iniciales=3, semilla=0):
    generador = np.random.default_rng(semilla)
    puntos = list(generador.uniform(*limites, n_iniciales))
    valores = [float(funcion(punto)) for punto in puntos]
    candidatos = np.linspace(*limites, N_CANDIDATOS)
    modelo = GaussianProcessRegressor(kernel=NUCLEO, normalize_y=True).fit(np.reshape(puntos, (-1, 1)), valores)
    media, desvio = modelo.predict(candidatos.reshape(-1, 1), return_std=True)
    while len(puntos) < n_evaluaciones:
        siguiente = float(candidatos[np.argmax(mejora_esperada(media, desvio, max(valores)))])
        puntos.append(siguiente)
        valores.append(float(funcion(siguiente)))
    return np.array(puntos), np.array(valores)
""", "optimizacion_bayesiana")

BAYES_BY_THE_UPPER_BOUND = in_notebook("""
def optimizacion_bayesiana(funcion, limites, n_evaluaciones, n_iniciales=3, semilla=0):
    generador = np.random.default_rng(semilla)
    puntos = list(generador.uniform(*limites, n_iniciales))
    valores = [float(funcion(punto)) for punto in puntos]
    candidatos = np.linspace(*limites, N_CANDIDATOS)
    while len(puntos) < n_evaluaciones:
        modelo = GaussianProcessRegressor(kernel=NUCLEO, normalize_y=True).fit(np.reshape(puntos, (-1, 1)), valores)
        media, desvio = modelo.predict(candidatos.reshape(-1, 1), return_std=True)
        puntos.append(float(candidatos[np.argmax(media + 2 * desvio)]))
        valores.append(float(funcion(puntos[-1])))
    return np.array(puntos), np.array(valores)
""", "optimizacion_bayesiana")

BAYES_WITH_FIVE_EVALUATIONS = in_notebook("""
x_bayes, y_bayes = optimizacion_bayesiana(f_objetivo, LIMITES, 5)
""", "x_bayes", "y_bayes")

RANDOM_SEARCH_WITH_ANOTHER_SEED = in_notebook("""
y_azar = f_objetivo(np.random.default_rng(0).uniform(*LIMITES, N_EVALUACIONES))
""", "y_azar")

QUADRATIC_WITH_INTEGERS = in_notebook("""
def objetivo_cuadratico(trial):
    x = trial.suggest_int("x", -10, 10)
    return (x - 2) ** 2

estudio_cuadratico = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=SEMILLA))
estudio_cuadratico.optimize(objetivo_cuadratico, n_trials=100)
""", "objetivo_cuadratico", "estudio_cuadratico")

QUADRATIC_MAXIMIZED = in_notebook("""
estudio_cuadratico = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=SEMILLA))
estudio_cuadratico.optimize(objetivo_cuadratico, n_trials=100)
""", "estudio_cuadratico")

MODELS_WITH_FIVE_FOLDS = in_notebook("""
def objetivo_modelos(trial):
    if trial.suggest_categorical("classifier", ["SVC", "RandomForest"]) == "SVC":
        clasificador = SVC(C=trial.suggest_float("svc_c", 1e-10, 1e10, log=True), gamma="auto")
    else:
        clasificador = RandomForestClassifier(max_depth=int(trial.suggest_float("rf_max_depth", 2, 32, log=True)),
                                              n_estimators=10)
    return cross_val_score(clasificador, X_iris, y_iris, cv=5).mean()
""", "objetivo_modelos")

MODELS_WITH_A_LINEAR_C = in_notebook("""
def objetivo_modelos_lineal(trial):
    if trial.suggest_categorical("classifier", ["SVC", "RandomForest"]) == "SVC":
        clasificador = SVC(C=trial.suggest_float("svc_c", 1e-10, 1e10), gamma="auto")
    else:
        clasificador = RandomForestClassifier(max_depth=int(trial.suggest_float("rf_max_depth", 2, 32, log=True)),
                                              n_estimators=10)
    return cross_val_score(clasificador, X_iris, y_iris, cv=3).mean()

estudio_modelos = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=SEMILLA))
estudio_modelos.optimize(objetivo_modelos_lineal, n_trials=30)
figura_historia = optuna.visualization.matplotlib.plot_optimization_history(estudio_modelos).figure
""", "estudio_modelos", "figura_historia")

HISTORY_OF_THE_QUADRATIC_STUDY = in_notebook("""
figura_historia = optuna.visualization.matplotlib.plot_optimization_history(estudio_cuadratico).figure
""", "figura_historia")

HISTORY_WITHOUT_THE_BEST_VALUES = in_notebook("""
figura_historia, eje = plt.subplots()
eje.plot([prueba.value for prueba in estudio_modelos.trials], "o-")
""", "figura_historia")


def keras_study_copy(*, units_log=True):
    """Notebook code: ``estudio_keras`` copied trial by trial, with ``units`` on a linear scale."""
    return in_notebook(f"""
from optuna.distributions import FloatDistribution, IntDistribution
from optuna.trial import create_trial
copia = optuna.create_study(direction="maximize")
for prueba in estudio_keras.trials:
    copia.add_trial(create_trial(
        params=prueba.params, intermediate_values=dict(prueba.intermediate_values),
        distributions={{"units": IntDistribution(16, 128, log={units_log}), "lr": FloatDistribution(1e-4, 1e-1, log=True)}},
        state=prueba.state, value=prueba.value))
estudio_keras = copia
""", "estudio_keras")




def keras_study_rewritten(change):
    """Notebook code: ``estudio_keras`` copied trial by trial, ``change`` (source of an expression of
    ``pasos``, the epochs' accuracies, and ``valor``, the trial's value) giving ``(pasos, valor)``."""
    return in_notebook(f"""
from optuna.trial import create_trial
copia = optuna.create_study(direction="maximize")
for prueba in estudio_keras.trials:
    pasos, valor = dict(prueba.intermediate_values), prueba.value
    pasos, valor = {change}
    copia.add_trial(create_trial(params=prueba.params, distributions=prueba.distributions, state=prueba.state,
                                 intermediate_values=pasos, value=valor))
estudio_keras = copia
""", "estudio_keras")


def keras_study(*, network="Dense(units, activation=\"relu\")", optimizer="RMSprop(learning_rate=lr)", batch_size=32,
                prune=True):
    """Notebook code: ``estudio_keras`` run again as the question asks, but with the hidden part of
    the network, the optimizer or the batch size given (source), or never pruning."""
    pruning = "if trial.should_prune():\n            raise optuna.TrialPruned()" if prune else "pass"
    return in_notebook(f"""
redes_keras = {{}}

def objetivo_keras(trial):
    units = trial.suggest_int("units", 16, 128, log=True)
    lr = trial.suggest_float("lr", 1e-4, 1e-1, log=True)
    model = Sequential([Input(shape=[64]), {network}, Dense(10, activation="softmax")])
    model.compile(loss="sparse_categorical_crossentropy", optimizer={optimizer}, metrics=["accuracy"])
    redes_keras[trial.number] = model
    for epoca in range(EPOCAS_KERAS):
        model.fit(X_train_digitos, y_train_digitos, epochs=1, batch_size={batch_size}, verbose=0)
        exactitud = model.evaluate(X_valid_digitos, y_valid_digitos, verbose=0)[1]
        trial.report(exactitud, epoca)
        {pruning}
    return exactitud

estudio_keras = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=SEMILLA),
                                    pruner=optuna.pruners.MedianPruner(n_startup_trials=2, n_warmup_steps=1))
estudio_keras.optimize(objetivo_keras, n_trials=8)
""", "objetivo_keras", "estudio_keras", "redes_keras")


KERAS_TWO_HIDDEN_LAYERS = keras_study(network='Dense(units, activation="relu"), Dense(units, activation="relu")')
KERAS_WITH_ADAM = keras_study(optimizer="Adam(learning_rate=lr)")
KERAS_BATCHES_OF_64 = keras_study(batch_size=64)
# Every trial trained to the end, as a study without pruning would.
KERAS_STUDY_NEVER_PRUNES = keras_study(prune=False)

# Accuracies on the 1257 training digits instead of the 540 of validation (as many right answers).
KERAS_REPORTS_TRAINING_ACCURACY = keras_study_rewritten(
    "{epoca: round(exactitud * 1257 + 0.3) / 1257 for epoca, exactitud in pasos.items()}, valor")
KERAS_RETURNS_THE_FIRST_EPOCH = keras_study_rewritten("pasos, (pasos[0] if valor is not None else None)")
KERAS_UNITS_ON_A_LINEAR_SCALE = keras_study_copy(units_log=False)

TENSORBOARD_WITHOUT_VALIDATION = in_notebook("""
keras.utils.set_random_seed(SEMILLA)
modelo_tensorboard = build_model()
tensorboard_cb = TensorBoard(log_dir="sin_validacion/registros_tensorboard")
historia_tensorboard = modelo_tensorboard.fit(X_train, y_train, epochs=EPOCAS_TENSORBOARD, batch_size=32,
                                              callbacks=[tensorboard_cb], verbose=0)
""", "modelo_tensorboard", "tensorboard_cb", "historia_tensorboard")

TENSORBOARD_WITH_BATCHES_OF_64 = in_notebook("""
keras.utils.set_random_seed(SEMILLA)
modelo_tensorboard = build_model()
tensorboard_cb = TensorBoard(log_dir="lotes_64/registros_tensorboard")
historia_tensorboard = modelo_tensorboard.fit(X_train, y_train, epochs=EPOCAS_TENSORBOARD, batch_size=64,
                                              validation_data=(X_valid, y_valid), callbacks=[tensorboard_cb], verbose=0)
""", "modelo_tensorboard", "tensorboard_cb", "historia_tensorboard")

TENSORBOARD_WITH_A_VALIDATION_SPLIT = in_notebook("""
keras.utils.set_random_seed(SEMILLA)
modelo_tensorboard = build_model()
tensorboard_cb = TensorBoard(log_dir="separados/registros_tensorboard/")
historia_tensorboard = modelo_tensorboard.fit(X_train, y_train, epochs=5, batch_size=32, validation_split=0.2,
                                              callbacks=[tensorboard_cb], verbose=0)
""", "modelo_tensorboard", "tensorboard_cb", "historia_tensorboard")

TENSORBOARD_IN_ANOTHER_FOLDER = in_notebook("""
keras.utils.set_random_seed(SEMILLA)
modelo_tensorboard = build_model()
tensorboard_cb = TensorBoard(log_dir="logs")
historia_tensorboard = modelo_tensorboard.fit(X_train, y_train, epochs=EPOCAS_TENSORBOARD, batch_size=32,
                                              validation_data=(X_valid, y_valid), callbacks=[tensorboard_cb], verbose=0)
""", "modelo_tensorboard", "tensorboard_cb", "historia_tensorboard")

WRONG_ROUNDS = [
    [
        ("grid_counted_as_a_sum", {"test_q1_grilla"}, GRID_COUNTED_AS_A_SUM),
        ("factor_without_the_root", {"test_q2_factor"}, FACTOR_WITHOUT_THE_ROOT),
        ("learning_rate_uniform", {"test_q3_espacio", "test_q3_sorteo"}, LEARNING_RATE_UNIFORM),
        ("checkpoint_every_epoch", {"test_q4_checkpoint", "test_q4_recuperado"}, CHECKPOINT_EVERY_EPOCH),
        ("improvement_without_the_sigma_term", {"test_q5_mejora"}, IMPROVEMENT_WITHOUT_THE_SIGMA_TERM),
        ("quadratic_with_integers", {"test_q6_cuadratico"}, QUADRATIC_WITH_INTEGERS),
        ("tensorboard_without_validation", {"test_q7_registros"}, TENSORBOARD_WITHOUT_VALIDATION),
    ],
    [
        ("random_with_replacement", {"test_q1_azar"}, RANDOM_WITH_REPLACEMENT),
        ("sweep_growing_linearly", {"test_q2_barrido"}, SWEEP_GROWING_LINEARLY),
        ("search_with_two_folds", {"test_q3_candidatos"}, SEARCH_WITH_TWO_FOLDS),
        ("patience_3", {"test_q4_parada"}, PATIENCE_3),
        ("bayes_is_random_search", {"test_q5_ciclo", "test_q5_adquisicion"}, BAYES_IS_RANDOM_SEARCH),
        ("models_with_five_folds", {"test_q6_modelos"}, MODELS_WITH_FIVE_FOLDS),
        ("tensorboard_in_another_folder", {"test_q7_configuracion"}, TENSORBOARD_IN_ANOTHER_FOLDER),
    ],
    [
        ("values_counted_with_repeats", {"test_q1_valores"}, VALUES_COUNTED_WITH_REPEATS),
        ("suggested_at_the_blow_up", {"test_q2_sugerida"}, SUGGESTED_AT_THE_BLOW_UP),
        ("neurons_up_to_49", {"test_q3_espacio", "test_q3_sorteo"}, NEURONS_UP_TO_49),
        ("last_weights_kept", {"test_q4_parada"}, LAST_WEIGHTS_KEPT),
        ("bayes_with_five_evaluations", {"test_q5_resultado"}, BAYES_WITH_FIVE_EVALUATIONS),
        ("history_of_the_quadratic_study", {"test_q6_historia"}, HISTORY_OF_THE_QUADRATIC_STUDY),
    ],
    [
        ("grid_list_incomplete", {"test_q1_grilla"}, GRID_LIST_INCOMPLETE),
        ("suggested_at_the_first_rise", {"test_q2_sugerida"}, SUGGESTED_AT_THE_FIRST_RISE),
        ("best_refit_on_ten_rows", {"test_q3_mejor", "test_q3_entrenamiento"}, BEST_REFIT_ON_TEN_ROWS),
        ("recovered_untrained", {"test_q4_recuperado"}, RECOVERED_UNTRAINED),
        ("improvement_zero_without_uncertainty", {"test_q5_mejora"}, IMPROVEMENT_ZERO_WITHOUT_UNCERTAINTY),
        ("keras_study_never_prunes", {"test_q6_poda"}, KERAS_STUDY_NEVER_PRUNES),
    ],
    [
        ("random_on_the_grid", {"test_q1_azar"}, RANDOM_ON_THE_GRID),
        ("retrained_with_the_default_rate", {"test_q2_reentrenado"}, RETRAINED_WITH_THE_DEFAULT_RATE),
        ("candidates_sampled_again", {"test_q3_candidatos", "test_q3_sorteo"}, CANDIDATES_SAMPLED_AGAIN),
        ("bayes_without_refitting", {"test_q5_ciclo", "test_q5_adquisicion"}, BAYES_WITHOUT_REFITTING),
        ("models_with_a_linear_c", {"test_q6_modelos"}, MODELS_WITH_A_LINEAR_C),
    ],
    [
        ("not_retrained", {"test_q2_reentrenado"}, NOT_RETRAINED),
        ("random_search_with_another_seed", {"test_q5_resultado"}, RANDOM_SEARCH_WITH_ANOTHER_SEED),
        ("random_ignoring_its_seed", {"test_q1_azar"}, RANDOM_IGNORING_ITS_SEED),
        ("recovered_is_the_trained_model", {"test_q4_recuperado"}, RECOVERED_IS_THE_TRAINED_MODEL),
        ("quadratic_maximized", {"test_q6_cuadratico"}, QUADRATIC_MAXIMIZED),
    ],
    [
        ("history_without_the_best_values", {"test_q6_historia"}, HISTORY_WITHOUT_THE_BEST_VALUES),
        ("search_for_20_epochs", {"test_q3_entrenamiento"}, SEARCH_FOR_20_EPOCHS),
        ("rate_written_by_hand", {"test_q2_reentrenado"}, RATE_WRITTEN_BY_HAND),
        ("bayes_by_the_upper_bound", {"test_q5_adquisicion"}, BAYES_BY_THE_UPPER_BOUND),
    ],
    [
        ("keras_units_on_a_linear_scale", {"test_q6_keras"}, KERAS_UNITS_ON_A_LINEAR_SCALE),
        ("search_validated_on_the_test_set", {"test_q3_entrenamiento"}, SEARCH_VALIDATED_ON_THE_TEST_SET),
        ("sweep_recording_the_root_of_the_loss", {"test_q2_barrido"}, SWEEP_RECORDING_THE_ROOT_OF_THE_LOSS),
    ],
    [
        ("keras_returns_the_first_epoch", {"test_q6_keras", "test_q6_poda"}, KERAS_RETURNS_THE_FIRST_EPOCH),
        ("search_without_early_stopping", {"test_q3_entrenamiento"}, SEARCH_WITHOUT_EARLY_STOPPING),
    ],
    [
        ("keras_reports_training_accuracy", {"test_q6_poda"}, KERAS_REPORTS_TRAINING_ACCURACY),
        ("retrained_with_batches_of_64", {"test_q2_reentrenado"}, RETRAINED_WITH_BATCHES_OF_64),
        ("search_with_patience_2", {"test_q3_entrenamiento"}, SEARCH_WITH_PATIENCE_2),
    ],
    [
        ("keras_two_hidden_layers", {"test_q6_redes"}, KERAS_TWO_HIDDEN_LAYERS),
        ("candidates_by_hand", {"test_q3_sorteo"}, CANDIDATES_BY_HAND),
        ("callbacks_with_batches_of_32", {"test_q4_recuperado"}, CALLBACKS_WITH_BATCHES_OF_32),
        ("tensorboard_with_batches_of_64", {"test_q7_configuracion"}, TENSORBOARD_WITH_BATCHES_OF_64),
    ],
    [
        ("keras_with_adam", {"test_q6_redes"}, KERAS_WITH_ADAM),
        ("search_with_batches_of_32", {"test_q3_entrenamiento"}, SEARCH_WITH_BATCHES_OF_32),
        ("callbacks_for_50_epochs", {"test_q4_parada"}, CALLBACKS_FOR_50_EPOCHS),
        ("tensorboard_with_a_validation_split", {"test_q7_configuracion"}, TENSORBOARD_WITH_A_VALIDATION_SPLIT),
    ],
    [
        ("keras_batches_of_64", {"test_q6_redes"}, KERAS_BATCHES_OF_64),
        ("search_settings_in_fit_kwargs", {"test_q3_entrenamiento"}, SEARCH_SETTINGS_IN_FIT_KWARGS),
        ("random_with_another_seed", {"test_q1_azar"}, RANDOM_WITH_ANOTHER_SEED),
    ],
]

# ---------------------------------------------------------------- correct variants

# Géron's callback (Hands-On ML, 2nd ed., chapter 11), with its lists named as the question asks:
# `on_batch_end`, no call to the parent's constructor, the rate read and assigned as a variable.
GERON_SWEEP = in_notebook("""
class ExponentialLearningRate(keras.callbacks.Callback):
    def __init__(self, factor):
        self.factor = factor
        self.tasas = []
        self.perdidas = []

    def on_batch_end(self, batch, logs):
        self.tasas.append(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate))
        self.perdidas.append(logs["loss"])
        self.model.optimizer.learning_rate.assign(self.model.optimizer.learning_rate * self.factor)

def factor_barrido(tasa_inicial, tasa_final, pasos):
    return math.exp(math.log(tasa_final / tasa_inicial) / pasos)

def tasa_sugerida(tasas, perdidas):
    perdidas = np.asarray(perdidas, dtype=float)
    anteriores = np.minimum.accumulate(np.concatenate([[np.inf], perdidas[:-1]]))
    disparada = ~np.isfinite(perdidas) | (perdidas > 2 * anteriores)
    return (tasas[int(np.argmax(disparada))] if disparada.any() else tasas[-1]) / 10

keras.utils.set_random_seed(SEMILLA)
model = build_model(learning_rate=TASA_INICIAL)
expon_lr = ExponentialLearningRate(factor=factor_barrido(TASA_INICIAL, TASA_FINAL, PASOS_BARRIDO))
history = model.fit(X_train, y_train, epochs=1, batch_size=LOTE_BARRIDO, callbacks=[expon_lr], verbose=0)
barrido = expon_lr
tasa_elegida = tasa_sugerida(barrido.tasas, barrido.perdidas)
keras.utils.set_random_seed(SEMILLA)
modelo_tasa = build_model(learning_rate=tasa_elegida)
modelo_tasa.fit(X_train, y_train, epochs=EPOCAS_TASA, batch_size=32, verbose=0)
""", "factor_barrido", "barrido", "tasa_sugerida", "tasa_elegida", "modelo_tasa")

SWEEP_WITH_ASSIGN_AND_ARRAYS = in_notebook("""
class Barrido(keras.callbacks.Callback):
    def __init__(self, factor):
        super().__init__()
        self.factor = factor
        self.tasas, self.perdidas = [], []

    def on_train_batch_end(self, batch, logs=None):
        tasa = self.model.optimizer.learning_rate
        self.tasas.append(float(keras.ops.convert_to_numpy(tasa)))
        self.perdidas.append(logs.get("loss"))
        tasa.assign(tasa * self.factor)

def factor_barrido(tasa_inicial, tasa_final, pasos):
    return np.power(tasa_final / tasa_inicial, 1.0 / pasos)

def tasa_sugerida(tasas, perdidas):
    i, menor = 0, perdidas[0]
    while i + 1 < len(perdidas):
        i += 1
        if math.isnan(perdidas[i]) or math.isinf(perdidas[i]) or perdidas[i] > 2 * menor:
            break
        menor = min(menor, perdidas[i])
    else:
        return tasas[-1] * 0.1
    return tasas[i] * 0.1

keras.utils.set_random_seed(SEMILLA)
modelo_barrido = build_model(learning_rate=TASA_INICIAL)
barrido = Barrido(factor_barrido(TASA_INICIAL, TASA_FINAL, PASOS_BARRIDO))
modelo_barrido.fit(X_train, y_train, epochs=1, batch_size=LOTE_BARRIDO, callbacks=[barrido], verbose=0)
tasa_elegida = tasa_sugerida(barrido.tasas, barrido.perdidas)
keras.utils.set_random_seed(SEMILLA)
modelo_tasa = Sequential([Input(shape=(8,)), Dense(30, activation="relu"), Dense(1)])
modelo_tasa.compile(loss="mean_squared_error", optimizer=keras.optimizers.SGD(tasa_elegida))
modelo_tasa.fit(X_train, y_train, epochs=EPOCAS_TASA, batch_size=32, verbose=0)
""", "factor_barrido", "barrido", "tasa_sugerida", "tasa_elegida", "modelo_tasa")

GRID_AND_RANDOM_BY_HAND_AND_PANDAS = in_notebook("""
import pandas as pd

def configuraciones_en_grilla(espacio):
    return math.prod(len(valores) for valores in espacio.values())

def configuraciones_al_azar(espacio, presupuesto, semilla=SEMILLA):
    return [*ParameterSampler(espacio, presupuesto, random_state=semilla)]

def valores_probados(configuraciones):
    return pd.DataFrame(list(configuraciones)).nunique().to_dict()

configuraciones_grilla = [dict(c) for c in ParameterGrid([ESPACIO_GRILLA])]
configuraciones_aleatorias = [dict(c) for c in configuraciones_al_azar(ESPACIO_ALEATORIO, 9)]
""", "configuraciones_en_grilla", "configuraciones_al_azar", "valores_probados", "configuraciones_grilla",
    "configuraciones_aleatorias")

GRID_BY_PRODUCT_AND_COUNTERS = in_notebook("""
import itertools
from collections import defaultdict

def configuraciones_en_grilla(espacio):
    return len(list(itertools.product(*espacio.values())))

def configuraciones_al_azar(espacio, presupuesto, semilla=SEMILLA):
    return [configuracion for configuracion in ParameterSampler(espacio, n_iter=presupuesto, random_state=semilla)]

def valores_probados(configuraciones):
    vistos = defaultdict(list)
    for configuracion in configuraciones:
        for nombre in configuracion:
            if configuracion[nombre] not in vistos[nombre]:
                vistos[nombre].append(configuracion[nombre])
    return {nombre: len(valores) for nombre, valores in vistos.items()}

configuraciones_grilla = [dict(zip(ESPACIO_GRILLA, valores)) for valores in itertools.product(*ESPACIO_GRILLA.values())]
configuraciones_aleatorias = configuraciones_al_azar(ESPACIO_ALEATORIO, configuraciones_en_grilla(ESPACIO_GRILLA))
""", "configuraciones_en_grilla", "configuraciones_al_azar", "valores_probados", "configuraciones_grilla",
    "configuraciones_aleatorias")

# The deck's search, with scikeras replaced by Keras's wrapper: `reciprocal`, the fit settings given
# to the search's `fit` as the slide gives them, `verbose=2`.
DECK_SEARCH = in_notebook("""
from scipy.stats import reciprocal
param_distrib = {
    "n_hidden": [0, 1, 2, 3],
    "n_neurons": np.arange(1, 100),
    "learning_rate": reciprocal(3e-4, 3e-2),
}
configuraciones_busqueda = list(ParameterSampler(param_distrib, N_ITER, random_state=SEMILLA))
keras_reg = SKLearnRegressor(build_model)
rnd_search_cv = RandomizedSearchCV(keras_reg, {"model_kwargs": configuraciones_busqueda}, n_iter=N_ITER, cv=3,
                                   verbose=2, random_state=SEMILLA)
parada_busqueda = keras.callbacks.EarlyStopping(patience=5)
rnd_search_cv.fit(X_train, y_train, epochs=EPOCAS_BUSQUEDA, batch_size=LOTE_BUSQUEDA,
                  validation_data=(X_valid, y_valid), callbacks=[parada_busqueda], verbose=0)
""", "param_distrib", "configuraciones_busqueda", "keras_reg", "rnd_search_cv", "parada_busqueda")

# `range` and `randint` in the space (drawn with SEMILLA: another draw than the solution's), the
# search's own `random_state`, scored by MSE, and an EarlyStopping that restores the best weights.
SEARCH_WITH_RANDINT_AND_RESTORED_WEIGHTS = in_notebook("""
from scipy.stats import randint
param_distrib = {"n_hidden": range(4), "n_neurons": randint(1, 100), "learning_rate": loguniform(3e-4, 3e-2)}
configuraciones_busqueda = [dict(c) for c in ParameterSampler(param_distrib, n_iter=N_ITER, random_state=SEMILLA)]
rnd_search_cv = RandomizedSearchCV(estimator=SKLearnRegressor(model=build_model),
                                   param_distributions=dict(model_kwargs=configuraciones_busqueda),
                                   n_iter=N_ITER, cv=3, random_state=0, scoring="neg_mean_squared_error")
parada_busqueda = EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True)
rnd_search_cv.fit(X_train, y_train, epochs=EPOCAS_BUSQUEDA, batch_size=LOTE_BUSQUEDA,
                  validation_data=(X_valid, y_valid), callbacks=[parada_busqueda], verbose=0)
""", "param_distrib", "configuraciones_busqueda", "rnd_search_cv", "parada_busqueda")

# The deck's callbacks code (`checkpoint_cb`, `early_stopping_cb`, rollback with `load_model`).
DECK_CALLBACKS = trained_with_callbacks('keras.callbacks.ModelCheckpoint("my_keras_model.keras", save_best_only=True)',
                                        "keras.callbacks.EarlyStopping(patience=10, restore_best_weights=True)",
                                        'keras.models.load_model("my_keras_model.keras")')
CALLBACKS_NAMED_IN_FULL = trained_with_callbacks(
    'ModelCheckpoint(filepath="el_mejor.keras", monitor="val_loss", mode="min", '
    'save_best_only=True, verbose=0)',
    'EarlyStopping(monitor="val_loss", mode="min", patience=10, restore_best_weights=True, min_delta=0)',
    "keras.saving.load_model(checkpoint_cb.filepath)")

IMPROVEMENT_BY_LOOPS_AND_BAYES_ON_A_FINER_GRID = in_notebook("""
from scipy import stats

def mejora_esperada(mu, sigma, f_mejor, xi=0.0):
    resultado = []
    for media, desvio in zip(np.ravel(mu), np.ravel(sigma)):
        if desvio == 0:
            resultado.append(max(media - f_mejor - xi, 0.0))
        else:
            z = (media - f_mejor - xi) / desvio
            resultado.append((media - f_mejor - xi) * stats.norm.cdf(z) + desvio * stats.norm.pdf(z))
    return np.array(resultado)

def optimizacion_bayesiana(funcion, limites, n_evaluaciones, n_iniciales=3, semilla=0):
    rng = np.random.default_rng(semilla)
    X_obs = rng.uniform(limites[0], limites[1], size=(n_iniciales, 1))
    y_obs = [funcion(x[0]) for x in X_obs]
    candidatos = np.linspace(limites[0], limites[1], 2001).reshape(-1, 1)
    for _ in range(n_evaluaciones - n_iniciales):
        gp = GaussianProcessRegressor(kernel=NUCLEO, normalize_y=True).fit(X_obs, y_obs)
        mu, sigma = gp.predict(candidatos, return_std=True)
        x_nuevo = candidatos[np.argmax(mejora_esperada(mu, sigma, np.max(y_obs)))]
        X_obs = np.vstack([X_obs, x_nuevo])
        y_obs.append(funcion(x_nuevo[0]))
    return list(X_obs[:, 0]), y_obs

x_bayes, y_bayes = optimizacion_bayesiana(f_objetivo, LIMITES, N_EVALUACIONES)
y_azar = [f_objetivo(x) for x in np.random.default_rng(SEMILLA).uniform(LIMITES[0], LIMITES[1], N_EVALUACIONES)]
""", "mejora_esperada", "optimizacion_bayesiana", "x_bayes", "y_bayes", "y_azar")

IMPROVEMENT_WITH_A_FROZEN_NORMAL_AND_XI = in_notebook("""
def mejora_esperada(mu, sigma, f_mejor, xi=0.0):
    mu = np.array(mu, dtype=float)
    sigma = np.maximum(np.array(sigma, dtype=float), 0.0)
    mejora = mu - f_mejor - xi
    ei = np.maximum(mejora, 0.0)
    hay = sigma > 0
    z = mejora[hay] / sigma[hay]
    ei[hay] = mejora[hay] * norm(0, 1).cdf(z) + sigma[hay] * norm(0, 1).pdf(z)
    return ei
""", "mejora_esperada")

# The deck's Optuna code: `suggest_uniform`, `suggest_loguniform`, `sklearn.svm.SVC`, no seed.
DECK_OPTUNA = in_notebook("""
import sklearn
import sklearn.ensemble
import sklearn.model_selection
import sklearn.svm

def objective(trial):
    x = trial.suggest_uniform('x', -10, 10)
    return (x - 2) ** 2

study = optuna.create_study()
study.optimize(objective, n_trials=100)

def objective_models(trial):
    classifier_name = trial.suggest_categorical('classifier', ['SVC', 'RandomForest'])
    if classifier_name == 'SVC':
        svc_c = trial.suggest_loguniform('svc_c', 1e-10, 1e10)
        classifier_obj = sklearn.svm.SVC(C=svc_c, gamma='auto')
    else:
        rf_max_depth = int(trial.suggest_loguniform('rf_max_depth', 2, 32))
        classifier_obj = sklearn.ensemble.RandomForestClassifier(max_depth=rf_max_depth, n_estimators=10)
    score = sklearn.model_selection.cross_val_score(classifier_obj, X_iris, y_iris, n_jobs=1, cv=3)
    accuracy = score.mean()
    return accuracy

study_models = optuna.create_study(direction='maximize')
study_models.optimize(objective_models, n_trials=30)
ax = optuna.visualization.matplotlib.plot_optimization_history(study_models)
objetivo_cuadratico, estudio_cuadratico = objective, study
objetivo_modelos, estudio_modelos, figura_historia = objective_models, study_models, ax
""", "objetivo_cuadratico", "estudio_cuadratico", "objetivo_modelos", "estudio_modelos", "figura_historia")

# A Keras objective that reports from a callback and prunes by raising inside `fit`, with the
# deck's `suggest_loguniform` for the rate; `suggest_int` for the rest of the spaces.
OPTUNA_WITH_A_PRUNING_CALLBACK = in_notebook("""
class Informe(keras.callbacks.Callback):
    def __init__(self, trial):
        super().__init__()
        self.trial = trial

    def on_epoch_end(self, epoch, logs=None):
        self.trial.report(logs["val_accuracy"], step=epoch)
        if self.trial.should_prune():
            raise optuna.TrialPruned()

redes_keras = {}

def objetivo_keras(trial):
    model = Sequential()
    model.add(Input(shape=(64,)))
    model.add(Dense(trial.suggest_int("units", 16, 128, log=True), activation="relu"))
    model.add(Dense(10, activation="softmax"))
    model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                  optimizer=RMSprop(learning_rate=trial.suggest_loguniform("lr", 1e-4, 1e-1)))
    redes_keras[trial.number] = model
    historia = model.fit(X_train_digitos, y_train_digitos, validation_data=(X_valid_digitos, y_valid_digitos),
                         epochs=EPOCAS_KERAS, batch_size=32, callbacks=[Informe(trial)], verbose=0)
    return historia.history["val_accuracy"][-1]

estudio_keras = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=SEMILLA),
                                    pruner=optuna.pruners.MedianPruner(n_startup_trials=2, n_warmup_steps=1))
estudio_keras.optimize(objetivo_keras, n_trials=8)

def objetivo_cuadratico(trial):
    return (trial.suggest_float(name="x", low=-10.0, high=10.0) - 2.0) ** 2

estudio_cuadratico = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=0))
estudio_cuadratico.optimize(objetivo_cuadratico, n_trials=100)
figura_historia = optuna.visualization.matplotlib.plot_optimization_history(estudio_modelos, target_name="exactitud")
""", "objetivo_keras", "estudio_keras", "redes_keras", "objetivo_cuadratico", "estudio_cuadratico", "figura_historia")

TENSORBOARD_WITH_HISTOGRAMS = in_notebook("""
import os
keras.utils.set_random_seed(SEMILLA)
modelo_tensorboard = build_model()
tensorboard_cb = keras.callbacks.TensorBoard(os.path.join(os.curdir, "con_histogramas", DIRECTORIO_TENSORBOARD),
                                             histogram_freq=1)
historia_tensorboard = modelo_tensorboard.fit(X_train, y_train, epochs=EPOCAS_TENSORBOARD,
                                              validation_data=(X_valid, y_valid), callbacks=[tensorboard_cb], verbose=0)
""", "modelo_tensorboard", "tensorboard_cb", "historia_tensorboard")

TENSORBOARD_IN_A_SUBFOLDER_WITH_TWO_LAYERS = in_notebook("""
keras.utils.set_random_seed(SEMILLA)
modelo_tensorboard = build_model(n_hidden=2)
tensorboard_cb = TensorBoard(log_dir="dos_capas/registros_tensorboard/", update_freq="epoch")
historia_tensorboard = modelo_tensorboard.fit(X_train, y_train, 32, 5, validation_data=(X_valid, y_valid),
                                              callbacks=[tensorboard_cb], verbose=0)
""", "modelo_tensorboard", "tensorboard_cb", "historia_tensorboard")

ALTERNATIVE_ROUNDS = [
    ("deck_and_geron_code", combined(GRID_AND_RANDOM_BY_HAND_AND_PANDAS, GERON_SWEEP, DECK_SEARCH, DECK_CALLBACKS,
                                     IMPROVEMENT_BY_LOOPS_AND_BAYES_ON_A_FINER_GRID, DECK_OPTUNA,
                                     TENSORBOARD_WITH_HISTOGRAMS)),
    ("other_api_styles_objects_and_seeds", combined(
        GRID_BY_PRODUCT_AND_COUNTERS, SWEEP_WITH_ASSIGN_AND_ARRAYS, SEARCH_WITH_RANDINT_AND_RESTORED_WEIGHTS,
        CALLBACKS_NAMED_IN_FULL, IMPROVEMENT_WITH_A_FROZEN_NORMAL_AND_XI, OPTUNA_WITH_A_PRUNING_CALLBACK,
        TENSORBOARD_IN_A_SUBFOLDER_WITH_TWO_LAYERS)),
]

# Answers written into the solution's source, then executed: later cells see their effects. They
# run together with DECK_SOURCES (which touch none of their questions) and must fail exactly these.
WRONG_SOURCES = [
    ("budget_of_three_and_tensorboard_without_validation", {"test_q1_azar", "test_q7_registros"}, [
        ("configuraciones_aleatorias = configuraciones_al_azar(ESPACIO_ALEATORIO, len(configuraciones_grilla))",
         "configuraciones_aleatorias = configuraciones_al_azar(ESPACIO_ALEATORIO, 3)"),
        ("                                              validation_data=(X_valid, y_valid), callbacks=[tensorboard_cb],",
         "                                              callbacks=[tensorboard_cb],"),
    ]),
]

# The deck's own code, written where the solution has its own: the search space with `reciprocal`
# and the search fitted as the slide fits it; the callbacks of the slide.
DECK_SOURCES = [
    ("deck_search_and_callbacks", [
        ('''    "learning_rate": loguniform(3e-4, 3e-2),
}''', '''    "learning_rate": reciprocal(3e-4, 3e-2),
}'''),
        ("param_distrib = {", "from scipy.stats import reciprocal\nparam_distrib = {"),
        ('''checkpoint_cb = ModelCheckpoint(ARCHIVO_MEJOR_MODELO, save_best_only=True)
early_stopping_cb = EarlyStopping(patience=10, restore_best_weights=True)''',
         '''checkpoint_cb = keras.callbacks.ModelCheckpoint("my_keras_model.keras", save_best_only=True)
early_stopping_cb = keras.callbacks.EarlyStopping(patience=10,
                                                  restore_best_weights=True)'''),
        ("modelo_recuperado = keras.models.load_model(ARCHIVO_MEJOR_MODELO)",
         'modelo_recuperado = keras.models.load_model("my_keras_model.keras") # rollback to best model'),
    ]),
]
