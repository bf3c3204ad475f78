"""The node lifecycle controller (pkg/controller/nodelifecycle): notices nodes whose kubelet stopped
heartbeating, marks them Unknown, taints them, marks their pods not ready, and mirrors conditions and
cordoning into NoSchedule taints."""
import copy

from ..api.errors import ApiError
from ..events import EventRecorder
from .base import Controller, split_key

# kube-controller-manager v1.32 defaults (--node-monitor-period, --node-monitor-grace-period: 50 s
# since v1.32, kubernetes#126287; --node-startup-grace-period; --node-eviction-rate, ...)
NODE_MONITOR_PERIOD = 5.0
NODE_MONITOR_GRACE_PERIOD = 50.0
NODE_STARTUP_GRACE_PERIOD = 60.0
NODE_EVICTION_PERIOD = 0.1  # how often the zone tainters run
EVICTION_LIMITER_QPS = 0.1
SECONDARY_EVICTION_LIMITER_QPS = 0.01
EVICTION_BURST = 1
LARGE_CLUSTER_THRESHOLD = 50
UNHEALTHY_ZONE_THRESHOLD = 0.55

UNREACHABLE = "node.kubernetes.io/unreachable"
NOT_READY = "node.kubernetes.io/not-ready"
UNSCHEDULABLE = "node.kubernetes.io/unschedulable"
# node condition -> {status: taint key}, each tainted NoSchedule by the no-schedule pass
CONDITION_TAINTS = {
    "Ready": {"False": NOT_READY, "Unknown": UNREACHABLE},
    "MemoryPressure": {"True": "node.kubernetes.io/memory-pressure"},
    "DiskPressure": {"True": "node.kubernetes.io/disk-pressure"},
    "NetworkUnavailable": {"True": "node.kubernetes.io/network-unavailable"},
    "PIDPressure": {"True": "node.kubernetes.io/pid-pressure"},
}
CONDITION_TAINT_KEYS = {key for by_status in CONDITION_TAINTS.values() for key in by_status.values()}
# the conditions a silent kubelet leaves Unknown (NetworkUnavailable belongs to the network plugin)
HEARTBEAT_CONDITIONS = ("Ready", "MemoryPressure", "DiskPressure", "PIDPressure")
LABEL_RECONCILE = (("kubernetes.io/os", "beta.kubernetes.io/os"), ("kubernetes.io/arch", "beta.kubernetes.io/arch"))
ZONE_LABEL, REGION_LABEL = "topology.kubernetes.io/zone", "topology.kubernetes.io/region"
EXCLUDE_DISRUPTION_LABEL = "node.kubernetes.io/exclude-disruption"

STATE_INITIAL, STATE_NORMAL = "Initial", "Normal"
STATE_FULL, STATE_PARTIAL = "FullDisruption", "PartialDisruption"


def condition(node, type_):
    return next((c for c in (node.get("status") or {}).get("conditions") or [] if c.get("type") == type_), None)


def has_taint(node, key, effect):
    return any(t.get("key") == key and t.get("effect") == effect for t in node["spec"].get("taints") or [])


def zone_key(node):
    """GetZoneKey: "region:\\x00:zone", or "" for a node without topology labels."""
    labels = node["metadata"].get("labels") or {}
    region, zone = labels.get(REGION_LABEL, ""), labels.get(ZONE_LABEL, "")
    return f"{region}:\x00:{zone}" if region or zone else ""


class ZoneTainter:
    """RateLimitedTimedQueue with a token bucket: nodes waiting for their NoExecute taint."""

    def __init__(self, clock, qps):
        self.clock, self.queue = clock, {}  # nodes waiting, in order
        self.members = set()  # UniqueQueue's set: a processed node stays in it until removed
        self.swap_limiter(qps)

    def swap_limiter(self, qps):
        if getattr(self, "qps", None) == qps:
            return
        # SwapLimiter: a limiter with no token left hands an empty bucket to its successor
        drained = hasattr(self, "qps") and not self.try_accept()
        self.qps, self.last = qps, self.clock.now
        self.tokens = 0.0 if qps <= 0 or drained else float(EVICTION_BURST)

    def add(self, name, uid):
        if name in self.members:
            return False
        self.members.add(name)
        self.queue[name] = uid
        return True

    def remove(self, name):
        self.queue.pop(name, None)
        if name in self.members:
            self.members.discard(name)
            return True
        return False

    def try_accept(self):
        if self.qps <= 0:
            return False
        now = self.clock.now
        self.tokens = min(EVICTION_BURST, self.tokens + (now - self.last) * self.qps)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    def next_token_in(self):
        return max(0.0, (1 - self.tokens) / self.qps) if self.qps > 0 else None


