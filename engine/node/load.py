"""Load on a workload, as traffic through its Service brings it: every second each Ready pod's first
container burns its share of the CPU (no more than its CPU limit, as the CFS quota throttles it)."""
from ..api.errors import ApiError
from ..api.quantity import QuantityError, parse as parse_quantity

TICK = 1.0


class Load:
    """`Load(api, clock).set("deployment/nginx", "900m")`; "0" removes the workload's load."""

    def __init__(self, api, clock):
        self.api, self.clock = api, clock
        self.loads = {}  # (resource, namespace, name) -> cores
        self._timer = None

    def set(self, workload, cpu, namespace="default"):
        kind, _, name = workload.partition("/")
        resource = self.api.resource(kind)
        if not name or "scale" not in resource.subresources:
            raise ValueError(f"{workload!r}: expected <kind>/<name> of a Deployment, ReplicaSet, StatefulSet "
                             "or ReplicationController")
        try:
            cores = float(parse_quantity(str(cpu)).value)
        except QuantityError as e:
            raise ValueError(f"cpu={cpu!r}: {e}") from None
        key = (resource, namespace, name)
        if cores > 0:
            self.loads[key] = cores
        else:
            self.loads.pop(key, None)
        if self.loads and self._timer is None:
            self._timer = self.clock.call_later(TICK, self._tick)

    def _tick(self):
        self._timer = None
        for (resource, namespace, name), cores in sorted(self.loads.items(), key=lambda kv: kv[0][1:]):
            self._spread(resource, namespace, name, cores)
        if self.loads:
            self._timer = self.clock.call_later(TICK, self._tick)

    def _spread(self, resource, namespace, name, cores):
        try:
            selector = self.api.get_scale(resource, name, namespace)["status"].get("selector")
        except ApiError:
            return  # the workload is gone: its traffic finds no one
        if not selector:
            return
        pods = [p for p in self.api.list("pods", namespace, label_selector=selector)["items"] if serving(p)]
        for pod in pods:
            container = self._main_container(pod)
            if container is not None:
                container.main.cpu_seconds += container.throttled(cores / len(pods)) * TICK

    def _main_container(self, pod):
        kubelet = self.api.node_connections.get(pod["spec"].get("nodeName"))
        worker = kubelet.worker_for(pod) if kubelet is not None and not kubelet.stopped else None
        rec = worker.by_name.get(pod["spec"]["containers"][0]["name"]) if worker is not None else None
        return rec.instance if rec is not None and rec.running and rec.instance is not None else None


def serving(pod):
    """A Ready pod that is not terminating: what a Service's endpoints send traffic to."""
    if pod["metadata"].get("deletionTimestamp"):
        return False
    return any(c.get("type") == "Ready" and c.get("status") == "True" for c in pod.get("status", {}).get("conditions") or [])

