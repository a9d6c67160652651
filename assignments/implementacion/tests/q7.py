from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 2

@test_case(points=0, hidden=False)
def test_q7_sin_penalizacion(error_aumentado):
    import math
    import numpy as np
    valor = error_aumentado(0.75, [np.ones((2, 2)), np.ones(2)], 0.0, 10)
    assert math.isclose(float(valor), 0.75), f'Con λ = 0, `error_aumentado` debería devolver E_in (0.75), pero devuelve {valor!r}.'

