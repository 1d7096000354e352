"""What the library raises. Each message says what to do next."""

from __future__ import annotations


class RetrievalError(Exception):
    """Base class: the command line and the bot turn these into a clear message."""


class ArchiveMissing(RetrievalError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"No archive at {path}. Build one with: bulletin-bot ingest --db {path} FOLDER"
        )


class ArchiveEmpty(RetrievalError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"The archive at {path} holds no paragraphs yet. "
            f"Add bulletins with: bulletin-bot ingest --db {path} FOLDER"
        )


class EmptyQuery(RetrievalError):
    def __init__(self, query: str) -> None:
        shown = f" ({query.strip()!r})" if query.strip() else ""
        super().__init__(
            f"The question{shown} has no words to search for: it is empty or made only of "
            "common words. Try names, places or subjects."
        )


class NothingIngested(RetrievalError):
    """An ingest run that could read no document at all."""
