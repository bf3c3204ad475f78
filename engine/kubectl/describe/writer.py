"""The building blocks every describer shares, as pkg/describe/describe.go writes them: the
indenting PrefixWriter over a tabwriter, label/annotation/toleration lists, times and the Events table."""
from datetime import datetime, timezone

from ...api.columns import parse_time
from ...api.duration import human_duration
from .. import gosort
from ..tabwriter import TabWriter

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"  # never shown under Annotations
MAX_ANNOTATION_LEN = 140
ZERO_TIME = datetime(1, 1, 1, tzinfo=timezone.utc)  # Go's zero metav1.Time


class Writer:
    """PrefixWriter: `write(level, text)` indents by two spaces per level; `flush()` ends the
    current alignment blocks (as DescribeEvents does before its table). With tabbed=False the text
    keeps its tabs (a PrefixWriter straight onto a buffer, as `rollout history --revision` uses it)."""

    def __init__(self, now, tabbed=True):
        self.now = now  # virtual now, a datetime
        self.tab = TabWriter() if tabbed else _Raw()

    def write(self, level, text):
        self.tab.write(escape("  " * level + text))

    def line(self, text=""):
        self.tab.write(escape(text + "\n"))

    def flush(self):
        self.tab.flush()

    def getvalue(self):
        return self.tab.getvalue()

    def since(self, timestamp):
        """translateTimestampSince."""
        if not timestamp:
            return "<unknown>"
        return human_duration((self.now - parse_time(timestamp)).total_seconds())


class Nested:
    """NewNestedPrefixWriter: every write `indent` levels deeper; a line() is written at that
    indent too (so `Labels:\t<none>` under it reads `Labels:\t    <none>`, as kubectl prints it)."""

    def __init__(self, w, indent):
        self.w, self.indent, self.now = w, indent, w.now

    def write(self, level, text):
        self.w.write(level + self.indent, text)

    def line(self, text=""):
        self.w.write(self.indent, text + "\n")

    def since(self, timestamp):
        return self.w.since(timestamp)


class _Raw:
    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    def getvalue(self):
        return "".join(self.parts)


def escape(text):
    """printers.WriteEscaped: ESC and carriage returns are shown, not sent to the terminal."""
    return text.replace("\x1b", "^[").replace("\r", "\\r")


def rfc1123z(timestamp):
    """Go's time.RFC1123Z layout: `Mon, 02 Jan 2006 15:04:05 -0700`."""
    if not timestamp:
        return "Mon, 01 Jan 0001 00:00:00 +0000"
    return parse_time(timestamp).strftime("%a, %d %b %Y %H:%M:%S +0000")


def labels_multiline(w, title, labels, initial="", inner="\t"):
    """printLabelsMultilineWithIndent, one w.write per Go Write (a Nested writer indents each)."""
    w.write(0, f"{initial}{title}:{inner}")
    if not labels:
        w.line("<none>")
        return
    for i, key in enumerate(sorted(labels)):
        if i:
            w.write(0, initial)
            w.write(0, inner)
        w.write(0, f"{key}={labels[key]}\n")


def annotations_multiline(w, title, annotations):
    w.write(0, f"{title}:\t")
    keys = sorted(k for k in annotations or {} if k != LAST_APPLIED)
    if not keys:
        w.line("<none>")
        return
    for i, key in enumerate(keys):
        if i:
            w.write(0, "\t")
        value = annotations[key].removesuffix("\n")
        if _go_len(value) + _go_len(key) + 2 > MAX_ANNOTATION_LEN or "\n" in value:
            w.write(0, f"{key}:\n")
            for part in value.split("\n"):
                w.write(0, f"\t  {_shorten(part, MAX_ANNOTATION_LEN - 2)}\n")
        else:
            w.write(0, f"{key}: {value}\n")


def _go_len(text):
    return len(text.encode())


def _shorten(text, limit):
    """shorten: Go cuts the string's bytes (a cut inside a character leaves its bytes, shown as U+FFFD)."""
    raw = text.encode()
    return raw[:limit].decode(errors="replace") + "..." if len(raw) > limit else text


def tolerations_multiline(w, title, tolerations, initial="", inner="\t"):
    w.write(0, f"{initial}{title}:{inner}")
    if not tolerations:
        w.line("<none>")
        return
    ordered = gosort.sort(list(tolerations), lambda a, b: a.get("key", "") < b.get("key", ""))
    for i, t in enumerate(ordered):
        if i:
            w.write(0, initial + inner)
        text = t.get("key", "")
        if t.get("value"):
            text += "=" + t["value"]
        if t.get("effect"):
            text += ":" + t["effect"]
        if t.get("operator") == "Exists" and not t.get("value"):
            text += " op=Exists" if t.get("key") or t.get("effect") else "op=Exists"
        if t.get("tolerationSeconds") is not None:
            text += f" for {t['tolerationSeconds']}s"
        w.write(0, text + "\n")


def taint_string(taint):
    """Taint.ToString: key=value:effect (no `=` without a value)."""
    text = taint.get("key", "")
    if taint.get("value"):
        text += "=" + taint["value"]
    return f"{text}:{taint.get('effect', '')}"


def taints_multiline(w, title, taints):
    w.write(0, f"{title}:\t")
    if not taints:
        w.line("<none>")
        return
    key = lambda t: f"{t.get('effect', '')},{t.get('key', '')}"  # noqa: E731
    for i, taint in enumerate(gosort.sort(list(taints), lambda a, b: key(a) < key(b))):
        if i:
            w.write(0, "\t")
        w.write(0, taint_string(taint) + "\n")


def controller_of(obj):
    """printController: `Kind/name` of the controlling ownerReference, or ''."""
    for ref in (obj.get("metadata") or {}).get("ownerReferences") or ():
        if ref.get("controller"):
            return f"{ref['kind']}/{ref['name']}"
    return ""


def events_table(w, events):
    """DescribeEvents: sorted by last time seen; `Age` shows `5s (x3 over 2m)` for repeats."""
    if not events:
        w.write(0, "Events:\t<none>\n")
        return
    w.flush()
    # SortableEvents compares lastTimestamp only (events.k8s.io events, without one, sort first), with
    # Go's unstable sort.Sort: past 12 events, ties end up where Go's pdqsort leaves them
    keyed = [(parse_time(e["lastTimestamp"]) if e.get("lastTimestamp") else ZERO_TIME, e) for e in events]
    events = [e for _, e in gosort.sort(keyed, lambda a, b: a[0] < b[0])]
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    for e in events:
        first = w.since(e.get("eventTime")) if e.get("eventTime") else w.since(e.get("firstTimestamp"))
        series = e.get("series")
        if series:
            interval = f"{w.since(series.get('lastObservedTime'))} (x{series.get('count')} over {first})"
        elif (e.get("count") or 0) > 1:
            interval = f"{w.since(e.get('lastTimestamp'))} (x{e['count']} over {first})"
        else:
            interval = first
        source = (e.get("source") or {}).get("component") or e.get("reportingComponent") or ""
        w.write(1, f"{e.get('type', '')}\t{e.get('reason', '')}\t{interval}\t{source}\t{(e.get('message') or '').strip()}\n")
