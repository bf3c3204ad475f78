"""Event recorders: names from virtual time, the core/v1 shape of legacy and events.k8s.io events,
count/aggregation/spam rules of client-go's record package, and series of the events package."""
import pytest

from engine import Cluster
from engine.events import EventRecorder, EventsRecorder, reference

EPOCH_UNIX = 1735689600  # 2025-01-01T00:00:00Z, the simulated cluster's birthday


@pytest.fixture
def c():
    return Cluster(wait=False, workers=1)


def pod(c, name="web-0"):
    """A pod no scheduler picks up, so the only events are the ones a test records."""
    return c.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
                                 "spec": {"schedulerName": "nobody", "containers": [{"name": "app", "image": "nginx"}]}})


def events(c, reason=None):
    """Events about the test's pods (the cluster's own components record events in default too)."""
    items = c.api.list("events", "default", field_selector="involvedObject.kind=Pod")["items"]
    return [e for e in items if reason is None or e["reason"] == reason]


def test_name_is_object_name_and_unix_nanos_in_hex(c):
    p = pod(c)
    c.advance(1.25)
    ev = EventRecorder(c.api, c.clock, "kubelet", "worker-1").event(p, "Normal", "Pulling", 'Pulling image "nginx"')
    name, _, nanos = ev["metadata"]["name"].partition(".")
    assert name == "web-0"
    assert len(nanos) == 16
    assert int(nanos, 16) == (EPOCH_UNIX + 1) * 10 ** 9 + 250_000_000


def test_two_events_in_the_same_nanosecond_get_distinct_names(c):
    p = pod(c)
    rec = EventRecorder(c.api, c.clock, "kubelet", "worker-1")
    a = rec.event(p, "Normal", "Pulling", "one")
    b = rec.event(p, "Normal", "Pulled", "two")
    assert int(b["metadata"]["name"].split(".")[1], 16) == int(a["metadata"]["name"].split(".")[1], 16) + 1


def test_legacy_event_core_v1_shape(c):
    p = pod(c)
    ev = EventRecorder(c.api, c.clock, "kubelet", "worker-1").event(
        p, "Normal", "Created", "Created container: app", field_path="spec.containers{app}")
    assert ev["involvedObject"] == {"kind": "Pod", "namespace": "default", "name": "web-0",
                                    "uid": p["metadata"]["uid"], "apiVersion": "v1",
                                    "resourceVersion": p["metadata"]["resourceVersion"],
                                    "fieldPath": "spec.containers{app}"}
    assert ev["source"] == {"component": "kubelet", "host": "worker-1"}
    assert ev["count"] == 1
    assert ev["firstTimestamp"] == ev["lastTimestamp"] == "2025-01-01T00:00:00Z"
    assert ev["reportingComponent"] == "kubelet" and ev["reportingInstance"] == "worker-1"
    assert ev["type"] == "Normal" and ev["reason"] == "Created" and ev["message"] == "Created container: app"
    assert ev["metadata"]["namespace"] == "default"


def test_controller_events_have_no_host(c):
    node = c.api.get("nodes", "worker-1")
    ev = EventRecorder(c.api, c.clock, "node-controller").event(node, "Normal", "RegisteredNode",
                                                                "Node worker-1 event: Registered Node worker-1 in Controller")
    assert ev["source"] == {"component": "node-controller"}
    assert ev["reportingInstance"] == ""
    assert ev["metadata"]["namespace"] == "default"  # events about cluster-scoped objects live in default


def test_same_event_again_bumps_count_and_last_timestamp(c):
    p = pod(c)
    rec = EventRecorder(c.api, c.clock, "kubelet", "worker-1")
    first = rec.event(p, "Warning", "BackOff", "Back-off restarting failed container app")
    c.advance(30)
    again = rec.event(p, "Warning", "BackOff", "Back-off restarting failed container app")
    assert again["metadata"]["name"] == first["metadata"]["name"]
    assert again["count"] == 2
    assert again["firstTimestamp"] == "2025-01-01T00:00:00Z"
    assert again["lastTimestamp"] == "2025-01-01T00:00:30Z"
    assert len(events(c, "BackOff")) == 1


