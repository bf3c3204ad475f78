"""DefaultStorageClass: a new PersistentVolumeClaim that names no class gets the default
StorageClass (annotated storageclass.kubernetes.io/is-default-class: "true"), if there is one."""

DEFAULT_ANNOTATIONS = ("storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class")
BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class"


def default_class(server):
    """The default StorageClass; with several, the newest, then the first by name, as v1.32 picks."""
    defaults = [sc for sc in server.list("storageclasses")["items"]
                if any((sc["metadata"].get("annotations") or {}).get(a) == "true" for a in DEFAULT_ANNOTATIONS)]
    if not defaults:
        return None
    defaults.sort(key=lambda sc: sc["metadata"]["name"])
    defaults.sort(key=lambda sc: sc["metadata"].get("creationTimestamp", ""), reverse=True)
    return defaults[0]


class DefaultStorageClass:
    def __init__(self, server):
        self.server = server

    def admit(self, operation, resource, obj, old, dry_run):
        if operation != "CREATE" or resource.kind != "PersistentVolumeClaim":
            return
        spec = obj.setdefault("spec", {})
        if spec.get("storageClassName") is not None or BETA_CLASS_ANNOTATION in (obj["metadata"].get("annotations") or {}):
            return
        found = default_class(self.server)
        if found is not None:
            spec["storageClassName"] = found["metadata"]["name"]
