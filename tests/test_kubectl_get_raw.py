"""kubectl get --raw: the API server's response body as it comes (compact JSON for kubectl's user agent),
aggregated APIs included, and client-go's errors for error responses."""
import json

import pytest

from engine import Cluster


@pytest.fixture(scope="module")
def c():
    c = Cluster(workers=1)
    c.advance(60)  # two metrics scrapes
    return c


def test_health_and_lists(c):
    assert c.kubectl("get --raw /healthz").stdout == "ok"
    body = c.kubectl("get --raw /api/v1/namespaces/kube-system/pods").stdout
    assert body.endswith("}\n") and "\n" not in body[:-1]  # not pretty-printed: kubectl is not curl
    listed = json.loads(body)
    assert listed["kind"] == "PodList"
    assert {p["metadata"]["name"] for p in listed["items"]} == {
        p["metadata"]["name"] for p in c.api.list("pods", "kube-system")["items"]}


def test_metrics_api_through_the_aggregator(c):
    nodes = json.loads(c.kubectl("get --raw /apis/metrics.k8s.io/v1beta1/nodes").stdout)
    assert nodes["kind"] == "NodeMetricsList"
    assert [n["metadata"]["name"] for n in nodes["items"]] == ["control-plane", "worker-1"]
    one = json.loads(c.kubectl("get --raw /apis/metrics.k8s.io/v1beta1/nodes/worker-1").stdout)
    assert set(one["usage"]) == {"cpu", "memory"}
    pods = json.loads(c.kubectl("get --raw /apis/metrics.k8s.io/v1beta1/namespaces/kube-system/pods").stdout)
    assert pods["kind"] == "PodMetricsList" and pods["items"]


def test_errors(c):
    assert c.kubectl("get --raw /nope").stderr == \
        "Error from server (NotFound): the server could not find the requested resource\n"
    missing = c.kubectl("get --raw /api/v1/namespaces/default/pods/nope")
    assert (missing.stderr, missing.exit_code) == ('Error from server (NotFound): pods "nope" not found\n', 1)
    assert c.kubectl("get --raw /apis/metrics.k8s.io/v1beta1/nodes/nope").stderr == \
        'Error from server (NotFound): nodemetrics.metrics.k8s.io "nope" not found\n'
