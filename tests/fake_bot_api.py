"""A fake Telegram Bot API for tests: it answers the methods the bot uses with real Bot
API JSON, records every call, and checks what the bot sends.

`FakeTelegram` is the API itself, transport-free. `FakeBotApiServer` serves it over HTTP
on 127.0.0.1 for the end-to-end test; `bot_fixtures.FakeRequest` plugs it into PTB
directly for the handler tests.

Checks on every call: the method is one the bot is expected to use; texts are valid
Telegram HTML of at most 4096 characters; button data is at most 64 bytes. Anything else
becomes a problem on the list that `assert_clean()` fails on.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_ID = 424242
BOT_USERNAME = "bulletin_test_bot"
BOT_USER = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "Bulletin",
    "username": BOT_USERNAME,
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}
EXPECTED_METHODS = frozenset(
    {
        "getMe",
        "getUpdates",
        "deleteWebhook",
        "setMyCommands",
        "sendMessage",
        "editMessageText",
        "answerCallbackQuery",
        "answerInlineQuery",
    }
)
MESSAGE_LIMIT = 4096
CALLBACK_DATA_BYTES = 64
CALLBACK_ANSWER_CHARS = 200
# Tags Telegram's HTML parse mode accepts (https://core.telegram.org/bots/api#html-style).
ALLOWED_TAGS = frozenset(
    "b strong i em u ins s strike del a code pre tg-spoiler blockquote".split()
)
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply "
    "markup are exactly the same as a current content and reply markup of the message"
)


class _HtmlChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.problems: list[str] = []
        self.visible: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}> is not allowed")
        if tag == "a":
            if [name for name, _ in attrs] != ["href"] or not attrs[0][1]:
                self.problems.append(f"<a> must have exactly one non-empty href: {attrs}")
        elif attrs:
            self.problems.append(f"<{tag}> must have no attributes: {attrs}")
        if self.open and self.open[-1] == tag:
            self.problems.append(f"<{tag}> nested in itself")
        self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"self-closing <{tag}/> is not Telegram HTML")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1] if self.open else 'nothing'}")
        else:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for character in "<>&":
            if character in data:
                self.problems.append(f"unescaped {character!r} in text: {data[:60]!r}")
        self.visible.append(data)

    def handle_entityref(self, name: str) -> None:
        self.visible.append("&")
        if name not in ("lt", "gt", "amp", "quot"):
            self.problems.append(f"unknown entity &{name};")

    def handle_charref(self, name: str) -> None:
        self.visible.append("&")

    def handle_comment(self, data: str) -> None:
        self.problems.append("comments are not Telegram HTML")

    def handle_decl(self, decl: str) -> None:
        self.problems.append("declarations are not Telegram HTML")

    def handle_pi(self, data: str) -> None:
        self.problems.append("processing instructions are not Telegram HTML")


def telegram_html_problems(text: str) -> list[str]:
    """What Telegram would refuse in `text` sent with parse_mode HTML (empty: valid)."""
    problems = []
    if len(text.encode("utf-16-le")) // 2 > MESSAGE_LIMIT:
        problems.append(f"{len(text)} characters: over Telegram's {MESSAGE_LIMIT}")
    for match in re.finditer("&", text):
        if not _ENTITY.match(text, match.start()):
            problems.append(
                f"'&' that starts no entity: {text[match.start() : match.start() + 12]!r}"
            )
    checker = _HtmlChecker()
    checker.feed(text)
    checker.close()
    problems += checker.problems
    if checker.open:
        problems.append(f"unclosed tags: {checker.open}")
    if not "".join(checker.visible).strip():
        problems.append("empty text")
    return problems


def visible_text(text: str) -> str:
    """What a reader sees of Telegram HTML: tags dropped, entities read."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


@dataclass
class Call:
    """One Bot API request the bot made."""

    method: str
    params: dict[str, Any]
    result: Any = None  # what the fake answered, on success
    error: str | None = None  # or the error description it answered with


