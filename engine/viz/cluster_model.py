"""What the cluster map draws, as plain data: the nodes as boxes and the pods inside them.

Built only from what the API server lists; kubectl's own row logic gives each pod the STATUS,
READY and RESTARTS a learner sees in `kubectl get pods`, so the picture and the terminal agree."""
import re
from dataclasses import dataclass

from ..api.columns import Ctx, node_row, parse_time, pod_row, service_row
from .palette import NODE_COLOURS, pod_category, pod_fill

CONTROL_PLANE_ROLE = "control-plane"


@dataclass(frozen=True)
class PodBox:
    namespace: str
    name: str
    node: str          # "" while unscheduled
    ready: str         # "1/1"
    status: str        # kubectl's STATUS column: Running, CrashLoopBackOff, Init:0/1, Terminating...
    restarts: int
    category: str      # a key of palette.POD_COLOURS
    colour: str
    label: tuple       # the lines drawn in the pod's box


@dataclass(frozen=True)
class NodeBox:
    name: str
    roles: str         # kubectl's ROLES column: "control-plane" or "<none>"
    status: str        # kubectl's STATUS column: Ready, NotReady, Ready,SchedulingDisabled
    colour: str
    pods: tuple

    @property
    def control_plane(self):
        return CONTROL_PLANE_ROLE in self.roles.split(",")

    @property
    def label(self):
        role = "worker" if self.roles == "<none>" else self.roles
        count = f"{len(self.pods)} pod" + ("" if len(self.pods) == 1 else "s")
        return (self.name, f"{role} · {self.status} · {count}")


@dataclass(frozen=True)
class ServiceBox:
    namespace: str
    name: str
    type: str
    cluster_ip: str
    ports: str         # kubectl's PORT(S) column: "80/TCP"
    ready: tuple       # "namespace/name" of the pods its Endpoints list as ready, drawn on this page
    not_ready: tuple   # and of those listed as notReadyAddresses

    @property
    def label(self):
        return (f"svc/{self.name}", f"{self.type} {self.cluster_ip}", self.ports)


@dataclass(frozen=True)
class OwnerBox:
    kind: str          # ReplicaSet, Deployment, DaemonSet, StatefulSet, Job, CronJob, ReplicationController
    namespace: str
    name: str
    parent: str        # the key ("Kind/namespace/name") of the object controlling this one, or ""
    pods: tuple        # "namespace/name" of the pods on this page it controls

    @property
    def key(self):
        return f"{self.kind}/{self.namespace}/{self.name}"


OWNER_RESOURCES = {"ReplicaSet": "replicasets.apps", "Deployment": "deployments.apps", "DaemonSet": "daemonsets.apps",
                   "StatefulSet": "statefulsets.apps", "Job": "jobs.batch", "CronJob": "cronjobs.batch",
                   "ReplicationController": "replicationcontrollers"}


@dataclass(frozen=True)
class ClusterMapModel:
    nodes: tuple        # the page's nodes: control plane first, then workers by name (worker-2 before worker-10)
    unscheduled: tuple  # pods with no node yet (or whose node is gone), on every page
    namespace: object   # the filter: a namespace name, or None for all
    namespaces: tuple   # every namespace, for the filter's choices
    time: float         # virtual seconds since the cluster started
    page: int = 0       # which page of nodes, when a big cluster is shown a page at a time
    pages: int = 1
    node_count: int = 0
    page_size: int = 0
    services: tuple = ()  # with show_services: each Service and the pods its endpoints point at
    owners: tuple = ()    # with show_owners: the controllers of the pods on the map, and theirs (OwnerBox)

    def pods(self):
        return tuple(p for n in self.nodes for p in n.pods) + self.unscheduled


