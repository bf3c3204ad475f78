"""The kube-proxy DaemonSet's per-node processes: a Proxier per node, started when the node's
kube-proxy pod runs and stopped (rules left in place) when it stops."""
import weakref

_REGISTRIES = weakref.WeakKeyDictionary()  # APIServer -> KubeProxies


def install(api, clock, rng):
    """Start watching kube-proxy pods for this API server (the Cluster calls this once at boot)."""
    registry = _REGISTRIES.get(api)
    if registry is None:
        registry = _REGISTRIES[api] = KubeProxies(api, clock, rng)
    return registry


def registry_of(obj):
    """The KubeProxies of a Cluster, an APIServer or a KubeProxies."""
    if isinstance(obj, KubeProxies):
        return obj
    api = getattr(obj, "api", obj)
    registry = _REGISTRIES.get(api)
    if registry is None and hasattr(obj, "clock"):  # a Cluster not wired yet: start now
        registry = install(api, obj.clock, obj.rng)
    return registry


def for_node(api_or_registry, node_name):
    """The Proxier on `node_name` (running or with its rules frozen), or None."""
    registry = registry_of(api_or_registry)
    return registry.proxiers.get(node_name) if registry is not None else None


class KubeProxies:
    def __init__(self, api, clock, rng):
        self.api, self.clock, self.rng = api, clock, rng
        self.proxiers = {}
