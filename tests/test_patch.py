"""Patches as kube-apiserver v1.32 applies them and kubectl v1.32 creates them: strategic merge
patch directives and list strategies on real object shapes, JSON (merge) patches, and apply's
three-way patch, unit-tested and end to end through Cluster().api.patch."""
import json
import time

import pytest

from engine import Cluster
from engine.api import ApiError
from engine.api.patch import (apply_json_patch, apply_patch, create_merge_patch, create_three_way_merge_patch,
                              create_two_way_merge_patch, JsonPatchError)

SMP = "application/strategic-merge-patch+json"
MERGE = "application/merge-patch+json"
JSON_PATCH = "application/json-patch+json"


@pytest.fixture(scope="module")
def cluster():
    return Cluster(workers=1, seed=0)


@pytest.fixture(scope="module")
def deployments(cluster):
    return cluster.api.resource("deployments")


@pytest.fixture(scope="module")
def pods(cluster):
    return cluster.api.resource("pods")


def container(name, image="nginx:1.25", **extra):
    return {"name": name, "image": image, **extra}


def deployment(*containers, **spec):
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
            "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                     "template": {"metadata": {"labels": {"app": "web"}},
                                  "spec": {"containers": list(containers or [container("nginx")])}},
                     **spec}}


def pod_spec(obj):
    return obj["spec"]["template"]["spec"]


def template_patch(**spec):
    return {"spec": {"template": {"spec": spec}}}


def smp(obj, patch, resource):
    return apply_patch(obj, patch, SMP, resource)


def error(call, *args):
    with pytest.raises(ApiError) as info:
        call(*args)
    return info.value


# --- strategic merge patch: list strategies -------------------------------------------------

def test_containers_merge_by_name_and_keep_other_fields(deployments):
    obj = deployment(container("nginx", ports=[{"containerPort": 80}]), container("sidecar", "busybox"))
    out = smp(obj, template_patch(containers=[{"name": "nginx", "image": "nginx:1.26"}]), deployments)
    assert pod_spec(out)["containers"] == [container("nginx", "nginx:1.26", ports=[{"containerPort": 80}]),
                                           container("sidecar", "busybox")]
    assert pod_spec(obj)["containers"][0]["image"] == "nginx:1.25"  # the input is not modified


def test_new_list_item_without_order_directive_goes_first(deployments):
    # mergeSortedSlice puts patch items not found in the live list before the live items
    out = smp(deployment(), template_patch(containers=[container("log", "busybox")]), deployments)
    assert [c["name"] for c in pod_spec(out)["containers"]] == ["log", "nginx"]


def test_patch_order_is_kept_among_live_items(pods):
    live = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
            "spec": {"containers": [container("a"), container("b", "x"), container("c")]}}
    out = smp(live, {"spec": {"containers": [{"name": "c", "image": "c2"}, {"name": "a", "image": "a2"}]}}, pods)
    assert [(c["name"], c["image"]) for c in out["spec"]["containers"]] == [("b", "x"), ("c", "c2"), ("a", "a2")]


