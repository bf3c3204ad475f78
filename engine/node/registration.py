"""How a kubelet registers its Node: labels, taints, capacity, addresses and nodeInfo as kubeadm's
nodes show them, and the heartbeat Lease in kube-node-lease."""

KUBELET_VERSION = "v1.32.0"
CONTROL_PLANE_TAINT = {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}
POD_CIDR_BASE = "10.244"
# the NodeTaint admission plugin puts it on every Node created; the node lifecycle controller removes it
# once the node is Ready (a node registering Ready here is shown with it already gone)
NOT_READY_TAINT = {"key": "node.kubernetes.io/not-ready", "effect": "NoSchedule"}


def node_object(name, index, control_plane, created, network_error=None):
    """The Node a kubelet creates when it first registers (`index` numbers the node from 0); with a
    `network_error` (no CNI config yet) it registers NotReady, tainted not-ready."""
    labels = {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
    }
    annotations = {
        "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///var/run/containerd/containerd.sock",
        "node.alpha.kubernetes.io/ttl": "0",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
    }
    if control_plane:
        labels["node-role.kubernetes.io/control-plane"] = ""
        labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
    capacity = {"cpu": "2" if control_plane else "4", "ephemeral-storage": "61202244Ki", "hugepages-1Gi": "0",
                "hugepages-2Mi": "0", "memory": "4015880Ki" if control_plane else "8148216Ki", "pods": "110"}
    allocatable = dict(capacity, **{"ephemeral-storage": "56403987978"})
    spec = {"podCIDR": f"{POD_CIDR_BASE}.{index}.0/24", "podCIDRs": [f"{POD_CIDR_BASE}.{index}.0/24"]}
    if control_plane:
        spec["taints"] = [dict(CONTROL_PLANE_TAINT)]
    if network_error is not None:
        spec["taints"] = spec.get("taints", []) + [dict(NOT_READY_TAINT)]
    ready = ("False", "KubeletNotReady", network_error) if network_error is not None else \
        ("True", "KubeletReady", "kubelet is posting ready status")
    conditions = [
        _condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", created),
        _condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", created),
        _condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", created),
        _condition("Ready", *ready, created),
    ]
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {"name": name, "labels": labels, "annotations": annotations},
        "spec": spec,
        "status": {
            "addresses": [{"address": f"172.18.0.{index + 2}", "type": "InternalIP"},
                          {"address": name, "type": "Hostname"}],
            "allocatable": allocatable,
            "capacity": capacity,
            "conditions": conditions,
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {
                "architecture": "amd64",
                "bootID": f"6b1c8f0e-5a1d-4c7e-9f3a-{index:012x}",
                "containerRuntimeVersion": "containerd://1.7.24",
                "kernelVersion": "6.1.0-28-amd64",
                "kubeProxyVersion": KUBELET_VERSION,
                "kubeletVersion": KUBELET_VERSION,
                "machineID": f"{index:032x}",
                "operatingSystem": "linux",
                "osImage": "Debian GNU/Linux 12 (bookworm)",
                "systemUUID": f"4c4c4544-0000-1000-8000-{index:012x}",
            },
        },
    }


def _condition(type_, status, reason, message, when):
    return {"type": type_, "status": status, "reason": reason, "message": message,
            "lastHeartbeatTime": when, "lastTransitionTime": when}


def node_lease(name, holder_uid, renew_time):
    """The Lease in kube-node-lease that the kubelet renews as its heartbeat."""
    return {
        "apiVersion": "coordination.k8s.io/v1",
        "kind": "Lease",
        "metadata": {"name": name, "namespace": "kube-node-lease",
                     "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": name, "uid": holder_uid}]},
        "spec": {"holderIdentity": name, "leaseDurationSeconds": 40, "renewTime": renew_time},
    }
