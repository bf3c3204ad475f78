"""Field selectors are answered from what the watch cache keeps per object (GetAttrs), including an
Event's `source`, which selects by its component."""
from engine import Cluster


def test_event_source_and_involved_object():
    c = Cluster(workers=1)
    c.kubectl("run web --image=nginx")
    c.advance(10)
    items = c.api.list("events", "default", field_selector="source=kubelet,involvedObject.name=web")["items"]
    assert [e["reason"] for e in items] == ["Pulling", "Pulled", "Created", "Started"]
    assert {e["source"]["component"] for e in items} == {"kubelet"}
    others = c.api.list("events", "default", field_selector="source!=kubelet,involvedObject.name=web")["items"]
    assert [(e["reason"], e.get("reportingComponent")) for e in others] == [("Scheduled", "default-scheduler")]


def test_pod_status_fields_follow_updates():
    c = Cluster(workers=1)
    c.kubectl("run web --image=nginx")
    assert [p["metadata"]["name"] for p in c.api.list("pods", "default", field_selector="status.phase=Pending")["items"]] == ["web"]
    c.advance(10)
    assert c.api.list("pods", "default", field_selector="status.phase=Pending")["items"] == []
    running = c.api.list("pods", "default", field_selector="status.phase=Running,spec.nodeName=worker-1")["items"]
    assert [p["metadata"]["name"] for p in running] == ["web"]
