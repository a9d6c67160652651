"""A matplotlib figure rebuilt in phase 2 from the data the notebook's figure held: a real
``Figure`` (no window, no pyplot) whose axes have the same titles, labels, limits, scales, legend,
lines (their x and y), bars, images (their shapes), scattered points and texts, so that a test can
grade a plot with matplotlib's own API (``ax.get_lines()[0].get_ydata()``, ``ax.get_xlabel()``)."""


def rebuilt_figure(spec, load_array):
    import numpy
    from matplotlib.figure import Figure

    figure = Figure(figsize=[float(size) for size in spec.get("size", [6.4, 4.8])])
    if spec.get("suptitle"):
        figure.suptitle(str(spec["suptitle"]))
    axes_specs = spec.get("axes", [])
    for index, ax_spec in enumerate(axes_specs, start=1):
        ax = figure.add_subplot(len(axes_specs), 1, index)
        for line in ax_spec.get("lines", []):
            ax.plot(load_array(line["x"]), load_array(line["y"]), label=str(line.get("label", "")),
                    color=line.get("color"), linestyle=line.get("linestyle", "-"), marker=line.get("marker", "None"))
        bars = ax_spec.get("bars", [])
        if bars:
            ax.bar([bar["x"] for bar in bars], [bar["height"] for bar in bars],
                   width=[bar["width"] for bar in bars], bottom=[bar["y"] for bar in bars], align="edge")
        for image in ax_spec.get("images", []):
            ax.imshow(numpy.zeros([int(n) for n in image["shape"]]))
        for points in ax_spec.get("points", []):
            offsets = load_array(points["offsets"]).reshape(-1, 2)
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
