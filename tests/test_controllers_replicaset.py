"""The ReplicaSet and ReplicationController controllers: pods to match replicas, ownership,
adoption and release, events, status, failures and which pods go first."""
import re

from engine import Cluster
from engine.controllers.replicaset import deletion_rank

RS = """
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: %d
  minReadySeconds: %d
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec: {containers: [{name: c, image: nginx}]}
"""


def pods(c, selector="app=web"):
    return c.api.list("pods", "default", label_selector=selector)["items"]


def events(c, name, reason=None):
    out = [e for e in c.api.list("events", "default")["items"] if e["involvedObject"]["name"] == name]
    return [e for e in out if reason is None or e["reason"] == reason]


def test_creates_owned_pods_and_reports_status():
    c = Cluster()
    c.apply(RS % (3, 0))
    c.advance(30)
    rs = c.api.get("replicasets", "web", "default")
    items = pods(c)
    assert len(items) == 3
    for pod in items:
        assert re.fullmatch(r"web-[bcdfghjklmnpqrstvwxz2456789]{5}", pod["metadata"]["name"])
        assert pod["metadata"]["ownerReferences"] == [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web",
                                                       "uid": rs["metadata"]["uid"], "controller": True,
                                                       "blockOwnerDeletion": True}]
        assert pod["metadata"]["labels"] == {"app": "web", "tier": "front"}
    assert rs["status"] == {"replicas": 3, "fullyLabeledReplicas": 3, "readyReplicas": 3, "availableReplicas": 3,
                            "observedGeneration": 1}
    created = sorted(e["message"] for e in events(c, "web", "SuccessfulCreate"))
    assert created == sorted(f"Created pod: {p['metadata']['name']}" for p in items)
    assert all(e["source"] == {"component": "replicaset-controller"} for e in events(c, "web"))


def test_scale_down_deletes_and_records_events():
    c = Cluster()
    c.apply(RS % (3, 0))
    c.advance(30)
    c.api.patch("replicasets", "web", {"spec": {"replicas": 1}}, namespace="default")
    c.advance(40)
    assert len([p for p in pods(c) if not p["metadata"].get("deletionTimestamp")]) == 1
    assert len(events(c, "web", "SuccessfulDelete")) == 2
    assert c.api.get("replicasets", "web", "default")["status"]["replicas"] == 1


def test_replaces_a_deleted_pod():
    c = Cluster()
    c.apply(RS % (2, 0))
    c.advance(30)
    victim = pods(c)[0]["metadata"]["name"]
    c.kubectl(f"delete pod {victim} --wait=false")
    c.advance(1)
    live = [p["metadata"]["name"] for p in pods(c) if not p["metadata"].get("deletionTimestamp")]
    assert len(live) == 2 and victim not in live


def test_min_ready_seconds_delays_availability():
    c = Cluster()
    c.apply(RS % (2, 20))
    c.advance(10)
    status = c.api.get("replicasets", "web", "default")["status"]
    assert status["readyReplicas"] == 2 and "availableReplicas" not in status
    c.advance(30)
    assert c.api.get("replicasets", "web", "default")["status"]["availableReplicas"] == 2


def test_adopts_orphans_and_releases_pods_that_stop_matching():
    c = Cluster()
    c.apply("""
apiVersion: v1
kind: Pod
metadata: {name: stray, labels: {app: web}}
spec: {containers: [{name: c, image: nginx}]}
""")
    c.apply(RS % (2, 0))
    c.advance(5)
    rs = c.api.get("replicasets", "web", "default")
    stray = c.api.get("pods", "stray", "default")
    assert stray["metadata"]["ownerReferences"][0]["uid"] == rs["metadata"]["uid"]
    assert len(pods(c)) == 2
    assert len(events(c, "web", "SuccessfulCreate")) == 1
    c.api.patch("pods", "stray", {"metadata": {"labels": {"app": "debug"}}}, namespace="default")
    c.advance(5)
    assert "ownerReferences" not in c.api.get("pods", "stray", "default")["metadata"]
    assert len(pods(c)) == 2 and "stray" not in [p["metadata"]["name"] for p in pods(c)]


