"""The kubelet's heartbeats: the Lease in kube-node-lease renewed every 10 s, and the Node's status
computed every 10 s (nodeStatusUpdateFrequency) but posted only when it changed or 5 min passed
(nodeStatusReportFrequency), as v1.32 does. Ready is False while the runtime's network is not ready (no CNI
config yet); then the kubelet polls fast (fastStatusUpdateOnce) to post Ready as soon as it is."""
from ...api.errors import ApiError

LEASE_RENEW = 10.0  # renewInterval: a quarter of the 40 s lease duration
STATUS_UPDATE = 10.0
STATUS_REPORT = 300.0
RUNTIME_UP = 5.0  # updateRuntimeUp: how often the kubelet reads the runtime's status (NetworkReady)
FAST_STATUS = 0.1  # fastStatusUpdateOnce: how often it checks a not-ready node at startup...
NODE_READY_GRACE = 120.0  # ...for at most nodeReadyGracePeriod
# runtimeState.networkErrors() while containerd's CNI has no config (go-cni's ErrCNINotInitialized)
NETWORK_NOT_READY = ("container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady "
                     "message:Network plugin returns error: cni plugin not initialized")
CONDITIONS = (("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
              ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
              ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
              ("Ready", "True", "KubeletReady", "kubelet is posting ready status"))


def setter_conditions(network_error):
    """The setters' conditions: Ready is False with the runtime's error as its message (ReadyCondition)."""
    if network_error is None:
        return CONDITIONS
    return CONDITIONS[:-1] + (("Ready", "False", "KubeletNotReady", network_error),)


class Heartbeat:
    def __init__(self, kubelet):
        self.kl = kubelet
        self.timers = []
        self.last_report = None
        self.lease = None  # the Lease as last written, for the next renewal
        self.runtime_timer = self.fast_timer = None

    def start(self):
        self.renew_lease()
        if not self.kl.cni_preinstalled:
            self._runtime_tick()
        self.update_status(force=True)
        self.timers = [self.kl.clock.call_later(LEASE_RENEW, self._lease_tick, priority=3),
                       self.kl.clock.call_later(STATUS_UPDATE, self._status_tick, priority=3)]
        if self.kl.network_error is not None:
            self.fast_timer = self.kl.clock.call_later(FAST_STATUS, lambda: self._fast_tick(self.kl.clock.now),
                                                       priority=3)

    def stop(self):
        for timer in self.timers + [self.runtime_timer, self.fast_timer]:
            if timer is not None:
                timer.cancel()
        self.timers = []
        self.runtime_timer = self.fast_timer = None

    def _runtime_tick(self):
        self.runtime_timer = self.kl.clock.call_later(RUNTIME_UP, self._runtime_tick, priority=3)
        self.kl.update_runtime_up()

    def _fast_tick(self, started):
        """fastNodeStatusUpdate: read the runtime now and post the status once the node turns Ready."""
        self.fast_timer = None
        self.kl.update_runtime_up()
        if self.kl.network_error is None:
            self.update_status()
        elif self.kl.clock.now - started < NODE_READY_GRACE:
            self.fast_timer = self.kl.clock.call_later(FAST_STATUS, lambda: self._fast_tick(started), priority=3)

    def _lease_tick(self):
        self.timers[0] = self.kl.clock.call_later(LEASE_RENEW, self._lease_tick, priority=3)
        self.renew_lease()

    def _status_tick(self):
        self.timers[1] = self.kl.clock.call_later(STATUS_UPDATE, self._status_tick, priority=3)
        self.update_status()

    def renew_lease(self):
        clock = self.kl.clock
        try:
            self.lease = self._update_lease({"holderIdentity": self.kl.node_name, "leaseDurationSeconds": 40,
                                             "renewTime": clock.micro_timestamp()})
        except ApiError as e:
            self.lease = None
            if e.code != 404:
                return
            lease = {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                     "metadata": {"name": self.kl.node_name, "namespace": "kube-node-lease"},
                     "spec": {"holderIdentity": self.kl.node_name, "leaseDurationSeconds": 40,
                              "renewTime": clock.micro_timestamp()}}
            try:  # owned by the Node only while the Node exists, as the lease controller sets it
                node = self.kl.api.get("nodes", self.kl.node_name)
                lease["metadata"]["ownerReferences"] = [{"apiVersion": "v1", "kind": "Node", "name": self.kl.node_name,
                                                         "uid": node["metadata"]["uid"]}]
            except ApiError:
                pass
            try:
                self.kl.api.create("leases", lease, namespace="kube-node-lease")
            except ApiError:
                pass

    def _update_lease(self, spec):
        """An update of the Lease the kubelet last wrote, as its lease controller does; a get first when
        it has none or someone else wrote the Lease since (a conflict)."""
        api, name = self.kl.api, self.kl.node_name
        for latest in (self.lease, None):
            lease = latest or api.get("leases", name, "kube-node-lease")
            try:
                return api.update("leases", dict(lease, spec=dict(lease.get("spec") or {}, **spec)), "kube-node-lease")
            except ApiError as e:
                if e.code != 409 or latest is None:
                    raise
        raise AssertionError("unreachable")

    def update_status(self, force=False):
        clock = self.kl.clock
        try:
            node = self.kl.api.get("nodes", self.kl.node_name)
        except ApiError:
            return
        now = clock.timestamp()
        # the setters update their conditions in place and append missing ones; conditions others own
        # (NetworkUnavailable, set by the network plugin) stay where they are
        conditions = list((node.get("status") or {}).get("conditions") or [])
        at = {c["type"]: i for i, c in enumerate(conditions)}
        changed = False
        for type_, status, reason, message in setter_conditions(self.kl.network_error):
            prev = conditions[at[type_]] if type_ in at else {}
            moved = prev.get("status") != status
            changed = changed or moved or prev.get("reason") != reason or prev.get("message") != message
            condition = {"lastHeartbeatTime": now,
                         "lastTransitionTime": now if moved else prev.get("lastTransitionTime", now),
                         "message": message, "reason": reason, "status": status, "type": type_}
            if type_ in at:
                conditions[at[type_]] = condition
            else:
                conditions.append(condition)
        due = self.last_report is None or clock.now - self.last_report >= STATUS_REPORT
        if not (force or changed or due):
            return
        node["status"]["conditions"] = conditions
        try:
            self.kl.api.update("nodes", node, subresource="status")
        except ApiError:
            return
        self.last_report = clock.now
