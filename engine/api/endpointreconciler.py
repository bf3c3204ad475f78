"""The apiserver's endpoint reconciler (pkg/controlplane/reconcilers): the `kubernetes` Service in
default gets an Endpoints and an EndpointSlice naming each apiserver's advertise address and port."""
from .errors import ApiError

SKIP_MIRROR_LABEL = "endpointslice.kubernetes.io/skip-mirror"
CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane"
SECURE_PORT = 6443


def reconcile(server, port=SECURE_PORT):
    """Write both objects for the control-plane nodes' InternalIPs, as the EndpointsAdapter does."""
    ips = sorted(_internal_ip(n) for n in server.list("nodes", label_selector=[(CONTROL_PLANE_LABEL, "exists", ())])["items"])
    subsets = [{"addresses": [{"ip": ip} for ip in ips], "ports": [{"name": "https", "port": port, "protocol": "TCP"}]}]
    endpoints = {"apiVersion": "v1", "kind": "Endpoints",
                 "metadata": {"name": "kubernetes", "namespace": "default", "labels": {SKIP_MIRROR_LABEL: "true"}},
                 "subsets": subsets}
    eps = {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
           "metadata": {"name": "kubernetes", "namespace": "default", "labels": {"kubernetes.io/service-name": "kubernetes"}},
           "addressType": "IPv4", "endpoints": [{"addresses": [ip], "conditions": {"ready": True}} for ip in ips],
           "ports": [{"name": "https", "port": port, "protocol": "TCP"}]}
    _ensure(server, "endpoints", endpoints)
    _ensure(server, "endpointslices", eps)


def _internal_ip(node):
    return next(a["address"] for a in node["status"]["addresses"] if a["type"] == "InternalIP")


def _ensure(server, ref, obj):
    try:
        server.create(ref, obj, namespace="default")
    except ApiError as e:
        if e.code != 409:
            raise
