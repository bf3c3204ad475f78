"""`kubectl kustomize` and `-k`: the hash kustomize computes, errors naming absolute paths (the golden
cases in tests/golden/kustomize-*.json cover whole builds against the real kubectl v1.32), and -k on apply,
create, delete, diff and replace."""
import pytest

from engine import Cluster
from engine.kubectl.kustomize import build
from engine.kubectl.kustomize.generators import hash_suffix

KLOG = 'E0101 00:00:27.000000       1 run.go:72] "command failed" err="{}"\n'
SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n"


@pytest.fixture(scope="module")
def c():
    return Cluster(workers=1)


def write(root, files):
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return root


def test_hash_suffixes_match_kustomize():
    # recorded from kubectl v1.32 (kustomize v5.5.0): the encoding's name is always "" (a quirk of the
    # `metadata/name` lookup), so the suffix depends on the data (and a Secret's type) only
    cm = {"kind": "ConfigMap", "metadata": {"name": "cfg"}, "data": {"A": "1", "B": "two"}}
    assert hash_suffix(cm) == "6b56fdfggc"
    assert hash_suffix(dict(cm, metadata={"name": "other"})) == "6b56fdfggc"
    secret = {"kind": "Secret", "type": "Opaque", "metadata": {"name": "s"}, "data": {"password": "c2VjcmV0"}}
    assert hash_suffix(secret) == "m4d885dchh"


def test_a_build_renames_references_to_generated_objects(tmp_path):
    write(tmp_path, {
        "kustomization.yaml": "namePrefix: p-\nresources:\n- pod.yaml\nconfigMapGenerator:\n- name: cfg\n"
                              "  literals:\n  - A=1\n  - B=two\n",
        "pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: c\n"
                    "    image: busybox\n    envFrom:\n    - configMapRef:\n        name: cfg\n"
                    "    - configMapRef:\n        name: unrelated\n"})
    objects, warnings = build(str(tmp_path))
    assert [o["metadata"]["name"] for o in objects] == ["p-cfg-6b56fdfggc", "p-x"]
    env = objects[1]["spec"]["containers"][0]["envFrom"]
    assert env == [{"configMapRef": {"name": "p-cfg-6b56fdfggc"}}, {"configMapRef": {"name": "unrelated"}}]
    assert warnings == []


def test_errors_name_the_paths_as_kustomize_does(c, tmp_path):
    root = str(tmp_path)
    r = c.kubectl(["kustomize", root])
    assert (r.stdout, r.stderr, r.exit_code) == ("", KLOG.format(
        f"unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '{root}'"), 1)
    write(tmp_path, {"kustomization.yaml": "resources:\n- missing.yaml\n"})
    failure = f"evalsymlink failure on '{root}/missing.yaml' : lstat {root}/missing.yaml: no such file or directory"
    r = c.kubectl(["kustomize", root])
    assert r.stderr == KLOG.format(f"accumulating resources: accumulation err='accumulating resources from "
                                   f"'missing.yaml': {failure}': must build at directory: not a valid directory: "
                                   f"{failure}")
    write(tmp_path, {"kustomization.yaml": "resources:\n- sub\n", "sub/x.yaml": SERVICE})
    r = c.kubectl(["kustomize", root])
    assert r.stderr == KLOG.format(
        f"accumulating resources: accumulation err='accumulating resources from 'sub': '{root}/sub' must resolve "
        f"to a file': couldn't make target for path '{root}/sub': unable to find one of 'kustomization.yaml', "
        f"'kustomization.yml' or 'Kustomization' in directory '{root}/sub'")
    write(tmp_path, {"kustomization.yaml": "resources:\n- s.yaml\n- t.yaml\n", "s.yaml": SERVICE, "t.yaml": SERVICE})
    r = c.kubectl(["kustomize", root])
    assert r.stderr == KLOG.format(
        "accumulating resources: accumulation err='merging resources from 't.yaml': may not add resource with an "
        f"already registered id: Service.v1.[noGrp]/web.[noNs]': must build at directory: '{root}/t.yaml': "
        "file is not directory")


def test_the_output_is_a_yaml_stream_in_kustomizes_kind_order(c, tmp_path):
    write(tmp_path, {"kustomization.yaml": "resources:\n- all.yaml\n", "all.yaml": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec: {}\n---\n" + SERVICE +
        "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n---\napiVersion: v1\nkind: Pod\nmetadata:\n"
        "  name: p\n---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\n"
        "metadata:\n  name: v\n")})
    r = c.kubectl(["kustomize", str(tmp_path)])
    kinds = [line for line in r.stdout.splitlines() if line.startswith("kind: ")]
    assert kinds == ["kind: Namespace", "kind: Service", "kind: Deployment", "kind: Pod",
                     "kind: ValidatingWebhookConfiguration"]
    assert r.stdout.count("---\n") == 4 and r.exit_code == 0


