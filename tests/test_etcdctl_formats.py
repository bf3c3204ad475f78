"""etcdctl v3.5's `-w json` for get and watch (Go's encoding/json of the protobuf responses: bytes in base64,
zero fields left out, one line) and the TLS files it reads before connecting (`open ...: no such file`)."""
import base64
import json

import pytest

from engine import Cluster

EXEC = "-n kube-system exec etcd-control-plane -- "
PKI = "/etc/kubernetes/pki/etcd"
TLS = f"--cacert={PKI}/ca.crt --cert={PKI}/server.crt --key={PKI}/server.key"


def b64(text):
    return base64.b64encode(text.encode()).decode()


@pytest.fixture(scope="module")
def c():
    return Cluster(workers=0)


def header(c, revision):
    member = c.etcd.members[0]
    return (f'{{"cluster_id":{c.etcd.cluster_id},"member_id":{member.id},"revision":{revision},'
            f'"raft_term":{member.term}}}')


def test_get_json_is_the_range_response_with_base64_bytes(c):
    c.store.put("/fmt/a", "one")
    kv = c.store.get("/fmt/a")
    r = c.etcdctl("get /fmt/a -w json")
    assert (r.stdout, r.stderr, r.exit_code) == (
        f'{{"header":{header(c, c.store.revision)},"kvs":[{{"key":"{b64("/fmt/a")}","create_revision":'
        f'{kv.create_revision},"mod_revision":{kv.mod_revision},"version":1,"value":"{b64("one")}"}}],"count":1}}\n',
        "", 0)


def test_keys_only_drops_the_value_and_a_limit_sets_more(c):
    c.store.put("/fmt/b", "two")
    c.store.put("/fmt/c", "three")
    body = json.loads(c.etcdctl("get /fmt/ --prefix --keys-only --limit=2 -w json").stdout)
    assert [base64.b64decode(kv["key"]).decode() for kv in body["kvs"]] == ["/fmt/a", "/fmt/b"]
    assert all(list(kv) == ["key", "create_revision", "mod_revision", "version"] for kv in body["kvs"])
    assert (body["more"], body["count"]) == (True, 3)
    assert "more" not in json.loads(c.etcdctl("get /fmt/ --prefix -w json").stdout)


def test_nothing_found_leaves_out_kvs_and_count(c):
    assert c.etcdctl("get /fmt/none -w json").stdout == f'{{"header":{header(c, c.store.revision)}}}\n'


def test_a_key_with_a_lease_shows_it(c):
    event = next(kv for kv in c.store.range("/registry/events/", prefix=True) if kv.lease)
    [kv] = json.loads(c.etcdctl(f"get {event.key} -w json").stdout)["kvs"]
    assert list(kv)[-2:] == ["value", "lease"] and kv["lease"] == event.lease


def test_print_value_only_is_only_for_the_simple_writer(c):
    r = c.etcdctl("get /fmt/a -w json --print-value-only")
    assert (r.stdout, r.stderr, r.exit_code) == ("", "Error: print-value-only is only for `--write-out=simple`\n", 128)


def test_watch_json_replays_history_as_one_response_headed_by_the_current_revision(c):
    start = c.store.revision + 1
    c.store.put("/w/a", "1")
    c.store.put("/w/a", "2")
    c.store.delete("/w/a")
    r = c.etcdctl(f"watch /w --prefix --prev-kv --rev={start} -w json")
    a = b64("/w/a")
    first = f'{{"key":"{a}","create_revision":{start},"mod_revision":{start},"version":1,"value":"{b64("1")}"}}'
    second = f'{{"key":"{a}","create_revision":{start},"mod_revision":{start + 1},"version":2,"value":"{b64("2")}"}}'
    assert (r.stdout, r.stderr, r.exit_code) == (
        f'{{"Header":{header(c, start + 2)},"Events":[{{"kv":{first}}},{{"kv":{second},"prev_kv":{first}}},'
        f'{{"type":1,"kv":{{"key":"{a}","mod_revision":{start + 2}}},"prev_kv":{second}}}],'
        '"CompactRevision":0,"Canceled":false,"Created":false}\n', "", 0)


def test_live_events_come_one_response_per_revision(c):
    c.clock.call_later(1, lambda: c.store.put("/w/live", "x"))
    c.clock.call_later(2, lambda: c.store.delete("/w/live"))
    lines = c.etcdctl("watch /w/live -w json", watch_seconds=3).stdout.splitlines()
    responses = [json.loads(line) for line in lines]
    assert [r["Header"]["revision"] for r in responses] == [e["kv"]["mod_revision"] for r in responses
                                                             for e in r["Events"]]
    assert [[e.get("type", 0) for e in r["Events"]] for r in responses] == [[0], [1]]


def test_watch_json_from_a_compacted_revision_prints_the_canceled_response():
    c = Cluster(workers=0, addons=False)
    old = c.store.revision - 5
    c.store.compact(c.store.revision)
    member = c.etcd.members[0]
    r = c.etcdctl(f"watch /registry --prefix --rev={old} -w json")
    assert (r.stdout, r.stderr, r.exit_code) == (
        f'{{"Header":{{"cluster_id":{c.etcd.cluster_id},"member_id":{member.id},"raft_term":{member.term}}},'
        f'"Events":[],"CompactRevision":{c.store.compact_revision},"Canceled":true,"Created":false}}\n',
        "watch was canceled (etcdserver: mvcc: required revision has been compacted)\n"
        "Error: watch is canceled by the server\n", 5)


