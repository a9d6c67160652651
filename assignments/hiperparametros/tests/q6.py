from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 5

@test_case(points=0, hidden=False)
def test_q6_estudios(estudio_cuadratico, estudio_modelos, estudio_keras, redes_keras):
    import optuna
    for nombre, estudio in (('estudio_cuadratico', estudio_cuadratico), ('estudio_modelos', estudio_modelos), ('estudio_keras', estudio_keras)):
        assert isinstance(estudio, optuna.study.Study), f'`{nombre}` debería ser un estudio de Optuna (`optuna.create_study`).'
        assert len(estudio.trials) > 0, f'`{nombre}` no tiene pruebas: llame a su `optimize`.'
    faltan = [prueba.number for prueba in estudio_keras.trials if prueba.number not in dict(redes_keras or {})]
    assert not faltan, f'`redes_keras` debería tener la red de cada prueba de `estudio_keras`; le faltan las de {faltan}.'

