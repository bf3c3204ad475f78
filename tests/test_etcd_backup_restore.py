"""etcd backup and restore as the kubeadm docs show it: etcdctl snapshot save, etcdutl snapshot status and
restore, then the etcd static pod pointed at the restored data directory."""
import json

from engine import Cluster


def _cluster():
    c = Cluster(workers=1)
    c.kubectl("create deployment web --image=nginx")
    c.advance(20)
    return c


def test_snapshot_save_prints_the_clients_log_and_writes_a_db_sized_file():
    c = _cluster()
    r = c.etcdctl("snapshot save /root/snap.db")
    assert (r.stdout, r.exit_code) == ("Snapshot saved at /root/snap.db\n", 0)
    lines = [json.loads(line) for line in r.stderr.splitlines()]
    assert [(l["caller"], l["msg"]) for l in lines] == [
        ("snapshot/v3_snapshot.go:65", "created temporary db file"),
        ("v3@v3.5.16/maintenance.go:212", "opened snapshot stream; downloading"),
        ("snapshot/v3_snapshot.go:73", "fetching snapshot"),
        ("v3@v3.5.16/maintenance.go:220", "completed snapshot read; closing"),
        ("snapshot/v3_snapshot.go:88", "fetched snapshot"),
        ("snapshot/v3_snapshot.go:97", "saved")]
    assert lines[0]["path"] == "/root/snap.db.part" and lines[1]["logger"] == "client"
    size = c.store.host.fs.node("/root/snap.db").size
    assert size % 512 == 32  # the database and the SHA-256 etcd appends to it
    assert lines[4]["size"].endswith(" MB") and lines[4]["took"] == "now"
    r = c.etcdctl("snapshot save /a.db --endpoints=127.0.0.1:2379,127.0.0.1:22379")
    assert (r.stderr, r.exit_code) == (
        "Error: snapshot must be requested to one selected node, not multiple [127.0.0.1:2379 127.0.0.1:22379]\n", 5)


def test_snapshot_status_with_etcdutl_and_the_deprecated_etcdctl():
    c = _cluster()
    c.etcdctl("snapshot save snap.db")
    revision = c.store.revision
    table = c.etcdutl("snapshot status /root/snap.db -w table").stdout
    lines = table.splitlines()
    assert lines[1] == "|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |"
    cells = [cell.strip() for cell in lines[3].strip("|").split("|")]
    assert cells[1] == str(revision) and int(cells[2]) > len(c.store.range("/", prefix=True))
    simple = c.etcdutl("snapshot status snap.db").stdout
    assert simple == ", ".join(cells) + "\n"
    r = c.etcdctl("snapshot status snap.db")
    assert (r.stdout, r.stderr) == (simple, "Deprecated: Use `etcdutl snapshot status` instead.\n\n")
    r = c.etcdutl("snapshot status missing.db")
    assert (r.stderr, r.exit_code) == ("Error: stat missing.db: no such file or directory\n", 1)


def test_restore_then_point_the_etcd_static_pod_at_it():
    c = _cluster()
    c.etcdctl("snapshot save /root/snap.db")
    saved = c.store.revision
    c.kubectl("delete deployment web")
    c.kubectl("create deployment late --image=nginx")
    c.advance(10)
    r = c.etcdutl("snapshot restore /root/snap.db --data-dir /var/lib/etcd-from-backup")
    assert r.exit_code == 0 and r.stdout == ""
    assert [line.split("\t")[2:4] for line in r.stderr.splitlines()] == [
        ["snapshot/v3_snapshot.go:265", "restoring snapshot"],
        ["membership/store.go:141", "Trimming membership information from the backend..."],
        ["membership/cluster.go:421", "added member"],
        ["snapshot/v3_snapshot.go:293", "restored snapshot"]]
    assert '"added-peer-id": "8e9e05c52164694d"' in r.stderr and '"cluster-id": "cdf818194e3a8c32"' in r.stderr
    again = c.etcdutl("snapshot restore /root/snap.db --data-dir /var/lib/etcd-from-backup")
    assert again.stderr == 'Error: data-dir "/var/lib/etcd-from-backup" not empty or could not be read\n'
    assert c.kubectl("get deploy web").exit_code == 1
    c.edit_manifest("etcd", lambda text: text.replace("path: /var/lib/etcd\n", "path: /var/lib/etcd-from-backup\n"))
    c.advance(30)
    assert c.kubectl("get deploy -o name").stdout == "deployment.apps/web\n"  # `late` came after the snapshot
    assert c.store.revision < saved + 200  # the snapshot's revision, plus what the cluster wrote since
    assert c.etcdctl("member list").stdout.startswith("8e9e05c52164694d, started, control-plane, http://localhost:2380,")
    mirror = c.api.get("pods", "etcd-control-plane", "kube-system")  # the mirror of the edited manifest
    assert [v["hostPath"]["path"] for v in mirror["spec"]["volumes"] if v["name"] == "etcd-data"] == \
        ["/var/lib/etcd-from-backup"]
    pods = c.kubectl("get pods -l app=web -o name").stdout.splitlines()
    assert len(pods) == 1 and c.kubectl("get pods -l app=late -o name").stdout == ""


