"""kubectl apply (client-side): created / configured / unchanged, the last-applied annotation,
three-way merges that keep fields set by others, dry runs, folders and errors."""
import json

from engine import Cluster

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
  labels:
    app: nginx
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


def test_created_unchanged_configured():
    c = Cluster()
    assert c.apply(DEPLOY).stdout == "deployment.apps/nginx created\n"
    revision = c.store.revision
    r = c.apply(DEPLOY)
    assert (r.stdout, r.stderr, r.exit_code) == ("deployment.apps/nginx unchanged\n", "", 0)
    assert c.store.revision == revision
    assert c.apply(DEPLOY.replace("replicas: 2", "replicas: 5")).stdout == "deployment.apps/nginx configured\n"
    d = c.api.get("deployments", "nginx")
    assert d["spec"]["replicas"] == 5
    assert json.loads(d["metadata"]["annotations"][LAST_APPLIED])["spec"]["replicas"] == 5


def test_last_applied_annotation_text():
    c = Cluster()
    c.apply("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: x\n")
    note = c.api.get("configmaps", "cfg")["metadata"]["annotations"][LAST_APPLIED]
    assert note == ('{"apiVersion":"v1","data":{"a":"x"},"kind":"ConfigMap","metadata":{"annotations":{},'
                    '"name":"cfg","namespace":"default"}}\n')


def test_removed_field_is_deleted_and_foreign_fields_kept():
    c = Cluster()
    c.apply("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: x\n  b: z\n")
    c.kubectl("get cm cfg")  # nothing changes on read
    cm = c.api.get("configmaps", "cfg")
    cm["data"]["other"] = "kept"  # someone else's change, not in the manifest
    c.api.update("configmaps", cm)
    r = c.apply("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: x\n")
    assert r.stdout == "configmap/cfg configured\n"
    assert c.api.get("configmaps", "cfg")["data"] == {"a": "x", "other": "kept"}


def test_container_list_merges_by_name():
    c = Cluster()
    c.apply(DEPLOY)
    c.apply(DEPLOY.replace("nginx:1.25", "nginx:1.26"))
    containers = c.api.get("deployments", "nginx")["spec"]["template"]["spec"]["containers"]
    assert [(x["name"], x["image"]) for x in containers] == [("nginx", "nginx:1.26")]


def test_apply_to_object_created_without_annotation_warns():
    c = Cluster()
    c.kubectl("create deployment nginx --image=nginx")
    r = c.apply(DEPLOY.replace("  labels:\n    app: nginx\n", "  labels:\n    app: nginx\n", 1))
    assert r.stderr.startswith(
        "Warning: resource deployments.apps/nginx is missing the kubectl.kubernetes.io/last-applied-configuration "
        "annotation which is required by kubectl apply. kubectl apply should only be used on resources created "
        "declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be "
        "patched automatically.\n")
    assert r.stdout == "deployment.apps/nginx configured\n"
    assert LAST_APPLIED in c.api.get("deployments", "nginx")["metadata"]["annotations"]


def test_dry_runs():
    c = Cluster()
    revision = c.store.revision
    assert c.kubectl("apply -f - --dry-run=client", stdin=DEPLOY).stdout == "deployment.apps/nginx created (dry run)\n"
    assert c.kubectl("apply -f - --dry-run=server", stdin=DEPLOY).stdout == \
        "deployment.apps/nginx created (server dry run)\n"
    assert c.store.revision == revision
    c.apply(DEPLOY)
    revision = c.store.revision
    changed = DEPLOY.replace("replicas: 2", "replicas: 4")
    assert c.kubectl("apply -f - --dry-run=server", stdin=changed).stdout == \
        "deployment.apps/nginx configured (server dry run)\n"
    assert c.kubectl("apply -f - --dry-run=client", stdin=changed).stdout == "deployment.apps/nginx configured (dry run)\n"
    assert c.store.revision == revision
    assert c.api.get("deployments", "nginx")["spec"]["replicas"] == 2


def test_multi_document_file_namespace_and_folder(tmp_path):
    c = Cluster()
    c.kubectl("create ns team")
    (tmp_path / "app.yaml").write_text(DEPLOY + "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\n"
                                       "spec:\n  selector:\n    app: nginx\n  ports:\n  - port: 80\n")
    (tmp_path / "cm.yml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n")
    r = c.kubectl(f"apply -f {tmp_path} -n team")
    assert r.stdout == "deployment.apps/nginx created\nservice/nginx created\nconfigmap/cfg created\n"
    assert c.api.get("services", "nginx", "team")["spec"]["ports"][0]["port"] == 80
    assert c.kubectl(f"apply -f {tmp_path / 'cm.yml'} -n team").stdout == "configmap/cfg unchanged\n"


def test_apply_object_dict():
    c = Cluster()
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "d"}, "data": {"k": "v"}}
    assert c.apply(cm).stdout == "configmap/d created\n"
    assert c.api.get("configmaps", "d")["data"] == {"k": "v"}


def test_apply_path_entry_point(tmp_path):
    c = Cluster()
    path = tmp_path / "d.yaml"
    path.write_text(DEPLOY)
    assert c.apply(str(path)).stdout == "deployment.apps/nginx created\n"
    assert c.apply(path).stdout == "deployment.apps/nginx unchanged\n"


