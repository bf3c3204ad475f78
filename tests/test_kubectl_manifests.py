"""Bad manifests get kubectl's messages (go-yaml wording and line numbers), never a traceback,
and a failed document never changes the store; huge and hostile input is bounded."""
import time

import pytest

from engine import Cluster
from engine.kubectl import manifests

CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n"
PARSE = "error: error parsing STDIN: error converting YAML to JSON: yaml: "
BAD = [
    (CM.format(name="x").replace("  name", "\tname"), PARSE + "line 4: found character that cannot start any token\n"),
    (CM.format(name="x") + "   labels: {}\n", PARSE + "line 5: mapping values are not allowed in this context\n"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n    name: x\n  labels: {}\n", PARSE + "line 4: did not find expected key\n"),
    (CM.format(name="x") + "- a\n", PARSE + "line 4: did not find expected key\n"),
    ("apiVersion: v1\nkind: ConfigMap\ndata: {a: b\nmetadata:\n  name: x\n", PARSE + "line 3: did not find expected ',' or '}'\n"),
    ("apiVersion: v1\nkind: ConfigMap\ndata:\n  a: \"b\nmetadata:\n  name: x\n", PARSE + "line 7: found unexpected end of stream\n"),
    ("a: *zz\n", PARSE + "unknown anchor 'zz' referenced\n"),
    ("apiVersion: v1\nmetadata:\n  name: x\n",
     'error: error validating "STDIN": error validating data: kind not set; if you choose to ignore these errors, '
     "turn validation off with --validate=false\n"),
    ("kind: ConfigMap\nmetadata:\n  name: x\n",
     'error: error validating "STDIN": error validating data: apiVersion not set; if you choose to ignore these '
     "errors, turn validation off with --validate=false\n"),
    ("- a\n- b\n", 'error: error validating "STDIN": error validating data: invalid object to validate; if you choose '
     "to ignore these errors, turn validation off with --validate=false\n"),
    ("--- x\n", "error: error parsing STDIN: invalid Yaml document separator: x\n"),
    ("---\n\n---\n# only a comment\n", "error: no objects passed to {verb}\n"),
    ("apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: job\n",
     'error: resource mapping not found for name: "job" namespace: "" from "STDIN": no matches for kind "CronJob" '
     'in version "batch/v1beta1"\nensure CRDs are installed first\n'),
    ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: two\n",
     'Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" cannot be handled as a '
     "Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32\n"),
]


@pytest.mark.parametrize("verb", ["create", "apply"])
@pytest.mark.parametrize("text,message", BAD)
def test_bad_input_message_and_store_unchanged(verb, text, message):
    c = Cluster()
    revision = c.store.revision
    r = c.kubectl(f"{verb} -f -", stdin=text)
    assert (r.stdout, r.stderr, r.exit_code) == ("", message.replace("{verb}", verb), 1)
    assert c.store.revision == revision


def test_list_where_a_map_belongs():
    c = Cluster()
    revision = c.store.revision
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata: [a]\n"
    r = c.kubectl("create -f -", stdin=text)
    assert r.stderr == ('Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot '
                        "be handled as a ConfigMap: json: cannot unmarshal array into Go struct field "
                        "ConfigMap.metadata of type v1.ObjectMeta\n")
    r = c.kubectl("apply -f -", stdin=text)
    assert r.stderr == ('error: error when retrieving current configuration of:\nResource: "/v1, Resource=configmaps", '
                        'GroupVersionKind: "/v1, Kind=ConfigMap"\nName: "", Namespace: "default"\n'
                        'from server for: "STDIN": resource name may not be empty\n')
    assert c.store.revision == revision


def test_parse_error_in_second_document_counts_lines_from_the_document():
    c = Cluster()
    text = CM.format(name="a") + "---\n" + CM.format(name="b") + "  x: y: z\n"
    r = c.kubectl("apply -f -", stdin=text)
    assert r.stdout == "configmap/a created\n"
    assert r.stderr == PARSE + "line 5: mapping values are not allowed in this context\n"
    assert c.kubectl("get cm b").exit_code == 1


