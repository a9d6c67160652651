from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 4

@test_case(points=0, hidden=False)
def test_q7_objetos(modelo_sobreajuste, parada, historia_sobreajuste, modelo_regularizado, historia_regularizada):
    from autograder.checks import check_callback, check_model
    check_model(modelo_sobreajuste, 'modelo_sobreajuste')
    check_model(modelo_regularizado, 'modelo_regularizado')
    check_callback(parada, 'parada', kind='EarlyStopping')
    for nombre, historia in (('historia_sobreajuste', historia_sobreajuste), ('historia_regularizada', historia_regularizada)):
        assert 'val_loss' in getattr(historia, 'history', {}), f'`{nombre}` debería ser lo que devuelve `fit(...)` con `validation_data=(X_valid_escalado[:N_VALIDACION], y_valid[:N_VALIDACION])`.'

