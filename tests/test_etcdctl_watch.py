"""`etcdctl watch` in virtual time: `--rev` replays history up to now, `c.etcdctl(..., watch_seconds=N)` shows
what arrives while the cluster runs N seconds; etcd v3.5's simple printer (type, key, value) and its errors."""
import pytest

from engine import Cluster

EXEC = "-n kube-system exec etcd-control-plane -- "
PKI = "/etc/kubernetes/pki/etcd"
TLS = f"--cacert={PKI}/ca.crt --cert={PKI}/server.crt --key={PKI}/server.key"


@pytest.fixture(scope="module")
def c():
    return Cluster(workers=0)


def test_watch_rev_replays_puts_and_deletes_of_a_prefix(c):
    start = c.store.revision + 1
    c.store.put("/demo/a", "1")
    c.store.put("/demo/b", "2")
    c.store.put("/other", "x")
    c.store.put("/demo/a", "3")
    c.store.delete("/demo/b")
    r = c.etcdctl(f"watch /demo --prefix --rev={start}")
    assert (r.stdout, r.stderr, r.exit_code) == (
        "PUT\n/demo/a\n1\nPUT\n/demo/b\n2\nPUT\n/demo/a\n3\nDELETE\n/demo/b\n\n", "", 0)
    assert c.etcdctl(f"watch /demo/a --rev {start}").stdout == "PUT\n/demo/a\n1\nPUT\n/demo/a\n3\n"
    assert c.etcdctl(f"watch /demo/a /demo/c --rev {start + 3}").stdout == "PUT\n/demo/a\n3\nDELETE\n/demo/b\n\n"
    assert c.etcdctl(f"watch /demo/a --prev-kv --rev {start + 3}").stdout == "PUT\n/demo/a\n1\n/demo/a\n3\n"


def test_watch_without_rev_shows_only_what_arrives(c):
    assert c.etcdctl("watch /demo --prefix").stdout == ""
    c.clock.call_later(3, lambda: c.store.put("/demo/later", "v"))
    before = c.now
    r = c.etcdctl("watch /demo --prefix", watch_seconds=5)
    assert (r.stdout, c.now - before) == ("PUT\n/demo/later\nv\n", 5)


def test_watch_sees_the_controllers_write_pods(c):
    c.kubectl("create deployment web --image=nginx --replicas=2")
    r = c.etcdctl("watch /registry/pods/default --prefix", watch_seconds=10)
    lines = r.stdout.splitlines()
    kinds_and_keys = list(zip(lines[0::3], lines[1::3]))
    assert kinds_and_keys and {kind for kind, _ in kinds_and_keys} == {"PUT"}
    names = sorted({key for _, key in kinds_and_keys})
    pods = sorted("/registry/pods/default/" + p["metadata"]["name"] for p in c.api.list("pods", "default")["items"])
    assert names == pods and len(pods) == 2
    last_value = lines[-1]
    assert c.etcdctl(f"get {lines[-2]} --print-value-only").stdout == last_value + "\n"


def test_watch_in_the_etcd_pod_needs_the_certificates_too(c):
    start = c.store.revision + 1
    c.store.put("/demo/exec", "e")
    r = c.kubectl(EXEC + f"etcdctl {TLS} watch /demo/exec --rev={start}")
    assert (r.stdout, r.stderr) == ("PUT\n/demo/exec\ne\n", "")
    before = c.now
    r = c.kubectl(EXEC + f"etcdctl --endpoints=https://127.0.0.1:2379 watch /demo/exec --rev={start}")
    assert (r.stdout, r.stderr, r.exit_code, c.now - before) == ("", "", 0, 5)  # nothing arrives on a refused stream


def test_watch_errors(c):
    r = c.etcdctl("watch")
    assert (r.stderr, r.exit_code) == ("Error: bad number of arguments\n", 128)
    r = c.etcdctl("watch /a /b --prefix")
    assert (r.stderr, r.exit_code) == ("Error: `range_end` and `--prefix` are mutually exclusive\n", 128)


def test_watch_from_a_compacted_revision_is_canceled():
    c = Cluster(workers=0, addons=False)
    old = c.store.revision - 5
    c.store.compact(c.store.revision)
    r = c.etcdctl(f"watch /registry --prefix --rev={old}")
    assert (r.stdout, r.stderr, r.exit_code) == (
        "", "watch was canceled (etcdserver: mvcc: required revision has been compacted)\n"
            "Error: watch is canceled by the server\n", 5)
    r = c.kubectl(EXEC + f"etcdctl {TLS} watch /registry --prefix --rev={old}")
    assert r.stderr.endswith("Error: watch is canceled by the server\ncommand terminated with exit code 5\n")
