"""Priority: a pod's spec.priority and spec.preemptionPolicy come from its PriorityClass (or the
global default class, or 0 and PreemptLowerPriority); only one PriorityClass may be the default."""
from .common import forbidden

DEFAULT_PRIORITY = 0  # scheduling.DefaultPriorityWhenNoDefaultClassExists
DEFAULT_POLICY = "PreemptLowerPriority"
SYSTEM_CLASSES = ("system-node-critical", "system-cluster-critical")


class Priority:
    def __init__(self, server):
        self.server = server

    def admit(self, operation, resource, obj, old, dry_run):
        if resource.kind != "Pod" or resource.group != "":
            return
        spec = obj.setdefault("spec", {})
        if operation == "UPDATE":
            # set on create; keep it when an update leaves it out (validation refuses changing it)
            for field in ("priority", "preemptionPolicy"):
                if spec.get(field) is None and (old or {}).get("spec", {}).get(field) is not None:
                    spec[field] = old["spec"][field]
            return
        if operation != "CREATE":
            return
        name = spec.get("priorityClassName")
        if not name:
            default = self._default_class()
            name = default["metadata"]["name"] if default else ""
            priority = default.get("value", 0) if default else DEFAULT_PRIORITY
            policy = default.get("preemptionPolicy", DEFAULT_POLICY) if default else DEFAULT_POLICY
            if name:
                spec["priorityClassName"] = name
        else:
            pc = self._classes().get(name)
            if pc is None:
                raise forbidden(resource, obj, None, f"no PriorityClass with name {name} was found")
            priority, policy = pc.get("value", 0), pc.get("preemptionPolicy")
        if spec.get("priority") is not None and spec["priority"] != priority:
            raise forbidden(resource, obj, None,
                            f"the integer value of priority ({spec['priority']}) must not be provided in pod spec; "
                            f"priority admission controller computed {priority} from the given PriorityClass name")
        spec["priority"] = priority
        if policy:
            if spec.get("preemptionPolicy") and spec["preemptionPolicy"] != policy:
                raise forbidden(resource, obj, None,
                                f"the string value of PreemptionPolicy ({spec['preemptionPolicy']}) must not be provided in pod spec; "
                                f"priority admission controller computed {policy} from the given PriorityClass name")
            spec["preemptionPolicy"] = policy

    def validate(self, operation, resource, obj, old, dry_run):
        if resource.kind != "PriorityClass":
            return
        if operation == "DELETE" and old["metadata"]["name"] in SYSTEM_CLASSES:
            # the priorityclasses registry refuses this; the effect and message are the same here
            raise forbidden(resource, None, old, "this is a system priority class and cannot be deleted")
        if operation not in ("CREATE", "UPDATE") or not obj.get("globalDefault"):
            return
        default = self._default_class()
        if default is None:
            return
        if operation == "CREATE" or default["metadata"]["name"] != obj["metadata"].get("name"):
            raise forbidden(resource, obj, old,
                            f"PriorityClass {default['metadata']['name']} is already marked as default. Only one default can exist")

    def _classes(self):
        return {pc["metadata"]["name"]: pc for pc in self.server.list("priorityclasses")["items"]}

    def _default_class(self):
        """The global default class with the lowest value, as the real plug-in picks it."""
        defaults = [pc for pc in self._classes().values() if pc.get("globalDefault")]
        return min(defaults, key=lambda pc: pc.get("value", 0)) if defaults else None
