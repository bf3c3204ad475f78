"""The disruption controller (pkg/controller/disruption): keeps each PodDisruptionBudget's status
(healthy, desired and expected pods, disruptions allowed, DisruptionAllowed) for the eviction API.

It also resets a DisruptionTarget condition left on a pod that was never deleted (after 2 minutes)."""

from ..api.errors import ApiError
from ..api.intstr import scaled_value
from ..api.selectors import from_label_selector, matches
from ..events import EventRecorder
from .base import Controller, controller_ref, split_key
from .replicaset import is_ready

DELETION_TIMEOUT = 120  # a pod in disruptedPods not deleted within 2 minutes counts again
STALE_POD_DISRUPTION_TIMEOUT = 120
POD_KEY = "pod:"  # stale-condition keys share the work queue with PDB keys


class SyncError(Exception):
    """A sync that cannot compute the status: the PDB fails safe (SyncFailed, no disruptions)."""


def pdb_selects(pdb, pod, empty_matches_all):
    """Whether the PDB's selector matches the pod; an empty selector matches everything for the
    controller's pod list and nothing for a pod looking up its PDBs (GetPodPodDisruptionBudgets)."""
    reqs = from_label_selector((pdb.get("spec") or {}).get("selector"))
    if reqs is None or (not reqs and not empty_matches_all):
        return False
    return matches(reqs, pod["metadata"].get("labels") or {})


def pdbs_for_pod(pdbs, pod):
    """The PDBs of the pod's namespace that select it (a pod without labels has none)."""
    if not pod["metadata"].get("labels"):
        return []
    namespace = pod["metadata"].get("namespace")
    return [p for p in pdbs if p["metadata"]["namespace"] == namespace and pdb_selects(p, pod, False)]


def set_condition(conditions, condition, now):
    """meta.SetStatusCondition: lastTransitionTime moves only when the status changes."""
    for existing in conditions:
        if existing["type"] == condition["type"]:
            if existing["status"] != condition["status"]:
                existing["status"] = condition["status"]
                existing["lastTransitionTime"] = now
            existing["reason"], existing["message"] = condition["reason"], condition["message"]
            existing.pop("observedGeneration", None)
            if condition.get("observedGeneration"):
                existing["observedGeneration"] = condition["observedGeneration"]
            return
    new = {"type": condition["type"], "status": condition["status"]}
    if condition.get("observedGeneration"):
        new["observedGeneration"] = condition["observedGeneration"]
    new.update({"lastTransitionTime": now, "reason": condition["reason"], "message": condition["message"]})
    conditions.append(new)


def update_disruption_allowed_condition(status, now):
    """pdbhelper.UpdateDisruptionAllowedCondition: SufficientPods or InsufficientPods."""
    allowed = status.get("disruptionsAllowed", 0) > 0
    set_condition(status.setdefault("conditions", []), {
        "type": "DisruptionAllowed", "status": "True" if allowed else "False",
        "reason": "SufficientPods" if allowed else "InsufficientPods", "message": "",
        "observedGeneration": status.get("observedGeneration", 0)}, now)


def conditions_up_to_date(pdb):
    status = pdb.get("status") or {}
    cond = next((c for c in status.get("conditions") or [] if c.get("type") == "DisruptionAllowed"), None)
    if cond is None or status.get("observedGeneration", 0) != pdb["metadata"].get("generation", 0):
        return False
    if status.get("disruptionsAllowed", 0) > 0:
        return cond["status"] == "True" and cond["reason"] == "SufficientPods"
    return cond["status"] == "False" and cond["reason"] == "InsufficientPods"


def go_label_selector(selector):
    """A *metav1.LabelSelector as Go's %v prints it (the generated String())."""
    labels = "".join(f"{k}: {v}," for k, v in sorted((selector.get("matchLabels") or {}).items()))
    exprs = "".join(f"LabelSelectorRequirement{{Key:{e.get('key', '')},Operator:{e.get('operator', '')},"
                    f"Values:[]string{{{','.join(e.get('values') or [])},}},}},"
                    for e in selector.get("matchExpressions") or [])
    return (f"&LabelSelector{{MatchLabels:map[string]string{{{labels}}},"
            f"MatchExpressions:[]LabelSelectorRequirement{{{exprs}}},}}")


