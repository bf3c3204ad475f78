"""The scheduler's cache: one NodeInfo per node with the pods on it and what they use, kept up to
date incrementally from watches (and from pods it assumed before their binding lands)."""
from ..api.selectors import from_label_selector, matches
from .resources import CPU, MEMORY, PODS, allocatable, host_ports, pod_requests

ZONE, REGION = "topology.kubernetes.io/zone", "topology.kubernetes.io/region"


class AffinityTerm:
    """One pod (anti-)affinity term: which pods it selects and over which topology."""

    __slots__ = ("namespaces", "namespace_selector", "selector", "topology_key", "weight")

    def __init__(self, term, pod_namespace, weight=0):
        namespaces = set(term.get("namespaces") or ())
        namespace_selector = term.get("namespaceSelector")
        if not namespaces and namespace_selector is None:
            namespaces = {pod_namespace}
        self.namespaces = None if namespace_selector == {} else namespaces  # {} selects every namespace
        self.namespace_selector = from_label_selector(namespace_selector) if namespace_selector else None
        self.selector = from_label_selector(term.get("labelSelector"))
        self.topology_key = term.get("topologyKey", "")
        self.weight = weight

    def matches(self, facts, namespace_labels=None):
        """Whether a pod is in the term's namespaces (listed, or selected by label) and matches its selector."""
        if self.namespaces is not None and facts.namespace not in self.namespaces:
            if self.namespace_selector is None or namespace_labels is None or \
                    not matches(self.namespace_selector, namespace_labels.get(facts.namespace)):
                return False
        return matches(self.selector, facts.labels)


def _terms(pod_affinity, namespace):
    pod_affinity = pod_affinity or {}
    required = [AffinityTerm(t, namespace) for t in pod_affinity.get("requiredDuringSchedulingIgnoredDuringExecution") or []]
    preferred = [AffinityTerm(w.get("podAffinityTerm") or {}, namespace, w.get("weight", 0))
                 for w in pod_affinity.get("preferredDuringSchedulingIgnoredDuringExecution") or []]
    return required, preferred


class PodFacts:
    """What the scheduler needs to know about a pod, computed once per pod version (framework.PodInfo)."""

    __slots__ = ("pod", "uid", "namespace", "name", "labels", "priority", "requests", "non_zero", "ports",
                 "affinity", "anti_affinity", "preferred_affinity", "preferred_anti_affinity", "terminating")

    def __init__(self, pod, slim=False):
        meta, spec = pod["metadata"], pod.get("spec") or {}
        # a placed pod is only ever referred to (events, eviction): keep its identity, not the whole object
        self.pod = {"apiVersion": pod.get("apiVersion", "v1"), "kind": pod.get("kind", "Pod"),
                    "metadata": {k: meta[k] for k in ("name", "namespace", "uid", "resourceVersion") if k in meta},
                    "spec": {"priority": spec.get("priority", 0)}} if slim else pod
        self.uid, self.namespace, self.name = meta.get("uid"), meta.get("namespace", ""), meta.get("name")
        self.labels = meta.get("labels") or {}
        self.priority = spec.get("priority") or 0
        self.requests = pod_requests(spec)
        self.non_zero = pod_requests(spec, non_zero=True)
        self.ports = host_ports(spec)
        affinity = spec.get("affinity") or {}
        self.affinity, self.preferred_affinity = _terms(affinity.get("podAffinity"), self.namespace)
        self.anti_affinity, self.preferred_anti_affinity = _terms(affinity.get("podAntiAffinity"), self.namespace)
        self.terminating = bool(meta.get("deletionTimestamp"))

    @property
    def has_affinity(self):
        return bool(self.affinity or self.preferred_affinity or self.anti_affinity or self.preferred_anti_affinity)


