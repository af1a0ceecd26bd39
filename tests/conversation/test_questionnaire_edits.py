"""A student's open questionnaire when staff edit it: an old button never runs another option."""

from __future__ import annotations

from pathlib import Path

from bot.conversation import texts


def test_an_old_button_never_runs_another_option_after_staff_reorder(faq_copy: Path, tmp_path: Path) -> None:
    from bot.assembly import build_assistant
    from tests.conftest import settings_for

    before = build_assistant(settings_for(faq_copy, tmp_path))
    state: dict = {}
    [question] = before.on_action(state, "flow").replies
    public = next(b.action for b in question.buttons if b.label == "Sí, pública")
    flow = faq_copy / "elegibilidad.yaml"
    text = flow.read_text(encoding="utf-8")
    first = "      - texto: Sí, pública\n        ir_a: servicio_medico\n"
    second = "      - texto: No, es privada\n        ir_a: fin_no_aplica\n"
    flow.write_text(text.replace(first + second, second + first), encoding="utf-8")
    after = build_assistant(settings_for(faq_copy, tmp_path))
    replies = after.on_action(state, public).replies
    assert replies[0].text.startswith("¿Ya tienes algún servicio médico?")  # still "Sí, pública"
    renamed = flow.read_text(encoding="utf-8").replace("Sí, pública", "Sí, es pública")
    flow.write_text(renamed, encoding="utf-8")
    state = {}
    renamed_kb = build_assistant(settings_for(faq_copy, tmp_path))
    renamed_kb.on_action(state, "flow")
    [stale, again] = renamed_kb.on_action(state, public).replies
    assert stale.text == texts.STALE_OPTION
    assert again.text.startswith("Vamos a ver") and "Sí, es pública" in [b.label for b in again.buttons]
