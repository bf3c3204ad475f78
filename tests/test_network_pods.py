"""The pod network: pod to pod on one node (cni0) and across nodes (flannel VXLAN), localhost inside a pod,
MASQUERADE to the outside, traces as paths in the topology graph, `ip route` and flannel's node annotations."""
import networkx as nx
import pytest

from engine import Cluster
from engine.network.topology import veth_name

NGINX_PAGE = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""

PODS = """
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  nodeName: worker-2
  containers: [{name: nginx, image: "nginx:1.27"}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  nodeName: worker-1
  containers: [{name: bb, image: "busybox:1.36", command: [sleep, "3600"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: neighbour}
spec:
  nodeName: worker-2
  containers: [{name: bb, image: "busybox:1.36", command: [sleep, "3600"]}]
"""


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(workers=2)
    c.apply(PODS)
    c.advance(20)
    return c


def ip_of(c, name, namespace="default"):
    return c.api.get("pods", name, namespace)["status"]["podIP"]


def veth(c, node, pod):
    """The host end of a pod's veth pair, named after the pod's uid as the bridge plugin does."""
    return f"node/{node}/{veth_name(c.api.get('pods', pod, 'default')['metadata']['uid'])}"


def run(c, pod, *argv, namespace="default"):
    return c.api.pod_exec(pod, list(argv), namespace)


def test_pods_on_different_nodes_reach_each_other_by_ip(cluster):
    c = cluster
    assert (ip_of(c, "client"), ip_of(c, "web")) == ("10.244.1.3", "10.244.2.3")
    out, err, code = run(c, "client", "wget", "-O-", "http://10.244.2.3")
    assert (out, code) == (NGINX_PAGE, 0)
    assert err == ("Connecting to 10.244.2.3 (10.244.2.3:80)\nwriting to stdout\n"
                   "-                    100% |********************************|   615  0:00:00 ETA\nwritten to stdout\n")
    # nginx sees the client pod's own address: no NAT between pods
    assert c.api.pod_log("web", "default").splitlines()[-1].startswith(
        '10.244.1.3 - - [01/Jan/2025:00:00:47 +0000] "GET / HTTP/1.1" 200 615 "-" "Wget" "-"')


def test_trace_across_nodes_is_vxlan(cluster):
    c = cluster
    trace = c.network.trace("client", "http://10.244.2.3")
    hops = [(h.vertex, h.rule) for h in trace.hops]
    assert hops == [
        ("pod/default/client", "default via 10.244.1.1 dev eth0 (the pod's route table)"),
        (veth(c, "worker-1", "client"), "veth pair: the pod's eth0 enters the node"),
        ("node/worker-1/cni0", "bridge cni0 10.244.1.1: routed by the node"),
        ("node/worker-1/flannel.1", "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink"),
        ("node/worker-1/flannel.1", "VXLAN VNI 1: inner 10.244.1.3 -> 10.244.2.3 to VTEP b6:37:d0:cc:29:3b "
                                    "(fdb: b6:37:d0:cc:29:3b dst 172.18.0.4)"),
        ("node/worker-1/eth0", "UDP 172.18.0.3 -> 172.18.0.4:8472"),
        ("network/172.18.0.0/16", "172.18.0.0/16: to worker-2"),
        ("node/worker-2/eth0", "UDP port 8472: the VXLAN socket of flannel.1"),
        ("node/worker-2/flannel.1", "decapsulated (VNI 1): 10.244.1.3 -> 10.244.2.3"),
        ("node/worker-2/cni0", "10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1"),
        (veth(c, "worker-2", "web"), "bridge port of default/web"),
        ("pod/default/web", "eth0 10.244.2.3"),
        ("pod/default/web", "accepted by container nginx on port 80"),
    ]
    assert trace.outcome == "delivered" and trace.remote_addr == "10.244.1.3"
    assert nx.is_path(c.network.topology.graph, trace.path())
    assert str(trace).splitlines()[0] == "TCP 10.244.1.3 -> 10.244.2.3:80"


