"""Virtual time: one heap of timers, advanced only on request.

Nothing in the engine reads the wall clock; every component schedules its work here."""
import heapq
from functools import lru_cache
from datetime import datetime, timedelta, timezone

# The simulated cluster's birthday: every fresh Cluster starts at this instant.
EPOCH = datetime(2025, 1, 1, 0, 0, 0, tzinfo=timezone.utc)


class Timer:
    """A scheduled callback; `cancel()` keeps it from running."""

    __slots__ = ("when", "callback", "cancelled")

    def __init__(self, when, callback):
        self.when = when
        self.callback = callback
        self.cancelled = False

    def cancel(self):
        self.cancelled = True


class Clock:
    """A discrete-event clock: `call_at`/`call_later` schedule, `advance` runs due timers in order.

    Ties are broken by priority, then by scheduling order, so runs are deterministic."""

    def __init__(self, epoch=EPOCH):
        self.epoch = epoch
        self.now = 0.0  # seconds since epoch
        self._heap = []
        self._seq = 0

    def call_at(self, when, callback, priority=0):
        timer = Timer(max(when, self.now), callback)
        self._seq += 1
        heapq.heappush(self._heap, (timer.when, priority, self._seq, timer))
        return timer

    def call_later(self, delay, callback, priority=0):
        return self.call_at(self.now + max(delay, 0), callback, priority)

    def call_soon(self, callback, priority=0):
        return self.call_at(self.now, callback, priority)

    def step(self):
        """Run the next timer; return False when none is left."""
        while self._heap:
            when, _, _, timer = heapq.heappop(self._heap)
            if timer.cancelled:
                continue
            self.now = when
            timer.callback()
            return True
        return False

    def next_time(self):
        while self._heap and self._heap[0][3].cancelled:
            heapq.heappop(self._heap)
        return self._heap[0][0] if self._heap else None

    def advance(self, seconds):
        """Run every timer due within the next `seconds`, then set the time to the end."""
        if seconds < 0:
            raise ValueError("cannot advance by a negative time")
        self.run_until_time(self.now + seconds)

    def run_until_time(self, end):
        while True:
            due = self.next_time()
            if due is None or due > end:
                break
            self.step()
        self.now = max(self.now, end)

    def run_until(self, predicate, timeout):
        """Advance until `predicate()` is true or `timeout` seconds pass; return the predicate."""
        end = self.now + timeout
        while not predicate():
            due = self.next_time()
            if due is None or due > end:
                self.now = end
                return bool(predicate())
            self.step()
        return True

    def datetime(self, at=None):
        return self.epoch + timedelta(seconds=self.now if at is None else at)

    def timestamp(self, at=None):
        """RFC 3339 time as the API shows it (`2025-01-01T00:00:00Z`)."""
        return self.datetime(at).strftime("%Y-%m-%dT%H:%M:%SZ")

    def micro_timestamp(self, at=None):
        """RFC 3339 with microseconds, as MicroTime fields (Lease renewTime, Event eventTime) show."""
        return self.datetime(at).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def parse(self, text):
        """Seconds since epoch for an RFC 3339 timestamp written by this clock."""
        return _seconds_since(self.epoch, text)


@lru_cache(maxsize=65536)  # controllers parse the same few timestamps over and over (strptime is slow)
def _seconds_since(epoch, text):
    fmt = "%Y-%m-%dT%H:%M:%S.%fZ" if "." in text else "%Y-%m-%dT%H:%M:%SZ"
    moment = datetime.strptime(text, fmt).replace(tzinfo=timezone.utc)
    return (moment - epoch).total_seconds()
