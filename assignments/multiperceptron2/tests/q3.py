from otter.test_files import test_case

OK_FORMAT = False

name = "q3"
points = 3

@test_case(points=0, hidden=False)
def test_q3_detenido(parada_temprana, historia_parada, EPOCAS_MAXIMAS):
    from autograder.checks import check_stopped_early
    check_stopped_early(parada_temprana, 'parada_temprana', history=historia_parada, max_epochs=EPOCAS_MAXIMAS)

