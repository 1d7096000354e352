"""A per-user guard against questions sent faster than anyone can read the answers.

Telegram's own limits are AIORateLimiter's business; this guard keeps one user from
making the bot search, and reply, in a loop. Past the limit the user is told once, then
ignored until their pace falls back within it.
"""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable

# Reading three passages takes a person several seconds: eight questions in half a
# minute is already a fast reader. More than that is a script or a stuck key.
QUESTIONS_PER_WINDOW = 8
WINDOW_SECONDS = 30.0
# Past this many users tracked, idle ones are dropped: memory follows active users only.
TRACKED_USERS = 10_000


class Verdict(enum.Enum):
    ANSWER = "answer"
    WARN = "warn"  # the first request over the limit: say so, once
    IGNORE = "ignore"


class FloodGuard:
    """Counts each user's requests over a sliding window."""

    def __init__(
        self,
        limit: int = QUESTIONS_PER_WINDOW,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._times: dict[int, deque[float]] = {}
        self._warned: set[int] = set()

    def check(self, user_id: int) -> Verdict:
        """Record a request from `user_id` and say how to treat it."""
        if len(self._times) > TRACKED_USERS:
            self.forget_idle()
        now = self.clock()
        times = self._times.setdefault(user_id, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        if len(times) < self.limit:
            times.append(now)
            self._warned.discard(user_id)
            return Verdict.ANSWER
        if user_id in self._warned:
            return Verdict.IGNORE
        self._warned.add(user_id)
        return Verdict.WARN

    def forget_idle(self) -> None:
        """Drop users with no request in the window."""
        now = self.clock()
        for user_id in [u for u, t in self._times.items() if not t or now - t[-1] >= self.window]:
            del self._times[user_id]
            self._warned.discard(user_id)
