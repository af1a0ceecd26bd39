"""`/cambios` on Telegram: the latest changes staff made to `faq/` from the chat, and
"↩️ Deshacer" on the last one for a day. Admins only; the record and the restore are in
`bot/staff/changes.py`, the reload in the live assistant."""

from __future__ import annotations

import asyncio
import html

from telegram import Update
from telegram.ext import ContextTypes

from bot.hot_reload import LiveAssistant
from bot.replies import Button, Reply
from bot.staff.changes import ChangeLog, UndoError, change_line
from bot.telegram.rendering import admin_action, answer_query, number_in, send_replies

UNDO = "chg:undo:"  # chg:undo:<change id>
SHOWN = 10


class ChangeConsole:
    def __init__(self, changes: ChangeLog, admins: frozenset[int], live: LiveAssistant) -> None:
        self.changes = changes
        self.admins = admins
        self.live = live

    async def on_changes(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/cambios: the latest changes, with "↩️ Deshacer" under the last one if it can be."""
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None or user.id not in self.admins:
            return
        await send_replies(context.bot, chat.id, [changes_reply(self.changes)])

    async def on_undo(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """↩️ Deshacer: put the file back as it was before the change, then reload."""
        user, chat = update.effective_user, update.effective_chat
        if chat is None or user is None:
            return
        action = await admin_action(update, self.admins)
        if action is None:
            return
        change_id = number_in(action.removeprefix(UNDO))
        await answer_query(update)
        if change_id is None:
            return
        try:
            change = await asyncio.to_thread(self.changes.undo, change_id, user.first_name)
        except UndoError as exc:
            reply = Reply(f"No lo deshice: {html.escape(str(exc))}.")
        else:
            await asyncio.to_thread(self.live.reload)
            reply = Reply(
                f"↩️ Listo: deshice «{html.escape(change.what)}»; "
                f"<code>{html.escape(change.file)}</code> quedó exactamente como estaba."
            )
        await send_replies(context.bot, chat.id, [reply])


def changes_reply(changes: ChangeLog) -> Reply:
    """The /cambios message: newest first, the undo button only where it would work."""
    recent = changes.recent(SHOWN)
    if not recent:
        return Reply("Todavía no hay cambios hechos desde Telegram.")
    lines = "\n".join(f"• {html.escape(change_line(c))}" for c in recent)
    last = next((c for c in recent if c.of_a_file), None)
    buttons = (
        (Button("↩️ Deshacer el último", f"{UNDO}{last.id}"),)
        if last is not None and last.undoable and last.undone_at is None
        else ()
    )
    return Reply(f"🗂 <b>Cambios desde Telegram</b> (el más reciente primero):\n{lines}", buttons)