def test_same_node_traffic_stays_on_the_bridge(cluster):
    c = cluster
    trace = c.network.trace("neighbour", "http://10.244.2.3")
    assert trace.path() == ["pod/default/neighbour", veth(c, "worker-2", "neighbour"), "node/worker-2/cni0",
                            veth(c, "worker-2", "web"), "pod/default/web"]
    assert trace.hops[3].rule == "10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1"
    assert nx.is_path(c.network.topology.graph, trace.path())
    out, _, code = run(c, "neighbour", "ping", "-c", "1", "10.244.2.3")
    assert out.splitlines()[1] == "64 bytes from 10.244.2.3: seq=0 ttl=64 time=0.085 ms"
    out, _, code = run(c, "client", "ping", "-c", "1", "10.244.2.3")
    assert out.splitlines()[1] == "64 bytes from 10.244.2.3: seq=0 ttl=62 time=0.520 ms"


def test_failures_as_the_tools_print_them(cluster):
    c = cluster
    assert run(c, "client", "wget", "-O-", "http://10.244.2.3:81")[1:] == (
        "Connecting to 10.244.2.3 (10.244.2.3:81)\nwget: can't connect to remote host (10.244.2.3): "
        "Connection refused\n", 1)
    assert run(c, "client", "wget", "-O-", "http://10.244.2.99")[1:] == (
        "Connecting to 10.244.2.99 (10.244.2.99:80)\nwget: can't connect to remote host (10.244.2.99): "
        "No route to host\n", 1)
    # hostNetwork pods listen on the node's address: kube-proxy's healthz on worker-2
    assert run(c, "client", "wget", "-qO-", "http://172.18.0.4:10256/healthz") == ("ok", "", 0)


def test_egress_is_masqueraded_to_the_node_ip(cluster):
    c = cluster
    out, _, code = run(c, "client", "wget", "-qO-", "http://188.184.100.182/")
    assert code == 0 and out.startswith("<html><head></head><body><header>\n<title>http://info.cern.ch</title>")
    trace = c.network.trace("client", "http://188.184.100.182")
    assert trace.remote_addr == "172.18.0.3"
    assert [h.rule for h in trace.hops][3:] == [
        "FLANNEL-POSTRTG: -s 10.244.0.0/16 ! -d 224.0.0.0/4 -j MASQUERADE --random-fully: "
        "source 10.244.1.3 becomes 172.18.0.3",
        "default via 172.18.0.1 dev eth0", "gateway 172.18.0.1", "to 188.184.100.182"]
    assert trace.path()[-3:] == ["node/worker-1/eth0", "network/172.18.0.0/16", "outside"]
    assert nx.is_path(c.network.topology.graph, trace.path())


def test_ip_route_of_nodes(cluster):
    c = cluster
    assert c.network.ip_route("worker-1") == (
        "default via 172.18.0.1 dev eth0 \n"
        "10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink \n"
        "10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 \n"
        "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink \n"
        "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.3 \n")
    # no pod network pod on the control-plane node: the bridge plugin never made cni0 there
    assert c.network.ip_route("control-plane") == (
        "default via 172.18.0.1 dev eth0 \n"
        "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink \n"
        "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink \n"
        "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.2 \n")


def test_flannel_annotations_and_subnet_env(cluster):
    c = cluster
    annotations = c.api.get("nodes", "worker-2")["metadata"]["annotations"]
    assert {k: v for k, v in annotations.items() if k.startswith("flannel")} == {
        "flannel.alpha.coreos.com/backend-data": '{"VNI":1,"VtepMAC":"b6:37:d0:cc:29:3b"}',
        "flannel.alpha.coreos.com/backend-type": "vxlan",
        "flannel.alpha.coreos.com/kube-subnet-manager": "true",
        "flannel.alpha.coreos.com/public-ip": "172.18.0.4",
    }
    flannel_pod = c.api.list("pods", namespace="kube-flannel", field_selector="spec.nodeName=worker-1")["items"][0]
    assert run(c, flannel_pod["metadata"]["name"], "cat", "/run/flannel/subnet.env", namespace="kube-flannel") == (
        "FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n", "", 0)
    graph = c.network.topology.graph
    assert graph.nodes["node/worker-2/flannel.1"]["mac"] == "b6:37:d0:cc:29:3b"
    assert graph.nodes["node/worker-2/cni0"]["ip"] == "10.244.2.1"


