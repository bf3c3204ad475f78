"""`kubectl events` (pkg/cmd/events): the namespace's events oldest first as LAST SEEN / TYPE / REASON /
OBJECT / MESSAGE, --for TYPE/NAME, --types, -A, -o, and -w in virtual time (as `get -w`, see ..watch): the
watch starts without a resourceVersion, so the current events come first, in the apiserver's key order."""
from ..errors import CmdError
from ..flags import Flag
from ..printers import OutputFormat, GENERIC_FORMATS, table
from ...api.columns import parse_time
from ...api.duration import human_duration
from .. import gosort
from .. import watch as watching
from . import Command

FLAGS = [
    Flag("output", "o"), Flag("allow-missing-template-keys", kind="bool", default=True), Flag("template"),
    Flag("show-managed-fields", kind="bool"), Flag("all-namespaces", "A", "bool"), Flag("for"),
    Flag("types", kind="slice"), Flag("no-headers", kind="bool"), Flag("watch", "w", "bool"),
    Flag("chunk-size", kind="int", default=500),
]
# corev1.Event's and its parts' JSON field order (the command prints typed Events)
EVENT_ORDER = ("kind", "apiVersion", "metadata", "involvedObject", "reason", "message", "source", "firstTimestamp",
               "lastTimestamp", "count", "type", "eventTime", "series", "action", "related", "reportingComponent",
               "reportingInstance")
META_ORDER = ("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
              "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
              "ownerReferences", "finalizers", "managedFields")
REFERENCE_ORDER = ("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")


def run(ctx):
    opts = ctx.opts
    namespace = None if opts["all-namespaces"] else ctx.namespace
    selector = _for_selector(ctx, opts["for"]) if opts["for"] else None
    types = sorted(set(opts["types"]))
    output = None
    if opts["output"]:
        output = OutputFormat.parse(opts["output"], GENERIC_FORMATS, template=opts["template"],
                                    allow_missing=opts["allow-missing-template-keys"])
    if any(t.lower() not in ("normal", "warning") for t in types):
        raise CmdError("valid --types are Normal or Warning")
    wanted = lambda event: not types or any(t.lower() == (event.get("type") or "").lower() for t in types)
    printer = EventPrinter(ctx, output)
    if opts["watch"]:
        return _watch(ctx, printer, namespace, selector, wanted)
    events = [e for e in ctx.api.list("events", namespace=namespace, field_selector=selector)["items"] if wanted(e)]
    if not events:
        ctx.io.error("No events found.\n" if opts["all-namespaces"] else f"No events found in {ctx.namespace} namespace.\n")
        return 0
    gosort.sort(events, lambda a, b: _event_time(a) < _event_time(b))  # sort.Sort: ties in Go's (unstable) order
    printer.print(events, as_list=True)
    return 0


def _for_selector(ctx, text):
    """decodeResourceTypeName: --for TYPE/NAME as involvedObject field selectors."""
    if "/" not in text:
        raise CmdError("--for must be in resource/name form")
    parts = text.split("/")
    if len(parts) != 2:
        raise CmdError("arguments in resource/name form may not have more than one slash")
    resource = ctx.api.registry.lookup(parts[0].lower())
    if resource is None:
        raise CmdError(f"no matches for /, Resource={parts[0].lower()}")
    return (f"involvedObject.kind={resource.kind},involvedObject.apiVersion={resource.api_version},"
            f"involvedObject.name={parts[1]}")


def _watch(ctx, printer, namespace, selector, wanted):
    def handle(kind, event):
        if kind != "DELETED" and wanted(event):  # events are deleted after an hour; kubectl does not show that
            printer.print([event])

    # a watch without a resourceVersion first sends every current event as ADDED, in key (name) order
    for event in ctx.api.list("events", namespace=namespace, field_selector=selector)["items"]:
        handle("ADDED", event)
    watch = ctx.api.watch("events", handle, namespace=namespace, field_selector=selector)
    try:
        ctx.clock.advance(watching._duration(ctx.opts["request-timeout"]))
    finally:
        watch.stop()
    return 0


