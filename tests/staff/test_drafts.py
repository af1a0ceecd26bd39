"""The rules that draft a new answer from a ticket (bot/staff/drafts.py): a title as a student
would ask it, the office's reply without its greeting to one student, a student named anywhere
flagged, what blocks publishing, the admin's replies, and the drafts kept across a restart."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase
from bot.staff import learning_texts as say
from bot.staff.draft_store import MAX_AGE, DraftStore
from bot.staff.drafts import (
    ANSWER,
    PHRASES,
    TITLE,
    Draft,
    answer_from_reply,
    draft_from_ticket,
    naming_the_student,
    planned_id,
    problems,
    student_names,
    title_from_question,
    warnings,
    with_reply,
)


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("que pasa con mi seguro si me titulo", "¿Qué pasa con mi seguro si me titulo?"),
        (
            "Hola buenas tardes, q pasa con mi seguro si me titulo?? gracias!",
            "¿Qué pasa con mi seguro si me titulo?",
        ),
        ("Disculpe, donde recojo mi carnet", "¿Dónde recojo mi carnet?"),
        ("¿Puedo usar el seguro en vacaciones?", "¿Puedo usar el seguro en vacaciones?"),
        ("Me voy a titular, que pasa con mi seguro", "¿Me voy a titular, que pasa con mi seguro?"),
        (  # too long as a whole: its question sentence
            "Hola, me voy a titular en junio y me dijeron que me dan de baja en cuanto salga la "
            "cédula. ¿Qué pasa con mi seguro?",
            "¿Qué pasa con mi seguro?",
        ),
        ("gracias", "gracias"),  # nothing left once tidied: as it was, for the admin to change
    ],
)
def test_the_title_is_the_question_as_a_student_asks_it(question: str, title: str) -> None:
    assert title_from_question(question) == title


@pytest.mark.parametrize(
    ("reply", "answer", "greeting"),
    [
        ("Hola Ana: al titularte sigues vigente.", "Al titularte sigues vigente.", "Hola Ana:"),
        ("Buenas tardes, Ana. Sigues vigente.", "Sigues vigente.", "Buenas tardes, Ana."),
        ("Ana, sigues vigente.", "Sigues vigente.", "Ana,"),
        ("hola @ana_lopez sigues vigente", "Sigues vigente", "hola @ana_lopez"),
        ("Buenas noticias: sigues vigente.", "Buenas noticias: sigues vigente.", ""),
        ("Anabel también pregunta eso; sigues vigente.", "Anabel también pregunta eso; sigues vigente.", ""),
        ("Hola Ana", "Hola Ana", ""),  # nothing would be left
        ("Usa <b>IMSS Digital</b> & listo", "Usa &lt;b&gt;IMSS Digital&lt;/b&gt; &amp; listo", ""),
    ],
)
def test_the_answer_is_the_offices_reply_without_its_greeting(reply: str, answer: str, greeting: str) -> None:
    assert answer_from_reply(reply, ("Ana", "ana_lopez")) == (answer, greeting)


def test_the_student_is_named_by_the_ticket() -> None:
    assert student_names("Ana López (@ana_lopez)") == ("Ana", "ana_lopez")
    assert student_names("Beto") == ("Beto",)
    assert student_names("Al (@al_x)") == ("al_x",)  # two letters name too much


def draft(**changes: object) -> Draft:
    first = draft_from_ticket(
        7, "hola que pasa con mi seguro si me titulo", "Hola Ana: sigues vigente.", "Ana"
    )
    return replace(first, **changes)  # type: ignore[arg-type]


def test_a_fresh_draft_starts_from_the_ticket_and_needs_more_ways_of_asking() -> None:
    fresh = draft()
    assert fresh.title == "¿Qué pasa con mi seguro si me titulo?"
    assert fresh.answer == "Sigues vigente." and fresh.greeting == "Hola Ana:"
    assert fresh.phrases == (
        "hola que pasa con mi seguro si me titulo",
        "¿Qué pasa con mi seguro si me titulo?",
    )
    assert problems(fresh) == ["faltan 3 formas de preguntarlo (mínimo 5)"]
    assert warnings(fresh) == []
    ready = with_reply(replace(fresh, awaiting=PHRASES, prompt=99), "- uno\n\ndos\nDOS\n • tres ")
    assert ready.phrases[2:] == ("uno", "dos", "tres") and ready.rev == fresh.rev + 1
    assert ready.awaiting == "" and ready.prompt == 0 and problems(ready) == []


def test_a_draft_that_names_the_student_is_flagged_wherever_it_does() -> None:
    named = draft(answer="Sí, Ána, sigues vigente.", phrases=("soy ana y me titulo",))
    assert naming_the_student(named) == ["la respuesta", "la frase «soy ana y me titulo»"]
    assert warnings(named)[:2] == [
        "menciona al estudiante en la respuesta",
        "menciona al estudiante en la frase «soy ana y me titulo»",
    ]
    assert naming_the_student(draft(answer="Pregunta en la ventanilla de Anabel.")) == []
    masked = draft(answer="Llama al [TEL].")
    assert any("datos ocultos" in w for w in warnings(masked))


def test_what_blocks_publishing() -> None:
    ok = draft(phrases=tuple(f"frase {n}" for n in range(5)))
    assert problems(ok) == []
    assert problems(replace(ok, title="x" * 61)) == ["el título tiene 61 caracteres; el máximo es 60"]
    assert problems(replace(ok, title="¿<b>?")) == ["el título no puede llevar < ni &"]
    assert problems(replace(ok, title="")) == ["falta el título"]
    assert problems(replace(ok, answer="  ")) == ["falta la respuesta"]
    assert problems(replace(ok, answer="<b>sin cerrar"))[0].startswith("la respuesta tiene un formato")
    assert problems(replace(ok, phrases=(*ok.phrases[:4], "x" * 201)))[0].startswith("la frase «xxx")


def test_the_admins_replies_change_one_thing_each() -> None:
    fresh = draft()
    assert with_reply(replace(fresh, awaiting=TITLE), "  ¿Y si me  titulo?  ").title == "¿Y si me titulo?"
    new = with_reply(replace(fresh, awaiting=ANSWER), "<b>Sí</b>, sigues vigente.")
    assert new.answer == "<b>Sí</b>, sigues vigente." and new.greeting == ""
    assert with_reply(fresh, "nada") == fresh  # no prompt pending: nothing changes


def test_the_id_is_made_from_the_title_and_unique(knowledge: KnowledgeBase) -> None:
    assert (
        planned_id(knowledge, "¿Qué pasa con mi seguro si me titulo?")
        == "que_pasa_con_mi_seguro_si_me_titulo"
    )
    assert planned_id(knowledge, "Que es") == "que_es_2"  # que_es is taken


def test_buttons_fit_telegram_and_publish_only_when_ready(knowledge: KnowledgeBase) -> None:
    big = draft(id=10**9, rev=10**6)
    actions = [b.action for b in say.draft_reply(big, "vista", "x").buttons]
    assert all(len(f"1|{a}".encode()) <= 64 for a in actions)
    assert not any(a.startswith(say.PUBLISH) for a in actions)
    ready = replace(big, phrases=tuple(f"frase {n}" for n in range(5)))
    assert [b.label for b in say.draft_reply(ready, "vista", "x").buttons][3] == "✅ Publicar"
    named = replace(ready, answer="Ana: sí.")
    assert [b.label for b in say.draft_reply(named, "vista", "x").buttons][3] == "⚠️ Publicar así"
    existing = say.existing_reply(big, [("a" * 40, "t" * 60)])
    assert all(len(f"1|{b.action}".encode()) <= 64 and len(b.label) <= 40 for b in existing.buttons)


def test_drafts_survive_a_reopen_and_old_ones_go(tmp_path: Path) -> None:
    now = [1000.0]
    store = DraftStore(tmp_path, now=lambda: now[0])
    kept = store.create(draft())
    store.save(replace(kept, awaiting=TITLE, prompt=555))
    store.close()
    again = DraftStore(tmp_path, now=lambda: now[0])
    assert again.waiting_on(555) == replace(kept, awaiting=TITLE, prompt=555)
    assert again.waiting_on(0) is None and again.get(kept.id + 1) is None
    again.close()
    now[0] += MAX_AGE + 1
    assert DraftStore(tmp_path, now=lambda: now[0]).get(kept.id) is None
