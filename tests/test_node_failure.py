"""Node failure and maintenance in virtual time: a node whose kubelet stops heartbeating turns
Unknown after the grace period, is tainted, its pods turn not ready and are evicted after their
tolerationSeconds; recovery lifts the taints; cordoning keeps new pods away."""
import pytest

from engine import Cluster
from engine.controllers.nodelifecycle import NODE_MONITOR_GRACE_PERIOD, NODE_MONITOR_PERIOD


@pytest.fixture
def c():
    return Cluster(wait=False, workers=3)


def node(c, name):
    return c.api.get("nodes", name)


def ready(c, name):
    return next(x for x in node(c, name)["status"]["conditions"] if x["type"] == "Ready")


def taints(c, name):
    return [(t["key"], t["effect"]) for t in node(c, name)["spec"].get("taints") or []]


def events(c, reason, namespace="default"):
    return [e for e in c.api.list("events", namespace)["items"] if e["reason"] == reason]


def bound_pod(c, name, node_name, **spec):
    """A pod placed on `node_name`, run by its kubelet until it is Ready."""
    c.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
                          "spec": {"nodeName": node_name, "containers": [{"name": "app", "image": "nginx"}], **spec}})
    for _ in range(60):
        if pod_ready(c, name).get("status") == "True":
            return c.api.get("pods", name)
        c.advance(1)
    raise AssertionError(f"{name} never became ready")


def pod_ready(c, name):
    return next((x for x in c.api.get("pods", name)["status"].get("conditions") or [] if x["type"] == "Ready"), {})


def fail_and_wait_unknown(c, name):
    c.fail_node(name)
    failed_at = c.now
    while ready(c, name)["status"] == "True":
        c.advance(1)
        assert c.now - failed_at <= NODE_MONITOR_GRACE_PERIOD + 2 * NODE_MONITOR_PERIOD + 10
    return failed_at


def test_grace_period_is_v132s_50_seconds():
    assert (NODE_MONITOR_PERIOD, NODE_MONITOR_GRACE_PERIOD) == (5.0, 50.0)


def test_failed_node_turns_unknown_after_the_grace_period(c):
    c.advance(30)
    c.fail_node("worker-1")
    failed_at = c.now
    c.advance(39)  # the last renewal was at most 10 s before the failure
    assert ready(c, "worker-1")["status"] == "True"
    while ready(c, "worker-1")["status"] == "True":
        c.advance(1)
    # the last heartbeat seen + 50 s, on a 5 s monitor tick
    assert 40 <= c.now - failed_at <= 60
    cond = ready(c, "worker-1")
    assert cond["reason"] == "NodeStatusUnknown"
    assert cond["message"] == "Kubelet stopped posting node status."
    assert cond["lastTransitionTime"] == c.clock.timestamp(c.now - (c.now % 1))
    conditions = {x["type"]: x for x in node(c, "worker-1")["status"]["conditions"]}
    for type_ in ("MemoryPressure", "DiskPressure", "PIDPressure"):
        assert (conditions[type_]["status"], conditions[type_]["reason"]) == ("Unknown", "NodeStatusUnknown")
    assert all(ready(c, n)["status"] == "True" for n in ("control-plane", "worker-2", "worker-3"))
    out = c.kubectl("get nodes").stdout.splitlines()
    assert out[2].split()[:2] == ["worker-1", "NotReady"]
    [event] = events(c, "NodeNotReady")
    assert event["message"] == "Node worker-1 status is now: NodeNotReady"
    assert event["source"] == {"component": "node-controller"}
    assert event["involvedObject"]["kind"] == "Node"


