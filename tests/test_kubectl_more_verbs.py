"""kubectl cluster-info dump, completion, options, plugin, alpha and the config verbs that edit the
simulated kubeconfig, with kubectl v1.32's layouts and messages."""
import json

import pytest

from engine import Cluster


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(workers=1)
    c.kubectl("run web --image=busybox -- sh -c 'echo hello from web; sleep 1d'")
    c.advance(10)
    return c


def test_cluster_info_dump_to_stdout(cluster):
    r = cluster.kubectl("cluster-info dump")
    assert r.exit_code == 0 and r.stderr == ""
    out = r.stdout
    first = out.index("\n}\n") + 3
    nodes = json.loads(out[:first])
    assert list(nodes) == ["kind", "apiVersion", "metadata", "items"] and nodes["kind"] == "NodeList"
    assert [n["metadata"]["name"] for n in nodes["items"]] == ["control-plane", "worker-1"]
    assert "kind" not in nodes["items"][0] and list(nodes["items"][0])[:1] == ["metadata"]
    # kube-system first, then the current namespace; events, rcs, services, daemonsets, deployments, rss, pods
    kinds = [line[len('    "kind": "'):-2] for line in out.splitlines() if line.startswith('    "kind": ')]
    per_ns = ["EventList", "ReplicationControllerList", "ServiceList", "DaemonSetList", "DeploymentList",
              "ReplicaSetList", "PodList"]
    assert kinds == ["NodeList"] + per_ns + per_ns
    assert ("==== START logs for container web of pod default/web ====\nhello from web\n"
            "==== END logs for container web of pod default/web ====\n") in out
    assert "==== START logs for container coredns of pod kube-system/coredns-" in out


def test_cluster_info_dump_to_a_directory(cluster, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = cluster.kubectl("cluster-info dump --namespaces default --output-directory=state -o yaml")
    assert (r.stdout, r.stderr, r.exit_code) == ("Cluster info dumped to state\n", "", 0)
    files = sorted(str(p.relative_to(tmp_path / "state")) for p in (tmp_path / "state").rglob("*") if p.is_file())
    assert files == ["default/daemonsets.yaml", "default/deployments.yaml", "default/events.yaml", "default/pods.yaml",
                     "default/replicasets.yaml", "default/replication-controllers.yaml", "default/services.yaml",
                     "default/web/logs.txt", "nodes.yaml"]
    assert (tmp_path / "state" / "nodes.yaml").read_text().startswith("apiVersion: v1\nitems:\n- metadata:\n")
    # one YAML printer for the whole dump: every document after the first starts with ---
    assert (tmp_path / "state" / "default" / "pods.yaml").read_text().startswith("---\napiVersion: v1\n")
    assert "hello from web\n" in (tmp_path / "state" / "default" / "web" / "logs.txt").read_text()
    r = cluster.kubectl("cluster-info dump -A --output-directory=all")
    assert (tmp_path / "all" / "kube-flannel" / "pods.json").exists()
    assert (tmp_path / "all" / "kube-system" / "events.json").exists()


def test_cluster_info_dump_stays_in_the_working_folder(cluster, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = cluster.kubectl("cluster-info dump --output-directory=../elsewhere")
    assert r.stderr == ('error: "../elsewhere" is outside the working folder: kubectl in this simulated cluster only '
                        "reads and writes files inside the folder it runs in\n")
    assert not (tmp_path.parent / "elsewhere").exists()