def test_env_ports_volume_mounts_and_volumes_merge_by_their_keys(deployments):
    obj = deployment(container("app", env=[{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                               ports=[{"containerPort": 80, "name": "http"}],
                               volumeMounts=[{"name": "data", "mountPath": "/data"}]),
                     volumes=None)
    pod_spec(obj)["volumes"] = [{"name": "data", "emptyDir": {}}]
    patch = template_patch(
        containers=[{"name": "app", "env": [{"name": "B", "value": "3"}],
                     "ports": [{"containerPort": 80, "protocol": "TCP"}],
                     "volumeMounts": [{"name": "data", "mountPath": "/data", "readOnly": True}]}],
        volumes=[{"name": "cache", "emptyDir": {"medium": "Memory"}}])
    obj["spec"].pop("volumes")
    app = pod_spec(smp(obj, patch, deployments))["containers"][0]
    assert app["env"] == [{"name": "A", "value": "1"}, {"name": "B", "value": "3"}]
    assert app["ports"] == [{"containerPort": 80, "name": "http", "protocol": "TCP"}]
    assert app["volumeMounts"] == [{"name": "data", "mountPath": "/data", "readOnly": True}]
    out = smp(obj, patch, deployments)
    assert [v["name"] for v in pod_spec(out)["volumes"]] == ["cache", "data"]


def test_tolerations_have_no_merge_key_so_they_are_replaced(deployments):
    obj = deployment()
    pod_spec(obj)["tolerations"] = [{"key": "a", "operator": "Exists"}]
    out = smp(obj, template_patch(tolerations=[{"key": "b", "operator": "Exists", "effect": "NoSchedule"}]), deployments)
    assert pod_spec(out)["tolerations"] == [{"key": "b", "operator": "Exists", "effect": "NoSchedule"}]


def test_finalizers_are_a_merging_primitive_list(deployments):
    obj = deployment()
    obj["metadata"]["finalizers"] = ["a.example.com/x", "b.example.com/y"]
    out = smp(obj, {"metadata": {"finalizers": ["c.example.com/z", "a.example.com/x"]}}, deployments)
    # the patch's order wins; b (live only) stays after a, its live predecessor; c is new so it leads
    assert out["metadata"]["finalizers"] == ["c.example.com/z", "a.example.com/x", "b.example.com/y"]
    out = smp(obj, {"metadata": {"$deleteFromPrimitiveList/finalizers": ["a.example.com/x"]}}, deployments)
    assert out["metadata"]["finalizers"] == ["b.example.com/y"]


def test_set_element_order_of_a_primitive_list(deployments):
    obj = deployment()
    obj["metadata"]["finalizers"] = ["x/a", "x/b", "x/c"]
    patch = {"metadata": {"$setElementOrder/finalizers": ["x/c", "x/a"], "finalizers": ["x/c"],
                          "$deleteFromPrimitiveList/finalizers": ["x/b"]}}
    assert smp(obj, patch, deployments)["metadata"]["finalizers"] == ["x/c", "x/a"]


def test_labels_merge_as_a_map_and_null_deletes(deployments):
    obj = deployment()
    obj["metadata"]["labels"] = {"app": "web", "tier": "front"}
    out = smp(obj, {"metadata": {"labels": {"tier": None, "env": "prod"}}}, deployments)
    assert out["metadata"]["labels"] == {"app": "web", "env": "prod"}


# --- strategic merge patch: directives ---------------------------------------------------------

def test_patch_replace_in_a_list_replaces_the_whole_list(deployments):
    obj = deployment(container("a", env=[{"name": "X", "value": "1"}]), container("b"))
    out = smp(obj, template_patch(containers=[{"$patch": "replace"}, container("c", "redis")]), deployments)
    assert pod_spec(out)["containers"] == [container("c", "redis")]


def test_patch_delete_removes_a_list_item_by_merge_key(deployments):
    obj = deployment(container("a"), container("b"))
    out = smp(obj, template_patch(containers=[{"name": "a", "$patch": "delete"}]), deployments)
    assert [c["name"] for c in pod_spec(out)["containers"]] == ["b"]


def test_patch_replace_and_delete_on_a_map(deployments):
    obj = deployment()
    obj["metadata"]["annotations"] = {"a": "1", "b": "2"}
    out = smp(obj, {"metadata": {"annotations": {"$patch": "replace", "c": "3"}}}, deployments)
    assert out["metadata"]["annotations"] == {"c": "3"}
    obj["spec"]["strategy"] = {"type": "Recreate"}
    assert smp(obj, {"spec": {"strategy": {"$patch": "delete"}}}, deployments)["spec"]["strategy"] == {}
    # a directive map for a field the live object lacks is dropped, not stored
    out = smp(obj, template_patch(securityContext={"$patch": "delete"}), deployments)
    assert "securityContext" not in pod_spec(out)


def test_patch_merge_directive_is_rejected_as_the_apiserver_does(deployments):
    err = error(smp, deployment(), template_patch(containers=[{"name": "nginx", "$patch": "merge"}]), deployments)
    assert (err.code, err.reason, err.message) == (500, "", "merging lists cannot yet be specified in the patch")
    err = error(smp, deployment(), {"metadata": {"labels": {"$patch": "merge"}}}, deployments)
    assert err.message == "unknown patch type: merge in map: map[$patch:merge]"


def test_set_element_order_puts_the_list_in_the_given_order(deployments):
    obj = deployment(container("a"), container("b"), container("c"))
    patch = template_patch(**{"$setElementOrder/containers": [{"name": "c"}, {"name": "a"}, {"name": "b"}],
                              "containers": [{"name": "a", "image": "a:2"}]})
    out = smp(obj, patch, deployments)
    assert [(c["name"], c["image"]) for c in pod_spec(out)["containers"]] == [
        ("c", "nginx:1.25"), ("a", "a:2"), ("b", "nginx:1.25")]


def test_set_element_order_that_contradicts_the_patch_is_an_error(deployments):
    obj = deployment(container("a"), container("b"))
    patch = template_patch(**{"$setElementOrder/containers": [{"name": "a"}],
                              "containers": [{"name": "b", "image": "b:2"}]})
    err = error(smp, obj, patch, deployments)
    assert err.code == 500
    assert err.message == ("The order in patch list:\n[map[image:b:2 name:b]]\n doesn't match $setElementOrder list:\n"
                           "[map[name:a]]\n")


def test_retain_keys_clears_fields_missing_from_the_list(deployments):
    obj = deployment(strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}})
    out = smp(obj, {"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate"}}}, deployments)
    assert out["spec"]["strategy"] == {"type": "Recreate"}
    err = error(smp, obj, {"spec": {"strategy": {"$retainKeys": ["rollingUpdate"], "type": "Recreate"}}}, deployments)
    assert (err.code, err.reason, err.message) == (400, "BadRequest", "invalid patch format of retainKeys")


