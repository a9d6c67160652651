from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 4

@test_case(points=0, hidden=False)
def test_q4_buscado(random_search_tuner, mejores_hiperparametros):
    assert hasattr(random_search_tuner, 'oracle'), '`random_search_tuner` debería ser un `kt.RandomSearch`.'
    assert len(random_search_tuner.oracle.trials) > 0, '`random_search_tuner` todavía no buscó: llame a su `search`.'
    assert hasattr(mejores_hiperparametros, 'values'), '`mejores_hiperparametros` debería ser `random_search_tuner.get_best_hyperparameters()[0]`.'

