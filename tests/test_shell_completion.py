"""Tab completion in `python -m engine` (engine/completion.py): kubectl's commands, sub-commands, flags,
resource types and object names read through the API."""
import pytest

from engine import Cluster
from engine.completion import Completer


@pytest.fixture(scope="module")
def completer():
    c = Cluster(workers=1)
    c.kubectl("create deployment web --image=nginx:1.27 --replicas=1")
    c.kubectl("create configmap settings --from-literal=a=b")
    c.advance(10)
    return Completer(c)


@pytest.mark.parametrize("line, expected", [
    ("ku", ["kubectl"]),
    ("kubectl ro", ["rollout"]),
    ("kubectl rollout ", ["history", "pause", "restart", "resume", "status", "undo"]),
    ("kubectl create dep", ["deployment"]),
    ("kubectl get deployments.", ["deployments.apps"]),
    ("kubectl get deployments.apps ", ["web"]),
    ("kubectl describe deployments.apps/", ["deployments.apps/web"]),
    ("kubectl get configmaps ", ["kube-root-ca.crt", "settings"]),
    ("kubectl get pods --show-l", ["--show-labels"]),
    ("kubectl -n kube-system logs etcd", ["etcd-control-plane"]),
    ("kubectl --namespace=kube-system exec kube-sch", ["kube-scheduler-control-plane"]),
    ("kubectl cordon ", ["control-plane", "worker-1"]),
    ("kubectl get nosuchkind ", []),
    ("kubectl nosuchverb ", []),
    ("ls ", []),
])
def test_completions(completer, line, expected):
    before, _, text = line.rpartition(" ")
    assert completer.candidates(before + " " if before else "", text) == expected


def test_pod_names_follow_the_cluster(completer):
    [pod] = completer.candidates("kubectl logs ", "web-")
    assert pod.startswith("web-") and completer.cluster.api.get("pods", pod, "default")["metadata"]["name"] == pod


def test_resource_types_are_api_resources_names(completer):
    types = completer.candidates("kubectl get ", "")
    assert {"pods", "deployments.apps", "cronjobs.batch", "nodes"} <= set(types)
    assert types == sorted(types)
