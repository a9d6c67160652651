from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=0, hidden=False)
def test_q1_formato(tipo_de_aprendizaje, respuesta_jerarquia, respuesta_deep_learning):
    assert isinstance(tipo_de_aprendizaje, dict) and len(tipo_de_aprendizaje) == 6, '`tipo_de_aprendizaje` debería ser el diccionario de la celda, con sus 6 ejemplos.'
    otros = {ejemplo: tipo for ejemplo, tipo in tipo_de_aprendizaje.items() if str(tipo).strip().lower() not in ('supervisado', 'no supervisado', 'por refuerzo')}
    assert not otros, f'Cada ejemplo debería tener uno de los tipos de `TIPOS`, escrito igual; no lo tienen: {list(otros)}.'
    for nombre, respuesta in (('respuesta_jerarquia', respuesta_jerarquia), ('respuesta_deep_learning', respuesta_deep_learning)):
        assert str(respuesta).strip().lower() in ('a', 'b', 'c', 'd'), f'`{nombre}` debería ser una letra: "a", "b", "c" o "d"; es {respuesta!r}.'