def test_invalid_change_is_reported_with_details():
    c = Cluster()
    c.apply(DEPLOY)
    revision = c.store.revision
    r = c.apply(DEPLOY.replace("replicas: 2", "replicas: -1"))
    assert r.exit_code == 1
    assert r.stderr == ('The Deployment "nginx" is invalid: spec.replicas: Invalid value: -1: '
                        'must be greater than or equal to 0\n')
    assert c.store.revision == revision


def test_unknown_field_in_patch_is_invalid_request():
    c = Cluster()
    c.apply(DEPLOY)
    revision = c.store.revision
    r = c.apply(DEPLOY.replace("replicas: 2", "replicas: 2\n  replica: 3"))
    assert r.exit_code == 1
    assert r.stderr.startswith('The request is invalid: patch: Invalid value: "map[metadata:map[annotations:map[')
    assert r.stderr.endswith(' spec:map[replica:3]]": strict decoding error: unknown field "spec.replica"\n')
    assert c.store.revision == revision


def test_yes_is_a_boolean_as_in_go_yaml_v2():
    c = Cluster()
    r = c.apply("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  enabled: yes\n")
    assert r.exit_code == 1
    assert r.stderr == ('Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot '
                        'be handled as a ConfigMap: json: cannot unmarshal bool into Go struct field '
                        'ConfigMap.data of type string\n')


def test_no_objects_and_no_file():
    c = Cluster()
    r = c.kubectl("apply -f -", stdin="---\n")
    assert (r.stderr, r.exit_code) == ("error: no objects passed to apply\n", 1)
    assert c.kubectl("apply").stderr == "error: must specify one of -f and -k\n"


def test_output_of_get_can_be_applied_back():
    c = Cluster()
    c.apply(DEPLOY)
    c.kubectl("create ns team")
    listing = c.kubectl("get deploy -o yaml").stdout
    r = c.kubectl("apply -f - -n default", stdin=listing)
    # the live fields (uid, resourceVersion, status...) land in last-applied: kubectl says configured
    assert (r.stdout, r.stderr) == ("deployment.apps/nginx configured\n", "")
    assert c.api.get("deployments", "nginx")["spec"]["replicas"] == 2


def test_output_yaml_prints_objects_at_the_end():
    c = Cluster()
    one = c.kubectl("apply -f - -o yaml", stdin="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n")
    assert one.stdout.startswith("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n")
    two = c.kubectl("apply -f - -o name", stdin="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n---\n"
                                                 "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n")
    assert two.stdout == "configmap/b\nconfigmap/c\n"
    both = c.kubectl("apply -f - -o json", stdin="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n---\n"
                                                  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n")
    listed = json.loads(both.stdout)
    assert (listed["kind"], listed["metadata"], [i["metadata"]["name"] for i in listed["items"]]) == \
        ("List", {}, ["b", "c"])


def test_generate_name_cannot_be_applied():
    c = Cluster()
    r = c.kubectl("apply -f -", stdin="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: cfg-\n")
    assert (r.stderr, r.exit_code) == ("error: from cfg-: cannot use generate name with apply\n", 1)


def test_builder_errors_come_before_apply_errors():
    c = Cluster()
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad\n---\n"
            "apiVersion: v1\nkind: Nope\nmetadata:\n  name: n1\n---\n"
            "apiVersion: v1\nkind: Nope\nmetadata:\n  name: n2\n")
    r = c.kubectl("apply -f -", stdin=text)
    lines = r.stderr.splitlines()
    # builder errors aggregated in one `[a, b]` text, then each apply error
    assert r.stderr.startswith('[resource mapping not found for name: "n1" namespace: "" from "STDIN": no matches '
                               'for kind "Nope" in version "v1"\nensure CRDs are installed first, resource mapping '
                               'not found for name: "n2"')
    # several errors: each printed by StandardErrorMessage, so Invalid keeps its server wording
    assert lines[-1].startswith('Error from server (Invalid): error when creating "STDIN": ConfigMap "Bad" is invalid: '
                                'metadata.name: Invalid value: "Bad"')
    assert len(lines) == 4


def test_validate_flag_strict_warn_ignore():
    c = Cluster()
    bad = DEPLOY.replace("  replicas: 2", "  replicas: 2\n  replica: 3")
    r = c.kubectl("apply -f - --validate=warn", stdin=bad)
    assert (r.stdout, r.stderr) == ("deployment.apps/nginx created\n", 'Warning: unknown field "spec.replica"\n')
    r = c.kubectl("apply -f - --validate=false", stdin=bad.replace("replicas: 2", "replicas: 4"))
    assert (r.stdout, r.stderr) == ("deployment.apps/nginx configured\n", "")
    assert c.api.get("deployments", "nginx")["spec"]["replicas"] == 4
    r = c.kubectl("create -f - --validate=ignore", stdin=bad.replace("name: nginx", "name: other", 1))
    assert (r.stdout, r.stderr) == ("deployment.apps/other created\n", "")
    r = c.kubectl("apply -f - --validate=maybe", stdin=bad)
    assert r.stderr == ('error: invalid - validate option "maybe"; must be one of: strict (or true), warn, '
                        'ignore (or false)\n')