def test_quota_failure_sets_replica_failure_and_failed_create_events():
    c = Cluster()
    c.apply("""
apiVersion: v1
kind: ResourceQuota
metadata: {name: pods-max}
spec: {hard: {pods: "2"}}
""")
    c.advance(1)
    c.apply(RS % (4, 0))
    c.advance(1)
    assert len(pods(c)) == 2
    failed = events(c, "web", "FailedCreate")
    assert failed and failed[0]["type"] == "Warning"
    assert re.match(r'Error creating: pods "web-\w*" is forbidden: exceeded quota: pods-max, requested: pods=1, '
                    r'used: pods=2, limited: pods=2$', failed[0]["message"]), failed[0]["message"]
    cond = c.api.get("replicasets", "web", "default")["status"]["conditions"]
    assert [(x["type"], x["status"], x["reason"]) for x in cond] == [("ReplicaFailure", "True", "FailedCreate")]
    assert cond[0]["message"] == failed[0]["message"][len("Error creating: "):]
    c.api.patch("replicasets", "web", {"spec": {"replicas": 2}}, namespace="default")
    c.advance(1)
    assert "conditions" not in c.api.get("replicasets", "web", "default")["status"]


def test_slow_start_stops_after_a_failed_batch():
    c = Cluster()
    c.apply("""
apiVersion: v1
kind: ResourceQuota
metadata: {name: pods-max}
spec: {hard: {pods: "4"}}
""")
    c.advance(1)
    sync_counts = []
    rsc = c.controller_manager.get("replicaset")
    original = rsc._create_pod

    def counting(rs):
        error = original(rs)
        sync_counts.append(error is None)
        return error
    rsc._create_pod = counting
    c.apply(RS % (10, 0))
    # batches of 1, 2, 4: the 4th pod fits the quota, the 5th fails and the batch of 4 ends the sync;
    # the retries (with back-off) start again with a batch of one
    assert sync_counts[:7] == [True, True, True, True, False, False, False]
    assert len(sync_counts) <= 9 and not any(sync_counts[7:])


def test_replication_controller():
    c = Cluster()
    c.apply("""
apiVersion: v1
kind: ReplicationController
metadata: {name: legacy}
spec:
  replicas: 2
  selector: {app: legacy}
  template:
    metadata: {labels: {app: legacy}}
    spec: {containers: [{name: c, image: nginx}]}
""")
    c.advance(30)
    rc = c.api.get("replicationcontrollers", "legacy", "default")
    items = pods(c, "app=legacy")
    assert len(items) == 2
    assert items[0]["metadata"]["ownerReferences"][0]["kind"] == "ReplicationController"
    assert items[0]["metadata"]["ownerReferences"][0]["apiVersion"] == "v1"
    assert rc["status"]["readyReplicas"] == 2 and rc["status"]["availableReplicas"] == 2
    assert {e["source"]["component"] for e in events(c, "legacy")} == {"replication-controller"}
    assert c.kubectl("get rc legacy").stdout.split("\n")[1].split()[:4] == ["legacy", "2", "2", "2"]


def _pod(name, node=None, phase="Pending", ready=False, created="2025-01-01T00:00:00Z"):
    status = {"phase": phase}
    if ready:
        status["conditions"] = [{"type": "Ready", "status": "True", "lastTransitionTime": created}]
    return {"metadata": {"name": name, "uid": name, "creationTimestamp": created},
            "spec": {"nodeName": node} if node else {}, "status": status}


def test_deletion_ranking():
    c = Cluster(workers=0)
    candidates = [_pod("ready", "n", "Running", True), _pod("running", "n", "Running"), _pod("unknown", "n", "Unknown"),
                  _pod("pending", "n"), _pod("unscheduled")]
    order = sorted(candidates, key=lambda p: deletion_rank(p, 1, 100.0, c.clock))
    assert [p["metadata"]["name"] for p in order] == ["unscheduled", "pending", "unknown", "running", "ready"]
    # doubled-up pods go first, then the younger of two ready pods
    a, b = _pod("a", "n", "Running", True), _pod("b", "n", "Running", True, "2025-01-01T00:01:00Z")
    assert deletion_rank(a, 2, 100.0, c.clock) < deletion_rank(b, 1, 100.0, c.clock)
    assert deletion_rank(b, 1, 100.0, c.clock) < deletion_rank(a, 1, 100.0, c.clock)
