from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=0, hidden=False)
def test_q1_formas(X, T):
    import numpy as np
    from autograder.checks import check_array
    check_array(X, 'X', shape=(150, 4))
    check_array(T, 'T')
    assert np.ndim(T) == 2, '`T` debería ser una matriz con una columna por especie (one-hot), no un vector.'

