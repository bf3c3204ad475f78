"""etcd's model: revisions, prefix ranges, transactions, watch history, compaction and leases."""
import pytest

from engine.clock import Clock
from engine.store import CompactedError, Compare, FutureRevisionError, LeaseNotFoundError, Store


def test_revisions_and_versions_follow_etcd():
    s = Store()
    assert s.revision == 1
    a = s.put("/registry/pods/default/a", "1")
    assert (a.create_revision, a.mod_revision, a.version) == (2, 2, 1)
    a2 = s.put("/registry/pods/default/a", "2")
    assert (a2.create_revision, a2.mod_revision, a2.version) == (2, 3, 2)
    s.delete("/registry/pods/default/a")
    assert s.revision == 4 and s.get("/registry/pods/default/a") is None
    a3 = s.put("/registry/pods/default/a", "3")
    assert (a3.create_revision, a3.version) == (5, 1)


def test_prefix_range_is_sorted_and_exact():
    s = Store()
    for key in ["/registry/pods/kube-system/x", "/registry/pods/default/b", "/registry/pods/default/a",
                "/registry/podtemplates/default/t", "/registry/services/specs/default/kubernetes"]:
        s.put(key, "v")
    keys = [kv.key for kv in s.range("/registry/pods/", prefix=True)]
    assert keys == ["/registry/pods/default/a", "/registry/pods/default/b", "/registry/pods/kube-system/x"]
    assert [kv.key for kv in s.range("/registry/pods/default/", prefix=True)] == keys[:2]
    assert [kv.key for kv in s.range("/registry/pod", prefix=True)] == keys + ["/registry/podtemplates/default/t"]
    assert [kv.key for kv in s.range("/registry/pods/default/a", prefix=True)] == ["/registry/pods/default/a"]
    assert s.range("/registry/pods/default/c") == []
    assert len(s.range("/registry/", prefix=True, limit=2)) == 2


def test_txn_compares_mod_revision_for_optimistic_concurrency():
    s = Store()
    kv = s.put("/k", "v1")
    ok, _ = s.txn([Compare("/k", "mod", "=", kv.mod_revision)], [("put", "/k", "v2")], [("get", "/k")])
    assert ok and s.get("/k").value == "v2"
    ok, results = s.txn([Compare("/k", "mod", "=", kv.mod_revision)], [("put", "/k", "v3")], [("get", "/k")])
    assert not ok and results[0].value == "v2"
    ok, _ = s.txn([Compare("/new", "create", "=", 0)], [("put", "/new", "x")], [])
    assert ok
    ok, _ = s.txn([Compare("/new", "create", "=", 0)], [("put", "/new", "y")], [])
    assert not ok and s.get("/new").value == "x"


def test_one_transaction_is_one_revision():
    s = Store()
    s.txn([], [("put", "/a", "1"), ("put", "/b", "2")], [])
    assert s.revision == 2
    assert s.get("/a").mod_revision == s.get("/b").mod_revision == 2


def test_watch_delivers_changes_and_replays_history():
    s = Store()
    s.put("/registry/pods/default/a", "1")
    s.put("/registry/configmaps/default/c", "x")
    seen = []
    s.watch("/registry/pods/", lambda e: seen.append((e.type, e.kv.key, e.kv.mod_revision)), prefix=True,
            start_revision=1)
    s.put("/registry/pods/default/b", "2")
    s.delete("/registry/pods/default/a")
    assert seen == [("PUT", "/registry/pods/default/a", 2), ("PUT", "/registry/pods/default/b", 4),
                    ("DELETE", "/registry/pods/default/a", 5)]


def test_cancelled_watch_gets_nothing():
    s = Store()
    seen = []
    w = s.watch("/a", seen.append)
    w.cancel()
    s.put("/a", "1")
    assert seen == []


def test_compaction_forgets_history():
    s = Store()
    for i in range(5):
        s.put("/k", str(i))
    s.compact(4)
    with pytest.raises(CompactedError, match="mvcc: required revision has been compacted"):
        s.watch("/k", lambda e: None, start_revision=3)
    replayed = []
    s.watch("/k", lambda e: replayed.append(e.kv.value), start_revision=5)
    assert replayed == ["3", "4"]
    with pytest.raises(FutureRevisionError):
        s.watch("/k", lambda e: None, start_revision=100)


def test_leases_expire_in_virtual_time_and_delete_their_keys():
    clock = Clock()
    s = Store(clock)
    lease = s.grant(10)
    s.put("/registry/events/default/e1", "x", lease=lease)
    clock.advance(9)
    assert s.get("/registry/events/default/e1") is not None
    assert s.time_to_live(lease) == 1
    s.keepalive(lease)
    clock.advance(9)
    assert s.get("/registry/events/default/e1") is not None
    clock.advance(2)
    assert s.get("/registry/events/default/e1") is None
    assert s.time_to_live(lease) == -1
    with pytest.raises(LeaseNotFoundError):
        s.keepalive(lease)
    with pytest.raises(LeaseNotFoundError):
        s.put("/x", "y", lease=lease)


def test_etcdctl_lists_the_registry_like_the_real_tool():
    from engine import Cluster
    c = Cluster(workers=1)
    out = c.etcdctl("etcdctl get /registry/namespaces --prefix --keys-only")
    assert out.stdout == ("/registry/namespaces/default\n\n/registry/namespaces/kube-flannel\n\n/registry/namespaces/kube-node-lease\n\n"
                          "/registry/namespaces/kube-public\n\n/registry/namespaces/kube-system\n\n")
    value = c.etcdctl("get /registry/namespaces/default --print-value-only").stdout
    assert '"name":"default"' in value and value.count("\n") == 1
    assert c.etcdctl("get /registry/nothing").stdout == ""
    bad = c.etcdctl("get --prefix")
    assert bad.exit_code == 1 and bad.stderr.startswith("Error: get command needs one argument")
