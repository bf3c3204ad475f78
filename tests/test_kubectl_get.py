"""kubectl get: tables (columns of printers.go, pod STATUS, AGE), -A, -l, --field-selector, -o
yaml|json|name|jsonpath|wide, --show-labels, --no-headers, `get all`, and its errors."""
import json

from engine import Cluster
from engine.kubectl.printers import yaml as yaml_printer


def pod(c, name, labels=None, namespace="default", status=None, node=None, init=None):
    """A pod whose status the test writes: no scheduler picks it up, and its node's kubelet is stopped."""
    spec = {"containers": [{"name": "app", "image": "nginx"}], "schedulerName": "hand-written"}
    if init:
        spec["initContainers"] = init
    if node:
        spec["nodeName"] = node
        c.kubelets[node].stop()
    obj = c.api.create("pods", {"apiVersion": "v1", "kind": "Pod",
                                "metadata": {"name": name, "labels": labels or {}}, "spec": spec},
                       namespace=namespace)
    if status:
        obj["status"].update(status)
        obj = c.api.update("pods", obj, subresource="status")
    return obj


def running(restarts=0, ready=True, finished=None):
    cs = {"name": "app", "image": "nginx", "imageID": "", "ready": ready, "restartCount": restarts,
          "started": True, "state": {"running": {"startedAt": "2025-01-01T00:00:00Z"}}, "lastState": {}}
    if finished:
        cs["lastState"] = {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": "2025-01-01T00:00:00Z",
                                          "finishedAt": finished}}
    return {"phase": "Running", "podIP": "10.244.1.5", "podIPs": [{"ip": "10.244.1.5"}], "containerStatuses": [cs]}


def test_fresh_cluster_nodes_table():
    c = Cluster(wait=False)
    r = c.kubectl("get nodes")
    assert r.stdout == (
        "NAME            STATUS   ROLES           AGE   VERSION\n"
        "control-plane   Ready    control-plane   0s    v1.32.0\n"
        "worker-1        Ready    <none>          0s    v1.32.0\n"
        "worker-2        Ready    <none>          0s    v1.32.0\n"
        "worker-3        Ready    <none>          0s    v1.32.0\n")
    assert r.stderr == "" and r.exit_code == 0 and r.ok


def test_namespaces_age_follows_virtual_time():
    c = Cluster(workers=0, wait=False, addons=False)  # the smallest cluster: three idle days cost little
    c.advance(3 * 86400 + 5 * 3600)
    assert c.kubectl("get ns default").stdout == "NAME      STATUS   AGE\ndefault   Active   3d5h\n"


def test_no_resources_goes_to_stderr_with_namespace():
    c = Cluster(wait=False)
    r = c.kubectl("get pods")
    assert (r.stdout, r.stderr, r.exit_code) == ("", "No resources found in default namespace.\n", 0)
    r = c.kubectl("get pods -n kube-public")
    assert r.stderr == "No resources found in kube-public namespace.\n"
    r = c.kubectl("get deployments -A -l app=none")
    assert r.stderr == "No resources found\n"
    # each (empty) Table is an info whose scope counts: a cluster-scoped kind names no namespace
    assert c.kubectl("get nodes -l role=none").stderr == "No resources found\n"
    assert c.kubectl("get pods,nodes -l role=none").stderr == "No resources found\n"
    assert c.kubectl("get pods,svc -l role=none").stderr == "No resources found in default namespace.\n"
    assert c.kubectl("get pods -o name").stderr == ""


def test_unknown_type_and_not_found():
    c = Cluster(wait=False)
    r = c.kubectl("get podz")
    assert (r.stdout, r.stderr, r.exit_code) == ("", 'error: the server doesn\'t have a resource type "podz"\n', 1)
    r = c.kubectl("get pods nginx")
    assert (r.stdout, r.stderr, r.exit_code) == ("", 'Error from server (NotFound): pods "nginx" not found\n', 1)
    r = c.kubectl("get deploy nginx")
    assert r.stderr == 'Error from server (NotFound): deployments.apps "nginx" not found\n'


def test_found_and_missing_names_print_both():
    c = Cluster(wait=False)
    r = c.kubectl("get ns default nope other")
    assert r.stdout == "NAME      STATUS   AGE\ndefault   Active   0s\n"
    assert r.stderr == ('Error from server (NotFound): namespaces "nope" not found\n'
                        'Error from server (NotFound): namespaces "other" not found\n')
    assert r.exit_code == 1


