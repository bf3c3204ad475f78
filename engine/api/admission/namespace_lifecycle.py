"""NamespaceLifecycle: no new content in a missing or Terminating namespace, and the immortal
namespaces (default, kube-system, kube-public) may not be deleted."""
from .. import errors
from .common import forbidden, lookup, namespace_of

IMMORTAL = ("default", "kube-system", "kube-public")
# Objects a namespace may be asked about without revealing whether it exists.
ACCESS_REVIEWS = {("authorization.k8s.io", "localsubjectaccessreviews")}


class NamespaceLifecycle:
    def __init__(self, server):
        self.server = server

    def admit(self, operation, resource, obj, old, dry_run):
        if operation == "DELETE":
            return
        self._check(operation, resource, obj, old)

    def validate(self, operation, resource, obj, old, dry_run):
        # the apiserver runs this plug-in's Admit on deletes too; our server only validates deletes
        if operation == "DELETE" and resource.kind == "Namespace" and resource.group == "":
            name = (old or {}).get("metadata", {}).get("name")
            if name in IMMORTAL:
                raise errors.forbidden(resource, name, "this namespace may not be deleted")

    def _check(self, operation, resource, obj, old):
        if resource.kind == "Namespace" and resource.group == "":
            return
        if not resource.namespaced or (resource.group, resource.plural) in ACCESS_REVIEWS:
            return
        namespace = namespace_of(obj, old)
        ns = lookup(self.server, "namespaces", namespace)
        if ns is None:
            raise errors.not_found(self.server.resource("namespaces"), namespace)
        if operation == "CREATE" and (ns.get("status") or {}).get("phase") == "Terminating":
            err = forbidden(resource, obj, old,
                            f"unable to create new content in namespace {namespace} because it is being terminated")
            err.status["details"]["causes"] = [{"reason": "NamespaceTerminating", "field": "metadata.namespace",
                                                "message": f"namespace {namespace} is being terminated"}]
            raise err
