"""Unit tests of kubectl's printers (per-kind table cells, tabwriter layout, go-yaml style YAML,
jsonpath, HumanDuration), its flag parser and the Result object."""
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from engine.kubectl import Result
from engine.kubectl.flags import Flag, FlagError, FlagSet
from engine.api import columns
from engine.kubectl.printers import jsonpath, table
from engine.kubectl.printers import yaml as yaml_printer
from engine.api.duration import human_duration

NOW = datetime(2025, 1, 1, 1, 0, 0, tzinfo=timezone.utc)
T0 = "2025-01-01T00:00:00Z"
CTX, WIDE = False, True
RESOURCES = {fn: SimpleNamespace(plural=plural, group=group) for (plural, group), fn in columns.HANDLERS.items()}


def shown(row_fn, obj, wide):
    """The text of the cells `kubectl get` shows of a server-printed row (-o wide or not)."""
    cells = row_fn(obj, columns.Ctx(NOW))
    return [columns.text(cells[i]) for i in columns.visible(RESOURCES[row_fn], wide)]


def meta(name="x", **more):
    return dict({"name": name, "creationTimestamp": T0}, **more)


@pytest.mark.parametrize("seconds,text", [
    (-5, "<invalid>"), (-1, "0s"), (0, "0s"), (5, "5s"), (119, "119s"), (120, "2m"), (123, "2m3s"),
    (599, "9m59s"), (600, "10m"), (179 * 60, "179m"), (3 * 3600, "3h"), (4 * 3600 + 5 * 60, "4h5m"),
    (8 * 3600, "8h"), (47 * 3600, "47h"), (48 * 3600, "2d"), (3 * 86400 + 5 * 3600, "3d5h"),
    (8 * 86400, "8d"), (729 * 86400, "729d"), (730 * 86400, "2y"), (800 * 86400, "2y70d"), (9 * 365 * 86400, "9y"),
])
def test_human_duration(seconds, text):
    assert human_duration(seconds) == text


def test_cells_cut_at_line_breaks():
    assert table.layout([["MESSAGE", "X"], ["line1\nline2", "y"], ["esc\x1b[31m", "z"]]) == \
        "MESSAGE     X\nline1...    y\nesc^[[31m   z\n"


def test_tabwriter_layout():
    assert table.layout([["NAME", "AGE"], ["a", "1s"]]) == "NAME   AGE\na      1s\n"
    assert table.layout([["A", "B", "C"], ["xxxxxxxx", "", "z"]]) == "A          B     C\nxxxxxxxx         z\n"


def test_deployment_and_replicaset_rows():
    d = {"metadata": meta("web"), "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                                           "template": {"spec": {"containers": [{"name": "a", "image": "nginx"},
                                                                                {"name": "b", "image": "redis"}]}}},
         "status": {"readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2}}
    assert shown(columns.deployment_row, d, CTX) == ["web", "2/3", "3", "2", "60m"]
    assert shown(columns.deployment_row, d, WIDE)[5:] == ["a,b", "nginx,redis", "app=web"]
    rs = dict(d, status={"replicas": 3, "readyReplicas": 1})
    assert shown(columns.replicaset_row, rs, CTX) == ["web", "3", "3", "1", "60m"]


def test_selector_formatting():
    sel = {"matchLabels": {"b": "2", "a": "1"},
           "matchExpressions": [{"key": "env", "operator": "In", "values": ["prod", "dev"]},
                                {"key": "gone", "operator": "DoesNotExist"}]}
    assert columns.format_selector(sel) == "a=1,b=2,env in (dev,prod),!gone"
    assert columns.format_selector({}) == "<none>"


def test_service_rows():
    svc = {"metadata": meta("web"), "spec": {"type": "NodePort", "clusterIPs": ["10.96.1.2"], "selector": {"app": "web"},
                                             "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"},
                                                       {"port": 53, "protocol": "UDP"}]}}
    assert shown(columns.service_row, svc, WIDE) == ["web", "NodePort", "10.96.1.2", "<none>", "80:30080/TCP,53/UDP",
                                              "60m", "app=web"]
    lb = {"metadata": meta("lb"), "spec": {"type": "LoadBalancer", "clusterIPs": ["10.96.1.3"], "ports": []}}
    assert shown(columns.service_row, lb, CTX)[3:5] == ["<pending>", "<none>"]
    lb["status"] = {"loadBalancer": {"ingress": [{"ip": "203.0.113.20"}, {"hostname": "lb.example.com"},
                                                 {"ip": "203.0.113.10"}]}}
    # the server prints wide (TableConvertor's GenerateOptions{Wide: true}): the address is never cut to 16
    assert shown(columns.service_row, lb, CTX)[3] == "203.0.113.10,203.0.113.20,lb.example.com"
    assert shown(columns.service_row, lb, WIDE)[3] == "203.0.113.10,203.0.113.20,lb.example.com"
    ext = {"metadata": meta("e"), "spec": {"type": "ExternalName", "externalName": "example.com"}}
    assert shown(columns.service_row, ext, CTX)[2:4] == ["<none>", "example.com"]


