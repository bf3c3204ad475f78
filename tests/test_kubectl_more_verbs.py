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


@pytest.fixture
def fresh():
    return Cluster(workers=0, wait=False)


def run(c, command):
    r = c.kubectl(command)
    return r.stdout, r.stderr, r.exit_code


def test_config_set_and_unset_properties(fresh):
    c = fresh
    assert run(c, "config set clusters.kubernetes.server https://1.2.3.4:6443") == \
        ('Property "clusters.kubernetes.server" set.\n', "", 0)
    assert run(c, "config set contexts.kubernetes-admin@kubernetes.namespace dev")[0] == \
        'Property "contexts.kubernetes-admin@kubernetes.namespace" set.\n'
    assert c.kubectl("get pods").stderr == "No resources found in dev namespace.\n"
    assert run(c, "config set clusters.kubernetes.insecure-skip-tls-verify true")[2] == 0
    assert run(c, "config set --set-raw-bytes clusters.kubernetes.certificate-authority-data hello")[2] == 0
    assert run(c, "config set preferences.colors true")[2] == 0
    assert run(c, "config set users.bob.act-as alice")[2] == 0
    view = c.kubectl("config view --raw").stdout
    assert ("- cluster:\n    certificate-authority-data: aGVsbG8=\n    insecure-skip-tls-verify: true\n"
            "    server: https://1.2.3.4:6443\n  name: kubernetes\n") in view
    assert "preferences:\n  colors: true\n" in view and "- name: bob\n  user:\n    as: alice\n" in view
    assert run(c, "config unset users.bob") == ('Property "users.bob" unset.\n', "", 0)
    assert run(c, "config unset contexts.kubernetes-admin@kubernetes.namespace")[2] == 0
    assert run(c, "config unset current-context")[0] == 'Property "current-context" unset.\n'
    assert c.kubectl("config current-context").stderr == "error: current-context is not set\n"
    assert run(c, "config set current-context kubernetes-admin@kubernetes")[2] == 0


@pytest.mark.parametrize("command, error", [
    ("config set clusters.kubernetes.insecure-skip-tls-verify maybe",
     'error: strconv.ParseBool: parsing "maybe": invalid syntax\n'),
    ("config set clusters.kubernetes.certificate-authority-data notbase64",
     "error: error decoding input value: illegal base64 data at input byte 8\n"),
    ("config set bogus x", "error: unable to parse bogus after [] at api.Config\n"),
    ("config unset bogus", "error: unable to parse bogus after [] at api.Config\n"),
    ("config set clusters x", "error: can't set a map to a value: map[kubernetes:0xc000680000]\n"),
    ("config set users.bob.as-groups a,b", "error: can't set a map to a value: map[kubernetes-admin:0xc000680000]\n"),
    ("config set users.bob.act-as-groups a,b", "error: unrecognized slice type. string\n"),
    ("config set current-context ''", "error: you cannot use set to unset a property\n"),
    ("config set '' x", "error: you must specify a property\n"),
    ("config unset clusters.nope.server", "error: current map key `nope` is invalid\n"),
])
def test_config_set_errors(fresh, command, error):
    assert run(fresh, command)[1:] == (error, 1)


def test_config_set_wrong_arguments_print_the_help(fresh):
    out, err, code = run(fresh, "config set a")
    assert out.startswith("Set an individual value in a kubeconfig file.\n") and (err, code) == (
        "error: Unexpected args: [a]\n", 1)
    out, err, code = run(fresh, "config unset a b")
    assert out.startswith("Unset an individual value") and err == "error: Unexpected args: [a b]\n"


def test_config_set_cluster_and_credentials(fresh, tmp_path, monkeypatch):
    c = fresh
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ca.crt").write_text("CA\n")
    (tmp_path / "me.crt").write_text("CERT\n")
    (tmp_path / "me.key").write_text("KEY\n")
    assert run(c, "config set-cluster dev --server=https://5.6.7.8 --insecure-skip-tls-verify") == \
        ('Cluster "dev" set.\n', "", 0)
    assert run(c, "config set-cluster dev --certificate-authority=ca.crt --embed-certs")[2] == 0
    assert run(c, "config set-credentials me --client-certificate=me.crt --client-key=me.key --embed-certs") == \
        ('User "me" set.\n', "", 0)
    assert run(c, "config set-credentials path --client-certificate=me.crt")[2] == 0
    assert run(c, "config set-credentials tok --token=abc")[2] == 0
    assert run(c, "config set-context me@dev --cluster=dev --user=me")[0] == 'Context "me@dev" created.\n'
    view = c.kubectl("config view --raw").stdout
    assert "- cluster:\n    certificate-authority-data: Q0EK\n    server: https://5.6.7.8\n  name: dev\n" in view
    assert "- name: me\n  user:\n    client-certificate-data: Q0VSVAo=\n    client-key-data: S0VZCg==\n" in view
    assert f"- name: path\n  user:\n    client-certificate: {tmp_path}/me.crt\n" in view
    assert "- name: tok\n  user:\n    token: abc\n" in view
    assert c.kubectl("config get-users").stdout == "NAME\nkubernetes-admin\nme\npath\ntok\n"
    assert c.kubectl("config get-clusters").stdout == "NAME\ndev\nkubernetes\n"
    assert run(c, "config delete-user tok") == ("deleted user tok from /root/.kube/config\n", "", 0)
    assert run(c, "config delete-cluster dev") == ("deleted cluster dev from /root/.kube/config\n", "", 0)
    assert run(c, "config delete-cluster dev") == (
        "", "error: cannot delete cluster dev, not in /root/.kube/config\n", 1)
    assert run(c, "config delete-user tok")[1] == "error: cannot delete user tok, not in /root/.kube/config\n"
    assert run(c, "config delete-user")[1] == ("error: user to delete is required\n"
                                               "See 'kubectl config delete-user -h' for help and examples\n")
    assert run(c, "config delete-cluster")[0].startswith("Delete the specified cluster from the kubeconfig.\n")


@pytest.mark.parametrize("command, error", [
    ("config set-cluster dev --embed-certs", "error: you must specify a --certificate-authority to embed\n"),
    ("config set-cluster dev --certificate-authority=nope.crt --embed-certs",
     "error: could not stat certificate-authority file nope.crt: stat nope.crt: no such file or directory\n"),
    ("config set-cluster dev --insecure-skip-tls-verify --certificate-authority=ca.crt",
     "error: you cannot specify a certificate authority and insecure mode at the same time\n"),
    ("config set-credentials x --token=t --username=u",
     "error: you cannot specify more than one authentication method at the same time: --token, --username/--password\n"),
    ("config set-credentials x --embed-certs", "error: you must specify a --client-certificate or --client-key to embed\n"),
    ("config set-credentials x --client-certificate=/etc/passwd --embed-certs",
     'error: "/etc/passwd" is outside the working folder: kubectl in this simulated cluster only reads and writes '
     "files inside the folder it runs in\n"),
])
def test_config_set_cluster_and_credentials_errors(fresh, tmp_path, monkeypatch, command, error):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ca.crt").write_text("CA\n")
    assert run(fresh, command)[1:] == (error, 1)


def test_cluster_info_dump_into_a_file_is_an_error(cluster, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken").write_text("")
    r = cluster.kubectl("cluster-info dump --output-directory=taken")
    assert (r.stderr, r.exit_code) == ("error: mkdir taken: not a directory\n", 1)
