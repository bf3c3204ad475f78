"""Virtual time: timers run in time order, ties deterministically, and nothing reads the wall clock."""
from engine.clock import Clock


def test_advance_runs_due_timers_in_time_order():
    clock, seen = Clock(), []
    clock.call_later(5, lambda: seen.append(("b", clock.now)))
    clock.call_later(1, lambda: seen.append(("a", clock.now)))
    clock.call_later(20, lambda: seen.append(("late", clock.now)))
    clock.advance(10)
    assert seen == [("a", 1.0), ("b", 5.0)]
    assert clock.now == 10.0


def test_ties_break_by_priority_then_scheduling_order():
    clock, seen = Clock(), []
    clock.call_at(3, lambda: seen.append("second"), priority=1)
    clock.call_at(3, lambda: seen.append("first"), priority=0)
    clock.call_at(3, lambda: seen.append("third"), priority=1)
    clock.advance(3)
    assert seen == ["first", "second", "third"]


def test_timers_scheduled_while_running_run_in_the_same_advance():
    clock, seen = Clock(), []

    def tick():
        seen.append(clock.now)
        if clock.now < 30:
            clock.call_later(10, tick)

    clock.call_later(10, tick)
    clock.advance(100)
    assert seen == [10.0, 20.0, 30.0]


def test_cancelled_timer_does_not_run():
    clock, seen = Clock(), []
    timer = clock.call_later(1, lambda: seen.append(1))
    timer.cancel()
    clock.advance(5)
    assert seen == []


def test_run_until_stops_when_predicate_holds_or_times_out():
    clock, state = Clock(), {"n": 0}
    for t in range(1, 10):
        clock.call_at(t, lambda: state.__setitem__("n", state["n"] + 1))
    assert clock.run_until(lambda: state["n"] >= 3, timeout=60) is True
    assert clock.now == 3.0
    assert clock.run_until(lambda: state["n"] >= 100, timeout=20) is False
    assert clock.now == 23.0


def test_timestamps_start_at_the_fixed_epoch():
    clock = Clock()
    assert clock.timestamp() == "2025-01-01T00:00:00Z"
    clock.advance(3725.5)
    assert clock.timestamp() == "2025-01-01T01:02:05Z"
    assert clock.micro_timestamp() == "2025-01-01T01:02:05.500000Z"
    assert clock.parse("2025-01-01T01:02:05Z") == 3725.0


def test_negative_advance_is_refused():
    import pytest
    with pytest.raises(ValueError):
        Clock().advance(-1)
