"""kind's local-path-provisioner (rancher.io/local-path), the external provisioner behind the default
`standard` StorageClass: a hostPath volume pinned to the selected node per claim, deleted when released."""
import hashlib
import uuid

from ...api.errors import ApiError
from ...events import EventRecorder
from ..base import Controller, object_key, split_key
from . import util

PROVISIONER = "rancher.io/local-path"
BASE_PATH = "/var/local-path-provisioner"
HELPER_POD_TIME = 2.0  # the helper pod that creates (or removes) the directory on the node runs this long


def identity():
    """`<provisioner>_<pod name>_<uuid>`, the leader-election identity its events come from (fixed,
    so that it does not draw from the cluster's random source)."""
    digest = hashlib.sha256(PROVISIONER.encode()).hexdigest()
    pod = f"local-path-provisioner-{digest[:10]}-{digest[10:15]}"
    return f"{PROVISIONER}_{pod}_{uuid.UUID(digest[16:48], version=4)}"


def _unsupported(claim):
    """What local-path refuses before it looks at the node: a node folder is one node's, so RWO or RWOP only."""
    if any(mode not in ("ReadWriteOnce", "ReadWriteOncePod") for mode in claim["spec"].get("accessModes") or ()):
        return "NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes"
    return None


class LocalPathProvisioner(Controller):
    name = "local-path-provisioner"

    def setup(self):
        self.recorder = EventRecorder(self.server, self.clock, identity())
        self._provisioning = {}  # claim uid -> when its helper pod is done
        self._deleting = {}  # volume name -> when its helper pod is done
        self.watch("persistentvolumeclaims", self._on_claim)
        self.watch("persistentvolumes", self._on_volume)

    def _on_claim(self, kind, claim):
        if kind != "DELETED" and self._wants(claim):
            self.enqueue(("claim", object_key(claim)))

    def _on_volume(self, kind, volume):
        if kind != "DELETED" and self._releasable(volume):
            self.enqueue(("volume", volume["metadata"]["name"]))

    @staticmethod
    def _wants(claim):
        ann = util.annotations(claim)
        return (ann.get(util.ANN_STORAGE_PROVISIONER, ann.get(util.ANN_BETA_STORAGE_PROVISIONER)) == PROVISIONER
                and not claim["spec"].get("volumeName") and not claim["metadata"].get("deletionTimestamp"))

    @staticmethod
    def _releasable(volume):
        return (util.annotations(volume).get(util.ANN_DYNAMICALLY_PROVISIONED) == PROVISIONER
                and (volume.get("status") or {}).get("phase") == "Released"
                and volume["spec"].get("persistentVolumeReclaimPolicy") == "Delete"
                and not volume["metadata"].get("deletionTimestamp"))

    def sync(self, key):
        what, name = key
        if what == "claim":
            namespace, claim_name = split_key(name)
            claim = self.get("persistentvolumeclaims", claim_name, namespace)
            return self._provision(claim) if claim is not None and self._wants(claim) else None
        volume = self.get("persistentvolumes", name)
        return self._delete(volume) if volume is not None and self._releasable(volume) else None

    def _provision(self, claim):
        uid = claim["metadata"]["uid"]
        if self.get("persistentvolumes", "pvc-" + uid) is not None:
            return None
        sc = self.get("storageclasses", util.claim_class(claim))
        if sc is None or sc.get("provisioner") != PROVISIONER:
            return None
        node = util.annotations(claim).get(util.ANN_SELECTED_NODE)
        problem = _unsupported(claim) or (None if node else "configuration error, no node was specified")
        if problem:  # the library announces the attempt, then local-path's Provision refuses it
            self.recorder.event(claim, "Normal", "Provisioning",
                                f'External provisioner is provisioning volume for claim "{util.claim_key(claim)}"')
            self.recorder.event(claim, "Warning", "ProvisioningFailed",
                                f'failed to provision volume with StorageClass "{sc["metadata"]["name"]}": {problem}')
            return None
        if uid not in self._provisioning:
            self._provisioning[uid] = self.clock.now + HELPER_POD_TIME
            self.recorder.event(claim, "Normal", "Provisioning",
                                f'External provisioner is provisioning volume for claim "{util.claim_key(claim)}"')
        if self._provisioning[uid] - self.clock.now > 1e-9:
            return self._provisioning[uid] - self.clock.now
        del self._provisioning[uid]
        try:
            volume = self.server.create("persistentvolumes", self._volume(claim, sc, node))
        except ApiError as e:
            if e.code != 409:
                raise
            return None
        self.recorder.event(claim, "Normal", "ProvisioningSucceeded",
                            f"Successfully provisioned volume {volume['metadata']['name']}")
        return None

    @staticmethod
    def _volume(claim, sc, node):
        meta, spec = claim["metadata"], claim["spec"]
        name = "pvc-" + meta["uid"]
        volume_spec = {
            "accessModes": list(spec.get("accessModes") or []),
            "capacity": {"storage": ((spec.get("resources") or {}).get("requests") or {}).get("storage", "0")},
            "claimRef": util.claim_reference(claim),
            "hostPath": {"path": f"{BASE_PATH}/{name}_{meta['namespace']}_{meta['name']}", "type": "DirectoryOrCreate"},
            "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                {"key": "kubernetes.io/hostname", "operator": "In", "values": [node]}]}]}},
            "persistentVolumeReclaimPolicy": sc.get("reclaimPolicy") or "Delete",
            "storageClassName": sc["metadata"]["name"],
            "volumeMode": spec.get("volumeMode") or "Filesystem",
        }
        if sc.get("mountOptions"):
            volume_spec["mountOptions"] = list(sc["mountOptions"])
        return {"apiVersion": "v1", "kind": "PersistentVolume",
                "metadata": {"name": name, "annotations": {util.ANN_DYNAMICALLY_PROVISIONED: PROVISIONER}},
                "spec": volume_spec}

    def _delete(self, volume):
        name = volume["metadata"]["name"]
        done = self._deleting.setdefault(name, self.clock.now + HELPER_POD_TIME)
        if done - self.clock.now > 1e-9:
            return done - self.clock.now
        del self._deleting[name]
        try:
            self.server.delete("persistentvolumes", name)
        except ApiError as e:
            if e.code != 404:
                raise
        return None