def test_unreachable_taints_and_timeadded(c):
    fail_and_wait_unknown(c, "worker-1")
    c.advance(0.01)
    assert taints(c, "worker-1") == [("node.kubernetes.io/unreachable", "NoSchedule")]
    # NoExecute is queued on the next monitor pass (the first one still observed Ready) and rate-limited
    c.advance(NODE_MONITOR_PERIOD + 0.1)
    assert ("node.kubernetes.io/unreachable", "NoExecute") in taints(c, "worker-1")
    for taint in node(c, "worker-1")["spec"]["taints"]:
        assert "timeAdded" in taint
    assert taints(c, "worker-2") == []


def test_pods_marked_not_ready_with_an_event(c):
    bound_pod(c, "web", "worker-1")
    bound_pod(c, "other", "worker-2")
    fail_and_wait_unknown(c, "worker-1")
    cond = pod_ready(c, "web")
    assert cond["status"] == "False"
    assert pod_ready(c, "other")["status"] == "True"
    [event] = [e for e in events(c, "NodeNotReady") if e["involvedObject"]["kind"] == "Pod"]
    assert cond["lastTransitionTime"] == event["firstTimestamp"]
    assert (event["type"], event["message"], event["involvedObject"]["name"]) == ("Warning", "Node is not ready", "web")
    # kubectl's READY counts container statuses, which nobody updates: only the condition changed
    assert c.kubectl("get pod web").stdout.splitlines()[1].split()[1:3] == ["1/1", "Running"]


def test_pods_evicted_after_300_seconds_and_stay_terminating(c):
    bound_pod(c, "web", "worker-1")
    bound_pod(c, "forever", "worker-1", tolerations=[{"key": "node.kubernetes.io/unreachable", "operator": "Exists",
                                                      "effect": "NoExecute"}])
    bound_pod(c, "quick", "worker-1", tolerations=[{"key": "node.kubernetes.io/unreachable", "operator": "Exists",
                                                    "effect": "NoExecute", "tolerationSeconds": 20}])
    fail_and_wait_unknown(c, "worker-1")
    c.advance(NODE_MONITOR_PERIOD + 0.1)
    tainted_at = c.clock.parse(next(t["timeAdded"] for t in node(c, "worker-1")["spec"]["taints"]
                                    if t["effect"] == "NoExecute"))
    c.advance(tainted_at + 19 - c.now)
    assert "deletionTimestamp" not in c.api.get("pods", "quick")["metadata"]
    c.advance(2)
    assert "deletionTimestamp" in c.api.get("pods", "quick")["metadata"]
    c.advance(tainted_at + 299 - c.now)
    assert "deletionTimestamp" not in c.api.get("pods", "web")["metadata"]
    c.advance(2)
    web = c.api.get("pods", "web")
    assert web["metadata"]["deletionTimestamp"]
    assert web["metadata"]["deletionGracePeriodSeconds"] == 30
    target = next(x for x in web["status"]["conditions"] if x["type"] == "DisruptionTarget")
    assert (target["status"], target["reason"], target["message"]) == (
        "True", "DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint")
    messages = sorted(e["message"] for e in events(c, "TaintManagerEviction"))
    assert messages == ["Marking for deletion Pod default/quick", "Marking for deletion Pod default/web"]
    assert {e["source"]["component"] for e in events(c, "TaintManagerEviction")} == {"taint-eviction-controller"}
    c.advance(600)  # nobody confirms the kill: the pods stay Terminating
    assert "Terminating" in c.kubectl("get pod web").stdout
    assert "deletionTimestamp" not in c.api.get("pods", "forever")["metadata"]


def test_untolerated_noexecute_taint_evicts_at_once(c):
    bound_pod(c, "web", "worker-2")
    c.api.patch("nodes", "worker-2", {"spec": {"taints": [{"key": "dedicated", "value": "db", "effect": "NoExecute"}]}})
    c.advance(0.001)
    [event] = events(c, "TaintManagerEviction")
    assert event["message"] == "Marking for deletion Pod default/web"
    c.advance(30)  # the live kubelet stops nginx and confirms the deletion
    assert [p["metadata"]["name"] for p in c.api.list("pods", "default")["items"]] == []


