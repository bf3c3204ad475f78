"""`kubectl apply --prune` with -l / --all and --prune-allowlist, `apply -l`, and `apply --server-side`
(created or merged; this apiserver keeps no managedFields, so no conflicts). Flag errors: tests/golden/ssa-prune-*."""
import pytest

from engine import Cluster

CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    app: x\n"
DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: x
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx
"""


@pytest.fixture
def c(tmp_path):
    cluster = Cluster(workers=1)
    (tmp_path / "both.yaml").write_text(CM + "---\n" + DEPLOY)
    (tmp_path / "cm.yaml").write_text(CM)
    cluster.kubectl(["apply", "-f", str(tmp_path / "both.yaml")])
    cluster.kubectl("create deployment manual --image=nginx")  # not applied: never pruned
    cluster.dir = tmp_path
    return cluster


def names(c, kind):
    return [o["metadata"]["name"] for o in c.api.list(kind, namespace="default")["items"]]


def test_prune_deletes_applied_objects_missing_from_the_files(c):
    cm = str(c.dir / "cm.yaml")
    r = c.kubectl(["apply", "-f", cm, "--prune", "-l", "app=x", "--dry-run=client"])
    assert (r.stdout, r.stderr, r.exit_code) == ("configmap/a configured (dry run)\n"
                                                 "deployment.apps/web pruned (dry run)\n", "", 0)
    r = c.kubectl(["apply", "-f", cm, "--prune", "-l", "app=x", "--dry-run=server"])
    assert r.stdout == "configmap/a unchanged (server dry run)\ndeployment.apps/web pruned (server dry run)\n"
    assert names(c, "deployments") == ["manual", "web"]
    r = c.kubectl(["apply", "-f", cm, "--prune", "-l", "app=x"])
    assert (r.stdout, r.exit_code) == ("configmap/a unchanged\ndeployment.apps/web pruned\n", 0)
    assert names(c, "deployments") == ["manual"]


def test_prune_all_with_an_allowlist_and_the_namespace_flag(c):
    r = c.kubectl(["apply", "-f", str(c.dir / "cm.yaml"), "--prune", "--all", "-n", "default",
                   "--prune-allowlist=core/v1/ConfigMap"])
    assert r.stdout == "configmap/a unchanged\n" and names(c, "deployments") == ["manual", "web"]
    r = c.kubectl(["apply", "-f", str(c.dir / "cm.yaml"), "--prune", "--all", "-n", "default"])
    assert r.stdout == "configmap/a unchanged\ndeployment.apps/web pruned\n"
    assert r.stderr == ("W0101 00:00:27.000000       1 prune.go:71] Deprecated: kubectl apply will no longer prune "
                        "non-namespaced resources by default when used with the --namespace flag in a future "
                        "release. To preserve the current behaviour, list the resources you want to target "
                        "explicitly in the --prune-allowlist flag.\n")
    r = c.kubectl(["apply", "-f", str(c.dir / "cm.yaml"), "--prune", "--all", "--prune-allowlist=core/v1/Nope"])
    assert (r.stderr, r.exit_code) == ('error: no matches for kind "Nope" in version "v1"\n', 1)


def test_selector_filters_the_documents_applied(c):
    r = c.kubectl(["apply", "-f", str(c.dir / "both.yaml"), "-l", "app=none"])
    assert (r.stdout, r.stderr, r.exit_code) == ("", "error: no objects passed to apply\n", 1)


def test_server_side_apply_creates_and_merges(c):
    manifest = DEPLOY.replace("name: web\n", "name: ssa\n", 1).replace("image: nginx", "image: nginx:1.27")
    (c.dir / "ssa.yaml").write_text(manifest)
    r = c.kubectl(["apply", "--server-side", "-f", str(c.dir / "ssa.yaml")])
    assert (r.stdout, r.stderr, r.exit_code) == ("deployment.apps/ssa serverside-applied\n", "", 0)
    live = c.api.get("deployments", "ssa", namespace="default")
    assert "annotations" not in live["metadata"] or \
        "kubectl.kubernetes.io/last-applied-configuration" not in live["metadata"]["annotations"]
    (c.dir / "ssa.yaml").write_text(manifest.replace("nginx:1.27", "nginx:1.28"))
    r = c.kubectl(["apply", "--server-side", "--force-conflicts", "-f", str(c.dir / "ssa.yaml")])
    assert r.stdout == "deployment.apps/ssa serverside-applied\n"
    live = c.api.get("deployments", "ssa", namespace="default")
    assert live["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.28"
