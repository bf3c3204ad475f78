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
