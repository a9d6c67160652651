from otter.test_files import test_case

OK_FORMAT = False

name = "q9"
points = 4

@test_case(points=0, hidden=False)
def test_q9_modelos(modelo_lista, modelo_activaciones, modelo_funcional, modelo_capas):
    from autograder.checks import check_model
    for nombre, valor in [('modelo_lista', modelo_lista), ('modelo_activaciones', modelo_activaciones), ('modelo_funcional', modelo_funcional), ('modelo_capas', modelo_capas)]:
        check_model(valor, nombre)

