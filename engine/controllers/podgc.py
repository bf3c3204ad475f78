"""The pod garbage collector (pkg/controller/podgc): every 20 seconds it force-deletes terminated pods
over --terminated-pod-gc-threshold, pods of nodes gone for 40 s, and terminating pods never scheduled.

Pods terminating on a NotReady node tainted node.kubernetes.io/out-of-service are deleted too. A pod
not yet terminal is first marked Failed (orphans also get DisruptionTarget/DeletionByPodGC)."""
from ..api.errors import ApiError
from .base import Controller

GC_CHECK_PERIOD = 20
QUARANTINE_TIME = 40
TERMINATED_POD_GC_THRESHOLD = 12500  # kube-controller-manager's --terminated-pod-gc-threshold default
OUT_OF_SERVICE = "node.kubernetes.io/out-of-service"
GC_KEY = "gc"


def pod_key(pod):
    return f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"


def is_terminated(pod):
    return (pod.get("status") or {}).get("phase") not in ("Pending", "Running", "Unknown")


def node_ready(node):
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (node.get("status") or {}).get("conditions") or [])


class PodGCController(Controller):
    name = "podgc"
    threshold = TERMINATED_POD_GC_THRESHOLD

    def setup(self):
        self.pods = {}  # key -> (node name, sort key) of the pod as last watched: all the passes need
        self.terminated, self.terminating = set(), set()  # pod keys, kept by the watch
        self.by_node = {}  # node name -> keys of the pods bound to it
        self.nodes = {}  # name -> node, as the node informer has them
        self.quarantine = {}  # node name -> when its absence is checked with a GET
        self.watch("nodes", self._node_event)
        self.watch("pods", self._pod_event)
        self.enqueue(GC_KEY)

    def _node_event(self, kind, node):
        if kind == "DELETED":
            self.nodes.pop(node["metadata"]["name"], None)
        else:
            self.nodes[node["metadata"]["name"]] = node

    def _pod_event(self, kind, pod):
        key = pod_key(pod)
        old = self.pods.pop(key, None)
        if old is not None:
            self.by_node.get(old[0], set()).discard(key)
        self.terminated.discard(key)
        self.terminating.discard(key)
        if kind == "DELETED":
            return
        node_name = pod["spec"].get("nodeName") or ""
        self.pods[key] = (node_name, _eviction_and_creation(pod))
        self.by_node.setdefault(node_name, set()).add(key)
        if is_terminated(pod):
            self.terminated.add(key)
        if pod["metadata"].get("deletionTimestamp"):
            self.terminating.add(key)

    def sync(self, key):
        if self.threshold > 0:
            self._gc_terminated()
        self._gc_terminating()
        self._gc_orphaned()
        self._gc_unscheduled_terminating()
        return GC_CHECK_PERIOD

    def _gc_terminated(self):
        excess = len(self.terminated) - self.threshold
        if excess <= 0:
            return
        for key in sorted(self.terminated, key=lambda k: self.pods[k][1])[:excess]:
            self._mark_failed_and_delete(key)

    def _gc_terminating(self):
        """Terminating pods on a NotReady node with the out-of-service taint (non-graceful shutdown)."""
        doomed = []
        for key in self.terminating:
            node = self.nodes.get(self.pods[key][0])
            if node is None or node_ready(node):
                continue
            if any(t.get("key") == OUT_OF_SERVICE for t in node["spec"].get("taints") or []):
                doomed.append(key)
        for key in sorted(doomed, key=lambda k: self.pods[k][1]):
            self._mark_failed_and_delete(key)

    def _gc_orphaned(self):
        now = self.clock.now
        for node_name, keys in self.by_node.items():
            if node_name and keys and node_name not in self.nodes:
                self.quarantine.setdefault(node_name, now + QUARANTINE_TIME)
        deleted = set()
        for node_name, due in sorted(self.quarantine.items()):
            if due > now:
                continue
            del self.quarantine[node_name]
            if node_name not in self.nodes and self.get("nodes", node_name) is None:
                deleted.add(node_name)
        condition = {"type": "DisruptionTarget", "status": "True", "reason": "DeletionByPodGC",
                     "message": "PodGC: node no longer exists"}
        for node_name in sorted(deleted):
            for key in sorted(self.by_node.get(node_name, ())):
                self._mark_failed_and_delete(key, condition)

    def _gc_unscheduled_terminating(self):
        for key in sorted(self.terminating & self.by_node.get("", set())):
            self._mark_failed_and_delete(key)

    def _mark_failed_and_delete(self, key, condition=None):
        """Patch the phase to Failed (no kubelet may be left to do it), then delete with grace 0."""
        namespace, _, name = key.partition("/")
        try:
            pod = self.server.get("pods", name, namespace)
            meta = pod["metadata"]
            if (pod.get("status") or {}).get("phase") not in ("Succeeded", "Failed"):
                self.server.patch("pods", meta["name"], {"metadata": {"uid": meta["uid"]},
                                                         "status": self._failed_status(pod, condition)},
                                  namespace=meta["namespace"], subresource="status")
            self.server.delete("pods", meta["name"], meta["namespace"], grace_period_seconds=0)
        except ApiError:
            pass  # utilruntime.HandleError: logged; the next pass tries again

    def _failed_status(self, pod, condition):
        status = {"phase": "Failed"}
        if condition is None:
            return status
        conditions = [dict(c) for c in (pod.get("status") or {}).get("conditions") or []]
        new = dict(condition, lastProbeTime=None, lastTransitionTime=self.clock.timestamp())
        for i, existing in enumerate(conditions):
            if existing.get("type") == new["type"]:
                if existing.get("status") == new["status"]:
                    new["lastTransitionTime"] = existing.get("lastTransitionTime")
                conditions[i] = new
                break
        else:
            conditions.append(new)
        status["conditions"] = conditions
        return status


def _eviction_and_creation(pod):
    """byEvictionAndCreationTimestamp: pods the kubelet evicted first, then the oldest, then by name."""
    status = pod.get("status") or {}
    evicted = status.get("phase") == "Failed" and status.get("reason") == "Evicted"
    return (not evicted, pod["metadata"].get("creationTimestamp") or "", pod["metadata"]["name"])