def test_new_pods_avoid_the_unreachable_node(c):
    fail_and_wait_unknown(c, "worker-1")
    c.advance(1)
    c.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "pinned"},
                          "spec": {"nodeSelector": {"kubernetes.io/hostname": "worker-1"},
                                   "containers": [{"name": "app", "image": "nginx"}]}})
    c.advance(1)
    [event] = [e for e in events(c, "FailedScheduling") if e["involvedObject"]["name"] == "pinned"]
    assert "1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }" in event["message"]
    for i in range(4):
        c.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"free-{i}"},
                              "spec": {"containers": [{"name": "app", "image": "nginx"}]}})
    c.advance(1)
    placed = {c.api.get("pods", f"free-{i}")["spec"].get("nodeName") for i in range(4)}
    assert placed <= {"worker-2", "worker-3"} and placed


def test_recovery_lifts_the_taints(c):
    bound_pod(c, "web", "worker-1")
    fail_and_wait_unknown(c, "worker-1")
    c.advance(10)
    c.recover_node("worker-1")
    c.advance(NODE_MONITOR_PERIOD + 11)
    assert ready(c, "worker-1")["status"] == "True"
    assert taints(c, "worker-1") == []
    assert "deletionTimestamp" not in c.api.get("pods", "web")["metadata"]
    c.advance(400)  # the eviction was cancelled with the taint
    assert "deletionTimestamp" not in c.api.get("pods", "web")["metadata"]
    assert [e["message"] for e in events(c, "TaintManagerEviction")] == ["Cancelling deletion of Pod default/web"]


def test_all_nodes_down_is_master_disruption_mode():
    c = Cluster(wait=False, workers=2)
    for name in ("control-plane", "worker-1", "worker-2"):
        c.fail_node(name)
    c.advance(NODE_MONITOR_GRACE_PERIOD + 20)
    for name in ("control-plane", "worker-1", "worker-2"):
        assert ready(c, name)["status"] == "Unknown"
        # NoSchedule mirrors the condition, but nobody is evicted when every node looks dead
        assert ("node.kubernetes.io/unreachable", "NoExecute") not in taints(c, name)
        assert ("node.kubernetes.io/unreachable", "NoSchedule") in taints(c, name)


def test_cordon_and_uncordon_through_the_api(c):
    c.api.patch("nodes", "worker-1", {"spec": {"unschedulable": True}})
    c.advance(0.01)
    [taint] = node(c, "worker-1")["spec"]["taints"]
    assert (taint["key"], taint["effect"]) == ("node.kubernetes.io/unschedulable", "NoSchedule")
    assert taint["timeAdded"] == c.clock.timestamp(0)
    assert c.kubectl("get node worker-1").stdout.split()[6] == "Ready,SchedulingDisabled"
    for i in range(6):
        c.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"p{i}"},
                              "spec": {"containers": [{"name": "app", "image": "nginx"}]}})
    c.advance(1)
    assert {c.api.get("pods", f"p{i}")["spec"].get("nodeName") for i in range(6)} == {"worker-2", "worker-3"}
    c.api.patch("nodes", "worker-1", {"spec": {"unschedulable": None}})
    c.advance(0.01)
    assert taints(c, "worker-1") == []


def test_eviction_subresource_deletes_gracefully(c):
    bound_pod(c, "web", "worker-1")
    status = c.api.create("pods", {"apiVersion": "policy/v1", "kind": "Eviction",
                                   "metadata": {"name": "web", "namespace": "default"}},
                          subresource="eviction", name="web", namespace="default")
    assert status["status"] == "Success"
    assert c.api.get("pods", "web")["metadata"]["deletionGracePeriodSeconds"] == 30


