"""flanneld marks its node's network available (NetworkUnavailable False, FlannelIsUp), a condition the
kubelet keeps in place and the node lifecycle controller leaves alone when the kubelet goes silent."""
from engine import Cluster


def conditions(c, node):
    return [(x["type"], x["status"], x["reason"]) for x in c.api.get("nodes", node)["status"]["conditions"]]


def test_describe_node_lists_flannel_condition_first():
    c = Cluster(workers=1)
    text = c.kubectl("describe node worker-1").stdout
    table = text[text.index("Conditions:"):text.index("Addresses:")].splitlines()
    assert table[3].split()[:3] == ["NetworkUnavailable", "False", "Wed,"]
    assert table[3].endswith("FlannelIsUp                  Flannel is running on this node")
    assert [line.split()[0] for line in table[4:]] == ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"]


def test_kubelet_status_updates_keep_the_condition():
    c = Cluster(workers=1)
    c.advance(600)  # several kubelet status reports
    assert conditions(c, "worker-1") == [
        ("NetworkUnavailable", "False", "FlannelIsUp"), ("MemoryPressure", "False", "KubeletHasSufficientMemory"),
        ("DiskPressure", "False", "KubeletHasNoDiskPressure"), ("PIDPressure", "False", "KubeletHasSufficientPID"),
        ("Ready", "True", "KubeletReady")]


def test_silent_kubelet_leaves_network_condition_alone():
    c = Cluster(workers=1)
    c.fail_node("worker-1")
    c.advance(60)
    assert conditions(c, "worker-1") == [
        ("NetworkUnavailable", "False", "FlannelIsUp"), ("MemoryPressure", "Unknown", "NodeStatusUnknown"),
        ("DiskPressure", "Unknown", "NodeStatusUnknown"), ("PIDPressure", "Unknown", "NodeStatusUnknown"),
        ("Ready", "Unknown", "NodeStatusUnknown")]


def test_flannel_restart_rewrites_the_condition_times():
    c = Cluster(workers=1)
    before = c.api.get("nodes", "worker-1")["status"]["conditions"][0]["lastTransitionTime"]
    pod = next(p["metadata"]["name"] for p in c.api.list("pods", "kube-flannel")["items"]
               if p["spec"]["nodeName"] == "worker-1")
    c.kubectl(f"delete pod -n kube-flannel {pod}")
    c.advance(30)
    after = c.api.get("nodes", "worker-1")["status"]["conditions"][0]
    assert after["type"] == "NetworkUnavailable" and after["lastTransitionTime"] > before
