"""The DaemonSet controller (pkg/controller/daemon): one pod per eligible node, pinned to it by node
affinity on metadata.name with the daemon tolerations added; RollingUpdate (maxUnavailable, maxSurge)
and OnDelete through ControllerRevisions; the status counters kubectl shows."""
import copy

from ..api.errors import ApiError
from ..api.intstr import scaled_value
from ..api.selectors import from_label_selector, matches
from ..events import EventRecorder
from ..scheduler.plugins.helpers import any_term_matches, first_untolerated
from .base import Controller, controller_ref, split_key
from . import history
from .replicaset import PodIndex
from .history import REVISION_HASH_LABEL, pod_available, pod_ready, terminating

TEMPLATE_GENERATION_LABEL = "pod-template-generation"
TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation"
FAILED_POD_BACKOFF = 1.0  # failedPodsBackoff: 1 s doubling to 15 min
MAX_FAILED_POD_BACKOFF = 900.0


def daemon_tolerations(pod_spec):
    """util.AddOrUpdateDaemonPodTolerations: the taints a daemon pod rides out."""
    wanted = [("node.kubernetes.io/not-ready", "NoExecute"), ("node.kubernetes.io/unreachable", "NoExecute"),
              ("node.kubernetes.io/disk-pressure", "NoSchedule"), ("node.kubernetes.io/memory-pressure", "NoSchedule"),
              ("node.kubernetes.io/pid-pressure", "NoSchedule"), ("node.kubernetes.io/unschedulable", "NoSchedule")]
    if pod_spec.get("hostNetwork"):
        wanted.append(("node.kubernetes.io/network-unavailable", "NoSchedule"))
    tolerations = list(pod_spec.get("tolerations") or [])
    for key, effect in wanted:
        toleration = {"key": key, "operator": "Exists", "effect": effect}
        if not any(t.get("key") == key and t.get("operator") == "Exists" and t.get("effect") == effect
                   and not t.get("tolerationSeconds") for t in tolerations):
            tolerations = [t for t in tolerations if not (t.get("key") == key and t.get("effect") == effect)]
            tolerations.append(toleration)
    pod_spec["tolerations"] = tolerations


