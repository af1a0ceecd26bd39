"""The matcher holds PRODUCT.md's quality targets on the labelled development set."""

from pathlib import Path

from bot.evaluation import evaluate, load_questions
from bot.matching import Matcher

DEV_SET = Path(__file__).parent / "data" / "dev_questions.yaml"
INTENTS = {"que_es", "documento_nss", "verificar_alta", "registro_clinica", "cambio_plantel",
           "obligatorio_renuncia", "fechas_recepcion"}


def test_dev_set_is_large_and_covers_every_intent() -> None:
    questions = load_questions(DEV_SET)
    labels = [intent for _, intent in questions]
    assert len(questions) >= 200
    assert labels.count("none") >= 50
    assert set(labels) == INTENTS | {"none"}


def test_dev_set_does_not_copy_the_knowledge_base_phrasings(knowledge) -> None:
    phrasings = {p.casefold() for topic in knowledge.topics for p in topic.phrasings}
    copied = [text for text, _ in load_questions(DEV_SET) if text.casefold() in phrasings]
    assert copied == []


def test_matcher_meets_the_quality_targets(matcher: Matcher) -> None:
    rows, summary = evaluate(matcher, load_questions(DEV_SET))
    failures = "\n".join(f"{r.text!r}: {r.expected} -> {r.predicted} ({r.outcome} {r.score})"
                         for r in rows if r.predicted != r.expected)
    assert summary.in_scope_top1 >= 0.95, failures
    assert summary.out_of_scope_rejected >= 0.90, failures
    assert summary.confidently_wrong <= 0.02, failures
