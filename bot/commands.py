"""Command arguments, read the same way in Telegram and in the terminal chat."""

from __future__ import annotations

from collections.abc import Sequence

# /latest lists this many articles unless told otherwise: a screenful.
LATEST_DEFAULT = 5
# and never more than this many, which still fit one message with their sources.
LATEST_MOST = 20


def latest_count(args: Sequence[str]) -> int | None:
    """How many articles `/latest [n]` asks for (clamped to 1..20), or None when its
    argument is not a number."""
    if len(args) > 1 or (args and not args[0].isdigit()):
        return None
    return min(max(int(args[0]) if args else LATEST_DEFAULT, 1), LATEST_MOST)
