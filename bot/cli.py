"""The `bulletin-bot` command line: a thin face over the retrieval library.

Each command parses its options, calls one library function and turns the library's
exceptions into a clear message and a non-zero exit code.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

# The Telegram side (python-telegram-bot, httpx) is imported by `run` and `chat` alone, so
# that the library commands start fast: `search -` is used as a query server.
from bot.settings import Settings, SettingsError, load_settings
from retrieval.archive import article_summaries, document_articles, statistics
from retrieval.errors import RetrievalError
from retrieval.evaluation import evaluate, load_questions
from retrieval.ingest import IngestReport, ingest
from retrieval.search import Searcher

T = TypeVar("T")
DEFAULT_DB = "data/archive.db"
db_option = click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    show_default=True,
    envvar="ARCHIVE_DB",
    type=click.Path(dir_okay=False),
    help="The archive's SQLite file.",
)


def fail(error: Exception) -> NoReturn:
    raise click.ClickException(str(error))


def library(call: Callable[[], T]) -> T:
    """Run one library call; its errors become a clear message and exit code 1."""
    try:
        return call()
    except RetrievalError as error:
        fail(error)


def print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False))
    sys.stdout.flush()


@click.group()
@click.version_option(package_name="bulletin-bot")
def main() -> None:
    """Search an archive of news bulletins, and serve it as a Telegram bot."""


def _report_text(report: IngestReport, totals: dict[str, Any] | None) -> str:
    removed = f", {report.removed} removed" if report.removed else ""
    lines = [
        f"Read {report.files} files in {report.seconds:.1f} s: {report.written} documents new "
        f"or changed ({report.articles} articles, {report.paragraphs} paragraphs), "
        f"{report.unchanged} unchanged{removed}."
    ]
    if totals:
        lines.append(
            f"The archive now holds {totals['documents']} documents, {totals['articles']} "
            f"articles, {totals['paragraphs']} paragraphs."
        )
    if report.rejections:
        lines.append(f"Skipped {len(report.rejections)}:")
        lines += [f"  {r.origin}: {r.reason}" for r in report.rejections]
    return "\n".join(lines)


@main.command("ingest")
@db_option
@click.option(
    "--prune",
    is_flag=True,
    help="Also remove the documents whose file is no longer among PATHS.",
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def ingest_command(db_path: str, prune: bool, paths: tuple[Path, ...]) -> None:
    """Add files and folders (recursively) to the archive: .txt, .html/.htm, .jsonl.
    Unchanged files are recognised and skipped; a changed one replaces its documents."""
    show_bar = sys.stderr.isatty()
    bar: Any = None

    def on_files(total: int) -> None:
        nonlocal bar
        if show_bar:
            bar = click.progressbar(length=total, label="Reading", file=sys.stderr)
            bar.__enter__()

    def progress(done: int) -> None:
        if bar is not None:
            bar.update(done)

    try:
        report = ingest(paths, db_path, progress=progress, on_files=on_files, prune=prune)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    try:
        totals = statistics(db_path)
    except RetrievalError:
        totals = None  # an archive still empty: the report says why
    click.echo(_report_text(report, totals))
    if report.documents == 0:
        raise click.ClickException("Nothing could be read: no document was ingested.")


def _print_hits(results: Any) -> None:
    if not results.hits:
        click.echo(f"No passage matches {results.query!r}. Try fewer or other words.")
        return
    for hit in results.hits:
        click.echo(
            f"{hit.rank}. [{hit.date or 'undated'}] {hit.title} ({hit.publication}, score {hit.score:.2f})"
        )
        click.echo(f"   {hit.source}")
        click.echo(f"   {hit.text}\n")


@main.command("search")
@db_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of hits.")
@click.argument("query")
def search_command(db_path: str, limit: int, as_json: bool, query: str) -> None:
    """Find the paragraphs that best answer QUERY. With QUERY "-", read one query a line
    from standard input and answer each as soon as it is read."""
    searcher = library(lambda: Searcher(db_path))
    if query == "-":
        # readline, not iteration: each query is answered as soon as its line arrives.
        for line in iter(sys.stdin.readline, ""):
            hits: list[dict[str, Any]]
            try:
                hits = [h.as_json() for h in searcher.search(line.strip(), limit).hits]
            except RetrievalError:
                hits = []  # one empty query must not break the stream
            if as_json:
                print_json(hits)
            else:
                click.echo(f"# {line.strip()}")
                for hit in hits:
                    click.echo(f"{hit['rank']}. {hit['title']} — {hit['text'][:160]}")
                sys.stdout.flush()
        return
    results = library(lambda: searcher.search(query, limit))
    if as_json:
        print_json([h.as_json() for h in results.hits])
    else:
        _print_hits(results)


@main.command("latest")
@db_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True)
def latest_command(db_path: str, limit: int, as_json: bool) -> None:
    """List the newest articles first."""
    articles = library(lambda: article_summaries(db_path, limit))
    if as_json:
        print_json(articles)
        return
    for article in articles:
        click.echo(
            f"{article['date'] or 'undated'}  {article['title']}  ({article['publication']})"
        )
        click.echo(f"            {article['source']}")


@main.command("show")
@db_option
@click.option("--json", "as_json", is_flag=True)
@click.argument("source")
def show_command(db_path: str, as_json: bool, source: str) -> None:
    """Show one document's articles and paragraphs."""
    articles = library(lambda: document_articles(db_path, source))
    if as_json:
        print_json(articles)
        return
    for article in articles:
        click.echo(
            f"== {article['title']} [{article['date'] or 'undated'}, {article['language']}, {article['publication']}]"
        )
        for paragraph in article["paragraphs"]:
            click.echo(f"{paragraph}\n")


