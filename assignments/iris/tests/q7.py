from otter.test_files import test_case

OK_FORMAT = False

name = "q7"
points = 1

@test_case(points=0, hidden=False)
def test_q7_definidos(W1, b1, W2, b2):
    for nombre, valor in {'W1': W1, 'b1': b1, 'W2': W2, 'b2': b2}.items():
        assert valor is not None and valor is not ..., f'`{nombre}` todavía no tiene valor.'

