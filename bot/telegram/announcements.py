"""The office's announcements on Telegram: `/aviso TEXTO` for admins (a preview exactly as
students will read it, how many will get it, Enviar/Cancelar), and for students the offer (once,
on a dates answer or a reminder), the /avisos toggle and "Dejar de recibir avisos".

Thin: who may do what is checked here, everything else is in `bot/office/announcements.py`
(the store), `bot/office/announcement_replies.py` (what is said) and
`bot/telegram/announcement_delivery.py` (sending it).
"""

from __future__ import annotations

import logging
import re

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.conversation import texts
from bot.hot_reload import LiveAssistant
from bot.office import announcement_replies as replies
from bot.office.announcements import AnnouncementStore
from bot.replies import Reply
from bot.staff.changes import ANNOUNCEMENTS, ChangeLog
from bot.telegram.announcement_delivery import AnnouncementDelivery
from bot.telegram.chat_state import Stats
from bot.telegram.rendering import admin_action, answer_query, decode_action, number_in, send_replies

_log = logging.getLogger(__name__)
_COMMAND = re.compile(r"^/\S*\s?")


class AnnouncementConsole:
    def __init__(
        self,
        live: LiveAssistant,
        store: AnnouncementStore,
        admins: frozenset[int],
        staff_chats: set[int],
        changes: ChangeLog,
        stats: Stats,
    ) -> None:
        self.live = live
        self.store = store
        self.admins = admins
        self.staff_chats = staff_chats  # the office's group (it grows if the group moves)
        self.changes = changes
        self.stats = stats
        self.delivery = AnnouncementDelivery(store, stats)

    # ----- admins -----------------------------------------------------------------------

    async def on_announce(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/aviso TEXTO: the preview, or why it cannot be sent."""
        chat, user, message = update.effective_chat, update.effective_user, update.effective_message
        if chat is None or user is None or message is None or message.text is None:
            return
        private = chat.type == ChatType.PRIVATE
        if user.id not in self.admins:
            if private:  # in a group it is probably meant for another bot
                await send_replies(context.bot, chat.id, [Reply(texts.ADMINS_ONLY)])
            return
        if not private and chat.id not in self.staff_chats:
            await send_replies(context.bot, chat.id, [Reply(replies.ADMIN_PLACES)])
            return
        typed = _COMMAND.sub("", message.text, count=1)
        refused = replies.problem(typed)
        if refused:
            await send_replies(context.bot, chat.id, [Reply(refused)])
            return
        body, masked = replies.compose(typed)
        draft = self.store.draft(body, user.id, user.first_name, chat.id)
        await send_replies(
            context.bot, chat.id, [replies.preview(body, self.store.audience(), masked, draft)]
        )

    async def on_decision(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """📣 Enviar / ✖️ Cancelar under a preview: admins only; anything else does nothing."""
        query, user, chat = update.callback_query, update.effective_user, update.effective_chat
        if query is None or chat is None or user is None:
            return
        action = await admin_action(update, self.admins)
        if action is None:
            return
        await answer_query(update)
        sending = action.startswith(replies.SEND)
        draft = number_in(action.removeprefix(replies.SEND if sending else replies.DROP))
        if draft is None:
            return
        if not sending:
            done = self.store.cancel(draft)
            await _drop_buttons(query.message)
            await send_replies(
                context.bot, chat.id, [Reply(replies.CANCELLED if done else replies.DRAFT_GONE)]
            )
            return
        announcement = self.store.confirm(draft)
        if announcement is None:
            await send_replies(context.bot, chat.id, [Reply(replies.DRAFT_GONE)])
            return
        self.delivery.kick(context.application)  # first: whatever happens below, it goes out
        await _drop_buttons(query.message)
        tally = self.store.tally(draft)
        try:
            shown = await context.bot.send_message(announcement.chat, replies.progress(tally))
        except TelegramError:
            _log.warning("the progress of announcement %d cannot be shown", draft)
        else:
            self.store.showing_progress(draft, shown.message_id)
        self.changes.note(
            user.id, user.first_name, ANNOUNCEMENTS, replies.record_line(announcement.text, tally.total)
        )
        self.stats.counts["announcements"] += 1
        _log.info("announcement %d confirmed for %d students", draft, tally.total)

    # ----- students ---------------------------------------------------------------------

    async def on_student(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """📣 Sí, quiero los avisos / No, gracias / Dejar de recibir avisos: one tap each."""
        query, chat = update.callback_query, update.effective_chat
        action = decode_action(query.data) if query else None
        await answer_query(update)
        if action is None or chat is None:
            return
        if chat.type != ChatType.PRIVATE:
            text = replies.PRIVATE_ONLY
        elif action == replies.JOIN:
            self.store.join(chat.id)
            text = replies.JOINED
        elif action == replies.DECLINE:
            self.store.leave(chat.id)
            text = replies.DECLINED
        else:
            text = replies.LEFT if self.store.leave(chat.id) else replies.NOT_IN
        await send_replies(context.bot, chat.id, [Reply(text)])

    def with_offer(self, update: Update, answer: list[Reply]) -> list[Reply]:
        """The offer, once per private chat ever, on the first dates answer it gets."""
        chat = update.effective_chat
        dates = self.live.assistant.knowledge.reception.id
        if chat is None or chat.type != ChatType.PRIVATE or not any(r.rate == dates for r in answer):
            return answer
        if not self.store.offer(chat.id):
            return answer
        first = next(i for i, r in enumerate(answer) if r.rate == dates)
        offered = answer[first]
        answer = list(answer)
        answer[first] = Reply(
            f"{offered.text}\n\n{replies.OFFER}", offered.buttons + replies.offer_buttons(), offered.rate
        )
        return answer

    def reminder_offer(self, chat: int) -> Reply | None:
        """The offer added to a reminder, when this chat was never asked."""
        return Reply(replies.OFFER, replies.offer_buttons()) if self.store.offer(chat) else None

    def section(self, chat: int) -> Reply:
        """The announcements' half of /avisos."""
        return replies.section(self.store.status(chat))


async def _drop_buttons(message: object) -> None:
    """Take Enviar/Cancelar off a preview once decided (best effort)."""
    if isinstance(message, Message):
        try:
            await message.edit_reply_markup(None)
        except TelegramError:
            _log.info("could not take the buttons off an announcement preview")