def test_malformed_directives_are_bad_requests(deployments):
    err = error(smp, deployment(), {"metadata": {"$deleteFromPrimitiveList": ["x"]}}, deployments)
    assert (err.code, err.message) == (400, "invalid patch format of primitive list")
    err = error(smp, deployment(), template_patch(containers=[{"image": "redis"}]), deployments)
    assert (err.code, err.message) == (500, "map: map[image:redis] does not contain declared merge key: name")


def test_new_fields_drop_nulls_and_directives(deployments):
    obj = deployment()
    out = smp(obj, {"metadata": {"annotations": {"a": "1", "b": None}}}, deployments)
    assert out["metadata"]["annotations"] == {"a": "1"}


def test_result_is_what_the_typed_object_serializes(deployments):
    # emptied optional maps vanish (omitempty), empty structs stay, integral floats become ints
    out = apply_patch(deployment(), {"metadata": {"labels": {"app": None}}}, MERGE, deployments)
    assert "labels" not in out["metadata"]
    out = smp(deployment(), {"metadata": {"labels": {"$patch": "delete"}}, "spec": {"replicas": 3.0}}, deployments)
    assert "labels" not in out["metadata"] and out["spec"]["replicas"] == 3 and type(out["spec"]["replicas"]) is int
    out = smp(deployment(), template_patch(securityContext={}), deployments)
    assert pod_spec(out)["securityContext"] == {}


def test_unknown_fields_and_wrong_types_are_invalid_patches(deployments):
    err = error(smp, deployment(), {"spec": {"replicass": 3}}, deployments)
    assert err.code == 422 and err.reason == "Invalid"
    assert err.message == (' "" is invalid: patch: Invalid value: "map[spec:map[replicass:3]]": '
                           'strict decoding error: unknown field "spec.replicass"')
    assert err.details == {"causes": [{"reason": "FieldValueInvalid", "field": "patch", "message":
                           'Invalid value: "map[spec:map[replicass:3]]": strict decoding error: unknown field "spec.replicass"'}]}
    err = error(smp, deployment(), {"metadata": {"annotations": {}, "bogus": 1, "labels": {"$patch": "replace"}}},
                deployments)  # the patch is quoted as the merge left it
    assert err.message == (' "" is invalid: patch: Invalid value: "map[metadata:map[annotations:map[] bogus:1 labels:map[]]]": '
                           'strict decoding error: unknown field "metadata.bogus"')
    err = error(smp, deployment(), {"spec": {"replicas": "3"}}, deployments)
    assert err.message == ' "" is invalid: patch: Invalid value: "map[spec:map[replicas:3]]": unrecognized type: int32'


