"""The ReplicaSet and ReplicationController controllers (pkg/controller/replicaset): one reconciler
for two kinds, creating and deleting pods in slow-start batches to match spec.replicas."""
import copy
import math

from ..api.errors import ApiError
from ..api.selectors import from_label_selector, matches
from ..events import EventRecorder
from .base import Controller, controller_ref, split_key, terminating_namespace

BURST_REPLICAS = 500
SLOW_START_INITIAL_BATCH = 1
EXPECTATIONS_TIMEOUT = 300  # ExpectationsTimeout: expectations older than 5 minutes are ignored
DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"


# pod helpers shared with the deployment controller
def ready_condition(pod):
    for condition in (pod.get("status") or {}).get("conditions") or ():
        if condition.get("type") == "Ready":
            return condition
    return None


def is_ready(pod):
    cond = ready_condition(pod)
    return bool(cond and cond.get("status") == "True")


def is_available(pod, min_ready_seconds, now, clock):
    """IsPodAvailable: Ready, and Ready for more than minReadySeconds."""
    if not is_ready(pod):
        return False
    if not min_ready_seconds:
        return True
    since = ready_condition(pod).get("lastTransitionTime")
    return bool(since) and clock.parse(since) + min_ready_seconds < now


def is_active(pod):
    """FilterActivePods: not Succeeded or Failed, not being deleted."""
    return (pod.get("status") or {}).get("phase") not in ("Succeeded", "Failed") \
        and not pod["metadata"].get("deletionTimestamp")


def selector_reqs(obj):
    """The selector of a ReplicaSet (LabelSelector) or ReplicationController (a map) as requirements."""
    selector = (obj.get("spec") or {}).get("selector")
    if obj["kind"] == "ReplicationController":
        return [(k, "=", (v,)) for k, v in sorted((selector or {}).items())] if selector else None
    return from_label_selector(selector)


def new_controller_ref(owner):
    return {"apiVersion": owner["apiVersion"], "kind": owner["kind"], "name": owner["metadata"]["name"],
            "uid": owner["metadata"]["uid"], "controller": True, "blockOwnerDeletion": True}


class Expectations:
    """ControllerExpectations: creations and deletions a sync made that the watch has not shown yet."""

    def __init__(self, clock):
        self.clock, self._pending = clock, {}

    def expect(self, key, adds=0, dels=0):
        self._pending[key] = [adds, dels, self.clock.now]

    def observe(self, key, adds=0, dels=0):
        entry = self._pending.get(key)
        if entry:
            entry[0] -= adds
            entry[1] -= dels

    def satisfied(self, key):
        entry = self._pending.get(key)
        return entry is None or (entry[0] <= 0 and entry[1] <= 0) or self.clock.now - entry[2] > EXPECTATIONS_TIMEOUT

    def forget(self, key):
        self._pending.pop(key, None)


class PodIndex:
    """The pods the watch has shown, by the uid of their controller, and the orphans of each
    namespace: what an informer's indexer answers (objects are shared: read them, never change them)."""

    def __init__(self):
        self.by_owner = {}  # controller uid -> {name: pod}
        self.orphans = {}  # namespace -> {name: pod}
        self._where = {}  # (namespace, name) -> the dict holding the pod

    def update(self, kind, pod):
        meta = pod["metadata"]
        key = (meta["namespace"], meta["name"])
        where = self._where.pop(key, None)
        if where is not None:
            where.pop(meta["name"], None)
        if kind == "DELETED":
            return
        ref = controller_ref(pod)
        where = self.by_owner.setdefault(ref["uid"], {}) if ref else self.orphans.setdefault(meta["namespace"], {})
        where[meta["name"]] = pod
        self._where[key] = where


