"""The resource quota controller: keeps each ResourceQuota's status (hard as in spec, used as
counted) current as objects come and go (pkg/controller/resourcequota). Full recount every 5 min."""
from ..api.admission.quantity import Quantity, add_lists
from ..api.admission.quota_usage import matches_scopes, tracks, usage
from .base import Controller, object_key, split_key

RESYNC_SECONDS = 300  # --resource-quota-sync-period


class ResourceQuotaController(Controller):
    name = "resourcequota"

    def setup(self):
        self._by_namespace = {}  # namespace -> names of its quotas
        self.watch("resourcequotas", self._quota_event)
        for resource in self._tracked():
            self.watch(resource, self._object_event(resource), replay=False)
        self.clock.call_later(RESYNC_SECONDS, self._resync)

    def _tracked(self):
        seen, out = set(), []
        for resource in self.server.registry.resources:
            stored = self.server.registry.storage(resource)
            if stored.namespaced and "list" in stored.verbs and stored not in seen and stored.plural not in ("events", "leases"):
                seen.add(stored)
                out.append(stored)
        return out

    def _quota_event(self, kind, quota):
        meta = quota["metadata"]
        names = self._by_namespace.setdefault(meta["namespace"], set())
        if kind == "DELETED":
            names.discard(meta["name"])
            return
        names.add(meta["name"])
        self.enqueue(object_key(quota))

    def _object_event(self, resource):
        def handler(kind, obj):
            namespace = obj["metadata"].get("namespace")
            for name in sorted(self._by_namespace.get(namespace) or ()):
                self.enqueue(f"{namespace}/{name}")
        return handler

    def _resync(self):
        for namespace, names in sorted(self._by_namespace.items()):
            for name in sorted(names):
                self.enqueue(f"{namespace}/{name}")
        self.clock.call_later(RESYNC_SECONDS, self._resync)

    def sync(self, key):
        namespace, name = split_key(key)
        quota = self.get("resourcequotas", name, namespace)
        if quota is None:
            return None
        hard = dict((quota.get("spec") or {}).get("hard") or {})
        used = {k: str(v) for k, v in calculate_usage(self.server, quota, hard).items()}
        status = quota.get("status") or {}
        if status.get("hard") == hard and status.get("used") == used:
            return None
        self.server.update("resourcequotas", dict(quota, status={"hard": hard, "used": used}),
                           namespace=namespace, subresource="status")
        return None


def calculate_usage(server, quota, hard):
    """quota.CalculateUsage: what the namespace uses of each resource in `hard` (zero when nothing)."""
    namespace = quota["metadata"]["namespace"]
    names = sorted(hard)
    used = {name: Quantity(0) for name in names}
    seen = set()
    for resource in server.registry.resources:
        stored = server.registry.storage(resource)
        if not stored.namespaced or stored in seen or "list" not in stored.verbs:
            continue
        seen.add(stored)
        wanted = [n for n in names if tracks(stored, n)]
        if not wanted:
            continue
        for obj in server.list(stored, namespace)["items"]:
            if matches_scopes(quota, stored, obj):
                observed = usage(stored, obj, clock=server.clock)
                used = add_lists(used, {k: v for k, v in observed.items() if k in wanted})
    return used