def test_containers_of_a_pod_share_localhost():
    c = Cluster(workers=1)
    c.apply("""
apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  containers:
  - {name: nginx, image: "nginx:1.27"}
  - {name: shell, image: "busybox:1.36", command: [sleep, "3600"]}
""")
    c.advance(20)
    out, _, code = c.api.pod_exec("two", ["wget", "-qO-", "http://localhost"], "default", container="shell")
    assert (out, code) == (NGINX_PAGE, 0)
    assert c.api.pod_log("two", "default", container="nginx").splitlines()[-1].startswith("127.0.0.1 - - [")
    trace = c.network.trace("two", "http://localhost")
    assert [(h.vertex, h.rule) for h in trace.hops] == [
        ("pod/default/two", "DNS: localhost -> 127.0.0.1 (/etc/hosts)"),
        ("pod/default/two", "local: 127.0.0.0/8 dev lo (the pod's network namespace)"),
        ("pod/default/two", "accepted by container nginx on port 80")]


def test_without_flannel_there_is_no_route_to_other_nodes():
    c = Cluster(workers=2, addons=False)
    c.apply(PODS)
    c.advance(20)
    assert c.network.ip_route("worker-1") == (
        "default via 172.18.0.1 dev eth0 \n"
        "10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 \n"
        "172.18.0.0/16 dev eth0 proto kernel scope link src 172.18.0.3 \n")
    web = ip_of(c, "web")
    assert run(c, "client", "wget", "-T", "5", "-O-", f"http://{web}")[1:] == (
        f"Connecting to {web} ({web}:80)\nwget: download timed out\n", 1)
    assert c.network.trace("client", f"http://{web}").hops[-1].rule == \
        f"{web} is not routed outside the cluster: dropped"
    assert run(c, "neighbour", "wget", "-qO-", f"http://{web}") == (NGINX_PAGE, "", 0)  # same node: the bridge
    assert not any(k.startswith("flannel") for k in c.api.get("nodes", "worker-1")["metadata"]["annotations"])
    # nor kube-proxy: a ClusterIP is just an address nobody routes
    trace = c.network.trace("client", "https://10.96.0.1")
    assert [h.rule for h in trace.hops][-2:] == ["no kube-proxy rule for 10.96.0.1: default via 172.18.0.1 dev eth0",
                                                 "10.96.0.1 is not routed outside the cluster: dropped"]
    assert trace.outcome == "timeout"


def test_a_node_port_on_another_node_is_translated_there():
    c = Cluster(workers=2)
    c.apply(PODS.replace("metadata: {name: web}", "metadata: {name: web, labels: {app: web}}") + """
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, nodePort: 30080}]
""")
    c.advance(20)
    # the request leaves worker-1 masqueraded to its node IP, control-plane's rules DNAT it to the pod on
    # worker-2 and masquerade it again, to the address of flannel.1 it leaves by
    assert run(c, "client", "wget", "-qO-", "http://172.18.0.2:30080") == (NGINX_PAGE, "", 0)
    assert c.api.pod_log("web", "default").splitlines()[-1].startswith("10.244.0.0 - - [")
    trace = c.network.trace("client", "http://172.18.0.2:30080")
    assert trace.path() == [
        "pod/default/client", veth(c, "worker-1", "client"), "node/worker-1/cni0", "node/worker-1/eth0",
        "network/172.18.0.0/16", "node/control-plane/eth0", "node/control-plane/flannel.1",
        "node/control-plane/eth0", "network/172.18.0.0/16", "node/worker-2/eth0", "node/worker-2/flannel.1",
        "node/worker-2/cni0", veth(c, "worker-2", "web"), "pod/default/web"]
    assert [h.rule for h in trace.hops if "MASQUERADE" in h.rule and "source" in h.rule] == [
        "FLANNEL-POSTRTG MASQUERADE: source 172.18.0.3", "KUBE-POSTROUTING MASQUERADE: source becomes 10.244.0.0"]
    # on the pod's own node the source is the bridge's address
    assert run(c, "client", "wget", "-qO-", "http://172.18.0.4:30080")[2] == 0
    assert c.api.pod_log("web", "default").splitlines()[-1].startswith("10.244.2.1 - - [")
