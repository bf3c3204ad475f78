"""ControllerManager: starts kube-controller-manager's controllers against the API server and
tells when their work queues have drained (how a fresh cluster finishes booting).

A new controller subclasses base.Controller (a `name`, watches in `setup()`, `sync(key)`) and is
appended to CONTROLLERS; it then starts with every Cluster."""
from ..api.errors import ApiError
from .cronjob import CronJobController
from .csrsigning import CSRSigningController
from .daemonset import DaemonSetController
from .deployment import DeploymentController
from .disruption import DisruptionController
from .endpoints import EndpointsController
from .endpointslice import EndpointSliceController
from .endpointslicemirroring import EndpointSliceMirroringController
from .garbagecollector import GarbageCollector
from .job import JobController
from .namespace import NamespaceController
from .podautoscaler import HorizontalController
from .nodelifecycle import NodeLifecycleController
from .podgc import PodGCController
from .replicaset import ReplicaSetController, ReplicationControllerController
from .resourcequota import ResourceQuotaController
from .root_ca_publisher import RootCAPublisher
from .serviceaccount import ServiceAccountController
from .statefulset import StatefulSetController
from .taint_eviction import TaintEvictionController
from .ttl_after_finished import TTLAfterFinishedController
from .volume import LocalPathProvisioner, PersistentVolumeController
from .volume_protection import PVCProtectionController, PVProtectionController

# in the order kube-controller-manager starts them; later issues append theirs
CONTROLLERS = [ServiceAccountController, RootCAPublisher, EndpointsController, EndpointSliceController,
               EndpointSliceMirroringController, NamespaceController, ResourceQuotaController,
               PVCProtectionController, PVProtectionController, PersistentVolumeController, LocalPathProvisioner,
               NodeLifecycleController, TaintEvictionController,
               ReplicaSetController, ReplicationControllerController, DeploymentController,
               GarbageCollector, DaemonSetController, StatefulSetController, JobController, CronJobController,
               TTLAfterFinishedController, DisruptionController, PodGCController, HorizontalController,
               CSRSigningController]


# With --use-service-account-credentials (kubeadm's setting) every controller kube-controller-manager
# v1.32 starts (kubeadm adds bootstrapsigner and tokencleaner) runs as its own ServiceAccount in
# kube-system, created when the controller starts.
CONTROLLER_SERVICE_ACCOUNTS = (
    "attachdetach-controller", "bootstrap-signer", "certificate-controller", "clusterrole-aggregation-controller",
    "cronjob-controller", "daemon-set-controller", "deployment-controller", "disruption-controller",
    "endpoint-controller", "endpointslice-controller", "endpointslicemirroring-controller",
    "ephemeral-volume-controller", "expand-controller", "generic-garbage-collector", "horizontal-pod-autoscaler",
    "job-controller", "legacy-service-account-token-cleaner", "namespace-controller", "node-controller",
    "persistent-volume-binder", "pod-garbage-collector", "pv-protection-controller", "pvc-protection-controller",
    "replicaset-controller", "replication-controller", "resourcequota-controller", "root-ca-cert-publisher",
    "service-account-controller", "statefulset-controller", "token-cleaner", "ttl-after-finished-controller",
    "ttl-controller", "validatingadmissionpolicy-status-controller",
)


RENEW_DEADLINE = 10.0  # --leader-elect-renew-deadline: longer without the API loses the leader lease


class ControllerManager:
    def __init__(self, server, clock, controllers=None):
        self.server, self.clock = server, clock
        self.controllers = [cls(self) for cls in (controllers if controllers is not None else CONTROLLERS)]
        self.busy = 0  # > 0 while a controller's sync runs (admission must not run the clock then)
        self.restarts = 0  # times leadership was lost (the process exits and its kubelet starts it again)
        self._unreachable_since = None

    def leading(self):
        """Whether kube-controller-manager still holds its leader lease: cut off from the API (etcd without
        quorum) past the renew deadline it loses it, exits and comes back with empty memory; the periodic
        loops ask this and start over (node health is observed afresh) after a restart."""
        try:
            self.server.get("namespaces", "kube-system")
        except ApiError:
            if self._unreachable_since is None:
                self._unreachable_since = self.clock.now
            elif self.clock.now - self._unreachable_since >= RENEW_DEADLINE and self._unreachable_since >= 0:
                self.restarts += 1
                self._unreachable_since = -1.0  # lost once per outage
            return False
        self._unreachable_since = None
        return True

    def start(self):
        self.server.controller_manager = self
        self._create_service_accounts()
        for controller in self.controllers:
            controller.start()
        return self

    def _create_service_accounts(self):
        existing = {sa["metadata"]["name"] for sa in self.server.list("serviceaccounts", "kube-system")["items"]}
        for name in CONTROLLER_SERVICE_ACCOUNTS:
            if name not in existing:
                self.server.create("serviceaccounts", {"apiVersion": "v1", "kind": "ServiceAccount",
                                                       "metadata": {"name": name, "namespace": "kube-system"}})

    def stop(self):
        for controller in self.controllers:
            controller.stop()
        if getattr(self.server, "controller_manager", None) is self:
            self.server.controller_manager = None

    def idle(self):
        """No controller has a key waiting or in progress (delayed re-checks do not count)."""
        return all(c.idle() for c in self.controllers)

    def settle(self, timeout=1.0):
        """Run the clock until every work queue is empty, for at most `timeout` virtual seconds."""
        return self.clock.run_until(self.idle, timeout)

    def drain(self, predicate, max_syncs=1000):
        """Run queued controller work now, without running the clock, until `predicate()` holds or
        nothing is queued: what the apiserver's retries give the controllers time to do."""
        for _ in range(max_syncs):
            if predicate():
                return True
            pending = next((c for c in self.controllers if len(c.queue)), None)
            if pending is None or self.busy:
                return bool(predicate())
            pending.process_now()
        return bool(predicate())

    def get(self, name):
        return next((c for c in self.controllers if c.name == name), None)