def cluster_map_model(cluster, namespace=None, page=0, nodes_per_page=None, show_services=False, show_owners=False):
    """The map of `cluster` now, showing only `namespace`'s pods when one is given, and only the
    `page`th group of `nodes_per_page` nodes when that is given (a 100-node cluster stays readable);
    with `show_services`, the Services whose endpoints are pods on the map."""
    api = cluster.api
    ctx = Ctx(parse_time(cluster.clock.timestamp()))
    pods_by_node = {}
    for pod in api.list("pods", namespace=namespace)["items"]:
        box = pod_box(pod, ctx, show_namespace=namespace is None)
        pods_by_node.setdefault(box.node, []).append(box)
    nodes = [node_box(node, ctx, pods_by_node.pop(node["metadata"]["name"], []))
             for node in api.list("nodes")["items"]]
    nodes.sort(key=lambda n: (not n.control_plane, _natural(n.name)))
    # pods bound to a node that no longer exists stay visible with the unscheduled ones
    stray = sorted((p for pods in pods_by_node.values() for p in pods), key=lambda p: (p.namespace, p.name))
    namespaces = tuple(ns["metadata"]["name"] for ns in api.list("namespaces")["items"])
    size = nodes_per_page or max(1, len(nodes))
    pages = max(1, -(-len(nodes) // size))
    page = min(max(0, page), pages - 1)
    shown = tuple(nodes[page * size:(page + 1) * size])
    drawn = {f"{p.namespace}/{p.name}" for n in shown for p in n.pods} | {f"{p.namespace}/{p.name}" for p in stray}
    services = service_boxes(api, ctx, namespace, drawn) if show_services else ()
    owners = owner_boxes(api, namespace, drawn) if show_owners else ()
    return ClusterMapModel(shown, tuple(stray), namespace, namespaces, cluster.now, page, pages, len(nodes), size,
                           services, owners)


def owner_boxes(api, namespace, drawn):
    """The controllers of the `drawn` pods (by their controller ownerReference), then those controllers'
    own controllers (a ReplicaSet's Deployment, a Job's CronJob), as far as the chain goes."""
    found, children = {}, {}
    todo = []
    for pod in api.list("pods", namespace=namespace)["items"]:
        key = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
        ref = _controller(pod)
        if key in drawn and ref is not None and ref.get("kind") in OWNER_RESOURCES:
            owner = (ref["kind"], pod["metadata"]["namespace"], ref["name"])
            children.setdefault(owner, []).append(key)
            todo.append(owner)
    while todo:
        owner = todo.pop(0)
        if owner in found:
            continue
        kind, ns, name = owner
        try:
            obj = api.get(OWNER_RESOURCES[kind], name, ns)
        except Exception:  # gone (an orphan's owner): draw it anyway
            obj = None
        ref = _controller(obj) if obj is not None else None
        parent = (ref["kind"], ns, ref["name"]) if ref is not None and ref.get("kind") in OWNER_RESOURCES else None
        found[owner] = OwnerBox(kind, ns, name, "/".join(parent) if parent else "", tuple(sorted(children.get(owner, ()))))
        if parent is not None:
            todo.append(parent)
    return tuple(found[k] for k in sorted(found))


def _controller(obj):
    for ref in (obj.get("metadata") or {}).get("ownerReferences") or ():
        if ref.get("controller"):
            return ref
    return None


def service_boxes(api, ctx, namespace, drawn):
    """The Services with at least one endpoint among the `drawn` pods, and those pods."""
    endpoints = {(e["metadata"]["namespace"], e["metadata"]["name"]): e
                 for e in api.list("endpoints", namespace=namespace)["items"]}
    boxes = []
    for svc in api.list("services", namespace=namespace)["items"]:
        ns = svc["metadata"]["namespace"]
        subsets = (endpoints.get((ns, svc["metadata"]["name"])) or {}).get("subsets") or []
        ready, not_ready = _targets(subsets, "addresses", drawn), _targets(subsets, "notReadyAddresses", drawn)
        if ready or not_ready:
            name, type_, cluster_ip, _, ports = service_row(svc, ctx)[:5]  # (the wide SELECTOR too)
            boxes.append(ServiceBox(ns, name, type_, cluster_ip, ports, ready, not_ready))
    return tuple(boxes)


def _targets(subsets, field, drawn):
    keys = set()
    for subset in subsets:
        for address in subset.get(field) or []:
            ref = address.get("targetRef") or {}
            key = f"{ref.get('namespace', '')}/{ref.get('name', '')}"
            if ref.get("kind") == "Pod" and key in drawn:
                keys.add(key)
    return tuple(sorted(keys))


def _natural(name):
    """worker-2 before worker-10."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def pod_box(pod, ctx, show_namespace=True):
    name, ready, status, restarts = pod_row(pod, ctx)[:4]
    namespace, restarts = pod["metadata"].get("namespace", ""), int(restarts.split()[0])
    category = pod_category(pod, status)
    label = (f"{namespace}/{name}" if show_namespace else name, f"{status} {ready}", f"restarts: {restarts}")
    return PodBox(namespace, name, (pod.get("spec") or {}).get("nodeName") or "", ready, status, restarts,
                  category, pod_fill(category), label)


def node_box(node, ctx, pods):
    name, status, roles = node_row(node, ctx)[:3]
    colour = NODE_COLOURS["ready" if status.split(",")[0] == "Ready" else "not-ready"]
    pods = sorted(pods, key=lambda p: (p.namespace, p.name))
    return NodeBox(name, roles, status, colour, tuple(pods))
