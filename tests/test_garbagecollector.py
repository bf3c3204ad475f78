"""The garbage collector: the ownership graph, Background / Orphan / Foreground cascades and
dependents of owners that do not exist."""
from engine import Cluster


def names(c, plural):
    return sorted(o["metadata"]["name"] for o in c.api.list(plural, "default")["items"])


def deployed(replicas=2):
    c = Cluster()
    c.kubectl(f"create deployment nginx --image=nginx --replicas={replicas}")
    c.advance(30)
    return c


def record_deletions(c):
    order = []
    for plural in ("deployments.apps", "replicasets.apps", "pods"):
        c.api.watch(plural, lambda kind, obj: order.append(obj["kind"]) if kind == "DELETED" else None, namespace="default")
    return order


def test_graph_links_owners_to_dependents():
    c = deployed()
    graph = c.controller_manager.get("garbagecollector").graph
    d = c.api.get("deployments", "nginx", "default")
    [rs] = c.api.list("replicasets", "default")["items"]
    assert list(graph.successors(d["metadata"]["uid"])) == [rs["metadata"]["uid"]]
    pods = {p["metadata"]["uid"] for p in c.api.list("pods", "default")["items"]}
    assert set(graph.successors(rs["metadata"]["uid"])) == pods
    assert all(graph.edges[rs["metadata"]["uid"], p]["block"] for p in pods)


def test_background_deletes_replica_sets_and_pods_after_the_owner():
    c = deployed()
    order = record_deletions(c)
    r = c.kubectl("delete deployment nginx")
    assert r.stdout == 'deployment.apps "nginx" deleted\n'
    c.advance(60)
    assert names(c, "replicasets") == [] and names(c, "pods") == []
    assert order[0] == "Deployment" and order.count("ReplicaSet") == 1 and order.count("Pod") == 2


def test_orphan_keeps_dependents_without_the_owner_reference():
    c = deployed()
    rs_name = names(c, "replicasets")[0]
    pods = names(c, "pods")
    c.kubectl("delete deployment nginx --cascade=orphan")
    c.advance(60)
    assert names(c, "deployments") == []
    rs = c.api.get("replicasets", rs_name, "default")
    assert "ownerReferences" not in rs["metadata"]
    assert names(c, "pods") == pods
    assert all(p["metadata"]["ownerReferences"][0]["name"] == rs_name for p in c.api.list("pods", "default")["items"])


def test_foreground_deletes_dependents_first():
    c = deployed()
    order = record_deletions(c)
    c.kubectl("delete deployment nginx --cascade=foreground --wait=false")
    d = c.api.get("deployments", "nginx", "default")
    assert d["metadata"]["finalizers"] == ["foregroundDeletion"] and d["metadata"]["deletionTimestamp"]
    c.advance(60)
    assert names(c, "deployments") == [] and names(c, "replicasets") == [] and names(c, "pods") == []
    assert order == ["Pod", "Pod", "ReplicaSet", "Deployment"]


def test_dangling_owner_reference_gets_the_dependent_deleted():
    c = Cluster()
    owner = c.api.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "owner"}}, "default")
    ref = {"apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": owner["metadata"]["uid"]}
    for name, uid in (("kept", owner["metadata"]["uid"]), ("dangling", "00000000-0000-4000-8000-000000000000")):
        c.api.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                                    "metadata": {"name": name, "ownerReferences": [dict(ref, uid=uid)]}}, "default")
    c.advance(1)
    assert "dangling" not in names(c, "configmaps") and "kept" in names(c, "configmaps")
    c.api.delete("configmaps", "owner", "default")
    c.advance(1)
    assert "kept" not in names(c, "configmaps")


def test_a_dependent_with_one_live_owner_only_loses_the_dead_reference():
    c = Cluster()
    a = c.api.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}, "default")
    b = c.api.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}}, "default")
    refs = [{"apiVersion": "v1", "kind": "ConfigMap", "name": o["metadata"]["name"], "uid": o["metadata"]["uid"]} for o in (a, b)]
    c.api.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "dep", "ownerReferences": refs}},
                 "default")
    c.api.delete("configmaps", "a", "default")
    c.advance(1)
    dep = c.api.get("configmaps", "dep", "default")
    assert [r["name"] for r in dep["metadata"]["ownerReferences"]] == ["b"]
