"""Results in Gradescope's format, from the evaluated questions: scores, Spanish text, hints."""

from .test_sources import scrub

STATUS_ES = {
    "ok": "calificada",
    "timeout": "tiempo agotado",
    "memory": "memoria excedida",
    "error": "error al calificar",
    "invalid": "entrega inválida",
    "tampered": "entorno alterado",
}


def question_entry(question: dict, *, visibility: str, hidden: set) -> dict:
    """One question's test entry: its points, a Spanish summary, the hints of failing checks, and
    each check's outcome in the test file's order (``cases``: for the TA's class report)."""
    cases = question["cases"]
    score = sum(case["points"] for case in cases if case["passed"])
    possible = sum(case["points"] for case in cases)
    outcomes = [{"passed": case["passed"], "hidden": case["hidden"], "points": case["points"],
                 "hint": "" if case["passed"] else scrub(case.get("hint", ""), hidden)} for case in cases]
    hints = list(dict.fromkeys(outcome["hint"] for outcome in outcomes if outcome["hint"]))
    lines = [f"Pregunta {question['name']}: {score:g} / {possible:g}"]
    if all(case["passed"] for case in cases):
        lines.append("Todas las verificaciones pasaron.")
    lines += [f"- {text}" for text in hints]
    return {"name": question["name"], "score": score, "max_score": possible, "visibility": visibility,
            "output": "\n".join(lines),
            "extra_data": {"hints": hints, "passed": sum(case["passed"] for case in cases),
                           "failed": sum(not case["passed"] for case in cases), "cases": outcomes}}


def gradescope_results(questions, *, status: str, reason: str, show_hidden: bool, hidden: set,
                       execution_time: float) -> dict:
    """The whole results file; ``extra_data`` carries the status and the reason."""
    visibility = "visible" if show_hidden else "after_published"
    tests = [question_entry(question, visibility=visibility, hidden=hidden) for question in questions]
    score = sum(test["score"] for test in tests)
    possible = sum(test["max_score"] for test in tests)
    reason = scrub(" ".join(str(reason).split()), hidden)[:500]
    summary = f"Estado: {STATUS_ES.get(status, status)}. Puntaje: {score:g} / {possible:g}."
    if reason:
        summary += f"\nMotivo: {reason}"
    return {
        "score": score,
        "execution_time": round(execution_time, 1),
        "output": summary,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"status": status, "reason": reason},
    }
