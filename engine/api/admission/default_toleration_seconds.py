"""DefaultTolerationSeconds: pods tolerate a not-ready or unreachable node for 300 s before the
node lifecycle controller evicts them, unless they say otherwise."""

DEFAULT_SECONDS = 300
TAINTS = ("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")


class DefaultTolerationSeconds:
    def __init__(self, server):
        self.server = server

    def admit(self, operation, resource, obj, old, dry_run):
        if operation not in ("CREATE", "UPDATE") or resource.kind != "Pod" or resource.group != "":
            return
        spec = obj.setdefault("spec", {})
        tolerations = list(spec.get("tolerations") or [])
        for key in TAINTS:
            if not any(self._covers(t, key) for t in tolerations):
                tolerations.append({"key": key, "operator": "Exists", "effect": "NoExecute",
                                    "tolerationSeconds": DEFAULT_SECONDS})
        spec["tolerations"] = tolerations

    @staticmethod
    def _covers(toleration, key):
        # an empty key or effect matches every taint key or effect
        return toleration.get("key") in (key, None, "") and toleration.get("effect") in ("NoExecute", None, "")
