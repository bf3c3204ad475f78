"""The deployment controller: ReplicaSets per template with the pod-template-hash, rollouts that
keep the surge and availability bounds at every step, scaling, pause, deadlines and history."""
import json

from engine import Cluster
from engine.controllers.deployment import util
from engine.controllers.deployment.rollback import undo_patch

IMAGE_PATCH = {"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.15.12"}]}}}}


def deployment(c, name="nginx"):
    return c.api.get("deployments", name, "default")


def replica_sets(c):
    return sorted(c.api.list("replicasets", "default")["items"], key=lambda rs: rs["metadata"]["creationTimestamp"])


def scaling_events(c, name="nginx"):
    items = [e for e in c.api.list("events", "default")["items"]
             if e["involvedObject"]["name"] == name and e["reason"] == "ScalingReplicaSet"]
    return [e["message"] for e in sorted(items, key=lambda e: (e["firstTimestamp"], e["metadata"]["name"]))]


def conditions(obj):
    return {c["type"]: (c["status"], c["reason"], c["message"]) for c in obj["status"].get("conditions") or []}


def create(c, replicas=3, **spec):
    c.kubectl(f"create deployment nginx --image=nginx --replicas={replicas}")
    if spec:
        c.api.patch("deployments", "nginx", {"spec": spec}, namespace="default")
    c.advance(30)


