"""metrics-server: scrapes every kubelet's resource stats each --metric-resolution (15 s) and serves
metrics.k8s.io/v1beta1 PodMetrics and NodeMetrics (CPU as a rate over the last window, memory as working set)."""
from fractions import Fraction

from ..errors import ApiError
from ..quantity import BINARY_SI, Quantity
from ..gofmt import go_duration as _go_duration

GROUP_VERSION = "metrics.k8s.io/v1beta1"
RESOLUTION = 15.0  # --metric-resolution=15s, as metrics-server's release manifest sets it
FRESH_MINIMUM = 10.0  # freshContainerMinMetricsResolution: a shorter first window is too inaccurate
SCRAPE_PRIORITY = 1  # a scrape at time t sees everything containers did up to t


def go_duration(seconds):
    """Durations as metrics-server prints its windows: to the millisecond."""
    return _go_duration(round(seconds * 1000) / 1000)


def cpu_quantity(cores):
    return str(Quantity(Fraction(round(cores * 1e9), 10 ** 9)))


def memory_quantity(size):
    return str(Quantity(Fraction(int(size)), BINARY_SI))


class Point:
    """One container's sample: when, cumulative CPU seconds, working set bytes, and its start time."""

    __slots__ = ("time", "cpu", "memory", "started")

    def __init__(self, time, cpu, memory, started):
        self.time, self.cpu, self.memory, self.started = time, cpu, memory, started


class MetricsServer:
    """`MetricsServer(api, clock).start()` registers metrics.k8s.io/v1beta1 with the aggregation layer."""

    def __init__(self, api, clock):
        self.api, self.clock = api, clock
        self.pods = {}  # (namespace, name) -> {container: (previous Point, last Point)}
        self.nodes = {}  # node name -> (time, cores, memory bytes, window)
        self.last_scrape = None
        self._timer = None

    def start(self):
        self.api.api_services[GROUP_VERSION] = self
        self._timer = self.clock.call_soon(self._tick, SCRAPE_PRIORITY)
        return self

    def stop(self):
        if self.api.api_services.get(GROUP_VERSION) is self:
            del self.api.api_services[GROUP_VERSION]
        if self._timer is not None:
            self._timer.cancel()

    def _tick(self):
        self.scrape()
        self._timer = self.clock.call_later(RESOLUTION, self._tick, SCRAPE_PRIORITY)

    # ---- scraping (the kubelet's /metrics/resource through its server on :10250)
    def scrape(self):
        now, previous = self.clock.now, self.last_scrape
        pods, nodes = {}, {}
        for node_name, kubelet in sorted(self.api.node_connections.items()):
            if kubelet.stopped:
                continue  # connection refused: the node's metrics are dropped until it answers again
            summary = kubelet.stats()
            node_cores, node_memory = 0.0, 0
            for pod in summary["pods"]:
                ref = pod["podRef"]
                key = (ref["namespace"], ref["name"])
                samples = {}
                for c in pod["containers"]:
                    point = Point(now, c["cpu"]["usageCoreNanoSeconds"] / 1e9, c["memory"]["workingSetBytes"],
                                  self.clock.parse(c["startTime"]))
                    samples[c["name"]] = (self._previous(key, c["name"], point), point)
                    node_memory += point.memory
                pods[key] = samples
                node_cores += sum(rate(prev, last) for prev, last in samples.values() if prev is not None)
            window = now - previous if previous is not None else None
            nodes[node_name] = (now, node_cores, node_memory, window)
        self.pods, self.nodes, self.last_scrape = pods, nodes, now

    def _previous(self, key, container, point):
        """The point to take a rate from: for a container started 10 s to one resolution ago, its start
        (usage 0); else the last scrape's point unless the container restarted since; else none."""
        age = point.time - point.started
        if FRESH_MINIMUM <= age < RESOLUTION:
            return Point(point.started, 0.0, 0, point.started)
        last = self.pods.get(key, {}).get(container)
        if last is not None and point.started < last[1].time < point.time:
            return last[1]
        return None

    # ---- serving (what metrics-server's REST storage returns)
    def list_pods(self, namespace=None, label_selector=None, field_selector=None):
        pods = self.api.list("pods", namespace=namespace, label_selector=label_selector,
                             field_selector=field_selector)["items"]
        items = [m for m in map(self._pod_metrics, pods) if m is not None]
        return {"kind": "PodMetricsList", "apiVersion": GROUP_VERSION, "metadata": {}, "items": items}

    def get_pod(self, name, namespace):
        try:
            pod = self.api.get("pods", name, namespace)
        except ApiError:
            pod = None
        found = self._pod_metrics(pod) if pod is not None else None
        if found is None:
            raise not_found("podmetrics", f"{namespace}/{name}")
        return found

    def list_nodes(self, label_selector=None):
        nodes = self.api.list("nodes", label_selector=label_selector)["items"]
        items = [m for m in map(self._node_metrics, nodes) if m is not None]
        return {"kind": "NodeMetricsList", "apiVersion": GROUP_VERSION, "metadata": {}, "items": items}

    def get_node(self, name):
        try:
            node = self.api.get("nodes", name)
        except ApiError:
            node = None
        found = self._node_metrics(node) if node is not None else None
        if found is None:
            raise not_found("nodemetrics", name)
        return found

    def _pod_metrics(self, pod):
        meta = pod["metadata"]
        samples = self.pods.get((meta["namespace"], meta["name"]))
        if not samples or any(prev is None for prev, _ in samples.values()):
            return None  # a pod is served only once every container has a rate
        containers = [{"name": name, "usage": {"cpu": cpu_quantity(rate(prev, last)), "memory": memory_quantity(last.memory)}}
                      for name, (prev, last) in samples.items()]
        end = self.last_scrape
        window = min(last.time - prev.time for prev, last in samples.values())
        return {"kind": "PodMetrics", "apiVersion": GROUP_VERSION,
                "metadata": self._meta(meta, namespace=meta["namespace"]),
                "timestamp": self.clock.timestamp(end), "window": go_duration(window), "containers": containers}

    def _node_metrics(self, node):
        meta = node["metadata"]
        found = self.nodes.get(meta["name"])
        if found is None or found[3] is None:
            return None
        when, cores, memory, window = found
        return {"kind": "NodeMetrics", "apiVersion": GROUP_VERSION, "metadata": self._meta(meta),
                "timestamp": self.clock.timestamp(when), "window": go_duration(window),
                "usage": {"cpu": cpu_quantity(cores), "memory": memory_quantity(memory)}}

    def _meta(self, meta, namespace=None):
        out = {"name": meta["name"]}
        if namespace:
            out["namespace"] = namespace
        out["creationTimestamp"] = self.clock.timestamp()
        if meta.get("labels"):
            out["labels"] = dict(meta["labels"])
        return out


def rate(prev, last):
    return (last.cpu - prev.cpu) / (last.time - prev.time) if last.time > prev.time else 0.0


def not_found(kind, name):
    return ApiError(404, "NotFound", f'{kind}.metrics.k8s.io "{name}" not found',
                    {"name": name, "group": "metrics.k8s.io", "kind": kind})

