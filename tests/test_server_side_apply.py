"""Server-side apply (application/apply-patch+yaml): the schema-aware merge, field ownership, conflicts
with kubectl's advice, --force-conflicts, create-on-apply, --dry-run=server, pruning what the applier drops."""
import json

import pytest

from engine import Cluster
from engine.api.errors import ApiError
from engine.api.patch import APPLY_PATCH

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
spec:
  replicas: 3
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
        image: nginx:1.27
        ports:
        - containerPort: 80
"""
CONFLICT = """error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas
Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the `--force-conflicts` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
"""


def entries(c, name="nginx"):
    return {(e["manager"], e["operation"], e.get("subresource", "")): e
            for e in c.api.get("deployments", name)["metadata"]["managedFields"]}


def test_apply_scale_reapply_conflicts_and_force_conflicts_takes_the_replicas_back():
    c = Cluster(workers=1)
    assert c.kubectl("apply --server-side -f -", stdin=DEPLOYMENT).stdout == "deployment.apps/nginx serverside-applied\n"
    assert entries(c)[("kubectl", "Apply", "")]["fieldsV1"] == {"f:spec": {
        "f:replicas": {}, "f:selector": {},
        "f:template": {"f:metadata": {"f:labels": {"f:app": {}}}, "f:spec": {"f:containers": {
            'k:{"name":"nginx"}': {".": {}, "f:image": {}, "f:name": {}, "f:ports": {
                'k:{"containerPort":80,"protocol":"TCP"}': {".": {}, "f:containerPort": {}}}}}}}}}
    assert c.kubectl("scale deployment nginx --replicas=5").stdout == "deployment.apps/nginx scaled\n"
    scale = entries(c)[("kubectl", "Update", "scale")]
    assert scale == {"apiVersion": "apps/v1", "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {"f:replicas": {}}},
                     "manager": "kubectl", "operation": "Update", "subresource": "scale"}
    result = c.kubectl("apply --server-side -f -", stdin=DEPLOYMENT)
    assert (result.stdout, result.stderr, result.exit_code) == ("", CONFLICT, 1)
    assert c.api.get("deployments", "nginx")["spec"]["replicas"] == 5
    forced = c.kubectl("apply --server-side --force-conflicts -f -", stdin=DEPLOYMENT)
    assert forced.stdout == "deployment.apps/nginx serverside-applied\n"
    assert c.api.get("deployments", "nginx")["spec"]["replicas"] == 3
    assert ("kubectl", "Update", "scale") not in entries(c)


def test_the_conflict_is_a_409_with_field_manager_conflict_causes():
    c = Cluster(workers=1)
    c.kubectl("create deployment nginx --image=nginx --replicas=2")
    body = json.dumps({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "nginx"},
                       "spec": {"replicas": 4}})
    with pytest.raises(ApiError) as e:
        c.api.patch("deployments", "nginx", body, APPLY_PATCH, field_manager="mine")
    assert e.value.status == {
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": 'Apply failed with 1 conflict: conflict with "kubectl-create" using apps/v1: .spec.replicas',
        "reason": "Conflict", "code": 409,
        "details": {"causes": [{"reason": "FieldManagerConflict",
                                "message": 'conflict with "kubectl-create" using apps/v1',
                                "field": ".spec.replicas"}]}}
    same = json.dumps({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "nginx"},
                       "spec": {"replicas": 2}})
    c.api.patch("deployments", "nginx", same, APPLY_PATCH, field_manager="mine")  # the same value: co-owned
    owned = entries(c)
    assert owned[("mine", "Apply", "")]["fieldsV1"] == {"f:spec": {"f:replicas": {}}}
    assert "f:replicas" in owned[("kubectl-create", "Update", "")]["fieldsV1"]["f:spec"]


def test_fields_the_applier_stops_applying_are_removed_and_dry_run_changes_nothing():
    c = Cluster(workers=1)
    labelled = DEPLOYMENT.replace("  name: nginx\n", "  name: nginx\n  labels:\n    tier: web\n", 1)
    c.kubectl("apply --server-side -f -", stdin=labelled)
    assert c.api.get("deployments", "nginx")["metadata"]["labels"] == {"tier": "web"}
    dry = c.kubectl("apply --server-side --dry-run=server -f -", stdin=DEPLOYMENT)
    assert dry.stdout == "deployment.apps/nginx serverside-applied (server dry run)\n"
    assert c.api.get("deployments", "nginx")["metadata"]["labels"] == {"tier": "web"}
    c.kubectl("apply --server-side -f -", stdin=DEPLOYMENT)
    assert "labels" not in c.api.get("deployments", "nginx")["metadata"]


def test_a_list_item_merges_by_its_key_and_others_keep_their_items():
    c = Cluster(workers=1)
    c.kubectl("apply --server-side -f -", stdin=DEPLOYMENT)
    sidecar = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "nginx"},
               "spec": {"template": {"spec": {"containers": [{"name": "log", "image": "busybox"}]}}}}
    c.api.patch("deployments", "nginx", json.dumps(sidecar), APPLY_PATCH, field_manager="sidecar-injector")
    names = [x["name"] for x in c.api.get("deployments", "nginx")["spec"]["template"]["spec"]["containers"]]
    assert names == ["nginx", "log"]
    c.kubectl("apply --server-side -f -", stdin=DEPLOYMENT.replace("nginx:1.27", "nginx:1.28"))
    containers = c.api.get("deployments", "nginx")["spec"]["template"]["spec"]["containers"]
    assert [(x["name"], x["image"]) for x in containers] == [("nginx", "nginx:1.28"), ("log", "busybox")]


def test_apply_needs_a_field_manager_and_the_matching_kind():
    c = Cluster(workers=1)
    with pytest.raises(ApiError) as e:
        c.api.patch("configmaps", "x", '{"apiVersion":"v1","kind":"ConfigMap"}', APPLY_PATCH)
    assert e.value.status["message"] == ('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: '
                                         "is required for apply patch")
    with pytest.raises(ApiError) as e:
        c.api.patch("configmaps", "x", '{"apiVersion":"v1","kind":"Secret"}', APPLY_PATCH, field_manager="m")
    assert (e.value.code, e.value.status["message"]) == (400, "invalid object type: v1, Kind=Secret")


def test_diff_server_side_shows_the_dry_run_apply_and_its_conflicts():
    c = Cluster(workers=1)
    c.kubectl("apply --server-side -f -", stdin=DEPLOYMENT)
    newer = DEPLOYMENT.replace("nginx:1.27", "nginx:1.28")
    result = c.kubectl("diff --server-side -f -", stdin=newer)
    assert result.exit_code == 1
    changed = [line for line in result.stdout.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ["-  generation: 1", "+  generation: 2", "-      - image: nginx:1.27", "+      - image: nginx:1.28"]
    assert c.api.get("deployments", "nginx")["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.27"
    c.kubectl("scale deployment nginx --replicas=2")
    result = c.kubectl("diff --server-side -f -", stdin=newer)
    assert (result.stdout, result.stderr, result.exit_code) == (
        "", 'Error from server (Conflict): Apply failed with 1 conflict: conflict with "kubectl" with subresource '
            '"scale" using apps/v1: .spec.replicas\n', 2)


def test_a_client_side_applied_object_conflicts_for_another_manager_but_kubectl_takes_it_over():
    c = Cluster(workers=1)
    c.kubectl("apply -f -", stdin=DEPLOYMENT)
    five = DEPLOYMENT.replace("replicas: 3", "replicas: 5")
    other = c.kubectl("apply --server-side --field-manager=other -f -", stdin=five)
    assert other.stderr.splitlines()[0] == ('error: Apply failed with 1 conflict: conflict with '
                                            '"kubectl-client-side-apply" using apps/v1: .spec.replicas')
    # the value is still the one the last-applied annotation records: kubectl's first apply may take it
    assert c.kubectl("apply --server-side -f -", stdin=five).stdout == "deployment.apps/nginx serverside-applied\n"
    d = c.api.get("deployments", "nginx")
    assert d["spec"]["replicas"] == 5
    assert '"replicas":5' in d["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"]
    assert "f:replicas" not in entries(c)[("kubectl-client-side-apply", "Update", "")]["fieldsV1"]["f:spec"]


def test_over_http_the_field_manager_comes_from_the_query_or_the_user_agent():
    from engine.api.http import HttpApi
    from engine.node.runtime.network import HttpRequest
    c = Cluster(workers=1)
    http = HttpApi(c.api, None, None)
    body = json.dumps({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}, "data": {"a": "b"}})
    created = http.serve(HttpRequest("POST", "/api/v1/namespaces/default/configmaps",
                                     {"Content-Type": "application/json", "User-Agent": "curl/8.5.0"}, body=body))
    assert created.status == 201
    applied = http.serve(HttpRequest(
        "PATCH", "/api/v1/namespaces/default/configmaps/cm?fieldManager=team&force=true",
        {"Content-Type": "application/apply-patch+yaml"}, body=body.replace('"b"', '"c"')))
    assert applied.status == 200
    fields = c.api.get("configmaps", "cm")["metadata"]["managedFields"]
    assert [(e["manager"], e["operation"], e["fieldsV1"]) for e in fields] == [
        ("team", "Apply", {"f:data": {"f:a": {}}}), ("curl", "Update", {"f:data": {}})]


def test_status_in_an_applied_configuration_is_nobodys_on_the_main_resource():
    c = Cluster(workers=1)
    c.kubectl("apply --server-side -f -", stdin=DEPLOYMENT + "status:\n  replicas: 9\n")
    assert list(entries(c)[("kubectl", "Apply", "")]["fieldsV1"]) == ["f:spec"]
    assert c.api.get("deployments", "nginx").get("status", {}).get("replicas") != 9
