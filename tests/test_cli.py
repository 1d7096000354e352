"""The `bulletin-bot` command-line contract that other tools and checks depend on."""

from __future__ import annotations

import datetime as dt
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import main
from retrieval.archive import statistics

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
# Exactly these keys, no more, no fewer (their order in the object does not matter).
HIT_KEYS = {"rank", "score", "text", "title", "date", "language", "publication", "source"}
ARTICLE_KEYS = {"source", "title", "date", "language", "publication"}


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, env=env)


def assert_clean_failure(result: Result, *words: str) -> None:
    """A non-zero exit with a message for people, not a traceback."""
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), repr(result.exception)
    for word in words:
        assert word in result.output, result.output


def is_iso_or_none(value: object) -> bool:
    return value is None or (
        isinstance(value, str) and dt.date.fromisoformat(value).isoformat() == value
    )


def console_script() -> Path:
    script = Path(sys.executable).with_name("bulletin-bot")
    if not script.exists():
        pytest.fail(f"{script} is missing: install the project (sh scripts/setup-venv dev)")
    return script


# -- ingest --------------------------------------------------------------------------------


def test_ingest_prints_counts_and_each_skipped_file_with_its_reason(tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    shutil.copytree(FIXTURES / "archive", folder)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.jsonl").write_text('{"text": "unterminated\n', encoding="utf-8")
    db = tmp_path / "archive.db"

    result = run("ingest", "--db", str(db), str(folder), str(SEEDS))
    assert result.exit_code == 0, result.output
    numbers = statistics(db)
    for count, word in [
        (numbers["documents"], "documents"),
        (numbers["articles"], "articles"),
        (numbers["paragraphs"], "paragraphs"),
    ]:
        assert f"{count} {word}" in result.output
    lines = result.output.splitlines()
    for origin, reason in [
        ("scan.pdf", "unsupported"),
        ("empty.txt", "empty"),
        ("broken.jsonl:1", "JSON"),
    ]:
        assert [line for line in lines if origin in line and reason in line], (
            origin,
            result.output,
        )


def test_ingest_fails_when_nothing_could_be_read(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("ingest", "--db", str(tmp_path / "archive.db"), str(tmp_path))
    assert_clean_failure(result, "scan.pdf", "empty.txt")


def test_ingest_without_paths_is_a_usage_error(tmp_path: Path) -> None:
    result = run("ingest", "--db", str(tmp_path / "archive.db"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_ingest_twice_reports_nothing_new_and_exits_zero(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    folder = FIXTURES / "archive"
    assert run("ingest", "--db", str(db), str(folder)).exit_code == 0
    before = statistics(db)
    again = run("ingest", "--db", str(db), str(folder))
    assert again.exit_code == 0, again.output
    assert statistics(db) == before


def test_ingest_prune_removes_the_documents_whose_file_is_gone(tmp_path: Path) -> None:
    folder = tmp_path / "incoming"
    shutil.copytree(FIXTURES / "archive", folder)
    db = tmp_path / "archive.db"
    assert run("ingest", "--db", str(db), str(folder)).exit_code == 0
    page = next(p for p in folder.rglob("*.txt") if "0127f" in p.name)

    def bogue_hits() -> int:
        hits = json.loads(run("search", "--db", str(db), "--json", "bogue an 2000").output)
        return sum("bogue" in hit["text"] for hit in hits)

    assert bogue_hits() > 0
    page.unlink()

    kept = run("ingest", "--db", str(db), str(folder))
    assert "removed" not in kept.output
    assert bogue_hits() > 0, "without --prune, a file gone from the folder stays archived"

    pruned = run("ingest", "--db", str(db), "--prune", str(folder))
    assert pruned.exit_code == 0, pruned.output
    assert ", 1 removed." in pruned.output
    assert bogue_hits() == 0


# -- search ----------------------------------------------------------------------------------


def test_search_json_gives_hits_with_exactly_the_contract_keys(fixture_archive) -> None:
    result = run("search", "--db", str(fixture_archive.db), "--json", "OTAN Bosnie Sarajevo")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert hits and len(hits) <= 10
    assert [set(hit) for hit in hits] == [HIT_KEYS] * len(hits)
    assert [hit["rank"] for hit in hits] == list(range(1, len(hits) + 1))
    assert [hit["score"] for hit in hits] == sorted((h["score"] for h in hits), reverse=True)
    for hit in hits:
        assert isinstance(hit["score"], float) and hit["score"] > 0
        assert is_iso_or_none(hit["date"])
        assert hit["language"] in ("en", "fr")
        assert all(isinstance(hit[k], str) and hit[k] for k in ("text", "title", "source"))
    assert hits[0]["source"] == "https://www.nato.int/docu/update/2004/05-may/f0528a.htm"


def test_search_limit_caps_the_hits(fixture_archive) -> None:
    result = run("search", "--db", str(fixture_archive.db), "--json", "--limit", "3", "OTAN NATO")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)) == 3


def test_search_without_json_prints_a_readable_list(fixture_archive) -> None:
    db = str(fixture_archive.db)
    [top] = json.loads(run("search", "--db", db, "--json", "--limit", "1", "Kofi Annan").output)
    result = run("search", "--db", db, "--limit", "1", "Kofi Annan")
    assert result.exit_code == 0, result.output
    for value in (top["title"], top["source"], top["date"]):
        assert value in result.output
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.output)


def test_search_reads_the_archive_named_by_archive_db(fixture_archive) -> None:
    result = run("search", "--json", "Kofi Annan", env={"ARCHIVE_DB": str(fixture_archive.db)})
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)


@pytest.mark.parametrize("question", ["", "   ", "the of and", "de la le"])
def test_search_empty_or_stopword_question_gives_a_clear_message(
    fixture_archive, question: str
) -> None:
    result = run("search", "--db", str(fixture_archive.db), "--json", question)
    assert_clean_failure(result, "common words")


def test_search_stdin_batch_prints_one_array_a_line_in_order(fixture_archive) -> None:
    db = str(fixture_archive.db)
    questions = ["Kofi Annan", "", "Helmand insurgents", "the of", "Hungary Bulgaria"]
    result = run(
        "search", "--db", db, "--json", "--limit", "3", "-", stdin="\n".join(questions) + "\n"
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == len(questions)
    for question, line in zip(questions, lines, strict=True):
        answer = json.loads(line)
        if question.strip() in ("", "the of"):
            assert answer == []
        else:
            alone = run("search", "--db", db, "--json", "--limit", "3", question)
            assert answer == json.loads(alone.output)
            assert [set(hit) for hit in answer] == [HIT_KEYS] * len(answer)


def test_search_stdin_batch_as_a_real_process_answers_each_line_as_it_comes(
    fixture_archive,
) -> None:
    """Another tool keeps the process open and writes one question at a time."""
    process = subprocess.Popen(
        [str(console_script()), "search", "--db", str(fixture_archive.db), "--json", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert process.stdin and process.stdout
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(
        target=lambda: [lines.put(line) for line in process.stdout], daemon=True
    ).start()
    try:
        answers = []
        for question in ["Le bogue de l'an 2000", "President of Algeria", "sécurité Sarajevo"]:
            process.stdin.write(question + "\n")
            process.stdin.flush()
            answers.append(json.loads(lines.get(timeout=30)))  # before stdin is closed
        process.stdin.close()
        assert process.wait(timeout=30) == 0, process.stderr.read() if process.stderr else ""
    finally:
        if process.poll() is None:
            process.kill()
    assert [a[0]["title"] for a in answers[:2]] == [
        "Le bogue de l'an 2000",
        "President of Algeria visits NATO",
    ]
    assert answers[2][0]["source"] == "https://www.nato.int/docu/update/2004/05-may/f0528a.htm"
    assert all([set(hit) for hit in a] == [HIT_KEYS] * len(a) for a in answers)
    assert lines.empty()


# -- missing or empty archive ---------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["search", "Kosovo"],
        ["search", "--json", "-"],
        ["latest"],
        ["latest", "--json"],
        ["show", "https://www.nato.int/docu/update/1999/0127f.htm"],
        ["stats", "--json"],
    ],
    ids=" ".join,
)
def test_missing_archive_gives_a_message_naming_ingest(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "data" / "archive.db"
    result = run(command[0], "--db", str(db), *command[1:], stdin="Kosovo\n")
    assert_clean_failure(result, "ingest")
    assert not db.exists()


def test_eval_on_missing_archive_gives_a_message_naming_ingest(tmp_path: Path) -> None:
    questions = tmp_path / "questions.jsonl"
    questions.write_text(
        json.dumps({"question": "Kosovo", "source": "x", "answer": "y"}) + "\n", encoding="utf-8"
    )
    result = run("eval", "--db", str(tmp_path / "archive.db"), str(questions))
    assert_clean_failure(result, "ingest")


def test_empty_archive_gives_a_message_naming_ingest(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    db = tmp_path / "archive.db"
    run("ingest", "--db", str(db), str(tmp_path / "empty.txt"))
    for command in (["search", "Kosovo"], ["latest"], ["stats"]):
        assert_clean_failure(run(command[0], "--db", str(db), *command[1:]), "ingest")


# -- latest, show, stats, eval -----------------------------------------------------------------


def test_latest_json_lists_the_newest_articles_first(fixture_archive) -> None:
    result = run("latest", "--db", str(fixture_archive.db), "--json", "--limit", "4")
    assert result.exit_code == 0, result.output
    articles = json.loads(result.output)
    assert len(articles) == 4
    assert [set(a) for a in articles] == [ARTICLE_KEYS] * 4
    dates = [a["date"] for a in articles]
    assert all(is_iso_or_none(d) for d in dates)
    assert dates == sorted(dates, reverse=True)
    # The three ISAF releases (2011-2013) are the newest of the fixtures.
    assert {a["publication"] for a in articles[:3]} == {"ISAF press release"}


def test_latest_without_json_prints_dates_and_titles(fixture_archive) -> None:
    db = str(fixture_archive.db)
    [newest] = json.loads(run("latest", "--db", db, "--json", "--limit", "1").output)
    result = run("latest", "--db", db, "--limit", "1")
    assert result.exit_code == 0
    assert newest["date"] in result.output and newest["title"] in result.output


def test_show_json_gives_a_documents_articles_and_paragraphs(fixture_archive) -> None:
    source = "https://www.nato.int/docu/update/1999/0127f.htm"
    result = run("show", "--db", str(fixture_archive.db), "--json", source)
    assert result.exit_code == 0, result.output
    articles = json.loads(result.output)
    assert [set(a) for a in articles] == [ARTICLE_KEYS | {"paragraphs"}] * 3
    assert [(a["source"], a["date"], a["language"]) for a in articles] == [
        (source, "1999-01-28", "fr"),
        (source, "1999-01-28", "fr"),
        (source, "1999-01-29", "fr"),
    ]
    assert articles[1]["title"] == "Tournée de M. Solana dans les pays du Nord"
    for article in articles:
        assert article["paragraphs"] and all(
            isinstance(p, str) and p for p in article["paragraphs"]
        )


def test_show_unknown_source_gives_a_clear_message(fixture_archive) -> None:
    result = run("show", "--db", str(fixture_archive.db), "https://example.org/none.htm")
    assert_clean_failure(result, "https://example.org/none.htm")


def test_stats_json_counts_by_language_and_publication_with_the_date_range(
    fixture_archive,
) -> None:
    result = run("stats", "--db", str(fixture_archive.db), "--json")
    assert result.exit_code == 0, result.output
    numbers = json.loads(result.output)
    assert numbers == statistics(fixture_archive.db)
    assert sum(numbers["languages"].values()) == numbers["articles"]
    assert sum(numbers["publications"].values()) == numbers["articles"]
    assert numbers["languages"] == {"en": 10, "fr": 5}
    assert (numbers["first_date"], numbers["last_date"]) == ("1999-01-28", "2013-01-24")
    assert numbers["documents"] == 8


def test_stats_without_json_prints_counts_and_the_date_range(fixture_archive) -> None:
    result = run("stats", "--db", str(fixture_archive.db))
    assert result.exit_code == 0, result.output
    numbers = statistics(fixture_archive.db)
    for value in (numbers["documents"], numbers["articles"], numbers["paragraphs"]):
        assert str(value) in result.output
    assert numbers["first_date"] in result.output and numbers["last_date"] in result.output
    assert "OTAN Hebdo" in result.output and "ISAF press release" in result.output


def test_eval_prints_mrr_hit_at_1_and_hit_at_5(fixture_archive, tmp_path: Path) -> None:
    questions = tmp_path / "questions.jsonl"
    questions.write_text(
        "\n".join(
            json.dumps(q, ensure_ascii=False)
            for q in [
                {
                    "id": "q1",
                    "question": "Quel séminaire sur le bogue de l'an 2000 ?",
                    "source": "https://www.nato.int/docu/update/1999/0127f.htm",
                    "answer": "La Russie a accepté de participer",
                },
                {
                    "id": "q2",
                    "question": "Who is the President of Algeria?",
                    "source": "https://www.nato.int/nowhere.htm",
                    "answer": "Bouteflika",
                },
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    result = run("eval", "--db", str(fixture_archive.db), str(questions))
    assert result.exit_code == 0, result.output
    figures = dict(line.split(": ", 1) for line in result.output.splitlines() if ": " in line)
    assert float(figures["MRR@10"]) == pytest.approx(0.5)
    assert float(figures["hit@1"]) == pytest.approx(0.5)
    assert float(figures["hit@5"]) == pytest.approx(0.5)


def test_eval_with_a_malformed_questions_file_fails_cleanly(
    fixture_archive, tmp_path: Path
) -> None:
    questions = tmp_path / "questions.jsonl"
    questions.write_text('{"question": "no source or answer"}\n', encoding="utf-8")
    result = run("eval", "--db", str(fixture_archive.db), str(questions))
    assert_clean_failure(result, "questions.jsonl")