def test_label_reconciliation_restores_beta_labels(c):
    c.api.patch("nodes", "worker-3", {"metadata": {"labels": {"beta.kubernetes.io/os": "windows"}}})
    c.advance(0.01)
    assert node(c, "worker-3")["metadata"]["labels"]["beta.kubernetes.io/os"] == "linux"


def test_fail_unknown_node_is_not_found(c):
    with pytest.raises(Exception) as err:
        c.fail_node("worker-9")
    assert 'nodes "worker-9" not found' in str(err.value)


def test_kubelet_reporting_not_ready_gets_not_ready_taints(c):
    c.fail_node("worker-2")  # keep the real kubelet from posting over what we post for it
    node_obj = node(c, "worker-2")
    stamp = c.clock.timestamp()
    cond = next(x for x in node_obj["status"]["conditions"] if x["type"] == "Ready")
    cond.update(status="False", reason="KubeletNotReady", message="container runtime is down",
                lastHeartbeatTime=stamp, lastTransitionTime=stamp)
    c.api.update("nodes", node_obj, subresource="status")
    c.advance(0.01)
    assert taints(c, "worker-2") == [("node.kubernetes.io/not-ready", "NoSchedule")]
    c.advance(NODE_MONITOR_PERIOD + 0.1)
    assert ("node.kubernetes.io/not-ready", "NoExecute") in taints(c, "worker-2")
    # silence after that: Unknown, and the taints swap to unreachable at once
    c.advance(NODE_MONITOR_GRACE_PERIOD + NODE_MONITOR_PERIOD)
    assert ready(c, "worker-2")["status"] == "Unknown"
    assert sorted(taints(c, "worker-2")) == [("node.kubernetes.io/unreachable", "NoExecute"),
                                             ("node.kubernetes.io/unreachable", "NoSchedule")]


def test_no_execute_taints_are_rate_limited_to_one_node_per_10_seconds(c):
    c.fail_node("worker-1")
    c.fail_node("worker-2")
    c.advance(NODE_MONITOR_GRACE_PERIOD + 3 * NODE_MONITOR_PERIOD + 15)
    added = sorted(c.clock.parse(t["timeAdded"]) for name in ("worker-1", "worker-2")
                   for t in node(c, name)["spec"]["taints"] if t["effect"] == "NoExecute")
    assert len(added) == 2 and added[1] - added[0] == 10  # --node-eviction-rate 0.1


def test_three_of_four_nodes_down_stops_tainting_in_a_small_cluster(c):
    # 3 not ready of 4 (>= 55%, more than 2): PartialDisruption, and a zone of 50 nodes or fewer evicts nothing
    for name in ("worker-1", "worker-2", "worker-3"):
        c.fail_node(name)
    c.advance(NODE_MONITOR_GRACE_PERIOD + 4 * NODE_MONITOR_PERIOD)
    for name in ("worker-1", "worker-2", "worker-3"):
        assert ready(c, name)["status"] == "Unknown"
        assert ("node.kubernetes.io/unreachable", "NoSchedule") in taints(c, name)
    no_execute = [name for name in ("worker-1", "worker-2", "worker-3")
                  if ("node.kubernetes.io/unreachable", "NoExecute") in taints(c, name)]
    assert len(no_execute) <= 1  # at most the one tainted before the zone state was computed


def test_a_recovered_kubelet_puts_back_the_ready_conditions_the_node_controller_took():
    c = Cluster(workers=2)
    c.fail_node("worker-1")
    c.advance(90)
    on_node = lambda: c.api.list("pods", field_selector="spec.nodeName=worker-1")["items"]
    ready = lambda p: next(x["status"] for x in p["status"]["conditions"] if x["type"] == "Ready")
    assert [ready(p) for p in on_node()] == ["False"] * 3  # MarkPodsNotReady
    c.recover_node("worker-1")
    c.advance(1)
    assert [ready(p) for p in on_node()] == ["True"] * 3
    assert "kube-proxy   3         3         3       3            3 " in c.kubectl("get ds -n kube-system").stdout