def _event_time(event):
    """SortableEvents: the series' last observation, else lastTimestamp, else eventTime."""
    series = event.get("series") or {}
    text = series.get("lastObservedTime") or event.get("lastTimestamp") or event.get("eventTime") or ""
    return parse_time(text).timestamp() if text else 0


class EventPrinter:
    """The events table (remembered column widths across a watch's flushes), or the -o format of typed Events."""

    def __init__(self, ctx, output):
        self.ctx, self.output = ctx, output
        self.all_ns = ctx.opts["all-namespaces"]
        self.headed = ctx.opts["no-headers"]
        self.widths = []

    def print(self, events, as_list=False):
        if self.output is None:
            self.ctx.io.write(self._table(events))
            return
        typed = [_typed(e) for e in events]
        resource = self.ctx.api.registry.lookup("events")
        if as_list and self.output.kind != "name":  # the name printer prints a list's items one by one
            obj = {"kind": "EventList", "apiVersion": "v1", "metadata": {}, "items": typed}
            self.ctx.io.write(self.output.render(obj, lambda o: resource, sort_keys=False))
        else:
            for event in typed:
                self.ctx.io.write(self.output.render(event, lambda o: resource, sort_keys=False))

    def _table(self, events):
        rows = []
        if not self.headed:
            rows.append((["NAMESPACE"] if self.all_ns else []) + ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"])
            self.headed = True
        now = parse_time(self.ctx.clock.micro_timestamp())
        for e in events:
            involved = e.get("involvedObject") or {}
            row = [interval(e, now), e.get("type", ""), e.get("reason", ""),
                   f"{involved.get('kind', '')}/{involved.get('name', '')}", (e.get("message") or "").strip()]
            rows.append(([e["metadata"].get("namespace", "")] if self.all_ns else []) + row)
        return self._layout([[_escape(c) for c in row] for row in rows])

    def _layout(self, rows):
        for row in rows:
            for i, cell in enumerate(row[:-1]):
                width = max(len(cell) + table.PADDING, table.MIN_WIDTH)
                self.widths[i:i + 1] = [max(self.widths[i], width) if i < len(self.widths) else width]
        return "".join("".join(c.ljust(self.widths[i]) for i, c in enumerate(row[:-1])) + row[-1] + "\n"
                       for row in rows)


def interval(event, now):
    """getInterval: `5s`, or `2m (x4 over 10m)` for a repeated event or a series."""
    first = _since(event.get("eventTime"), now) if event.get("eventTime") else _since(event.get("firstTimestamp"), now)
    series = event.get("series")
    if series:
        return f"{_since(series.get('lastObservedTime'), now)} (x{series.get('count', 0)} over {first})"
    if (event.get("count") or 0) > 1:
        return f"{_since(event.get('lastTimestamp'), now)} (x{event['count']} over {first})"
    return first


def _since(text, now):
    if not text:
        return "<unknown>"
    return human_duration((now - parse_time(text)).total_seconds())


def _escape(text):
    return str(text).replace("\x1b", "^[").replace("\r", "\\r")


def _typed(event):
    """The Event as client-go decodes and re-encodes it: Go's field order and its non-omitempty fields."""
    out = {"kind": "Event", "apiVersion": "v1"}
    full = dict(event, eventTime=event.get("eventTime"), reportingComponent=event.get("reportingComponent", ""),
                reportingInstance=event.get("reportingInstance", ""), source=event.get("source") or {},
                involvedObject=event.get("involvedObject") or {}, metadata=event.get("metadata") or {})
    for key in EVENT_ORDER[2:]:
        if key in full:
            out[key] = full[key]
    out["metadata"] = _ordered(full["metadata"], META_ORDER)
    out["involvedObject"] = _ordered(full["involvedObject"], REFERENCE_ORDER)
    out["source"] = _ordered(full["source"], ("component", "host"))
    return out


def _ordered(obj, order):
    return {k: obj[k] for k in order if k in obj}


COMMAND = Command("events", run, FLAGS)
