from otter.test_files import test_case

OK_FORMAT = False

name = "q10"
points = 5

@test_case(points=0, hidden=False)
def test_q10_presupuesto(modelo_moda, PRESUPUESTO_PARAMETROS):
    from autograder.checks import check_param_counts
    total = check_param_counts(modelo_moda, 'modelo_moda')['total']
    assert total <= 150000, f'`modelo_moda` tiene {total} parámetros; el presupuesto es de {150000}: use menos capas o neuronas.'

