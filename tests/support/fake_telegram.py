"""A local Bot API server for end-to-end tests: the real PTB Application talks to it over HTTP.

It implements the methods the bot uses and enforces Telegram's documented rules, independently
of the bot's own checks, so a test fails where Telegram would: message text 1-4,096 characters
after entity parsing, HTML with supported tags only and well formed ("Bad Request: can't parse
entities"), callback_data 1-64 bytes, every callback query answered at most once, and 429 with
`retry_after` when the bot exceeds the per-chat or the global rate. A staff group can be a forum
supergroup (`forums`): topics are created, closed and reopened only with the rights Telegram
asks for, and a message in a topic carries its message_thread_id.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, web

BOT_ID = 777000
BOT_USERNAME = "seguro_facultativo_test_bot"
SUPPORTED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "tg-spoiler",
    "span",
    "blockquote",
    "tg-emoji",
}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>")
_JSON_FIELDS = {
    "reply_markup",
    "link_preview_options",
    "reply_parameters",
    "commands",
    "scope",
    "allowed_updates",
    "reaction",
    "results",
    "button",
}
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class BadRequest(Exception):
    def __init__(
        self, description: str, code: int = 400, retry_after: int | None = None, migrate_to: int | None = None
    ) -> None:
        super().__init__(description)
        self.description, self.code, self.retry_after = description, code, retry_after
        self.migrate_to = migrate_to  # a group that became a supergroup: its new id


def parse_html(text: str) -> str:
    """Plain text of an HTML message the way Telegram parses it, or BadRequest."""
    stack: list[str] = []
    out: list[str] = []
    position = 0
    for match in _TAG.finditer(text):
        out.append(_check_plain(text[position : match.start()], match.start()))
        closing, name, attributes = match.group(1) == "/", match.group(2).lower(), match.group(3)
        if name not in SUPPORTED_TAGS:
            raise BadRequest(
                f'Bad Request: can\'t parse entities: Unsupported start tag "{name}" '
                f"at byte offset {len(text[: match.start()].encode())}"
            )
        if closing:
            if not stack or stack[-1] != name:
                raise BadRequest(
                    f"Bad Request: can't parse entities: Unmatched end tag at byte "
                    f"offset {len(text[: match.start()].encode())}, expected "
                    f'"</{stack[-1] if stack else ""}>", found "</{name}>"'
                )
            stack.pop()
        else:
            if name == "a" and not re.fullmatch(r'\s+href="[^"]*"\s*', attributes):
                raise BadRequest("Bad Request: can't parse entities: a tag needs href")
            stack.append(name)
        position = match.end()
    out.append(_check_plain(text[position:], position))
    if stack:
        raise BadRequest(
            "Bad Request: can't parse entities: Can't find end tag corresponding "
            f'to start tag "{stack[-1]}"'
        )
    return "".join(out)


def _check_plain(segment: str, offset: int) -> str:
    stripped = _ENTITY.sub("", segment)
    for symbol in "<>&":
        if symbol in stripped:
            raise BadRequest(
                f'Bad Request: can\'t parse entities: unexpected "{symbol}" near byte offset {offset}'
            )
    return html.unescape(segment)


@dataclass
class _Bucket:
    capacity: float
    rate: float  # tokens per second
    tokens: float = -1.0
    stamp: float = field(default_factory=time.monotonic)

    def take(self) -> float:
        """0 when allowed, else the seconds to wait."""
        now = time.monotonic()
        if self.tokens < 0:
            self.tokens = self.capacity
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


@dataclass
class SentMessage:
    message_id: int
    chat_id: int
    text: str  # as sent (HTML)
    plain: str  # after entity parsing
    buttons: list[tuple[str, str]]  # (label, callback_data)
    reply_to: int | None
    link_preview_disabled: bool
    copied: dict[str, Any] | None = None  # the user message a copyMessage reproduced
    at: float = field(default_factory=time.monotonic)
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url) buttons
    switches: list[tuple[str, str]] = field(default_factory=list)  # (label, inline query)
    via_bot: bool = False  # posted by a user from the bot's inline results
    thread: int | None = None  # the forum topic it was sent in (None: the chat, or General)
    forum: bool = False  # sent in a forum supergroup

    def as_dict(self) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": self.message_id,
            "date": int(time.time()),
            "text": self.plain,
            "chat": _chat(self.chat_id, self.forum),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Seguro", "username": BOT_USERNAME},
        }
        if self.thread is not None:
            message.update(message_thread_id=self.thread, is_topic_message=True)
        if self.buttons:
            message["reply_markup"] = {
                "inline_keyboard": [[{"text": label, "callback_data": data}] for label, data in self.buttons]
            }
        return message


class FakeTelegram:
    """Bot API on 127.0.0.1 and a random port; students are simulated with `user_*` methods."""

    def __init__(
        self,
        token: str = "123456:TEST-token",
        chat_burst: int = 5,
        chat_rate: float = 1.0,
        global_rate: float = 30.0,
        enforce_rates: bool = True,
    ) -> None:
        self.token = token
        self.enforce_rates = enforce_rates
        self._chat_bucket = lambda: _Bucket(chat_burst, chat_rate)
        self._chat_buckets: dict[int, _Bucket] = defaultdict(self._chat_bucket)
        self._global_bucket = _Bucket(global_rate, global_rate)
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._new_update = asyncio.Event()
        self._new_message = asyncio.Event()
        self.sent: list[SentMessage] = []
        self.by_id: dict[int, SentMessage] = {}
        self.errors: list[tuple[str, str]] = []  # (method, description) of every refusal
        self.rate_limited = 0
        self.callback_queries: dict[str, bool] = {}  # id -> answered
        self.callback_answers: dict[str, str | None] = {}  # id -> the text shown, if any
        self.commands: dict[str, list[dict[str, Any]]] = {}  # scope key -> the menu
        self.description: dict[str, str] = {}  # "" or a language code -> the text
        self.short_description: dict[str, str] = {}
        self.calls: Counter[str] = Counter()  # Bot API method (lower case) -> times called
        self.inline_mode = True  # BotFather's /setinline: getMe says so
        self.inline_answers: dict[str, dict[str, Any]] = {}  # query id -> answerInlineQuery
        self._inline_asked: dict[str, str] = {}  # query id -> the text typed
        self._new_answer = asyncio.Event()
        self.unknown_chats: set[int] = set()  # chats the bot cannot see: "chat not found"
        self.webhook: dict[str, Any] | None = None
        self.webhook_responses: list[tuple[int, int]] = []  # (update id, HTTP status) per attempt
        self.webhook_attempts = 3  # a non-2XX answer is posted again, then given up
        self.blocked: set[int] = set()  # chats whose user blocked the bot: 403 on send
        self.reactions: dict[tuple[int, int], str] = {}  # (chat, message) -> emoji
        self.edits: list[SentMessage] = []
        self.deleted: set[tuple[int, int]] = set()  # (chat, message) the bot deleted
        self.undeletable: set[int] = set()  # chats where deleteMessage is refused
        self.migrated: dict[int, int] = {}  # group id -> the supergroup it became
        self.forums: dict[int, bool] = {}  # forum supergroup -> the bot is an admin with can_manage_topics
        self.topics: dict[tuple[int, int], dict[str, Any]] = {}  # (chat, thread) -> name, closed
        self.get_updates_calls = 0
        self.last_update_id = 0  # the newest update a simulated user sent
        self.acknowledged = 0  # the newest update the bot confirmed (getUpdates offset - 1)
        self._acknowledged = asyncio.Event()
        self.inbox: dict[int, asyncio.Queue[SentMessage]] | None = None  # set by benchmarks
        self.user_messages: dict[int, dict[str, Any]] = {}  # what users sent, by message id
        self.profiles: dict[int, dict[str, Any]] = {}  # user id -> first_name, username
        self._runner: web.AppRunner | None = None
        self._session: ClientSession | None = None
        self.port = 0

    # ----- server -------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> FakeTelegram:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._session = ClientSession()
        return self

    async def stop(self) -> None:
        if self._session:
            await self._session.close()
        if self._runner:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"].lower()
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        params = await _params(request)
        self.calls[method] += 1
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return _error(404, "Not Found: method not found")
        try:
            result = await handler(params)
        except BadRequest as exc:
            if exc.code != 403:  # a user who blocked the bot is the test's doing, not the bot's
                self.errors.append((method, exc.description))
            return _error(exc.code, exc.description, exc.retry_after, exc.migrate_to)
        return web.json_response({"ok": True, "result": result})

    # ----- Bot API methods ----------------------------------------------------------

    async def _api_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Seguro",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": self.inline_mode,
        }

    async def _api_deletewebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    async def _api_setwebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = {"url": params["url"], "secret_token": params.get("secret_token")}
        return True

    async def _api_getupdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook:
            raise BadRequest("Conflict: can't use getUpdates method while webhook is active", 409)
        self.get_updates_calls += 1
        offset = int(params.get("offset") or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if offset - 1 > self.acknowledged:
                self.acknowledged = offset - 1
                self._acknowledged.set()
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        while not self._updates and time.monotonic() < deadline:
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), deadline - time.monotonic())
            except TimeoutError:
                break
        return self._updates[: int(params.get("limit") or 100)]

    async def _api_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        self._deliverable(chat_id)
        self._rate_check(chat_id)
        text = params.get("text", "")
        plain = _checked_text(text, params.get("parse_mode"))
        buttons = _buttons(params)
        links, switches = _other_buttons(params)
        reply = (params.get("reply_parameters") or {}).get("message_id")
        preview = (params.get("link_preview_options") or {}).get("is_disabled", False)
        thread = self._thread(chat_id, params.get("message_thread_id"))
        message = SentMessage(
            next(self._message_ids),
            chat_id,
            text,
            plain,
            buttons,
            reply,
            bool(preview),
            links=links,
            switches=switches,
            thread=thread,
            forum=chat_id in self.forums,
        )
        self.sent.append(message)
        self.by_id[message.message_id] = message
        self._new_message.set()
        if self.inbox is not None:
            self.inbox.setdefault(chat_id, asyncio.Queue()).put_nowait(message)
        return message.as_dict()

    async def _api_copymessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        self._deliverable(chat_id)
        self._rate_check(chat_id)
        original = self.user_messages.get(int(params["message_id"]))
        if original is None or original["chat"]["id"] != int(params["from_chat_id"]):
            raise BadRequest("Bad Request: message to copy not found")
        text = original.get("text") or original.get("caption") or "[media]"
        message = SentMessage(next(self._message_ids), chat_id, text, text, [], None, False, copied=original)
        self.sent.append(message)
        self.by_id[message.message_id] = message
        self._new_message.set()
        return {"message_id": message.message_id}

    async def _api_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self.by_id.get(int(params.get("message_id") or 0))
        if message is None or message.chat_id != int(params["chat_id"]):
            raise BadRequest("Bad Request: message to edit not found")
        message.text = params.get("text", "")
        message.plain = _checked_text(message.text, params.get("parse_mode"))
        message.buttons = _buttons(params)
        message.links, message.switches = _other_buttons(params)
        self.edits.append(message)
        return message.as_dict()

    async def _api_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self.by_id.get(int(params.get("message_id") or 0))
        if message is None or message.chat_id != int(params["chat_id"]):
            raise BadRequest("Bad Request: message to edit not found")
        message.buttons = _buttons(params)
        message.links, message.switches = _other_buttons(params)
        self.edits.append(message)
        return message.as_dict()

    async def _api_deletemessage(self, params: dict[str, Any]) -> bool:
        chat, message = int(params["chat_id"]), int(params["message_id"])
        if chat in self.undeletable:
            raise BadRequest("Bad Request: message can't be deleted")
        known = self.user_messages.get(message)
        if (known is None or known["chat"]["id"] != chat) and message not in self.by_id:
            raise BadRequest("Bad Request: message to delete not found")
        self.deleted.add((chat, message))
        return True

    async def _api_setmessagereaction(self, params: dict[str, Any]) -> bool:
        reaction = params.get("reaction") or []
        emoji = reaction[0]["emoji"] if reaction else ""
        self.reactions[(int(params["chat_id"]), int(params["message_id"]))] = emoji
        return True

    def _thread(self, chat_id: int, thread: Any) -> int | None:
        """The topic a message goes to: none (the chat, or a forum's General topic), or an
        existing topic, open or with the bot allowed to write in it closed."""
        if thread in (None, ""):
            return None
        topic = self.topics.get((chat_id, int(thread)))
        if topic is None:
            raise BadRequest("Bad Request: message thread not found")
        if topic["closed"] and not self.forums.get(chat_id):
            raise BadRequest("Bad Request: TOPIC_CLOSED")
        return int(thread)

    async def _api_getchat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        if chat_id in self.unknown_chats:
            raise BadRequest("Bad Request: chat not found")
        if chat_id in self.blocked:
            raise BadRequest("Forbidden: bot was kicked from the group chat", 403)
        gifts = dict.fromkeys(
            (
                "unlimited_gifts",
                "limited_gifts",
                "unique_gifts",
                "premium_subscription",
                "gifts_from_channels",
            ),
            False,
        )
        forum = {"is_forum": True} if chat_id in self.forums else {}
        return {
            **_chat(chat_id, chat_id in self.forums),
            **forum,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": gifts,
        }

    async def _api_getchatmember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        if chat_id in self.unknown_chats:
            raise BadRequest("Bad Request: chat not found")
        if user_id != BOT_ID or not self.forums.get(chat_id):
            user = {"id": user_id, "is_bot": user_id == BOT_ID, "first_name": "Seguro"}
            return {"status": "member", "user": user}
        rights = (
            "can_be_edited can_manage_chat can_delete_messages can_manage_video_chats can_restrict_members "
            "can_change_info can_invite_users can_post_stories can_edit_stories can_delete_stories "
            "can_pin_messages can_manage_topics"
        ).split()
        return {
            "status": "administrator",
            "user": {"id": BOT_ID, "is_bot": True, "first_name": "Seguro", "username": BOT_USERNAME},
            "is_anonymous": False,
            "can_promote_members": False,
            **dict.fromkeys(rights, True),
        }

    async def _api_createforumtopic(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id, name = int(params["chat_id"]), params.get("name") or ""
        self._rate_check(chat_id)
        if chat_id not in self.forums:
            raise BadRequest("Bad Request: the chat is not a forum")
        if not self.forums[chat_id]:
            raise BadRequest("Bad Request: not enough rights to create a topic")
        if not 1 <= len(name) <= 128:
            raise BadRequest("Bad Request: TOPIC_TITLE_INVALID")
        thread = next(self._message_ids)  # the topic's id is its "topic created" message's
        self.topics[(chat_id, thread)] = {"name": name, "closed": False}
        return {"message_thread_id": thread, "name": name, "icon_color": 7322096}

    async def _api_closeforumtopic(self, params: dict[str, Any]) -> bool:
        return self._topic_state(params, closed=True)

    async def _api_reopenforumtopic(self, params: dict[str, Any]) -> bool:
        return self._topic_state(params, closed=False)

    def _topic_state(self, params: dict[str, Any], closed: bool) -> bool:
        """The bot created its topics, so it may close and reopen them even without the right."""
        chat_id, thread = int(params["chat_id"]), int(params["message_thread_id"])
        topic = self.topics.get((chat_id, thread))
        if topic is None:
            raise BadRequest("Bad Request: TOPIC_ID_INVALID")
        if topic["closed"] == closed:
            raise BadRequest("Bad Request: TOPIC_NOT_MODIFIED")
        topic["closed"] = closed
        return True

    def topic_messages(self, chat_id: int, thread: int | None) -> list[SentMessage]:
        """What the bot posted in one topic of a forum (None: its General topic)."""
        return [m for m in self.sent if m.chat_id == chat_id and m.thread == thread]

    def _deliverable(self, chat_id: int) -> None:
        if chat_id in self.migrated:
            raise BadRequest(
                "Bad Request: group chat was upgraded to a supergroup chat", migrate_to=self.migrated[chat_id]
            )
        if chat_id in self.blocked:
            raise BadRequest("Forbidden: bot was blocked by the user", 403)

    async def _api_answercallbackquery(self, params: dict[str, Any]) -> bool:
        query = params["callback_query_id"]
        if query not in self.callback_queries:
            raise BadRequest(
                "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        if self.callback_queries[query]:
            raise BadRequest("Bad Request: query is already answered")
        self.callback_queries[query] = True
        self.callback_answers[query] = params.get("text")
        return True

    async def _api_setmycommands(self, params: dict[str, Any]) -> bool:
        commands = params["commands"]
        if len(commands) > 100:
            raise BadRequest("Bad Request: too many commands")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]):
                raise BadRequest("Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise BadRequest("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        scope = params.get("scope") or {}
        if scope.get("chat_id") is not None and int(scope["chat_id"]) in self.unknown_chats:
            raise BadRequest("Bad Request: chat not found")
        self.commands[_scope_key(params)] = commands
        return True

    async def _api_deletemycommands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(_scope_key(params), None)
        return True

    async def _api_getmycommands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.commands.get(_scope_key(params), [])

    async def _api_setmydescription(self, params: dict[str, Any]) -> bool:
        return _set_text(self.description, params, "description", 512)

    async def _api_setmyshortdescription(self, params: dict[str, Any]) -> bool:
        return _set_text(self.short_description, params, "short_description", 120)

    async def _api_getmydescription(self, params: dict[str, Any]) -> dict[str, str]:
        return {"description": self.description.get(params.get("language_code") or "", "")}

    async def _api_getmyshortdescription(self, params: dict[str, Any]) -> dict[str, str]:
        return {"short_description": self.short_description.get(params.get("language_code") or "", "")}

    async def _api_answerinlinequery(self, params: dict[str, Any]) -> bool:
        query = params["inline_query_id"]
        if query not in self._inline_asked:
            raise BadRequest(
                "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        if query in self.inline_answers:
            raise BadRequest("Bad Request: query is already answered")
        results = params.get("results") or []
        if len(results) > 50 or len({r.get("id") for r in results}) != len(results):
            raise BadRequest("Bad Request: RESULTS_TOO_MUCH or RESULT_ID_DUPLICATE")
        for result in results:
            _check_article(result)
        button = params.get("button") or {}
        start = button.get("start_parameter")
        if button and (
            not button.get("text") or (start is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", start))
        ):
            raise BadRequest("Bad Request: START_PARAM_INVALID")
        self.inline_answers[query] = {
            "results": results,
            "button": button or None,
            "cache_time": params.get("cache_time"),
            "is_personal": params.get("is_personal"),
        }
        self._new_answer.set()
        return True

    async def _api_close(self, params: dict[str, Any]) -> bool:
        return True

    def _rate_check(self, chat_id: int) -> None:
        if not self.enforce_rates:
            return
        wait = max(self._chat_buckets[chat_id].take(), self._global_bucket.take())
        if wait > 0:
            self.rate_limited += 1
            seconds = max(1, int(wait + 0.999))
            raise BadRequest(f"Too Many Requests: retry after {seconds}", 429, seconds)

    # ----- simulated students -------------------------------------------------------

    def _push(self, update: dict[str, Any]) -> int:
        update["update_id"] = self.last_update_id = next(self._update_ids)
        if self.webhook:
            asyncio.get_running_loop().create_task(self._post_webhook(update))
        else:
            self._updates.append(update)
            self._new_update.set()
        return update["update_id"]

    async def _post_webhook(self, update: dict[str, Any]) -> None:
        """Like Telegram: "in case of an unsuccessful request (a response HTTP status code
        different from 2XY), we will repeat the request and give up after a reasonable amount
        of attempts"; every attempt's status is kept in `webhook_responses`."""
        assert self._session is not None and self.webhook is not None
        headers = {}
        if self.webhook["secret_token"]:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
        for _ in range(self.webhook_attempts):
            async with self._session.post(self.webhook["url"], json=update, headers=headers) as resp:
                self.webhook_responses.append((update["update_id"], resp.status))
                if 200 <= resp.status < 300:
                    return
            await asyncio.sleep(0.05)

    def raw_update(self, update: dict[str, Any]) -> int:
        """An update exactly as given (update_id added): one the library may fail to read."""
        return self._push(update)

    def user_message(
        self, user_id: int, chat_id: int | None = None, thread: int | None = None, **content: Any
    ) -> int:
        """A user's message; `thread` puts it in a forum topic, where Telegram makes a message
        that replies to nothing a reply to the topic's "topic created" message."""
        chat_id = chat_id if chat_id is not None else user_id
        chat = (
            {"id": chat_id, "type": "private", "first_name": f"Estudiante {user_id}"}
            if chat_id > 0
            else _chat(chat_id, chat_id in self.forums)
        )
        if thread is not None:
            topic = self.topics[(chat_id, thread)]
            created = {
                "message_id": thread,
                "date": int(time.time()),
                "chat": chat,
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Seguro", "username": BOT_USERNAME},
                "message_thread_id": thread,
                "forum_topic_created": {"name": topic["name"], "icon_color": 7322096},
            }
            content = {"message_thread_id": thread, "is_topic_message": True, **content}
            content.setdefault("reply_to_message", created)
        sender = {"id": user_id, "is_bot": False, "first_name": f"Estudiante {user_id}"}
        sender.update(self.profiles.get(user_id, {}))
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": sender,
            **content,
        }
        self.user_messages[message["message_id"]] = message
        return self._push({"message": message})

    def user_text(
        self,
        user_id: int,
        text: str,
        chat_id: int | None = None,
        reply_to: SentMessage | None = None,
        thread: int | None = None,
    ) -> int:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if reply_to is not None:
            content["reply_to_message"] = reply_to.as_dict()
        return self.user_message(user_id, chat_id, thread, **content)

    def user_edits(self, user_id: int, text: str) -> int:
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "edit_date": int(time.time()),
            "text": text,
            "chat": {"id": user_id, "type": "private", "first_name": "Estudiante"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Estudiante"},
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return self._push({"edited_message": message})

    def user_presses(self, user_id: int, message: SentMessage, data: str) -> str:
        query_id = f"q{next(self._update_ids)}"
        self.callback_queries[query_id] = False
        sender = {"id": user_id, "is_bot": False, "first_name": f"Estudiante {user_id}"}
        sender.update(self.profiles.get(user_id, {}))
        self._push(
            {
                "callback_query": {
                    "id": query_id,
                    "chat_instance": "ci",
                    "data": data,
                    "message": message.as_dict(),
                    "from": sender,
                }
            }
        )
        return query_id

    def user_inline_query(self, user_id: int, query: str, chat_type: str = "group") -> str:
        """A user types `@bot query` in a chat; returns the inline query's id."""
        query_id = f"iq{next(self._update_ids)}"
        self._inline_asked[query_id] = query
        sender = {"id": user_id, "is_bot": False, "first_name": f"Estudiante {user_id}"}
        self._push(
            {
                "inline_query": {
                    "id": query_id,
                    "from": sender,
                    "query": query,
                    "offset": "",
                    "chat_type": chat_type,
                }
            }
        )
        return query_id

    async def inline_answer(self, query_id: str, timeout: float = 10.0) -> dict[str, Any]:
        """What the bot answered to an inline query, once it has."""
        deadline = time.monotonic() + timeout
        while query_id not in self.inline_answers:
            if time.monotonic() > deadline:
                raise AssertionError(f"inline query {query_id} was never answered")
            self._new_answer.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_answer.wait(), 0.05)
        return self.inline_answers[query_id]

    def user_chooses(self, query_id: str, result_id: str, chat_id: int) -> SentMessage:
        """The user picks a result: Telegram posts its message in their chat, via the bot."""
        result = next(r for r in self.inline_answers[query_id]["results"] if r["id"] == result_id)
        content = result["input_message_content"]
        text = content["message_text"]
        markup = {"reply_markup": result["reply_markup"]} if "reply_markup" in result else {}
        links, switches = _other_buttons(markup)
        message = SentMessage(
            next(self._message_ids),
            chat_id,
            text,
            _checked_text(text, content.get("parse_mode")),
            _buttons(markup),
            None,
            bool((content.get("link_preview_options") or {}).get("is_disabled")),
            links=links,
            switches=switches,
            via_bot=True,
        )
        self.sent.append(message)
        return message

    async def fetched(self, update_id: int | None = None, timeout: float = 10.0) -> None:
        """Until the bot has confirmed `update_id` (by default the newest one sent): it asks for
        updates after it, which PTB does once it has put that one in its update queue."""
        assert not self.webhook, "with a webhook the bot confirms nothing through getUpdates"
        target = self.last_update_id if update_id is None else update_id
        deadline = time.monotonic() + timeout
        while self.acknowledged < target:
            if time.monotonic() > deadline:
                raise AssertionError(f"the bot never fetched update {target}")
            self._acknowledged.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._acknowledged.wait(), 0.05)

    async def replies(
        self, chat_id: int, after: int = 0, quiet: float = 0.15, timeout: float = 10.0, at_least: int = 1
    ) -> list[SentMessage]:
        """Messages the bot sent to `chat_id` with index >= `after` in `sent`, once it is quiet."""
        deadline = time.monotonic() + timeout
        while True:
            found = [m for m in self.sent[after:] if m.chat_id == chat_id]
            last = max((m.at for m in found), default=0.0)
            now = time.monotonic()
            if len(found) >= at_least and now - last >= quiet:
                return found
            if now > deadline:
                return found
            self._new_message.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_message.wait(), 0.05)