def test_job_and_cronjob_rows():
    job = {"metadata": meta("j"), "spec": {"completions": 3},
           "status": {"succeeded": 1, "startTime": T0, "conditions": []}}
    assert shown(columns.job_row, job, CTX) == ["j", "Running", "1/3", "60m", "60m"]
    done = {"metadata": meta("j"), "spec": {"completions": 1},
            "status": {"succeeded": 1, "startTime": T0, "completionTime": "2025-01-01T00:00:07Z",
                       "conditions": [{"type": "Complete", "status": "True"}]}}
    assert shown(columns.job_row, done, CTX) == ["j", "Complete", "1/1", "7s", "60m"]
    assert shown(columns.job_row, {"metadata": meta("p"), "spec": {"parallelism": 2}, "status": {}}, CTX)[2] == "0/1 of 2"
    cj = {"metadata": meta("c"), "spec": {"schedule": "*/1 * * * *", "suspend": False},
          "status": {"lastScheduleTime": "2025-01-01T00:59:00Z", "active": [{"name": "a"}]}}
    assert shown(columns.cronjob_row, cj, CTX) == ["c", "*/1 * * * *", "<none>", "False", "1", "60s", "60m"]


def test_daemonset_statefulset_rows():
    ds = {"metadata": meta("d"), "spec": {"template": {"spec": {"nodeSelector": {"kubernetes.io/os": "linux"}}}},
          "status": {"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2,
                     "updatedNumberScheduled": 3, "numberAvailable": 2}}
    assert shown(columns.daemonset_row, ds, CTX) == ["d", "3", "3", "2", "3", "2", "kubernetes.io/os=linux", "60m"]
    sts = {"metadata": meta("s"), "spec": {"replicas": 2}, "status": {"readyReplicas": 1}}
    assert shown(columns.statefulset_row, sts, CTX) == ["s", "1/2", "60m"]


def test_node_row_roles_and_conditions():
    node = {"metadata": meta("n", labels={"node-role.kubernetes.io/control-plane": "", "kubernetes.io/role": "x"}),
            "spec": {"unschedulable": True},
            "status": {"conditions": [{"type": "Ready", "status": "Unknown"}], "nodeInfo": {"kubeletVersion": "v1.32.0"}}}
    assert shown(columns.node_row, node, CTX) == ["n", "NotReady,SchedulingDisabled", "control-plane,x", "60m", "v1.32.0"]