def buttons_of(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not markup:
        return []
    return [button for row in markup.get("inline_keyboard", []) for button in row]


class FakeTelegram:
    """The Bot API's side of the conversation, in memory. Thread-safe."""

    def __init__(self) -> None:
        self.calls: list[Call] = []  # every call but getUpdates, which polling repeats
        self.polls = 0  # getUpdates calls
        self.problems: list[str] = []
        self._lock = threading.Condition()
        self._next_message_id = 1000
        self._next_update_id = 1
        self._updates: list[dict[str, Any]] = []
        self._messages: dict[tuple[int, int], tuple[str, Any]] = {}
        self._failures: dict[str, list[tuple[int, str]]] = {}

    # What tests feed in and read out

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates; it gets the next update_id."""
        with self._lock:
            update = {"update_id": self._next_update_id, **update}
            self._next_update_id += 1
            self._updates.append(update)
            self._lock.notify_all()
        return update

    def fail_next(self, method: str, code: int, description: str) -> None:
        """Make the next call of `method` fail as Telegram would."""
        with self._lock:
            self._failures.setdefault(method, []).append((code, description))

    def calls_to(self, *methods: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method in methods]

    def sent_texts(self) -> list[str]:
        """The text of every message sent or edited, in order."""
        return [c.params["text"] for c in self.calls_to("sendMessage", "editMessageText")]

    def wait_for(self, condition: Callable[[FakeTelegram], bool], timeout: float = 10.0) -> bool:
        """Wait until `condition(self)` holds (True) or `timeout` passes (False)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not condition(self):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._lock.wait(min(left, 0.05))
        return True

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)

    # The API

    def answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """The HTTP status and JSON body Telegram would give for `method`."""
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._take_updates(params)}
        with self._lock:
            call = Call(method, params)
            self.calls.append(call)
            try:
                if method not in EXPECTED_METHODS:
                    self.problems.append(f"unexpected Bot API method {method}({params})")
                    return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
                failures = self._failures.get(method)
                if failures:
                    code, result = failures.pop(0)
                else:
                    code, result = self._result(method, params)
                if code != 200:
                    call.error = result
                    return code, {"ok": False, "error_code": code, "description": result}
                call.result = result
                return 200, {"ok": True, "result": result}
            finally:
                self._lock.notify_all()

    def _take_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        # A long poll, but short: the bot's shutdown should not wait on it.
        wait = min(float(params.get("timeout") or 0), 0.5)
        deadline = time.monotonic() + wait
        with self._lock:
            self.polls += 1
            self._lock.notify_all()
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._lock.wait(deadline - time.monotonic())
            return list(self._updates)

    def _result(self, method: str, params: dict[str, Any]) -> tuple[int, Any]:
        if method == "getMe":
            return 200, BOT_USER
        if method in ("deleteWebhook",):
            return 200, True
        if method == "setMyCommands":
            for command in params.get("commands", []):
                if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]):
                    self.problems.append(f"bad command name {command['command']!r}")
                if not 1 <= len(command["description"]) <= 256:
                    self.problems.append(f"bad command description {command['description']!r}")
            return 200, True
        if method == "sendMessage":
            self._check_text(method, params)
            chat_id = int(params["chat_id"])
            self._next_message_id += 1
            message_id = self._next_message_id
            self._messages[(chat_id, message_id)] = (params["text"], params.get("reply_markup"))
            return 200, message_json(
                chat_id, message_id, params["text"], params.get("reply_markup")
            )
        if method == "editMessageText":
            self._check_text(method, params)
            key = (int(params["chat_id"]), int(params["message_id"]))
            if key not in self._messages:
                return 400, "Bad Request: message to edit not found"
            if self._messages[key] == (params["text"], params.get("reply_markup")):
                return 400, NOT_MODIFIED
            self._messages[key] = (params["text"], params.get("reply_markup"))
            return 200, message_json(*key, params["text"], params.get("reply_markup"))
        if method == "answerCallbackQuery":
            if len(params.get("text", "")) > CALLBACK_ANSWER_CHARS:
                self.problems.append(f"callback answer over 200 characters: {params['text']!r}")
            return 200, True
        if method == "answerInlineQuery":
            results = params.get("results", [])
            if len(results) > 50:
                self.problems.append(f"{len(results)} inline results: over 50")
            for result in results:
                if len(str(result.get("id", "")).encode()) > 64:
                    self.problems.append(f"inline result id over 64 bytes: {result['id']!r}")
                content = result.get("input_message_content", {})
                self._check_html(method, content.get("message_text", ""), content.get("parse_mode"))
            return 200, True
        raise AssertionError(method)

    def _check_text(self, method: str, params: dict[str, Any]) -> None:
        self._check_html(method, params.get("text", ""), params.get("parse_mode"))
        for button in buttons_of(params.get("reply_markup")):
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= CALLBACK_DATA_BYTES:
                self.problems.append(
                    f"{method}: callback data of {len(data.encode())} bytes: {data!r}"
                )

    def _check_html(self, method: str, text: str, parse_mode: str | None) -> None:
        if parse_mode != "HTML":
            self.problems.append(f"{method}: parse_mode {parse_mode!r}, not HTML")
        self.problems += [f"{method}: {p} in {text[:200]!r}" for p in telegram_html_problems(text)]


def chat_json(chat_id: int) -> dict[str, Any]:
    if chat_id < 0:
        return {"id": chat_id, "type": "supergroup", "title": "Bulletin readers"}
    return {"id": chat_id, "type": "private", "first_name": "Reader"}


def message_json(
    chat_id: int, message_id: int, text: str, reply_markup: Any = None
) -> dict[str, Any]:
    """A message the bot sent, as the Bot API returns it (entities left out)."""
    message = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": chat_json(chat_id),
        "from": BOT_USER,
        "text": visible_text(text),
    }
    if reply_markup:
        message["reply_markup"] = reply_markup
    return message


# Parameters that are strings even when they look like JSON ("123" as a question).
_STRING_PARAMETERS = frozenset({"text", "query", "callback_query_id", "inline_query_id"})


def form_parameters(body: bytes) -> dict[str, Any]:
    """A PTB request's form fields: JSON values decoded, strings kept as strings."""
    parameters: dict[str, Any] = {}
    for key, values in parse_qs(body.decode(), keep_blank_values=True).items():
        value = values[-1]
        if key in _STRING_PARAMETERS:
            parameters[key] = value
            continue
        try:
            parameters[key] = json.loads(value)
        except ValueError:
            parameters[key] = value
    return parameters


class FakeBotApiServer:
    """`FakeTelegram` over HTTP on 127.0.0.1, at a free port: `base_url` is what
    TELEGRAM_API_BASE_URL should be."""

    def __init__(self, telegram: FakeTelegram, token: str) -> None:
        self.telegram, self.token = telegram, token
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                parameters = form_parameters(self.rfile.read(length))
                prefix = f"/bot{fake.token}/"
                if not self.path.startswith(prefix):
                    fake.telegram.problems.append(f"request to {self.path!r}: wrong token or path")
                    status, body = 404, {"ok": False, "error_code": 404, "description": "Not Found"}
                else:
                    status, body = fake.telegram.answer(self.path[len(prefix) :], parameters)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                pass  # the calls are recorded; stderr stays quiet

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/bot"

    def __enter__(self) -> FakeBotApiServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