def test_malformed_patch_json(deployments):
    err = error(apply_patch, deployment(), '{"spec": ', SMP, deployments)
    assert (err.code, err.message) == (400, "unexpected end of JSON input")
    err = error(apply_patch, deployment(), '{"spec": {"replicas": 1 "x": 2}}', SMP, deployments)
    assert err.message == "invalid character '\"' after object key:value pair"
    err = error(apply_patch, deployment(), "nope", MERGE, deployments)
    assert err.message == "error decoding patch: invalid character 'o' in literal null (expecting 'u')"
    err = error(apply_patch, deployment(), "[1]", SMP, deployments)
    assert err.message == "json: cannot unmarshal array into Go value of type map[string]interface {}"
    err = error(apply_patch, deployment(), "[1]", MERGE, deployments)
    assert err.message == "error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}"
    err = error(apply_patch, deployment(), "{}", JSON_PATCH, deployments)
    assert err.message == "error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp"


def test_unknown_patch_type_is_unsupported_media_type(deployments):
    err = error(apply_patch, deployment(), {}, "application/json", deployments)
    assert (err.code, err.reason) == (415, "UnsupportedMediaType")
    assert err.message == ("the body of the request was in an unknown format - accepted media types include: "
                           "application/json-patch+json, application/merge-patch+json, "
                           "application/strategic-merge-patch+json, application/apply-patch+yaml")


def test_strategic_patch_of_a_deployment_is_fast(deployments):
    obj = deployment(container("a", env=[{"name": f"E{i}", "value": str(i)} for i in range(10)]), container("b"))
    patch = template_patch(containers=[{"name": "a", "image": "a:2", "env": [{"name": "E3", "value": "x"}]}])
    start = time.perf_counter()
    for _ in range(200):
        smp(obj, patch, deployments)
    assert (time.perf_counter() - start) / 200 < 0.001


# --- JSON patch and JSON merge patch --------------------------------------------------------------

def test_json_patch_failures_are_a_generic_invalid_on_the_server(deployments):
    for op in ({"op": "test", "path": "/spec/replicas", "value": 5}, {"op": "remove", "path": "/spec/foo"}):
        err = error(apply_patch, deployment(), [op], JSON_PATCH, deployments)
        assert err.status == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                              "message": "the server rejected our request due to an error in our request",
                              "reason": "Invalid", "details": {}, "code": 422}


def test_json_patch_messages_are_evanphx_v4s():
    doc = {"spec": {"replicas": 2, "list": [1, 2]}}
    cases = [({"op": "remove", "path": "/spec/foo"},
              "error in remove for path: '/spec/foo': Unable to remove nonexistent key: foo: missing value"),
             ({"op": "add", "path": "/spec/x/y", "value": 1},
              'add operation does not apply: doc is missing path: "/spec/x/y": missing value'),
             ({"op": "test", "path": "/spec/replicas", "value": 3}, "testing value /spec/replicas failed: test failed"),
             ({"op": "replace", "path": "/spec/list/5", "value": 3},
              "replace operation does not apply: doc is missing key: /spec/list/5: missing value"),
             ({"op": "frob", "path": "/spec"}, "Unexpected kind: frob")]
    for op, message in cases:
        with pytest.raises(JsonPatchError) as info:
            apply_json_patch(json.loads(json.dumps(doc)), [op])
        assert str(info.value) == message


def test_json_patch_operations():
    doc = {"spec": {"replicas": 2, "list": [1, 2]}}
    out = apply_json_patch(doc, [{"op": "replace", "path": "/spec/missing", "value": 1},  # v4 adds it
                                 {"op": "add", "path": "/spec/list/-", "value": 3},
                                 {"op": "add", "path": "/spec/list/0", "value": 0},
                                 {"op": "remove", "path": "/spec/list/-1"},
                                 {"op": "copy", "from": "/spec/replicas", "path": "/spec/copy"},
                                 {"op": "move", "from": "/spec/copy", "path": "/moved"},
                                 {"op": "test", "path": "/spec/absent", "value": None}])
    assert out == {"spec": {"replicas": 2, "list": [0, 1, 2], "missing": 1}, "moved": 2}


