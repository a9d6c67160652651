from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 2

@test_case(points=0, hidden=False)
def test_q6_devuelve(colapsar_lineales, modelo_una_capa):
    import numpy as np
    from autograder.checks import check_model
    resultado = colapsar_lineales(np.ones((2, 3)), np.ones(3), np.ones((3, 2)), np.ones(2))
    assert isinstance(resultado, (tuple, list)) and len(resultado) == 2, '`colapsar_lineales` debería devolver una tupla (W, b).'
    check_model(modelo_una_capa, 'modelo_una_capa')