def pin_to_node(pod_spec, node_name):
    """ReplaceDaemonSetPodNodeNameNodeAffinity: the required node selector becomes metadata.name In [node]."""
    term = {"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node_name]}]}
    affinity = pod_spec.setdefault("affinity", {})
    node_affinity = affinity.setdefault("nodeAffinity", {})
    required = node_affinity.setdefault("requiredDuringSchedulingIgnoredDuringExecution", {})
    required["nodeSelectorTerms"] = [term]


def target_node(pod):
    """GetTargetNodeName: spec.nodeName, or the node the metadata.name affinity pins it to."""
    if pod["spec"].get("nodeName"):
        return pod["spec"]["nodeName"]
    terms = ((((pod["spec"].get("affinity") or {}).get("nodeAffinity") or {})
              .get("requiredDuringSchedulingIgnoredDuringExecution") or {}).get("nodeSelectorTerms") or [])
    for term in terms:
        for field in term.get("matchFields") or []:
            if field.get("key") == "metadata.name" and field.get("operator") == "In" and len(field.get("values") or []) == 1:
                return field["values"][0]
    return None


def node_should_run(ds, node):
    """NodeShouldRunDaemonPod: (should run, should continue running) for the DaemonSet's pod on `node`."""
    spec = ds["spec"]["template"].get("spec") or {}
    meta = node["metadata"]
    if spec.get("nodeName") and spec["nodeName"] != meta["name"]:
        return False, False
    labels = meta.get("labels") or {}
    if any(labels.get(k) != v for k, v in (spec.get("nodeSelector") or {}).items()):
        return False, False
    required = (((spec.get("affinity") or {}).get("nodeAffinity") or {})
                .get("requiredDuringSchedulingIgnoredDuringExecution"))
    if required and not any_term_matches(required.get("nodeSelectorTerms") or [], labels, meta["name"]):
        return False, False
    taints = (node.get("spec") or {}).get("taints") or []
    if not taints:
        return True, True
    tolerations = _tolerations_of(ds)
    should_run = first_untolerated(taints, tolerations, ("NoSchedule", "NoExecute")) is None
    should_continue = first_untolerated(taints, tolerations, ("NoExecute",)) is None
    return should_run, should_continue


def _tolerations_of(ds):
    spec = ds["spec"]["template"].get("spec") or {}
    probe = {"tolerations": spec.get("tolerations"), "hostNetwork": spec.get("hostNetwork")}
    daemon_tolerations(probe)
    return probe["tolerations"]


def _terminal(pod):
    return (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")


class DaemonSetController(Controller):
    name = "daemonset"

    def setup(self):
        self.recorder = EventRecorder(self.server, self.clock, "daemonset-controller")
        self._failed_backoff = {}  # (ds uid, node) -> (delay, until)
        # what the informers' listers answer: read these shared objects, never change them
        self.pods, self.nodes, self._sorted_nodes = PodIndex(), {}, None
        self._should_run = {}  # (ds uid, ds generation, node name) -> (node resourceVersion, verdict)
        self.watch("daemonsets", self._ds_event)
        self.watch("pods", self._pod_event)
        self.watch("nodes", self._node_event)

    def _ds_event(self, kind, ds):
        if kind != "DELETED":
            self.enqueue(f"{ds['metadata']['namespace']}/{ds['metadata']['name']}")

    def _pod_event(self, kind, pod):
        self.pods.update(kind, pod)
        ref = controller_ref(pod)
        if ref and ref.get("kind") == "DaemonSet":
            self.enqueue(f"{pod['metadata']['namespace']}/{ref['name']}")

    def _node_event(self, kind, node):
        name = node["metadata"]["name"]
        if kind == "DELETED":
            self.nodes.pop(name, None)
        else:
            self.nodes[name] = node
        if kind != "MODIFIED":
            self._sorted_nodes = None
        for ds in self.server.list("daemonsets")["items"]:
            self._ds_event("MODIFIED", ds)

    # sync
    def sync(self, key):
        namespace, name = split_key(key)
        ds = self.get("daemonsets", name, namespace)
        if ds is None or ds["metadata"].get("deletionTimestamp"):
            return None
        revisions = history.owned_revisions(self.server, ds)
        labels = (ds["spec"]["template"].get("metadata") or {}).get("labels")
        current, collision = history.ensure_revision(self.server, ds, revisions, labels)
        nodes = self._node_list()
        requeue = self._manage(ds, nodes, self._pods_by_node(ds), current)
        if (ds["spec"].get("updateStrategy") or {}).get("type", "RollingUpdate") == "RollingUpdate":
            self._rolling_update(ds, nodes, self._pods_by_node(ds), current)
        by_node = self._pods_by_node(ds)
        self._write_status(ds, nodes, by_node, current, collision)
        live = {p["metadata"].get("labels", {}).get(REVISION_HASH_LABEL) for pods in by_node.values() for p in pods}
        keep = {f"{ds['metadata']['name']}-{h}" for h in live if h} | {current["metadata"]["name"]}
        history.truncate_history(self.server, ds, history.owned_revisions(self.server, ds), keep,
                                 ds["spec"].get("revisionHistoryLimit", 10))
        return requeue

    def _node_list(self):
        """The nodes by name (re-sorted only when a node joins or leaves), each as the watch last showed it."""
        if self._sorted_nodes is None:
            self._sorted_nodes = sorted(self.nodes)
        return [self.nodes[name] for name in self._sorted_nodes]

    def should_run(self, ds, node):
        """node_should_run, remembered until the DaemonSet's generation or the node changes."""
        key = (ds["metadata"]["uid"], ds["metadata"].get("generation"), node["metadata"]["name"])
        version = node["metadata"].get("resourceVersion")
        cached = self._should_run.get(key)
        if cached is None or cached[0] != version:
            cached = self._should_run[key] = (version, node_should_run(ds, node))
        return cached[1]

    def _pods_by_node(self, ds):
        """getNodesToDaemonPods from the pod cache: the DaemonSet's pods (selected and controlled by it) by node.
        Watch events arrive inside each write, so the cache already holds this sync's own creates and deletes."""
        reqs = from_label_selector(ds["spec"].get("selector"))
        by_node = {}
        for pod in (self.pods.by_owner.get(ds["metadata"]["uid"]) or {}).values():
            if reqs is not None and not matches(reqs, pod["metadata"].get("labels")):
                continue
            node = target_node(pod)
            if node is not None:
                by_node.setdefault(node, []).append(pod)
        for pods in by_node.values():
            pods.sort(key=lambda p: (p["metadata"]["creationTimestamp"], p["metadata"]["name"]))
        return by_node

    def _is_updated(self, ds, pod, current):
        labels = pod["metadata"].get("labels") or {}
        generation = (ds["metadata"].get("annotations") or {}).get(TEMPLATE_GENERATION_ANNOTATION)
        return labels.get(REVISION_HASH_LABEL) == current["metadata"]["labels"][REVISION_HASH_LABEL] or \
            (generation is not None and labels.get(TEMPLATE_GENERATION_LABEL) == generation
             and REVISION_HASH_LABEL not in labels)

    def _manage(self, ds, nodes, by_node, current):
        """podsShouldBeOnNode for every node: create the missing pods, delete the surplus and the failed."""
        create, delete, requeue = [], [], None
        surge = self._max_surge(ds) > 0
        for node in nodes:
            name = node["metadata"]["name"]
            should_run, should_continue = self.should_run(ds, node)
            pods = [p for p in by_node.get(name, []) if not (terminating(p) and _terminal(p))]
            if should_run and not pods:
                create.append(name)
            elif should_continue:
                alive = []
                for pod in pods:
                    if terminating(pod):
                        continue
                    if (pod.get("status") or {}).get("phase") == "Failed":
                        wait = self._failed_pod_wait(ds, name)
                        if wait:
                            requeue = wait if requeue is None else min(requeue, wait)
                            continue
                        delete.append(pod)
                        meta = pod["metadata"]
                        self.recorder.event(ds, "Warning", "FailedDaemonPod",
                                            f"Found failed daemon pod {meta['namespace']}/{meta['name']} on node {name}, will try to kill it")
                    else:
                        alive.append(pod)
                if len(alive) > 1 and not surge:
                    delete.extend(alive[1:])  # keep the oldest
            else:
                delete.extend(p for p in pods if not terminating(p))
        for name in create:
            self._create_pod(ds, name, current)
        for pod in delete:
            self._delete_pod(ds, pod)
        return requeue

    def _failed_pod_wait(self, ds, node):
        key = (ds["metadata"]["uid"], node)
        delay, until = self._failed_backoff.get(key, (0, 0))
        if until > self.clock.now:
            return until - self.clock.now
        delay = min(delay * 2, MAX_FAILED_POD_BACKOFF) if delay else FAILED_POD_BACKOFF
        self._failed_backoff[key] = (delay, self.clock.now + delay)
        return 0

    def _max_surge(self, ds):
        rolling = (ds["spec"].get("updateStrategy") or {}).get("rollingUpdate") or {}
        return rolling.get("maxSurge") or 0

    def _rolling_update(self, ds, nodes, by_node, current):
        """rollingUpdate: replace old pods without more than maxUnavailable nodes lacking an available
        pod, or, with maxSurge, start the new pod first and remove the old one once it is available."""
        min_ready = ds["spec"].get("minReadySeconds") or 0
        eligible = [n["metadata"]["name"] for n in nodes if self.should_run(ds, n)[0]]
        desired = len(eligible)
        rolling = (ds["spec"].get("updateStrategy") or {}).get("rollingUpdate") or {}
        max_surge = scaled_value(rolling.get("maxSurge") or 0, desired, True)
        max_unavailable = scaled_value(rolling.get("maxUnavailable") if rolling.get("maxUnavailable") is not None else 1,
                                       desired, True)
        if max_surge == 0 and max_unavailable == 0:
            max_unavailable = 1
        old_by_node, new_by_node = {}, {}
        for name in eligible:
            for pod in by_node.get(name, []):
                if terminating(pod):
                    continue
                target = new_by_node if self._is_updated(ds, pod, current) else old_by_node
                target.setdefault(name, pod)
        unavailable = sum(1 for name in eligible
                          if not any(pod_available(p, min_ready, self.clock) for p in by_node.get(name, []) if not terminating(p)))
        if max_surge == 0:
            candidates = [(not pod_available(old, min_ready, self.clock), name, old)
                          for name, old in old_by_node.items() if name not in new_by_node]
            for not_available, name, old in sorted(candidates, key=lambda c: (not c[0], c[1])):
                if not_available:
                    self._delete_pod(ds, old)
                elif unavailable < max_unavailable:
                    self._delete_pod(ds, old)
                    unavailable += 1
            return
        surging = sum(1 for name in old_by_node if name in new_by_node)
        for name, old in sorted(old_by_node.items()):
            new = new_by_node.get(name)
            if new is not None:
                if pod_available(new, min_ready, self.clock):
                    self._delete_pod(ds, old)
            elif not pod_available(old, min_ready, self.clock):
                self._delete_pod(ds, old)
            elif surging < max_surge:
                self._create_pod(ds, name, current)
                surging += 1

    # writes
    def _create_pod(self, ds, node_name, current):
        meta, template = ds["metadata"], copy.deepcopy(ds["spec"]["template"])
        tmeta = template.get("metadata") or {}
        spec = template.get("spec") or {}
        daemon_tolerations(spec)
        pin_to_node(spec, node_name)
        labels = dict(tmeta.get("labels") or {})
        generation = (meta.get("annotations") or {}).get(TEMPLATE_GENERATION_ANNOTATION)
        labels[REVISION_HASH_LABEL] = current["metadata"]["labels"][REVISION_HASH_LABEL]
        if generation is not None:
            labels[TEMPLATE_GENERATION_LABEL] = generation
        pod_meta = {"generateName": f"{meta['name']}-", "namespace": meta["namespace"], "labels": labels,
                    "ownerReferences": [history.owner_reference(ds)]}
        if tmeta.get("annotations"):
            pod_meta["annotations"] = dict(tmeta["annotations"])
        try:
            pod = self.server.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": pod_meta, "spec": spec},
                                     meta["namespace"])
        except ApiError as e:
            self.recorder.event(ds, "Warning", "FailedCreate", f"Error creating: {e.message}")
            return
        self.recorder.event(ds, "Normal", "SuccessfulCreate", f"Created pod: {pod['metadata']['name']}")

    def _delete_pod(self, ds, pod):
        try:
            self.server.delete("pods", pod["metadata"]["name"], pod["metadata"]["namespace"])
        except ApiError as e:
            if e.code != 404:
                self.recorder.event(ds, "Warning", "FailedDelete", f"Error deleting: {e.message}")
            return
        self.recorder.event(ds, "Normal", "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}")

    def _write_status(self, ds, nodes, by_node, current, collision):
        min_ready = ds["spec"].get("minReadySeconds") or 0
        counts = dict.fromkeys(("desiredNumberScheduled", "currentNumberScheduled", "numberMisscheduled",
                                "numberReady", "numberAvailable", "updatedNumberScheduled"), 0)
        for node in nodes:
            should_run, _ = self.should_run(ds, node)
            pods = by_node.get(node["metadata"]["name"]) or []
            if should_run:
                counts["desiredNumberScheduled"] += 1
                if pods:
                    counts["currentNumberScheduled"] += 1
                    pod = pods[0]
                    if pod_ready(pod):
                        counts["numberReady"] += 1
                        if pod_available(pod, min_ready, self.clock):
                            counts["numberAvailable"] += 1
                    if self._is_updated(ds, pod, current):
                        counts["updatedNumberScheduled"] += 1
            elif pods:
                counts["numberMisscheduled"] += 1
        status = {"currentNumberScheduled": counts["currentNumberScheduled"],
                  "numberMisscheduled": counts["numberMisscheduled"],
                  "desiredNumberScheduled": counts["desiredNumberScheduled"],
                  "numberReady": counts["numberReady"],
                  "observedGeneration": ds["metadata"].get("generation", 1)}
        unavailable = counts["desiredNumberScheduled"] - counts["numberAvailable"]
        for field, value in (("updatedNumberScheduled", counts["updatedNumberScheduled"]),
                             ("numberAvailable", counts["numberAvailable"]), ("numberUnavailable", unavailable),
                             ("collisionCount", collision)):
            if value:
                status[field] = value
        old = ds.get("status") or {}
        if old.get("conditions"):
            status["conditions"] = old["conditions"]
        if status == old:
            return
        try:
            self.server.update("daemonsets", dict(ds, status=status), ds["metadata"]["namespace"], subresource="status")
        except ApiError as e:
            if e.code != 404:
                raise
