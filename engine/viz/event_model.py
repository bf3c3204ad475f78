"""What the event stream shows, as plain data: the cluster's events as rows, oldest first, filtered.

Each row holds the cells of `kubectl get events -A` (LAST SEEN, TYPE, REASON, OBJECT, MESSAGE),
computed by kubectl's own row logic, so the table and the terminal say the same thing."""
from dataclasses import dataclass
from operator import itemgetter

from ..api.columns import Ctx, event_row, parse_time, visible

COLUMNS = ("NAMESPACE", "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE")


@dataclass(frozen=True)
class EventRow:
    namespace: str
    last_seen: str
    type: str
    reason: str
    object: str
    message: str

    @property
    def cells(self):
        return (self.namespace, self.last_seen, self.type, self.reason, self.object, self.message)


@dataclass(frozen=True)
class EventStreamModel:
    rows: tuple         # the newest `limit` matching events, oldest first
    matched: int        # how many events matched the filters
    namespaces: tuple   # the choices of each filter: what the cluster's events hold
    types: tuple
    reasons: tuple
    filters: tuple      # (namespace, type, reason); None means any


def event_stream_model(cluster, namespace=None, type=None, reason=None, limit=50):
    now = parse_time(cluster.clock.timestamp())
    ctx = Ctx(now)
    events = cluster.api.list("events")["items"]
    events.sort(key=_last_time)
    matching = [e for e in events
                if namespace in (None, _namespace(e)) and type in (None, e.get("type")) and reason in (None, e.get("reason"))]
    shown = matching[-limit:] if limit else matching
    narrow = itemgetter(*visible(cluster.api.resource("events"), wide=False))  # the server's row has the wide cells too
    rows = tuple(EventRow(_namespace(e), *narrow(event_row(e, ctx))) for e in shown)
    return EventStreamModel(rows, len(matching), _choices(events, _namespace), _choices(events, lambda e: e.get("type")),
                            _choices(events, lambda e: e.get("reason")), (namespace, type, reason))


def _namespace(event):
    return (event.get("metadata") or {}).get("namespace", "")


def _last_time(event):
    """When the event was last seen, as kubectl's LAST SEEN column reads it."""
    series = event.get("series") or {}
    text = (series.get("lastObservedTime") or event.get("lastTimestamp") or event.get("eventTime")
            or event.get("firstTimestamp") or (event.get("metadata") or {}).get("creationTimestamp"))
    return parse_time(text) if text else parse_time("1970-01-01T00:00:00Z")


def _choices(events, key):
    return tuple(sorted({key(e) for e in events if key(e)}))