def test_pod_status_column_and_restarts_ago():
    c = Cluster(wait=False)
    pod(c, "pending")
    pod(c, "web", status=running(restarts=2, finished="2025-01-01T00:00:00Z"), node="worker-1")
    pod(c, "crash", status={"phase": "Running", "containerStatuses": [
        {"name": "app", "image": "nginx", "imageID": "", "ready": False, "restartCount": 4,
         "state": {"waiting": {"reason": "CrashLoopBackOff"}}, "lastState": {}}]})
    pod(c, "done", status={"phase": "Succeeded", "containerStatuses": [
        {"name": "app", "image": "nginx", "imageID": "", "ready": False, "restartCount": 0,
         "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}, "lastState": {}}]})
    pod(c, "init", init=[{"name": "setup", "image": "busybox"}], status={"phase": "Pending", "initContainerStatuses": [
        {"name": "setup", "image": "busybox", "imageID": "", "ready": False, "restartCount": 0,
         "state": {"running": {"startedAt": "2025-01-01T00:00:00Z"}}, "lastState": {}}]})
    c.advance(125)
    assert c.kubectl("get pods").stdout == (
        "NAME      READY   STATUS             RESTARTS       AGE\n"
        "crash     0/1     CrashLoopBackOff   4              2m5s\n"
        "done      0/1     Completed          0              2m5s\n"
        "init      0/1     Init:0/1           0              2m5s\n"
        "pending   0/1     Pending            0              2m5s\n"
        "web       1/1     Running            2 (2m5s ago)   2m5s\n")


def test_pod_wide_columns():
    c = Cluster(wait=False)
    pod(c, "web", status=running(), node="worker-1")
    assert c.kubectl("get pods -o wide").stdout == (
        "NAME   READY   STATUS    RESTARTS   AGE   IP           NODE       NOMINATED NODE   READINESS GATES\n"
        "web    1/1     Running   0          0s    10.244.1.5   worker-1   <none>           <none>\n")


def test_terminating_pod():
    c = Cluster(wait=False)
    pod(c, "web", status=running(), node="worker-1")
    c.kubectl("delete pod web --wait=false")
    assert "Terminating" in c.kubectl("get pods").stdout.splitlines()[1]


def test_all_namespaces_show_labels_no_headers():
    c = Cluster(wait=False)
    pod(c, "a", labels={"app": "web", "tier": "fe"})
    c.kubectl("create ns team")
    pod(c, "b", namespace="team")
    mine = "--field-selector=spec.schedulerName=hand-written"  # not the cluster's own pods
    assert c.kubectl(f"get pods -A --show-labels {mine}").stdout == (
        "NAMESPACE   NAME   READY   STATUS    RESTARTS   AGE   LABELS\n"
        "default     a      0/1     Pending   0          0s    app=web,tier=fe\n"
        "team        b      0/1     Pending   0          0s    <none>\n")
    assert c.kubectl(f"get pods -A --no-headers {mine}").stdout == (
        "default   a     0/1   Pending   0     0s\n"
        "team      b     0/1   Pending   0     0s\n")


def test_label_columns():
    c = Cluster(wait=False)
    pod(c, "a", labels={"app": "web", "app.kubernetes.io/tier": "fe"})
    pod(c, "b")
    assert c.kubectl("get pods -L app -L app.kubernetes.io/tier --show-labels").stdout == (
        "NAME   READY   STATUS    RESTARTS   AGE   APP   TIER   LABELS\n"
        "a      0/1     Pending   0          0s    web   fe     app=web,app.kubernetes.io/tier=fe\n"
        "b      0/1     Pending   0          0s                 <none>\n")
    assert c.kubectl("get pods -Lapp,missing").stdout.splitlines()[0] == \
        "NAME   READY   STATUS    RESTARTS   AGE   APP   MISSING"


def test_sort_by():
    c = Cluster(wait=False)
    for name, cpu in (("a", "500m"), ("b", "2"), ("c", "100m")):
        c.api.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name},
                                    "data": {"cpu": cpu, "rank": name[::-1]}})
        c.advance(10)
    names = lambda cmd: c.kubectl(cmd).stdout.split()
    assert names("get cm a b c --sort-by=.data.cpu -o name") == ["configmap/c", "configmap/a", "configmap/b"]
    assert names("get cm a b c --sort-by={.metadata.creationTimestamp} -o name") == \
        ["configmap/a", "configmap/b", "configmap/c"]
    out = c.kubectl("get cm --sort-by=data.cpu --no-headers").stdout.split("\n")
    assert [line.split()[0] for line in out if line] == ["kube-root-ca.crt", "c", "a", "b"]
    # named gets are one Table each: get.go sorts those Tables first, and a Table has no .data.cpu
    r = c.kubectl("get cm a b c --sort-by=data.cpu --no-headers")
    assert (r.stdout, r.stderr, r.exit_code) == (
        "", 'error: couldn\'t find any field with path "{.data.cpu}" in the list of objects\n', 1)
    # one Table whose rows lack the field: SortingPrinter's error is dropped and nothing is printed (kubectl#1343)
    r = c.kubectl("get cm --sort-by=.spec.nothing")
    assert (r.stdout, r.stderr, r.exit_code) == ("", "No resources found in default namespace.\n", 0)


def test_label_and_field_selectors():
    c = Cluster(wait=False)
    pod(c, "a", labels={"app": "web", "tier": "fe"})
    pod(c, "b", labels={"app": "db"})
    pod(c, "c")
    names = lambda cmd: c.kubectl(cmd).stdout.split()
    assert names("get pods -l app=web -o name") == ["pod/a"]
    assert names("get pods -l 'app in (web,db)' -o name") == ["pod/a", "pod/b"]
    assert names("get pods -l '!app' -o name") == ["pod/c"]
    assert names("get pods -l app,app!=db -o name") == ["pod/a"]
    assert names("get pods --field-selector metadata.name=b -o name") == ["pod/b"]
    assert names("get pods --field-selector status.phase=Running -o name") == []


def test_multiple_types_have_kind_prefix_and_blank_line():
    c = Cluster(wait=False)
    pod(c, "web")
    assert c.kubectl("get pods,svc").stdout == (
        "NAME      READY   STATUS    RESTARTS   AGE\n"
        "pod/web   0/1     Pending   0          0s\n"
        "\n"
        "NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n"
        "service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s\n")


def test_get_all_fresh_namespace():
    c = Cluster(wait=False)
    # every kind `all` names came back as a Table (empty ones too): several kinds, so the kind prefix
    # (get.go multipleGVKsRequested over its infos), as the docs' `kubectl get all` shows
    assert c.kubectl("get all").stdout == (
        "NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n"
        "service/kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s\n")
    assert c.kubectl("get svc").stdout.splitlines()[1].startswith("kubernetes   ")
    assert c.kubectl("get svc --show-kind").stdout.splitlines()[1].startswith("service/kubernetes   ")
    pod(c, "web")
    assert c.kubectl("get all").stdout.splitlines()[:3] == [
        "NAME      READY   STATUS    RESTARTS   AGE", "pod/web   0/1     Pending   0          0s", ""]
    r = c.kubectl("get all -n kube-public")
    assert (r.stdout, r.stderr) == ("", "No resources found in kube-public namespace.\n")


def test_type_slash_name_and_short_names():
    c = Cluster(wait=False)
    assert c.kubectl("get ns/default no/worker-1 -o name").stdout == "namespace/default\nnode/worker-1\n"
    assert c.kubectl("get svc/kubernetes -o name").stdout == "service/kubernetes\n"
    r = c.kubectl("get svc svc/kubernetes")
    assert r.exit_code == 1 and r.stderr == (
        "error: there is no need to specify a resource type as a separate argument when passing arguments in "
        "resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource "
        "resource/<resource_name>'\n")
    assert c.kubectl("get svc/a/b").stderr == "error: arguments in resource/name form may not have more than one slash\n"
    assert c.kubectl("get svc/kubernetes -l a=b").stderr == \
        "error: selectors and the all flag cannot be used when passing resource/name arguments\n"
    assert c.kubectl("get svc kubernetes -l a=b").stderr == "error: name cannot be provided when a selector is specified\n"
    assert c.kubectl("get svc kubernetes -A").stderr == \
        "error: a resource cannot be retrieved by name across all namespaces\n"
    assert c.kubectl("get svc,ns kubernetes default -o name").stdout == "service/kubernetes\nnamespace/default\n"


def test_yaml_of_one_object_and_list():
    c = Cluster(wait=False)
    ns = c.api.get("namespaces", "default")
    del ns["metadata"]["managedFields"]  # kubectl hides them unless --show-managed-fields
    assert c.kubectl("get ns default -o yaml").stdout == yaml_printer.dumps(ns)
    text = c.kubectl("get ns default kube-public -o yaml").stdout
    assert text.startswith("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Namespace\n")
    assert text.endswith("kind: List\nmetadata:\n  resourceVersion: \"\"\n")
    assert c.kubectl("get pods -o yaml").stdout == 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n'


def test_json_output_is_sorted_with_four_spaces():
    c = Cluster(wait=False)
    out = c.kubectl("get ns default -o json").stdout
    ns = c.api.get("namespaces", "default")
    del ns["metadata"]["managedFields"]  # kubectl hides them unless --show-managed-fields
    assert out == json.dumps(ns, indent=4, sort_keys=True) + "\n"
    assert json.loads(c.kubectl("get ns -o json").stdout)["kind"] == "List"


def test_jsonpath():
    c = Cluster(wait=False)
    pod(c, "a", labels={"app": "web"})
    pod(c, "b", labels={"app": "db"}, status=running(), node="worker-2")
    run = lambda t: c.kubectl(["get", "pods", "-o", f"jsonpath={t}"]).stdout
    assert run("{.items[*].metadata.name}") == "a b"
    assert run('{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}') == "a\tPending\nb\tRunning\n"
    assert run('{.items[?(@.metadata.labels.app=="db")].spec.nodeName}') == "worker-2"
    assert run("{.items[0].metadata.labels}") == '{"app":"web"}'
    assert run("{.items[-1:].metadata.name}") == "b"
    assert run("{.items[*].metadata.missing}") == ""
    assert c.kubectl(["get", "pod", "a", "-o", "jsonpath={.metadata.name}"]).stdout == "a"
    c.api.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                                "metadata": {"name": "cfg", "annotations": {"example.com/owner": "ann"}}})
    assert c.kubectl(["get", "cm", "cfg", "-o", "jsonpath={.metadata.annotations.example\\.com/owner}"]).stdout == "ann"