class DisruptionController(Controller):
    name = "disruption"
    component = "controllermanager"

    def setup(self):
        self.recorder = EventRecorder(self.server, self.clock, self.component)
        self.pdbs = {}  # key -> the PDB as last watched
        self.watch("poddisruptionbudgets.policy", self._pdb_event)
        self.watch("pods", self._pod_event)

    # event handlers
    def _pdb_event(self, kind, pdb):
        key = f"{pdb['metadata']['namespace']}/{pdb['metadata']['name']}"
        if kind == "DELETED":
            self.pdbs.pop(key, None)
        else:
            self.pdbs[key] = pdb
        self.enqueue(key)

    def _pod_event(self, kind, pod):
        pdb = self._pdb_for_pod(pod)
        if pdb is not None:
            self.enqueue(f"{pdb['metadata']['namespace']}/{pdb['metadata']['name']}")
        if kind != "DELETED":
            stale, after = self._stale_disruption_condition(pod)
            if stale:
                self.enqueue_after(POD_KEY + f"{pod['metadata']['namespace']}/{pod['metadata']['name']}", after)

    def _pdb_for_pod(self, pod):
        pdbs = pdbs_for_pod(sorted(self.pdbs.values(), key=lambda p: p["metadata"]["name"]), pod)
        if not pdbs:
            return None
        if len(pdbs) > 1:
            meta = pod["metadata"]
            self.recorder.event(pod, "Warning", "MultiplePodDisruptionBudgets",
                                f'Pod "{meta["namespace"]}"/"{meta["name"]}" matches multiple PodDisruptionBudgets.  '
                                f'Chose "{pdbs[0]["metadata"]["name"]}" arbitrarily.')
        return pdbs[0]

    # reconcile
    def sync(self, key):
        if key.startswith(POD_KEY):
            return self._sync_stale_pod_disruption(key[len(POD_KEY):])
        namespace, name = split_key(key)
        pdb = self.get("poddisruptionbudgets.policy", name, namespace)
        if pdb is None:
            return None
        try:
            return self._try_sync(pdb)
        except SyncError as e:
            self._fail_safe(pdb, str(e))
            return None

    def _try_sync(self, pdb):
        pods = self._pods_for_pdb(pdb)
        if not pods:
            self.recorder.event(pdb, "Normal", "NoPods", "No matching pods found")
        try:
            expected, desired, unmanaged = self._expected_pod_count(pdb, pods)
        except SyncError as e:
            self.recorder.event(pdb, "Warning", "CalculateExpectedPodCountFailed",
                                f"Failed to calculate the number of expected pods: {e}")
            raise
        if unmanaged:
            self.recorder.event(pdb, "Warning", "UnmanagedPods",
                                f"Pods selected by this PodDisruptionBudget (selector: "
                                f"{go_label_selector(pdb['spec'].get('selector') or {})}) were found to be unmanaged. "
                                "As a result, the status of the PDB cannot be calculated correctly, which may result "
                                "in undefined behavior. To account for these pods please set \".spec.minAvailable\" "
                                "field of the PDB to an integer value.")
        now = self.clock.now
        disrupted, recheck = self._build_disrupted_pod_map(pods, pdb, now)
        healthy = self._count_healthy(pods, disrupted, now)
        self._update_status(pdb, healthy, desired, expected, disrupted)
        return recheck - now if recheck is not None else None

    def _pods_for_pdb(self, pdb):
        reqs = from_label_selector((pdb.get("spec") or {}).get("selector"))
        if reqs is None:
            return []
        return self.server.list("pods", pdb["metadata"]["namespace"], label_selector=reqs)["items"]

    def _expected_pod_count(self, pdb, pods):
        """(expectedPods, desiredHealthy, unmanaged pod names) from minAvailable or maxUnavailable."""
        spec = pdb.get("spec") or {}
        if spec.get("maxUnavailable") is not None:
            expected, unmanaged = self._expected_scale(pods)
            return expected, max(0, expected - scaled_value(spec["maxUnavailable"], expected, True)), unmanaged
        if spec.get("minAvailable") is not None:
            if isinstance(spec["minAvailable"], int):
                return len(pods), spec["minAvailable"], []
            expected, unmanaged = self._expected_scale(pods)
            return expected, scaled_value(spec["minAvailable"], expected, True), unmanaged
        return 0, 0, []

    def _expected_scale(self, pods):
        """The sum of the scales of the pods' controllers, each counted once."""
        scales, unmanaged = {}, []
        for pod in pods:
            ref = controller_ref(pod)
            if ref is None:
                unmanaged.append(pod["metadata"]["name"])
                continue
            if ref["uid"] in scales:
                continue
            found = self._controller_scale(ref, pod["metadata"]["namespace"])
            if found is None:
                raise SyncError(f'found no controllers for pod "{pod["metadata"]["name"]}"')
            scales[found[0]] = found[1]
        return sum(scales.values()), unmanaged

    def _controller_scale(self, ref, namespace):
        """(uid, replicas) of the controller: a Deployment through its ReplicaSet, else the scale subresource."""
        group = ref.get("apiVersion", "").rpartition("/")[0]
        if ref["kind"] == "ReplicaSet" and group in ("apps", "extensions"):
            rs = self.get("replicasets.apps", ref["name"], namespace)
            if rs is None or rs["metadata"]["uid"] != ref["uid"]:
                return None
            owner = controller_ref(rs)
            if owner is None:
                return rs["metadata"]["uid"], rs["spec"].get("replicas", 1)
            if owner["kind"] != "Deployment":
                return None
            deployment = self.get("deployments.apps", owner["name"], namespace)
            if deployment is None or deployment["metadata"]["uid"] != owner["uid"]:
                return None
            return deployment["metadata"]["uid"], deployment["spec"].get("replicas", 1)
        resource = self.server.registry.by_kind(ref.get("apiVersion", ""), ref["kind"])
        if resource is None:
            raise SyncError(f'no matches for kind "{ref["kind"]}" in group "{group}"')
        if "scale" not in resource.subresources:
            name = f"{resource.plural}.{resource.group}" if resource.group else resource.plural
            raise SyncError(f"{name} does not implement the scale subresource")
        try:
            scale = self.server.get_scale(resource, ref["name"], namespace)
        except ApiError as e:
            if e.code == 404:
                return None
            raise
        if scale["metadata"].get("uid") != ref["uid"]:
            return None
        return ref["uid"], scale["spec"].get("replicas", 0)

    def _build_disrupted_pod_map(self, pods, pdb, now):
        """disruptedPods kept for pods not yet deleted within the deletion timeout, and when to look again."""
        listed = (pdb.get("status") or {}).get("disruptedPods") or {}
        result, recheck = {}, None
        for pod in pods:
            meta = pod["metadata"]
            if meta.get("deletionTimestamp") or meta["name"] not in listed:
                continue
            expected_deletion = self.clock.parse(listed[meta["name"]]) + DELETION_TIMEOUT
            if expected_deletion <= now:  # (real time has always moved on a little by the recheck)
                self.recorder.event(pod, "Warning", "NotDeleted",
                                    # the controller prints the namespace twice
                                    f"Pod was expected by PDB {pdb['metadata']['namespace']}/"
                                    f"{pdb['metadata']['namespace']} to be deleted but it wasn't")
            else:
                recheck = expected_deletion if recheck is None else min(recheck, expected_deletion)
                result[meta["name"]] = listed[meta["name"]]
        return result, recheck

    def _count_healthy(self, pods, disrupted, now):
        healthy = 0
        for pod in pods:
            name = pod["metadata"]["name"]
            if pod["metadata"].get("deletionTimestamp"):
                continue
            if name in disrupted and self.clock.parse(disrupted[name]) + DELETION_TIMEOUT > now:
                continue
            healthy += is_ready(pod)
        return healthy

    def _update_status(self, pdb, healthy, desired, expected, disrupted):
        allowed = healthy - desired
        if expected <= 0 or allowed <= 0:
            allowed = 0
        status = pdb.get("status") or {}
        generation = pdb["metadata"].get("generation", 0)
        if (status.get("currentHealthy", 0), status.get("desiredHealthy", 0), status.get("expectedPods", 0),
                status.get("disruptionsAllowed", 0), status.get("disruptedPods") or {},
                status.get("observedGeneration", 0)) == (healthy, desired, expected, allowed, disrupted, generation) \
                and conditions_up_to_date(pdb):
            return
        new = {"observedGeneration": generation}
        if disrupted:
            new["disruptedPods"] = disrupted
        new.update({"disruptionsAllowed": allowed, "currentHealthy": healthy, "desiredHealthy": desired,
                    "expectedPods": expected, "conditions": [dict(c) for c in status.get("conditions") or []]})
        update_disruption_allowed_condition(new, self.clock.timestamp())
        self._write_status(pdb, new)

    def _fail_safe(self, pdb, message):
        """Set disruptionsAllowed to 0 and DisruptionAllowed False/SyncFailed when the status cannot be computed."""
        status = dict(pdb.get("status") or {})
        status["disruptionsAllowed"] = 0
        status["conditions"] = [dict(c) for c in status.get("conditions") or []]
        set_condition(status["conditions"], {"type": "DisruptionAllowed", "status": "False", "reason": "SyncFailed",
                                             "message": message,
                                             "observedGeneration": status.get("observedGeneration", 0)},
                      self.clock.timestamp())
        self._write_status(pdb, status)

    def _write_status(self, pdb, status):
        updated = dict(pdb, status=status)
        self.server.update("poddisruptionbudgets.policy", updated, subresource="status")

    # stale DisruptionTarget conditions
    def _stale_disruption_condition(self, pod):
        """(stale, seconds left): a True DisruptionTarget on a live, non-terminal pod not set by the kubelet."""
        if pod["metadata"].get("deletionTimestamp"):
            return False, 0
        status = pod.get("status") or {}
        cond = next((c for c in status.get("conditions") or [] if c.get("type") == "DisruptionTarget"), None)
        if cond is None or cond.get("status") != "True" or cond.get("reason") == "TerminationByKubelet" \
                or status.get("phase") in ("Succeeded", "Failed"):
            return False, 0
        since = self.clock.parse(cond["lastTransitionTime"]) if cond.get("lastTransitionTime") else self.clock.now
        return True, max(0.0, STALE_POD_DISRUPTION_TIMEOUT - (self.clock.now - since))

    def _sync_stale_pod_disruption(self, key):
        namespace, name = split_key(key)
        pod = self.get("pods", name, namespace)
        if pod is None:
            return None
        stale, after = self._stale_disruption_condition(pod)
        if not stale:
            return None
        if after > 0:
            return after
        for cond in pod["status"]["conditions"]:
            if cond.get("type") == "DisruptionTarget":
                cond["status"] = "False"
                cond["lastTransitionTime"] = self.clock.timestamp()
                cond.pop("reason", None)
                cond.pop("message", None)
        self.server.update("pods", pod, subresource="status")
        return None