@main.command("stats")
@db_option
@click.option("--json", "as_json", is_flag=True)
def stats_command(db_path: str, as_json: bool) -> None:
    """Counts by language and publication, and the date range."""
    numbers = library(lambda: statistics(db_path))
    if as_json:
        print_json(numbers)
        return
    click.echo(
        f"{numbers['documents']} documents, {numbers['articles']} articles, "
        f"{numbers['paragraphs']} paragraphs"
    )
    click.echo(f"Dates: {numbers['first_date']} to {numbers['last_date']}")
    for key in ("languages", "publications"):
        click.echo(f"{key.capitalize()}:")
        for name, count in numbers[key].items():
            click.echo(f"  {name}: {count}")


@main.command("eval")
@db_option
@click.argument("questions", type=click.Path(exists=True, dir_okay=False))
@click.option("--verbose", is_flag=True, help="Print each question's rank.")
def eval_command(db_path: str, questions: str, verbose: bool) -> None:
    """Measure ranking quality: MRR@10, hit@1 and hit@5 over a questions file."""
    try:
        searcher = Searcher(db_path)
        result = evaluate(searcher, load_questions(questions))
    except (RetrievalError, ValueError) as error:
        fail(error)
    if verbose:
        for question_id, rank in result.ranks.items():
            click.echo(f"{question_id}\t{rank if rank else '-'}")
    click.echo(f"questions: {result.questions}")
    click.echo(f"MRR@10: {result.mrr:.3f}")
    click.echo(f"hit@1: {result.hit_at_1:.3f}")
    click.echo(f"hit@5: {result.hit_at_5:.3f}")
    misses = Counter(rank is None for rank in result.ranks.values())[True]
    click.echo(f"not in top 10: {misses}")


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        raise click.ClickException(str(error)) from None


def _chat(settings: Settings, language: str | None) -> None:
    from bot.logs import configure_logging
    from bot.phrases import language_of, phrase
    from bot.reloading import LiveArchive
    from bot.terminal import TerminalChat, converse

    configure_logging("WARNING")
    archive = LiveArchive(settings.archive_dir, settings.archive_db)
    if not settings.archive_db.is_file():
        click.echo(f"Building {settings.archive_db} from {settings.archive_dir}…", err=True)
    library(archive.open)
    reader = language or language_of(os.environ.get("LC_ALL") or os.environ.get("LANG"))
    interactive = sys.stdin.isatty()
    chat = TerminalChat(
        archive,
        reader,
        bold=(lambda text: click.style(text, bold=True)) if sys.stdout.isatty() else str,
    )
    if interactive:
        click.echo(phrase("terminal_hint", reader))

    def write(text: str) -> None:
        click.echo(text, nl=False)
        sys.stdout.flush()

    try:
        converse(
            chat,
            sys.stdin,
            write,
            prompt=(lambda: write("> ")) if interactive else (lambda: None),
        )
    except KeyboardInterrupt:
        click.echo()
    finally:
        archive.close()


@main.command("chat")
@click.option(
    "--language",
    type=click.Choice(["en", "fr"]),
    default=None,
    help="The language of the replies (default: from LANG).",
)
def chat_command(language: str | None) -> None:
    """Talk to the bot in this terminal: questions, /more, /latest [n], /help, /quit.
    Needs no token; reads ARCHIVE_DIR and ARCHIVE_DB like `run`."""
    _chat(_settings(), language)


@main.command("run")
def run_command() -> None:
    """Run the Telegram bot (polling), set up from the environment and .env; on first
    start, ingest ARCHIVE_DIR. Without TELEGRAM_BOT_TOKEN, start the terminal chat."""
    settings = _settings()
    if settings.token is None:
        click.echo(
            "TELEGRAM_BOT_TOKEN is not set, so this is the terminal chat; "
            "set it (see .env.example) to run the Telegram bot.",
            err=True,
        )
        _chat(settings, None)
        return
    from telegram.error import InvalidToken, NetworkError

    from bot.app import run_bot
    from bot.logs import configure_logging

    configure_logging(settings.log_level, [settings.token])
    try:
        run_bot(settings)
    except RetrievalError as error:
        fail(error)
    except InvalidToken:
        raise click.ClickException(
            "Telegram refused TELEGRAM_BOT_TOKEN: copy it again from @BotFather."
        ) from None
    except NetworkError as error:
        reason = str(error).replace(settings.token, "[token]")
        raise click.ClickException(f"Cannot reach the Telegram Bot API: {reason}") from None
