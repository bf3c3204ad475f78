"""The StatefulSet controller (pkg/controller/statefulset): pods `<set>-<ordinal>` with stable hostname,
subdomain and claims `<template>-<set>-<ordinal>`, created in order and deleted in reverse (OrderedReady)
or all at once (Parallel), rolling updates from the highest ordinal down to the partition."""
import copy
import re

from ..api.errors import ApiError
from ..api.selectors import from_label_selector
from ..events import EventRecorder
from .base import Controller, controller_ref, split_key
from . import history
from .history import REVISION_HASH_LABEL, pod_available, pod_ready, terminating

POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name"
POD_INDEX_LABEL = "apps.kubernetes.io/pod-index"
_ORDINAL = re.compile(r"^(.*)-(\d+)$")


def ordinal_of(set_name, pod):
    match = _ORDINAL.match(pod["metadata"]["name"])
    if not match or match.group(1) != set_name:
        return -1
    return int(match.group(2))


def _running_and_ready(pod):
    return (pod.get("status") or {}).get("phase") == "Running" and pod_ready(pod)


def _finished(pod):
    return (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")


class StatefulSetController(Controller):
    name = "statefulset"

    def setup(self):
        self.recorder = EventRecorder(self.server, self.clock, "statefulset-controller")
        self.watch("statefulsets", self._set_event)
        self.watch("pods", self._pod_event)

    def _set_event(self, kind, sts):
        if kind != "DELETED":
            self.enqueue(f"{sts['metadata']['namespace']}/{sts['metadata']['name']}")

    def _pod_event(self, kind, pod):
        ref = controller_ref(pod)
        if ref and ref.get("kind") == "StatefulSet":
            self.enqueue(f"{pod['metadata']['namespace']}/{ref['name']}")

    # sync
    def sync(self, key):
        namespace, name = split_key(key)
        sts = self.get("statefulsets", name, namespace)
        if sts is None or sts["metadata"].get("deletionTimestamp"):
            return None
        reqs = from_label_selector(sts["spec"].get("selector"))
        uid = sts["metadata"]["uid"]
        pods = [p for p in self.server.list("pods", namespace, label_selector=reqs)["items"]
                if (controller_ref(p) or {}).get("uid") == uid]
        revisions = history.owned_revisions(self.server, sts)
        update, collision = history.ensure_revision(self.server, sts, revisions,
                                                    (sts["spec"]["template"].get("metadata") or {}).get("labels"),
                                                    history.HASH_LABEL)
        revisions = history.owned_revisions(self.server, sts)
        current_name = (sts.get("status") or {}).get("currentRevision")
        current = next((r for r in revisions if r["metadata"]["name"] == current_name), update)
        requeue = self._reconcile(sts, pods, current, update)
        pods = [p for p in self.server.list("pods", namespace, label_selector=reqs)["items"]
                if (controller_ref(p) or {}).get("uid") == uid]
        self._write_status(sts, pods, current, update, collision)
        live = {p["metadata"].get("labels", {}).get(REVISION_HASH_LABEL) for p in pods}
        keep = {h for h in live if h}
        keep |= {current["metadata"]["name"], update["metadata"]["name"]}
        history.truncate_history(self.server, sts, history.owned_revisions(self.server, sts), keep,
                                 sts["spec"].get("revisionHistoryLimit", 10))
        return requeue

    def _reconcile(self, sts, pods, current, update):
        """One pass of UpdateStatefulSet's state machine; returns seconds until a re-check or None."""
        spec, name = sts["spec"], sts["metadata"]["name"]
        start = (spec.get("ordinals") or {}).get("start") or 0
        replicas = spec.get("replicas", 1)
        monotonic = spec.get("podManagementPolicy", "OrderedReady") != "Parallel"
        min_ready = spec.get("minReadySeconds") or 0
        slots, condemned = {}, []
        for pod in pods:
            ordinal = ordinal_of(name, pod)
            if start <= ordinal < start + replicas:
                slots[ordinal] = pod
            else:
                condemned.append(pod)
        condemned.sort(key=lambda p: ordinal_of(name, p), reverse=True)
        requeue = None
        for ordinal in range(start, start + replicas):
            pod = slots.get(ordinal)
            if pod is not None and _finished(pod) and not terminating(pod):
                self._delete_pod(sts, pod)  # a failed or succeeded pod is replaced
                if monotonic:
                    return None
                continue
            if pod is None:
                self._create_pod(sts, ordinal, current, update)
                if monotonic:
                    return None
                continue
            if monotonic and (terminating(pod) or not _running_and_ready(pod)):
                return None  # "waiting for Pod to be Running and Ready"
            if monotonic and not pod_available(pod, min_ready, self.clock):
                return min_ready
        if any(terminating(p) for p in condemned) and monotonic:
            return None  # one condemned pod at a time
        for pod in condemned:
            if terminating(pod):
                continue
            self._delete_pod(sts, pod)
            if monotonic:
                return None
        if monotonic and any(not _running_and_ready(slots[o]) for o in slots):
            return None
        strategy = spec.get("updateStrategy") or {}
        if strategy.get("type", "RollingUpdate") != "RollingUpdate":
            return requeue
        partition = (strategy.get("rollingUpdate") or {}).get("partition") or 0
        update_hash = update["metadata"]["name"]  # a StatefulSet's pods carry the revision's name
        for ordinal in range(start + replicas - 1, start + partition - 1, -1):
            pod = slots.get(ordinal)
            if pod is None:
                continue
            if (pod["metadata"].get("labels") or {}).get(REVISION_HASH_LABEL) != update_hash and not terminating(pod):
                self._delete_pod(sts, pod)
                return None
            if not _running_and_ready(pod) or terminating(pod):
                return None  # wait for the updated pod before touching the next one
        return requeue

    # writes
    def _create_pod(self, sts, ordinal, current, update):
        spec, meta = sts["spec"], sts["metadata"]
        strategy = spec.get("updateStrategy") or {}
        partition = (strategy.get("rollingUpdate") or {}).get("partition") or 0
        use_current = strategy.get("type", "RollingUpdate") == "RollingUpdate" and ordinal < partition
        revision = current if use_current else update
        template = copy.deepcopy(revision["data"]["spec"]["template"])
        template.pop("$patch", None)
        tmeta = template.get("metadata") or {}
        name = f"{meta['name']}-{ordinal}"
        labels = dict(tmeta.get("labels") or {})
        labels.update({REVISION_HASH_LABEL: revision["metadata"]["name"],
                       POD_NAME_LABEL: name, POD_INDEX_LABEL: str(ordinal)})
        pod_meta = {"name": name, "namespace": meta["namespace"], "labels": labels,
                    "ownerReferences": [history.owner_reference(sts)]}
        if tmeta.get("annotations"):
            pod_meta["annotations"] = dict(tmeta["annotations"])
        pod_spec = template.get("spec") or {}
        pod_spec["hostname"] = name
        if spec.get("serviceName"):
            pod_spec["subdomain"] = spec["serviceName"]
        claims = self._ensure_claims(sts, ordinal, name)
        if claims is None:
            return
        if claims:
            others = [v for v in pod_spec.get("volumes") or [] if v.get("name") not in claims]
            pod_spec["volumes"] = [{"name": tpl, "persistentVolumeClaim": {"claimName": claim}}
                                   for tpl, claim in claims.items()] + others
        try:
            self.server.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": pod_meta, "spec": pod_spec},
                               meta["namespace"])
        except ApiError as e:
            if e.code == 409:
                return
            self.recorder.event(sts, "Warning", "FailedCreate",
                                f"create Pod {name} in StatefulSet {meta['name']} failed error: {e.message}")
            raise
        self.recorder.event(sts, "Normal", "SuccessfulCreate", f"create Pod {name} in StatefulSet {meta['name']} successful")

    def _ensure_claims(self, sts, ordinal, pod_name):
        """Create the pod's missing PVCs; {template name: claim name}, or None when one failed."""
        spec, meta = sts["spec"], sts["metadata"]
        claims = {}
        policy = spec.get("persistentVolumeClaimRetentionPolicy") or {}
        for template in spec.get("volumeClaimTemplates") or []:
            tname = template["metadata"]["name"]
            claim_name = f"{tname}-{meta['name']}-{ordinal}"
            claims[tname] = claim_name
            if self.get("persistentvolumeclaims", claim_name, meta["namespace"]) is not None:
                continue
            labels = dict((template.get("metadata") or {}).get("labels") or {})
            labels.update((spec.get("selector") or {}).get("matchLabels") or {})
            claim_meta = {"name": claim_name, "namespace": meta["namespace"]}
            if labels:
                claim_meta["labels"] = labels
            if (template.get("metadata") or {}).get("annotations"):
                claim_meta["annotations"] = dict(template["metadata"]["annotations"])
            if policy.get("whenDeleted") == "Delete":
                claim_meta["ownerReferences"] = [history.owner_reference(sts)]
            claim = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": claim_meta,
                     "spec": copy.deepcopy(template.get("spec") or {})}
            try:
                self.server.create("persistentvolumeclaims", claim, meta["namespace"])
            except ApiError as e:
                if e.code == 409:
                    continue
                self.recorder.event(sts, "Warning", "FailedCreate",
                                    f"create Claim {claim_name} for Pod {pod_name} in StatefulSet {meta['name']} failed error: {e.message}")
                return None
            self.recorder.event(sts, "Normal", "SuccessfulCreate",
                                f"create Claim {claim_name} Pod {pod_name} in StatefulSet {meta['name']} success")
        return claims

    def _delete_pod(self, sts, pod):
        name, set_name = pod["metadata"]["name"], sts["metadata"]["name"]
        scaled_away = ordinal_of(set_name, pod) >= (sts["spec"].get("ordinals") or {}).get("start", 0) + sts["spec"].get("replicas", 1)
        if scaled_away and (sts["spec"].get("persistentVolumeClaimRetentionPolicy") or {}).get("whenScaled") == "Delete":
            self._claims_owned_by_pod(sts, pod)
        try:
            self.server.delete("pods", name, pod["metadata"]["namespace"])
        except ApiError as e:
            if e.code == 404:
                return
            self.recorder.event(sts, "Warning", "FailedDelete", f"delete Pod {name} in StatefulSet {set_name} failed error: {e.message}")
            raise
        self.recorder.event(sts, "Normal", "SuccessfulDelete", f"delete Pod {name} in StatefulSet {set_name} successful")

    def _claims_owned_by_pod(self, sts, pod):
        """whenScaled: Delete: a condemned pod's claims get the pod as owner, for the garbage collector."""
        ordinal = ordinal_of(sts["metadata"]["name"], pod)
        ref = {"apiVersion": "v1", "kind": "Pod", "name": pod["metadata"]["name"], "uid": pod["metadata"]["uid"],
               "controller": False, "blockOwnerDeletion": True}
        for template in sts["spec"].get("volumeClaimTemplates") or []:
            claim_name = f"{template['metadata']['name']}-{sts['metadata']['name']}-{ordinal}"
            claim = self.get("persistentvolumeclaims", claim_name, sts["metadata"]["namespace"])
            if claim is None:
                continue
            refs = [r for r in claim["metadata"].get("ownerReferences") or [] if r.get("uid") != ref["uid"]] + [ref]
            claim["metadata"]["ownerReferences"] = refs
            self.server.update("persistentvolumeclaims", claim, sts["metadata"]["namespace"])

    def _write_status(self, sts, pods, current, update, collision):
        min_ready = sts["spec"].get("minReadySeconds") or 0
        cur_hash, upd_hash = current["metadata"]["name"], update["metadata"]["name"]
        counts = {"replicas": 0, "readyReplicas": 0, "availableReplicas": 0, "currentReplicas": 0, "updatedReplicas": 0}
        for pod in pods:
            if (pod.get("status") or {}).get("phase"):
                counts["replicas"] += 1
            if _running_and_ready(pod):
                counts["readyReplicas"] += 1
                if pod_available(pod, min_ready, self.clock):
                    counts["availableReplicas"] += 1
            if (pod.get("status") or {}).get("phase") and not terminating(pod):
                revision = (pod["metadata"].get("labels") or {}).get(REVISION_HASH_LABEL)
                counts["currentReplicas"] += revision == cur_hash
                counts["updatedReplicas"] += revision == upd_hash
        status = {"observedGeneration": sts["metadata"].get("generation", 1), "replicas": counts["replicas"],
                  "availableReplicas": counts["availableReplicas"],
                  "currentRevision": current["metadata"]["name"], "updateRevision": update["metadata"]["name"],
                  "collisionCount": collision or 0}
        for field in ("readyReplicas", "currentReplicas", "updatedReplicas"):
            if counts[field]:
                status[field] = counts[field]
        rolling = (sts["spec"].get("updateStrategy") or {}).get("type", "RollingUpdate") == "RollingUpdate"
        replicas = sts["spec"].get("replicas", 1)
        if rolling and counts["updatedReplicas"] == replicas and counts["readyReplicas"] == replicas \
                and counts["replicas"] == replicas:
            status["currentRevision"] = status["updateRevision"]
            if counts["updatedReplicas"]:
                status["currentReplicas"] = counts["updatedReplicas"]
        old = sts.get("status") or {}
        if old.get("conditions"):
            status["conditions"] = old["conditions"]
        if status == old:
            return
        try:
            self.server.update("statefulsets", dict(sts, status=status), sts["metadata"]["namespace"], subresource="status")
        except ApiError as e:
            if e.code != 404:
                raise
