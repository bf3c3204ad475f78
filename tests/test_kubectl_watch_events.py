"""`kubectl get -w / --watch-only / --output-watch-events` and `kubectl events` (list, --for, --types, -A, -o,
-w), all in virtual time: a watch runs the clock for --request-timeout (60 virtual seconds when unset)."""
from engine import Cluster
from engine.kubectl.watch import WATCH_SECONDS


def pod_names(c, selector="app=web"):
    return [p["metadata"]["name"] for p in c.api.list("pods", namespace="default", label_selector=selector)["items"]]


def scaled_cluster():
    c = Cluster(workers=1)
    c.kubectl("create deployment web --image=nginx --replicas=1")
    c.advance(10)
    return c


def test_watch_prints_the_table_then_a_row_per_event_with_remembered_widths():
    c = scaled_cluster()
    [first] = pod_names(c)
    c.clock.call_later(5, lambda: c.kubectl("scale deploy web --replicas=2"))
    start = c.now
    r = c.kubectl("get pods -w --request-timeout=10s")
    [new] = [n for n in pod_names(c) if n != first]
    assert r.stdout == (
        "NAME                   READY   STATUS    RESTARTS   AGE\n"
        f"{first}   1/1     Running   0          10s\n"
        f"{new}   0/1     Pending   0          0s\n"
        f"{new}   0/1     Pending   0          0s\n"
        f"{new}   0/1     ContainerCreating   0          0s\n"
        f"{new}   0/1     ContainerCreating   0          0s\n"
        f"{new}   1/1     Running             0          1s\n")
    assert (r.stderr, r.exit_code, c.now - start) == ("", 0, 10)


def test_watch_runs_the_default_virtual_time_and_stops_watching():
    c = scaled_cluster()
    start = c.now
    r = c.kubectl("get deploy web -w -o name")
    assert (r.stdout, r.exit_code, c.now - start) == ("deployment.apps/web\n", 0, WATCH_SECONDS)
    c.kubectl("scale deploy web --replicas=3")
    c.advance(5)  # the watch is gone: nothing more is printed anywhere, and no error
    assert c.kubectl("get deploy web -o go-template={{.spec.replicas}}").stdout == "3"


def test_watch_only_with_events_and_custom_columns():
    c = scaled_cluster()
    c.clock.call_later(2, lambda: c.kubectl("scale deploy web --replicas=2"))
    r = c.kubectl("get deploy web --watch-only --output-watch-events --request-timeout=3s "
                  "-o custom-columns=T:.type,N:.object.metadata.name,R:.object.spec.replicas,A:.object.status.replicas")
    assert r.stdout.splitlines()[:2] == ["T          N     R     A", "MODIFIED   web   2     1"]
    assert all(line.startswith("MODIFIED   web   2") for line in r.stdout.splitlines()[1:])


def test_output_watch_events_table_with_namespace_and_documents():
    c = scaled_cluster()
    [pod] = pod_names(c)
    r = c.kubectl("get pods -A -l app=web -w --output-watch-events --request-timeout=1s")
    assert r.stdout == ("EVENT      NAMESPACE   NAME                   READY   STATUS    RESTARTS   AGE\n"
                        f"ADDED      default     {pod}   1/1     Running   0          10s\n")
    r = c.kubectl("get ns default -w -o json --output-watch-events --request-timeout=1s")
    assert r.stdout.startswith('{\n    "type": "ADDED",\n    "object": {\n        "apiVersion": "v1",\n')
    r = c.kubectl("get ns default kube-public -w -o yaml --request-timeout=1s")
    assert r.stdout.startswith("apiVersion: v1\nkind: Namespace\n")
    r = c.kubectl("get ns -l kubernetes.io/metadata.name=default -w -o yaml --output-watch-events "
                  "--request-timeout=1s")
    assert r.stdout.startswith("object:\n  apiVersion: v1\n  kind: Namespace\n") and r.stdout.endswith("type: ADDED\n")


def test_watch_errors_and_warnings():
    c = Cluster(workers=0, wait=False)
    r = c.kubectl("get pods --output-watch-events")
    assert (r.stderr, r.exit_code) == (
        "error: --output-watch-events option can only be used with --watch or --watch-only\n", 1)
    r = c.kubectl("get pods,svc -w")
    assert r.stderr == "error: you may only specify a single resource type\n"
    r = c.kubectl("get -w")
    assert r.stderr.startswith("error: You must provide one or more resources by argument or filename.\n")
    r = c.kubectl("get pods -w --sort-by=.metadata.name --request-timeout=1s")
    assert (r.stdout, r.stderr, r.exit_code) == (
        "", "warning: --watch requested, --sort-by will be ignored for watch events received\n", 0)
    r = c.kubectl("get pod nope -w")
    assert (r.stderr, r.exit_code) == ('Error from server (NotFound): pods "nope" not found\n', 1)


def event_cluster():
    c = Cluster(workers=1)
    c.kubectl("run ok --image=nginx")
    c.kubectl("run bad --image=nope:1")
    c.advance(60)
    return c


