"""The shipped program: `bulletin-bot run` as a subprocess, talking to a fake Bot API
served on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from bot_fixtures import ADMIN, READER_EN, READER_FR, TOKEN, archive_folder
from fake_bot_api import Call, FakeBotApiServer, FakeTelegram, buttons_of

SCRIPT = Path(sys.executable).with_name("bulletin-bot")
# The bot starts in a second or two; these leave room for a slow machine.
START_SECONDS = 30
REPLY_SECONDS = 15
STOP_SECONDS = 15


def bot_command() -> list[str]:
    if SCRIPT.exists():
        return [str(SCRIPT), "run"]
    return [sys.executable, "-c", "from bot.cli import main; main()", "run"]


def clean_environment(**values: str) -> dict[str, str]:
    """This process's environment without any bot setting or proxy, plus `values`."""
    dropped = {"TELEGRAM_BOT_TOKEN", "ADMIN_IDS", "ARCHIVE_DIR", "ARCHIVE_DB", "LOG_LEVEL"}
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in dropped
        and not key.upper().endswith("_PROXY")
        and not key.startswith("TELEGRAM_")
    }
    return {**environment, "NO_PROXY": "127.0.0.1,localhost", **values}


def message(update_id_hint: int, text: str, user: dict) -> dict:
    command = text.split()[0]
    return {
        "message": {
            "message_id": update_id_hint,
            "date": 1_700_000_000,
            "chat": {"id": user["id"], "type": "private", "first_name": user["first_name"]},
            "from": user,
            "text": text,
            **(
                {"entities": [{"type": "bot_command", "offset": 0, "length": len(command)}]}
                if text.startswith("/")
                else {}
            ),
        }
    }


def test_bulletin_bot_run_polls_the_bot_api_and_answers(tmp_path):
    telegram = FakeTelegram()
    folder = archive_folder(tmp_path)
    database = tmp_path / "data" / "archive.db"
    with FakeBotApiServer(telegram, TOKEN) as server:
        environment = clean_environment(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=server.base_url,
            ARCHIVE_DIR=str(folder),
            ARCHIVE_DB=str(database),
            ADMIN_IDS=str(ADMIN["id"]),
            LOG_LEVEL="DEBUG",
        )
        process = subprocess.Popen(
            bot_command(),
            cwd=tmp_path,  # no .env of the developer's is read
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            started = telegram.wait_for(lambda t: t.polls > 0, START_SECONDS)
            assert started, "the bot never polled for updates"
            # It built the archive from ARCHIVE_DIR before polling.
            assert database.is_file()
            assert [c.method for c in telegram.calls][:2] == ["getMe", "setMyCommands"]
            assert telegram.calls_to("deleteWebhook")

            telegram.push_update(message(1, "OTAN Russie", READER_FR))
            assert telegram.wait_for(lambda t: len(t.calls_to("sendMessage")) == 1, REPLY_SECONDS)
            answer = telegram.calls_to("sendMessage")[0]
            assert answer.params["chat_id"] == READER_FR["id"]
            assert answer.params["text"].startswith("Passages 1 à 3 pour <i>OTAN Russie</i>")
            assert "<b>OTAN</b>" in answer.params["text"]

            telegram.push_update(message(2, "/latest", READER_EN))
            assert telegram.wait_for(lambda t: len(t.calls_to("sendMessage")) == 2, REPLY_SECONDS)
            latest = telegram.calls_to("sendMessage")[1].params["text"]
            assert latest.startswith("<b>The 2 newest articles</b>")
            assert (
                "7 April 2004 · <b>L’OTAN et la Russie renforcent leur coopération militaire</b>"
                in latest
            )

            telegram.push_update(press_more(answer))
            assert telegram.wait_for(lambda t: t.calls_to("editMessageText"), REPLY_SECONDS)
            assert telegram.wait_for(lambda t: t.calls_to("answerCallbackQuery"), REPLY_SECONDS)
            [edit] = telegram.calls_to("editMessageText")
            assert edit.params["message_id"] == answer.result["message_id"]
            assert edit.params["text"].startswith("Passages 4 à 6 pour <i>OTAN Russie</i>")

            telegram.push_update(
                {"inline_query": {"id": "iq1", "from": READER_EN, "query": "Moscou", "offset": ""}}
            )
            assert telegram.wait_for(lambda t: t.calls_to("answerInlineQuery"), REPLY_SECONDS)
            [inline] = telegram.calls_to("answerInlineQuery")
            assert 1 <= len(inline.params["results"]) <= 10
        finally:
            process.send_signal(signal.SIGINT)
            try:
                out, err = process.communicate(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                out, err = process.communicate()
                pytest.fail(f"the bot did not stop on SIGINT:\n{err[-3000:]}")
    assert process.returncode == 0, err[-3000:]
    assert TOKEN not in out + err
    assert "[token]" in err  # the Bot API address was logged, and redacted
    assert "Built " in err and "Serving " in err
    assert "httpx" not in err  # quietened: it would log each request's address
    telegram.assert_clean()


def press_more(sent: Call) -> dict:
    [button] = buttons_of(sent.params["reply_markup"])
    return {
        "callback_query": {
            "id": "cb1",
            "from": READER_FR,
            "chat_instance": "instance-1",
            "data": button["callback_data"],
            "message": sent.result,
        }
    }