def test_output_format_errors():
    c = Cluster(wait=False)
    r = c.kubectl("get ns -o yaml --show-labels")
    assert (r.stderr, r.exit_code) == ("error: --show-labels option cannot be used with yaml printer\n", 1)
    r = c.kubectl("get pods -o foo")
    assert r.exit_code == 1
    assert r.stderr == ('error: unable to match a printer suitable for the output format "foo", allowed formats are: '
                        "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,"
                        "jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n")


def test_services_and_configmaps_secrets_tables():
    c = Cluster(wait=False)
    c.api.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"},
                                "data": {"a": "1", "b": "2"}})
    c.api.create("secrets", {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "type": "Opaque",
                             "data": {"p": "eA=="}})
    assert c.kubectl("get cm cfg").stdout == "NAME   DATA   AGE\ncfg    2      0s\n"
    assert c.kubectl("get secret s").stdout == "NAME   TYPE     DATA   AGE\ns      Opaque   1      0s\n"
    assert c.kubectl("get svc -o wide").stdout == (
        "NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE   SELECTOR\n"
        "kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s    <none>\n")


def test_leases_and_generic_table():
    c = Cluster(wait=False)
    out = c.kubectl("get leases -n kube-node-lease").stdout.splitlines()
    assert out[0] == "NAME            HOLDER          AGE"
    assert out[1] == "control-plane   control-plane   0s"
    c.api.create("priorityclasses", {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
                                     "metadata": {"name": "high"}, "value": 1000})
    # PREEMPTIONPOLICY has priority 0 and kube-apiserver prints wide, so it is filled without -o wide
    assert c.kubectl("get pc high").stdout == (
        "NAME   VALUE   GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY\n"
        "high   1000    false            0s    PreemptLowerPriority\n")
    c.api.create("limitranges", {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "lr"},
                                 "spec": {"limits": [{"type": "Container", "default": {"cpu": "1"}}]}})
    assert c.kubectl("get limits").stdout == "NAME   CREATED AT\nlr     2025-01-01T00:00:00Z\n"


