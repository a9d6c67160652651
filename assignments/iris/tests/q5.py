from otter.test_files import test_case

OK_FORMAT = False

name = "q5"
points = 1

@test_case(points=0, hidden=False)
def test_q5_diapositiva(actualizaciones_por_epoca):
    from autograder.checks import check_equal
    check_equal(actualizaciones_por_epoca(500, 20), 'actualizaciones_por_epoca(500, 20)', expected=25)

