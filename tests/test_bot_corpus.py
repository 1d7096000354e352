"""The bot over the real corpus: every reply to real questions is valid Telegram HTML
within 4096 characters (the fake Telegram checks each one)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bot_fixtures import ADMIN, READER_EN, READER_FR, TOKEN, run, running_bot

from bot.settings import Settings

CORPUS = Path("/work/shared/corpus")
QUESTIONS = Path("/work/shared/eval/dev-questions.jsonl")

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir() or not QUESTIONS.is_file(),
    reason=f"the shared corpus ({CORPUS}) and its questions ({QUESTIONS}) are not on this machine",
)


def test_real_questions_over_the_real_corpus_get_valid_replies(tmp_path):
    questions = [json.loads(line) for line in QUESTIONS.read_text().splitlines() if line.strip()]
    settings = Settings(
        token=TOKEN,
        admin_ids=frozenset({ADMIN["id"]}),
        archive_dir=CORPUS,
        archive_db=tmp_path / "archive.db",
    )

    async def scenario():
        async with running_bot(settings) as bot:
            for i, question in enumerate(questions):
                reader = READER_FR if question["lang"] == "fr" else READER_EN
                # One reader per question: the flood guard is not what is tested here.
                await bot.send(bot.message(question["question"], user={**reader, "id": 5000 + i}))
                reply = bot.last_reply()
                if reply.params.get("reply_markup"):
                    await bot.send(bot.press(reply, "▸", user={**reader, "id": 5000 + i}))
            await bot.send(bot.message("/latest 20", user=READER_EN))
            await bot.send(bot.message("/stats", user=ADMIN))
            await bot.send(bot.inline("Afghanistan ISAF"))
            texts = bot.telegram.sent_texts()
            assert sum(t.startswith("Passages 1") for t in texts) >= len(questions) * 0.9
            assert bot.telegram.calls_to("editMessageText")
            assert len(bot.telegram.calls_to("answerInlineQuery")[0].params["results"]) == 10

    run(scenario())
