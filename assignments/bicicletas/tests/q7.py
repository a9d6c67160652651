from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 4

@test_case(points=0, hidden=False)
def test_q7_explicado(explicacion, N_EXPLICADOS):
    import shap
    assert isinstance(explicacion, shap.Explanation), '`explicacion` debería ser lo que devuelve el explicador llamado con las filas a explicar (un `shap.Explanation`).'
    assert len(explicacion.values) == N_EXPLICADOS, f'`explicacion` debería explicar N_EXPLICADOS = {N_EXPLICADOS} filas, pero explica {len(explicacion.values)}.'

