"""Per-student feedback in Spanish, from a results JSON: points and the hint of each failing check.

The engine stores each question's hints (the check library's messages, scrubbed of hidden tests'
text) in the question's ``extra_data``; the tests' code never reaches a results file.
"""

from .engine.phase2.results import STATUS_ES


def question_feedback(results: dict) -> dict:
    """For each graded question: (score, max_score, hints)."""
    feedback = {}
    for test in results.get("tests", []):
        if test.get("max_score") is None:
            continue
        feedback[test["name"]] = (float(test.get("score") or 0), float(test["max_score"]),
                                  list(test.get("extra_data", {}).get("hints", [])))
    return feedback


def render(*, workshop_title: str, student: str, submission: str, results: dict) -> str:
    """The feedback text (Markdown) for one student."""
    extra = results.get("extra_data", {})
    questions = question_feedback(results)
    total = sum(score for score, _, _ in questions.values())
    possible = sum(maximum for _, maximum, _ in questions.values())
    lines = [
        f"# Devolución — {workshop_title}",
        "",
        f"- Estudiante: {student}",
        f"- Entrega: {submission}",
        f"- Estado: {STATUS_ES.get(extra.get('status'), extra.get('status'))}",
        f"- Puntaje: {total:g} / {possible:g}",
    ]
    if extra.get("reason"):
        lines.append(f"- Motivo: {extra['reason']}")
    lines += ["", "| Pregunta | Puntos | Resultado |", "| --- | --- | --- |"]
    for question, (score, maximum, _) in questions.items():
        verdict = "aprobada" if score >= maximum else ("parcial" if score > 0 else "no aprobada")
        lines.append(f"| {question} | {score:g} / {maximum:g} | {verdict} |")
    for question, (score, maximum, messages) in questions.items():
        if score < maximum and messages:
            lines += ["", f"## {question}", ""] + [f"- {message}" for message in messages]
    return "\n".join(lines) + "\n"