def test_merge_patch_deletes_with_null_and_replaces_lists(deployments):
    obj = deployment(container("a"), container("b"))
    out = apply_patch(obj, {"metadata": {"labels": {"app": None, "x": "y"}},
                            "spec": {"template": {"spec": {"containers": [container("c", "redis")]}}}}, MERGE, deployments)
    assert out["metadata"]["labels"] == {"x": "y"}
    assert pod_spec(out)["containers"] == [container("c", "redis")]


def test_create_merge_patch():
    original = {"a": 1, "b": {"c": 2, "d": [1]}, "e": "x"}
    modified = {"a": 1, "b": {"c": 3, "d": [1]}, "f": [2]}
    assert create_merge_patch(original, modified) == {"b": {"c": 3}, "e": None, "f": [2]}


# --- creating strategic merge patches (kubectl edit, apply) --------------------------------------

def test_two_way_patch_of_an_image_change(deployments):
    original = deployment(container("nginx"), container("log", "busybox"))
    modified = deployment(container("nginx", "nginx:1.26"), container("log", "busybox"))
    patch = create_two_way_merge_patch(original, modified, deployments)
    assert patch == {"spec": {"template": {"spec": {
        "$setElementOrder/containers": [{"name": "nginx"}, {"name": "log"}],
        "containers": [{"image": "nginx:1.26", "name": "nginx"}]}}}}
    assert json.dumps(patch) == ('{"spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "nginx"}, '
                                 '{"name": "log"}], "containers": [{"image": "nginx:1.26", "name": "nginx"}]}}}}')
    assert smp(original, patch, deployments) == modified


def test_two_way_patch_deletes_list_items_and_primitive_values(deployments):
    original = deployment(container("a"), container("b"))
    original["metadata"]["finalizers"] = ["x/a", "x/b"]
    modified = deployment(container("b"))
    modified["metadata"]["finalizers"] = ["x/b"]
    patch = create_two_way_merge_patch(original, modified, deployments)
    assert patch == {"metadata": {"$deleteFromPrimitiveList/finalizers": ["x/a"], "$setElementOrder/finalizers": ["x/b"]},
                     "spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "b"}],
                                                    "containers": [{"$patch": "delete", "name": "a"}]}}}}
    assert smp(original, patch, deployments) == modified


def test_two_way_patch_builds_retain_keys_for_the_deployment_strategy(deployments):
    original = deployment(strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}})
    modified = deployment(strategy={"type": "Recreate"})
    patch = create_two_way_merge_patch(original, modified, deployments)
    assert patch == {"spec": {"strategy": {"$retainKeys": ["type"], "rollingUpdate": None, "type": "Recreate"}}}
    assert smp(original, patch, deployments)["spec"]["strategy"] == {"type": "Recreate"}


def live_after(applied, deployments, **changes):
    """The live object: what was applied plus server defaults and other actors' changes."""
    live = json.loads(json.dumps(applied))
    live["metadata"].update(uid="u-1", resourceVersion="7")
    live["spec"].update(changes)
    pod_spec(live)["containers"][0]["imagePullPolicy"] = "IfNotPresent"
    live["status"] = {"replicas": live["spec"]["replicas"]}
    return live


def test_three_way_removes_a_field_dropped_from_the_manifest(deployments):
    last = deployment(minReadySeconds=5)
    last["metadata"]["labels"]["tier"] = "front"
    live = live_after(last, deployments)
    manifest = deployment()
    patch = create_three_way_merge_patch(last, manifest, live, deployments)
    assert patch == {"metadata": {"labels": {"tier": None}}, "spec": {"minReadySeconds": None}}
    out = smp(live, patch, deployments)
    assert "minReadySeconds" not in out["spec"] and out["metadata"]["labels"] == {"app": "web"}


