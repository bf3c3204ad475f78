"""What `kubeadm init` (and the flannel manifest applied after it) leaves in a fresh cluster, named
after kubeadm's phases: control-plane static pods, addons, RBAC, ConfigMaps, the pod network."""
import copy

from . import addons, configmaps, controlplane, flannel, metrics_server, rbac
from .controlplane import static_pod_manifests

__all__ = ["install", "objects", "static_pod_manifests"]

_OBJECTS = {}


def objects(created_date, addons_too=True, pod_network=True):
    """Every API object, in the order kubeadm and the apiserver create them (fresh copies; built once).

    Without addons: what `kubeadm init --skip-phases=addon/coredns,addon/kube-proxy` leaves, no flannel.
    Without the pod network: kubeadm's addons (CoreDNS, kube-proxy) alone, before flannel is applied."""
    key = (created_date, addons_too, pod_network)
    if key not in _OBJECTS:
        _OBJECTS[key] = rbac.apiserver_objects() + configmaps.objects(created_date) + rbac.kubeadm_objects()
        if addons_too:
            _OBJECTS[key] += addons.coredns() + addons.kube_proxy()
            if pod_network:
                _OBJECTS[key] += flannel.objects() + metrics_server.objects()
            rbac.aggregate(_OBJECTS[key])
    return copy.deepcopy(_OBJECTS[key])


def install(server, clock, addons_too=True, pod_network=True):
    """Create the objects through the API server."""
    for obj in objects(clock.timestamp()[:10], addons_too, pod_network):
        namespace = obj["metadata"].get("namespace")
        server.create(_plural(server, obj), obj, namespace=namespace, field_manager=_manager(obj))


def _manager(obj):
    """Who writes it: the apiserver its bootstrap RBAC policy, `kubectl apply` the flannel and metrics-server
    manifests, kubeadm the rest."""
    meta = obj["metadata"]
    if (meta.get("labels") or {}).get("kubernetes.io/bootstrapping") == "rbac-defaults":
        return "kube-apiserver"
    if meta.get("namespace") == "kube-flannel" or meta.get("name", "").startswith(("flannel", "kube-flannel")) \
            or (meta.get("labels") or {}).get("k8s-app") == "metrics-server":
        return "kubectl-client-side-apply"
    return "kubeadm"


def _plural(server, obj):
    group_version = obj["apiVersion"]
    return server.registry.by_kind(group_version, obj["kind"])
