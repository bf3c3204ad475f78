"""kubectl patch, replace, wait and diff against the simulated cluster: messages, exit codes and
the objects they leave behind (client-side errors and --local outputs are also in the goldens)."""
import json

import pytest

from engine import Cluster


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