def test_three_way_keeps_what_another_actor_set(deployments):
    last = deployment()
    del last["spec"]["replicas"]
    live = live_after(last, deployments, replicas=5)  # kubectl scale
    manifest = deployment(container("nginx", "nginx:1.26"))
    del manifest["spec"]["replicas"]
    patch = create_three_way_merge_patch(last, manifest, live, deployments)
    assert patch == {"spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "nginx"}],
                                                    "containers": [{"image": "nginx:1.26", "name": "nginx"}]}}}}
    out = smp(live, patch, deployments)
    assert out["spec"]["replicas"] == 5
    assert pod_spec(out)["containers"][0] == {"name": "nginx", "image": "nginx:1.26", "imagePullPolicy": "IfNotPresent"}


def test_three_way_adds_a_second_container_in_manifest_order(deployments):
    last = deployment()
    live = live_after(last, deployments)
    manifest = deployment(container("nginx"), container("log", "busybox"))
    patch = create_three_way_merge_patch(last, manifest, live, deployments)
    assert patch == {"spec": {"template": {"spec": {
        "$setElementOrder/containers": [{"name": "nginx"}, {"name": "log"}],
        "containers": [{"image": "busybox", "name": "log"}]}}}}
    out = smp(live, patch, deployments)
    assert [c["name"] for c in pod_spec(out)["containers"]] == ["nginx", "log"]


def test_three_way_removes_a_container_dropped_from_the_manifest(deployments):
    last = deployment(container("nginx"), container("log", "busybox"))
    live = live_after(last, deployments)
    manifest = deployment()
    patch = create_three_way_merge_patch(last, manifest, live, deployments)
    assert patch == {"spec": {"template": {"spec": {"$setElementOrder/containers": [{"name": "nginx"}],
                                                    "containers": [{"$patch": "delete", "name": "log"}]}}}}
    assert [c["name"] for c in pod_spec(smp(live, patch, deployments))["containers"]] == ["nginx"]


def test_three_way_replacing_a_middle_container_keeps_manifest_order(deployments):
    last = deployment(container("a"), container("b"), container("c"))
    live = live_after(last, deployments)
    manifest = deployment(container("a"), container("x", "redis"), container("c"))
    patch = create_three_way_merge_patch(last, manifest, live, deployments)
    assert patch == {"spec": {"template": {"spec": {
        "$setElementOrder/containers": [{"name": "a"}, {"name": "x"}, {"name": "c"}],
        "containers": [{"image": "redis", "name": "x"}, {"$patch": "delete", "name": "b"}]}}}}
    assert [c["name"] for c in pod_spec(smp(live, patch, deployments))["containers"]] == ["a", "x", "c"]


def test_three_way_keeps_a_container_another_actor_added_in_place(deployments):
    last = deployment(container("a"), container("b"))
    live = live_after(last, deployments)
    pod_spec(live)["containers"].append(container("sidecar", "envoy"))  # injected by someone else
    manifest = deployment(container("b"), container("x", "redis"))
    patch = create_three_way_merge_patch(last, manifest, live, deployments)
    assert patch == {"spec": {"template": {"spec": {
        "$setElementOrder/containers": [{"name": "b"}, {"name": "x"}],
        "containers": [{"image": "redis", "name": "x"}, {"$patch": "delete", "name": "a"}]}}}}
    # Go merges in the live list's array, so the sidecar keeps its place before the new container
    assert [c["name"] for c in pod_spec(smp(live, patch, deployments))["containers"]] == ["b", "sidecar", "x"]


def test_three_way_volume_source_change_uses_retain_keys(deployments):
    last = deployment()
    pod_spec(last)["volumes"] = [{"name": "data", "emptyDir": {}}]
    live = live_after(last, deployments)
    manifest = deployment()
    pod_spec(manifest)["volumes"] = [{"name": "data", "configMap": {"name": "cfg"}}]
    patch = create_three_way_merge_patch(last, manifest, live, deployments)
    assert patch == {"spec": {"template": {"spec": {
        "$setElementOrder/volumes": [{"name": "data"}],
        "volumes": [{"$retainKeys": ["configMap", "name"], "configMap": {"name": "cfg"}, "emptyDir": None,
                     "name": "data"}]}}}}
    assert pod_spec(smp(live, patch, deployments))["volumes"] == [{"name": "data", "configMap": {"name": "cfg"}}]


