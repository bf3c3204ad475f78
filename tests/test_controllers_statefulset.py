"""The StatefulSet controller in virtual time: `web` of 3 scaled to 5 and back to 3 with ordered
creation and reverse-ordered deletion, PVCs kept, stable identity, ControllerRevisions, rolling updates."""
import pytest

from engine import Cluster

WEB = """
apiVersion: v1
kind: Service
metadata: {name: nginx, labels: {app: nginx}}
spec:
  ports: [{port: 80, name: web}]
  clusterIP: None
  selector: {app: nginx}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  selector: {matchLabels: {app: nginx}}
  serviceName: nginx
  replicas: 3
  podManagementPolicy: %s
  template:
    metadata: {labels: {app: nginx}}
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: nginx
        ports: [{containerPort: 80, name: web}]
        volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]
  volumeClaimTemplates:
  - metadata: {name: www}
    spec:
      accessModes: [ReadWriteOnce]
      storageClassName: standard
      resources: {requests: {storage: 1Gi}}
"""


def bind_claims(c):
    """Stands in for the volume provisioner: a PV per pending claim, bound to it."""
    for pvc in c.api.list("persistentvolumeclaims", "default")["items"]:
        if pvc["spec"].get("volumeName"):
            continue
        meta = pvc["metadata"]
        pv = "pvc-" + meta["uid"]
        c.api.create("persistentvolumes", {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": pv},
                                           "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                                                    "hostPath": {"path": "/tmp/" + pv}, "storageClassName": "standard",
                                                    "claimRef": {"kind": "PersistentVolumeClaim", "namespace": "default",
                                                                 "name": meta["name"], "uid": meta["uid"]}}})
        pvc["spec"]["volumeName"] = pv
        c.api.update("persistentvolumeclaims", pvc, "default")
        c.api.patch("persistentvolumeclaims", meta["name"], {"status": {"phase": "Bound"}}, namespace="default",
                    subresource="status")


def run(c, seconds):
    for _ in range(int(seconds)):
        bind_claims(c)
        c.advance(1)


def pod_log(c):
    """(time, event, pod) for every pod ADDED and DELETED from now on."""
    log = []
    c.api.watch("pods", lambda kind, pod: log.append((kind, pod["metadata"]["name"])) if kind != "MODIFIED" else None,
                namespace="default")
    return log


def set_events(c):
    return [e["message"] for e in sorted(c.api.list("events", "default")["items"], key=lambda e: e["metadata"]["name"])
            if e["involvedObject"]["kind"] == "StatefulSet"]


@pytest.fixture
def c():
    return Cluster()


def test_web_scales_up_in_order_and_down_in_reverse_keeping_claims(c):
    log = pod_log(c)
    c.apply(WEB % "OrderedReady")
    c.advance(0)
    assert log == [("ADDED", "web-0")]  # the next waits for web-0 to be Running and Ready
    run(c, 60)
    assert log == [("ADDED", "web-0"), ("ADDED", "web-1"), ("ADDED", "web-2")]
    pods = {p["metadata"]["name"]: p for p in c.api.list("pods", "default")["items"]}
    created = [c.clock.parse(pods[f"web-{i}"]["metadata"]["creationTimestamp"]) for i in range(3)]
    assert created[0] < created[1] < created[2]
    web1 = pods["web-1"]
    assert web1["spec"]["hostname"] == "web-1" and web1["spec"]["subdomain"] == "nginx"
    assert web1["metadata"]["labels"]["statefulset.kubernetes.io/pod-name"] == "web-1"
    assert web1["metadata"]["labels"]["apps.kubernetes.io/pod-index"] == "1"
    assert {"name": "www", "persistentVolumeClaim": {"claimName": "www-web-1"}} in web1["spec"]["volumes"]
    status = c.api.get("statefulsets", "web")["status"]
    revision = status["updateRevision"]
    assert web1["metadata"]["labels"]["controller-revision-hash"] == revision
    assert revision.startswith("web-") and c.api.get("controllerrevisions", revision)["revision"] == 1
    assert {k: status[k] for k in ("replicas", "readyReplicas", "currentReplicas", "updatedReplicas",
                                   "availableReplicas", "collisionCount")} == \
        {"replicas": 3, "readyReplicas": 3, "currentReplicas": 3, "updatedReplicas": 3, "availableReplicas": 3,
         "collisionCount": 0}
    assert status["currentRevision"] == revision
    assert set_events(c)[:2] == ["create Claim www-web-0 Pod web-0 in StatefulSet web success",
                                 "create Pod web-0 in StatefulSet web successful"]

    c.api.patch("statefulsets", "web", {"spec": {"replicas": 5}}, "application/merge-patch+json")
    run(c, 60)
    assert log[3:] == [("ADDED", "web-3"), ("ADDED", "web-4")]
    c.api.patch("statefulsets", "web", {"spec": {"replicas": 3}}, "application/merge-patch+json")
    run(c, 60)
    assert log[5:] == [("DELETED", "web-4"), ("DELETED", "web-3")]
    assert sorted(p["metadata"]["name"] for p in c.api.list("pods", "default")["items"]) == ["web-0", "web-1", "web-2"]
    claims = sorted(p["metadata"]["name"] for p in c.api.list("persistentvolumeclaims", "default")["items"])
    assert claims == [f"www-web-{i}" for i in range(5)]  # whenScaled: Retain
    assert "delete Pod web-4 in StatefulSet web successful" in set_events(c)


def test_parallel_creates_all_at_once(c):
    log = pod_log(c)
    c.apply(WEB % "Parallel")
    c.advance(0)
    assert log == [("ADDED", "web-0"), ("ADDED", "web-1"), ("ADDED", "web-2")]


def test_rolling_update_goes_from_the_highest_ordinal_down_to_the_partition(c):
    c.apply(WEB % "OrderedReady")
    run(c, 60)
    old = c.api.get("statefulsets", "web")["status"]["currentRevision"]
    log = pod_log(c)
    c.api.patch("statefulsets", "web", {"spec": {"updateStrategy": {"rollingUpdate": {"partition": 1}},
                                                 "template": {"metadata": {"annotations": {"v": "2"}}}}},
                "application/merge-patch+json")
    run(c, 90)
    assert [e for e in log if e[0] == "DELETED"] == [("DELETED", "web-2"), ("DELETED", "web-1")]
    status = c.api.get("statefulsets", "web")["status"]
    hashes = {p["metadata"]["name"]: p["metadata"]["labels"]["controller-revision-hash"]
              for p in c.api.list("pods", "default")["items"]}
    assert hashes == {"web-0": old, "web-1": status["updateRevision"], "web-2": status["updateRevision"]}
    assert status["currentRevision"] == old and status["updatedReplicas"] == 2 and status["currentReplicas"] == 1
