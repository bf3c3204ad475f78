"""kubectl delete: by name, TYPE/NAME, -f, -l, --all, --grace-period/--force (and its warning),
--cascade, --dry-run, --ignore-not-found, -o name, and the messages kubectl prints."""
from engine import Cluster

CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  labels:\n    app: {app}\n"


def configmaps(c, *specs):
    for name, app in specs:
        c.kubectl("create -f -", stdin=CM.format(name=name, app=app))


def names(c, kind="cm"):
    return c.kubectl(f"get {kind} -o name").stdout.split()


def test_delete_by_name_and_slash_form():
    c = Cluster()
    configmaps(c, ("a", "web"), ("b", "web"))
    r = c.kubectl("delete cm a")
    assert (r.stdout, r.stderr, r.exit_code) == ('configmap "a" deleted\n', "", 0)
    assert c.kubectl("delete configmap/b").stdout == 'configmap "b" deleted\n'
    assert not {"configmap/a", "configmap/b"} & set(names(c))


def test_grouped_kind_in_message_and_not_found():
    c = Cluster()
    c.kubectl("create deployment nginx --image=nginx")
    r = c.kubectl("delete deploy nginx nope")
    assert r.stdout == 'deployment.apps "nginx" deleted\n'
    assert r.stderr == 'Error from server (NotFound): deployments.apps "nope" not found\n'
    assert r.exit_code == 1
    r = c.kubectl("delete deploy nope --ignore-not-found")
    assert (r.stdout, r.stderr, r.exit_code) == ("", "", 0)


def test_selector_all_and_no_resources_found():
    c = Cluster()
    configmaps(c, ("a", "web"), ("b", "db"), ("c", "web"))
    assert c.kubectl("delete cm -l app=web").stdout == 'configmap "a" deleted\nconfigmap "c" deleted\n'
    r = c.kubectl("delete cm -l app=web")
    assert (r.stdout, r.stderr, r.exit_code) == ("No resources found\n", "", 0)
    assert 'configmap "b" deleted\n' in c.kubectl("delete cm --all").stdout
    assert "configmap/b" not in names(c)


def test_delete_from_file(tmp_path):
    c = Cluster()
    path = tmp_path / "cm.yaml"
    path.write_text(CM.format(name="a", app="x") + "---\n" + CM.format(name="b", app="x"))
    c.kubectl(f"create -f {path}")
    assert c.kubectl(f"delete -f {path}").stdout == 'configmap "a" deleted\nconfigmap "b" deleted\n'
    r = c.kubectl(f"delete -f {path}")
    assert r.stderr == (f'Error from server (NotFound): error when deleting "{path}": configmaps "a" not found\n'
                        f'Error from server (NotFound): error when deleting "{path}": configmaps "b" not found\n')


def test_dry_run_and_name_output():
    c = Cluster()
    configmaps(c, ("a", "web"))
    revision = c.store.revision
    assert c.kubectl("delete cm a --dry-run=client").stdout == 'configmap "a" deleted (dry run)\n'
    assert c.kubectl("delete cm a --dry-run=server").stdout == 'configmap "a" deleted (server dry run)\n'
    assert c.store.revision == revision
    assert c.kubectl("delete cm a -o name").stdout == "configmap/a\n"


def test_force_and_grace_period():
    c = Cluster()
    c.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
                          "spec": {"nodeName": "worker-1", "containers": [{"name": "c", "image": "nginx"}]}})
    r = c.kubectl("delete pod web --grace-period=5 --force")
    assert (r.stdout, r.exit_code) == ("", 1)
    assert r.stderr == "error: --force and --grace-period greater than 0 cannot be specified together\n"
    r = c.kubectl("delete pod web --wait=false")
    assert r.stdout == 'pod "web" deleted\n'
    assert c.api.get("pods", "web")["metadata"]["deletionGracePeriodSeconds"] == 30
    r = c.kubectl("delete pod web --force")
    assert r.stderr == ("Warning: Immediate deletion does not wait for confirmation that the running resource has "
                        "been terminated. The resource may continue to run on the cluster indefinitely.\n")
    assert r.stdout == 'pod "web" force deleted\n'
    assert c.kubectl("get pods -o name").stdout == ""


def test_cascade_orphan_and_bad_value():
    c = Cluster()
    c.kubectl("create deployment nginx --image=nginx")
    r = c.kubectl("delete deploy nginx --cascade=sideways")
    assert r.stderr == 'error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan"\n'
    assert c.kubectl("delete deploy nginx --cascade=orphan --wait=false").stdout == 'deployment.apps "nginx" deleted\n'
    c.kubectl("create deployment web --image=nginx")
    r = c.kubectl("delete deploy web --cascade=false --wait=false")
    assert r.stderr == "warning: --cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.\n"
    assert r.stdout == 'deployment.apps "web" deleted\n'


def test_usage_errors():
    c = Cluster()
    assert c.kubectl("delete cm").stderr == "error: resource(s) were provided, but no name was specified\n"
    assert c.kubectl("delete cm a -l app=x").stderr == "error: name cannot be provided when a selector is specified\n"
    assert c.kubectl("delete cm --all -l app=x").stderr == "error: setting 'all' parameter but found a non empty selector. \n"
    assert c.kubectl("delete cm a -o yaml").stderr == "error: unexpected -o output mode: yaml. We only support '-o name'\n"
    assert c.kubectl("delete podz x").stderr == 'error: the server doesn\'t have a resource type "podz"\n'


def test_wait_runs_virtual_time_until_gone_or_timeout():
    c = Cluster()
    configmaps(c, ("plain", "x"))
    start = c.now
    assert c.kubectl("delete cm plain").stdout == 'configmap "plain" deleted\n'
    assert c.now == start  # already gone: no time passes
    c.api.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                                "metadata": {"name": "held", "finalizers": ["example.com/hold"]}})
    r = c.kubectl("delete cm held --timeout=30s")
    assert r.stdout == 'configmap "held" deleted\n'
    assert (r.stderr, r.exit_code) == ("error: timed out waiting for the condition on configmaps/held\n", 1)
    assert c.now == start + 30
    r = c.kubectl("delete cm held --wait=false")
    assert (r.stdout, r.exit_code, c.now) == ('configmap "held" deleted\n', 0, start + 30)


def test_client_dry_run_does_not_look_up_and_cluster_scope_warning():
    c = Cluster()
    assert c.kubectl("delete cm nope --dry-run=client").stdout == 'configmap "nope" deleted (dry run)\n'
    r = c.kubectl("delete ns nope -n default --dry-run=client")
    assert r.stderr == "Warning: deleting cluster-scoped resources, not scoped to the provided namespace\n"