def test_three_way_without_schema_is_a_json_merge_patch():
    last = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}, "spec": {"a": 1, "b": [1]}}
    live = json.loads(json.dumps(last))
    live["spec"]["c"] = "by-controller"
    manifest = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}, "spec": {"b": [2], "d": {}}}
    patch = create_three_way_merge_patch(last, manifest, live, None)
    assert patch == {"spec": {"a": None, "b": [2], "d": {}}}


def test_three_way_with_nothing_to_change_is_empty(deployments):
    last = deployment()
    assert create_three_way_merge_patch(last, deployment(), live_after(last, deployments), deployments) == {}


def test_three_way_conflict_without_overwrite(deployments):
    last = deployment()
    live = live_after(last, deployments, replicas=5)
    manifest = deployment(replicas=3)
    with pytest.raises(Exception) as info:
        create_three_way_merge_patch(last, manifest, live, deployments, overwrite=False)
    assert str(info.value).startswith("patch:\nspec:\n  replicas: 3\n\nconflicts with changes made from original to current:\n")


# --- end to end through the API server ----------------------------------------------------------

def test_strategic_patch_through_the_api():
    c = Cluster(workers=1, seed=0)
    c.api.create("deployments", deployment(container("nginx", env=[{"name": "A", "value": "1"}])))
    out = c.api.patch("deployments", "web", template_patch(
        containers=[{"name": "nginx", "image": "nginx:1.26", "env": [{"name": "B", "value": "2"}]}]), SMP)
    nginx = pod_spec(out)["containers"][0]
    assert nginx["image"] == "nginx:1.26"
    assert nginx["env"] == [{"name": "B", "value": "2"}, {"name": "A", "value": "1"}]
    assert out["metadata"]["generation"] == 2
    out = c.api.patch("deployments", "web", '{"metadata":{"labels":{"team":"a"}}}', SMP)
    assert out["metadata"]["labels"] == {"app": "web", "team": "a"}
    err = error(c.api.patch, "deployments", "web", {"spec": {"replicass": 3}}, SMP)
    assert err.code == 422 and 'unknown field "spec.replicass"' in err.message
    scale = c.api.patch("deployments", "web", {"spec": {"replicas": 6}}, SMP, subresource="scale")
    assert scale["kind"] == "Scale" and scale["spec"] == {"replicas": 6}
    assert c.api.get("deployments", "web")["spec"]["replicas"] == 6
    err = error(c.api.patch, "deployments", "web", {"spec": {"replicas": "6"}}, SMP, None, "scale")
    assert err.message == ' "" is invalid: patch: Invalid value: "map[spec:map[replicas:6]]": unrecognized type: int32'
    err = error(c.api.patch, "deployments", "nope", {"spec": {"replicas": 3}}, SMP)
    assert err.code == 404 and err.message == 'deployments.apps "nope" not found'


def test_apply_flow_through_the_api():
    c = Cluster(workers=1, seed=0)
    deployments = c.api.resource("deployments")
    first = deployment(container("nginx"))
    c.api.create("deployments", first)
    c.api.patch("deployments", "web", {"spec": {"replicas": 4}}, MERGE)  # someone scales it
    live = c.api.get("deployments", "web")
    manifest = deployment(container("nginx", "nginx:1.26"), container("log", "busybox"))
    del manifest["spec"]["replicas"]
    last = json.loads(json.dumps(first))
    del last["spec"]["replicas"]
    patch = create_three_way_merge_patch(last, manifest, live, deployments)
    out = c.api.patch("deployments", "web", patch, SMP)
    assert out["spec"]["replicas"] == 4
    assert [(x["name"], x["image"]) for x in pod_spec(out)["containers"]] == [("nginx", "nginx:1.26"), ("log", "busybox")]