_SCOPES = {
    "default": (),
    "all_private_chats": (),
    "all_group_chats": (),
    "all_chat_administrators": (),
    "chat": ("chat_id",),
    "chat_administrators": ("chat_id",),
    "chat_member": ("chat_id", "user_id"),
}


def _chat(chat_id: int, forum: bool = False) -> dict[str, Any]:
    """A chat as messages carry it: private (positive ids), a group, or a forum supergroup."""
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "Estudiante"}
    if forum:
        return {"id": chat_id, "type": "supergroup", "title": "Oficina", "is_forum": True}
    return {"id": chat_id, "type": "group", "title": "Grupo"}


def _scope_key(params: dict[str, Any]) -> str:
    """ "default", "chat:-5000", "chat_member:-5000:4242": a command scope, checked."""
    scope = params.get("scope") or {"type": "default"}
    fields = _SCOPES.get(scope.get("type"))
    if fields is None or any(name not in scope for name in fields):
        raise BadRequest("Bad Request: BOT_COMMAND_SCOPE_INVALID")
    return ":".join([scope["type"], *(str(scope[name]) for name in fields)])


def _set_text(texts: dict[str, str], params: dict[str, Any], field: str, limit: int) -> bool:
    text = params.get(field) or ""
    if len(text) > limit:
        raise BadRequest(f"Bad Request: {field} is too long")
    language = params.get("language_code") or ""
    if text:
        texts[language] = text
    else:
        texts.pop(language, None)
    return True


