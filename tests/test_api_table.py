"""The API server's Table responses (what `kubectl get` prints): rows printed by the server, kept per object
version, ages filled in per request."""
from engine import Cluster


def test_a_table_has_the_columns_rows_and_object_metadata_kubectl_asks_for():
    c = Cluster(workers=1)
    c.kubectl("run web --image=nginx:1.27 --labels=app=web")
    c.advance(10)
    tbl = c.api.table("pods", namespace="default")
    assert (tbl["kind"], tbl["apiVersion"]) == ("Table", "meta.k8s.io/v1")
    # the server's names and wide columns (priority 1) always; kubectl upper-cases and drops the wide ones
    assert [(col["name"], col["priority"]) for col in tbl["columnDefinitions"]] == [
        ("Name", 0), ("Ready", 0), ("Status", 0), ("Restarts", 0), ("Age", 0), ("IP", 1), ("Node", 1),
        ("Nominated Node", 1), ("Readiness Gates", 1)]
    [row] = tbl["rows"]
    pod_ip = c.api.get("pods", "web", "default")["status"]["podIP"]
    assert row["cells"] == ["web", "1/1", "Running", "0", "10s", pod_ip, "worker-1", "<none>", "<none>"]
    assert row["object"]["kind"] == "PartialObjectMetadata"
    assert row["object"]["metadata"]["labels"] == {"app": "web"}
    whole = c.api.table("pods", namespace="default", name="web", wide=True, include_object="Object")
    assert whole["rows"][0]["object"]["spec"]["containers"][0]["image"] == "nginx:1.27"
    assert whole["rows"][0]["cells"][5:7] == [pod_ip, "worker-1"]


def test_kept_cells_age_with_time_and_change_with_the_object():
    c = Cluster(workers=1)
    c.kubectl("run web --image=nginx:1.27")
    c.advance(5)
    assert c.kubectl("get pods").stdout.splitlines()[1].split() == ["web", "1/1", "Running", "0", "5s"]
    c.advance(120)
    assert c.kubectl("get pods").stdout.splitlines()[1].split() == ["web", "1/1", "Running", "0", "2m5s"]
    c.kubectl("label pod web tier=front")
    assert c.kubectl("get pods --show-labels").stdout.splitlines()[1].split()[-1] == "run=web,tier=front"
    c.kubectl("delete pod web --wait=false")
    assert c.kubectl("get pods").stdout.splitlines()[1].split()[2] == "Terminating"


def test_a_nul_in_an_objects_text_is_printed_not_taken_for_an_age():
    c = Cluster(workers=1)
    c.apply("""
apiVersion: v1
kind: Event
metadata: {name: odd}
involvedObject: {kind: Pod, name: web, namespace: default}
reason: Odd
message: "a\\u0000b\\u0000c"
type: Normal
""")
    assert c.api.table("events", namespace="default", name="odd")["rows"][0]["cells"][6] == "a\x00b\x00c"
