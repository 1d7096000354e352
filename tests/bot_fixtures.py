"""For the bot's tests: archive folders to serve, real `Update` objects, and the bot's own
`Application` whose only network is the fake Bot API (`fake_bot_api.FakeTelegram`)."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from fake_bot_api import BOT_USER, Call, FakeTelegram, buttons_of
from telegram import Update
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

from bot.app import build_application
from bot.settings import Settings

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TOKEN = "123:ABC"
ADMIN = {"id": 7, "is_bot": False, "first_name": "Admin", "language_code": "en"}
READER_FR = {"id": 1001, "is_bot": False, "first_name": "Amélie", "language_code": "fr"}
READER_EN = {"id": 1002, "is_bot": False, "first_name": "Ann", "language_code": "en-GB"}
GROUP_ID = -100555

# A bulletin full of what HTML escaping must handle: <, >, & and quotes, in titles, text
# and a source address.
SPECIAL_BULLETIN = {
    "date": "2005-03-14",
    "title": 'Allies weigh "<Smart & Fast>" procurement & the R&D <-> industry bridge',
    "language": "en",
    "publication": "NATO Update <special> & co",
    "url": "https://www.nato.int/docu/update/2005/03?a=1&b=<2>&c='3'\"",
    "text": (
        'Ministers said the new <b>procurement</b> rules & "joint" procedures (the so-called '
        "'R&D <-> industry' bridge) take effect on 1 July; costs < 5% & benefits > 10%, "
        "according to the <NATO & EU> study of procurement.\n"
        "A second paragraph says procurement &amp; logistics <i>still</i> matter, "
        "with entities like &lt; and &#60; kept as plain text, and </b> stray tags too."
    ),
}

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


def archive_folder(root: Path, special: bool = True) -> Path:
    """A folder of bulletins: the bundled seed and, unless told not, the special one."""
    folder = root / "bulletins"
    shutil.copytree(SEEDS, folder)
    if special:
        (folder / "special.jsonl").write_text(json.dumps(SPECIAL_BULLETIN) + "\n")
    return folder


def bot_settings(root: Path, admin_ids: frozenset[int] = frozenset({ADMIN["id"]})) -> Settings:
    return Settings(
        token=TOKEN,
        admin_ids=admin_ids,
        archive_dir=archive_folder(root),
        archive_db=root / "data" / "archive.db",
    )


class FakeRequest(BaseRequest):
    """PTB's HTTP layer replaced by the fake Bot API: nothing leaves the process."""

    def __init__(self, telegram: FakeTelegram) -> None:
        self.telegram = telegram

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if not url.startswith(f"https://api.telegram.org/bot{TOKEN}/"):
            self.telegram.problems.append(f"request to an unexpected address: {url}")
        # What travels on the wire: JSON-compatible parameters.
        parameters = json.loads(json.dumps(request_data.parameters if request_data else {}))
        status, body = self.telegram.answer(url.rsplit("/", 1)[-1], parameters)
        return status, json.dumps(body).encode()


def user_json(user: dict[str, Any]) -> dict[str, Any]:
    return dict(user)


def chat_of(chat_id: int, user: dict[str, Any]) -> dict[str, Any]:
    if chat_id < 0:
        return {"id": chat_id, "type": "supergroup", "title": "Bulletin readers"}
    return {"id": chat_id, "type": "private", "first_name": user["first_name"]}


@dataclass
class BotUnderTest:
    """The bot's Application, and what it said to the fake Telegram."""

    application: Application
    telegram: FakeTelegram
    _ids: list[int] = field(default_factory=lambda: [0, 500])

    def _next(self, which: int) -> int:
        self._ids[which] += 1
        return self._ids[which]

    def update(self, data: dict[str, Any]) -> Update:
        return Update.de_json({"update_id": self._next(0), **data}, self.application.bot)

    async def send(self, data: dict[str, Any]) -> None:
        """Hand one update to the Application and wait until it is handled."""
        await self.application.process_update(self.update(data))

    async def push(self, data: dict[str, Any]) -> None:
        """Queue an update as polling would; with `concurrent=True`, it is handled
        alongside the others."""
        await self.application.update_queue.put(self.update(data))

    # Updates, as Telegram sends them

    def message(
        self,
        text: str,
        user: dict[str, Any] = READER_FR,
        chat_id: int | None = None,
        reply_to: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        chat_id = user["id"] if chat_id is None else chat_id
        message: dict[str, Any] = {
            "message_id": self._next(1),
            "date": 1_700_000_000,
            "chat": chat_of(chat_id, user),
            "from": user_json(user),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return {"message": message}

    def press(self, sent: Call, label: str, user: dict[str, Any] = READER_FR) -> dict[str, Any]:
        """A tap on the button labelled `label` under the message `sent` produced."""
        [button] = [b for b in buttons_of(sent.params.get("reply_markup")) if label in b["text"]]
        return self.button_data(sent, button["callback_data"], user)

    def button_data(
        self, sent: Call, data: str, user: dict[str, Any] = READER_FR
    ) -> dict[str, Any]:
        return {
            "callback_query": {
                "id": f"cb{self._next(1)}",
                "from": user_json(user),
                "chat_instance": "instance-1",
                "data": data,
                "message": sent.result,
            }
        }

    def inline(self, query: str, user: dict[str, Any] = READER_EN) -> dict[str, Any]:
        return {
            "inline_query": {
                "id": f"iq{self._next(1)}",
                "from": user_json(user),
                "query": query,
                "offset": "",
            }
        }

    def bot_message(self, chat_id: int, text: str = "Passages 1–3") -> dict[str, Any]:
        """A message of the bot's own, as it appears in a reply to it."""
        return {
            "message_id": self._next(1),
            "date": 1_700_000_000,
            "chat": chat_of(chat_id, READER_FR),
            "from": BOT_USER,
            "text": text,
        }

    # What the bot said

    def replies(self) -> list[Call]:
        return self.telegram.calls_to("sendMessage")

    def last_reply(self) -> Call:
        replies = self.replies()
        assert replies, "the bot sent no message"
        return replies[-1]


@asynccontextmanager
async def running_bot(
    settings: Settings, concurrent: bool = False, telegram: FakeTelegram | None = None
) -> AsyncIterator[BotUnderTest]:
    """The bot, initialised and with its services open as `run` has them. With
    `concurrent`, it also takes updates from its queue, as when polling."""
    telegram = telegram or FakeTelegram()
    application = build_application(
        settings, request=FakeRequest(telegram), get_updates_request=FakeRequest(telegram)
    )
    await application.initialize()
    try:
        await application.post_init(application)
        if concurrent:
            await application.start()
        yield BotUnderTest(application, telegram)
    finally:
        if application.running:
            await application.stop()
        await application.post_shutdown(application)
        await application.shutdown()
    telegram.assert_clean()


async def until(condition: Any, timeout: float = 10.0) -> None:
    """Wait, letting the bot work, until `condition()` holds; fail after `timeout`."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out waiting"
        await asyncio.sleep(0.01)