def _checked_text(text: str, parse_mode: str | None) -> str:
    plain = parse_html(text) if parse_mode == "HTML" else text
    if not plain.strip():
        raise BadRequest("Bad Request: message text is empty")
    if len(plain) > 4096:
        raise BadRequest("Bad Request: message is too long")
    return plain


_BUTTON_KINDS = ("callback_data", "url", "switch_inline_query", "switch_inline_query_current_chat")


def _keys(params: dict[str, Any]) -> list[dict[str, Any]]:
    """Every inline button, each with a text and exactly one kind, checked as Telegram does."""
    keys = []
    markup = params.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []):
        for button in row:
            kinds = [kind for kind in _BUTTON_KINDS if kind in button]
            if not button.get("text") or len(kinds) != 1:
                raise BadRequest("Bad Request: BUTTON_TYPE_INVALID")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= 64:
                raise BadRequest("Bad Request: BUTTON_DATA_INVALID")
            url = button.get("url")
            if url is not None and not re.fullmatch(r"(https?|tg)://\S+", url):
                raise BadRequest("Bad Request: BUTTON_URL_INVALID")
            keys.append(button)
    return keys


def _buttons(params: dict[str, Any]) -> list[tuple[str, str]]:
    """The callback buttons, (label, callback_data)."""
    return [(key["text"], key["callback_data"]) for key in _keys(params) if "callback_data" in key]


