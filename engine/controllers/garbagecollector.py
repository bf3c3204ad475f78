"""The garbage collector (pkg/controller/garbagecollector): an ownership graph (networkx DiGraph,
owner uid -> dependent uid) fed by watches, deleting dependents whose owners are gone
(Background), deleting dependents before their owner (Foreground) and orphaning them (Orphan)."""
import networkx as nx

from ..api.errors import ApiError
from .base import Controller

FOREGROUND = "foregroundDeletion"
ORPHAN = "orphan"
SYNC_PERIOD = 30  # garbageCollector.Sync(ctx, discoveryClient, 30*time.Second)
IGNORED = {("", "Event"), ("events.k8s.io", "Event")}  # never owners or dependents worth a watch


def _group(api_version):
    return api_version.rpartition("/")[0] if "/" in api_version else ""


class GarbageCollector(Controller):
    name = "garbagecollector"

    def setup(self):
        self.graph = nx.DiGraph()
        self.kinds = {}  # (group, kind) -> Resource served in the storage version
        self.monitors = {}  # the storage Resource -> its watch
        self._monitor()

    def _monitor(self):
        """Watch every deletable resource discovery serves; Sync redoes it every 30 s, so the kinds of
        CustomResourceDefinitions join (and leave) the graph."""
        self.kinds = {}
        served = set()
        for resource in self.server.registry.resources:
            stored = self.server.registry.storage(resource)
            self.kinds.setdefault((resource.group, resource.kind), stored)
            if stored in served or (resource.group, resource.kind) in IGNORED:
                continue
            if not {"list", "watch", "delete"} <= set(resource.verbs):
                continue
            served.add(stored)
            if stored not in self.monitors:
                self.watch(stored, self._event)
                self.monitors[stored] = self._watches[-1]
        for stored in [r for r in self.monitors if r not in served]:
            watch = self.monitors.pop(stored)
            watch.stop()
            self._watches.remove(watch)
        self._sync_timer = self.clock.call_later(SYNC_PERIOD, self._monitor)

    def stop(self):
        super().stop()
        self._sync_timer.cancel()

    # graph builder
    def _event(self, kind, obj):
        meta = obj["metadata"]
        uid = meta.get("uid")
        if not uid:
            return
        if kind == "DELETED":
            self._removed(uid)
            return
        refs = meta.get("ownerReferences") or []
        node = {"apiVersion": obj.get("apiVersion"), "kind": obj.get("kind"), "name": meta["name"],
                "namespace": meta.get("namespace") or "", "observed": True,
                "deleting": bool(meta.get("deletionTimestamp")), "finalizers": tuple(meta.get("finalizers") or ())}
        known = uid in self.graph and self.graph.nodes[uid].get("observed")
        old_owners = set(self.graph.predecessors(uid)) if uid in self.graph else set()
        self.graph.add_node(uid, **node)
        new_owners = {ref["uid"] for ref in refs}
        for owner in old_owners - new_owners:
            self.graph.remove_edge(owner, uid)
            self._drop_virtual(owner)
        for ref in refs:
            if ref["uid"] not in self.graph:
                # a virtual node: an owner nobody has seen yet; verify it exists
                self.graph.add_node(ref["uid"], apiVersion=ref.get("apiVersion"), kind=ref.get("kind"),
                                    name=ref.get("name"), namespace=node["namespace"], observed=False)
                self.enqueue(("delete", uid))
            self.graph.add_edge(ref["uid"], uid, block=bool(ref.get("blockOwnerDeletion")))
        if not known and any(not self.graph.nodes[o].get("observed") for o in new_owners):
            self.enqueue(("delete", uid))
        if new_owners - old_owners and known:
            # a new owner reference: check it (a dangling one gets the object collected)
            self.enqueue(("delete", uid))
        if node["deleting"]:
            if ORPHAN in node["finalizers"]:
                self.enqueue(("orphan", uid))
            elif FOREGROUND in node["finalizers"]:
                self.enqueue(("foreground", uid))
        for owner in new_owners:
            if self._waiting(owner):
                self.enqueue(("foreground", owner))

    def _removed(self, uid):
        if uid not in self.graph:
            return
        dependents, owners = list(self.graph.successors(uid)), list(self.graph.predecessors(uid))
        self.graph.remove_node(uid)
        if dependents:
            # the owner may come back as an unseen (virtual) node the dependents still point at
            self.graph.add_node(uid, observed=False, gone=True)
            for dep in dependents:
                self.graph.add_edge(uid, dep, block=False)
                self.enqueue(("delete", dep))
        for owner in owners:
            self._drop_virtual(owner)
            if self._waiting(owner):
                self.enqueue(("foreground", owner))

    def _drop_virtual(self, uid):
        if uid in self.graph and not self.graph.nodes[uid].get("observed") and not self.graph.out_degree(uid):
            self.graph.remove_node(uid)

    def _waiting(self, uid):
        node = self.graph.nodes.get(uid) if uid in self.graph else None
        return bool(node and node.get("deleting") and FOREGROUND in node.get("finalizers", ()))

    # workers
    def sync(self, key):
        action, uid = key
        if action == "delete":
            return self._attempt_to_delete(uid)
        if action == "orphan":
            return self._orphan(uid)
        return self._foreground(uid)

    def _resource(self, api_version, kind):
        return self.kinds.get((_group(api_version or ""), kind))

    def _live(self, uid):
        """The current object for a graph node, or None when it is gone or was replaced."""
        node = self.graph.nodes.get(uid) if uid in self.graph else None
        if not node or not node.get("kind"):
            return None
        resource = self._resource(node.get("apiVersion"), node["kind"])
        if resource is None:
            return None
        obj = self.get(resource, node["name"], node["namespace"] if resource.namespaced else None)
        return obj if obj is not None and obj["metadata"]["uid"] == uid else None

    def _owner_state(self, ref, namespace):
        """'solid', 'dangling' or 'waiting' (the owner is being deleted in the foreground)."""
        resource = self._resource(ref.get("apiVersion"), ref.get("kind"))
        if resource is None:
            return "solid"  # an unknown kind cannot be verified: leave the dependent alone
        owner = self.get(resource, ref["name"], namespace if resource.namespaced else None)
        if owner is None or owner["metadata"]["uid"] != ref["uid"]:
            return "dangling"
        meta = owner["metadata"]
        if meta.get("deletionTimestamp") and FOREGROUND in (meta.get("finalizers") or []):
            return "waiting"
        return "solid"

    def _attempt_to_delete(self, uid):
        """attemptToDeleteItem: keep an object with a live owner, drop references to gone owners,
        and delete it when no owner is left."""
        obj = self._live(uid)
        if obj is None:
            return None
        meta = obj["metadata"]
        if meta.get("deletionTimestamp") and FOREGROUND not in (meta.get("finalizers") or []):
            return None
        if meta.get("deletionTimestamp"):
            return self._foreground(uid)
        refs = meta.get("ownerReferences") or []
        if not refs:
            return None
        states = {ref["uid"]: self._owner_state(ref, meta.get("namespace")) for ref in refs}
        solid = [u for u, s in states.items() if s == "solid"]
        gone = [u for u, s in states.items() if s != "solid"]
        resource = self._resource(obj["apiVersion"], obj["kind"])
        if solid:
            if gone:
                dangling = {u for u, s in states.items() if s == "dangling"}
                waiting = {u for u, s in states.items() if s == "waiting"}
                self._patch_refs(resource, obj, [r for r in refs if r["uid"] not in dangling and r["uid"] not in waiting])
            return None
        waiting = any(s == "waiting" for s in states.values())
        if waiting and self.graph.out_degree(uid):
            policy = "Foreground"
        else:
            finalizers = meta.get("finalizers") or []
            policy = "Orphan" if ORPHAN in finalizers else "Foreground" if FOREGROUND in finalizers else "Background"
        self._delete(resource, obj, policy)
        return None

    def _foreground(self, uid):
        """processDeletingDependentsItem: delete the dependents; when none blocks any more, remove
        the foregroundDeletion finalizer so the owner goes."""
        obj = self._live(uid)
        if obj is None or FOREGROUND not in (obj["metadata"].get("finalizers") or []):
            return None
        blocking = [dep for dep in self.graph.successors(uid) if self.graph.edges[uid, dep].get("block")]
        if not blocking:
            resource = self._resource(obj["apiVersion"], obj["kind"])
            self._remove_finalizer(resource, obj, FOREGROUND)
            return None
        for dep in blocking:
            node = self.graph.nodes[dep]
            if not node.get("deleting"):
                self.enqueue(("delete", dep))
        return None

    def _orphan(self, uid):
        """orphanDependents then the orphan finalizer off: dependents lose their reference to the owner."""
        obj = self._live(uid)
        if obj is None or ORPHAN not in (obj["metadata"].get("finalizers") or []):
            return None
        for dep in list(self.graph.successors(uid)):
            dependent = self._live(dep)
            if dependent is None:
                continue
            refs = dependent["metadata"].get("ownerReferences") or []
            self._patch_refs(self._resource(dependent["apiVersion"], dependent["kind"]), dependent,
                             [r for r in refs if r["uid"] != uid])
        self._remove_finalizer(self._resource(obj["apiVersion"], obj["kind"]), obj, ORPHAN)
        return None

    # writes
    def _delete(self, resource, obj, policy):
        meta = obj["metadata"]
        try:
            self.server.delete(resource, meta["name"], meta.get("namespace"), propagation_policy=policy,
                               preconditions={"uid": meta["uid"]})
        except ApiError as e:
            if e.code not in (404, 409):
                raise

    def _patch_refs(self, resource, obj, refs):
        meta = obj["metadata"]
        patch = {"metadata": {"ownerReferences": refs or None, "uid": meta["uid"]}}
        try:
            self.server.patch(resource, meta["name"], patch, "application/merge-patch+json", namespace=meta.get("namespace"))
        except ApiError as e:
            if e.code not in (404, 409):
                raise

    def _remove_finalizer(self, resource, obj, finalizer):
        meta = obj["metadata"]
        finalizers = [f for f in meta.get("finalizers") or [] if f != finalizer]
        patch = {"metadata": {"finalizers": finalizers or None, "resourceVersion": meta["resourceVersion"]}}
        try:
            self.server.patch(resource, meta["name"], patch, "application/merge-patch+json", namespace=meta.get("namespace"))
        except ApiError as e:
            if e.code != 404:
                raise
