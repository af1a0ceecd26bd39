"""What the assistant says about one topic, whatever led there (free text, a button, a command):
a FAQ item, today's reception dates, one of its own topics (the office, help), the topics menu
and the way to a person. Stateless: the conversation decides which topic, this says it."""

from __future__ import annotations

from bot.clock import Clock
from bot.conversation import texts
from bot.conversation.commands import HELP
from bot.conversation.office_questions import OfficeAsk
from bot.conversation.own_topics import OFFICE_TOPICS, asked_answer, office_answer
from bot.knowledge import KnowledgeBase, Topic
from bot.office.hours import Office
from bot.reception.answers import reception_answer
from bot.reception.windows import OfficeHours, reception_today
from bot.replies import (
    MENU,
    MORE_TOPICS,
    PERSON,
    QUESTIONNAIRE,
    REMIND,
    TOPIC_PREFIX,
    Button,
    Reply,
)

# The menu's first page: the first six FAQ items (the seed's) and the dates, as always; items
# staff add later follow on "📋 Más temas" pages, so the first screen stays short on a phone.
FIRST_PAGE = 7
PAGE = 8


class TopicReplies:
    """`handoff` says whether the channel can hand a question to the office (a button to a
    person); without it, a student the bot cannot help is told how to reach the office."""

    def __init__(self, knowledge: KnowledgeBase, clock: Clock, office: Office, handoff: bool) -> None:
        self.knowledge = knowledge
        self.clock = clock
        self.office = office
        self.handoff = handoff
        # Dates follow the office's timetable when staff gave one (config.yaml, oficina.horario).
        self.office_hours: OfficeHours | None = office if office.hours else None

    def is_topic(self, topic: str) -> bool:
        """A FAQ item or the dates: what the menu lists and a student may rate."""
        return topic in self.knowledge.items or topic == self.knowledge.reception.id

    def topic_reply(self, topic: str) -> Reply:
        """The answer to one FAQ topic, titled, with related topics to offer next."""
        knowledge = self.knowledge
        if topic == knowledge.reception.id:
            body = self.reception_body()
            related: list[str] = list(knowledge.reception.related)
        else:
            item = knowledge.items[topic]
            body, related = item.answer, list(item.related)
        buttons = [Button(knowledge.title(r), TOPIC_PREFIX + r) for r in related]
        if topic == knowledge.reception.id and not self.reception_open():
            buttons.insert(0, Button(texts.REMIND_ME, REMIND))
        buttons.append(Button(texts.TOPICS, MENU))
        return Reply(answer_text(knowledge.title(topic), body), tuple(buttons), rate=topic)

    def reception_body(self) -> str:
        """Today's dates answer, without its title."""
        return reception_answer(
            self.knowledge.reception, self.clock.today(), self.office_hours, self.clock.time_of_day()
        )

    def office_reply(self, topic: str, ask: OfficeAsk | None = None) -> Reply:
        """Where the office is, its hours (on the day or at the hour asked), whether it is open,
        its phone, e-mail or page: `topic`, or every topic of `ask`."""
        now = self.clock.now()
        if ask is not None:
            text = asked_answer(ask, self.office, now)
        else:
            assert topic in OFFICE_TOPICS
            text = office_answer(topic, self.office, now)
        buttons = (Button(texts.TALK_TO_PERSON, PERSON),) if self.handoff else ()
        return Reply(text, (*buttons, Button(texts.TOPICS, MENU)))

    def help_reply(self) -> Reply:
        return Reply(HELP, self.menu_buttons())

    def reception_open(self) -> bool:
        """Whether NSS cards can still be handed in in the window open today."""
        return reception_today(
            self.knowledge.reception, self.clock.today(), self.office_hours, self.clock.time_of_day()
        ).receiving

    def menu(self, text: str) -> Reply:
        return Reply(text, self.menu_buttons())

    def menu_buttons(self) -> tuple[Button, ...]:
        """The first page of topics ("📋 Más temas" when there are more), the questionnaire and,
        where a channel hands over, a person."""
        topics = self._menu_topics()
        shown = [Button(t.title, TOPIC_PREFIX + t.id) for t in topics[:FIRST_PAGE]]
        more = (Button(texts.MORE_TOPICS, f"{MORE_TOPICS}2"),) if len(topics) > FIRST_PAGE else ()
        person = (Button(texts.TALK_TO_PERSON, PERSON),) if self.handoff else ()
        return (*shown, *more, Button(texts.QUESTIONNAIRE_START, QUESTIONNAIRE), *person)

    def more_topics(self, page: int) -> Reply | None:
        """A later page of the menu (2, 3…), or None when there is no such page."""
        topics = self._menu_topics()
        start = FIRST_PAGE + (page - 2) * PAGE
        if page < 2 or start >= len(topics):
            return None
        shown = [Button(t.title, TOPIC_PREFIX + t.id) for t in topics[start : start + PAGE]]
        more = (Button(texts.MORE_TOPICS, f"{MORE_TOPICS}{page + 1}"),) if len(topics) > start + PAGE else ()
        return Reply(texts.MORE_TOPICS_MENU, (*shown, *more, Button(texts.TOPICS, MENU)))

    def _menu_topics(self) -> list[Topic]:
        """Every topic in menu order: the first items, the dates, then the items added later."""
        dates = self.knowledge.reception.id
        items = [t for t in self.knowledge.topics if t.id != dates]
        reception = [t for t in self.knowledge.topics if t.id == dates]
        return [*items[: FIRST_PAGE - 1], *reception, *items[FIRST_PAGE - 1 :]]

    def way_to_a_person(self, lead: str = "", more: bool = False) -> Reply:
        """Where a student goes when the bot cannot help (or, `more`, for more detail than it
        gave): a person, or the office's contact."""
        text = f"{lead}\n\n" if lead else ""
        if self.handoff:
            return Reply(
                f"{text}{texts.MORE_FROM_A_PERSON if more else texts.ASK_A_PERSON}",
                (Button(texts.TALK_TO_PERSON, PERSON), Button(texts.TOPICS, MENU)),
            )
        invite = texts.MORE_AT_THE_OFFICE if more else texts.GO_TO_OFFICE
        return Reply(
            f"{text}{invite}\n\n{self.office.contact_html(self.clock.now())}", (Button(texts.TOPICS, MENU),)
        )


def answer_text(title: str, body: str) -> str:
    """How a student reads a topic's answer (also the preview of an answer staff are saving)."""
    return f"<b>{title}</b>\n\n{body}"
