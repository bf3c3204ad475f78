"""kubectl create: -f files, folders (-R) and stdin, the namespace and deployment generators,
dry runs, -o formats and the API errors as kubectl renders them."""
import json

from engine import Cluster

DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
"""
CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  a: \"1\"\n"


def test_create_from_file_then_already_exists(tmp_path):
    c = Cluster(wait=False)
    path = tmp_path / "nginx.yaml"
    path.write_text(DEPLOY)
    r = c.kubectl(f"create -f {path}")
    assert (r.stdout, r.stderr, r.exit_code) == ("deployment.apps/nginx created\n", "", 0)
    assert c.api.get("deployments", "nginx")["spec"]["replicas"] == 2
    revision = c.store.revision
    r = c.kubectl(f"create -f {path}")
    assert r.stdout == ""
    assert r.stderr == (f'Error from server (AlreadyExists): error when creating "{path}": '
                        'deployments.apps "nginx" already exists\n')
    assert r.exit_code == 1
    assert c.store.revision == revision


def test_create_from_stdin_and_multi_document():
    c = Cluster(wait=False)
    text = CM.format(name="a") + "---\n" + CM.format(name="b") + "---\n\n"
    r = c.kubectl("create -f -", stdin=text)
    assert r.stdout == "configmap/a created\nconfigmap/b created\n"
    r = c.kubectl("create -f -", stdin=CM.format(name="a"))
    assert r.stderr == ('Error from server (AlreadyExists): error when creating "STDIN": '
                        'configmaps "a" already exists\n')


def test_create_folder_and_recursive(tmp_path):
    c = Cluster(wait=False)
    (tmp_path / "a.yaml").write_text(CM.format(name="a"))
    (tmp_path / "notes.txt").write_text("ignored")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yml").write_text(CM.format(name="b"))
    (tmp_path / "c.json").write_text(json.dumps({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}))
    assert c.kubectl(f"create -f {tmp_path}").stdout == "configmap/a created\nconfigmap/c created\n"
    assert c.kubectl(f"create -f {tmp_path} -R").stdout == "configmap/b created\n"


def test_good_documents_are_created_and_bad_ones_reported():
    c = Cluster(wait=False)
    text = (CM.format(name="ok") + "---\n" +
            "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: old\n---\n" +
            CM.format(name="ok2"))
    r = c.kubectl("create -f -", stdin=text)
    assert r.stdout == "configmap/ok created\nconfigmap/ok2 created\n"
    assert r.stderr == ('error: resource mapping not found for name: "old" namespace: "" from "STDIN": '
                        'no matches for kind "CronJob" in version "batch/v1beta1"\nensure CRDs are installed first\n')
    assert r.exit_code == 1


def test_several_errors_are_listed_without_prefix():
    c = Cluster(wait=False)
    c.kubectl("create -f -", stdin=CM.format(name="a"))
    text = CM.format(name="a") + "---\napiVersion: v1\nkind: Nope\nmetadata:\n  name: nope\n"
    r = c.kubectl("create -f -", stdin=text)
    assert r.stderr == ('Error from server (AlreadyExists): error when creating "STDIN": configmaps "a" already exists\n'
                        'resource mapping not found for name: "nope" namespace: "" from "STDIN": no matches for kind '
                        '"Nope" in version "v1"\nensure CRDs are installed first\n')


def test_unknown_field_is_a_strict_decoding_error():
    c = Cluster(wait=False)
    revision = c.store.revision
    r = c.kubectl("create -f -", stdin=DEPLOY.replace("  replicas: 2", "  replicas: 2\n  replica: 3"))
    assert r.stderr == ('Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" '
                        'cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"\n')
    assert c.store.revision == revision


def test_invalid_object_uses_kubectl_invalid_format():
    c = Cluster(wait=False)
    r = c.kubectl("create -f -", stdin=CM.format(name="Bad_Name"))
    assert r.exit_code == 1
    assert r.stderr.startswith('The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ')


def test_namespace_mismatch():
    c = Cluster(wait=False)
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: kube-public\n"
    r = c.kubectl("create -f - -n default", stdin=text)
    assert r.stderr == ('error: the namespace from the provided object "kube-public" does not match the namespace '
                        '"default". You must pass \'--namespace=kube-public\' to perform this operation.\n')
    assert c.kubectl("create -f -", stdin=text).stdout == "configmap/a created\n"
    assert c.api.get("configmaps", "a", "kube-public")["metadata"]["namespace"] == "kube-public"


def test_create_namespace_and_deployment_generators():
    c = Cluster(wait=False)
    assert c.kubectl("create namespace team").stdout == "namespace/team created\n"
    assert c.api.get("namespaces", "team")["metadata"]["name"] == "team"
    r = c.kubectl("create deployment web --image=nginx --replicas=3 --port=80 -n team")
    assert r.stdout == "deployment.apps/web created\n"
    d = c.api.get("deployments", "web", "team")
    assert d["spec"]["replicas"] == 3
    assert d["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] == 80
    assert d["metadata"]["labels"] == {"app": "web"}
    # create_deployment.go wraps the API error with %v: kubectl prints it as a plain error
    r = c.kubectl("create deployment web --image=nginx -n team")
    assert r.stderr == 'error: failed to create deployment: deployments.apps "web" already exists\n'
    r = c.kubectl("create ns team")
    assert r.stderr == 'Error from server (AlreadyExists): namespaces "team" already exists\n'


def test_generator_command_after_dash_dash():
    c = Cluster(wait=False)
    c.kubectl("create deployment sleeper --image=busybox -- sleep 3600")
    container = c.api.get("deployments", "sleeper")["spec"]["template"]["spec"]["containers"][0]
    assert container["command"] == ["sleep", "3600"]


def test_dry_runs_do_not_write():
    c = Cluster(wait=False)
    revision = c.store.revision
    assert c.kubectl("create ns x --dry-run=server").stdout == "namespace/x created (server dry run)\n"
    assert c.kubectl("create -f - --dry-run=client", stdin=CM.format(name="a")).stdout == "configmap/a created (dry run)\n"
    assert c.kubectl("create -f - --dry-run=server", stdin=CM.format(name="a")).stdout == \
        "configmap/a created (server dry run)\n"
    assert c.store.revision == revision


def test_create_output_yaml_shows_server_object():
    c = Cluster(wait=False)
    out = c.kubectl("create -f - -o yaml", stdin=CM.format(name="a")).stdout
    assert out.startswith('apiVersion: v1\ndata:\n  a: "1"\nkind: ConfigMap\nmetadata:\n  creationTimestamp: "2025-01-01T00:00:00Z"\n')
    assert c.kubectl("create -f - -o name", stdin=CM.format(name="b")).stdout == "configmap/b\n"
    two = c.kubectl("create -f - -o yaml", stdin=CM.format(name="c") + "---\n" + CM.format(name="d")).stdout
    assert two.count("\n---\napiVersion: v1\n") == 1 and not two.startswith("---")


def test_save_config_sets_last_applied():
    c = Cluster(wait=False)
    c.kubectl("create -f - --save-config", stdin=CM.format(name="a"))
    note = c.api.get("configmaps", "a")["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"]
    assert note == ('{"apiVersion":"v1","data":{"a":"1"},"kind":"ConfigMap","metadata":{"annotations":{},'
                    '"name":"a","namespace":"default"}}\n')


def test_create_without_filename():
    c = Cluster(wait=False)
    assert c.kubectl("create").stderr == "error: must specify one of -f and -k\n"
    r = c.kubectl("create -f missing.yaml")
    assert (r.stderr, r.exit_code) == ('error: the path "missing.yaml" does not exist\n', 1)
