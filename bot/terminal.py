"""The `chat` command's conversation: the bot's replies in a terminal, as plain text.

It says what the Telegram bot says, rendered by the same functions: only the HTML is
turned into text, and the More button becomes `/more`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bot.commands import latest_count
from bot.paging import PAGE_SIZE, Page, fetch_page
from bot.phrases import phrase
from bot.reloading import LiveArchive
from bot.rendering import help_html, latest_html, plain_text, results_html, stats_html
from retrieval.errors import EmptyQuery

QUIT = frozenset({"/quit", "/exit", "/q"})
# The name the help shows for inline mode, where a Telegram chat shows the bot's own.
TERMINAL_NAME = "bulletin_bot"


class TerminalChat:
    """One reader's conversation: each line in, the reply as plain text out."""

    def __init__(
        self, archive: LiveArchive, language: str, bold: Callable[[str], str] = lambda s: s
    ) -> None:
        self.archive, self.language, self.bold = archive, language, bold
        self.page: Page | None = None
        self.has_more = False

    def text(self, markup: str) -> str:
        return plain_text(markup, self.bold)

    def respond(self, line: str) -> str | None:
        """The reply to one line; None when the reader quits."""
        line = line.strip()
        command, _, rest = line.partition(" ")
        command = command.lower()
        if not line:
            return ""
        if command in QUIT:
            return None
        if command in ("/start", "/help"):
            help_text = help_html(self.language, TERMINAL_NAME, is_admin=False)
            return self.text(help_text) + "\n\n" + phrase("terminal_hint", self.language)
        if command == "/latest":
            count = latest_count(rest.split())
            if count is None:
                return self.text(phrase("latest_usage", self.language))
            return self.text(latest_html(self.archive.latest(count), self.language))
        if command == "/stats":
            return self.text(stats_html(self.archive.statistics(), self.language))
        if command in ("/more", "/back"):
            if self.page is None:
                return phrase("terminal_nothing_more", self.language)
            step = PAGE_SIZE if command == "/more" else -PAGE_SIZE
            if command == "/more" and not self.has_more:
                step = 0
            return self.show(Page(self.page.query, max(0, self.page.offset + step)))
        if command == "/ask":
            return (
                self.show(Page(rest, 0))
                if rest.strip()
                else self.text(phrase("ask_usage", self.language))
            )
        if command.startswith("/"):
            return phrase("unknown_command", self.language)
        return self.show(Page(line, 0))

    def show(self, page: Page) -> str:
        """A page of passages, with how to reach the next and previous ones."""
        try:
            results, self.has_more = fetch_page(self.archive, page)
        except EmptyQuery:
            return self.text(phrase("empty_query", self.language))
        if results.hits or page.offset == 0:
            self.page = page if results.hits else None
        text = self.text(results_html(results, self.language, page.offset))
        if results.hits and self.has_more:
            text += "\n\n" + phrase("terminal_more", self.language)
        elif results.hits and page.offset > 0:
            text += "\n\n" + phrase("terminal_back", self.language)
        return text


def converse(
    chat: TerminalChat,
    lines: Iterable[str],
    write: Callable[[str], None],
    prompt: Callable[[], None] = lambda: None,
) -> None:
    """Answer each line until the reader quits or the input ends."""
    prompt()
    for line in lines:
        reply = chat.respond(line)
        if reply is None:
            return
        if reply:
            write(reply + "\n\n")  # a blank line between replies, as between messages
        prompt()
