"""NetworkTraceView: a traced request as hops grouped by machine, numbered arrows, the deciding rule of each hop."""
from engine import Cluster
from engine.viz import NetworkTraceView


def test_cross_node_service_request():
    c = Cluster(workers=2)
    c.kubectl("create deployment web --image=nginx --replicas=2")
    c.kubectl("expose deployment web --port=80")
    c.kubectl("run client --image=busybox -- sleep 3600")
    c.advance(20)
    trace = c.trace("client", "http://web")
    view = NetworkTraceView(c, trace)
    model = view.model()
    assert model.outcome == "delivered" and model.request.startswith("TCP 10.244.")
    assert [h.step for h in model.hops] == list(range(1, len(trace.hops) + 1))
    client_node = c.api.get("pods", "client", "default")["spec"]["nodeName"]
    assert model.hops[0].host == client_node and model.hops[0].rule.startswith("DNS: web.default.svc.cluster.local")
    assert any("DNAT --to-destination" in h.rule for h in model.hops)
    assert model.hops[-1].rule.startswith("accepted by container nginx")
    source = view.dot_source()
    assert source.count("subgraph") == len(model.hosts)
    assert '-> "outcome" [style=dashed]' in source
    page = view.html()
    assert "<svg" in page and "delivered" in page and "decided by" in page
    view.close()


def test_refused_request():
    c = Cluster(workers=1)
    c.kubectl("create service clusterip nothing --tcp=80:80")
    c.kubectl("run client --image=busybox -- sleep 3600")
    c.advance(15)
    view = NetworkTraceView(c, c.trace("client", "http://nothing"))
    assert view.model().outcome in ("refused", "unreachable")
    assert "#c62828" in view.html()
    view.close()
