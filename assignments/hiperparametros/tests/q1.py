from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 3

@test_case(points=0, hidden=False)
def test_q1_tipos(configuraciones_en_grilla, configuraciones_aleatorias, valores_probados):
    import numbers
    cuantas = configuraciones_en_grilla({'a': [1, 2], 'b': [3, 4, 5]})
    assert isinstance(cuantas, numbers.Integral), f'`configuraciones_en_grilla` debería devolver un entero, pero devuelve {cuantas!r}.'
    assert isinstance(configuraciones_aleatorias, list) and all((isinstance(c, dict) for c in configuraciones_aleatorias)), '`configuraciones_aleatorias` debería ser una lista de diccionarios (una configuración cada uno).'
    valores = valores_probados([{'a': 1}, {'a': 2}])
    assert isinstance(valores, dict), f'`valores_probados` debería devolver un diccionario, pero devuelve {valores!r}.'

