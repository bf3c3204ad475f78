"""kubectl autoscale: the autoscaling/v1 object it generates (compared with kubectl v1.32's generator),
what it prints, and its errors."""
import pytest

from engine import Cluster

DRY_RUN_YAML = """\
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  creationTimestamp: null
  name: nginx
spec:
  maxReplicas: 5
  minReplicas: 3
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: nginx
  targetCPUUtilizationPercentage: 80
status:
  currentReplicas: 0
  desiredReplicas: 0
"""

DRY_RUN_JSON = """\
{
    "kind": "HorizontalPodAutoscaler",
    "apiVersion": "autoscaling/v1",
    "metadata": {
        "name": "nginx",
        "creationTimestamp": null
    },
    "spec": {
        "scaleTargetRef": {
            "kind": "Deployment",
            "name": "nginx",
            "apiVersion": "apps/v1"
        },
        "maxReplicas": 5
    },
    "status": {
        "currentReplicas": 0,
        "desiredReplicas": 0
    }
}
"""


@pytest.fixture(scope="module")
def c():
    c = Cluster(workers=1)
    assert c.kubectl("create deployment nginx --image=nginx").exit_code == 0
    return c


def run(c, command):
    r = c.kubectl(command)
    return r.stdout, r.stderr, r.exit_code


def test_dry_run_client_prints_the_generated_object(c):
    assert run(c, "autoscale deployment nginx --min=3 --max=5 --cpu-percent=80 --dry-run=client -o yaml") == \
        (DRY_RUN_YAML, "", 0)
    assert run(c, "autoscale deploy/nginx --max=5 --dry-run=client -o json") == (DRY_RUN_JSON, "", 0)
    assert run(c, "autoscale deployment nginx --max=5 --dry-run=client") == \
        ("horizontalpodautoscaler.autoscaling/nginx created (dry run)\n", "", 0)
    assert run(c, "autoscale deployment nginx --max=5 --dry-run=server") == \
        ("horizontalpodautoscaler.autoscaling/nginx autoscaled (server dry run)\n", "", 0)
    assert c.api.list("autoscaling/v2/horizontalpodautoscalers", "default")["items"] == []


def test_creates_the_autoscaler(c):
    assert run(c, "autoscale deployment nginx --max=3 --name=web") == \
        ("horizontalpodautoscaler.autoscaling/web autoscaled\n", "", 0)
    hpa = c.api.get("autoscaling/v1/horizontalpodautoscalers", "web")
    assert hpa["spec"] == {"scaleTargetRef": {"kind": "Deployment", "name": "nginx", "apiVersion": "apps/v1"},
                           "minReplicas": 1, "maxReplicas": 3, "targetCPUUtilizationPercentage": 80}
    v2 = c.api.get("autoscaling/v2/horizontalpodautoscalers", "web")
    assert v2["spec"]["metrics"] == [{"type": "Resource", "resource": {
        "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}]
    assert run(c, "get hpa web") == (
        "NAME   REFERENCE          TARGETS              MINPODS   MAXPODS   REPLICAS   AGE\n"
        "web    Deployment/nginx   cpu: <unknown>/80%   1         3         0          0s\n", "", 0)
    assert run(c, "autoscale deployment nginx --max=3 --name=web") == \
        ("", 'Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling "web" already exists\n', 1)
    assert run(c, "autoscale deployment nginx --max=4 --min=2 --name=named -o name") == \
        ("horizontalpodautoscaler.autoscaling/named\n", "", 0)


def test_replication_controller_target(c):
    c.apply("""
apiVersion: v1
kind: ReplicationController
metadata: {name: legacy}
spec:
  replicas: 1
  selector: {app: legacy}
  template:
    metadata: {labels: {app: legacy}}
    spec: {containers: [{name: nginx, image: nginx}]}
""")
    out, err, code = run(c, "autoscale rc legacy --max=5 --cpu-percent=80 --dry-run=client -o yaml")
    assert code == 0 and "    apiVersion: v1\n    kind: ReplicationController\n    name: legacy\n" in out


@pytest.mark.parametrize("command,error", [
    ("autoscale deployment nginx --max=0", "error: --max=MAXPODS is required and must be at least 1, max: 0\n"),
    ("autoscale deployment nginx --max=2 --min=4",
     "error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 4\n"),
    ("autoscale deployment --max=3", "error: resource(s) were provided, but no name was specified\n"),
    ("autoscale --max=3", "error: You must provide one or more resources by argument or filename.\n"
                          "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                          "   '<resource> <name>'\n   '<resource>'\n"),
    ("autoscale ds kube-proxy -n kube-system --max=3",
     "error: cannot autoscale a DaemonSet: could not find scale subresource for apps/v1, Resource=daemonsets "
     "in discovery information\n"),
    ("autoscale deployment nope --max=3", 'Error from server (NotFound): deployments.apps "nope" not found\n'),
    ("autoscale deployment nginx --max=x", 'Error: invalid argument "x" for "--max" flag: strconv.ParseInt: '
                                           'parsing "x": invalid syntax\nSee \'kubectl autoscale --help\' for usage.\n'),
])
def test_errors(c, command, error):
    assert run(c, command) == ("", error, 1)


def test_max_is_required(c):
    out, err, code = run(c, "autoscale deployment nginx --min=2")
    assert (out, code) == ("", 1)
    assert err.endswith(' run.go:72] "command failed" err="required flag(s) \\"max\\" not set"\n')


def test_help_is_kubectls(c):
    out, _, code = run(c, "autoscale --help")
    assert code == 0 and out.startswith("Creates an autoscaler that automatically chooses and sets the number of pods")


def test_from_a_file_the_object_is_used_as_written(c, tmp_path):
    manifest = tmp_path / "web.yaml"
    manifest.write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n"
                        "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
                        "    spec: {containers: [{name: nginx, image: nginx}]}\n")
    # the Deployment need not exist: kubectl reads the file, it does not fetch the latest version
    out, err, code = run(c, f"autoscale -f {manifest} --max=5 --name=x -n kube-public --dry-run=client -o yaml")
    assert (err, code) == ("", 0)
    assert out == DRY_RUN_YAML.replace("name: nginx\nspec:", "name: x\nspec:").replace(
        "  minReplicas: 3\n", "").replace("    name: nginx\n  targetCPUUtilizationPercentage: 80\n", "    name: web\n")
    assert run(c, f"autoscale -f {manifest} --max=5 -n kube-public") == \
        ("horizontalpodautoscaler.autoscaling/web autoscaled\n", "", 0)
    assert c.api.get("autoscaling/v1/horizontalpodautoscalers", "web", "kube-public")["spec"]["maxReplicas"] == 5
