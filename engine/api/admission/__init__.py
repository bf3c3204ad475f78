"""Admission: the plug-in chain every write passes, in kube-apiserver v1.32's order. Mutating
plug-ins (`admit`) run before validation, validating ones (`validate`) after it.

Operations are "CREATE", "UPDATE", "DELETE" and "EVICT" (the pods/eviction subresource).
Eviction checks (PodDisruptionBudgets) plug in as one more plug-in with a `validate` that acts on
"EVICT"; nothing here handles it yet."""
from .default_ingress_class import DefaultIngressClass
from .default_storage_class import DefaultStorageClass
from .default_toleration_seconds import DefaultTolerationSeconds
from .limit_ranger import LimitRanger
from .namespace_lifecycle import NamespaceLifecycle
from .pod_security import PodSecurity
from .priority import Priority
from .pvc_resize import PersistentVolumeClaimResize
from .resource_quota import ResourceQuota
from .runtime_class import RuntimeClass
from .service_account import ServiceAccount
from .storage_protection import StorageObjectInUseProtection


class Chain:
    def __init__(self, plugins):
        self.plugins = plugins

    def admit(self, operation, resource, obj, old, dry_run):
        for plugin in self.plugins:
            if hasattr(plugin, "admit"):
                plugin.admit(operation, resource, obj, old, dry_run)

    def validate(self, operation, resource, obj, old, dry_run):
        for plugin in self.plugins:
            if hasattr(plugin, "validate"):
                plugin.validate(operation, resource, obj, old, dry_run)

    def plugin(self, name):
        """The plug-in named `name` (its class name), or None."""
        return next((p for p in self.plugins if type(p).__name__ == name), None)


def default_chain(server):
    """The plug-ins kubeadm's kube-apiserver enables by default, in the apiserver's fixed order."""
    return Chain([
        NamespaceLifecycle(server),
        LimitRanger(server),
        ServiceAccount(server),
        PodSecurity(server),
        Priority(server),
        DefaultTolerationSeconds(server),
        DefaultStorageClass(server),
        StorageObjectInUseProtection(server),
        PersistentVolumeClaimResize(server),
        RuntimeClass(server),
        DefaultIngressClass(server),
        ResourceQuota(server),
    ])
