from otter.test_files import test_case

OK_FORMAT = False

name = "q8"
points = 2

@test_case(points=0, hidden=False)
def test_q8_modelos(modelo_cargado, modelo_con_pesos):
    from autograder.checks import check_model
    check_model(modelo_cargado, 'modelo_cargado')
    check_model(modelo_con_pesos, 'modelo_con_pesos')