def test_event_endpoints_ingress_hpa_rows():
    ev = {"metadata": meta("web.1"), "type": "Normal", "reason": "Scheduled", "message": " done \n",
          "involvedObject": {"kind": "Pod", "name": "web"}, "firstTimestamp": T0, "lastTimestamp": "2025-01-01T00:59:30Z",
          "count": 2, "source": {"component": "default-scheduler"}}
    assert shown(columns.event_row, ev, CTX) == ["30s", "Normal", "Scheduled", "pod/web", "done"]
    assert shown(columns.event_row, ev, WIDE) == ["30s", "Normal", "Scheduled", "pod/web", "", "default-scheduler", "done",
                                           "60m", "2", "web.1"]
    ep = {"metadata": meta("e"), "subsets": [{"addresses": [{"ip": f"10.0.0.{i}"} for i in range(5)],
                                              "ports": [{"port": 80}]}]}
    assert shown(columns.endpoints_row, ep, CTX) == ["e", "10.0.0.0:80,10.0.0.1:80,10.0.0.2:80 + 2 more...", "60m"]
    assert shown(columns.endpoints_row, {"metadata": meta("e")}, CTX) == ["e", "<none>", "60m"]
    ing = {"metadata": meta("i"), "spec": {"ingressClassName": "nginx", "rules": [{"host": "a.com"}, {}],
                                           "tls": [{"hosts": ["a.com"]}]}}
    assert shown(columns.ingress_row, ing, CTX) == ["i", "nginx", "a.com", "", "80, 443", "60m"]
    hpa = {"metadata": meta("h"), "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "minReplicas": 1,
                                           "maxReplicas": 5, "metrics": [{"type": "Resource", "resource": {
                                               "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}]},
           "status": {"currentReplicas": 2}}
    assert shown(columns.hpa_row, hpa, CTX) == ["h", "Deployment/web", "cpu: <unknown>/80%", "1", "5", "2", "60m"]
    hpa["status"]["currentMetrics"] = [{"type": "Resource", "resource": {"name": "cpu", "current": {"averageUtilization": 42}}}]
    hpa["spec"]["metrics"] += [{"type": "Pods", "pods": {"target": {"averageValue": "1k"}}},
                               {"type": "Resource", "resource": {"name": "memory", "target": {"type": "AverageValue",
                                                                                           "averageValue": "100Mi"}}}]
    assert shown(columns.hpa_row, hpa, CTX)[2] == "cpu: 42%/80%, <unknown>/1k + 1 more..."


def test_volume_rows():
    pv = {"metadata": meta("pv1"), "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteMany", "ReadWriteOnce"],
                                            "persistentVolumeReclaimPolicy": "Retain", "storageClassName": "manual",
                                            "claimRef": {"namespace": "default", "name": "c"}},
          "status": {"phase": "Bound"}}
    assert shown(columns.pv_row, pv, CTX) == ["pv1", "1Gi", "RWO,RWX", "Retain", "Bound", "default/c", "manual", "<unset>",
                                       "", "60m"]
    pvc = {"metadata": meta("c"), "spec": {"volumeName": "pv1", "storageClassName": "manual"},
           "status": {"phase": "Bound", "capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"]}}
    assert shown(columns.pvc_row, pvc, WIDE) == ["c", "Bound", "pv1", "1Gi", "RWO", "manual", "<unset>", "60m", "<unset>"]


def test_small_kinds():
    assert shown(columns.configmap_row, {"metadata": meta("c"), "data": {"a": "1"}, "binaryData": {"b": "eA=="}}, CTX) == \
        ["c", "2", "60m"]
    assert shown(columns.secret_row, {"metadata": meta("s"), "type": "Opaque"}, CTX) == ["s", "Opaque", "0", "60m"]
    assert shown(columns.serviceaccount_row, {"metadata": meta("default")}, CTX) == ["default", "0", "60m"]
    assert shown(columns.namespace_row, {"metadata": meta("n"), "status": {"phase": "Terminating"}}, CTX) == \
        ["n", "Terminating", "60m"]
    assert shown(columns.lease_row, {"metadata": meta("l"), "spec": {}}, CTX) == ["l", "", "60m"]