def test_apply_k_creates_then_finds_nothing_to_change_and_delete_k_removes(c, tmp_path):
    write(tmp_path, {"kustomization.yaml": "namespace: default\nnamePrefix: k-\nresources:\n- svc.yaml\n"
                                           "configMapGenerator:\n- name: cfg\n  literals:\n  - A=1\n",
                     "svc.yaml": SERVICE})
    root = str(tmp_path)
    r = c.kubectl(["apply", "-k", root])
    assert (r.stdout, r.stderr, r.exit_code) == ("configmap/k-cfg-89g4tffbfk created\nservice/k-web created\n", "", 0)
    r = c.kubectl(["apply", "-k", root])
    assert r.stdout == "configmap/k-cfg-89g4tffbfk unchanged\nservice/k-web unchanged\n"
    r = c.kubectl(["create", "-k", root, "--dry-run=client", "-o", "name"])
    assert r.stdout == "configmap/k-cfg-89g4tffbfk\nservice/k-web\n"
    assert c.kubectl(["diff", "-k", root]).exit_code == 0
    r = c.kubectl(["get", "-k", root, "-o", "name"])
    assert (r.stdout, r.exit_code) == ("configmap/k-cfg-89g4tffbfk\nservice/k-web\n", 0)
    r = c.kubectl(["get", "-k", root])
    assert r.stdout.startswith("NAME                         DATA   AGE\nconfigmap/k-cfg-89g4tffbfk   1      0s\n\n"
                               "NAME            TYPE        CLUSTER-IP")
    shown = []
    r = c.kubectl(["edit", "-k", root], editor=lambda t: shown.append(t) or t)
    assert r.stderr == "Edit cancelled, no changes made.\n" and "- apiVersion: v1\n  data:\n    A: \"1\"\n" in shown[0]
    r = c.kubectl(["delete", "-k", root])
    assert r.stdout == 'configmap "k-cfg-89g4tffbfk" deleted\nservice "k-web" deleted\n'


def test_k_errors_are_kubectls(c, tmp_path):
    write(tmp_path, {"kustomization.yaml": "resourcez: []\n"})
    root = str(tmp_path)
    assert c.kubectl(["apply", "-k", root]).stderr == 'error: invalid Kustomization: json: unknown field "resourcez"\n'
    assert c.kubectl(["apply", "-k", root, "-f", "x.yaml"]).stderr == "error: only one of -f or -k can be specified\n"
    assert c.kubectl(["create", "-k", root, "-R"]).stderr == "error: the -k flag can't be used with -f or -R\n"
    assert c.kubectl("apply").stderr == "error: must specify one of -f and -k\n"


def test_files_outside_the_kustomization_are_refused_and_long_errors_use_klogs_block(c, tmp_path):
    write(tmp_path, {"s.yaml": SERVICE, "ov/kustomization.yaml": "resources:\n- ../s.yaml\n"})
    root = str(tmp_path)
    r = c.kubectl(["kustomize", f"{root}/ov"])
    security = f"security; file '{root}/s.yaml' is not in or below '{root}/ov'"
    assert r.stderr == KLOG.format(f"accumulating resources: accumulation err='accumulating resources from "
                                   f"'../s.yaml': {security}': must build at directory: '{root}/s.yaml': "
                                   "file is not directory")
    write(tmp_path, {"ov/kustomization.yaml": "patchesStrategicMerge:\n- nope.yaml\n"})
    r = c.kubectl(["kustomize", f"{root}/ov"])
    assert r.stderr == (
        "# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' "
        "to update your Kustomization automatically.\n"
        'E0101 00:00:27.000000       1 run.go:72] "command failed" err=<\n'
        "\ttrouble configuring builtin PatchStrategicMergeTransformer with config: `\n\tpaths:\n\t- nope.yaml\n"
        f"\t`: evalsymlink failure on '{root}/ov/nope.yaml' : lstat {root}/ov/nope.yaml: no such file or directory\n"
        " >\n")


def test_remote_resources_are_refused_plainly(c, tmp_path):
    url = "https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v3.3.1"
    write(tmp_path, {"kustomization.yaml": f"resources:\n- {url}\n"})
    r = c.kubectl(["kustomize", str(tmp_path)])
    assert r.stderr == KLOG.format(f"accumulating resources: accumulation err='accumulating resources from '{url}': "
                                   "the simulated cluster is offline: remote resources cannot be fetched'")


def test_a_component_must_be_one_and_a_missing_one_is_named(c, tmp_path):
    write(tmp_path, {"app/kustomization.yaml": "components:\n- ../plain\n", "plain/kustomization.yaml": "resources: []\n"})
    root = str(tmp_path)
    r = c.kubectl(["kustomize", f"{root}/app"])
    assert r.stderr == KLOG.format(
        "accumulating components: accumulateDirectory: \\\"expected kind 'Component' for path "
        f"'{root}/plain' but got 'Kustomization'\\\"")
    write(tmp_path, {"app/kustomization.yaml": "components:\n- ../nope\n"})
    r = c.kubectl(["kustomize", f"{root}/app"])
    assert r.stderr == KLOG.format(
        "accumulating components: loader.New \\\"must build at directory: not a valid directory: evalsymlink "
        f"failure on '{root}/nope' : lstat {root}/nope: no such file or directory\\\"")
