"""The class report's figures, drawn with matplotlib (no screen needed) as PNG bytes. matplotlib is
imported when a figure is drawn, not with the command line."""

import io

from .statistics import ClassSummary

COLOR = "#2b6cb0"
DPI = 110


def _subplots(**options):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(**options)


def _png(figure) -> bytes:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


def totals_histogram(summary: ClassSummary) -> bytes:
    """How many students got each total."""
    figure, axes = _subplots(figsize=(7, 3.2))
    top = max(summary.max_total, max(summary.totals, default=0), 1)
    bins = min(int(top) + 1, 25)
    axes.hist(summary.totals, bins=bins, range=(0, top), color=COLOR, edgecolor="white")
    axes.set_xlabel(f"Puntaje total (de {summary.max_total:g})")
    axes.set_ylabel("Estudiantes")
    axes.set_title("Distribución de los puntajes totales")
    axes.yaxis.get_major_locator().set_params(integer=True)
    return _png(figure)


def question_means(summary: ClassSummary) -> bytes:
    """Each question's mean share of its points and share of students with full marks."""
    figure, axes = _subplots(figsize=(7, 3.2))
    names = [question.name for question in summary.questions]
    positions = range(len(names))
    means = [question.mean_points / question.max_points if question.max_points else 0
             for question in summary.questions]
    axes.bar([p - 0.2 for p in positions], means, width=0.4, color=COLOR, label="puntos medios / máximo")
    axes.bar([p + 0.2 for p in positions], [question.full_share for question in summary.questions], width=0.4,
             color="#9ac1e8", label="con todos los puntos")
    axes.set_xticks(list(positions), names)
    axes.set_ylim(0, 1)
    axes.set_ylabel("Proporción")
    axes.set_title("Resultados por pregunta")
    axes.legend(loc="upper right", fontsize="small")
    return _png(figure)


def grading_times(summary: ClassSummary) -> bytes:
    """The seconds each submission's grading took, the slowest first."""
    times = summary.times or [("—", 0.0)]
    figure, axes = _subplots(figsize=(7, max(1.6, 0.22 * len(times) + 0.8)))
    axes.barh([student for student, _ in times][::-1], [seconds for _, seconds in times][::-1], color=COLOR)
    axes.set_xlabel("Segundos de calificación")
    axes.set_title("Tiempo de calificación por entrega")
    axes.tick_params(axis="y", labelsize="small")
    return _png(figure)


FIGURES = {"totales": totals_histogram, "preguntas": question_means, "tiempos": grading_times}
