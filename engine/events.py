"""Event recorders as client-go has them: `EventRecorder` (tools/record: count, aggregation, spam
filter) and `EventsRecorder` (tools/events, events.k8s.io: eventTime, action, series), writing core/v1 Events."""
from collections import OrderedDict

from .api.errors import ApiError

LRU_ENTRIES = 4096
AGGREGATE_MAX_EVENTS = 10
AGGREGATE_INTERVAL = 600
SPAM_BURST = 25
SPAM_QPS = 1.0 / 300.0
SERIES_FINISH = 6 * 60  # events.k8s.io: a series nobody observed for 6 minutes is closed
SERIES_REFRESH = 30 * 60  # ... and open series are written again every 30 minutes
COMBINED_PREFIX = "(combined from similar events): "


def reference(obj, field_path=None):
    """The ObjectReference of an object (reference.GetReference); a reference is returned as it is."""
    if "metadata" not in obj:
        return dict(obj)
    meta = obj["metadata"]
    ref = {"kind": obj.get("kind"), "namespace": meta.get("namespace"), "name": meta.get("name"),
           "uid": meta.get("uid"), "apiVersion": obj.get("apiVersion"),
           "resourceVersion": meta.get("resourceVersion"), "fieldPath": field_path}
    return {k: v for k, v in ref.items() if v}


def unix_nanos(clock):
    """Virtual now as Unix nanoseconds: what the real recorders put, in hex, in an event's name."""
    return int(clock.epoch.timestamp()) * 10 ** 9 + round(clock.now * 1e9)


def _create(api, event, nanos):
    """Create an Event named `<object>.<hex nanos>`; a name taken in the same nanosecond moves on by one."""
    base = event["involvedObject"].get("name", "")
    for _ in range(1000):
        event["metadata"]["name"] = f"{base}.{nanos:x}"
        try:
            return api.create("events", event, namespace=event["metadata"]["namespace"])
        except ApiError as e:
            if e.code != 409:
                return None  # the real sink logs "Server rejected event (will not retry!)"
            nanos += 1
    return None


def _namespace(ref):
    return ref.get("namespace") or "default"


class _LRU(OrderedDict):
    def __init__(self, size=LRU_ENTRIES):
        super().__init__()
        self.size = size

    def get(self, key, default=None):
        if key in self:
            self.move_to_end(key)
            return self[key]
        return default

    def add(self, key, value):
        self[key] = value
        self.move_to_end(key)
        if len(self) > self.size:
            self.popitem(last=False)


class _TokenBucket:
    """flowcontrol's passive token bucket: starts full, refills at `qps`."""

    def __init__(self, qps, burst, now):
        self.qps, self.burst, self.tokens, self.last = qps, burst, float(burst), now

    def try_accept(self, now):
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.qps)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class EventRecorder:
    """tools/record: `event(obj, "Normal", "Pulled", "...")` writes or bumps a core/v1 Event.

    The same event again patches count and lastTimestamp; the 10th distinct message of one reason
    within 10 minutes becomes "(combined from similar events): ..."; 25 events per object, then 1 per 5 min."""

    def __init__(self, api, clock, component, host=None):
        self.api, self.clock = api, clock
        self.source = {"component": component, **({"host": host} if host else {})}
        self._aggregates = _LRU()  # aggregate key -> [message set (ordered), last time]
        self._observed = _LRU()  # event key -> {count, firstTimestamp, name}
        self._spam = _LRU()  # spam key -> _TokenBucket

    def event(self, obj, type_, reason, message, field_path=None, annotations=None):
        ref = reference(obj, field_path)
        nanos, stamp = unix_nanos(self.clock), self.clock.timestamp()
        event = {"apiVersion": "v1", "kind": "Event",
                 "metadata": {"name": "", "namespace": _namespace(ref), **({"annotations": dict(annotations)} if annotations else {})},
                 "involvedObject": ref, "reason": reason, "message": message, "source": dict(self.source),
                 "firstTimestamp": stamp, "lastTimestamp": stamp, "count": 1, "type": type_,
                 "eventTime": None, "reportingComponent": self.source["component"],
                 "reportingInstance": self.source.get("host", "")}
        event, key = self._aggregate(event, nanos, stamp)
        event, update = self._observe(event, key)
        if not self._spam_allows(event):
            return None
        written = self._write(event, update, nanos)
        if written is not None:
            self._observed.add(key, {"count": written.get("count", 1), "first": written.get("firstTimestamp"),
                                     "name": written["metadata"]["name"]})
        return written

    def _aggregate(self, event, nanos, stamp):
        ref, src = event["involvedObject"], self.source
        ident = (src["component"], src.get("host", ""), ref.get("kind"), ref.get("namespace"), ref.get("name"),
                 ref.get("uid"), ref.get("apiVersion"), event["type"], event["reason"])
        aggregate_key = ident + (event["reportingComponent"], event["reportingInstance"])
        event_key = ident[:6] + (ref.get("fieldPath"),) + ident[6:] + (event["message"],)
        record = self._aggregates.get(aggregate_key)
        now = self.clock.now
        if record is None or now - record[1] > AGGREGATE_INTERVAL:
            record = [OrderedDict(), now]
        record[0][event["message"]] = None
        record[1] = now
        self._aggregates.add(aggregate_key, record)
        if len(record[0]) < AGGREGATE_MAX_EVENTS:
            return event, event_key
        record[0].popitem(last=False)  # Go pops an arbitrary one; the oldest keeps us deterministic
        combined = {"apiVersion": "v1", "kind": "Event",
                    "metadata": {"name": "", "namespace": event["metadata"]["namespace"]},
                    "involvedObject": ref, "reason": event["reason"], "message": COMBINED_PREFIX + event["message"],
                    "source": event["source"], "firstTimestamp": stamp, "lastTimestamp": stamp, "count": 1,
                    "type": event["type"], "eventTime": None, "reportingComponent": "", "reportingInstance": ""}
        return combined, aggregate_key

    def _observe(self, event, key):
        last = self._observed.get(key)
        update = bool(last and last["count"] > 0)
        if update:
            event["metadata"]["name"] = last["name"]
            event["firstTimestamp"] = last["first"]
            event["count"] = last["count"] + 1
        self._observed.add(key, {"count": event["count"], "first": event["firstTimestamp"],
                                 "name": event["metadata"]["name"]})
        return event, update

    def _spam_allows(self, event):
        ref, src = event["involvedObject"], event["source"]
        key = (src.get("component"), src.get("host"), ref.get("kind"), ref.get("namespace"), ref.get("name"),
               ref.get("uid"), ref.get("apiVersion"), event["type"])
        bucket = self._spam.get(key)
        if bucket is None:
            bucket = _TokenBucket(SPAM_QPS, SPAM_BURST, self.clock.now)
        self._spam.add(key, bucket)
        return bucket.try_accept(self.clock.now)

    def _write(self, event, update, nanos):
        if update:
            patch = {"count": event["count"], "lastTimestamp": event["lastTimestamp"], "message": event["message"]}
            try:
                return self.api.patch("events", event["metadata"]["name"], patch, namespace=event["metadata"]["namespace"])
            except ApiError as e:
                if e.code != 404:
                    return None
            # the event expired from etcd (1 h TTL): create it again under its name
            try:
                return self.api.create("events", event, namespace=event["metadata"]["namespace"])
            except ApiError:
                return None
        return _create(self.api, event, nanos)


