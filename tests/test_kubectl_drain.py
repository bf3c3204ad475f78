"""kubectl cordon, uncordon, drain and taint: node maintenance with kubectl's own messages, drain's
evictions retried every 5 virtual seconds while a PodDisruptionBudget refuses them."""
import pytest

from engine import Cluster

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: nginx}
spec:
  replicas: 3
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec: {containers: [{name: nginx, image: nginx}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: nginx-pdb}
spec:
  minAvailable: %d
  selector: {matchLabels: {app: nginx}}
"""
VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget."


@pytest.fixture
def c():
    return Cluster(workers=2)


def on_node(c, node, namespace=None, label=None):
    pods = c.api.list("pods", namespace, label_selector=label, field_selector=f"spec.nodeName={node}")["items"]
    return [f"{p['metadata']['namespace']}/{p['metadata']['name']}" for p in pods]


def daemon_pods(c, node):
    return [p for p in on_node(c, node) if p.split("/")[1].startswith(("kube-proxy-", "kube-flannel-ds-"))]


def unschedulable(c, node):
    return c.api.get("nodes", node)["spec"].get("unschedulable", False)


# cordon / uncordon
def test_cordon_and_uncordon(c):
    r = c.kubectl("cordon worker-1")
    assert (r.stdout, r.stderr, r.exit_code) == ("node/worker-1 cordoned\n", "", 0)
    assert unschedulable(c, "worker-1") is True
    assert c.kubectl("cordon worker-1").stdout == "node/worker-1 already cordoned\n"
    c.advance(1)
    taints = [(t["key"], t["effect"]) for t in c.api.get("nodes", "worker-1")["spec"]["taints"]]
    assert taints == [("node.kubernetes.io/unschedulable", "NoSchedule")]
    assert c.kubectl("uncordon worker-1").stdout == "node/worker-1 uncordoned\n"
    assert unschedulable(c, "worker-1") is False
    assert c.kubectl("uncordon worker-1").stdout == "node/worker-1 already uncordoned\n"


def test_cordon_dry_run_and_selector(c):
    assert c.kubectl("cordon worker-1 --dry-run=client").stdout == "node/worker-1 cordoned (dry run)\n"
    assert c.kubectl("cordon worker-1 --dry-run=server").stdout == "node/worker-1 cordoned (server dry run)\n"
    assert unschedulable(c, "worker-1") is False
    r = c.kubectl("cordon -l kubernetes.io/hostname=worker-2")
    assert r.stdout == "node/worker-2 cordoned\n" and unschedulable(c, "worker-2") is True


def test_cordon_errors(c):
    r = c.kubectl("cordon")
    assert (r.stderr, r.exit_code) == ("error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n", 1)
    r = c.kubectl("uncordon worker-1 -l a=b")
    assert r.stderr == ("error: cannot specify both a node name and a --selector option\n"
                        "See 'kubectl uncordon -h' for help and examples\n")
    r = c.kubectl("cordon worker-9")
    assert (r.stderr, r.exit_code) == ('Error from server (NotFound): nodes "worker-9" not found\n', 1)
    r = c.kubectl("cordon worker-1 --dry-run=maybe")
    assert r.stderr == 'error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n'
    assert c.kubectl("cordon --help").stdout.startswith("Mark node as unschedulable.\n")
    assert c.kubectl("cordon pod/web").stderr == 'error: expected resource of type node, got {"" "v1" "pods"}\n'


def test_cordon_type_slash_name(c):
    assert c.kubectl("cordon node/worker-1").stdout == "node/worker-1 cordoned\n"
    assert c.kubectl("uncordon nodes/worker-1").stdout == "node/worker-1 uncordoned\n"


# drain
def test_drain_refuses_daemonset_pods_without_ignore_daemonsets(c):
    daemons = ", ".join(daemon_pods(c, "worker-1"))
    r = c.kubectl("drain worker-1")
    assert r.stdout == "node/worker-1 cordoned\n"
    assert r.stderr == (
        f'error: unable to drain node "worker-1" due to error: cannot delete DaemonSet-managed Pods (use '
        f"--ignore-daemonsets to ignore): {daemons}, continuing command...\n"
        "There are pending nodes to be drained:\n worker-1\n"
        f"cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): {daemons}\n")
    assert r.exit_code == 1
    assert len(daemon_pods(c, "worker-1")) == 2 and daemons.startswith("kube-flannel/kube-flannel-ds-")


def test_drain_waits_for_the_budget_then_finishes(c):
    c.apply(DEPLOYMENT % 2)
    c.advance(20)
    nginx = on_node(c, "worker-1", "default")
    coredns = on_node(c, "worker-1", "kube-system", "k8s-app=kube-dns")
    assert len(nginx) == 2 and len(coredns) == 1  # the scheduler spread 3 replicas over 2 workers
    first, second = (n.split("/")[1] for n in nginx)
    start = c.now
    r = c.kubectl("drain worker-1 --ignore-daemonsets")
    assert r.exit_code == 0
    assert r.stdout == (
        "node/worker-1 cordoned\n"
        f"evicting pod default/{first}\n"
        f"evicting pod default/{second}\n"
        f"evicting pod {coredns[0]}\n"
        f"pod/{first} evicted\n"
        f"pod/{coredns[0].split('/')[1]} evicted\n"
        f"evicting pod default/{second}\n"  # 5 s later the replacement is ready: the budget allows one more
        f"pod/{second} evicted\n"
        "node/worker-1 drained\n")
    assert r.stderr == (
        f"Warning: ignoring DaemonSet-managed Pods: {', '.join(daemon_pods(c, 'worker-1'))}\n"
        f'error when evicting pods/"{second}" -n "default" (will retry after 5s): {VIOLATION}\n')
    assert c.now - start == 6
    assert on_node(c, "worker-1", "default") == []
    running = c.api.list("pods", "default", label_selector="app=nginx")["items"]
    assert {p["spec"]["nodeName"] for p in running} == {"worker-2"} and len(running) == 3


def test_drain_timeout_while_the_budget_blocks(c):
    c.apply(DEPLOYMENT % 3)
    c.advance(20)
    first, second = (n.split("/")[1] for n in on_node(c, "worker-1", "default"))
    start = c.now
    r = c.kubectl("drain worker-1 --ignore-daemonsets --timeout=12s --pod-selector=app=nginx")
    tries = "".join(f"evicting pod default/{first}\nevicting pod default/{second}\n" for _ in range(4))
    assert r.stdout == "node/worker-1 cordoned\n" + tries
    refused = "".join(f'error when evicting pods/"{name}" -n "default" (will retry after 5s): {VIOLATION}\n'
                      for _ in range(3) for name in (first, second))
    timeouts = [f'error when evicting pods/"{name}" -n "default": global timeout reached: 12s' for name in (first, second)]
    assert r.stderr == (
        refused + f'There are pending pods in node "worker-1" when an error occurred: [{", ".join(timeouts)}]\n'
        f"pod/{first}\npod/{second}\n"
        f'error: unable to drain node "worker-1" due to error: [{", ".join(timeouts)}], continuing command...\n'
        "There are pending nodes to be drained:\n worker-1\n" + "".join(t + "\n" for t in timeouts))
    assert r.exit_code == 1 and c.now - start == 15  # the last 5 s sleep ends after the deadline


def test_drain_unmanaged_and_emptydir_pods(c):
    c.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "solo"},
                          "spec": {"nodeName": "worker-1", "containers": [{"name": "c", "image": "nginx"}],
                                   "volumes": [{"name": "scratch", "emptyDir": {}}]}})
    c.advance(5)
    r = c.kubectl("drain worker-1 --ignore-daemonsets")
    assert r.stderr.splitlines()[-1] == \
        "cannot delete Pods with local storage (use --delete-emptydir-data to override): default/solo"
    r = c.kubectl("drain worker-1 --ignore-daemonsets --delete-emptydir-data")
    # (kubectl's message constant already starts with "cannot delete", and its error adds it again)
    assert r.stderr.splitlines()[-1] == \
        "cannot delete cannot delete Pods that declare no controller (use --force to override): default/solo"
    r = c.kubectl("drain worker-1 --ignore-daemonsets --delete-emptydir-data --force --dry-run=client")
    coredns = on_node(c, "worker-1", "kube-system", "k8s-app=kube-dns")[0]
    assert r.stdout == ("node/worker-1 already cordoned (dry run)\nevicting pod default/solo (dry run)\n"
                        f"evicting pod {coredns} (dry run)\nnode/worker-1 drained (dry run)\n")
    assert r.stderr == ("Warning: deleting Pods that declare no controller: default/solo; ignoring DaemonSet-managed "
                        f"Pods: {', '.join(daemon_pods(c, 'worker-1'))}\n")
    r = c.kubectl("drain worker-1 --ignore-daemonsets --delete-emptydir-data --force --disable-eviction")
    assert r.stdout == ("node/worker-1 already cordoned\npod/solo deleted\n"
                        f"pod/{coredns.split('/')[1]} deleted\nnode/worker-1 drained\n")
    assert on_node(c, "worker-1", "default") == []


def test_evicted_pod_carries_the_disruption_target(c):
    c.apply(DEPLOYMENT % 1)
    c.advance(20)
    name = on_node(c, "worker-1", "default")[0].split("/")[1]
    seen = []
    c.api.watch("pods", lambda kind, pod: seen.append(pod) if pod["metadata"]["name"] == name else None,
                namespace="default")
    assert c.kubectl("drain worker-1 --ignore-daemonsets --pod-selector=app=nginx").exit_code == 0
    marked = [next((x for x in p["status"].get("conditions") or [] if x["type"] == "DisruptionTarget"), None)
              for p in seen]
    assert marked[0]["reason"] == "EvictionByEvictionAPI" and marked[0]["message"] == "Eviction API: evicting"
    assert seen[1]["metadata"]["deletionGracePeriodSeconds"] == 30


def test_drain_flag_errors(c):
    r = c.kubectl("drain")
    assert r.stderr == "error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n"
    r = c.kubectl("drain worker-1 --timeout=soon")
    assert r.stderr == ('Error: invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"\n'
                        "See 'kubectl drain --help' for usage.\n")
    r = c.kubectl("drain worker-1 --pod-selector='a b'")
    assert r.stderr == "error: --pod-selector=<pod_selector> must be a valid label selector\n"
    r = c.kubectl("drain worker-1 --grace-period=x")
    assert r.stderr == ('Error: invalid argument "x" for "--grace-period" flag: strconv.ParseInt: parsing "x": '
                        "invalid syntax\nSee 'kubectl drain --help' for usage.\n")
    assert unschedulable(c, "worker-1") is False


# taint
def taints_of(c, node):
    return [{k: v for k, v in t.items() if k != "timeAdded"} for t in c.api.get("nodes", node)["spec"].get("taints") or []]


def test_taint_add_overwrite_remove(c):
    r = c.kubectl("taint nodes worker-1 dedicated=web:NoSchedule")
    assert (r.stdout, r.exit_code) == ("node/worker-1 tainted\n", 0)
    assert taints_of(c, "worker-1") == [{"key": "dedicated", "value": "web", "effect": "NoSchedule"}]
    r = c.kubectl("taint nodes worker-1 dedicated=db:NoSchedule")
    assert r.stderr == "error: node worker-1 already has dedicated taint(s) with same effect(s) and --overwrite is false\n"
    assert c.kubectl("taint nodes worker-1 dedicated=db:NoSchedule --overwrite").stdout == "node/worker-1 modified\n"
    assert c.kubectl("taint node worker-1 gpu:PreferNoSchedule").stdout == "node/worker-1 tainted\n"
    # the taints added come first, then the node's others
    assert taints_of(c, "worker-1") == [{"key": "gpu", "effect": "PreferNoSchedule"},
                                        {"key": "dedicated", "value": "db", "effect": "NoSchedule"}]
    assert c.kubectl("taint nodes worker-1 dedicated:NoSchedule-").stdout == "node/worker-1 untainted\n"
    assert c.kubectl("taint nodes worker-1 gpu-").stdout == "node/worker-1 untainted\n"
    assert taints_of(c, "worker-1") == []
    r = c.kubectl("taint nodes worker-1 gpu-")
    assert (r.stderr, r.exit_code) == ('error: taint "gpu" not found\n', 1)


def test_taint_selects_nodes_and_prints(c):
    r = c.kubectl("taint nodes -l kubernetes.io/hostname=worker-2 zone=b:NoSchedule --dry-run=client")
    assert r.stdout == "node/worker-2 tainted (dry run)\n" and taints_of(c, "worker-2") == []
    assert c.kubectl("taint nodes worker-2 zone=b:NoSchedule -o name").stdout == "node/worker-2\n"
    r = c.kubectl("taint nodes worker-1 zone=a:NoSchedule -o jsonpath={.spec.taints[0].value}")
    assert r.stdout == "a"


def test_taint_errors(c):
    cases = {
        "taint": "error: one or more resources must be specified as <resource> <name>\n",
        "taint nodes worker-1": "error: at least one taint update is required\n",
        "taint nodes a=b:NoSchedule": "error: at least one resource name must be specified since 'all' parameter is not set\n",
        "taint pods web a=b:NoSchedule": "error: invalid resource type pods, only node types are supported\n",
        "taint nodes worker-1 a=b:NoSchedule c": "error: all resources must be specified before taint changes: c\n",
        "taint nodes worker-1 a=b:NoSchedule a-": "error: can not both modify and remove the following taint(s) in the same command: a=\n",
        "taint nodes worker-1 a=b:NoSchedule --all -l x=y": "error: setting 'all' parameter with a non empty selector is prohibited\n",
        "taint nodes worker-1 k=v:Bad": "error: invalid taint effect: Bad, unsupported taint effect\nSee 'kubectl taint -h' for help and examples\n",
        "taint nodes worker-1 k=v:NoSchedule k=w:NoSchedule": "error: duplicated taints with the same key and effect: {k w NoSchedule <nil>}\nSee 'kubectl taint -h' for help and examples\n",
        "taint nodes worker-1 k=v": ("error: invalid taint spec: k=v, name part must consist of alphanumeric characters, '-', '_' "
                                     "or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
                                     "'my.name',  or '123-abc', regex used for validation is "
                                     "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\nSee 'kubectl taint -h' for help and examples\n"),
        "taint nodes worker-9 a=b:NoSchedule": 'Error from server (NotFound): nodes "worker-9" not found\n',
    }
    for command, stderr in cases.items():
        r = c.kubectl(command)
        assert (command, r.stderr, r.exit_code) == (command, stderr, 1)


def test_drain_without_timeout_gives_up_after_an_hour_of_virtual_time(c):
    c.apply(DEPLOYMENT % 3)
    c.advance(20)
    first, second = (n.split("/")[1] for n in on_node(c, "worker-1", "default"))
    start = c.now
    r = c.kubectl("drain worker-1 --ignore-daemonsets --pod-selector=app=nginx")
    assert r.exit_code == 1 and c.now - start == 3600
    assert r.stdout.count(f"evicting pod default/{first}\n") == 721  # every 5 s, and once more at the end
    gave_up = "the simulation stopped waiting after 1h0m0s of virtual time (without --timeout kubectl retries until interrupted)"
    assert r.stderr.splitlines()[-2:] == [f'error when evicting pods/"{name}" -n "default": {gave_up}'
                                          for name in (first, second)]
