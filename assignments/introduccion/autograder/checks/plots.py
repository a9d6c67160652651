"""Checks on matplotlib plots: a figure's axes and their titles and labels, a curve with given
values (a learning curve from ``history.history``), bar heights, an image's shape.

They read matplotlib's public API only, so they grade the figure in the student's notebook and the
one grading rebuilds from its data alike."""

import numpy as np

from .arrays import check_close, require, tolerance


def _axes_of(value, name, *, whole_figure=False):
    """The axes of a figure, or the axes given (one, or an array from ``plt.subplots``); with
    ``whole_figure``, every axes of the figure they belong to."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    require(value, name)
    if isinstance(value, np.ndarray) and value.size and all(isinstance(ax, Axes) for ax in value.flat):
        axes = list(value.flat)
        return list(axes[0].figure.axes) if whole_figure and axes[0].figure is not None else axes
    if isinstance(value, Axes):
        return list(value.figure.axes) if whole_figure and value.figure is not None else [value]
    if isinstance(value, Figure):
        return list(value.axes)
    raise AssertionError(f"`{name}` debería ser una figura de matplotlib (`plt.figure()`, `fig, ax = "
                         f"plt.subplots()`), pero es de tipo {type(value).__name__}.")


def check_figure(figure, name, *, n_axes=None, titled=False, labeled=False):
    """Check a figure (or one of its axes): how many axes it has, and that each is titled and has
    both axis labels when asked; return its axes."""
    axes = _axes_of(figure, name, whole_figure=True)
    if not axes:
        raise AssertionError(f"`{name}` no tiene ningún gráfico: dibuje en ella antes de guardarla.")
    if n_axes is not None and len(axes) != n_axes:
        raise AssertionError(f"`{name}` debería tener {n_axes} gráficos (ejes), pero tiene {len(axes)}.")
    for index, ax in enumerate(axes, start=1):
        where = f"el gráfico {index} de `{name}`" if len(axes) > 1 else f"`{name}`"
        if titled and not ax.get_title():
            raise AssertionError(f"{where[0].upper()}{where[1:]} debería tener un título (`set_title`).")
        if labeled and not (ax.get_xlabel() and ax.get_ylabel()):
            raise AssertionError(f"{where[0].upper()}{where[1:]} debería nombrar sus dos ejes "
                                 f"(`set_xlabel` y `set_ylabel`).")
    return axes


def check_line(figure, name, *, y=None, x=None, label=None, min_points=None, atol=1e-6, rtol=1e-5):
    """Check that some curve of the figure (or axes) has the values ``y`` (and ``x``), the legend
    ``label`` and at least ``min_points`` points, as given; return that curve's ``(x, y)``."""
    lines = [line for ax in _axes_of(figure, name) for line in ax.get_lines()]
    if not lines:
        raise AssertionError(f"`{name}` no tiene ninguna curva: dibújela con `plot`.")

    def matches(line):
        found_x, found_y = (np.asarray(data, dtype=float) for data in line.get_data())
        return ((y is None or (found_y.shape == np.shape(y) and np.allclose(found_y, y, atol=atol, rtol=rtol)))
                and (x is None or (found_x.shape == np.shape(x) and np.allclose(found_x, x, atol=atol, rtol=rtol)))
                and (label is None or line.get_label() == label)
                and (min_points is None or found_y.size >= min_points))

    for line in lines:
        if matches(line):
            return tuple(np.asarray(data, dtype=float) for data in line.get_data())
    wanted = [f"{len(y)} valores y esperados ({tolerance(atol, rtol)})" if y is not None else "",
              f"la etiqueta {label!r}" if label is not None else "",
              f"al menos {min_points} puntos" if min_points is not None else ""]
    found = ", ".join(f"{len(line.get_ydata())} puntos" + (f" ({line.get_label()!r})" if not
                      line.get_label().startswith("_") else "") for line in lines)
    raise AssertionError(f"Ninguna curva de `{name}` tiene {', '.join(part for part in wanted if part) or 'lo esperado'}; "
                         f"sus curvas: {found}.")


def check_bars(figure, name, *, heights=None, n_bars=None, horizontal=False, atol=1e-6, rtol=1e-5):
    """Check the bars of the figure (``bar``, ``hist``; ``barh`` with ``horizontal``, their lengths
    being their widths): how many and their lengths, as given; return the lengths."""
    from matplotlib.patches import Rectangle

    found = np.array([patch.get_width() if horizontal else patch.get_height() for ax in _axes_of(figure, name)
                      for patch in ax.patches if isinstance(patch, Rectangle)], dtype=float)
    if not found.size:
        raise AssertionError(f"`{name}` no tiene barras: dibújelas con `bar` o `hist`.")
    if n_bars is not None and found.size != n_bars:
        raise AssertionError(f"`{name}` debería tener {n_bars} barras, pero tiene {found.size}.")
    if heights is not None:
        check_close(found, f"las {'longitudes' if horizontal else 'alturas'} de las barras de `{name}`",
                    expected=heights, atol=atol, rtol=rtol)
    return found


def check_image(figure, name, *, shape=None):
    """Check that the figure shows an image (``imshow``), of ``shape`` when given; return its shape."""
    images = [image for ax in _axes_of(figure, name) for image in ax.get_images()]
    if not images:
        raise AssertionError(f"`{name}` no muestra ninguna imagen: muéstrela con `imshow`.")
    shapes = [tuple(np.shape(image.get_array())) for image in images]
    if shape is not None and tuple(shape) not in shapes:
        raise AssertionError(f"`{name}` debería mostrar una imagen de forma {tuple(shape)}, pero muestra "
                             f"{', '.join(map(str, shapes))}.")
    return tuple(shape) if shape is not None else shapes[0]
