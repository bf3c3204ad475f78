"""ResourceQuota: a write that would take a namespace past a ResourceQuota's hard limits is refused;
an admitted create is charged to the quota's status.used at once, as the real plug-in does."""
from .. import errors
from .common import forbidden, wait_for
from .quantity import add, parse_list, pretty
from .quota_usage import handles, matches_scopes, missing_requirements, tracks, usage


def status_current(quota):
    status = quota.get("status") or {}
    return (status.get("hard") or {}) == ((quota.get("spec") or {}).get("hard") or {})


class ResourceQuota:
    def __init__(self, server):
        self.server = server

    def validate(self, operation, resource, obj, old, dry_run):
        if not resource.namespaced or not handles(resource, operation) or obj is None:
            return
        namespace = obj["metadata"].get("namespace")
        quotas = self._quotas(namespace)
        if not quotas:
            return
        charged = self._check(operation, resource, obj, old, quotas)
        if not dry_run:
            for quota, used in charged:
                self._record(quota, used)

    def _quotas(self, namespace):
        items = self.server.list("resourcequotas", namespace)["items"]
        stale = [q["metadata"]["name"] for q in items if not status_current(q)]
        if stale:
            # the quota controller fills in status within moments of a quota's creation
            def fresh():
                return all(status_current(q) for q in self.server.list("resourcequotas", namespace)["items"])
            if wait_for(self.server, fresh):
                items = self.server.list("resourcequotas", namespace)["items"]
        return items

    def _check(self, operation, resource, obj, old, quotas):
        """CheckRequest: the quotas to charge with their new usage, or Forbidden."""
        interesting = self._interesting(resource, obj, old, quotas)
        if not interesting:
            return []
        delta = self._delta(operation, resource, obj, old)
        if not delta:
            return []
        charges = [self._charge(quota, delta, resource, obj, old) for quota in interesting]
        return [charge for charge in charges if charge]

    def _interesting(self, resource, obj, old, quotas):
        """The quotas that limit something this object uses; refuses pods missing required requests/limits."""
        out = []
        for quota in quotas:
            if not matches_scopes(quota, resource, obj):
                continue
            status = quota.get("status") or {}
            restricted = sorted(name for name in status.get("hard") or {} if tracks(resource, name))
            name = quota["metadata"]["name"]
            if resource.plural == "pods" and resource.group == "":
                problem = missing_requirements(obj, restricted)
                if problem:
                    raise forbidden(resource, obj, old, f"failed quota: {name}: {problem}")
            if any(r not in (status.get("used") or {}) for r in restricted):
                raise forbidden(resource, obj, old, f"status unknown for quota: {name}, resources: {','.join(restricted)}")
            if restricted:
                out.append(quota)
        return out

    def _delta(self, operation, resource, obj, old):
        """What the write adds: the object's usage, less the old object's on updates; zeros dropped."""
        delta = usage(resource, obj, clock=self.server.clock)
        if operation == "UPDATE" and old is not None and old["metadata"].get("resourceVersion"):
            before = usage(resource, old, clock=self.server.clock)
            delta = {k: v - before[k] if k in before else v for k, v in delta.items()}
            delta = {k: v for k, v in delta.items() if v.value > 0}
        return {k: v for k, v in delta.items() if v.value != 0}

    @staticmethod
    def _charge(quota, delta, resource, obj, old):
        hard, used = parse_list(quota["status"]["hard"]), parse_list(quota["status"].get("used"))
        requested = {k: v for k, v in delta.items() if k in hard}
        new_used = dict(used)
        for key, value in requested.items():
            new_used[key] = add(new_used[key], value) if key in new_used else value
        exceeded = sorted(k for k in requested if new_used[k].value > hard[k].value)
        if exceeded:
            raise forbidden(resource, obj, old,
                            f"exceeded quota: {quota['metadata']['name']}, "
                            f"requested: {pretty({k: requested[k] for k in exceeded})}, "
                            f"used: {pretty({k: used[k] for k in exceeded if k in used})}, "
                            f"limited: {pretty({k: hard[k] for k in exceeded})}")
        return (quota, new_used) if requested else None

    def _record(self, quota, used):
        status = dict(quota.get("status") or {})
        status["used"] = dict(status.get("used") or {}, **{k: str(v) for k, v in used.items()})
        updated = dict(quota, status=status)
        try:
            self.server.update("resourcequotas", updated, namespace=quota["metadata"]["namespace"], subresource="status")
        except errors.ApiError:
            pass  # the quota controller recounts anyway
