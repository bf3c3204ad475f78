"""kubectl describe sorts events as SortableEvents does, by lastTimestamp alone: the scheduler's
events.k8s.io events (eventTime, no lastTimestamp) come first, before the kubelet's."""
from engine import Cluster


def test_scheduled_is_the_first_event_of_a_pod():
    c = Cluster(workers=1)
    c.kubectl("run x --image=nginx")
    c.advance(10)
    reasons = [line.split()[1] for line in c.kubectl("describe pod x").stdout.split("Events:")[1].splitlines()[3:]]
    assert reasons == ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
