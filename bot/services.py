"""What the handlers share, opened in `post_init` and kept in `bot_data`."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.flood import FloodGuard
from bot.paging import QuestionBook
from bot.reloading import LiveArchive

# The key of the services in `Application.bot_data`.
SERVICES = "services"


@dataclass
class Services:
    """The live archive, who the admins are, the flood guard and the question book."""

    archive: LiveArchive
    admin_ids: frozenset[int]
    flood: FloodGuard = field(default_factory=FloodGuard)
    questions: QuestionBook = field(default_factory=QuestionBook)
