from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=0, hidden=False)
def test_q3_buscado(rnd_search_cv, param_distrib):
    assert isinstance(param_distrib, dict), '`param_distrib` debería ser un diccionario (nombre → valores o distribución).'
    assert hasattr(rnd_search_cv, 'cv_results_'), '`rnd_search_cv` todavía no buscó: llame a su `fit` con los datos de entrenamiento.'

