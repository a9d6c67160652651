from otter.test_files import test_case

OK_FORMAT = False

name = "q2"
points = 4

@test_case(points=0, hidden=False)
def test_q2_anotado(barrido):
    from autograder.checks import check_callback
    registros = check_callback(barrido, 'barrido', attributes=['tasas', 'perdidas'])
    assert len(registros['tasas']) == len(registros['perdidas']) > 0, f"`barrido` debería anotar una tasa y una pérdida por lote; anotó {len(registros['tasas'])} tasas y {len(registros['perdidas'])} pérdidas."

