"""Nodes joining and leaving a running cluster (kubeadm join, then the machine gone and its Node deleted):
DaemonSets follow them, controllers move their pods, the new node gets the next address and pod CIDR."""
from engine import Cluster


def pods_on(c, node, namespace=None):
    return sorted(p["metadata"]["name"].rsplit("-", 1)[0] for p in c.api.list("pods", namespace)["items"]
                  if p["spec"].get("nodeName") == node and not p["metadata"].get("deletionTimestamp"))


def test_a_joining_node_gets_the_daemonsets_and_the_next_address():
    c = Cluster(workers=1)
    assert c.add_node() == "worker-2"
    c.advance(30)
    node = c.api.get("nodes", "worker-2")
    assert node["spec"]["podCIDR"] == "10.244.2.0/24"
    assert [a["address"] for a in node["status"]["addresses"] if a["type"] == "InternalIP"] == ["172.18.0.4"]
    assert c.kubectl("get nodes worker-2 --no-headers").stdout.split()[1] == "Ready"
    assert pods_on(c, "worker-2") == ["kube-flannel-ds", "kube-proxy"]
    assert c.kubectl("get ds -n kube-system kube-proxy -o jsonpath={.status.numberReady}").stdout == "3"
    c.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  nodeName: worker-2\n"
            "  containers: [{name: web, image: nginx}]\n")
    c.advance(10)
    assert c.kubectl("get pod web -o jsonpath={.status.podIP}").stdout.startswith("10.244.2.")


def test_a_removed_node_takes_its_daemon_pods_and_deployments_move():
    c = Cluster(workers=2)
    c.kubectl("create deployment web --image=nginx --replicas=4")
    c.advance(20)
    c.remove_node("worker-1")
    c.advance(60)
    assert "worker-1" not in [n["metadata"]["name"] for n in c.api.list("nodes")["items"]]
    assert pods_on(c, "worker-1") == []
    assert c.kubectl("get ds -n kube-system kube-proxy -o jsonpath={.status.desiredNumberScheduled}").stdout == "2"
    assert c.kubectl("get deployment web -o jsonpath={.status.readyReplicas}").stdout == "4"
    assert set(pods_on(c, "worker-2", "default")) == {"web-6dc5cd68db"}
