from bot.flood import FloodGuard, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_user_over_the_pace_is_warned_once_then_ignored_until_the_pace_drops():
    clock = Clock()
    guard = FloodGuard(limit=3, window=10.0, clock=clock)
    verdicts = [guard.check(1) for _ in range(6)]
    assert verdicts == [Verdict.ANSWER] * 3 + [Verdict.WARN, Verdict.IGNORE, Verdict.IGNORE]
    assert guard.check(2) is Verdict.ANSWER  # others keep their own pace
    clock.now = 10.0
    assert [guard.check(1) for _ in range(4)] == [Verdict.ANSWER] * 3 + [Verdict.WARN]


def test_a_steady_reader_is_never_slowed():
    clock = Clock()
    guard = FloodGuard(limit=3, window=10.0, clock=clock)
    verdicts = []
    for _ in range(20):
        verdicts.append(guard.check(1))
        clock.now += 4.0
    assert set(verdicts) == {Verdict.ANSWER}


def test_idle_users_are_forgotten():
    clock = Clock()
    guard = FloodGuard(limit=3, window=10.0, clock=clock)
    guard.check(1)
    clock.now = 11.0
    guard.check(2)
    guard.forget_idle()
    assert list(guard._times) == [2]
