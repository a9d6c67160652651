from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 2

@test_case(points=0, hidden=False)
def test_q5_capas(modelo_dropout):
    from autograder.checks import check_model
    tipos = [type(capa).__name__ for capa in check_model(modelo_dropout, 'modelo_dropout').layers if type(capa).__name__ != 'InputLayer']
    assert tipos == ['Dense', 'Dropout', 'Dense'], f"Las capas de `modelo_dropout` deberían ser Dense → Dropout → Dense, pero son {' → '.join(tipos)}."

