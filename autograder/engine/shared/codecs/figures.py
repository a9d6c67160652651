"""matplotlib figures as their axes' titles, labels, limits, scales, legends, lines (their x and
y), bars, images (their shapes), scattered points and texts; an ``Axes`` as its figure and its
place in it. Phase 2 rebuilds a real ``Figure`` (no window, no pyplot), so that a test grades a
plot with matplotlib's own API (``ax.get_lines()[0].get_ydata()``, ``ax.get_xlabel()``)."""

from .arrays import read_array, write_array
from .common import loaded


def encode(encoder, value, depth):
    matplotlib = loaded("matplotlib.figure")
    if matplotlib is None:
        return None
    axes_module = loaded("matplotlib.axes")
    if axes_module is not None and isinstance(value, axes_module.Axes):
        return {"axes_of_figure": {"figure": encoder.value(value.figure, depth + 1),
                                   "index": value.figure.axes.index(value)}}
    if not isinstance(value, matplotlib.Figure):
        return None
    numpy = loaded("numpy")

    def floats(data):
        return write_array(encoder, numpy.asarray(data, dtype=float))

    axes = []
    for ax in value.axes:
        legend = ax.get_legend()
        axes.append({
            "title": ax.get_title(), "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel(),
            "xlim": [float(limit) for limit in ax.get_xlim()], "ylim": [float(limit) for limit in ax.get_ylim()],
            "xscale": ax.get_xscale(), "yscale": ax.get_yscale(),
            "legend": [text.get_text() for text in legend.get_texts()] if legend is not None else None,
            "lines": [{"x": floats(line.get_xdata()), "y": floats(line.get_ydata()),
                       "label": str(line.get_label()), "color": _color(line.get_color()),
                       "linestyle": str(line.get_linestyle()), "marker": str(line.get_marker())}
                      for line in ax.get_lines()],
            "bars": [{"x": float(patch.get_x()), "width": float(patch.get_width()),
                      "height": float(patch.get_height()), "y": float(patch.get_y())}
                     for container in ax.containers for patch in container
                     if hasattr(patch, "get_height")],
            "images": [{"shape": list(numpy.asarray(image.get_array()).shape)} for image in ax.get_images()],
            "points": [{"offsets": floats(collection.get_offsets()), "label": str(collection.get_label())}
                       for collection in ax.collections if len(collection.get_offsets())],
            "texts": [text.get_text() for text in ax.texts],
        })
    suptitle = value._suptitle.get_text() if getattr(value, "_suptitle", None) is not None else ""
    return {"figure": {"size": [float(size) for size in value.get_size_inches()], "suptitle": suptitle,
                       "axes": axes}}


def _color(color):
    matplotlib_colors = loaded("matplotlib.colors")
    return matplotlib_colors.to_hex(color) if matplotlib_colors is not None else str(color)


def _figure(decoder, spec, depth):
    import numpy
    from matplotlib.figure import Figure

    def array(description):
        return read_array(decoder, description)

    figure = Figure(figsize=[float(size) for size in spec.get("size", [6.4, 4.8])])
    if spec.get("suptitle"):
        figure.suptitle(str(spec["suptitle"]))
    axes_specs = spec.get("axes", [])
    for index, ax_spec in enumerate(axes_specs, start=1):
        ax = figure.add_subplot(len(axes_specs), 1, index)
        for line in ax_spec.get("lines", []):
            ax.plot(array(line["x"]), array(line["y"]), label=str(line.get("label", "")),
                    color=line.get("color"), linestyle=line.get("linestyle", "-"), marker=line.get("marker", "None"))
        bars = ax_spec.get("bars", [])
        if bars:
            ax.bar([bar["x"] for bar in bars], [bar["height"] for bar in bars],
                   width=[bar["width"] for bar in bars], bottom=[bar["y"] for bar in bars], align="edge")
        for image in ax_spec.get("images", []):
            ax.imshow(numpy.zeros([int(n) for n in image["shape"]]))
        for points in ax_spec.get("points", []):
            offsets = array(points["offsets"]).reshape(-1, 2)
            ax.scatter(offsets[:, 0], offsets[:, 1], label=str(points.get("label", "")))
        for text in ax_spec.get("texts", []):
            ax.text(0, 0, str(text))
        ax.set_title(str(ax_spec.get("title", "")))
        ax.set_xlabel(str(ax_spec.get("xlabel", "")))
        ax.set_ylabel(str(ax_spec.get("ylabel", "")))
        ax.set_xscale(str(ax_spec.get("xscale", "linear")))
        ax.set_yscale(str(ax_spec.get("yscale", "linear")))
        if ax_spec.get("xlim"):
            ax.set_xlim(*ax_spec["xlim"])
        if ax_spec.get("ylim"):
            ax.set_ylim(*ax_spec["ylim"])
        if ax_spec.get("legend") is not None:
            ax.legend([str(label) for label in ax_spec["legend"]])
    return figure


def _axes_of_figure(decoder, spec, depth):
    return decoder.value(spec["figure"], depth + 1).axes[int(spec["index"])]


DECODERS = {"figure": _figure, "axes_of_figure": _axes_of_figure}
