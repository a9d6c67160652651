"""Per-student feedback in Spanish, from a results JSON: points and the hint of each failing check.

Otter's output for a failing test case holds the test's source line; only the exception's message
(the check library's hint) is kept here.
"""

import re

FAILED_MARK = "❌ Test case failed"
EXCEPTION_LINE = re.compile(r"^\s*([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt)): ?(.*)$")
STATUS_ES = {
    "ok": "calificada",
    "timeout": "tiempo agotado",
    "memory": "memoria excedida",
    "error": "error al calificar",
    "invalid": "entrega inválida",
}


def hints(output: str) -> list:
    """The messages of the failing test cases in one question's Otter output."""
    messages = []
    for block in output.split(FAILED_MARK)[1:]:
        for line in block.splitlines():
            found = EXCEPTION_LINE.match(line)
            if found:
                kind, message = found.groups()
                if kind == "AssertionError":
                    messages.append(message.strip() or "La verificación no se cumplió.")
                else:
                    messages.append(f"Error al evaluar su respuesta ({kind}): {message.strip()}")
                break
    return list(dict.fromkeys(messages))  # each hint once, in order


def question_feedback(results: dict) -> dict:
    """For each graded question: (score, max_score, hints)."""
    feedback = {}
    for test in results.get("tests", []):
        if test.get("max_score") is None:
            continue
        feedback[test["name"]] = (float(test.get("score") or 0), float(test["max_score"]),
                                  hints(test.get("output", "")))
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