@pytest.mark.parametrize("flags, error", [
    (f"--cacert={PKI}/ca.crt --cert={PKI}/x.crt --key={PKI}/server.key",
     f"open {PKI}/x.crt: no such file or directory"),
    (f"--cacert={PKI}/ca.crt --cert={PKI}/server.crt --key=/root/server.key",
     "open /root/server.key: no such file or directory"),
    (f"--cacert=/etc/kubernetes/pki/ca.crt --cert={PKI}/server.crt --key={PKI}/server.key",
     "open /etc/kubernetes/pki/ca.crt: no such file or directory"),
    (f"--cacert={PKI} --cert={PKI}/server.crt --key={PKI}/server.key", f"read {PKI}: is a directory"),
])
def test_a_tls_file_the_container_lacks_is_a_bad_argument(c, flags, error):
    before = c.now
    r = c.kubectl(EXEC + f"etcdctl {flags} get /registry/namespaces/default --keys-only")
    assert (r.stdout, r.stderr, r.exit_code, c.now - before) == (
        "", f"Error: {error}\ncommand terminated with exit code 128\n", 128, 0)


def test_kubeadms_etcd_certificates_are_on_the_control_plane_node(c):
    r = c.kubectl(EXEC + f"etcdctl {TLS} get /registry/namespaces/default --keys-only")
    assert (r.stdout, r.exit_code) == ("/registry/namespaces/default\n\n", 0)
    c.kubectl("debug node/control-plane --image=busybox:1.36 -- sleep 3600")
    c.advance(10)
    debugger = next(p["metadata"]["name"] for p in c.api.list("pods", "default")["items"]
                    if p["metadata"]["name"].startswith("node-debugger-"))
    r = c.kubectl(f"exec {debugger} -- ls /host{PKI}")
    assert r.stdout.split() == ["ca.crt", "ca.key", "healthcheck-client.crt", "healthcheck-client.key", "peer.crt",
                                "peer.key", "server.crt", "server.key"]
    assert c.kubectl(f"exec {debugger} -- head -1 /host{PKI}/ca.crt").stdout == "-----BEGIN CERTIFICATE-----\n"


def test_get_and_watch_with_the_fields_writer(c):
    c.store.put("/fields/q", 'say "hi"\n')
    kv = c.store.get("/fields/q")
    member = c.etcd.members[0]
    head = f'"ClusterID" : {c.etcd.cluster_id}\n"MemberID" : {member.id}\n"Revision" : {c.store.revision}\n' \
           f'"RaftTerm" : {member.term}\n'
    body = (f'"Key" : "/fields/q"\n"CreateRevision" : {kv.create_revision}\n"ModRevision" : {kv.mod_revision}\n'
            '"Version" : 1\n"Value" : "say \\"hi\\"\\n"\n"Lease" : 0\n')
    assert c.etcdctl("get /fields/q -w fields").stdout == head + body + '"More" : false\n"Count" : 1\n'
    r = c.etcdctl(f"watch /fields/q --rev={kv.mod_revision} -w fields")
    assert r.stdout == head + '"Type" : PUT\n' + body


def test_table_and_unknown_writers_fail_as_bad_features(c):
    r = c.etcdctl("get /fmt/a -w table")
    assert (r.stdout, r.stderr, r.exit_code) == ("", "Error: table not supported as output format\n", 4)
    r = c.etcdctl("get /fmt/a -w yaml")
    assert (r.stdout, r.stderr, r.exit_code) == ("", "Error: unsupported output format\n", 4)


def test_member_list_and_endpoint_commands_with_the_fields_writer(c):
    member = c.etcd.members[0]
    head = f'"ClusterID" : {c.etcd.cluster_id}\n"MemberID" : {member.id}\n'
    assert c.etcdctl("member list -w fields").stdout == (
        f'{head}"Revision" : 0\n"RaftTerm" : {member.term}\n"ID" : {member.id}\n"Name" : "control-plane"\n'
        '"PeerURL" : "https://172.18.0.2:2380"\n"ClientURL" : "https://172.18.0.2:2379"\n"IsLearner" : false\n\n')
    size = json.loads(c.etcdctl("endpoint status -w json").stdout)[0]["Status"]["dbSize"]
    status = c.etcdctl("endpoint status -w fields").stdout.splitlines()
    assert status[:4] == head.splitlines() + [f'"Revision" : {c.store.revision}', f'"RaftTerm" : {member.term}']
    assert status[4:] == ['"Version" : "3.5.16"', f'"DBSize" : {size}',
                          f'"Leader" : {member.id}', '"IsLearner" : false', f'"RaftIndex" : {member.index}',
                          f'"RaftTerm" : {member.term}', f'"RaftAppliedIndex" : {member.index}', '"Errors" : []',
                          '"Endpoint" : "127.0.0.1:2379"', ""]
    health = c.etcdctl("endpoint health -w fields").stdout.split("\n")
    assert health[:2] == ['"Endpoint" : "127.0.0.1:2379"', '"Health" : true']
    assert health[2].startswith('"Took" : ') and health[3:] == ['"Error" : ', "", ""]
