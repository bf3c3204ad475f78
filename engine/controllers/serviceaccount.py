"""The service account controller: every active namespace has a `default` ServiceAccount,
recreated if it is deleted (pkg/controller/serviceaccount)."""
from ..api.errors import ApiError
from .base import Controller, terminating_namespace

DEFAULT = "default"


class ServiceAccountController(Controller):
    name = "serviceaccount"

    def setup(self):
        self.watch("namespaces", self._namespace_event)
        self.watch("serviceaccounts", self._account_event, replay=False)

    def _namespace_event(self, kind, ns):
        if kind != "DELETED":
            self.enqueue(ns["metadata"]["name"])

    def _account_event(self, kind, account):
        if kind == "DELETED" and account["metadata"]["name"] == DEFAULT:
            self.enqueue(account["metadata"]["namespace"])

    def sync(self, namespace):
        ns = self.get("namespaces", namespace)
        if ns is None or (ns.get("status") or {}).get("phase") != "Active":
            return None
        if self.get("serviceaccounts", DEFAULT, namespace) is not None:
            return None
        try:
            self.server.create("serviceaccounts", {"apiVersion": "v1", "kind": "ServiceAccount",
                                                   "metadata": {"name": DEFAULT, "namespace": namespace}})
        except ApiError as e:
            if e.code != 409 and not terminating_namespace(e):
                raise
        return None
