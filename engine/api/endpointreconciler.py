"""The apiserver's endpoint reconciler (pkg/controlplane/reconcilers): the `kubernetes` Service in
default gets an Endpoints and an EndpointSlice naming each apiserver's advertise address and port."""
from .errors import ApiError

SKIP_MIRROR_LABEL = "endpointslice.kubernetes.io/skip-mirror"
CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane"
SECURE_PORT = 6443
INTERVAL = 10  # --endpoint-reconciler's EndpointInterval: how soon a deleted or edited object is put back


def start(server):
    """Write both objects now and look at them again every 10 seconds."""
    reconcile(server)

    def tick():
        server.clock.call_later(INTERVAL, tick, priority=5)
        try:
            reconcile(server)
        except ApiError:
            pass  # etcd without quorum: the next round tries again
    server.clock.call_later(INTERVAL, tick, priority=5)


def reconcile(server, port=SECURE_PORT):
    """Create or repair both objects for the control-plane nodes' InternalIPs, as the EndpointsAdapter writes them."""
    nodes = server.list("nodes", label_selector=[(CONTROL_PLANE_LABEL, "exists", ())])["items"]
    ips = sorted(ip for ip in map(_internal_ip, nodes) if ip)
    if not ips:
        return
    ports = [{"name": "https", "port": port, "protocol": "TCP"}]
    _ensure(server, "endpoints", {
        "apiVersion": "v1", "kind": "Endpoints",
        "metadata": {"name": "kubernetes", "namespace": "default", "labels": {SKIP_MIRROR_LABEL: "true"}},
        "subsets": [{"addresses": [{"ip": ip} for ip in ips], "ports": ports}]}, ("subsets",))
    _ensure(server, "endpointslices", {
        "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
        "metadata": {"name": "kubernetes", "namespace": "default", "labels": {"kubernetes.io/service-name": "kubernetes"}},
        "addressType": "IPv4", "endpoints": [{"addresses": [ip], "conditions": {"ready": True}} for ip in ips],
        "ports": ports}, ("addressType", "endpoints", "ports"))


def _internal_ip(node):
    return next((a["address"] for a in (node.get("status") or {}).get("addresses") or [] if a["type"] == "InternalIP"), None)


def _ensure(server, ref, wanted, fields):
    try:
        current = server.get(ref, "kubernetes", "default")
    except ApiError as e:
        if e.code != 404:
            raise
        server.create(ref, wanted, namespace="default")
        return
    labels = current["metadata"].get("labels") or {}
    if all(current.get(f) == wanted[f] for f in fields) and all(labels.get(k) == v for k, v in wanted["metadata"]["labels"].items()):
        return
    for f in fields:
        current[f] = wanted[f]
    current["metadata"]["labels"] = {**labels, **wanted["metadata"]["labels"]}
    server.update(ref, current, namespace="default")
