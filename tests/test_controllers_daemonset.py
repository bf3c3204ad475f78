"""The DaemonSet controller in virtual time: a pod per eligible node pinned by node affinity, with the
daemon tolerations, following nodes as they join and leave; status counters; rolling updates.

"""
import pytest

from engine import Cluster

DS = """
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: logger}
spec:
  selector: {matchLabels: {app: logger}}
  template:
    metadata: {labels: {app: logger}}
    spec:%s
      containers:
      - name: main
        image: busybox:1.28
        command: [sh, -c, "sleep 100000"]
"""
CONTROL_PLANE_TOLERATION = """
      tolerations:
      - {key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}"""

DAEMON_TOLERATIONS = [
    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"},
    {"key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"},
    {"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"},
]


@pytest.fixture
def c():
    return Cluster(wait=False)


def placement(c):
    return sorted(p["spec"].get("nodeName") for p in c.api.list("pods", "default", label_selector="app=logger")["items"]
                  if not p["metadata"].get("deletionTimestamp"))


def test_one_pod_per_worker_pinned_by_node_affinity(c):
    c.apply(DS % "")
    c.advance(30)
    assert placement(c) == ["worker-1", "worker-2", "worker-3"]  # the control-plane taint keeps it off
    pod = next(p for p in c.api.list("pods", "default")["items"] if p["spec"]["nodeName"] == "worker-2")
    assert pod["metadata"]["name"].startswith("logger-")
    assert pod["spec"]["affinity"] == {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["worker-2"]}]}]}}}
    assert pod["spec"]["tolerations"] == DAEMON_TOLERATIONS
    labels = pod["metadata"]["labels"]
    assert labels["pod-template-generation"] == "1"
    revision = c.api.get("controllerrevisions", "logger-" + labels["controller-revision-hash"])
    assert revision["revision"] == 1 and revision["metadata"]["ownerReferences"][0]["name"] == "logger"
    status = c.api.get("daemonsets", "logger")["status"]
    assert status == {"currentNumberScheduled": 3, "desiredNumberScheduled": 3, "numberMisscheduled": 0,
                      "numberReady": 3, "numberAvailable": 3, "updatedNumberScheduled": 3, "observedGeneration": 1}
    created = [e["message"] for e in c.api.list("events", "default")["items"]
               if e["involvedObject"]["kind"] == "DaemonSet" and e["reason"] == "SuccessfulCreate"]
    assert len(created) == 3 and all(m.startswith("Created pod: logger-") for m in created)


def test_tolerating_the_control_plane_taint(c):
    c.apply(DS % CONTROL_PLANE_TOLERATION)
    c.advance(1)
    assert placement(c) == ["control-plane", "worker-1", "worker-2", "worker-3"]
    pod = c.api.list("pods", "default")["items"][0]
    assert pod["spec"]["tolerations"][0] == {"key": "node-role.kubernetes.io/control-plane", "operator": "Exists",
                                             "effect": "NoSchedule"}


def test_pods_follow_nodes_as_they_join_and_leave(c):
    c.apply(DS % "")
    c.advance(1)
    c.register_node("worker-4", 4)
    c.advance(1)
    assert placement(c) == ["worker-1", "worker-2", "worker-3", "worker-4"]
    assert c.api.get("daemonsets", "logger")["status"]["desiredNumberScheduled"] == 4
    c.api.delete("nodes", "worker-4")
    c.advance(1)
    status = c.api.get("daemonsets", "logger")["status"]
    assert status["desiredNumberScheduled"] == 3 and status["currentNumberScheduled"] == 3
    c.api.patch("nodes", "worker-3", {"metadata": {"labels": {"logging": "off"}}}, "application/merge-patch+json")
    c.api.patch("daemonsets", "logger", {"spec": {"template": {"spec": {"affinity": {"nodeAffinity": {
        "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [
            {"key": "logging", "operator": "NotIn", "values": ["off"]}]}]}}}}}}}, "application/merge-patch+json")
    c.advance(60)
    # the pod bound to the deleted worker-4 is PodGC's to remove (not simulated yet), not the DaemonSet's
    assert [n for n in placement(c) if n != "worker-4"] == ["worker-1", "worker-2"]


def test_rolling_update_replaces_one_node_at_a_time(c):
    c.apply(DS % "")
    c.advance(30)
    seen = []
    c.api.watch("pods", lambda kind, pod: seen.append(sorted(
        p["spec"]["nodeName"] for p in c.api.list("pods", "default", label_selector="app=logger")["items"]
        if p["spec"].get("nodeName") and not p["metadata"].get("deletionTimestamp")
        and any(k.get("type") == "Ready" and k.get("status") == "True" for k in p["status"].get("conditions", [])))),
        namespace="default")
    c.api.patch("daemonsets", "logger", {"spec": {"template": {"metadata": {"annotations": {"v": "2"}}}}},
                "application/merge-patch+json")
    c.advance(120)
    assert min(len(s) for s in seen) >= 2  # maxUnavailable 1: never fewer than 2 of 3 nodes served
    pods = c.api.list("pods", "default", label_selector="app=logger")["items"]
    assert sorted(p["metadata"]["labels"]["pod-template-generation"] for p in pods) == ["2", "2", "2"]
    status = c.api.get("daemonsets", "logger")["status"]
    assert status["updatedNumberScheduled"] == 3 and status["observedGeneration"] == 2
