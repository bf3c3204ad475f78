"""kubectl apply set-last-applied and apply edit-last-applied: the last-applied-configuration annotation
set from a file or edited in the editor of `kubectl edit`, nothing else of the object changed."""
import json

import pytest

from engine import Cluster

DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
"""
ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration"


def run(c, command, stdin=None, editor=None):
    r = c.kubectl(command, stdin=stdin, editor=editor)
    return r.stdout, r.stderr, r.exit_code


@pytest.fixture
def c(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.yaml").write_text(DEPLOY)
    (tmp_path / "d5.yaml").write_text(DEPLOY.replace("replicas: 2", "replicas: 5"))
    return Cluster(workers=0)


def annotation(c):
    return json.loads(c.api.get("deployments", "web", "default")["metadata"]["annotations"][ANNOTATION])


def test_set_last_applied(c):
    assert run(c, "apply set-last-applied -f d.yaml") == (
        "", 'Error from server (NotFound): deployments.apps "web" not found\n', 1)
    assert run(c, "create -f d.yaml")[2] == 0
    assert run(c, "apply set-last-applied -f d.yaml") == (
        "", "error: no last-applied-configuration annotation found on resource: web, to create the annotation, "
            "run the command with --create-annotation\n", 1)
    assert run(c, "apply set-last-applied -f d.yaml --create-annotation") == ("deployment.apps/web configured\n", "", 0)
    assert annotation(c)["spec"]["replicas"] == 2
    assert run(c, "apply set-last-applied -f d.yaml") == ("set-last-applied web: no changes required.\n", "", 0)
    assert run(c, "apply set-last-applied -f d5.yaml --dry-run=client") == (
        "deployment.apps/web configured (dry run)\n", "", 0)
    assert run(c, "apply set-last-applied -f d5.yaml --dry-run=server") == (
        "deployment.apps/web configured (server dry run)\n", "", 0)
    assert annotation(c)["spec"]["replicas"] == 2
    assert run(c, "apply set-last-applied -f d5.yaml -o jsonpath={.spec.replicas}") == ("2", "", 0)
    # only the annotation changed: the live object still runs 2 replicas
    assert run(c, "get deploy web -o jsonpath={.spec.replicas}") == ("2", "", 0)
    assert run(c, "apply view-last-applied deploy/web -o json")[0] == json.dumps({
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "default"},
        "spec": {"replicas": 5, "selector": {"matchLabels": {"app": "web"}},
                 "template": {"metadata": {"labels": {"app": "web"}},
                              "spec": {"containers": [{"image": "nginx", "name": "web"}]}}}}, indent=2)
    # the next apply diffs against it: the file's 2 replicas are a change to make
    assert run(c, "apply -f d.yaml") == ("deployment.apps/web configured\n", "", 0)


def test_set_last_applied_needs_files(c):
    assert run(c, "apply set-last-applied deploy web") == ("", """\
error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'
""", 1)


EDITED_HEADER = """\
# Please edit the 'last-applied-configuration' annotations below.
# Lines beginning with a '#' will be ignored, and an empty file will abort the edit.
#
"""


def test_edit_last_applied(c):
    assert run(c, "apply -f d.yaml")[2] == 0
    seen = []

    def five(text):
        seen.append(text)
        return text.replace("replicas: 2", "replicas: 5")

    assert run(c, "apply edit-last-applied deploy/web", editor=five) == ("deployment.apps/web edited\n", "", 0)
    assert seen == [EDITED_HEADER + """\
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations: {}
  name: web
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - image: nginx
        name: web
"""]
    assert annotation(c)["spec"]["replicas"] == 5
    assert run(c, "get deploy web -o jsonpath={.spec.replicas}") == ("2", "", 0)
    assert run(c, "apply edit-last-applied -f d.yaml", editor=lambda text: text) == (
        "", "Edit cancelled, no changes made.\n", 0)
    assert run(c, "apply edit-last-applied deploy/web", editor=lambda text: "# nothing\n") == (
        "", "Edit cancelled, saved file was empty.\n", 0)
    json_seen = []
    out, err, code = run(c, "apply edit-last-applied deploy/web -o json",
                         editor=lambda text: json_seen.append(text) or text.replace('"replicas": 5', '"replicas": 3'))
    assert (json.loads(out)["spec"]["replicas"], err, code) == (3, "", 0)  # -o prints the edited object too
    assert json_seen[0].startswith('{\n    "apiVersion": "apps/v1",\n    "kind": "Deployment",\n')
    assert annotation(c)["spec"]["replicas"] == 3


def test_edit_last_applied_errors(c):
    assert run(c, "create -f d.yaml")[2] == 0
    assert run(c, "apply edit-last-applied deploy/web", editor=lambda text: text) == (
        "", "error: no last-applied-configuration annotation found on resources, to create the annotation, use "
            "command `kubectl apply set-last-applied --create-annotation`\n", 1)
    assert run(c, "apply set-last-applied -f d.yaml --create-annotation")[2] == 0
    out, err, code = run(c, "apply edit-last-applied deploy/web")
    assert (out, code) == ("", 1) and err.startswith(
        "error: no editor in this session: in a notebook, write the annotation's YAML as you want it in a "
        "`%%edit apply edit-last-applied deploy/web` cell")
    texts = []

    def broken_then_fixed(text):
        texts.append(text)
        return "kind: [\n" if len(texts) == 1 else texts[0].replace("replicas: 2", "replicas: 4")

    assert run(c, "apply edit-last-applied deploy/web", editor=broken_then_fixed) == (
        "deployment.apps/web edited\n", "", 0)
    assert texts[1].startswith(EDITED_HEADER + "# The edited file had a syntax error: ")
    assert texts[1].endswith("#\nkind: [\n") and annotation(c)["spec"]["replicas"] == 4
    assert run(c, "apply edit-last-applied deploy/nope", editor=lambda t: t) == (
        "", 'Error from server (NotFound): deployments.apps "nope" not found\n', 1)