@pytest.mark.parametrize("value,text", [
    ({"a": "yes"}, 'a: "yes"\n'),
    ({"a": "1"}, 'a: "1"\n'),
    ({"a": ""}, 'a: ""\n'),
    ({"a": None, "b": True, "c": 1.5, "d": 3}, "a: null\nb: true\nc: 1.5\nd: 3\n"),
    ({"n": "y"}, '"n": "y"\n'),
    ({"a": "2025-01-01T00:00:00Z"}, 'a: "2025-01-01T00:00:00Z"\n'),
    ({"a": "a: b", "b": "#x", "c": "x #y", "d": "- x", "e": "*x"}, "a: 'a: b'\nb: '#x'\nc: 'x #y'\nd: '- x'\ne: '*x'\n"),
    ({"a": "it's: x"}, "a: 'it''s: x'\n"),
    ({"a": "l1\nl2"}, "a: |-\n  l1\n  l2\n"),
    ({"a": "l1\n"}, "a: |\n  l1\n"),
    ({"a": [{"b": [1, {"c": "d"}]}, [], {}]}, "a:\n- b:\n  - 1\n  - c: d\n- []\n- {}\n"),
    ({"k10": 1, "k9": 2, "K": 3, "_": 4}, "_: 4\nK: 3\nk9: 2\nk10: 1\n"),
    ({"a": "x\ty"}, 'a: "x\\ty"\n'),
])
def test_yaml_printer(value, text):
    assert yaml_printer.dumps(value) == text


def test_yaml_keys_sort_like_go_yaml():
    # real kubectl's order ("1a" left out: go-yaml's Less is not transitive with "9" and "10")
    keys = ["_", "9", "10", "K", "a-b", "a.b", "a_b", "a0", "a00", "a01", "a9", "a10", "aB"]
    shuffled = sorted(keys, reverse=True)
    assert yaml_printer.dumps({k: 1 for k in shuffled}).splitlines() == \
        [(f'"{k}"' if k.isdigit() else k) + ": 1" for k in keys]


def test_yaml_long_plain_string_folds_at_80_columns():
    text = yaml_printer.dumps({"spec": {"args": ["word " * 19 + "end"]}})
    assert text == ("spec:\n  args:\n  - word word word word word word word word word word word word word word word word\n"
                    "    word word word end\n")


def test_jsonpath_dialect():
    obj = {"items": [{"metadata": {"name": "a", "labels": {"app": "x"}}, "n": 1},
                     {"metadata": {"name": "b"}, "n": 3}]}
    assert jsonpath.render("{.items[*].metadata.name}", obj) == "a b"
    assert jsonpath.render("{.items[?(@.n>2)].metadata.name}", obj) == "b"
    assert jsonpath.render("{.items[?(@.metadata.labels.app)].metadata.name}", obj) == "a"
    assert jsonpath.render("{..name}", obj) == "a b"
    assert jsonpath.render("{.items[0]['n']}", obj) == "1"
    assert jsonpath.render("{range .items[*]}[{.metadata.name}]{end}", obj) == "[a][b]"
    assert jsonpath.render("names: {$.items[1:].metadata.name}", obj) == "names: b"
    # no {end}: the range runs to the end, then client-go carries on after the {range} node (kubectl v1.32 prints
    # `nginx,,` for `{range .spec.template.spec.containers[*]}{.name},` of a one-container Deployment)
    assert jsonpath.render("{range .items[*]}{.n},", obj) == "1,3,,"
    assert jsonpath.render("{.missing}{.items[0].metadata}", {"missing": None, "items": [{"metadata": {"a": "<b>"}}]}) == \
        'null{"a":"\\u003cb\\u003e"}'
    with pytest.raises(jsonpath.JSONPathError):
        jsonpath.render("{.items[0}", obj)
    assert jsonpath.render_json("{.items[*].metadata.name}", obj) == '[\n    "a",\n    "b"\n]\n'
    assert jsonpath.render_json("{.missing}", obj) == "[]\n"


