"""The cloud-controller-manager's service controller on a simulated cloud: a LoadBalancer Service gets
the load-balancer-cleanup finalizer, EnsuringLoadBalancer, then (after the cloud's few seconds) an address
from the pool in status.loadBalancer.ingress and EnsuredLoadBalancer; leaving LoadBalancer releases it.

A kubeadm cluster has no cloud provider (its LoadBalancer Services stay <pending>); the course's cluster
runs this one unless Cluster(addons=False), like kind's cloud-provider-kind, with addresses on the nodes'
network (172.18.255.200-250)."""
import ipaddress

from ..api.errors import ApiError
from ..events import EventRecorder
from .base import Controller, split_key

FINALIZER = "service.kubernetes.io/load-balancer-cleanup"
POOL_FIRST, POOL_LAST = ipaddress.ip_address("172.18.255.200"), ipaddress.ip_address("172.18.255.250")
PROVISION_SECONDS = 5  # the simulated cloud API's time to create a load balancer


class CloudServiceController(Controller):
    name = "service-lb-controller"

    def setup(self):
        self.recorder = EventRecorder(self.server, self.clock, "service-controller")
        self.pending = {}  # key -> virtual time the cloud finishes creating the load balancer
        self.watch("services", lambda kind, svc: self.enqueue(f"{svc['metadata']['namespace']}/{svc['metadata']['name']}"))

    def sync(self, key):
        namespace, name = split_key(key)
        svc = self.get("services", name, namespace)
        if svc is None:
            self.pending.pop(key, None)
            return None
        meta = svc["metadata"]
        wants = svc["spec"].get("type") == "LoadBalancer" and not meta.get("deletionTimestamp")
        has = FINALIZER in (meta.get("finalizers") or ())
        if wants:
            return self._ensure(key, svc, has)
        self.pending.pop(key, None)
        if has or ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress"):
            self._delete(svc)
        return None

    def _ensure(self, key, svc, has_finalizer):
        ingress = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress")
        if ingress and has_finalizer:
            return None
        if key not in self.pending:
            if not has_finalizer:
                self._patch_finalizers(svc, list(svc["metadata"].get("finalizers") or []) + [FINALIZER])
            self.recorder.event(svc, "Normal", "EnsuringLoadBalancer", "Ensuring load balancer")
            self.pending[key] = self.clock.now + PROVISION_SECONDS
        left = self.pending[key] - self.clock.now
        if left > 0:
            return left
        del self.pending[key]
        address = self._free_address()
        if address is None:
            self.recorder.event(svc, "Warning", "SyncLoadBalancerFailed",
                                "Error syncing load balancer: failed to ensure load balancer: no address left in the pool")
            return 30.0
        fresh = self.get("services", svc["metadata"]["name"], svc["metadata"]["namespace"])
        if fresh is None:
            return None
        fresh.setdefault("status", {})["loadBalancer"] = {"ingress": [{"ip": address, "ipMode": "VIP"}]}
        try:
            self.server.update("services", fresh, fresh["metadata"]["namespace"], subresource="status")
        except ApiError as e:
            if e.code == 409:
                return 0.001
            raise
        self.recorder.event(svc, "Normal", "EnsuredLoadBalancer", "Ensured load balancer")
        return None

    def _delete(self, svc):
        self.recorder.event(svc, "Normal", "DeletingLoadBalancer", "Deleting load balancer")
        meta = svc["metadata"]
        if ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress"):
            fresh = self.get("services", meta["name"], meta["namespace"])
            if fresh is not None:
                fresh["status"]["loadBalancer"] = {}
                try:
                    self.server.update("services", fresh, meta["namespace"], subresource="status")
                except ApiError as e:
                    if e.code not in (404, 409):
                        raise
        self._patch_finalizers(svc, [f for f in meta.get("finalizers") or () if f != FINALIZER])
        self.recorder.event(svc, "Normal", "DeletedLoadBalancer", "Deleted load balancer")

    def _patch_finalizers(self, svc, finalizers):
        meta = svc["metadata"]
        try:
            self.server.patch("services", meta["name"], {"metadata": {"finalizers": finalizers or None}},
                              "application/merge-patch+json", meta["namespace"])
        except ApiError as e:
            if e.code != 404:
                raise

    def _free_address(self):
        used = {i.get("ip") for s in self.server.list("services")["items"]
                for i in ((s.get("status") or {}).get("loadBalancer") or {}).get("ingress") or ()}
        address = POOL_FIRST
        while address <= POOL_LAST:
            if str(address) not in used:
                return str(address)
            address += 1
        return None
