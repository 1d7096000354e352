"""Logging as the python-telegram-bot examples set it up, with httpx quietened and the
bot token kept out of every line."""

from __future__ import annotations

import logging
from collections.abc import Iterable

FORMAT = "%(asctime)s - %(name)s - %(levelname)s - %(message)s"
REDACTED = "[token]"


class SecretRedactor(logging.Filter):
    """Replaces secrets in a record's message and traceback: the Bot API address holds
    the token, and a debug line or an HTTP error may quote it."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


def configure_logging(level: str, secrets: Iterable[str] = ()) -> None:
    """Log to stderr at `level`; httpx only for warnings (it logs every request's URL,
    which holds the token); and no secret in any line."""
    logging.basicConfig(format=FORMAT, level=level)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    redactor = SecretRedactor(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