class EventsRecorder:
    """tools/events (events.k8s.io/v1), as kube-scheduler uses it, shown through core/v1: eventTime,
    action, reportingComponent/Instance, no count or first/lastTimestamp; repeats become a `series`
    (count 2 written at once, later counts when the series is refreshed every 30 min or closed after 6 min)."""

    def __init__(self, api, clock, reporting_controller, reporting_instance):
        self.api, self.clock = api, clock
        self.controller, self.instance = reporting_controller, reporting_instance
        self.started = clock.now
        self._cache = {}  # isomorphic key -> [event as written, series or None]
        self._timer = None

    def event(self, obj, type_, reason, message, action, related=None):
        ref = reference(obj)
        rel = reference(related) if related is not None else None
        key = (type_, action, reason, self.controller, self.instance, _frozen(ref), _frozen(rel or {}))
        now_micro = self.clock.micro_timestamp()
        cached = self._cache.get(key)
        if cached is not None:
            event, series = cached
            if series is not None:
                series["count"] += 1
                series["lastObservedTime"] = now_micro
                series["last"] = self.clock.now
                return event
            cached[1] = {"count": 2, "lastObservedTime": now_micro, "last": self.clock.now}
            written = self._write_series(event, cached[1])
            self._arm()
            return written
        event = {"apiVersion": "v1", "kind": "Event",
                 "metadata": {"name": "", "namespace": _namespace(ref)},
                 "involvedObject": ref, "reason": reason, "message": message, "source": {},
                 "firstTimestamp": None, "lastTimestamp": None, "type": type_, "eventTime": now_micro,
                 "action": action, "reportingComponent": self.controller, "reportingInstance": self.instance}
        if rel:
            event["related"] = rel
        written = _create(self.api, event, unix_nanos(self.clock))
        self._cache[key] = [event, None]  # what we sent (now carrying its name), not the server's copy
        self._arm()
        return written

    def _write_series(self, event, series):
        patch = {"series": {"count": series["count"], "lastObservedTime": series["lastObservedTime"]}}
        try:
            return self.api.patch("events", event["metadata"]["name"], patch, namespace=event["metadata"]["namespace"])
        except ApiError as e:
            if e.code != 404:
                return None
        again = {k: v for k, v in event.items() if k != "metadata"}
        again["metadata"] = {"name": event["metadata"]["name"], "namespace": event["metadata"]["namespace"]}
        again["series"] = patch["series"]
        try:
            return self.api.create("events", again, namespace=again["metadata"]["namespace"])
        except ApiError:
            return None

    # the broadcaster's two periodic jobs, on ticks counted from the recorder's start
    def _arm(self):
        if self._timer is not None or not self._cache:
            return
        elapsed = self.clock.now - self.started
        next_tick = self.started + (int(elapsed // SERIES_FINISH) + 1) * SERIES_FINISH
        self._timer = self.clock.call_at(next_tick, self._tick, priority=5)

    def _tick(self):
        self._timer = None
        now = self.clock.now
        tick = round(now - self.started)
        if tick % SERIES_REFRESH == 0:
            for event, series in self._cache.values():
                if series is not None:
                    self._write_series(event, series)
        for key, (event, series) in list(self._cache.items()):
            if series is not None:
                if series["last"] < now - SERIES_FINISH:
                    self._write_series(event, series)
                    del self._cache[key]
            elif self.clock.parse(event["eventTime"]) < now - SERIES_FINISH:
                del self._cache[key]
        self._arm()


def _frozen(ref):
    return tuple(sorted(ref.items()))
