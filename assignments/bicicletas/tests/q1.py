from otter.test_files import test_case

OK_FORMAT = False

name = "q1"
points = 2

@test_case(points=0, hidden=False)
def test_q1_columnas(entrenamiento, validacion, prueba):
    for nombre, tabla in (('entrenamiento', entrenamiento), ('validacion', validacion), ('prueba', prueba)):
        faltan = [columna for columna in ('hora', 'dia_semana', 'mes', 'anio') if columna not in tabla]
        assert not faltan, f'A `{nombre}` le faltan las columnas {faltan}: aplíquele `agregar_fecha`.'