class ReplicaSetController(Controller):
    name = "replicaset"
    resource = "replicasets.apps"
    component = "replicaset-controller"

    def setup(self):
        self.recorder = EventRecorder(self.server, self.clock, self.component)
        self.expectations = Expectations(self.clock)
        self.pods = PodIndex()
        self.uids = {}  # uid -> key of the owners of this kind
        self.by_controller = {}  # uid of a Deployment -> uids of the owners it controls
        self.controller_of = {}
        self.watch(self.resource, self._owner_event)
        self.watch("pods", self._pod_event)

    # event handlers
    def _owner_event(self, kind, obj):
        key, uid = f"{obj['metadata']['namespace']}/{obj['metadata']['name']}", obj["metadata"]["uid"]
        previous = self.controller_of.pop(uid, None)
        if previous is not None:
            self.by_controller[previous].discard(uid)
        if kind == "DELETED":
            self.uids.pop(uid, None)
            self.expectations.forget(key)
        else:
            self.uids[uid] = key
            ref = controller_ref(obj)
            if ref:
                self.by_controller.setdefault(ref["uid"], set()).add(uid)
                self.controller_of[uid] = ref["uid"]
        self.enqueue(key)

    def _pod_event(self, kind, pod):
        meta = pod["metadata"]
        self.pods.update(kind, pod)
        ref = controller_ref(pod)
        key = self.uids.get(ref["uid"]) if ref and ref.get("kind") == self._kind() else None
        if ref is None and kind != "DELETED":
            for owner in self._owners_matching(pod):
                self.enqueue(owner)
            return
        if key is None:
            return
        if kind == "ADDED" and not meta.get("deletionTimestamp"):
            self.expectations.observe(key, adds=1)
        elif kind == "DELETED" or (kind == "MODIFIED" and meta.get("deletionTimestamp")):
            self.expectations.observe(key, dels=1)
        self.enqueue(key)

    def _kind(self):
        return "ReplicaSet"

    def _owners_matching(self, pod):
        """getPodReplicaSets: owners in the pod's namespace whose selector matches its labels."""
        namespace, labels = pod["metadata"]["namespace"], pod["metadata"].get("labels") or {}
        if not labels:
            return []
        found = []
        for owner in self.server.list(self.resource, namespace)["items"]:
            reqs = selector_reqs(owner)
            if reqs and matches(reqs, labels):
                found.append(f"{namespace}/{owner['metadata']['name']}")
        return found

    # reconcile
    def sync(self, key):
        namespace, name = split_key(key)
        rs = self.get(self.resource, name, namespace)
        if rs is None:
            self.expectations.forget(key)
            return None
        needs_sync = self.expectations.satisfied(key)
        pods = self._claim_pods(rs)
        error = None
        if needs_sync and not rs["metadata"].get("deletionTimestamp"):
            error = self._manage(rs, pods, key)
        rs = self._update_status(rs, pods, error)
        if error is not None:
            raise error
        spec, status = rs.get("spec") or {}, rs.get("status") or {}
        min_ready = spec.get("minReadySeconds") or 0
        if min_ready and status.get("readyReplicas", 0) == spec.get("replicas", 1) \
                and status.get("availableReplicas", 0) != spec.get("replicas", 1):
            return min_ready
        return None

    def _claim_pods(self, rs):
        """ClaimPods: active pods this owner controls and keeps, adopting orphans that match and
        releasing its pods whose labels stopped matching."""
        meta, reqs = rs["metadata"], selector_reqs(rs)
        namespace, uid = meta["namespace"], meta["uid"]
        candidates = dict(self.pods.by_owner.get(uid) or {})
        if reqs:
            for name, pod in (self.pods.orphans.get(namespace) or {}).items():
                if matches(reqs, pod["metadata"].get("labels")):
                    candidates[name] = pod
        claimed = []
        for name in sorted(candidates):
            pod = candidates[name]
            if not is_active(pod):
                continue
            ref = controller_ref(pod)
            selected = bool(reqs) and matches(reqs, pod["metadata"].get("labels"))
            if ref is not None:
                if ref["uid"] != uid:
                    continue
                if selected:
                    claimed.append(pod)
                elif not meta.get("deletionTimestamp"):
                    self._release(pod, uid)
                continue
            if selected and not meta.get("deletionTimestamp") and self._can_adopt(rs):
                adopted = self._adopt(pod, rs)
                if adopted is not None:
                    claimed.append(adopted)
        return claimed

    def _can_adopt(self, rs):
        """RecheckDeletionTimestamp: a fresh read, so a deleted or recreated owner adopts nothing."""
        fresh = self.get(self.resource, rs["metadata"]["name"], rs["metadata"]["namespace"])
        return fresh is not None and fresh["metadata"]["uid"] == rs["metadata"]["uid"] \
            and not fresh["metadata"].get("deletionTimestamp")

    def _adopt(self, pod, owner):
        refs = list(pod["metadata"].get("ownerReferences") or []) + [new_controller_ref(owner)]
        return self._patch_refs(pod, refs)

    def _release(self, pod, uid):
        refs = [r for r in pod["metadata"].get("ownerReferences") or [] if r.get("uid") != uid]
        return self._patch_refs(pod, refs)

    def _patch_refs(self, pod, refs):
        patch = {"metadata": {"ownerReferences": refs or None, "uid": pod["metadata"]["uid"]}}
        try:
            return self.server.patch("pods", pod["metadata"]["name"], patch, "application/merge-patch+json",
                                     namespace=pod["metadata"]["namespace"])
        except ApiError as e:
            if e.code in (404, 409, 422):
                return None
            raise

    def _manage(self, rs, pods, key):
        """manageReplicas: the difference between wanted and active pods, created or deleted."""
        want = (rs.get("spec") or {}).get("replicas", 1)
        diff = len(pods) - want
        if diff < 0:
            count = min(-diff, BURST_REPLICAS)
            self.expectations.expect(key, adds=count)
            created, error = self._slow_start(count, lambda: self._create_pod(rs))
            if count - created:
                self.expectations.observe(key, adds=count - created)
            return error
        if diff > 0:
            count = min(diff, BURST_REPLICAS)
            victims = self._pods_to_delete(rs, pods, count)
            self.expectations.expect(key, dels=count)
            error = None
            for pod in victims:
                try:
                    self.server.delete("pods", pod["metadata"]["name"], pod["metadata"]["namespace"])
                    self.recorder.event(rs, "Normal", "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}")
                except ApiError as e:
                    self.expectations.observe(key, dels=1)
                    if e.code != 404:
                        self.recorder.event(rs, "Warning", "FailedDelete", f"Error deleting: {e.message}")
                        error = error or e
            return error
        return None

    def _slow_start(self, count, create):
        """slowStartBatch: batches of 1, 2, 4, ... until one fails; the number created and the error."""
        done, batch, error = 0, min(count, SLOW_START_INITIAL_BATCH), None
        while batch > 0:
            failed = 0
            for _ in range(batch):
                e = create()
                if e is None:
                    done += 1
                else:
                    failed += 1
                    error = error or e
            if failed:
                break
            batch = min(2 * batch, count - done)
        return done, error

    def _create_pod(self, rs):
        template = (rs.get("spec") or {}).get("template") or {}
        tmeta = template.get("metadata") or {}
        meta = {"generateName": f"{rs['metadata']['name']}-", "namespace": rs["metadata"]["namespace"],
                "ownerReferences": [new_controller_ref(rs)]}
        for field in ("labels", "annotations", "finalizers"):
            if tmeta.get(field):
                meta[field] = copy.deepcopy(tmeta[field])
        pod = {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": copy.deepcopy(template.get("spec") or {})}
        try:
            created = self.server.create("pods", pod)
        except ApiError as e:
            if terminating_namespace(e):
                return None
            self.recorder.event(rs, "Warning", "FailedCreate", f"Error creating: {e.message}")
            return e
        self.recorder.event(rs, "Normal", "SuccessfulCreate", f"Created pod: {created['metadata']['name']}")
        return None

    def _pods_to_delete(self, rs, pods, count):
        """getPodsToDelete: the lowest-ranked pods, ranking by co-located pods of related owners."""
        if count >= len(pods):
            return pods
        related = self._related_pods(rs, pods)
        per_node = {}
        for pod in related:
            node = (pod.get("spec") or {}).get("nodeName")
            if node and is_active(pod):
                per_node[node] = per_node.get(node, 0) + 1
        now = self.clock.now
        ranked = sorted(pods, key=lambda p: deletion_rank(p, per_node.get((p.get("spec") or {}).get("nodeName"), 0),
                                                          now, self.clock))
        return ranked[:count]

    def _related_pods(self, rs, pods):
        """getIndirectlyRelatedPods: pods of every ReplicaSet sharing this one's controller."""
        ref = controller_ref(rs)
        if ref is None:
            return pods
        out = []
        for uid in self._siblings(ref["uid"], rs["metadata"]["namespace"]):
            out.extend((self.pods.by_owner.get(uid) or {}).values())
        return out

    def _siblings(self, owner_uid, namespace):
        return sorted(self.by_controller.get(owner_uid, ()))

    def _update_status(self, rs, pods, error):
        """calculateStatus + updateReplicaSetStatus: counts, observedGeneration, ReplicaFailure."""
        spec = rs.get("spec") or {}
        template_labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
        min_ready, now = spec.get("minReadySeconds") or 0, self.clock.now
        labeled = ready = available = 0
        wanted = template_labels.items()
        for pod in pods:
            labels = pod["metadata"].get("labels") or {}
            labeled += wanted <= labels.items()
            cond = ready_condition(pod)
            if cond and cond.get("status") == "True":
                ready += 1
                since = cond.get("lastTransitionTime")
                available += not min_ready or bool(since) and self.clock.parse(since) + min_ready < now
        old = rs.get("status") or {}
        conditions = [dict(c) for c in old.get("conditions") or []]
        failure = next((c for c in conditions if c.get("type") == "ReplicaFailure"), None)
        if error is not None and failure is None:
            reason = "FailedCreate" if len(pods) < spec.get("replicas", 1) else "FailedDelete"
            conditions.append({"type": "ReplicaFailure", "status": "True", "lastTransitionTime": self.clock.timestamp(),
                               "reason": reason, "message": error.message})
        elif error is None and failure is not None:
            conditions = [c for c in conditions if c.get("type") != "ReplicaFailure"]
        status = {"replicas": len(pods), "fullyLabeledReplicas": labeled, "readyReplicas": ready,
                  "availableReplicas": available, "observedGeneration": rs["metadata"].get("generation"),
                  "conditions": conditions}
        status = {k: v for k, v in status.items() if v or k == "replicas"}
        if status == old:
            return rs
        return self.server.update(self.resource, dict(rs, status=status), subresource="status")


class ReplicationControllerController(ReplicaSetController):
    """pkg/controller/replication: the ReplicaSet controller run on v1 ReplicationControllers."""
    name = "replicationcontroller"
    resource = "replicationcontrollers"
    component = "replication-controller"

    def _kind(self):
        return "ReplicationController"


def deletion_rank(pod, colocated, now, clock):
    """ActivePodsWithRanks.Less as a sort key: the pod sorted first is deleted first."""
    spec, status, meta = pod.get("spec") or {}, pod.get("status") or {}, pod["metadata"]
    phase_rank = {"Pending": 0, "Unknown": 1, "Running": 2}.get(status.get("phase"), 0)
    ready = is_ready(pod)
    try:
        cost = int((meta.get("annotations") or {}).get(DELETION_COST, 0))
    except ValueError:
        cost = 0
    ready_since = clock.parse(ready_condition(pod)["lastTransitionTime"]) \
        if ready and ready_condition(pod).get("lastTransitionTime") else None
    restarts = max([c.get("restartCount", 0) for c in status.get("containerStatuses") or []] or [0])
    created = clock.parse(meta["creationTimestamp"]) if meta.get("creationTimestamp") else None
    return (1 if spec.get("nodeName") else 0, phase_rank, 1 if ready else 0, cost, -colocated,
            _log_bucket(ready_since, now) if ready else 0, -restarts, _log_bucket(created, now), meta.get("uid", ""))


def _log_bucket(since, now):
    """logarithmicRankDiff: younger first, by the power of two of their age in nanoseconds (a zero
    time sorts before every other)."""
    if since is None:
        return -2
    age = round((now - since) * 1e9)
    return int(math.log2(age)) if age > 0 else -1