class NodeInfo:
    """A node and the pods on it, with running totals of their requests and claimed host ports."""

    def __init__(self, name):
        self.name, self.node = name, None
        self.labels, self.taints, self.unschedulable, self.allocatable, self.allowed_pods = {}, [], False, {}, 0
        # cpu and memory again as plain attributes: the score plugins read them for every node of every pod
        self.allocatable_cpu = self.allocatable_memory = 0
        self.requested_cpu = self.requested_memory = self.non_zero_cpu = self.non_zero_memory = 0
        self.images = {}  # normalized image name -> size in bytes
        self.pods = {}  # uid -> PodFacts
        self.requested, self.non_zero = {}, {}
        self.ports, self.port_keys = {}, {}  # (ip, proto, port) -> n ; (proto, port) -> n
        self.with_affinity, self.with_required_anti_affinity = {}, {}

    def set_node(self, node):
        self.node = node
        self.labels = node["metadata"].get("labels") or {}
        spec = node.get("spec") or {}
        self.taints, self.unschedulable = spec.get("taints") or [], bool(spec.get("unschedulable"))
        self.allocatable = allocatable(node)
        self.allowed_pods = self.allocatable.get(PODS, 0)
        self.allocatable_cpu, self.allocatable_memory = self.allocatable.get(CPU, 0), self.allocatable.get(MEMORY, 0)
        self.images = {}
        for image in (node.get("status") or {}).get("images") or []:
            for name in image.get("names") or []:
                self.images[normalized_image(name)] = image.get("sizeBytes", 0)

    def add_pod(self, facts, sign=1):
        for table, amounts in ((self.requested, facts.requests), (self.non_zero, facts.non_zero)):
            for name, value in amounts.items():
                table[name] = table.get(name, 0) + sign * value
        self.requested_cpu, self.requested_memory = self.requested.get(CPU, 0), self.requested.get(MEMORY, 0)
        self.non_zero_cpu, self.non_zero_memory = self.non_zero.get(CPU, 0), self.non_zero.get(MEMORY, 0)
        for ip, proto, port in facts.ports:
            self.ports[(ip, proto, port)] = self.ports.get((ip, proto, port), 0) + sign
            self.port_keys[(proto, port)] = self.port_keys.get((proto, port), 0) + sign
        if sign > 0:
            self.pods[facts.uid] = facts
            if facts.has_affinity:
                self.with_affinity[facts.uid] = facts
            if facts.anti_affinity:
                self.with_required_anti_affinity[facts.uid] = facts
        else:
            self.pods.pop(facts.uid, None)
            self.with_affinity.pop(facts.uid, None)
            self.with_required_anti_affinity.pop(facts.uid, None)

    def remove_pod(self, facts):
        self.add_pod(facts, sign=-1)

    def port_conflict(self, ip, proto, port):
        if ip == "0.0.0.0":
            return self.port_keys.get((proto, port), 0) > 0
        return self.ports.get((ip, proto, port), 0) > 0 or self.ports.get(("0.0.0.0", proto, port), 0) > 0

    def clone(self):
        """A copy whose pods can be removed without touching the cache (preemption's dry run)."""
        other = NodeInfo(self.name)
        other.node, other.labels, other.taints = self.node, self.labels, self.taints
        other.unschedulable, other.allocatable, other.images = self.unschedulable, self.allocatable, self.images
        for name in ("allowed_pods", "allocatable_cpu", "allocatable_memory", "requested_cpu", "requested_memory",
                     "non_zero_cpu", "non_zero_memory"):
            setattr(other, name, getattr(self, name))
        other.pods, other.requested, other.non_zero = dict(self.pods), dict(self.requested), dict(self.non_zero)
        other.ports, other.port_keys = dict(self.ports), dict(self.port_keys)
        other.with_affinity = dict(self.with_affinity)
        other.with_required_anti_affinity = dict(self.with_required_anti_affinity)
        return other


def normalized_image(name):
    """`nginx` and `nginx:latest` are one image to ImageLocality."""
    last = name.rsplit("/", 1)[-1]
    return name if (":" in last or "@" in name) else name + ":latest"


class Cache:
    """NodeInfos by name, in the node tree's order (zones interleaved), and where each pod is."""

    def __init__(self):
        self.nodes = {}
        self.pod_node = {}  # uid -> node name
        self.assumed = set()
        self.image_nodes = {}  # normalized image name -> how many nodes have it
        self.with_affinity = 0  # pods placed with any pod (anti-)affinity term, cluster-wide
        self.with_required_anti_affinity = 0
        self._zones = {}  # zone key -> [node names]
        self._list = None

    # nodes
    def set_node(self, node):
        name = node["metadata"]["name"]
        info = self.nodes.get(name)
        if info is None:
            info = self.nodes[name] = NodeInfo(name)
        known = info.node is not None
        old_zone, old_images = _zone_key(info.labels), info.images
        info.set_node(node)
        new_zone = _zone_key(info.labels)
        if not known or old_zone != new_zone:  # a node keeps its place in the tree unless its zone changes
            if known:
                self._zones[old_zone].remove(name)
            self._zones.setdefault(new_zone, []).append(name)
            self._list = None
        for image in old_images if known else ():
            self.image_nodes[image] -= 1
        for image in info.images:
            self.image_nodes[image] = self.image_nodes.get(image, 0) + 1
        return info

    def remove_node(self, name):
        info = self.nodes.get(name)
        if info is None or info.node is None:
            return
        self._zones[_zone_key(info.labels)].remove(name)
        for image in info.images:
            self.image_nodes[image] -= 1
        info.node = None
        if not info.pods:
            del self.nodes[name]
        self._list = None

    def node_list(self):
        """NodeInfos of existing nodes, one zone after another in turn, as nodeTree.list() gives them."""
        if self._list is None:
            zones = [z for z in self._zones.values() if z]
            order, depth = [], max((len(z) for z in zones), default=0)
            for i in range(depth):
                order.extend(self.nodes[z[i]] for z in zones if i < len(z))
            self._list = order
        return self._list

    # pods
    def add_pod(self, facts, node_name, assumed=False):
        self.remove_pod(facts.uid)
        info = self.nodes.get(node_name)
        if info is None:
            info = self.nodes[node_name] = NodeInfo(node_name)
        info.add_pod(facts)
        self.with_affinity += facts.has_affinity
        self.with_required_anti_affinity += bool(facts.anti_affinity)
        self.pod_node[facts.uid] = node_name
        if assumed:
            self.assumed.add(facts.uid)

    def remove_pod(self, uid):
        node_name = self.pod_node.pop(uid, None)
        self.assumed.discard(uid)
        if node_name is None:
            return None
        info = self.nodes[node_name]
        facts = info.pods.get(uid)
        if facts is not None:
            info.remove_pod(facts)
            self.with_affinity -= facts.has_affinity
            self.with_required_anti_affinity -= bool(facts.anti_affinity)
        if info.node is None and not info.pods:
            del self.nodes[node_name]
        return facts

    def pod(self, uid):
        node_name = self.pod_node.get(uid)
        return self.nodes[node_name].pods.get(uid) if node_name else None


def _zone_key(labels):
    region, zone = labels.get(REGION, ""), labels.get(ZONE, "")
    return "" if not region and not zone else region + ":\x00:" + zone
