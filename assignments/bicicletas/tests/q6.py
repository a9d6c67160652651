from otter.test_files import test_case

OK_FORMAT = False

name = "q6"
points = 5

@test_case(points=0, hidden=False)
def test_q6_optimizado(estudio):
    import optuna
    assert isinstance(estudio, optuna.study.Study), '`estudio` debería ser un estudio de Optuna (`optuna.create_study`).'
    assert estudio.trials, '`estudio` no tiene pruebas: llame a `estudio.optimize(objetivo, n_trials=N_PRUEBAS)`.'

