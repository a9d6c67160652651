from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 2

@test_case(points=0, hidden=False)
def test_q2_entero(actualizaciones):
    import numbers
    resultado = actualizaciones(100, 3, 'mini-lote', 10)
    assert isinstance(resultado, numbers.Integral), f"`actualizaciones(100, 3, 'mini-lote', 10)` debería devolver un entero, pero devuelve {resultado!r}."

