from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=0, hidden=False)
def test_q1_devuelve(perceptron):
    import numpy as np
    from autograder.checks import check_array
    resultado = perceptron(np.array([[2.0, 1.0], [-1.0, -2.0]]), np.array([1, -1]), 10)
    assert isinstance(resultado, (tuple, list)) and len(resultado) == 3, '`perceptron` debería devolver una tupla de tres valores: (w, convergio, iteraciones).'
    check_array(resultado[0], 'w (un peso por entrada más el sesgo w0)', shape=(3,))

