from otter.test_files import test_case

OK_FORMAT = False

name = "q8"
points = 5

@test_case(points=0, hidden=False)
def test_q8_formas(prob_sonar, y_pred_sonar, y_test_sonar, metricas_sonar):
    from autograder.checks import check_array
    check_array(prob_sonar, 'prob_sonar', shape=(len(y_test_sonar),))
    check_array(y_pred_sonar, 'y_pred_sonar', shape=(len(y_test_sonar),))
    claves = {'exactitud', 'precision', 'recall', 'f1', 'roc_auc', 'pr_auc'}
    assert isinstance(metricas_sonar, dict) and set(metricas_sonar) == claves, f'`metricas_sonar` debería ser un diccionario con las claves {sorted(claves)}.'

