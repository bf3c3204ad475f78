"""Objects a fresh cluster has before anyone asks: the apiserver's built-in PriorityClasses and
the default StorageClass the course cluster ships with (kind's `standard`, local-path)."""
from ..api import endpointreconciler
from ..api.errors import ApiError

PRIORITY_CLASSES = [
    # scheduling.SystemCriticalPriority + 1000 and SystemCriticalPriority, made by the apiserver's post-start hook
    ("system-node-critical", 2000001000, "Used for system critical pods that must not be moved from their current node."),
    ("system-cluster-critical", 2000000000,
     "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
]

STANDARD_STORAGE_CLASS = {
    "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
    "metadata": {"name": "standard", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
    "provisioner": "rancher.io/local-path", "reclaimPolicy": "Delete", "volumeBindingMode": "WaitForFirstConsumer",
}


def create_builtin_objects(server):
    for name, value, description in PRIORITY_CLASSES:
        _ensure(server, "priorityclasses", {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
                                            "metadata": {"name": name}, "value": value, "description": description,
                                            "preemptionPolicy": "PreemptLowerPriority"})
    _ensure(server, "storageclasses", STANDARD_STORAGE_CLASS)
    endpointreconciler.start(server)  # the kubernetes Service's endpoints, kept by the apiserver


def _ensure(server, ref, obj):
    try:
        server.create(ref, obj)
    except ApiError as e:
        if e.code != 409:
            raise