def test_documents_after_a_parse_error_are_not_read():
    c = Cluster()
    text = "a: b: c\n---\n" + CM.format(name="later")
    revision = c.store.revision
    r = c.kubectl("create -f -", stdin=text)
    assert r.stderr == PARSE + "line 1: mapping values are not allowed in this context\n"
    assert c.store.revision == revision


def test_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, n in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{n}: &{n} [" + ",".join(["*" + prev] * 9) + "]")
    text = CM.format(name="x") + "data:\n" + "".join("  " + line + "\n" for line in lines)
    c = Cluster()
    revision = c.store.revision
    start = time.perf_counter()
    r = c.kubectl("create -f -", stdin=text)
    assert time.perf_counter() - start < 2
    assert r.stderr == PARSE + "document contains excessive aliasing\n"
    assert c.store.revision == revision


def test_small_aliases_are_expanded():
    c = Cluster()
    text = ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: &l {app: web}\n"
            "  annotations: *l\n")
    assert c.kubectl("create -f -", stdin=text).stdout == "configmap/x created\n"
    assert c.api.get("configmaps", "x")["metadata"]["annotations"] == {"app": "web"}


def test_fifty_megabyte_document_is_bounded():
    text = CM.format(name="big") + "data:\n" + "".join(f"  k{i}: {'v' * 1000}\n" for i in range(50000))
    c = Cluster()
    revision = c.store.revision
    start = time.perf_counter()
    r = c.kubectl("create -f -", stdin=text)
    assert time.perf_counter() - start < 5
    assert r.stderr == ('Error from server (RequestEntityTooLarge): error when creating "STDIN": '
                        "Request entity too large: limit is 3145728\n")
    assert c.store.revision == revision


def test_go_yaml_v2_scalars():
    value = manifests.parse_yaml("a: 2024-01-01\nb: 0755\nc: 1e3\nd: y\ne: 'yes'\nf: 1:20\ng: 0x1F\nh: 1.0\n")
    assert value == {"a": "2024-01-01", "b": 493, "c": 1000, "d": True, "e": "yes", "f": "1:20", "g": 31, "h": 1}


def test_non_string_keys_become_strings():
    assert manifests.parse_yaml("1: a\ntrue: b\nnull: c\n") == {"1": "a", "true": "b", "null": "c"}


def test_json_manifests():
    c = Cluster()
    text = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}\n{"apiVersion": "v1", ' \
           '"kind": "ConfigMap", "metadata": {"name": "b"}}'
    assert c.kubectl("create -f -", stdin=text).stdout == "configmap/a created\nconfigmap/b created\n"
    r = c.kubectl("create -f -", stdin='{"kind": "ConfigMap",')
    assert r.stderr == "error: error parsing STDIN: unexpected EOF\n"


def test_validate_false_skips_client_checks():
    c = Cluster()
    r = c.kubectl("create -f - --validate=false", stdin="apiVersion: v1\nmetadata:\n  name: x\n")
    assert r.stderr == ("error: unable to decode \"STDIN\": Object 'Kind' is missing in "
                        "'{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}'\n")


def test_go_yaml_accepts_an_escaped_single_quote_in_double_quotes():
    """go-yaml v2 reads "x\\'y" as x'y (libyaml refuses it); checked with the real kubectl reading a
    kubeconfig whose current-context is "x\\'y\\tz"."""
    c = Cluster(workers=1)
    r = c.kubectl("apply -f -", stdin='apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q\ndata:\n  a: "x\\\'y\\tz"\n')
    assert (r.stdout, r.exit_code) == ("configmap/q created\n", 0)
    assert c.api.get("configmaps", "q")["data"] == {"a": "x'y\tz"}


def test_go_yaml_refuses_a_mapping_as_a_key_with_its_go_value():
    """The real kubectl says exactly this for a kubeconfig with `extension: {{a}}`."""
    c = Cluster(workers=1)
    r = c.kubectl("apply -f -", stdin="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{a}}\n")
    assert r.exit_code == 1
    assert r.stderr == ('error: error parsing STDIN: error converting YAML to JSON: yaml: invalid map key: '
                        'map[interface {}]interface {}{"a":interface {}(nil)}\n')
