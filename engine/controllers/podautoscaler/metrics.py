"""The HPA's resource metrics client (pkg/controller/podautoscaler/metrics): PodMetrics from the
metrics.k8s.io API summed per pod, in milli-units, with each pod's timestamp and window."""
from ...api.aggregated import extension
from ...api.aggregated.metrics import GROUP_VERSION
from ...api.errors import ApiError
from ...api.quantity import QuantityError, parse as parse_quantity


class MetricsError(Exception):
    """A failed metrics read; the message is the real client's."""


class PodMetric:
    __slots__ = ("timestamp", "window", "value")

    def __init__(self, timestamp, window, value):
        self.timestamp, self.window, self.value = timestamp, window, value


def milli(text):
    try:
        return parse_quantity(str(text)).milli_value()
    except QuantityError:
        return None


def go_seconds(text):
    """A Go duration such as `15s`, `1m30s` in seconds."""
    minutes, _, rest = text.rpartition("m") if "m" in text else ("", "", text)
    return (int(minutes) * 60 if minutes else 0) + float(rest.rstrip("s") or 0)


def resource_metrics(api, clock, resource, namespace, selector, container=""):
    """{pod name: PodMetric} and the first item's timestamp (GetResourceMetric)."""
    try:
        listed = extension(api, GROUP_VERSION, "get pods.metrics.k8s.io").list_pods(namespace, label_selector=selector)
    except ApiError as e:
        raise MetricsError(f"unable to fetch metrics from resource metrics API: {e.message}") from None
    items = listed["items"]
    if not items:
        raise MetricsError("no metrics returned from resource metrics API")
    found = {}
    for m in items:
        containers = m.get("containers") or []
        if container:
            picked = [c for c in containers if c["name"] == container]
            if not picked:
                raise MetricsError(f"failed to get container metrics: container {container} not present in metrics "
                                   f"for pod {m['metadata']['namespace']}/{m['metadata']['name']}")
            containers = picked
        values = [milli(c.get("usage", {}).get(resource)) for c in containers]
        if containers and None not in values:
            found[m["metadata"]["name"]] = PodMetric(clock.parse(m["timestamp"]), go_seconds(m["window"]), sum(values))
    return found, clock.parse(items[0]["timestamp"])
