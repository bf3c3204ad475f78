"""kubectl patch, replace, wait and diff against the simulated cluster: messages, exit codes and
the objects they leave behind (client-side errors and --local outputs are also in the goldens)."""
import json

import pytest

from engine import Cluster
from engine.kubectl.result import Result


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(workers=1)
    assert c.kubectl("create deployment nginx --image=nginx").ok
    return c


def spec(c, path):
    return c.kubectl(["get", "deployment", "nginx", "-o", "jsonpath={" + path + "}"]).stdout


def test_patch_strategic_then_no_change(cluster):
    patch = ["patch", "deployment", "nginx", "-p", '{"spec":{"replicas":2}}']
    r = cluster.kubectl(patch)
    assert (r.stdout, r.stderr, r.exit_code) == ("deployment.apps/nginx patched\n", "", 0)
    assert spec(cluster, ".spec.replicas") == "2"
    assert cluster.kubectl(patch).stdout == "deployment.apps/nginx patched (no change)\n"


def test_patch_strategic_merges_containers_by_name(cluster):
    r = cluster.kubectl(["patch", "deploy/nginx", "-p",
                         'spec:\n template:\n  spec:\n   containers:\n   - name: nginx\n     image: nginx:1.27'])
    assert r.stdout == "deployment.apps/nginx patched\n"
    assert spec(cluster, ".spec.template.spec.containers[*].image") == "nginx:1.27"


def test_patch_merge_and_json_types(cluster):
    r = cluster.kubectl(["patch", "deployment", "nginx", "--type=merge", "-p", '{"metadata":{"labels":{"x":"y"}}}',
                         "-o", "name"])
    assert r.stdout == "deployment.apps/nginx\n"
    r = cluster.kubectl(["patch", "deployment", "nginx", "--type", "json", "-p",
                         '[{"op":"replace","path":"/metadata/labels/x","value":"z"}]'])
    assert r.stdout == "deployment.apps/nginx patched\n"
    assert spec(cluster, ".metadata.labels.x") == "z"


def test_patch_json_failure_is_the_servers_generic_422(cluster):
    r = cluster.kubectl(["patch", "deployment", "nginx", "--type=json", "-p", '[{"op":"remove","path":"/spec/foo"}]'])
    assert (r.stdout, r.stderr, r.exit_code) == (
        "", "The request is invalid: the server rejected our request due to an error in our request\n", 1)


def test_patch_scale_subresource(cluster):
    args = ["patch", "deployment", "nginx", "--subresource=scale", "--type=merge", "-p", '{"spec":{"replicas":3}}']
    assert cluster.kubectl(args).stdout == "scale.autoscaling/nginx patched\n"
    assert cluster.kubectl(args).stdout == "scale.autoscaling/nginx patched (no change)\n"
    assert spec(cluster, ".spec.replicas") == "3"


def test_patch_dry_runs_change_nothing(cluster):
    revision = cluster.store.revision
    for mode in ("server", "client"):  # kubectl patch prints no ` (dry run)`
        r = cluster.kubectl(["patch", "deployment", "nginx", "-p", '{"spec":{"replicas":5}}', f"--dry-run={mode}"])
        assert r.stdout == "deployment.apps/nginx patched\n"
    assert cluster.store.revision == revision


def test_patch_server_errors(cluster):
    r = cluster.kubectl(["patch", "deployment", "nope", "-p", "{}"])
    assert r.stderr == 'Error from server (NotFound): deployments.apps "nope" not found\n'
    r = cluster.kubectl(["patch", "deployment", "nginx", "-p", '{"spec":{"replicas":-1}}'])
    assert (r.stderr, r.exit_code) == ('The Deployment "nginx" is invalid: spec.replicas: Invalid value: -1: '
                                       'must be greater than or equal to 0\n', 1)
    r = cluster.kubectl(["patch", "deployment", "nginx", "-p", '{"spec":{"replicas":"two"}}'])
    assert r.exit_code == 1 and r.stderr.startswith('The request is invalid: patch: Invalid value: ')


