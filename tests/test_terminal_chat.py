"""`bulletin-bot chat` (and `run` without a token): the conversation through stdin."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot_fixtures import archive_folder

SCRIPT = Path(sys.executable).with_name("bulletin-bot")
TIMEOUT_SECONDS = 60


def bulletin_bot(tmp_path: Path, *args: str, stdin: str, **settings: str):
    folder = archive_folder(tmp_path)
    environment = {
        "PATH": "/usr/bin:/bin",
        "ARCHIVE_DIR": str(folder),
        "ARCHIVE_DB": str(tmp_path / "data" / "archive.db"),
        "LANG": "C.UTF-8",
        **settings,
    }
    command = (
        [str(SCRIPT)]
        if SCRIPT.exists()
        else [sys.executable, "-c", "from bot.cli import main; main()"]
    )
    return subprocess.run(
        [*command, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,  # no developer's .env
        env=environment,
        timeout=TIMEOUT_SECONDS,
    )


def replies_of(stdout: str, *starts: str) -> list[str]:
    """`stdout` cut into the replies that begin with `starts`, in this order."""
    positions = [stdout.index(start) for start in starts]
    assert positions == sorted(positions), "the replies came in another order"
    return [stdout[a:b].strip("\n") for a, b in zip(positions, [*positions[1:], None], strict=True)]


def test_chat_answers_questions_latest_and_help_as_plain_text(tmp_path):
    result = bulletin_bot(
        tmp_path,
        "chat",
        stdin="OTAN Russie\n/more\n/latest 1\n/help\nle la\n/quit\nnever read\n",
    )
    assert result.returncode == 0, result.stderr
    passages, more, latest, help_text, common = replies_of(
        result.stdout,
        "Passages 1–3 for OTAN Russie",
        "Passages 4–6 for OTAN Russie",
        "The newest article",
        "Bulletin Bot answers",
        "Your question has no word",
    )
    assert passages.startswith("Passages 1–3 for OTAN Russie (7 matching paragraphs)\n\n")
    assert (
        "1. L’OTAN et la Russie renforcent leur coopération militaire\n"
        "7 April 2004 · OTAN Hebdo · 000_4e6e8aab6642041b.txt\n"
        "« Je considère qu’il m’incombe de convaincre (les Russes) que l’OTAN"
    ) in passages
    assert passages.endswith("(/more for the next passages, /back for the previous ones)")
    assert "4. L’OTAN et la Russie" in more
    assert latest == (
        "The newest article\n\n"
        '14 March 2005 · Allies weigh "<Smart & Fast>" procurement & the R&D <-> industry bridge\n'
        "NATO Update <special> & co · nato.int "
        "<https://www.nato.int/docu/update/2005/03?a=1&b=<2>&c='3'\">"
    )
    assert help_text.endswith(
        "In this terminal: type a question, or /more, /latest [n], /stats, /help, /quit."
    )
    assert common == (
        "Your question has no word to search for: it is empty or made only of common "
        "words. Try names, places or subjects."
    )  # and nothing after /quit
    assert "<b>" not in result.stdout and "&amp;" not in result.stdout
    database, folder = tmp_path / "data" / "archive.db", tmp_path / "bulletins"
    assert result.stderr == f"Building {database} from {folder}…\n"


def test_chat_speaks_french_when_asked(tmp_path):
    result = bulletin_bot(tmp_path, "chat", "--language", "fr", stdin="Moscou\n/latest abc\n")
    assert result.returncode == 0, result.stderr
    passages, usage = replies_of(result.stdout, "Passages 1 à 3 pour Moscou", "Utilisez")
    assert "7 avril 2004 · OTAN Hebdo" in passages
    assert usage == "Utilisez /latest, ou /latest suivi d’un nombre de 1 à 20."


def test_run_without_a_token_says_so_in_one_line_and_opens_the_chat(tmp_path):
    result = bulletin_bot(tmp_path, "run", stdin="quokka\n")
    assert result.returncode == 0, result.stderr
    hint = result.stderr.splitlines()[0]
    assert hint == (
        "TELEGRAM_BOT_TOKEN is not set, so this is the terminal chat; "
        "set it (see .env.example) to run the Telegram bot."
    )
    assert result.stdout.startswith("Nothing in the archive matches quokka.\n")


def test_chat_fails_clearly_when_there_is_nothing_to_serve(tmp_path):
    result = bulletin_bot(tmp_path, "chat", stdin="", ARCHIVE_DIR=str(tmp_path / "missing"))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"Building {tmp_path / 'data' / 'archive.db'} from {tmp_path / 'missing'}…",
        f"Error: No archive to serve: {tmp_path / 'missing'} gave no document "
        "(missing: no such file or folder). "
        "Set ARCHIVE_DIR to a folder of bulletins (.txt, .html, .jsonl).",
    ]
