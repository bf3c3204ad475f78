"""The scheduling queue: activeQ (priority, then arrival), backoffQ (1 s doubling to 10 s after each
failed attempt) and unschedulablePods, which cluster events and a 5-minute timeout move back."""
import heapq
import math

INITIAL_BACKOFF = 1.0
MAX_BACKOFF = 10.0
BACKOFF_FLUSH_PERIOD = 1.0  # flushBackoffQCompleted runs every second
LEFTOVER_FLUSH_PERIOD = 30.0  # flushUnschedulablePodsLeftover runs every 30 seconds ...
MAX_IN_UNSCHEDULABLE = 300.0  # ... and moves pods that waited there 5 minutes


class QueuedPod:
    """framework.QueuedPodInfo: the pod, when it entered the queue, attempts, who rejected it last."""

    __slots__ = ("uid", "pod", "timestamp", "attempts", "initial_attempt", "plugins", "where", "seq")

    def __init__(self, pod, now):
        self.uid, self.pod, self.timestamp = pod["metadata"]["uid"], pod, now
        self.attempts, self.initial_attempt, self.plugins, self.where, self.seq = 0, None, set(), None, 0

    @property
    def priority(self):
        return self.pod["spec"].get("priority") or 0


class SchedulingQueue:
    def __init__(self, clock, on_active, interest):
        self.clock, self.on_active, self.interest = clock, on_active, interest  # interest: event -> plugin names
        self.entries = {}
        self._active, self._backoff = [], []
        self.unschedulable = {}
        self._seq = 0
        self._started = clock.now
        self._backoff_timer = self._leftover_timer = None

    def __len__(self):
        return len(self.entries)

    # what the informers report
    def add(self, pod):
        entry = QueuedPod(pod, self.clock.now)
        self.entries[entry.uid] = entry
        self._to_active(entry)

    def update(self, pod):
        entry = self.entries.get(pod["metadata"]["uid"])
        if entry is None:
            return self.add(pod)
        changed = _scheduling_view(entry.pod) != _scheduling_view(pod)
        entry.pod = pod
        if entry.where == "unschedulable" and changed:
            self._move(entry)

    def delete(self, uid):
        entry = self.entries.pop(uid, None)
        if entry is not None:
            self.unschedulable.pop(uid, None)
            entry.where = None

    def pending(self, uid):
        return uid in self.entries

    # the scheduling loop's side
    def pop(self):
        while self._active:
            _, _, seq, uid = heapq.heappop(self._active)
            entry = self.entries.get(uid)
            if entry is not None and entry.where == "active" and entry.seq == seq:
                entry.where = "inflight"
                entry.attempts += 1
                if entry.initial_attempt is None:
                    entry.initial_attempt = self.clock.now
                return entry
        return None

    def has_active(self):
        while self._active:
            _, _, seq, uid = self._active[0]
            entry = self.entries.get(uid)
            if entry is not None and entry.where == "active" and entry.seq == seq:
                return True
            heapq.heappop(self._active)
        return False

    def add_unschedulable(self, entry, plugins, backoff=False):
        """After a failed attempt: to backoffQ on errors, else to unschedulablePods until an event."""
        if self.entries.get(entry.uid) is not entry:
            return
        entry.timestamp, entry.plugins = self.clock.now, set(plugins)
        if backoff:
            self._to_backoff(entry)
        else:
            entry.where = "unschedulable"
            self.unschedulable[entry.uid] = entry
            self._arm_leftover()

    def done(self, entry):
        """A bound pod leaves the queue."""
        if self.entries.get(entry.uid) is entry:
            del self.entries[entry.uid]

    # cluster events
    def move_all(self, event):
        """movePodsToActiveOrBackoffQueue for pods that a plugin interested in `event` rejected."""
        interested = self.interest.get(event, frozenset())
        for entry in list(self.unschedulable.values()):
            if not entry.plugins or entry.plugins & interested:
                self._move(entry)

    def backoff_duration(self, entry):
        duration = INITIAL_BACKOFF
        for _ in range(1, entry.attempts):
            duration *= 2
            if duration > MAX_BACKOFF:
                return MAX_BACKOFF
        return duration

    def backoff_expiry(self, entry):
        return entry.timestamp + self.backoff_duration(entry)

    def _move(self, entry):
        self.unschedulable.pop(entry.uid, None)
        if self.backoff_expiry(entry) > self.clock.now:
            self._to_backoff(entry)
        else:
            self._to_active(entry)

    def _to_active(self, entry):
        self._seq += 1
        entry.where, entry.seq = "active", self._seq
        heapq.heappush(self._active, (-entry.priority, entry.timestamp, self._seq, entry.uid))
        self.on_active()

    def _to_backoff(self, entry):
        self._seq += 1
        entry.where, entry.seq = "backoff", self._seq
        heapq.heappush(self._backoff, (self.backoff_expiry(entry), self._seq, entry.uid))
        self._arm_backoff()

    # the two periodic flushes, as timers on their real tick grid
    def _next_tick(self, when, period):
        ticks = math.ceil((when - self._started) / period - 1e-9)
        return self._started + max(ticks, 0) * period

    def _arm_backoff(self):
        if not self._backoff:
            return
        when = max(self._next_tick(self._backoff[0][0], BACKOFF_FLUSH_PERIOD), self.clock.now)
        if self._backoff_timer is not None:
            if self._backoff_timer.when <= when:
                return
            self._backoff_timer.cancel()  # a pod with a shorter back-off arrived
        self._backoff_timer = self.clock.call_at(when, self._flush_backoff)

    def _flush_backoff(self):
        self._backoff_timer = None
        now = self.clock.now
        while self._backoff and self._backoff[0][0] <= now + 1e-9:
            _, seq, uid = heapq.heappop(self._backoff)
            entry = self.entries.get(uid)
            if entry is not None and entry.where == "backoff" and entry.seq == seq:
                self._to_active(entry)
        while self._backoff and not self._live(self._backoff[0]):
            heapq.heappop(self._backoff)
        self._arm_backoff()

    def _live(self, item):
        entry = self.entries.get(item[2])
        return entry is not None and entry.where == "backoff" and entry.seq == item[1]

    def _arm_leftover(self):
        if self._leftover_timer is not None or not self.unschedulable:
            return
        oldest = min(e.timestamp for e in self.unschedulable.values())
        when = self._next_tick(oldest + MAX_IN_UNSCHEDULABLE, LEFTOVER_FLUSH_PERIOD)
        if when - oldest <= MAX_IN_UNSCHEDULABLE:  # the flush moves pods that waited strictly longer
            when += LEFTOVER_FLUSH_PERIOD
        self._leftover_timer = self.clock.call_at(max(when, self.clock.now), self._flush_leftover)

    def _flush_leftover(self):
        self._leftover_timer = None
        now = self.clock.now
        for entry in list(self.unschedulable.values()):
            if now - entry.timestamp > MAX_IN_UNSCHEDULABLE:
                self._move(entry)
        self._arm_leftover()


def _scheduling_view(pod):
    """isPodUpdated: what changed besides status, resourceVersion and generation."""
    meta = {k: v for k, v in pod["metadata"].items() if k not in ("resourceVersion", "generation", "managedFields")}
    return meta, pod.get("spec")
