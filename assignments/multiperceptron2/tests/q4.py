from otter.test_files import test_case

OK_FORMAT = False

name = "q4"
points = 3

@test_case(points=0, hidden=False)
def test_q4_numero(penalizacion):
    import numbers
    import numpy as np
    resultado = penalizacion([np.array([[1.0, -2.0]]), np.array([3.0])], 0.5, 0.0)
    assert isinstance(resultado, numbers.Real) or np.ndim(resultado) == 0, f'`penalizacion` debería devolver un número, pero devuelve {type(resultado).__name__}.'

