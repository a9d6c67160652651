from otter.test_files import test_case

OK_FORMAT = False

name = "q9"
points = 5

@test_case(points=0, hidden=False)
def test_q9_modelo(modelo_viviendas, rmse_test):
    import numpy as np
    from autograder.checks import check_input_shape, check_model
    check_model(modelo_viviendas, 'modelo_viviendas')
    check_input_shape(modelo_viviendas, 'modelo_viviendas', expected=(8,))
    assert rmse_test is not None and rmse_test is not ... and (np.ndim(rmse_test) == 0) and (float(rmse_test) > 0), '`rmse_test` debería ser un número positivo: la raíz del error cuadrático medio en prueba.'