def test_flags_like_pflag():
    c = Cluster(wait=False)
    pod(c, "a", namespace="kube-public")
    assert c.kubectl("get pods -nkube-public -o name").stdout == "pod/a\n"
    assert c.kubectl("get pods --namespace=kube-public -oname").stdout == "pod/a\n"
    assert c.kubectl("-n kube-public get pods -o name").stdout == "pod/a\n"
    assert c.kubectl(["get", "pods", "--namespace", "kube-public", "--output", "name"]).stdout == "pod/a\n"
    r = c.kubectl("get pods --no-headers=maybe")
    assert r.stderr == ('Error: invalid argument "maybe" for "--no-headers" flag: strconv.ParseBool: parsing '
                        '"maybe": invalid syntax\nSee \'kubectl get --help\' for usage.\n')
    assert c.kubectl("kubectl get ns default -o name").stdout == "namespace/default\n"


def test_get_and_describe_print_a_manifest_error_without_the_error_prefix(tmp_path, monkeypatch):
    """get and describe return their errors as a utilerrors.Aggregate, which checkErr prints with no
    "error: " prefix (apply reduces a single error and keeps it); a missing path fails before, with it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.yaml").write_text("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: [\n")
    c = Cluster(workers=0, wait=False, addons=False)
    parse = "error parsing bad.yaml: error converting YAML to JSON: yaml: line 6: did not find expected node content\n"
    for verb in ("get", "describe"):
        assert (c.kubectl(f"{verb} -f bad.yaml").stderr, c.kubectl(f"{verb} -f bad.yaml").exit_code) == (parse, 1)
        assert c.kubectl(f"{verb} -f gone.yaml").stderr == 'error: the path "gone.yaml" does not exist\n'
    assert c.kubectl("apply -f bad.yaml").stderr == "error: " + parse
