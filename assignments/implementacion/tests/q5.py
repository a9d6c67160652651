from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 6

@test_case(points=0, hidden=False)
def test_q5_formas(gradientes):
    import numpy as np
    from autograder.checks import check_array
    generador = np.random.default_rng(0)
    pesos = [generador.normal(size=(3, 4)), generador.normal(size=4), generador.normal(size=(4, 2)), generador.normal(size=2)]
    resultado = gradientes(generador.normal(size=(5, 3)), generador.normal(size=(5, 2)), *pesos)
    assert isinstance(resultado, (tuple, list)) and len(resultado) == 4, '`gradientes` debería devolver una tupla de cuatro arreglos: (dW_h, db_h, dW_o, db_o).'
    for nombre, gradiente, peso in zip(['dW_h', 'db_h', 'dW_o', 'db_o'], resultado, pesos):
        check_array(gradiente, f'{nombre} (de la misma forma que su arreglo de pesos)', shape=peso.shape)