def test_events_table_for_one_object_and_types():
    c = event_cluster()
    r = c.kubectl("events --for pod/ok")
    assert r.stdout == (
        "LAST SEEN   TYPE     REASON      OBJECT   MESSAGE\n"
        "60s         Normal   Pulling     Pod/ok   Pulling image \"nginx\"\n"
        "59s         Normal   Scheduled   Pod/ok   Successfully assigned default/ok to worker-1\n"
        "57s         Normal   Pulled      Pod/ok   Successfully pulled image \"nginx\" in 3.488s (3.488s including "
        "waiting). Image size: 72191479 bytes.\n"
        "57s         Normal   Created     Pod/ok   Created container: ok\n"
        "57s         Normal   Started     Pod/ok   Started container ok\n")
    r = c.kubectl("events -A --types=warning --for=pod/bad --no-headers")
    lines = r.stdout.splitlines()
    assert lines[-1] == "default   3s (x6 over 55s)    Warning   Failed   Pod/bad   Error: ImagePullBackOff"
    assert all("Warning" in line for line in lines)


def test_events_outputs_and_errors():
    c = event_cluster()
    r = c.kubectl("events --for pod/ok -o name")
    assert r.stdout.splitlines()[0].startswith("event/ok.")
    r = c.kubectl("events --for pod/ok -o json")
    assert r.stdout.startswith('{\n    "kind": "EventList",\n    "apiVersion": "v1",\n    "metadata": {},\n'
                               '    "items": [\n        {\n            "kind": "Event",\n')
    assert c.kubectl("events --for=pod/ok -o jsonpath={.items[*].reason}").stdout == \
        "Pulling Scheduled Pulled Created Started"
    assert c.kubectl("events -n kube-public").stderr == "No events found in kube-public namespace.\n"
    assert c.kubectl("events --types=Foo").stderr == "error: valid --types are Normal or Warning\n"
    assert c.kubectl("events --for=pod").stderr == "error: --for must be in resource/name form\n"


def test_events_watch_prints_new_events_as_they_happen():
    c = event_cluster()
    c.clock.call_later(3, lambda: c.kubectl("run q --image=busybox -- sleep 3600"))
    r = c.kubectl("events -w --for pod/q --request-timeout=10s")
    assert r.stdout == (
        "LAST SEEN   TYPE     REASON      OBJECT   MESSAGE\n"
        "0s          Normal   Scheduled   Pod/q    Successfully assigned default/q to worker-1\n"
        "0s          Normal   Pulling     Pod/q    Pulling image \"busybox\"\n"
        "0s          Normal   Pulled      Pod/q    Successfully pulled image \"busybox\" in 689ms (689ms including "
        "waiting). Image size: 2229289 bytes.\n"
        "0s          Normal   Created     Pod/q    Created container: q\n"
        "0s          Normal   Started     Pod/q    Started container q\n")


def test_go_sort_orders_like_sort_sort():
    from engine.kubectl import gosort
    import random
    rng = random.Random(7)
    for n in range(0, 200):
        items = [(rng.randint(0, 4), i) for i in range(n)]
        out = gosort.sort(list(items), lambda a, b: a[0] < b[0])
        assert [k for k, _ in out] == sorted(k for k, _ in items) and sorted(out) == sorted(items)
    few = [(i % 2, i) for i in range(12)]  # up to 12 items Go's pdqsort is an insertion sort: stable
    assert gosort.sort(list(few), lambda a, b: a[0] < b[0]) == sorted(few)
    many = [(i % 3, i) for i in range(20)]  # beyond, pdqsort's partitions move equal keys out of input order
    assert gosort.sort(list(many), lambda a, b: a[0] < b[0]) != sorted(many)


def test_events_watch_starts_with_the_current_events_in_name_order():
    c = event_cluster()
    r = c.kubectl("events -w --for pod/ok --request-timeout=1s")
    # key order, not time order: the Scheduled event's name sorts before the kubelet's Pulling
    assert r.stdout == (
        "LAST SEEN   TYPE     REASON      OBJECT   MESSAGE\n"
        "59s         Normal   Scheduled   Pod/ok   Successfully assigned default/ok to worker-1\n"
        "60s         Normal   Pulling     Pod/ok   Pulling image \"nginx\"\n"
        "57s         Normal   Pulled      Pod/ok   Successfully pulled image \"nginx\" in 3.488s (3.488s including "
        "waiting). Image size: 72191479 bytes.\n"
        "57s         Normal   Created     Pod/ok   Created container: ok\n"
        "57s         Normal   Started     Pod/ok   Started container ok\n")


def test_watch_custom_columns_keep_the_widths_of_the_first_rows():
    c = scaled_cluster()
    c.clock.call_later(1, lambda: c.kubectl("create deployment a --image=nginx"))
    r = c.kubectl("get deploy -w -o custom-columns=NAME:.metadata.name,IMAGE:.spec.template.spec.containers[0].image "
                  "--request-timeout=2s")
    assert r.stdout.splitlines()[:3] == ["NAME   IMAGE", "web    nginx", "a      nginx"]
