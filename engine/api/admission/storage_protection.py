"""StorageObjectInUseProtection: new PersistentVolumeClaims and PersistentVolumes carry the
kubernetes.io/pvc-protection and kubernetes.io/pv-protection finalizers, so they outlive their users."""

FINALIZERS = {"PersistentVolumeClaim": "kubernetes.io/pvc-protection", "PersistentVolume": "kubernetes.io/pv-protection"}


class StorageObjectInUseProtection:
    def __init__(self, server):
        self.server = server

    def admit(self, operation, resource, obj, old, dry_run):
        finalizer = FINALIZERS.get(resource.kind)
        if operation != "CREATE" or finalizer is None or resource.group != "":
            return
        finalizers = obj["metadata"].get("finalizers") or []
        if finalizer not in finalizers:
            obj["metadata"]["finalizers"] = list(finalizers) + [finalizer]