def _other_buttons(params: dict[str, Any]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The link buttons (label, url) and the share buttons (label, inline query)."""
    keys = _keys(params)
    return (
        [(k["text"], k["url"]) for k in keys if "url" in k],
        [(k["text"], k["switch_inline_query"]) for k in keys if "switch_inline_query" in k],
    )


def _check_article(result: dict[str, Any]) -> None:
    """An InlineQueryResultArticle as Telegram checks it."""
    if result.get("type") != "article" or not 1 <= len(str(result.get("id", "")).encode()) <= 64:
        raise BadRequest("Bad Request: RESULT_TYPE_INVALID or RESULT_ID_INVALID")
    if not result.get("title"):
        raise BadRequest("Bad Request: RESULT_TITLE_EMPTY")
    content = result.get("input_message_content") or {}
    _checked_text(content.get("message_text", ""), content.get("parse_mode"))
    _keys({"reply_markup": result.get("reply_markup")})


async def _params(request: web.Request) -> dict[str, Any]:
    if request.content_type == "application/json":
        return await request.json()
    form = await request.post()
    params: dict[str, Any] = {}
    for key, value in form.items():
        if key in _JSON_FIELDS and isinstance(value, str):
            try:
                params[key] = json.loads(value)
                continue
            except ValueError:
                pass
        params[key] = value
    return params


def _error(
    code: int, description: str, retry_after: int | None = None, migrate_to: int | None = None
) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    if migrate_to is not None:
        body["parameters"] = {"migrate_to_chat_id": migrate_to}
    return web.json_response(body, status=code)