def test_patch_record_and_file_target(cluster, tmp_path):
    manifest = tmp_path / "d.yaml"
    manifest.write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx\n")
    patch_file = tmp_path / "p.yaml"
    patch_file.write_text("metadata:\n  annotations:\n    team: web\n")
    r = cluster.kubectl(["patch", "-f", str(manifest), "--patch-file", str(patch_file), "--record"])
    assert r.stdout == "deployment.apps/nginx patched\n"
    assert r.stderr == "Flag --record has been deprecated, --record will be removed in the future\n"
    annotations = json.loads(spec(cluster, ".metadata.annotations"))
    assert annotations["team"] == "web"
    assert annotations["kubernetes.io/change-cause"] == \
        f"kubectl patch --filename={manifest} --patch-file={patch_file} --record=true"


DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
"""
POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: solo\nspec:\n  containers: [{name: web, image: nginx}]\n"


def test_replace_puts_the_file_with_the_live_resource_version(tmp_path):
    c = Cluster(workers=1)
    path = tmp_path / "d.yaml"
    path.write_text(DEPLOYMENT)
    r = c.kubectl(["replace", "-f", str(path)])
    assert (r.stdout, r.stderr, r.exit_code) == (
        "", f'Error from server (NotFound): error when replacing "{path}": deployments.apps "web" not found\n', 1)
    assert c.kubectl(["create", "-f", str(path)]).ok
    assert c.kubectl(["label", "deployment", "web", "extra=yes"]).ok
    assert c.kubectl(["replace", "-f", str(path)]).stdout == "deployment.apps/web replaced\n"
    assert c.kubectl("get deployment web -o jsonpath={.metadata.labels}").stdout == ""  # the file has none
    assert c.kubectl(["replace", "-f", str(path), "--dry-run=server"]).stdout == \
        "deployment.apps/web replaced (server dry run)\n"
    r = c.kubectl(["replace", "-f", str(path), "--save-config", "-o", "name"])
    assert r.stdout == "deployment.apps/web\n"
    annotations = json.loads(c.kubectl("get deployment web -o jsonpath={.metadata.annotations}").stdout)
    assert json.loads(annotations["kubectl.kubernetes.io/last-applied-configuration"])["spec"]["replicas"] == 1


def test_replace_with_a_stale_resource_version_conflicts(tmp_path):
    c = Cluster(workers=1)
    path = tmp_path / "d.yaml"
    path.write_text(DEPLOYMENT)
    assert c.kubectl(["create", "-f", str(path)]).ok
    path.write_text(DEPLOYMENT.replace("name: web\nspec", "name: web\n  resourceVersion: '1'\nspec"))
    r = c.kubectl(["replace", "-f", str(path)])
    assert (r.stderr, r.exit_code) == (
        f'Error from server (Conflict): error when replacing "{path}": Operation cannot be fulfilled on '
        'deployments.apps "web": the object has been modified; please apply your changes to the latest version '
        'and try again\n', 1)


def test_replace_force_deletes_waits_and_creates_again(tmp_path):
    c = Cluster(workers=1)
    path = tmp_path / "p.yaml"
    path.write_text(POD)
    assert c.kubectl(["create", "-f", str(path)]).ok
    c.advance(10)
    old_uid = c.api.get("pods", "solo", "default")["metadata"]["uid"]
    start = c.now
    r = c.kubectl(["replace", "--force", "-f", str(path)])
    assert (r.stdout, r.stderr, r.exit_code) == ('pod "solo" deleted\npod/solo replaced\n', "", 0)
    assert round(c.now - start, 6) == 1  # nginx stops at once: one poll a virtual second later finds it gone
    assert c.api.get("pods", "solo", "default")["metadata"]["uid"] != old_uid
    c.advance(10)
    r = c.kubectl(["replace", "--force", "-f", str(path), "--grace-period=0", "-o", "name"])
    assert (r.stdout, r.exit_code) == ("pod/solo\npod/solo\n", 0)


def test_replace_force_gives_up_after_its_timeout(tmp_path):
    c = Cluster(workers=1)
    path = tmp_path / "p.yaml"
    path.write_text(POD.replace("name: solo\n", "name: solo\n  finalizers: [example.com/hold]\n"))
    assert c.kubectl(["create", "-f", str(path)]).ok
    start = c.now
    r = c.kubectl(["replace", "--force", "-f", str(path), "--timeout=5s"])
    assert (r.stdout, r.stderr, r.exit_code) == ('pod "solo" deleted\n', "error: context deadline exceeded\n", 1)
    assert round(c.now - start, 6) == 5


@pytest.fixture(scope="module")
def waiting():
    c = Cluster(workers=1)
    assert c.kubectl("run web --image=nginx").ok
    return c


def test_wait_condition_ready_runs_virtual_time_until_met(waiting):
    c = waiting
    start = c.now
    r = c.kubectl("wait --for=condition=Ready pod/web")
    assert (r.stdout, r.stderr, r.exit_code) == ("pod/web condition met\n", "", 0)
    assert 0 < c.now - start < 30
    assert c.api.get("pods", "web", "default")["status"]["phase"] == "Running"
    assert c.kubectl("wait --for=condition=ready=TRUE pod/web --timeout=0").stdout == "pod/web condition met\n"
    assert c.kubectl("wait --for=condition=Ready pod/web -o name").stdout == "pod/web\n"


def test_wait_times_out_in_virtual_time(waiting):
    c = waiting
    c.kubectl("wait --for=condition=Ready pod/web")
    start = c.now
    r = c.kubectl("wait --for=condition=Ready=false pod/web --timeout=5s")
    assert (r.stdout, r.stderr, r.exit_code) == ("", "error: timed out waiting for the condition on pods/web\n", 1)
    assert round(c.now - start, 6) == 5
    r = c.kubectl("wait --for=condition=Ready=false pod/web --timeout=0")
    assert (r.stderr, r.exit_code) == ("error: condition not met for pods/web\n", 1)


def test_wait_jsonpath(waiting):
    c = waiting
    c.kubectl("wait --for=condition=Ready pod/web")
    assert c.kubectl("wait --for=jsonpath='{.status.phase}'=Running pod/web").stdout == "pod/web condition met\n"
    assert c.kubectl("wait --for=jsonpath=.status.podIP pods --all").stdout == "pod/web condition met\n"
    r = c.kubectl("wait --for=jsonpath={.status.conditions}=x pod/web")
    assert (r.stderr, r.exit_code) == ("error: jsonpath leads to a nested object or list which is not supported\n", 1)


def test_wait_errors_for_missing_objects(waiting):
    c = waiting
    r = c.kubectl("wait --for=condition=Ready pod/nope")
    assert (r.stderr, r.exit_code) == ('Error from server (NotFound): pods "nope" not found\n', 1)
    assert c.kubectl("wait --for=delete pod/nope") == c.kubectl("wait --for=delete pods -l app=none")
    assert c.kubectl("wait --for=delete pod/nope").exit_code == 0
    r = c.kubectl("wait --for=condition=Available deployments -l app=nothing")
    assert (r.stderr, r.exit_code) == ("error: no matching resources found\n", 1)


def test_wait_for_delete_and_create():
    c = Cluster(workers=1)
    assert c.kubectl("run web --image=nginx").ok
    c.advance(10)
    assert c.kubectl("delete pod web --wait=false").stdout == 'pod "web" deleted\n'
    r = c.kubectl("wait --for=delete pod/web --timeout=60s")
    assert (r.stdout, r.exit_code) == ("pod/web condition met\n", 0)
    assert c.kubectl("get pods").stderr == "No resources found in default namespace.\n"
    start = c.now
    r = c.kubectl("wait --for=create pod/later --timeout=3s")
    assert (r.stderr, r.exit_code, round(c.now - start, 6)) == ("error: timed out waiting for the condition\n", 1, 3)
    c.clock.call_later(1.2, lambda: c.kubectl("run later --image=nginx"))
    start = c.now
    r = c.kubectl("wait --for=create pod/later --timeout=3s")
    assert (r.stdout, r.exit_code, round(c.now - start, 6)) == ("pod/later condition met\n", 0, 1.5)


def test_wait_for_several_objects_reports_each(waiting):
    c = waiting
    assert c.kubectl("create deployment d --image=nginx --replicas=2").ok
    r = c.kubectl("wait --for=condition=Available deployment/d")
    assert (r.stdout, r.exit_code) == ("deployment.apps/d condition met\n", 0)
    names = sorted(p["metadata"]["name"] for p in c.api.list("pods", "default", label_selector="app=d")["items"])
    r = c.kubectl("wait --for=condition=Ready pod -l app=d --timeout=1m")
    assert r.stdout == "".join(f"pod/{n} condition met\n" for n in names)
    start = c.now
    r = c.kubectl("wait --for=jsonpath={.status.phase}=Failed pod -l app=d --timeout=2s")
    assert (r.stderr, r.exit_code, round(c.now - start, 6)) == (
        "".join(f"timed out waiting for the condition on pods/{n}\n" for n in names), 1, 2)


def test_diff_of_a_new_object_shows_the_dry_run_create_against_an_absent_file(tmp_path):
    c = Cluster(workers=1)
    path = tmp_path / "cm.yaml"
    path.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n")
    revision = c.store.revision
    r = c.kubectl(["diff", "-f", str(path)])
    assert r.stderr == "" and r.exit_code == 1
    lines = r.stdout.splitlines()
    live, merged = lines[0].split()[3:5]
    assert live.startswith("/tmp/LIVE-") and merged.startswith("/tmp/MERGED-")
    assert live.endswith("/v1.ConfigMap.default.settings") and merged.endswith("/v1.ConfigMap.default.settings")
    uid = lines[-1][len("+  uid: "):]
    assert len(uid) == 36 and uid.count("-") == 4  # the dry run's own uid
    assert lines[1:] == [
        f"--- {live}\t1970-01-01 00:00:00.000000000 +0000",
        f"+++ {merged}\t2025-01-01 00:00:27.000000000 +0000",
        "@@ -0,0 +1,9 @@",
        "+apiVersion: v1",
        "+data:",
        "+  mode: fast",
        "+kind: ConfigMap",
        "+metadata:",
        '+  creationTimestamp: "2025-01-01T00:00:27Z"',
        "+  name: settings",
        "+  namespace: default",
        f"+  uid: {uid}",
    ]
    assert c.store.revision == revision  # a dry run


def test_diff_of_an_applied_object(tmp_path):
    c = Cluster(workers=1)
    path = tmp_path / "d.yaml"
    path.write_text(DEPLOYMENT)
    assert c.kubectl(["apply", "-f", str(path)]).ok
    c.advance(5)
    assert c.kubectl(["diff", "-f", str(path)]) == Result("", "", 0)
    path.write_text(DEPLOYMENT.replace("replicas: 1", "replicas: 3").replace("image: nginx", "image: nginx:1.27"))
    r = c.kubectl(["diff", "-f", str(path)])
    assert r.exit_code == 1
    body = r.stdout.split("\n", 3)[3]
    rv = c.kubectl("get deployment web -o jsonpath={.metadata.resourceVersion}").stdout
    uid = c.kubectl("get deployment web -o jsonpath={.metadata.uid}").stdout
    applied = c.api.get("deployments", "web", "default")["metadata"]["annotations"][
        "kubectl.kubernetes.io/last-applied-configuration"].rstrip("\n")
    assert body == (
        "@@ -6,14 +6,14 @@\n"
        "     kubectl.kubernetes.io/last-applied-configuration: |\n"
        f"       {applied}\n"
        '   creationTimestamp: "2025-01-01T00:00:27Z"\n'
        "-  generation: 1\n"
        "+  generation: 2\n"
        "   name: web\n"
        "   namespace: default\n"
        f'   resourceVersion: "{rv}"\n'
        f"   uid: {uid}\n"
        " spec:\n"
        "   progressDeadlineSeconds: 600\n"
        "-  replicas: 1\n"
        "+  replicas: 3\n"
        "   revisionHistoryLimit: 10\n"
        "   selector:\n"
        "     matchLabels:\n"
        "@@ -30,7 +30,7 @@\n"
        "         app: web\n"
        "     spec:\n"
        "       containers:\n"
        "-      - image: nginx\n"
        "+      - image: nginx:1.27\n"
        "         imagePullPolicy: Always\n"
        "         name: web\n"
        "         resources: {}\n")
    assert c.kubectl("get deployment web -o jsonpath={.spec.replicas}").stdout == "1"


def test_diff_masks_secret_values(tmp_path):
    c = Cluster(workers=1)
    path = tmp_path / "s.yaml"
    secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\ndata:\n  user: YWRtaW4=\n  pass: {}\n"
    path.write_text(secret.format("czNjcjN0"))
    assert c.kubectl(["apply", "-f", str(path)]).ok
    path.write_text(secret.format("bmV3"))
    r = c.kubectl(["diff", "-f", str(path)])
    assert "YWRtaW4=" not in r.stdout and "bmV3" not in r.stdout
    assert "-  pass: '*** (before)'\n+  pass: '*** (after)'\n   user: '***'\n" in r.stdout


def test_diff_errors_exit_2(tmp_path):
    c = Cluster(wait=False)
    path = tmp_path / "d.yaml"
    path.write_text(DEPLOYMENT.replace("replicas: 1", "replicas: -1"))
    r = c.kubectl(["diff", "-f", str(path)])
    assert (r.stdout, r.exit_code) == ("", 2)
    assert r.stderr == ('The Deployment "web" is invalid: spec.replicas: Invalid value: -1: '
                        'must be greater than or equal to 0\n')


@pytest.mark.parametrize("a, b, expected", [  # recorded from GNU diffutils `diff -u a b`
    ("x\na\nb\n", "x\na\na\nb\n", "@@ -1,3 +1,4 @@\n x\n a\n+a\n b\n"),
    ("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "1\n2\nthree\n4\n5\n6\n7\n8\nnine\n10\n",
     "@@ -1,10 +1,10 @@\n 1\n 2\n-3\n+three\n 4\n 5\n 6\n 7\n 8\n-9\n+nine\n 10\n"),
    ("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ntwelve\n",
     "@@ -1,4 +1,4 @@\n-1\n+one\n 2\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+twelve\n"),
    ("a\nb\nc\n", "b\nc\nd", "@@ -1,3 +1,3 @@\n-a\n b\n c\n+d\n\\ No newline at end of file\n"),
    ("- a\n- b\n- a\n- b\n", "- a\n- b\n- c\n- a\n- b\n", "@@ -1,4 +1,5 @@\n - a\n - b\n+- c\n - a\n - b\n"),
    ("f\ng\nd\nc\nc\n", "b\ng\nc\nd\nd\nc\n", "@@ -1,5 +1,6 @@\n-f\n+b\n g\n-d\n c\n+d\n+d\n c\n"),
    ("a\na\nb\na\na\na\nb\na\na\nb\nb\n" + "a\n" * 9 + "b\n", "a\na\nb\na\na\nb\na\na\nb\nb\n" + "a\n" * 10 + "b\n",
     "@@ -3,7 +3,6 @@\n b\n a\n a\n-a\n b\n a\n a\n@@ -12,6 +11,7 @@\n a\n a\n a\n+a\n a\n a\n a\n"),
])
def test_unified_diff_hunks_match_gnu_diff(a, b, expected):
    from engine.kubectl.unidiff import unified
    text = unified(a.splitlines(keepends=True), b.splitlines(keepends=True), "a", "b")
    assert text == "--- a\n+++ b\n" + expected
