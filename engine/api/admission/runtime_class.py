"""RuntimeClass: a pod naming a RuntimeClass gets its pod overhead and scheduling constraints;
an unknown RuntimeClass is refused (a fresh kubeadm cluster has none)."""
from .. import errors
from .common import forbidden, lookup


class RuntimeClass:
    def __init__(self, server):
        self.server = server

    def admit(self, operation, resource, obj, old, dry_run):
        if operation != "CREATE" or resource.kind != "Pod" or resource.group != "":
            return
        spec = obj.setdefault("spec", {})
        name = spec.get("runtimeClassName")
        if not name:
            return
        runtime_class = self._get(name)
        if runtime_class is None:
            raise forbidden(resource, obj, None, f'pod rejected: RuntimeClass "{name}" not found')
        fixed = (runtime_class.get("overhead") or {}).get("podFixed")
        if fixed:
            if spec.get("overhead") and spec["overhead"] != fixed:
                raise forbidden(resource, obj, None, "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead")
            spec["overhead"] = dict(fixed)
        self._schedule(resource, obj, spec, runtime_class.get("scheduling") or {})

    def _get(self, name):
        try:
            self.server.resource("runtimeclasses.node.k8s.io")
        except errors.ApiError:
            return None
        return lookup(self.server, "runtimeclasses.node.k8s.io", name)

    @staticmethod
    def _schedule(resource, obj, spec, scheduling):
        selector = dict(spec.get("nodeSelector") or {})
        for key, value in sorted((scheduling.get("nodeSelector") or {}).items()):
            if key in selector and selector[key] != value:
                raise forbidden(resource, obj, None, f"conflict: runtimeClass.scheduling.nodeSelector[{key}] = {value}; "
                                                     f"pod.spec.nodeSelector[{key}] = {selector[key]}")
            selector[key] = value
        if selector:
            spec["nodeSelector"] = selector
        tolerations = list(spec.get("tolerations") or [])
        for toleration in scheduling.get("tolerations") or []:
            if toleration not in tolerations:
                tolerations.append(dict(toleration))
        if tolerations:
            spec["tolerations"] = tolerations