def test_hash_and_arithmetic():
    assert util.fnv32a(b"") == 0x811C9DC5 and util.fnv32a(b"a") == 0xE40C292C
    assert util.safe_encode("0123456789") == "bcdfghjklm"[:0] + "".join(
        util.SAFE_ALPHABET[ord(ch) % 27] for ch in "0123456789")
    template = {"metadata": {"labels": {"app": "x"}}, "spec": {"containers": [{"name": "x", "image": "x"}]}}
    assert util.compute_hash(template) != util.compute_hash(template, 1)
    d = {"spec": {"replicas": 10, "strategy": {"type": "RollingUpdate",
                                                "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}}}}
    assert util.resolve_fenceposts(d) == (3, 2)
    d["spec"]["strategy"]["rollingUpdate"] = {"maxSurge": "0%", "maxUnavailable": "0%"}
    assert util.resolve_fenceposts(d) == (0, 1)
    d["spec"]["strategy"]["rollingUpdate"] = {"maxSurge": 2, "maxUnavailable": "15%"}
    assert util.resolve_fenceposts(d) == (2, 1)


def test_create_makes_a_hashed_replica_set_with_annotations_events_and_conditions():
    c = Cluster()
    create(c)
    d = deployment(c)
    [rs] = replica_sets(c)
    pod_hash = util.compute_hash(d["spec"]["template"])
    assert rs["metadata"]["name"] == f"nginx-{pod_hash}"
    assert rs["metadata"]["labels"] == {"app": "nginx", "pod-template-hash": pod_hash}
    assert rs["spec"]["selector"] == {"matchLabels": {"app": "nginx", "pod-template-hash": pod_hash}}
    assert rs["metadata"]["annotations"] == {"deployment.kubernetes.io/revision": "1",
                                             "deployment.kubernetes.io/desired-replicas": "3",
                                             "deployment.kubernetes.io/max-replicas": "4"}
    assert rs["metadata"]["ownerReferences"][0]["kind"] == "Deployment"
    pods = c.api.list("pods", "default")["items"]
    assert len(pods) == 3 and all(p["metadata"]["labels"]["pod-template-hash"] == pod_hash for p in pods)
    assert all(p["metadata"]["name"].startswith(f"nginx-{pod_hash}-") for p in pods)
    assert d["metadata"]["annotations"] == {"deployment.kubernetes.io/revision": "1"}
    assert scaling_events(c) == [f"Scaled up replica set nginx-{pod_hash} from 0 to 3"]
    assert {k: v for k, v in d["status"].items() if k != "conditions"} == {
        "observedGeneration": 1, "replicas": 3, "updatedReplicas": 3, "readyReplicas": 3, "availableReplicas": 3}
    assert conditions(d) == {
        "Available": ("True", "MinimumReplicasAvailable", "Deployment has minimum availability."),
        "Progressing": ("True", "NewReplicaSetAvailable", f'ReplicaSet "nginx-{pod_hash}" has successfully progressed.')}
    assert c.kubectl("get deploy nginx").stdout.split("\n")[1].split()[:4] == ["nginx", "3/3", "3", "3"]


def test_scale_up_and_down():
    c = Cluster()
    create(c)
    c.api.update_scale("deployments", "nginx", {"spec": {"replicas": 5}}, namespace="default")
    c.advance(30)
    [rs] = replica_sets(c)
    name = rs["metadata"]["name"]
    assert rs["spec"]["replicas"] == 5 and rs["status"]["availableReplicas"] == 5
    assert rs["metadata"]["annotations"]["deployment.kubernetes.io/desired-replicas"] == "5"
    assert rs["metadata"]["annotations"]["deployment.kubernetes.io/max-replicas"] == "7"
    c.api.patch("deployments", "nginx", {"spec": {"replicas": 2}}, namespace="default")
    c.advance(40)
    assert scaling_events(c) == [f"Scaled up replica set {name} from 0 to 3", f"Scaled up replica set {name} from 3 to 5",
                                 f"Scaled down replica set {name} from 5 to 2"]
    assert deployment(c)["status"]["availableReplicas"] == 2


def _available(pod):
    ready = any(x["type"] == "Ready" and x["status"] == "True" for x in (pod.get("status") or {}).get("conditions") or [])
    return ready and not pod["metadata"].get("deletionTimestamp")


def test_rolling_update_keeps_surge_and_availability_bounds_at_every_event():
    c = Cluster(workers=3)
    create(c, replicas=4)
    pods, violations, seen = {}, [], []
    for p in c.api.list("pods", "default")["items"]:
        pods[p["metadata"]["name"]] = p

    def check(kind, obj):
        if obj["kind"] == "Pod":
            if kind == "DELETED":
                pods.pop(obj["metadata"]["name"], None)
            else:
                pods[obj["metadata"]["name"]] = obj
        live = [p for p in pods.values() if not p["metadata"].get("deletionTimestamp")]
        available = sum(1 for p in live if _available(p))
        seen.append((len(live), available))
        if len(live) > 4 + 1 or available < 4 - 1:
            violations.append((kind, obj["kind"], obj["metadata"]["name"], len(live), available))
    c.api.watch("pods", check, namespace="default")
    c.api.watch("replicasets.apps", check, namespace="default")
    c.api.patch("deployments", "nginx", IMAGE_PATCH, namespace="default")
    c.advance(120)
    assert not violations, violations
    assert max(n for n, _ in seen) == 5  # the surge was used
    old, new = replica_sets(c)
    assert (old["spec"]["replicas"], new["spec"]["replicas"]) == (0, 4)
    assert new["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.15.12"
    assert new["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "2"
    assert deployment(c)["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "2"
    events = scaling_events(c)
    o, n = old["metadata"]["name"], new["metadata"]["name"]
    assert events[:3] == [f"Scaled up replica set {o} from 0 to 4", f"Scaled up replica set {n} from 0 to 1",
                          f"Scaled down replica set {o} from 4 to 3"]
    assert events[-1] == f"Scaled down replica set {o} from 1 to 0"
    assert conditions(deployment(c))["Progressing"] == ("True", "NewReplicaSetAvailable",
                                                        f'ReplicaSet "{n}" has successfully progressed.')
    live = [p for p in c.api.list("pods", "default")["items"] if not p["metadata"].get("deletionTimestamp")]
    assert len(live) == 4 and all(p["metadata"]["labels"]["pod-template-hash"] == n.split("-")[-1] for p in live)


def test_rollback_reuses_the_old_replica_set_and_moves_its_revision_to_history():
    c = Cluster()
    c.kubectl("create deployment nginx --image=nginx --replicas=2")
    c.api.patch("deployments", "nginx", {"metadata": {"annotations": {"kubernetes.io/change-cause": "first"}}},
                namespace="default")
    c.advance(30)
    c.api.patch("deployments", "nginx", dict(IMAGE_PATCH, metadata={"annotations": {"kubernetes.io/change-cause": "second"}}),
                namespace="default")
    c.advance(60)
    first, second = replica_sets(c)
    assert first["metadata"]["annotations"]["kubernetes.io/change-cause"] == "first"
    assert second["metadata"]["annotations"]["kubernetes.io/change-cause"] == "second"
    patch = undo_patch(c.api, deployment(c))
    c.api.patch("deployments", "nginx", patch, namespace="default")
    c.advance(60)
    rss = replica_sets(c)
    assert [rs["metadata"]["name"] for rs in rss] == [first["metadata"]["name"], second["metadata"]["name"]]
    back = rss[0]
    assert back["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "3"
    assert back["metadata"]["annotations"]["deployment.kubernetes.io/revision-history"] == "1"
    assert back["spec"]["replicas"] == 2 and rss[1]["spec"]["replicas"] == 0
    d = deployment(c)
    assert d["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "3"
    assert d["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx"


def test_pause_blocks_rollouts_but_not_scaling_and_resume_rolls_out():
    c = Cluster()
    create(c, replicas=2)
    c.api.patch("deployments", "nginx", {"spec": {"paused": True}}, namespace="default")
    c.advance(1)
    assert conditions(deployment(c))["Progressing"] == ("Unknown", "DeploymentPaused", "Deployment is paused")
    c.api.patch("deployments", "nginx", IMAGE_PATCH, namespace="default")
    c.api.patch("deployments", "nginx", {"spec": {"replicas": 3}}, namespace="default")
    c.advance(30)
    [rs] = replica_sets(c)
    assert rs["spec"]["replicas"] == 3 and rs["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx"
    c.api.patch("deployments", "nginx", {"spec": {"paused": False}}, namespace="default")
    c.advance(0)
    assert conditions(deployment(c))["Progressing"][:2] in (("Unknown", "DeploymentResumed"), ("True", "NewReplicaSetCreated"),
                                                           ("True", "ReplicaSetUpdated"))
    c.advance(90)
    old, new = replica_sets(c)
    assert (old["spec"]["replicas"], new["spec"]["replicas"]) == (0, 3)
    assert conditions(deployment(c))["Progressing"][1] == "NewReplicaSetAvailable"


def test_progress_deadline_exceeded_with_an_image_that_never_pulls():
    c = Cluster()
    create(c, replicas=2, progressDeadlineSeconds=30)
    c.api.patch("deployments", "nginx", {"spec": {"template": {"spec": {"containers": [
        {"name": "nginx", "image": "nginx:does-not-exist-9"}]}}}}, namespace="default")
    c.advance(10)
    new = replica_sets(c)[1]["metadata"]["name"]
    assert conditions(deployment(c))["Progressing"] == ("True", "ReplicaSetUpdated", f'ReplicaSet "{new}" is progressing.')
    c.advance(40)
    d = deployment(c)
    assert conditions(d)["Progressing"] == ("False", "ProgressDeadlineExceeded", f'ReplicaSet "{new}" has timed out progressing.')
    assert conditions(d)["Available"][:2] == ("True", "MinimumReplicasAvailable")  # the old pods still serve
    assert d["status"]["unavailableReplicas"] == 1


def test_recreate_scales_old_to_zero_before_creating_the_new():
    c = Cluster()
    create(c, replicas=2, strategy={"type": "Recreate", "rollingUpdate": None})
    c.api.patch("deployments", "nginx", IMAGE_PATCH, namespace="default")
    c.advance(1)
    assert len(replica_sets(c)) in (1, 2)
    c.advance(60)
    old, new = replica_sets(c)
    o, n = old["metadata"]["name"], new["metadata"]["name"]
    assert scaling_events(c) == [f"Scaled up replica set {o} from 0 to 2", f"Scaled down replica set {o} from 2 to 0",
                                 f"Scaled up replica set {n} from 0 to 2"]
    assert deployment(c)["status"]["availableReplicas"] == 2


def test_revision_history_limit_cleans_up_old_replica_sets():
    c = Cluster()
    create(c, replicas=1, revisionHistoryLimit=1)
    for tag in ("1.25", "1.26", "1.27"):
        c.api.patch("deployments", "nginx", {"spec": {"template": {"spec": {"containers": [
            {"name": "nginx", "image": f"nginx:{tag}"}]}}}}, namespace="default")
        c.advance(60)
    rss = replica_sets(c)
    assert [rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"] for rs in rss] == ["3", "4"]


def test_proportional_scaling_during_a_stuck_rollout():
    c = Cluster(workers=3)
    create(c, replicas=10)
    c.api.patch("deployments", "nginx", {"spec": {"template": {"spec": {"containers": [
        {"name": "nginx", "image": "nginx:does-not-exist-9"}]}}}}, namespace="default")
    c.advance(20)
    old, new = replica_sets(c)
    assert (old["spec"]["replicas"], new["spec"]["replicas"]) == (8, 5)
    c.api.patch("deployments", "nginx", {"spec": {"replicas": 20}}, namespace="default")
    c.advance(5)
    old, new = replica_sets(c)
    assert (old["spec"]["replicas"], new["spec"]["replicas"]) == (15, 10)
    assert old["metadata"]["annotations"]["deployment.kubernetes.io/max-replicas"] == "25"


def test_kubectl_shows_the_rollout():
    c = Cluster()
    create(c)
    [rs] = replica_sets(c)
    out = c.kubectl("get rs").stdout.split("\n")[1].split()
    assert out[:4] == [rs["metadata"]["name"], "3", "3", "3"]
    assert json.loads(c.kubectl("get rs -o json").stdout)["items"][0]["status"]["readyReplicas"] == 3
