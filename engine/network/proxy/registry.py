"""The kube-proxy DaemonSet's per-node processes: a Proxier per node, started when the node's
kube-proxy pod's container runs and stopped (rules left in place) when it stops or the pod goes."""
import random
import weakref

from .proxier import Proxier

_REGISTRIES = weakref.WeakKeyDictionary()  # APIServer -> KubeProxies
POD_SELECTOR = "k8s-app=kube-proxy"
CONTAINER = "kube-proxy"


def install(api, clock=None, rng=None):
    """Start following kube-proxy pods for this API server (the Cluster calls this once at boot)."""
    registry = _REGISTRIES.get(api)
    if registry is None:
        registry = _REGISTRIES[api] = KubeProxies(api, clock or api.clock, rng or api.rng)
    return registry


def registry_of(obj):
    """The KubeProxies of a Cluster, an APIServer or a KubeProxies (started on first use)."""
    if isinstance(obj, KubeProxies):
        return obj
    return install(getattr(obj, "api", obj))


def for_node(api_or_registry, node_name):
    """The Proxier on `node_name` (running, or stopped with its rules frozen), or None."""
    return registry_of(api_or_registry).proxiers.get(node_name)


def running(pod):
    """The pod's kube-proxy container is running and the pod is not being deleted (SIGTERM ends it)."""
    if pod["metadata"].get("deletionTimestamp"):
        return False
    statuses = (pod.get("status") or {}).get("containerStatuses") or ()
    return any(s["name"] == CONTAINER and "running" in (s.get("state") or {}) for s in statuses)


class KubeProxies:
    """Watches the kube-system kube-proxy pods and runs each node's Proxier while its pod runs."""

    def __init__(self, api, clock, rng):
        self.api, self.clock, self.rng = api, clock, rng
        self.proxiers = {}
        self.shared = {}  # rule blocks equal on every node, built once
        self.rule_sources = []  # other components' iptables rules, shown by iptables-save
        self.pods = {}  # pod name -> (node, running)
        for pod in api.list("pods", namespace="kube-system", label_selector=POD_SELECTOR)["items"]:
            self._on_pod("ADDED", pod)
        self._reconcile()
        self.watch = api.watch("pods", self._on_pod, namespace="kube-system", label_selector=POD_SELECTOR)
        self._pending = None

    def _on_pod(self, kind, pod):
        name, node = pod["metadata"]["name"], pod["spec"].get("nodeName")
        if kind == "DELETED" or not node:
            self.pods.pop(name, None)
        else:
            self.pods[name] = (node, running(pod))
        if getattr(self, "_pending", 0) is None:  # after __init__: start/stop at the end of this tick
            self._pending = self.clock.call_later(0, self._reconcile)

    def _reconcile(self):
        self._pending = None
        wanted = {node for node, up in self.pods.values() if up}
        for node in sorted(wanted | set(self.proxiers)):
            proxier = self.proxiers.get(node)
            if node in wanted:
                if proxier is None:
                    # each node's kernel draws its own random numbers, seeded from the cluster's RNG
                    rng = random.Random(self.rng.getrandbits(64))
                    proxier = self.proxiers[node] = Proxier(self.api, self.clock, rng, node, self.shared)
                proxier.start()
            elif proxier is not None:
                proxier.stop()
