"""DeploymentController: watches Deployments, their ReplicaSets and (for Recreate) pod deletions,
and runs syncDeployment for one deployment key at a time."""
from ...api.selectors import from_label_selector, matches
from ...events import EventRecorder
from ..base import Controller, controller_ref, split_key
from . import progress, recreate, rolling, rollback, sync


class DeploymentController(Controller):
    name = "deployment"

    def setup(self):
        self.recorder = EventRecorder(self.server, self.clock, "deployment-controller")
        self.keys = {}  # deployment uid -> key
        self.rs_owner = {}  # replica set uid -> deployment uid
        self.owned = {}  # deployment uid -> names of the replica sets it controls
        self.watch("deployments.apps", self._deployment_event)
        self.watch("replicasets.apps", self._rs_event)
        self.watch("pods", self._pod_event, replay=False)

    # event handlers
    def _deployment_event(self, kind, d):
        key, uid = f"{d['metadata']['namespace']}/{d['metadata']['name']}", d["metadata"]["uid"]
        if kind == "DELETED":
            self.keys.pop(uid, None)
        else:
            self.keys[uid] = key
        self.enqueue(key)

    def _rs_event(self, kind, rs):
        meta = rs["metadata"]
        previous = self.rs_owner.pop(meta["uid"], None)
        if previous is not None:
            self.owned.get(previous, set()).discard(meta["name"])
            if previous in self.keys:
                self.enqueue(self.keys[previous])
        ref = controller_ref(rs)
        if ref is not None:
            if ref.get("kind") != "Deployment":
                return
            if kind != "DELETED":
                self.rs_owner[meta["uid"]] = ref["uid"]
                self.owned.setdefault(ref["uid"], set()).add(meta["name"])
            if ref["uid"] in self.keys:
                self.enqueue(self.keys[ref["uid"]])
            return
        if kind != "DELETED":
            for key in self._deployments_matching(rs):
                self.enqueue(key)

    def _pod_event(self, kind, pod):
        """deletePod: a Recreate deployment waits for its old pods to be gone."""
        if kind != "DELETED":
            return
        ref = controller_ref(pod)
        owner = self.rs_owner.get(ref["uid"]) if ref else None
        if owner in self.keys:
            namespace, name = split_key(self.keys[owner])
            d = self.get("deployments.apps", name, namespace)
            if d and (d["spec"].get("strategy") or {}).get("type") == "Recreate":
                self.enqueue(self.keys[owner])

    def _deployments_matching(self, rs):
        labels = rs["metadata"].get("labels") or {}
        if not labels:
            return []
        out = []
        for d in self.server.list("deployments.apps", rs["metadata"]["namespace"])["items"]:
            reqs = from_label_selector(d["spec"].get("selector"))
            if reqs and matches(reqs, labels):
                out.append(f"{d['metadata']['namespace']}/{d['metadata']['name']}")
        return out

    # syncDeployment
    def sync(self, key):
        namespace, name = split_key(key)
        d = self.get("deployments.apps", name, namespace)
        if d is None:
            return None
        d.setdefault("status", {})
        if d["spec"].get("selector") == {}:
            self.recorder.event(d, "Warning", "SelectingAll",
                                "This deployment is selecting all pods. A non-empty selector is required.")
            if d["status"].get("observedGeneration", 0) < d["metadata"].get("generation", 0):
                d["status"]["observedGeneration"] = d["metadata"]["generation"]
                self.server.update("deployments.apps", d, subresource="status")
            return None
        rss = sync.replica_sets_for(self, d)
        if d["metadata"].get("deletionTimestamp"):
            return sync.sync_status_only(self, d, rss)
        d = progress.check_paused_conditions(self, d)
        if d["spec"].get("paused"):
            return sync.sync(self, d, rss)
        if rollback.rollback_to(d) is not None:
            return rollback.rollback(self, d, rss)
        if sync.is_scaling_event(self, d, rss):
            return sync.sync(self, d, rss)
        if (d["spec"].get("strategy") or {}).get("type") == "Recreate":
            return recreate.rollout(self, d, rss)
        return rolling.rollout(self, d, rss)

    def update_status(self, d):
        return self.server.update("deployments.apps", d, subresource="status")