def test_bump_revision_needs_mark_compacted():
    c = Cluster(workers=1)
    c.etcdctl("snapshot save /root/snap.db")
    saved = c.store.revision
    r = c.etcdutl("snapshot restore /root/snap.db --data-dir /tmp/x --bump-revision 1000")
    assert (r.stderr, r.exit_code) == ("Error: --mark-compacted required if --revision-bump > 0\n", 128)
    r = c.etcdutl("snapshot restore /root/snap.db --data-dir /tmp/x --bump-revision 1000 --mark-compacted")
    assert "bumping latest revision" in r.stderr and "marking revision compacted" in r.stderr
    revision = c.etcdutl("snapshot status /tmp/x/member/snap/db").stdout.split(", ")[1]
    assert int(revision) == saved + 1000


def test_inside_the_etcd_pod():
    c = Cluster(workers=1)
    flags = ("--endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt "
             "--cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key")
    r = c.kubectl(f"exec -n kube-system etcd-control-plane -- etcdctl {flags} snapshot save /var/lib/etcd/snap.db")
    assert r.stdout == "Snapshot saved at /var/lib/etcd/snap.db\n", r.stderr
    r = c.kubectl("exec -n kube-system etcd-control-plane -- etcdutl snapshot status /var/lib/etcd/snap.db -w json")
    assert (r.stderr, r.exit_code) == ("", 0)  # etcdutl in the pod is a program like any other (it raised once)
    status = json.loads(r.stdout)
    assert sorted(status) == ["hash", "revision", "totalKey", "totalSize"]


def test_restore_refuses_the_live_data_dir_and_an_etcd_on_an_empty_dir_is_empty():
    c = Cluster(workers=1)
    c.etcdctl("snapshot save /root/snap.db")
    r = c.etcdutl("snapshot restore /root/snap.db --data-dir /var/lib/etcd")
    assert (r.stderr, r.exit_code) == ('Error: data-dir "/var/lib/etcd" not empty or could not be read\n', 1)
    c.kubectl("create deployment web --image=nginx")
    c.advance(5)
    c.edit_manifest("etcd", lambda text: text.replace("path: /var/lib/etcd\n", "path: /var/lib/etcd-typo\n"))
    c.advance(30)
    assert c.etcdctl("get /registry/deployments --prefix --keys-only").stdout == ""
    c.edit_manifest("etcd", lambda text: text.replace("path: /var/lib/etcd-typo\n", "path: /var/lib/etcd\n"))
    c.advance(30)  # back on the first data dir: its database is as etcd left it
    assert c.kubectl("get deploy -o name").stdout == "deployment.apps/web\n"


def test_etcdutl_requires_a_data_dir_and_etcdctl_defaults_it():
    c = Cluster(workers=1)
    c.etcdctl("snapshot save /root/snap.db")
    r = c.etcdutl("snapshot restore /root/snap.db")
    assert (r.stderr, r.exit_code) == ('Error: required flag(s) "data-dir" not set\n', 1)
    r = c.etcdutl("snapshot restore /root/snap.db --data-dir d --name m1")
    assert r.stderr == 'Error: couldn\'t find local name "m1" in the initial cluster configuration\n'
    r = c.etcdutl("snapshot restore /root/snap.db --data-dir d --initial-advertise-peer-urls=http://10.0.0.1:2380")
    assert r.stderr == ("Error: --initial-cluster has default=http://localhost:2380 but missing from "
                        "--initial-advertise-peer-urls=http://10.0.0.1:2380 (resolved urls: "
                        '"http://10.0.0.1:2380" != "http://127.0.0.1:2380")\n')
    r = c.etcdctl("snapshot restore /root/snap.db --name m1 --initial-advertise-peer-urls=http://10.0.0.1:2380 "
                  "--initial-cluster=m1=http://10.0.0.1:2380")
    assert r.exit_code == 0 and r.stderr.startswith("Deprecated: Use `etcdutl snapshot restore` instead.\n\n")
    assert '"data-dir": "m1.etcd"' in r.stderr and '"added-peer-peer-urls": ["http://10.0.0.1:2380"]' in r.stderr
    assert c.store.host.fs.is_dir("/root/m1.etcd/member/wal")
