"""The namespace controller: a namespace marked for deletion is emptied through the API, its
deletion conditions are kept in status, then the `kubernetes` finalizer is removed through the
namespaces/finalize subresource and the namespace is gone (pkg/controller/namespace/deletion)."""
from ..api.errors import ApiError
from .base import Controller

FINALIZER = "kubernetes"
# how long to wait for objects held by finalizers (finalizerEstimateSeconds)
FINALIZER_ESTIMATE_SECONDS = 15
CONDITION_TYPES = ("NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure",
                   "NamespaceDeletionContentFailure", "NamespaceContentRemaining", "NamespaceFinalizersRemaining")
OK = {
    "NamespaceDeletionDiscoveryFailure": ("ResourcesDiscovered", "All resources successfully discovered"),
    "NamespaceDeletionGroupVersionParsingFailure": ("ParsedGroupVersions", "All legacy kube types successfully parsed"),
    "NamespaceDeletionContentFailure": ("ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
    "NamespaceContentRemaining": ("ContentRemoved", "All content successfully removed"),
    "NamespaceFinalizersRemaining": ("ContentHasNoFinalizers", "All content-preserving finalizers finished"),
}


class NamespaceController(Controller):
    name = "namespace"

    def setup(self):
        self.watch("namespaces", self._event)

    def _event(self, kind, ns):
        if kind != "DELETED" and ns["metadata"].get("deletionTimestamp"):
            self.enqueue(ns["metadata"]["name"])

    def sync(self, name):
        ns = self.get("namespaces", name)
        if ns is None or not ns["metadata"].get("deletionTimestamp"):
            return None
        if (ns.get("status") or {}).get("phase") != "Terminating":
            ns = self.server.update("namespaces", dict(ns, status=dict(ns.get("status") or {}, phase="Terminating")),
                                    subresource="status")
        if FINALIZER not in ((ns.get("spec") or {}).get("finalizers") or []):
            return None
        estimate, remaining, finalizers = self._delete_all_content(name)
        self._update_conditions(ns, remaining, finalizers)
        if remaining:
            # ResourcesRemainingError: look again in estimate/2 + 1 seconds
            return estimate // 2 + 1
        self._finalize(name)
        return None

    def _resources(self):
        """Every namespaced kind that can be deleted, once per storage (discovery's preferred versions)."""
        seen, out = set(), []
        for resource in self.server.registry.resources:
            stored = self.server.registry.storage(resource)
            if not resource.namespaced or "delete" not in resource.verbs or "list" not in resource.verbs or stored in seen:
                continue
            seen.add(stored)
            out.append(stored)
        return out

    def _delete_all_content(self, namespace):
        estimate, remaining, finalizers = 0, {}, {}
        for resource in self._resources():
            items = self.server.list(resource, namespace)["items"]
            if not items:
                continue
            grace = self._graceful_estimate(resource, items)
            for item in items:
                if item["metadata"].get("deletionTimestamp"):
                    continue
                try:
                    self.server.delete(resource, item["metadata"]["name"], namespace)
                except ApiError as e:
                    if e.code != 404:
                        raise
            left = self.server.list(resource, namespace)["items"]
            if not left:
                continue
            label = f"{resource.plural}.{resource.group}"
            remaining[label] = len(left)
            for item in left:
                for f in item["metadata"].get("finalizers") or []:
                    finalizers[f] = finalizers.get(f, 0) + 1
            held = any(item["metadata"].get("finalizers") for item in left)
            estimate = max(estimate, grace or (FINALIZER_ESTIMATE_SECONDS if held else 0))
        return estimate, remaining, finalizers

    @staticmethod
    def _graceful_estimate(resource, items):
        if resource.plural != "pods" or resource.group != "":
            return 0
        live = [p for p in items if (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")]
        return max([p["spec"].get("terminationGracePeriodSeconds", 30) or 0 for p in live], default=0)

    def _update_conditions(self, ns, remaining, finalizers):
        now = self.clock.timestamp()
        wanted = {t: ("False",) + OK[t] for t in CONDITION_TYPES}
        if remaining:
            parts = sorted(f"{label} has {n} resource instances" for label, n in remaining.items())
            wanted["NamespaceContentRemaining"] = ("True", "SomeResourcesRemain",
                                                   "Some resources are remaining: " + ", ".join(parts))
        if finalizers:
            parts = sorted(f"{f} in {n} resource instances" for f, n in finalizers.items())
            wanted["NamespaceFinalizersRemaining"] = ("True", "SomeFinalizersRemain",
                                                      "Some content in the namespace has finalizers remaining: " + ", ".join(parts))
        conditions = [dict(c) for c in (ns.get("status") or {}).get("conditions") or []]
        changed = False
        for kind in CONDITION_TYPES:
            status, reason, message = wanted[kind]
            new = {"type": kind, "status": status, "lastTransitionTime": now, "reason": reason, "message": message}
            old = next((c for c in conditions if c.get("type") == kind), None)
            if old is None:
                conditions.append(new)
            elif (old.get("status"), old.get("reason"), old.get("message")) != (status, reason, message):
                if old.get("status") == status:  # the transition time moves only with the status
                    new["lastTransitionTime"] = old.get("lastTransitionTime")
                conditions[conditions.index(old)] = new
            else:
                continue
            changed = True
        if changed:
            status = dict(ns.get("status") or {}, conditions=conditions)
            self.server.update("namespaces", dict(ns, status=status), subresource="status")

    def _finalize(self, name):
        ns = self.get("namespaces", name)
        if ns is None:
            return
        spec = dict(ns.get("spec") or {})
        spec["finalizers"] = sorted({f for f in spec.get("finalizers") or [] if f != FINALIZER})
        try:
            self.server.update("namespaces", dict(ns, spec=spec), subresource="finalize")
        except ApiError as e:
            if e.code != 404:
                raise