class NodeLifecycleController(Controller):
    name = "node-lifecycle-controller"

    def __init__(self, manager):
        super().__init__(manager)
        self.recorder = EventRecorder(self.server, self.clock, "node-controller")
        self.known = {}  # node name -> uid
        self.nodes = {}  # the node informer's cache (shared watch objects: copy before changing)
        self.renewals = {}  # node name -> its Lease's spec.renewTime
        self.health = {}  # node name -> {"probe", "transition", "ready", "renew"}
        self._restarts = 0
        self.zone_states = {}
        self.tainters = {}
        self.retry = set()
        self.pods_by_node = {}  # node name -> {pod key}
        self.pod_nodes = {}  # pod key -> node name
        self._monitor_timer = self._taint_timer = None

    def setup(self):
        self.watch("pods", self._pod_event)
        self.watch("nodes", self._node_event)
        self.watch("leases", self._lease_event, namespace="kube-node-lease")
        self.monitor()

    def stop(self):
        super().stop()
        for timer in (self._monitor_timer, self._taint_timer):
            if timer:
                timer.cancel()

    # informers
    def _node_event(self, kind, node):
        name = node["metadata"]["name"]
        if kind == "DELETED":
            self.nodes.pop(name, None)
            self.retry.discard(name)
        else:
            self.nodes[name] = node
            self.enqueue("node/" + name)

    def _lease_event(self, kind, lease):
        name = lease["metadata"]["name"]
        if kind == "DELETED":
            self.renewals.pop(name, None)
        else:
            self.renewals[name] = (lease.get("spec") or {}).get("renewTime")

    def _pod_event(self, kind, pod):
        meta = pod["metadata"]
        key = f"{meta['namespace']}/{meta['name']}"
        node_name = None if kind == "DELETED" else pod["spec"].get("nodeName")
        old_node = self.pod_nodes.pop(key, None)
        if old_node and old_node != node_name:
            self.pods_by_node.get(old_node, set()).discard(key)
        if not node_name:
            return
        self.pod_nodes[key] = node_name
        if old_node != node_name:
            self.pods_by_node.setdefault(node_name, set()).add(key)
            self.enqueue("pod/" + key)  # a pod newly bound to a node

    def pods_on(self, node_name):
        pods = []
        for key in sorted(self.pods_by_node.get(node_name, ())):
            namespace, name = split_key(key)
            pod = self.get("pods", name, namespace)
            if pod is not None and pod["spec"].get("nodeName") == node_name:
                pods.append(pod)
        return pods

    # the worker queue: NoSchedule taints and labels per node, and pods bound to an unready node
    def sync(self, key):
        kind, _, rest = key.partition("/")
        if kind == "node":
            self.no_schedule_tainting_pass(rest)
            self.reconcile_labels(rest)
        else:
            self.process_pod(rest)

    def no_schedule_tainting_pass(self, name):
        node = self.get("nodes", name)
        if node is None:
            return
        wanted = []
        for cond in (node.get("status") or {}).get("conditions") or []:
            key = CONDITION_TAINTS.get(cond.get("type"), {}).get(cond.get("status"))
            if key:
                wanted.append({"key": key, "effect": "NoSchedule"})
        if node["spec"].get("unschedulable"):
            wanted.append({"key": UNSCHEDULABLE, "effect": "NoSchedule"})
        present = [t for t in node["spec"].get("taints") or [] if t.get("effect") == "NoSchedule"
                   and (t.get("key") == UNSCHEDULABLE or t.get("key") in CONDITION_TAINT_KEYS)]
        to_add = [t for t in wanted if not any(_same(t, p) for p in present)]
        to_remove = [t for t in present if not any(_same(t, w) for w in wanted)]
        if to_add or to_remove:
            self.swap_taints(name, to_add, to_remove)

    def reconcile_labels(self, name):
        node = self.get("nodes", name)
        labels = (node or {}).get("metadata", {}).get("labels")
        if not labels:
            return
        updates = {secondary: labels[primary] for primary, secondary in LABEL_RECONCILE
                   if primary in labels and labels.get(secondary) != labels[primary]}
        if updates:
            self.server.patch("nodes", name, {"metadata": {"labels": updates}})

    def process_pod(self, key):
        namespace, name = split_key(key)
        pod = self.get("pods", name, namespace)
        if pod is None:
            return
        node_name = pod["spec"].get("nodeName")
        health = self.health.get(node_name)
        if health is None or self.get("nodes", node_name) is None or health["ready"] is None:
            return
        if health["ready"].get("status") != "True":
            self.mark_pods_not_ready([pod], node_name)

    # taints through the API (controller.AddOrUpdateTaintOnNode / RemoveTaintOffNode)
    def swap_taints(self, name, to_add, to_remove):
        """Add taints (stamped with timeAdded) and remove others in one write; False if the node is gone."""
        for _ in range(5):
            node = self.get("nodes", name)
            if node is None:
                return False
            taints = [t for t in node["spec"].get("taints") or [] if not any(_same(t, r) for r in to_remove)]
            for taint in to_add:
                taints = [t for t in taints if not _same(t, taint)]
                taints.append(dict(taint, timeAdded=self.clock.timestamp()))
            if taints == (node["spec"].get("taints") or []):
                return True
            node["spec"]["taints"] = taints
            if not taints:
                node["spec"].pop("taints")
            try:
                self.server.update("nodes", node)
                return True
            except ApiError as e:
                if e.code != 409:
                    raise
        return False

    def mark_node_reachable(self, node):
        name = node["metadata"]["name"]
        gone = [{"key": UNREACHABLE, "effect": "NoExecute"}, {"key": NOT_READY, "effect": "NoExecute"}]
        current = self.nodes.get(name, node)
        if any(has_taint(current, t["key"], t["effect"]) for t in gone):
            self.swap_taints(name, [], gone)
        tainter = self.tainters.get(zone_key(node))
        return tainter.remove(name) if tainter else False

    # monitorNodeHealth, every NODE_MONITOR_PERIOD
    def monitor(self):
        self._monitor_timer = self.clock.call_later(NODE_MONITOR_PERIOD, self.monitor, priority=5)
        if not self.manager.leading():
            return
        if self.manager.restarts != self._restarts:  # a new process: it has heard from no node yet
            self._restarts, self.health = self.manager.restarts, {}
        self.manager.busy += 1
        try:
            self.monitor_node_health()
        finally:
            self.manager.busy -= 1

    def monitor_node_health(self):
        nodes = [self.nodes[name] for name in sorted(self.nodes)]
        names = set(self.nodes)
        for node in nodes:
            name = node["metadata"]["name"]
            self._ensure_zone(node)
            if name not in self.known:
                self.known[name] = node["metadata"]["uid"]
                self.record_node_event(node, "RegisteredNode", f"Registered Node {name} in Controller")
                self.mark_node_reachable(node)
        for name in sorted(set(self.known) - names):
            uid = self.known.pop(name)
            self.record_node_event({"metadata": {"name": name, "uid": uid}}, "RemovingNode",
                                   f"Removing Node {name} from Controller")
            self.health.pop(name, None)
        zone_conditions = {}
        for node in nodes:
            self.update_node(node, zone_conditions)
        self.handle_disruption(zone_conditions, nodes)

    def update_node(self, node, zone_conditions):
        name = node["metadata"]["name"]
        try:
            observed, current = self.try_update_node_health(node)
        except ApiError:
            return
        if EXCLUDE_DISRUPTION_LABEL not in (node["metadata"].get("labels") or {}):
            zone_conditions.setdefault(zone_key(node), []).append(current)
        if current is None:
            return
        self.process_taint_based_eviction(node, observed)
        went_down = current.get("status") != "True" and observed.get("status") == "True"
        if went_down:
            self.record_status_change(node, "NodeNotReady")
        if went_down or (name in self.retry and observed.get("status") != "True"):
            try:
                self.mark_pods_not_ready(self.pods_on(name), name)
            except ApiError:
                self.retry.add(name)
                return
        self.retry.discard(name)

    def try_update_node_health(self, node):
        """Refresh what we last heard from the node's kubelet; past the grace period, post Unknown.
        Returns (the Ready condition as observed, the Ready condition now)."""
        name, now = node["metadata"]["name"], self.clock.now
        current = condition(node, "Ready")
        health = self.health.get(name)
        if current is None:
            created = self.clock.parse(node["metadata"]["creationTimestamp"])
            observed = {"type": "Ready", "status": "Unknown", "lastHeartbeatTime": node["metadata"]["creationTimestamp"],
                        "lastTransitionTime": node["metadata"]["creationTimestamp"]}
            grace = NODE_STARTUP_GRACE_PERIOD
            if health is None:
                health = {"probe": created, "transition": created, "ready": None, "renew": None}
        else:
            observed, grace = dict(current), NODE_MONITOR_GRACE_PERIOD
        saved = health["ready"] if health else None
        if health is None or (saved is None and current is not None):
            health = {"probe": now, "transition": now, "ready": None, "renew": health and health["renew"]}
        elif saved is not None and current is not None and saved.get("lastHeartbeatTime") != current.get("lastHeartbeatTime"):
            transition = now if saved.get("lastTransitionTime") != current.get("lastTransitionTime") else health["transition"]
            health = dict(health, probe=now, transition=transition)
        health["ready"] = dict(current) if current else None
        renew = self.renewals.get(name)
        if renew and renew != health["renew"] and (health["renew"] is None
                                                   or self.clock.parse(renew) > self.clock.parse(health["renew"])):
            health["renew"], health["probe"] = renew, now
        self.health[name] = health
        if now > health["probe"] + grace:
            node = copy.deepcopy(node)
            changed = self._mark_unknown(node)
            current = condition(node, "Ready")
            if changed and current != observed:
                self.server.update("nodes", node, subresource="status")
                health["ready"], health["transition"] = dict(current), now
        return observed, current

    def _mark_unknown(self, node):
        stamp, changed = self.clock.timestamp(), False
        conditions = node.setdefault("status", {}).setdefault("conditions", [])
        for type_ in HEARTBEAT_CONDITIONS:
            cond = condition(node, type_)
            if cond is None:
                conditions.append({"type": type_, "status": "Unknown", "reason": "NodeStatusNeverUpdated",
                                   "message": "Kubelet never posted node status.",
                                   "lastHeartbeatTime": node["metadata"]["creationTimestamp"], "lastTransitionTime": stamp})
                changed = True
            elif cond.get("status") != "Unknown":
                cond.update(status="Unknown", reason="NodeStatusUnknown", message="Kubelet stopped posting node status.",
                            lastTransitionTime=stamp)
                changed = True
        return changed

    def process_taint_based_eviction(self, node, observed):
        name, status = node["metadata"]["name"], observed.get("status")
        if status == "False":
            if has_taint(node, UNREACHABLE, "NoExecute"):
                self.swap_taints(name, [{"key": NOT_READY, "effect": "NoExecute"}], [{"key": UNREACHABLE, "effect": "NoExecute"}])
            else:
                self.mark_for_tainting(node, NOT_READY)
        elif status == "Unknown":
            if has_taint(node, NOT_READY, "NoExecute"):
                self.swap_taints(name, [{"key": UNREACHABLE, "effect": "NoExecute"}], [{"key": NOT_READY, "effect": "NoExecute"}])
            else:
                self.mark_for_tainting(node, UNREACHABLE)
        elif status == "True":
            self.mark_node_reachable(node)

    def mark_for_tainting(self, node, key):
        tainter = self.tainters[zone_key(node)]
        name = node["metadata"]["name"]
        if not has_taint(node, key, "NoExecute"):
            tainter.remove(name)
        if tainter.add(name, node["metadata"]["uid"]):
            self._arm_tainting()

    # doNoExecuteTaintingPass, every NODE_EVICTION_PERIOD while a node waits
    def _arm_tainting(self, delay=NODE_EVICTION_PERIOD):
        if self._taint_timer is None:
            self._taint_timer = self.clock.call_later(delay, self._tainting_pass, priority=5)

    def _tainting_pass(self):
        self._taint_timer = None
        waits = []
        for zone in sorted(self.tainters):
            tainter = self.tainters[zone]
            for name in list(tainter.queue):
                if not tainter.try_accept():
                    break
                del tainter.queue[name]
                self._taint_no_execute(name)
            if tainter.queue and tainter.next_token_in() is not None:
                waits.append(tainter.next_token_in())
        if waits:
            periods = max(1, -(-min(waits) // NODE_EVICTION_PERIOD))
            self._arm_tainting(periods * NODE_EVICTION_PERIOD)

    def _taint_no_execute(self, name):
        node = self.get("nodes", name)
        ready = condition(node, "Ready") if node else None
        if ready is None or ready.get("status") not in ("False", "Unknown"):
            return
        add, opposite = (NOT_READY, UNREACHABLE) if ready["status"] == "False" else (UNREACHABLE, NOT_READY)
        self.swap_taints(name, [{"key": add, "effect": "NoExecute"}], [{"key": opposite, "effect": "NoExecute"}])

    # zones and disruption
    def _ensure_zone(self, node):
        zone = zone_key(node)
        if zone not in self.zone_states:
            self.zone_states[zone] = STATE_INITIAL
            self.tainters[zone] = ZoneTainter(self.clock, EVICTION_LIMITER_QPS)

    @staticmethod
    def compute_zone_state(conditions):
        ready = sum(1 for c in conditions if c is not None and c.get("status") == "True")
        not_ready = len(conditions) - ready
        if ready == 0 and not_ready > 0:
            return STATE_FULL
        if not_ready > 2 and not_ready / (not_ready + ready) >= UNHEALTHY_ZONE_THRESHOLD:
            return STATE_PARTIAL
        return STATE_NORMAL

    def handle_disruption(self, zone_conditions, nodes):
        new_states = {zone: self.compute_zone_state(conds) for zone, conds in zone_conditions.items()}
        all_are_full = all(s == STATE_FULL for s in new_states.values())
        for zone in list(self.zone_states):
            if zone not in zone_conditions:
                del self.zone_states[zone]
        all_were_full = all(s == STATE_FULL for s in self.zone_states.values())
        if all_are_full and all_were_full:
            return
        if all_are_full:
            # every node is down: more likely the control plane lost its network than every kubelet died
            for node in nodes:
                self.mark_node_reachable(node)
            for zone in self.zone_states:
                self.tainters[zone].swap_limiter(0)
                self.zone_states[zone] = STATE_FULL
            return
        if all_were_full:
            for health in self.health.values():
                health["probe"] = health["transition"] = self.clock.now
        for zone, state in new_states.items():
            if all_were_full or self.zone_states.get(zone) != state:
                self.set_limiter(zone, len(zone_conditions[zone]), state)
                self.zone_states[zone] = state
        self._arm_tainting()

    def set_limiter(self, zone, size, state):
        if state == STATE_NORMAL or state == STATE_FULL:
            self.tainters[zone].swap_limiter(EVICTION_LIMITER_QPS)
        elif state == STATE_PARTIAL:
            self.tainters[zone].swap_limiter(SECONDARY_EVICTION_LIMITER_QPS if size > LARGE_CLUSTER_THRESHOLD else 0)

    # pods and events
    def mark_pods_not_ready(self, pods, node_name):
        """MarkPodsNotReady: Ready turns False on every pod of the node (and a NodeNotReady event each)."""
        stamp = self.clock.timestamp()
        for pod in pods:
            if pod["spec"].get("nodeName") != node_name:
                continue
            ready = next((c for c in pod.get("status", {}).get("conditions") or [] if c.get("type") == "Ready"), None)
            if ready is None or ready.get("status") == "False":
                continue
            ready.update(status="False", lastTransitionTime=stamp)
            try:
                self.server.update("pods", pod, subresource="status")
            except ApiError as e:
                if e.code == 404:
                    continue
                raise
            self.recorder.event(pod, "Warning", "NodeNotReady", "Node is not ready")

    def record_node_event(self, node, reason, event):
        meta = node["metadata"]
        ref = {"kind": "Node", "name": meta["name"], "uid": meta.get("uid"), "apiVersion": "v1"}
        self.recorder.event(ref, "Normal", reason, f"Node {meta['name']} event: {event}")

    def record_status_change(self, node, status):
        meta = node["metadata"]
        ref = {"kind": "Node", "name": meta["name"], "uid": meta.get("uid"), "apiVersion": "v1"}
        self.recorder.event(ref, "Normal", status, f"Node {meta['name']} status is now: {status}")


def _same(a, b):
    """Taint identity for swapping: key and effect (MatchTaint)."""
    return a.get("key") == b.get("key") and a.get("effect") == b.get("effect")
