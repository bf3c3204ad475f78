"""NetworkPolicies as a flannel cluster has them: accepted by the apiserver, enforced by nobody. A trace that
reaches or leaves a pod one selects says so on that hop, where a learner looks for why traffic still flows."""
from ..api.selectors import from_label_selector, matches


class PolicyNotes:
    """A watch-fed cache of the NetworkPolicies, by namespace."""

    def __init__(self, api):
        self.by_namespace = {}
        listed = api.list("networkpolicies")
        for policy in listed["items"]:
            self._on("ADDED", policy)
        self._watch = api.watch("networkpolicies", self._on, resource_version=listed["metadata"]["resourceVersion"])

    def _on(self, kind, policy):
        meta = policy["metadata"]
        policies = self.by_namespace.setdefault(meta["namespace"], {})
        if kind == "DELETED":
            policies.pop(meta["name"], None)
        else:
            policies[meta["name"]] = policy

    def note(self, pod, direction):
        """"" or the note for a pod (its API object or the kubelet's copy) that the packet enters ("Ingress")
        or leaves ("Egress")."""
        meta = pod["metadata"]
        policies = self.by_namespace.get(meta.get("namespace"))
        if not policies:
            return ""
        names = [f"{meta['namespace']}/{name}" for name, policy in sorted(policies.items())
                 if direction in _types(policy) and matches(from_label_selector(policy["spec"].get("podSelector") or {}),
                                                            meta.get("labels"))]
        if not names:
            return ""
        which = f"NetworkPolicy {names[0]} selects" if len(names) == 1 else f"NetworkPolicies {', '.join(names)} select"
        return f"{which} this pod; flannel does not enforce NetworkPolicy"


def _types(policy):
    """spec.policyTypes, defaulted as the apiserver does: Ingress, plus Egress when egress rules exist."""
    spec = policy.get("spec") or {}
    return spec.get("policyTypes") or (["Ingress", "Egress"] if spec.get("egress") else ["Ingress"])
