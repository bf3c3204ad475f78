"""kubectl top pod / top node over the metrics.k8s.io API served by the metrics server, and the
PodMetrics / NodeMetrics it serves (CPU as a rate over the last 15 s scrape window, memory as working set)."""
import pytest

from engine import Cluster

WEB = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: nginx, image: nginx, resources: {requests: {cpu: 100m}}}
      - {name: redis, image: redis}
"""


@pytest.fixture(scope="module")
def loaded():
    """Two web pods sharing 300m of load, 70 s after they were created."""
    c = Cluster(workers=1)
    c.apply(WEB)
    c.advance(40)
    c.set_load("deployment/web", "300m")
    c.advance(30)
    pods = sorted(p["metadata"]["name"] for p in c.api.list("pods", "default")["items"])
    return c, pods


def run(c, command):
    r = c.kubectl(command)
    return r.stdout, r.stderr, r.exit_code


def test_top_pod(loaded):
    c, (a, b) = loaded
    assert run(c, "top pod") == (
        "NAME                  CPU(cores)   MEMORY(bytes)   \n"
        f"{a}   150m         11Mi            \n"
        f"{b}   150m         11Mi            \n", "", 0)


def test_top_pod_containers_and_sum(loaded):
    c, (a, b) = loaded
    assert run(c, "top pod --containers -l app=web")[0] == (
        "POD                   NAME    CPU(cores)   MEMORY(bytes)   \n"
        f"{a}   nginx   150m         7Mi             \n"
        f"{a}   redis   0m           4Mi             \n"
        f"{b}   nginx   150m         7Mi             \n"
        f"{b}   redis   0m           4Mi             \n")
    assert run(c, f"top pod {a} --sum")[0] == (
        "NAME                  CPU(cores)   MEMORY(bytes)   \n"
        f"{a}   150m         11Mi            \n"
        "                      ________     ________        \n"
        "                      150m         11Mi            \n")


def test_top_pod_all_namespaces_sorted(loaded):
    c, (a, b) = loaded
    lines = run(c, "top pod -A --sort-by=cpu")[0].splitlines()
    assert lines[0].split() == ["NAMESPACE", "NAME", "CPU(cores)", "MEMORY(bytes)"]
    assert [line.split()[:3] for line in lines[1:3]] == [["default", a, "150m"], ["default", b, "150m"]]
    assert lines[3].split()[:2] == ["kube-flannel", "kube-flannel-ds-" + lines[3].split()[1][-5:]]
    by_memory = run(c, "top pod -A --sort-by=memory --no-headers")[0].splitlines()
    assert by_memory[0].split() == ["kube-system", "kube-apiserver-control-plane", "0m", "250Mi"]


def test_top_node(loaded):
    c, _ = loaded
    assert run(c, "top node") == (
        "NAME            CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   \n"
        "control-plane   0m           0%       430Mi           10%         \n"
        "worker-1        300m         7%       72Mi            0%          \n", "", 0)
    assert run(c, "top node worker-1 --no-headers")[0] == "worker-1   300m   7%    72Mi   0%    \n"  # tabwriter: 6 wide at least
    assert run(c, "top nodes --sort-by=cpu")[0].splitlines()[1].startswith("worker-1 ")


def test_pod_and_node_metrics_objects(loaded):
    c, (a, _) = loaded
    server = c.api.api_services["metrics.k8s.io/v1beta1"]
    metrics = server.get_pod(a, "default")
    assert metrics == {
        "kind": "PodMetrics", "apiVersion": "metrics.k8s.io/v1beta1",
        "metadata": {"name": a, "namespace": "default", "creationTimestamp": c.api.clock.timestamp(),
                     "labels": {"app": "web", "pod-template-hash": a.split("-")[1]}},
        "timestamp": "2025-01-01T00:01:30Z", "window": "15s",
        "containers": [{"name": "nginx", "usage": {"cpu": "150m", "memory": "7Mi"}},
                       {"name": "redis", "usage": {"cpu": "0", "memory": "4Mi"}}]}
    node = server.get_node("worker-1")
    assert (node["kind"], node["window"], node["usage"]) == ("NodeMetrics", "15s", {"cpu": "300m", "memory": "72Mi"})
    assert "metrics.k8s.io/v1beta1" in c.api.api_versions()


def test_errors(loaded):
    c, _ = loaded
    assert run(c, "top pod --sort-by=name") == ("", "error: --sort-by accepts only cpu or memory\n", 1)
    assert run(c, "top pod a b") == ("", "error: pod [NAME | -l label]\nSee 'kubectl top pod -h' for help and examples\n", 1)
    assert run(c, "top pod a -l x=y") == ("", "error: only one of NAME or selector can be provided\n", 1)
    assert run(c, "top node a -l x=y") == ("", "error: only one of NAME or --selector can be provided\n", 1)
    assert run(c, "top pod nope") == ("", 'Error from server (NotFound): podmetrics.metrics.k8s.io "default/nope" not found\n', 1)
    assert run(c, "top node nope") == ("", 'Error from server (NotFound): nodemetrics.metrics.k8s.io "nope" not found\n', 1)
    assert run(c, "top pod -l app=none") == ("", "No resources found in default namespace.\n", 0)
    assert run(c, "top foo") == ("", 'error: unknown command "foo"\nSee \'kubectl top -h\' for help and examples\n', 1)
    out, err, code = run(c, "top")
    assert (out, code) == ("", 1) and err.startswith("Display resource (CPU/memory) usage.\n")


def test_new_pods_have_no_metrics_yet_and_old_ones_are_reported():
    c = Cluster(workers=1)
    c.apply(WEB)
    assert run(c, "top pod") == ("", "error: metrics not available yet\n", 1)
    c.advance(20)
    assert run(c, "top pod")[0].startswith("NAME ")
    c.fail_node("worker-1")  # the kubelet stops answering: its pods' metrics go
    c.advance(300)
    pod = sorted(p["metadata"]["name"] for p in c.api.list("pods", "default")["items"])[0]
    assert run(c, "top pod") == ("", f"error: Metrics not available for pod default/{pod}, age: 5m20s\n", 1)
    assert run(c, "top node")[0].splitlines()[-1] == "worker-1        <unknown>    <unknown>   <unknown>       <unknown>   "


def test_metrics_api_not_available_without_the_addon():
    c = Cluster(workers=1, addons=False)
    assert run(c, "top pod") == ("", "error: Metrics API not available\n", 1)
    assert run(c, "top node") == ("", "error: Metrics API not available\n", 1)
    assert "metrics.k8s.io/v1beta1" not in c.api.api_versions()


def test_load_is_throttled_at_the_cpu_limit_and_only_ready_pods_take_it():
    c = Cluster(workers=1)
    c.apply(WEB.replace("requests: {cpu: 100m}", "requests: {cpu: 100m}, limits: {cpu: 120m}"))
    c.advance(20)
    c.set_load("deployment/web", "1")  # 500m per pod asked, 120m allowed by the CFS quota
    c.advance(30)
    assert {m["containers"][0]["usage"]["cpu"] for m in c.api.api_services["metrics.k8s.io/v1beta1"].list_pods("default")["items"]} == {"120m"}
    with pytest.raises(ValueError):
        c.set_load("deployment/web", "lots")
    with pytest.raises(ValueError):
        c.set_load("daemonset/kube-proxy", "1", namespace="kube-system")
