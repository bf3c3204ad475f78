"""Issue 4's acceptance scenarios through kubectl: create a Deployment, scale it, update its image
and watch the RollingUpdate step by step (maxSurge/maxUnavailable invariants), read the history,
undo, and delete with and without cascading to ReplicaSets and pods."""
from engine import Cluster

REPLICAS, MAX_SURGE, MAX_UNAVAILABLE = 5, 2, 1  # 25% of 5: surge rounds up, unavailable down


def out(r):
    return (r.stdout, r.stderr, r.exit_code)


def rows(table):
    """A kubectl table without its AGE column (the one column that moves with the clock)."""
    return [line.split()[:-1] for line in table.splitlines()]


def live_pods(c):
    pods = c.api.list("pods", "default", label_selector="app=nginx")["items"]
    return [p for p in pods if not p["metadata"].get("deletionTimestamp")]


def ready(pod):
    return any(x["type"] == "Ready" and x["status"] == "True" for x in pod["status"].get("conditions") or [])


def nginx_at_five():
    c = Cluster(workers=2)
    assert out(c.kubectl("create deployment nginx --image=nginx:1.14.2 --replicas=3")) == \
        ("deployment.apps/nginx created\n", "", 0)
    assert c.kubectl("rollout status deployment/nginx").stdout.endswith('deployment "nginx" successfully rolled out\n')
    assert out(c.kubectl("scale deployment nginx --replicas=5")) == ("deployment.apps/nginx scaled\n", "", 0)
    assert c.kubectl("rollout status deployment/nginx").ok
    return c


def rs_name(c, image):
    return next(rs["metadata"]["name"] for rs in c.api.list("replicasets.apps", "default")["items"]
                if rs["spec"]["template"]["spec"]["containers"][0]["image"] == image)


def test_create_and_scale_a_deployment():
    c = Cluster(workers=2)
    assert out(c.kubectl("create deployment nginx --image=nginx:1.14.2 --replicas=3")) == \
        ("deployment.apps/nginx created\n", "", 0)
    c.advance(30)
    old = rs_name(c, "nginx:1.14.2")
    assert rows(c.kubectl("get deploy").stdout) == [["NAME", "READY", "UP-TO-DATE", "AVAILABLE"], ["nginx", "3/3", "3", "3"]]
    assert rows(c.kubectl("get rs").stdout) == [["NAME", "DESIRED", "CURRENT", "READY"], [old, "3", "3", "3"]]
    assert out(c.kubectl("scale deployment nginx --replicas=5")) == ("deployment.apps/nginx scaled\n", "", 0)
    c.advance(30)
    assert rows(c.kubectl("get deploy").stdout)[1] == ["nginx", "5/5", "5", "5"]
    pods = c.kubectl("get pods -o name").stdout.split()
    assert len(pods) == 5 and all(p.startswith(f"pod/{old}-") for p in pods)


def test_set_image_rolls_out_step_by_step_within_surge_and_unavailability():
    c = nginx_at_five()
    old = rs_name(c, "nginx:1.14.2")
    assert out(c.kubectl("set image deployment nginx nginx=nginx:1.15.12")) == \
        ("deployment.apps/nginx image updated\n", "", 0)
    new = rs_name(c, "nginx:1.15.12")
    steps = [rows(c.kubectl("get rs").stdout)]
    end = c.now + 120
    while c.clock.next_time() is not None and c.clock.next_time() <= end:
        c.advance(c.clock.next_time() - c.now)  # one timer at a time: every intermediate state is seen
        pods = live_pods(c)
        assert len(pods) <= REPLICAS + MAX_SURGE, (c.now, len(pods))
        assert sum(ready(p) for p in pods) >= REPLICAS - MAX_UNAVAILABLE, c.now
        table = rows(c.kubectl("get rs").stdout)
        if table != steps[-1]:
            steps.append(table)
    header = ["NAME", "DESIRED", "CURRENT", "READY"]
    assert steps == [
        [header, [new, "3", "3", "0"], [old, "4", "4", "4"]],
        [header, [new, "4", "4", "1"], [old, "3", "3", "3"]],
        [header, [new, "5", "5", "2"], [old, "2", "2", "2"]],
        [header, [new, "5", "5", "3"], [old, "1", "1", "1"]],
        [header, [new, "5", "5", "4"], [old, "0", "0", "0"]],
        [header, [new, "5", "5", "5"], [old, "0", "0", "0"]],
    ]
    for table in steps:  # the ReplicaSets' own counts keep the same bounds
        desired = sum(int(r[1]) for r in table[1:])
        assert desired <= REPLICAS + MAX_SURGE
    assert out(c.kubectl("rollout status deployment/nginx")) == ('deployment "nginx" successfully rolled out\n', "", 0)
    assert all(p["spec"]["containers"][0]["image"] == "nginx:1.15.12" for p in live_pods(c))


def test_history_and_undo():
    c = nginx_at_five()
    c.kubectl("set image deployment nginx nginx=nginx:1.15.12")
    c.advance(60)
    assert out(c.kubectl("rollout history deployment nginx")) == (
        "deployment.apps/nginx \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n", "", 0)
    assert out(c.kubectl("rollout undo deployment nginx")) == ("deployment.apps/nginx rolled back\n", "", 0)
    assert c.kubectl("rollout status deployment nginx").stdout.endswith('deployment "nginx" successfully rolled out\n')
    old, new = rs_name(c, "nginx:1.14.2"), rs_name(c, "nginx:1.15.12")
    assert sorted(rows(c.kubectl("get rs").stdout)[1:]) == sorted([[old, "5", "5", "5"], [new, "0", "0", "0"]])
    assert out(c.kubectl("rollout history deployment nginx")) == (
        "deployment.apps/nginx \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n", "", 0)
    assert c.api.get("replicasets.apps", old, "default")["metadata"]["annotations"][
        "deployment.kubernetes.io/revision"] == "3"
    c.advance(60)
    assert {p["spec"]["containers"][0]["image"] for p in live_pods(c)} == {"nginx:1.14.2"}


def test_delete_cascades_to_replicasets_and_pods():
    c = nginx_at_five()
    assert out(c.kubectl("delete deployment nginx")) == ('deployment.apps "nginx" deleted\n', "", 0)
    c.advance(60)
    assert out(c.kubectl("get deploy,rs,pods")) == ("", "No resources found in default namespace.\n", 0)


def test_delete_with_cascade_orphan_keeps_replicasets_and_pods():
    c = nginx_at_five()
    old = rs_name(c, "nginx:1.14.2")
    pods = sorted(c.kubectl("get pods -o name").stdout.split())
    assert out(c.kubectl("delete deployment nginx --cascade=orphan")) == ('deployment.apps "nginx" deleted\n', "", 0)
    c.advance(60)
    assert c.kubectl("get deploy").stderr == "No resources found in default namespace.\n"
    assert rows(c.kubectl("get rs").stdout) == [["NAME", "DESIRED", "CURRENT", "READY"], [old, "5", "5", "5"]]
    assert sorted(c.kubectl("get pods -o name").stdout.split()) == pods
    assert "ownerReferences" not in c.api.get("replicasets.apps", old, "default")["metadata"]
