"""The persistent-volume-binder (pkg/controller/volume/persistentvolume): binds each claim to a
matching volume, asks an external provisioner for one, and reclaims volumes whose claim is gone."""
from ...api.errors import ApiError
from ...events import EventRecorder
from ..base import Controller, object_key
from . import util

RESYNC_PERIOD = 15.0  # --pvclaimbinder-sync-period: every claim and volume is looked at again this often
TMP_PATH_PREFIX = "/tmp/"


class PersistentVolumeController(Controller):
    name = "persistentvolume-binder"

    def setup(self):
        self.recorder = EventRecorder(self.server, self.clock, "persistentvolume-controller")
        self.watch("persistentvolumes", lambda kind, pv: self._on_volume(kind, pv))
        self.watch("persistentvolumeclaims", lambda kind, pvc: self._on_claim(kind, pvc))
        self._resync_timer = self.clock.call_later(RESYNC_PERIOD, self._resync)

    def stop(self):
        super().stop()
        self._resync_timer.cancel()

    def _on_volume(self, kind, volume):
        self.enqueue(("volume", volume["metadata"]["name"]))

    def _on_claim(self, kind, claim):
        if kind == "DELETED":
            ref_volume = claim["spec"].get("volumeName")
            if ref_volume:
                self.enqueue(("volume", ref_volume))  # the volume is released right away
            return
        self.enqueue(("claim", object_key(claim)))

    def _resync(self):
        self._resync_timer = self.clock.call_later(RESYNC_PERIOD, self._resync)
        try:
            volumes = self.server.list("persistentvolumes")["items"]
            claims = self.server.list("persistentvolumeclaims")["items"]
        except ApiError:
            return  # the API is unavailable: the next resync tries again
        for volume in volumes:
            self.enqueue(("volume", volume["metadata"]["name"]))
        for claim in claims:
            self.enqueue(("claim", object_key(claim)))

    def sync(self, key):
        what, name = key
        if what == "claim":
            namespace, _, claim_name = name.partition("/")
            claim = self.get("persistentvolumeclaims", claim_name, namespace)
            if claim is not None:
                self.sync_claim(claim)
        else:
            volume = self.get("persistentvolumes", name)
            if volume is not None:
                self.sync_volume(volume)
        return None

    # claims
    def sync_claim(self, claim):
        if util.ANN_BIND_COMPLETED in util.annotations(claim):
            self._sync_bound_claim(claim)
        else:
            self._sync_unbound_claim(claim)

    def _sync_unbound_claim(self, claim):
        wanted = claim["spec"].get("volumeName")
        if not wanted:
            classes = self._classes()
            delay = util.delay_binding(claim, classes)
            volume = util.find_best_match(claim, self._volumes(), delay)
            if volume is not None:
                self.bind(volume, claim)
                return
            if delay and util.ANN_SELECTED_NODE not in util.annotations(claim):
                self.recorder.event(claim, "Normal", "WaitForFirstConsumer",
                                    "waiting for first consumer to be created before binding")
            elif util.claim_class(claim):
                self._provision(claim, classes)
                return
            else:
                self.recorder.event(claim, "Normal", "FailedBinding",
                                    "no persistent volumes available for this claim and no storage class is set")
            self._claim_status(claim, "Pending", None)
            return
        volume = self.get("persistentvolumes", wanted)
        if volume is None:
            self._claim_status(claim, "Pending", None)  # asked for a volume that does not exist (yet)
        elif not volume["spec"].get("claimRef"):
            problem = util.check_volume_satisfies_claim(volume, claim)
            if problem:
                self.recorder.event(claim, "Warning", "VolumeMismatch",
                                    f'Cannot bind to requested volume "{wanted}": {problem}')
                self._claim_status(claim, "Pending", None)
            else:
                self.bind(volume, claim)
        elif util.bound_to_claim(volume, claim):
            self.bind(volume, claim)
        else:
            self._claim_status(claim, "Pending", None)  # the volume is someone else's: wait

    def _sync_bound_claim(self, claim):
        name = claim["spec"].get("volumeName")
        volume = self.get("persistentvolumes", name) if name else None
        if not name:
            self._lost(claim, "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!")
        elif volume is None:
            self._lost(claim, "Bound claim has lost its PersistentVolume. Data on the volume is lost!")
        elif not volume["spec"].get("claimRef") or util.bound_to_claim(volume, claim):
            self.bind(volume, claim)
        else:
            self._lost(claim, "Two claims are bound to the same volume, this one is bound incorrectly", "ClaimMisbound")

    def _lost(self, claim, message, reason="ClaimLost"):
        if (claim.get("status") or {}).get("phase") != "Lost":
            self.recorder.event(claim, "Warning", reason, message)
        self._claim_status(claim, "Lost", None)

    def _provision(self, claim, classes):
        """provisionClaim for an external provisioner: name it on the claim and wait for its volume."""
        name = util.claim_class(claim)
        sc = classes.get(name)
        if sc is None:
            self.recorder.event(claim, "Warning", "ProvisioningFailed",
                                f'storageclass.storage.k8s.io "{name}" not found')
            return
        provisioner = sc.get("provisioner", "")
        if provisioner.startswith("kubernetes.io/"):  # in-tree: none provisions in v1.32 (no-provisioner neither)
            self.recorder.event(claim, "Warning", "ProvisioningFailed", f"no volume plugin matched name: {provisioner}")
            return
        if util.annotations(claim).get(util.ANN_STORAGE_PROVISIONER) != provisioner:
            ann = claim["metadata"].setdefault("annotations", {})
            ann[util.ANN_BETA_STORAGE_PROVISIONER] = provisioner
            ann[util.ANN_STORAGE_PROVISIONER] = provisioner
            claim = self.server.update("persistentvolumeclaims", claim, namespace=claim["metadata"]["namespace"])
        self.recorder.event(claim, "Normal", "ExternalProvisioning",
                            f"Waiting for a volume to be created either by the external provisioner '{provisioner}' "
                            "or manually by the system administrator. If volume creation is delayed, please verify "
                            "that the provisioner is running and correctly registered.")

    def bind(self, volume, claim):
        """Both halves of a binding, each written only when it changes: the volume's claimRef and
        phase, then the claim's volumeName, annotations and status."""
        volume = self._bind_volume_to_claim(volume, claim)
        self._volume_status(volume, "Bound")
        claim = self._bind_claim_to_volume(claim, volume)
        self._claim_status(claim, "Bound", volume)

    def _bind_volume_to_claim(self, volume, claim):
        ref, meta = volume["spec"].get("claimRef") or {}, claim["metadata"]
        controller_bound = not util.bound_to_claim(volume, claim)
        dirty = False
        if (ref.get("name"), ref.get("namespace"), ref.get("uid")) != (meta["name"], meta["namespace"], meta["uid"]):
            volume["spec"]["claimRef"] = util.claim_reference(claim)
            dirty = True
        if controller_bound and util.ANN_BOUND_BY_CONTROLLER not in util.annotations(volume):
            volume["metadata"].setdefault("annotations", {})[util.ANN_BOUND_BY_CONTROLLER] = "yes"
            dirty = True
        return self.server.update("persistentvolumes", volume) if dirty else volume

    def _bind_claim_to_volume(self, claim, volume):
        ann = claim["metadata"].setdefault("annotations", {})
        dirty = False
        if claim["spec"].get("volumeName") != volume["metadata"]["name"]:
            claim["spec"]["volumeName"] = volume["metadata"]["name"]
            ann.setdefault(util.ANN_BOUND_BY_CONTROLLER, "yes")
            dirty = True
        if util.ANN_BIND_COMPLETED not in ann:
            ann[util.ANN_BIND_COMPLETED] = "yes"
            dirty = True
        if not dirty:
            return claim
        return self.server.update("persistentvolumeclaims", claim, namespace=claim["metadata"]["namespace"])

    def _claim_status(self, claim, phase, volume):
        status = claim.setdefault("status", {})
        before = dict(status)
        old_phase = status.get("phase")
        status["phase"] = phase
        if volume is None:
            status.pop("accessModes", None)
            status.pop("capacity", None)
        else:
            status["accessModes"] = list(volume["spec"].get("accessModes") or [])
            if old_phase != phase:
                status["capacity"] = dict(volume["spec"].get("capacity") or {})
        if status == before:
            return claim
        return self.server.update("persistentvolumeclaims", claim, namespace=claim["metadata"]["namespace"],
                                  subresource="status")

    # volumes
    def sync_volume(self, volume):
        ref = volume["spec"].get("claimRef")
        if not ref or not ref.get("uid"):
            self._volume_status(volume, "Available")  # unused, or reserved for a claim that has not bound yet
            return
        claim = self.get("persistentvolumeclaims", ref.get("name", ""), ref.get("namespace", ""))
        if claim is not None and claim["metadata"]["uid"] != ref["uid"]:
            claim = None  # deleted, and another one made under the same name
        if claim is None:
            phase = (volume.get("status") or {}).get("phase")
            if phase not in ("Released", "Failed"):
                volume = self._volume_status(volume, "Released")
            self._reclaim(volume)
        elif not claim["spec"].get("volumeName"):
            self.enqueue(("claim", util.claim_key(claim)))  # a provisioned volume: the claim sync binds it
        elif claim["spec"]["volumeName"] == volume["metadata"]["name"]:
            self._volume_status(volume, "Bound")
        elif (util.ANN_DYNAMICALLY_PROVISIONED in util.annotations(volume)
              and volume["spec"].get("persistentVolumeReclaimPolicy") == "Delete"):
            if (volume.get("status") or {}).get("phase") not in ("Released", "Failed"):
                volume = self._volume_status(volume, "Released")
            self._reclaim(volume)
        else:
            self._unbind(volume)

    def _unbind(self, volume):
        """unbindVolume: a controller-made binding goes; a user's pre-binding stays, without the uid."""
        if util.ANN_BOUND_BY_CONTROLLER in util.annotations(volume):
            volume["spec"].pop("claimRef", None)
            volume["metadata"]["annotations"].pop(util.ANN_BOUND_BY_CONTROLLER)
        else:
            volume["spec"]["claimRef"].pop("uid", None)
        volume = self.server.update("persistentvolumes", volume)
        self._volume_status(volume, "Available")

    def _reclaim(self, volume):
        policy = volume["spec"].get("persistentVolumeReclaimPolicy")
        if policy != "Delete" or volume["metadata"].get("deletionTimestamp"):
            return  # Retain keeps the volume Released; Recycle is not simulated
        provisioner = util.annotations(volume).get(util.ANN_DYNAMICALLY_PROVISIONED, "")
        if provisioner and not provisioner.startswith("kubernetes.io/"):
            return  # its external provisioner deletes it
        problem = self._in_tree_delete(volume)
        if problem and (volume.get("status") or {}).get("phase") != "Failed":
            self.recorder.event(volume, "Warning", "VolumeFailedDelete", problem)
            volume["status"]["phase"], volume["status"]["message"] = "Failed", problem
            self.server.update("persistentvolumes", volume, subresource="status")

    def _in_tree_delete(self, volume):
        """The in-tree deleters left in v1.32: only hostPath, and only under /tmp."""
        host_path = volume["spec"].get("hostPath")
        if host_path is None:
            return f'error getting deleter volume plugin for volume "{volume["metadata"]["name"]}": ' \
                   "no deletable volume plugin matched"
        path = host_path.get("path", "")
        if not (path.startswith(TMP_PATH_PREFIX) and len(path) > len(TMP_PATH_PREFIX)):
            return f"host_path deleter only supports /tmp/.+ but received provided {path}"
        try:
            self.server.delete("persistentvolumes", volume["metadata"]["name"])
        except ApiError as e:
            if e.code != 404:
                raise
        return None

    def _volume_status(self, volume, phase):
        status = volume.setdefault("status", {})
        if status.get("phase") == phase:
            return volume
        status["phase"] = phase
        status.pop("message", None)
        status.pop("reason", None)
        return self.server.update("persistentvolumes", volume, subresource="status")

    # listers
    def _classes(self):
        return {sc["metadata"]["name"]: sc for sc in self.server.list("storageclasses")["items"]}

    def _volumes(self):
        return self.server.list("persistentvolumes")["items"]
