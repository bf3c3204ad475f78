"""The Cluster's network entry points: kube-proxy running from boot, a Service reached by name from a
pod, and the node tables and request trace a lesson prints."""
from engine import Cluster


def test_service_by_name_with_rules_routes_and_trace():
    c = Cluster(workers=2)
    c.kubectl("create deployment web --image=nginx --replicas=2 --port=80")
    c.kubectl("expose deployment web")
    c.kubectl("run client --image=busybox:1.28 -- sleep 3600")
    c.advance(20)
    page = c.kubectl("exec client -- wget -qO- http://web").stdout
    assert "<title>Welcome to nginx!</title>" in page
    ip = c.api.get("services", "web", "default")["spec"]["clusterIP"]
    rules = c.node_iptables("worker-1")
    assert f'-A KUBE-SERVICES -d {ip}/32 -p tcp -m comment --comment "default/web cluster IP" -m tcp --dport 80 -j KUBE-SVC-' in rules
    assert "10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1" in c.node_routes("worker-1")
    trace = str(c.trace("client", "http://web"))
    assert f"DNS: web.default.svc.cluster.local -> {ip} (nameserver 10.96.0.10)" in trace
    assert "kube-proxy (iptables)" in trace and trace.rstrip().endswith("delivered")
