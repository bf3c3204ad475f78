"""DefaultIngressClass: a new Ingress that names no class gets the default IngressClass
(annotated ingressclass.kubernetes.io/is-default-class: "true"), if there is one."""

DEFAULT_ANNOTATION = "ingressclass.kubernetes.io/is-default-class"
LEGACY_CLASS_ANNOTATION = "kubernetes.io/ingress.class"


class DefaultIngressClass:
    def __init__(self, server):
        self.server = server

    def admit(self, operation, resource, obj, old, dry_run):
        if operation != "CREATE" or resource.kind != "Ingress":
            return
        spec = obj.setdefault("spec", {})
        if spec.get("ingressClassName") is not None or LEGACY_CLASS_ANNOTATION in (obj["metadata"].get("annotations") or {}):
            return
        defaults = [ic for ic in self.server.list("ingressclasses")["items"]
                    if (ic["metadata"].get("annotations") or {}).get(DEFAULT_ANNOTATION) == "true"]
        if defaults:
            # with several defaults, the newest wins (then the first by name)
            defaults.sort(key=lambda ic: ic["metadata"]["name"])
            defaults.sort(key=lambda ic: ic["metadata"].get("creationTimestamp", ""), reverse=True)
            spec["ingressClassName"] = defaults[0]["metadata"]["name"]
