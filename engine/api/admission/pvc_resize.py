"""PersistentVolumeClaimResize: a claim may grow only when it is bound and its StorageClass
says allowVolumeExpansion: true."""
from .common import forbidden, lookup
from .quantity import QuantityError, parse


class PersistentVolumeClaimResize:
    def __init__(self, server):
        self.server = server

    def validate(self, operation, resource, obj, old, dry_run):
        if operation != "UPDATE" or resource.kind != "PersistentVolumeClaim" or old is None:
            return
        try:
            new_size, old_size = _size(obj), _size(old)
        except QuantityError:
            return
        if new_size is None or old_size is None or new_size.value <= old_size.value:
            return
        if (old.get("status") or {}).get("phase") != "Bound":
            raise forbidden(resource, obj, old, "Only bound persistent volume claims can be expanded")
        if not self._allows_resize(obj):
            raise forbidden(resource, obj, old, "only dynamically provisioned pvc can be resized and "
                                                "the storageclass that provisions the pvc must support resize")

    def _allows_resize(self, claim):
        name = (claim.get("spec") or {}).get("storageClassName") or \
            (claim["metadata"].get("annotations") or {}).get("volume.beta.kubernetes.io/storage-class")
        if not name:
            return False
        storage_class = lookup(self.server, "storageclasses", name)
        return bool(storage_class and storage_class.get("allowVolumeExpansion"))


def _size(claim):
    text = (((claim.get("spec") or {}).get("resources") or {}).get("requests") or {}).get("storage")
    return None if text is None else parse(text)