def test_flag_parser_like_pflag():
    flags = FlagSet([Flag("recursive", "R", "bool"), Flag("filename", "f", "slice"), Flag("output", "o"),
                     Flag("replicas", "r", "int", default=1), Flag("dry-run", no_opt_default="unchanged")])
    values, args, dash = flags.parse(["-Rf", "a.yaml", "-f=b.yaml,c.yaml", "x", "--dry-run", "--", "-n", "y"])
    assert values["recursive"] is True and values["filename"] == ["a.yaml", "b.yaml", "c.yaml"]
    assert values["dry-run"] == "unchanged" and args == ["x", "-n", "y"] and dash == 1
    values, _, _ = flags.parse(["-oyaml", "-nteam", "-r3"])
    assert (values["output"], values["namespace"], values["replicas"]) == ("yaml", "team", 3)
    for argv, message in [(["--foo"], "unknown flag: --foo"), (["-x"], "unknown shorthand flag: 'x' in -x"),
                          (["-o"], "flag needs an argument: 'o' in -o"), (["--output"], "flag needs an argument: --output"),
                          (["-r", "x"], 'invalid argument "x" for "-r, --replicas" flag: strconv.ParseInt: '
                                        'parsing "x": invalid syntax')]:
        with pytest.raises(FlagError) as e:
            flags.parse(argv)
        assert str(e.value) == message


def test_result_shows_like_a_terminal():
    r = Result("out\n", "err\n", 1)
    assert repr(r) == "out\nerr" and not r and not r.ok
    assert bool(Result("x\n", "", 0)) and Result("x\n", "", 0).ok


def test_more_kinds_and_default_table():
    pc = {"metadata": meta("high"), "value": 1000, "preemptionPolicy": "Never"}
    # PREEMPTIONPOLICY has priority 0 and the server prints wide: filled without -o wide too
    assert shown(columns.priorityclass_row, pc, CTX) == ["high", "1000", "false", "60m", "Never"]
    sc = {"metadata": meta("standard", annotations={"storageclass.kubernetes.io/is-default-class": "true"}),
          "provisioner": "rancher.io/local-path", "volumeBindingMode": "WaitForFirstConsumer"}
    assert shown(columns.storageclass_row, sc, CTX) == ["standard (default)", "rancher.io/local-path", "Delete",
                                                 "WaitForFirstConsumer", "false", "60m"]
    pdb = {"metadata": meta("p"), "spec": {"minAvailable": "50%"}, "status": {"disruptionsAllowed": 1}}
    assert shown(columns.pdb_row, pdb, CTX) == ["p", "50%", "N/A", "1", "60m"]
    cr = {"metadata": meta("ds-5d", ownerReferences=[{"apiVersion": "apps/v1", "kind": "DaemonSet", "name": "ds",
                                                       "controller": True}]), "revision": 2}
    assert shown(columns.controllerrevision_row, cr, CTX) == ["ds-5d", "daemonset.apps/ds", "2", "60m"]
    rq = {"metadata": meta("q"), "status": {"hard": {"pods": "2", "limits.cpu": "2", "cpu": "1"},
                                            "used": {"pods": "1", "cpu": "0", "limits.cpu": "500m"}}}
    assert shown(columns.resourcequota_row, rq, CTX) == ["q", "cpu: 0/1, pods: 1/2", "limits.cpu: 500m/2", "60m"]
    rb = {"metadata": meta("rb"), "roleRef": {"kind": "Role", "name": "r"},
          "subjects": [{"kind": "User", "name": "a"}, {"kind": "User", "name": "b"},
                       {"kind": "ServiceAccount", "namespace": "ns", "name": "sa"}]}
    assert shown(columns.rolebinding_row, rb, WIDE) == ["rb", "Role/r", "60m", "a, b", "", "ns/sa"]

    class Role:
        plural, group = "roles", "rbac.authorization.k8s.io"
    assert columns.header(Role, False) == ["NAME", "CREATED AT"]
    assert columns.handler(Role)({"metadata": meta("r")}, columns.Ctx(NOW)) == ["r", T0]
