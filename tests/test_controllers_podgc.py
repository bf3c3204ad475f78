"""The pod garbage collector: every 20 virtual seconds it force-deletes pods bound to nodes gone for
the 40 s quarantine (marked Failed with DisruptionTarget/DeletionByPodGC), terminated pods over the
threshold (oldest first), terminating pods never scheduled, and terminating pods of out-of-service nodes."""
import pytest

from engine import Cluster
from engine.controllers.podgc import TERMINATED_POD_GC_THRESHOLD


@pytest.fixture
def c():
    return Cluster(workers=2)


def pod(name, **spec):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
            "spec": {"containers": [{"name": "c", "image": "nginx"}], **spec}}


def exists(c, name, namespace="default"):
    return any(p["metadata"]["name"] == name for p in c.api.list("pods", namespace)["items"])


def record(c, name):
    """The versions of pod `name` the watch shows, from now on."""
    seen = []
    c.api.watch("pods", lambda kind, p: seen.append((kind, p)) if p["metadata"]["name"] == name else None,
                namespace="default")
    return seen


def test_default_threshold_is_kube_controller_managers():
    assert TERMINATED_POD_GC_THRESHOLD == 12500


def test_pods_of_a_deleted_node_go_after_the_quarantine(c):
    c.api.create("pods", pod("web", nodeName="worker-1"))
    c.advance(5)
    seen = record(c, "web")
    c.fail_node("worker-1")
    deleted_at = c.now
    assert c.kubectl("delete node worker-1").exit_code == 0
    gc_passes = [t for t in range(0, 200, 20) if t >= deleted_at]
    first_seen = gc_passes[0]  # the first pass after the delete notices the missing node
    c.advance(first_seen + 40 - c.now - 0.01)
    assert exists(c, "web")
    c.advance(0.02)
    assert not exists(c, "web")
    failed = next(p for kind, p in seen if kind == "MODIFIED" and p["status"]["phase"] == "Failed")
    target = next(x for x in failed["status"]["conditions"] if x["type"] == "DisruptionTarget")
    assert {k: target[k] for k in ("status", "reason", "message")} == {
        "status": "True", "reason": "DeletionByPodGC", "message": "PodGC: node no longer exists"}
    assert seen[-1][0] == "DELETED"
    assert not any(p["spec"].get("nodeName") == "worker-1" for p in c.api.list("pods")["items"])


def test_terminated_pods_over_the_threshold_go_oldest_first(c):
    c.controller_manager.get("podgc").threshold = 2
    for i in range(4):
        c.api.create("pods", pod(f"job-{i}", restartPolicy="Never",
                                 containers=[{"name": "c", "image": "busybox", "command": ["true"]}]))
        c.advance(3)
    c.api.create("pods", pod("keeps-running"))
    c.advance(20)
    names = sorted(p["metadata"]["name"] for p in c.api.list("pods", "default")["items"])
    assert names == ["job-2", "job-3", "keeps-running"]


def test_terminating_pod_never_scheduled_is_failed_and_deleted(c):
    held = pod("held", nodeSelector={"disk": "none"})
    held["metadata"]["finalizers"] = ["example.com/hold"]
    c.api.create("pods", held)
    c.advance(1)
    c.api.delete("pods", "held")
    assert c.api.get("pods", "held")["status"]["phase"] == "Pending"
    c.advance(20)
    current = c.api.get("pods", "held")  # the finalizer keeps it, now Failed
    assert current["status"]["phase"] == "Failed" and current["metadata"]["deletionGracePeriodSeconds"] == 0
    c.api.patch("pods", "held", {"metadata": {"finalizers": None}}, patch_type="application/merge-patch+json")
    assert not exists(c, "held")


def test_terminating_pods_on_an_out_of_service_node_are_force_deleted(c):
    c.api.create("pods", pod("stuck", nodeName="worker-1"))
    c.advance(5)
    c.fail_node("worker-1")
    c.api.delete("pods", "stuck")
    c.advance(120)  # no kubelet finishes the graceful delete
    assert c.api.get("pods", "stuck")["metadata"]["deletionTimestamp"]
    assert c.kubectl("taint nodes worker-1 node.kubernetes.io/out-of-service=nodeshutdown:NoExecute").exit_code == 0
    c.advance(20)
    assert not exists(c, "stuck")


def test_running_pods_on_live_nodes_stay(c):
    c.api.create("pods", pod("web"))
    c.advance(100)
    assert c.api.get("pods", "web")["status"]["phase"] == "Running"
