"""The pvc-protection and pv-protection controllers: a claim being deleted keeps its
kubernetes.io/pvc-protection finalizer while a scheduled pod still uses it; a volume keeps
kubernetes.io/pv-protection while it is Bound (pkg/controller/volume/{pvc,pv}protection)."""
from ..api.errors import ApiError
from .base import Controller, object_key, split_key

PVC_FINALIZER = "kubernetes.io/pvc-protection"
PV_FINALIZER = "kubernetes.io/pv-protection"


def _set_finalizer(obj, finalizer, present):
    finalizers = [f for f in obj["metadata"].get("finalizers") or [] if f != finalizer]
    if present:
        finalizers.append(finalizer)
    obj["metadata"]["finalizers"] = finalizers
    return obj


def _needs_finalizer(obj, finalizer):
    meta = obj["metadata"]
    return not meta.get("deletionTimestamp") and finalizer not in (meta.get("finalizers") or [])


def _may_drop_finalizer(obj, finalizer):
    meta = obj["metadata"]
    return bool(meta.get("deletionTimestamp")) and finalizer in (meta.get("finalizers") or [])


class PVCProtectionController(Controller):
    name = "pvc-protection"

    def setup(self):
        self.watch("persistentvolumeclaims", self._claim_event)
        self.watch("pods", self._pod_event, replay=False)

    def _claim_event(self, kind, claim):
        if kind != "DELETED" and (_needs_finalizer(claim, PVC_FINALIZER) or _may_drop_finalizer(claim, PVC_FINALIZER)):
            self.enqueue(object_key(claim))

    def _pod_event(self, kind, pod):
        namespace = pod["metadata"]["namespace"]
        for volume in (pod.get("spec") or {}).get("volumes") or []:
            claim = (volume.get("persistentVolumeClaim") or {}).get("claimName")
            if claim:
                self.enqueue(f"{namespace}/{claim}")

    def sync(self, key):
        namespace, name = split_key(key)
        claim = self.get("persistentvolumeclaims", name, namespace)
        if claim is None:
            return None
        if _needs_finalizer(claim, PVC_FINALIZER):
            self._write(_set_finalizer(claim, PVC_FINALIZER, True))
        elif _may_drop_finalizer(claim, PVC_FINALIZER) and not self._in_use(claim):
            self._write(_set_finalizer(claim, PVC_FINALIZER, False))
        return None

    def _in_use(self, claim):
        """Only scheduled pods count: the kubelet will not start a pod whose claim is being deleted."""
        name = claim["metadata"]["name"]
        for pod in self.server.list("pods", claim["metadata"]["namespace"])["items"]:
            spec = pod.get("spec") or {}
            if not spec.get("nodeName") or (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
                continue
            if any((v.get("persistentVolumeClaim") or {}).get("claimName") == name for v in spec.get("volumes") or []):
                return True
        return False

    def _write(self, claim):
        try:
            self.server.update("persistentvolumeclaims", claim, namespace=claim["metadata"]["namespace"])
        except ApiError as e:
            if e.code != 404:
                raise


class PVProtectionController(Controller):
    name = "pv-protection"

    def setup(self):
        self.watch("persistentvolumes", self._event)

    def _event(self, kind, volume):
        if kind != "DELETED" and (_needs_finalizer(volume, PV_FINALIZER) or _may_drop_finalizer(volume, PV_FINALIZER)):
            self.enqueue(volume["metadata"]["name"])

    def sync(self, name):
        volume = self.get("persistentvolumes", name)
        if volume is None:
            return None
        if _needs_finalizer(volume, PV_FINALIZER):
            self._write(_set_finalizer(volume, PV_FINALIZER, True))
        elif _may_drop_finalizer(volume, PV_FINALIZER) and (volume.get("status") or {}).get("phase") != "Bound":
            self._write(_set_finalizer(volume, PV_FINALIZER, False))
        return None

    def _write(self, volume):
        try:
            self.server.update("persistentvolumes", volume)
        except ApiError as e:
            if e.code != 404:
                raise
