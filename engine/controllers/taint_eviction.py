"""The taint eviction controller (pkg/controller/tainteviction, "taint-eviction-controller" since
v1.29): deletes the pods of a node with NoExecute taints they do not tolerate, at once, or after
the shortest tolerationSeconds of the tolerations they use."""
from ..api.errors import ApiError
from ..events import EventRecorder
from ..scheduler.plugins.helpers import tolerates
from .base import Controller, split_key

DELETE_RETRIES = 5


def no_execute_taints(node):
    return [t for t in (node or {}).get("spec", {}).get("taints") or [] if t.get("effect") == "NoExecute"]


def matching_tolerations(taints, tolerations):
    """GetMatchingTolerations: (every taint tolerated?, the toleration used for each)."""
    used = []
    for taint in taints:
        found = next((t for t in tolerations if tolerates(t, taint)), None)
        if found is None:
            return False, []
        used.append(found)
    return True, used


def min_toleration_time(tolerations):
    """Seconds until eviction, or None to tolerate forever (no tolerationSeconds among them)."""
    if not tolerations:
        return 0
    seconds = [t["tolerationSeconds"] for t in tolerations if t.get("tolerationSeconds") is not None]
    if not seconds:
        return None
    return max(0, min(seconds))


class TaintEvictionController(Controller):
    name = "taint-eviction-controller"

    def __init__(self, manager):
        super().__init__(manager)
        self.recorder = EventRecorder(self.server, self.clock, self.name)
        self.tainted = {}  # node name -> its NoExecute taints
        self.pods_by_node = {}  # node name -> {pod key}
        self.pod_nodes = {}  # pod key -> node name
        self.work = {}  # pod key -> {"created", "timer"}; timer None once done (kept so it is not redone)
        self._tolerations = {}  # pod key -> tolerations last seen

    def setup(self):
        self.watch("nodes", self._node_event)
        self.watch("pods", self._pod_event)

    def stop(self):
        super().stop()
        for work in self.work.values():
            if work["timer"]:
                work["timer"].cancel()

    # informers: node updates first, as the real workers drain node updates before pod updates
    def _node_event(self, kind, node):
        name = node["metadata"]["name"]
        taints = [] if kind == "DELETED" else no_execute_taints(node)
        if kind == "MODIFIED" and taints == self.tainted.get(name, []):
            return
        self.enqueue("node/" + name)

    def _pod_event(self, kind, pod):
        meta = pod["metadata"]
        key = f"{meta['namespace']}/{meta['name']}"
        node_name = None if kind == "DELETED" else pod["spec"].get("nodeName")
        old_node = self.pod_nodes.get(key)
        if old_node and old_node != node_name:
            self.pods_by_node.get(old_node, set()).discard(key)
        if node_name:
            self.pods_by_node.setdefault(node_name, set()).add(key)
            self.pod_nodes[key] = node_name
        else:
            self.pod_nodes.pop(key, None)
        if kind == "MODIFIED" and old_node == node_name:
            old_tolerations = self._tolerations.get(key)
            if old_tolerations == pod["spec"].get("tolerations"):
                return
        self._tolerations[key] = pod["spec"].get("tolerations") if kind != "DELETED" else None
        self.enqueue("pod/" + key)

    def sync(self, key):
        kind, _, rest = key.partition("/")
        if kind == "node":
            self.handle_node_update(rest)
        else:
            self.handle_pod_update(rest)

    def handle_node_update(self, name):
        node = self.get("nodes", name)
        if node is None:
            self.tainted.pop(name, None)
            return
        taints = no_execute_taints(node)
        if taints:
            self.tainted[name] = taints
        else:
            self.tainted.pop(name, None)
        pods = self._pods_on(name)
        if not taints:
            for pod in pods:
                self.cancel_work(_key(pod))
            return
        for pod in pods:
            self.process_pod_on_node(_key(pod), pod["spec"].get("tolerations") or [], taints)

    def handle_pod_update(self, key):
        namespace, name = split_key(key)
        pod = self.get("pods", name, namespace)
        if pod is None:
            self._tolerations.pop(key, None)
            self.cancel_work(key)
            return
        taints = self.tainted.get(pod["spec"].get("nodeName") or "")
        if taints:
            self.process_pod_on_node(key, pod["spec"].get("tolerations") or [], taints)

    def _pods_on(self, node_name):
        pods = []
        for key in sorted(self.pods_by_node.get(node_name, ())):
            namespace, name = split_key(key)
            pod = self.get("pods", name, namespace)
            if pod is not None and pod["spec"].get("nodeName") == node_name:
                pods.append(pod)
        return pods

    def process_pod_on_node(self, key, tolerations, taints):
        all_tolerated, used = matching_tolerations(taints, tolerations)
        now = self.clock.now
        if not all_tolerated:
            self.cancel_work(key)
            self.add_work(key, now, now)
            return
        seconds = min_toleration_time(used)
        if seconds is None:
            self.cancel_work(key)
            return
        created, scheduled = now, self.work.get(key)
        if scheduled is not None and scheduled["timer"] is not None:
            created = scheduled["created"]
            if created + seconds < now + seconds:
                return
            self.cancel_work(key)
        self.add_work(key, created, now + seconds)

    # the timed worker queue
    def add_work(self, key, created, fire_at):
        if key in self.work:
            return  # queued, or done already
        entry = {"created": created, "timer": None}
        entry["timer"] = self.clock.call_at(fire_at, lambda: self._fire(key, entry), priority=5)
        self.work[key] = entry

    def cancel_work(self, key):
        entry = self.work.pop(key, None)
        if entry is not None and entry["timer"] is not None:
            entry["timer"].cancel()
            namespace, name = split_key(key)
            self.recorder.event(_pod_ref(namespace, name), "Normal", "TaintManagerEviction",
                                f"Cancelling deletion of Pod {key}")

    def _fire(self, key, entry):
        entry["timer"] = None
        namespace, name = split_key(key)
        self.recorder.event(_pod_ref(namespace, name), "Normal", "TaintManagerEviction", f"Marking for deletion Pod {key}")
        self.manager.busy += 1
        try:
            for _ in range(DELETE_RETRIES):
                try:
                    self.add_condition_and_delete(name, namespace)
                    return
                except ApiError as e:
                    if e.code == 404:
                        break
            self.work.pop(key, None)  # failed: may be tried again
        finally:
            self.manager.busy -= 1

    def add_condition_and_delete(self, name, namespace):
        pod = self.server.get("pods", name, namespace)
        conditions = pod.get("status", {}).get("conditions") or []
        target = next((c for c in conditions if c.get("type") == "DisruptionTarget"), None)
        wanted = {"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                  "lastTransitionTime": self.clock.timestamp(),
                  "reason": "DeletionByTaintManager", "message": "Taint manager: deleting due to NoExecute taint"}
        if target is None or any(target.get(k) != wanted[k] for k in ("status", "reason", "message")):
            if target is not None and target.get("status") == "True":
                wanted["lastTransitionTime"] = target.get("lastTransitionTime")
            self.server.patch("pods", name, {"status": {"conditions": [wanted]}}, namespace=namespace,
                              subresource="status")
        self.server.delete("pods", name, namespace)


def _key(pod):
    return f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"


def _pod_ref(namespace, name):
    return {"apiVersion": "v1", "kind": "Pod", "name": name, "namespace": namespace}