def test_tenth_distinct_message_is_combined(c):
    p = pod(c)
    rec = EventRecorder(c.api, c.clock, "kubelet", "worker-1")
    for i in range(9):
        rec.event(p, "Warning", "Unhealthy", f"Liveness probe failed: {i}")
        c.advance(1)
    assert len(events(c, "Unhealthy")) == 9
    combined = rec.event(p, "Warning", "Unhealthy", "Liveness probe failed: 9")
    assert combined["message"] == "(combined from similar events): Liveness probe failed: 9"
    assert combined["count"] == 1
    assert combined["reportingComponent"] == ""  # the aggregate copy carries no reporting fields
    c.advance(1)
    again = rec.event(p, "Warning", "Unhealthy", "Liveness probe failed: 10")
    assert again["metadata"]["name"] == combined["metadata"]["name"]
    assert again["count"] == 2
    assert again["message"] == "(combined from similar events): Liveness probe failed: 10"
    assert len(events(c, "Unhealthy")) == 10


def test_aggregation_forgets_after_ten_minutes(c):
    p = pod(c)
    rec = EventRecorder(c.api, c.clock, "kubelet", "worker-1")
    for i in range(9):
        rec.event(p, "Warning", "Unhealthy", f"m{i}")
    c.advance(601)
    ev = rec.event(p, "Warning", "Unhealthy", "m9")
    assert ev["message"] == "m9"


def test_spam_filter_allows_25_then_one_per_five_minutes(c):
    p = pod(c)
    rec = EventRecorder(c.api, c.clock, "kubelet", "worker-1")
    written = [rec.event(p, "Normal", f"Reason{i}", "m") for i in range(26)]
    assert all(written[:25]) and written[25] is None
    assert len(events(c)) == 25
    c.advance(300)
    assert rec.event(p, "Normal", "Later", "m") is not None
    assert rec.event(p, "Normal", "Later2", "m") is None


def test_events_api_shape_through_core_v1(c):
    p = pod(c)
    c.advance(0.002)
    rec = EventsRecorder(c.api, c.clock, "default-scheduler", "default-scheduler-control-plane")
    ev = rec.event(p, "Normal", "Scheduled", "Successfully assigned default/web-0 to worker-1", "Binding")
    assert ev["eventTime"] == "2025-01-01T00:00:00.002000Z"
    assert ev["firstTimestamp"] is None and ev["lastTimestamp"] is None
    assert ev["source"] == {}
    assert "count" not in ev and "series" not in ev
    assert ev["action"] == "Binding"
    assert ev["reportingComponent"] == "default-scheduler"
    assert ev["reportingInstance"] == "default-scheduler-control-plane"
    assert int(ev["metadata"]["name"].split(".")[1], 16) == EPOCH_UNIX * 10 ** 9 + 2_000_000


def test_events_api_series(c):
    p = pod(c)
    rec = EventsRecorder(c.api, c.clock, "default-scheduler", "default-scheduler-control-plane")
    first = rec.event(p, "Warning", "FailedScheduling", "0/2 nodes are available: ...", "Scheduling")
    c.advance(10)
    rec.event(p, "Warning", "FailedScheduling", "another message, same series", "Scheduling")
    stored = c.api.get("events", first["metadata"]["name"])
    assert stored["series"] == {"count": 2, "lastObservedTime": "2025-01-01T00:00:10.000000Z"}
    assert stored["message"] == "0/2 nodes are available: ..."  # the series keeps the first note
    c.advance(20)
    rec.event(p, "Warning", "FailedScheduling", "third", "Scheduling")
    assert c.api.get("events", first["metadata"]["name"])["series"]["count"] == 2  # not written yet
    c.advance(400)  # t=430: the 6-minute check at t=360 found the series observed 5.5 minutes ago
    assert c.api.get("events", first["metadata"]["name"])["series"]["count"] == 2
    c.advance(300)  # t=730: the check at t=720 finishes the series and writes its final count
    assert c.api.get("events", first["metadata"]["name"])["series"] == {
        "count": 3, "lastObservedTime": "2025-01-01T00:00:30.000000Z"}
    assert len(events(c, "FailedScheduling")) == 1
    rec.event(p, "Warning", "FailedScheduling", "after the series", "Scheduling")
    assert len(events(c, "FailedScheduling")) == 2


def test_reference_of_a_reference_is_itself():
    ref = {"kind": "Node", "name": "worker-1", "uid": "worker-1"}
    assert reference(ref) == ref
