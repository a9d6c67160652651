from otter.test_files import test_case

OK_FORMAT = False

name = "q8"
points = 4

@test_case(points=0, hidden=False)
def test_q8_resultados(tuner, mejores_modelos, mejores_hiperparametros):
    assert hasattr(tuner, 'oracle'), f'`tuner` debería ser una búsqueda de KerasTuner; es {type(tuner).__name__}.'
    assert isinstance(mejores_modelos, (list, tuple)), f'`mejores_modelos` debería ser la lista que devuelve `get_best_models`; es {type(mejores_modelos).__name__}.'
    assert hasattr(mejores_hiperparametros, 'values'), '`mejores_hiperparametros` debería ser un `HyperParameters` (el primero de `get_best_hyperparameters()`).'

