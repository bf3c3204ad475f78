"""etcdctl's write verbs (put, del, compaction, defrag, alarm list) as etcd v3.5.16 prints them, and what
the API server and controllers make of writes that bypass them."""
from engine import Cluster


def _cluster():
    return Cluster(workers=1)


def test_put_del_and_their_previous_values():
    c = _cluster()
    assert c.etcdctl("put /demo/a one").stdout == "OK\n"
    revision = c.store.revision
    r = c.etcdctl("put /demo/a two --prev-kv")
    assert (r.stdout, r.exit_code) == ("OK\n/demo/a\none\n", 0)
    assert c.store.revision == revision + 1
    c.etcdctl("put /demo/b three")
    assert c.etcdctl("get /demo --prefix").stdout == "/demo/a\ntwo\n/demo/b\nthree\n"
    assert c.etcdctl("del /demo/missing").stdout == "0\n"
    r = c.etcdctl("del /demo --prefix --prev-kv")
    assert r.stdout == "2\n/demo/a\ntwo\n/demo/b\nthree\n"
    assert c.etcdctl("get /demo --prefix").stdout == ""


def test_put_with_a_lease_and_bad_arguments():
    c = _cluster()
    lease = c.store.grant(60)
    assert c.etcdctl(f"put /demo/leased v --lease={lease:x}").stdout == "OK\n"
    assert c.store.get("/demo/leased").lease == lease
    r = c.etcdctl("put /demo/x v --lease=zz")
    assert (r.stderr, r.exit_code) == ('Error: bad lease ID (strconv.ParseInt: parsing "zz": invalid syntax), '
                                       "expecting ID in Hex\n", 128)
    r = c.etcdctl("put /demo/x v --lease=1234")
    assert (r.stderr, r.exit_code) == ("Error: etcdserver: requested lease not found\n", 1)
    r = c.etcdctl("put /demo/x")
    assert (r.stderr, r.exit_code) == ("Error: put command needs 1 argument and input from stdin or 2 arguments\n", 128)
    r = c.etcdctl("del")
    assert r.stderr == "Error: del command needs one argument as key and an optional argument as range_end\n"


def test_compaction_defrag_and_alarm_list():
    c = _cluster()
    c.etcdctl("put /demo/a one")
    revision = c.store.revision
    assert c.etcdctl(f"compaction {revision} --physical").stdout == f"compacted revision {revision}\n"
    r = c.etcdctl(f"compaction {revision}")
    assert (r.stderr, r.exit_code) == ("Error: etcdserver: mvcc: required revision has been compacted\n", 1)
    r = c.etcdctl(f"compaction {revision + 100}")
    assert r.stderr == "Error: etcdserver: mvcc: required revision is a future revision\n"
    r = c.etcdctl("watch /demo/a --rev=1")
    assert r.exit_code == 5
    assert c.etcdctl("defrag").stdout == "Finished defragmenting etcd member[127.0.0.1:2379]\n"
    assert c.etcdctl("defrag --cluster").stdout == "Finished defragmenting etcd member[https://172.18.0.2:2379]\n"
    assert (c.etcdctl("alarm list").stdout, c.etcdctl("alarm list").exit_code) == ("", 0)


def test_deleting_a_pods_key_makes_the_replicaset_replace_it():
    c = _cluster()
    c.kubectl("create deployment web --image=nginx")
    c.advance(20)
    pod = c.api.list("pods", namespace="default")["items"][0]["metadata"]["name"]
    assert c.etcdctl(f"del /registry/pods/default/{pod}").stdout == "1\n"
    c.advance(20)
    names = [p["metadata"]["name"] for p in c.api.list("pods", namespace="default")["items"]]
    assert len(names) == 1 and names[0] != pod
    assert "Running" in c.kubectl(f"get pod {names[0]}").stdout


def test_garbage_under_registry_does_not_break_the_cluster():
    c = _cluster()
    c.kubectl("run web --image=nginx")
    c.advance(10)
    assert c.etcdctl("put /registry/pods/default/web not-json").stdout == "OK\n"
    # the watch cache cannot decode the value and keeps the last object it decoded
    assert c.kubectl("get pod web -o name").stdout == "pod/web\n"
    assert c.etcdctl("del /registry/pods/default/web").stdout == "1\n"
    c.advance(5)
    assert c.kubectl("get pod web").stderr == 'Error from server (NotFound): pods "web" not found\n'


def test_writes_without_quorum_time_out():
    c = Cluster(workers=1, etcd_members=3)
    c.etcd.stop("etcd-2")
    c.etcd.stop("etcd-3")
    c.advance(3)
    r = c.etcdctl("put /demo/a one")
    assert r.exit_code == 1 and r.stderr.endswith("Error: context deadline exceeded\n")
    assert '"msg":"retrying of unary invoker failed"' in r.stderr


def test_compaction_frees_pages_that_only_defrag_gives_back():
    c = _cluster()
    for i in range(40):
        c.etcdctl(f"put /demo/big {'x' * 4000}{i}")

    def size():
        return c.etcdctl("endpoint status -w json").stdout.split('"dbSize":')[1].split(",")[0]
    before = size()
    c.etcdctl(f"compaction {c.store.revision}")
    assert size() == before
    c.etcdctl("defrag")
    assert int(size()) < int(before) - 100_000
