"""kubectl scale: TYPE NAME and TYPE/NAME, -l/--all, -f, preconditions (--current-replicas,
--resource-version), --timeout, dry runs, and kubectl's own errors."""
from engine import Cluster


def out(r):
    return (r.stdout, r.stderr, r.exit_code)


def cluster_with_nginx(replicas=3):
    c = Cluster(workers=1)
    c.kubectl(f"create deployment nginx --image=nginx:1.14.2 --replicas={replicas}")
    c.advance(10)
    return c


def test_scale_deployment_and_the_replicas_follow():
    c = cluster_with_nginx()
    assert out(c.kubectl("scale deployment nginx --replicas=5")) == ("deployment.apps/nginx scaled\n", "", 0)
    c.advance(10)
    assert c.kubectl("get deploy nginx -o jsonpath={.status.readyReplicas}").stdout == "5"
    assert out(c.kubectl("scale deploy/nginx --replicas=1")) == ("deployment.apps/nginx scaled\n", "", 0)
    c.advance(40)
    assert len(c.kubectl("get pods -l app=nginx -o name").stdout.split()) == 1


def test_current_replicas_and_resource_version_preconditions():
    c = cluster_with_nginx()
    r = c.kubectl("scale deploy nginx --current-replicas=2 --replicas=4")
    assert out(r) == ("", "error: Expected replicas to be 2, was 3\n", 1)
    assert out(c.kubectl("scale deploy nginx --current-replicas=3 --replicas=4")) == \
        ("deployment.apps/nginx scaled\n", "", 0)
    rv = c.kubectl("get deploy nginx -o jsonpath={.metadata.resourceVersion}").stdout
    r = c.kubectl("scale deploy nginx --resource-version=1 --replicas=2")
    assert out(r) == ("", f"error: Expected resource version to be 1, was {rv}\n", 1)
    assert c.kubectl(f"scale deploy nginx --resource-version={rv} --replicas=2").ok


def test_selector_all_and_missing_objects():
    c = cluster_with_nginx()
    c.kubectl("create deployment web --image=nginx --replicas=1")
    r = c.kubectl("scale deploy --all --replicas=2")
    assert out(r) == ("deployment.apps/nginx scaled\ndeployment.apps/web scaled\n", "", 0)
    assert out(c.kubectl("scale deploy -l app=web --replicas=0")) == ("deployment.apps/web scaled\n", "", 0)
    r = c.kubectl("scale deploy nginx nope --replicas=3")
    assert out(r) == ("deployment.apps/nginx scaled\n",
                      'Error from server (NotFound): deployments.apps "nope" not found\n', 1)
    assert out(c.kubectl("scale deploy -l app=none --replicas=3")) == ("", "error: no objects passed to scale\n", 1)
    r = c.kubectl("scale deploy/nginx -l app=web --replicas=3")
    assert r.stderr == "error: selectors and the all flag cannot be used when passing resource/name arguments\n"
    r = c.kubectl("scale deploy --resource-version=5 --all --replicas=3")
    assert out(r) == ("", "error: cannot use --resource-version with multiple resources\n", 1)


def test_flag_errors_as_kubectl_words_them():
    c = Cluster(workers=1)
    r = c.kubectl("scale deploy nginx")
    assert r.exit_code == 1 and r.stderr.endswith('"command failed" err="required flag(s) \\"replicas\\" not set"\n')
    assert c.kubectl("scale deploy nginx --replicas=-1").stderr == \
        "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n"
    assert c.kubectl("scale deploy nginx --replicas=1 --current-replicas=-2").stderr == \
        "error: The --current-replicas must specify an integer of -1 or greater\n"
    assert c.kubectl("scale --replicas=1").stderr.startswith(
        "error: You must provide one or more resources by argument or filename.\n")
    assert c.kubectl("scale deploy nginx --replicas=1 --timeout=2x").stderr == (
        'Error: invalid argument "2x" for "--timeout" flag: time: unknown unit "x" in duration "2x"\n'
        "See 'kubectl scale --help' for usage.\n")
    assert c.kubectl("scale deploy --replicas=1").stderr == \
        "error: resource(s) were provided, but no name was specified\n"


def test_unscalable_kind_dry_runs_and_timeout(tmp_path):
    c = cluster_with_nginx()
    c.kubectl("create -f -", stdin="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n")
    r = c.kubectl("scale cm cfg --replicas=2")
    assert out(r) == ("", "Error from server (NotFound): the server could not find the requested resource\n", 1)
    assert out(c.kubectl("scale deploy nginx --replicas=9 --dry-run=client")) == \
        ("deployment.apps/nginx scaled (dry run)\n", "", 0)
    assert out(c.kubectl("scale deploy nginx --replicas=9 --dry-run=server")) == \
        ("deployment.apps/nginx scaled (server dry run)\n", "", 0)
    assert c.kubectl("get deploy nginx -o jsonpath={.spec.replicas}").stdout == "3"
    assert c.kubectl("scale deploy nginx --replicas=6 -o jsonpath={.spec.replicas}").stdout == "6"
    assert c.kubectl("scale deploy nginx --replicas=2 --timeout=1m").ok
    assert c.kubectl("get deploy nginx -o jsonpath={.status.replicas}").stdout == "2"
    path = tmp_path / "d.yaml"
    path.write_text(c.kubectl("get deploy nginx -o yaml").stdout)
    assert out(c.kubectl(f"scale -f {path} --replicas=1")) == ("deployment.apps/nginx scaled\n", "", 0)


def test_help_is_kubectls():
    c = Cluster(workers=1)
    r = c.kubectl("scale --help")
    assert r.stdout.startswith("Set a new size for a deployment, replica set, replication controller, or stateful set.")
    assert "    --current-replicas=-1:\n" in r.stdout
    assert c.kubectl("label -h").stdout.startswith("Update the labels on a resource.")
