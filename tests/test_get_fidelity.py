"""kubectl get against kube-apiserver v1.32's server-side printing: the Table's columnDefinitions (printers.go's names,
types, formats, descriptions, priorities), typed cells, the server printing wide while kubectl hides priority-1 columns,
and per-kind cells (node roles, PV/PVC, EndpointSlice and Ingress lists, events, the kinds added here)."""
import pytest

from engine import Cluster
from engine.api.errors import ApiError
from engine.api.columns import parse_time

NAME_DOC = ("Name must be unique within a namespace. Is required when creating resources, although some resources may "
            "allow a client to request the generation of an appropriate name automatically. Name is primarily intended "
            "for creation idempotence and configuration definition. Cannot be updated. More info: "
            "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names")


def test_column_definitions_are_the_servers_and_always_all_there():
    c = Cluster(wait=False)
    pods = c.api.table("pods", namespace="default")
    assert pods["columnDefinitions"][0] == {"name": "Name", "type": "string", "format": "name",
                                            "description": NAME_DOC, "priority": 0}
    assert pods["columnDefinitions"][5] == {
        "name": "IP", "type": "string", "format": "", "priority": 1,
        "description": "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet "
                       "allocated."}
    assert pods["columnDefinitions"][4]["description"].startswith(
        "CreationTimestamp is a timestamp representing the server time when this object was created.")
    deployments = c.api.table("deployments", namespace="kube-system")
    assert [(d["name"], d["type"], d["priority"]) for d in deployments["columnDefinitions"]] == [
        ("Name", "string", 0), ("Ready", "string", 0), ("Up-to-date", "string", 0), ("Available", "string", 0),
        ("Age", "string", 0), ("Containers", "string", 1), ("Images", "string", 1), ("Selector", "string", 1)]
    # no printer: rest.defaultTableConvertor's Name and a `date` Created At
    roles = c.api.table("roles", namespace="kube-system")
    assert [(d["name"], d["type"], d["format"]) for d in roles["columnDefinitions"]] == [
        ("Name", "string", "name"), ("Created At", "date", "")]
    # the server prints wide (GenerateOptions{Wide: true}): every cell comes, kubectl drops the priority-1 ones
    [coredns] = deployments["rows"][:1]
    assert coredns["cells"] == ["coredns", "0/2", 2, 0, "0s", "coredns", "registry.k8s.io/coredns/coredns:v1.11.3",
                                "k8s-app=kube-dns"]


def test_int64_and_bool_cells_are_json_numbers_and_booleans():
    c = Cluster(wait=False)
    assert c.api.table("priorityclasses", name="system-node-critical")["rows"][0]["cells"] == [
        "system-node-critical", 2000001000, False, "0s", "PreemptLowerPriority"]
    assert c.api.table("storageclasses")["rows"][0]["cells"] == [
        "standard (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", False, "0s"]
    assert c.api.table("configmaps", namespace="kube-system", name="coredns")["rows"][0]["cells"] == ["coredns", 1, "0s"]
    assert c.kubectl("get cm coredns -n kube-system").stdout == "NAME      DATA   AGE\ncoredns   1      0s\n"


def test_load_balancer_and_ingress_addresses_are_not_cut():
    c = Cluster(wait=False)
    c.apply("""
apiVersion: v1
kind: Service
metadata: {name: lb}
spec:
  type: LoadBalancer
  ports: [{port: 80, nodePort: 30080}]
  selector: {app: web}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  ingressClassName: nginx
  tls: [{hosts: [a.example.com], secretName: tls}]
  rules:
  - host: a.example.com
  - host: b.example.com
  - host: c.example.com
  - host: d.example.com
  - http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
""")
    assert c.kubectl("get svc lb").stdout.split("\n")[1].split()[3] == "<pending>"
    svc = c.api.get("services", "lb", "default")
    svc["status"] = {"loadBalancer": {"ingress": [{"hostname": "a1b2c3d4e5f6-1234567890.eu-west-1.elb.amazonaws.com"}]}}
    c.api.update("services", svc, subresource="status")
    ing = c.api.get("ingresses", "web", "default")
    ing["status"] = {"loadBalancer": {"ingress": [{"ip": "203.0.113.10"}, {"ip": "203.0.113.9"},
                                                  {"hostname": "ingress.example.com"}]}}
    c.api.update("ingresses", ing, subresource="status")
    ip = svc["spec"]["clusterIP"]
    assert c.kubectl("get svc lb").stdout == (
        f"NAME   TYPE           CLUSTER-IP{' ' * (len(ip) - 7)}EXTERNAL-IP                                           "
        "PORT(S)        AGE\n"
        f"lb     LoadBalancer   {ip}   a1b2c3d4e5f6-1234567890.eu-west-1.elb.amazonaws.com   80:30080/TCP   0s\n")
    assert c.kubectl("get ingress").stdout == (
        "NAME   CLASS   HOSTS                                                   ADDRESS                                  "
        "      PORTS     AGE\n"
        "web    nginx   a.example.com,b.example.com,c.example.com + 2 more...   203.0.113.10,203.0.113.9,ingress.example.com"
        "   80, 443   0s\n")


def test_events_columns_wide_and_show_kind_on_the_hidden_name_column():
    c = Cluster(wait=False)
    c.apply("""
apiVersion: v1
kind: Event
metadata: {name: web.1}
involvedObject: {kind: Pod, name: web, namespace: default, fieldPath: "spec.containers{app}"}
reason: BackOff
message: "Back-off restarting failed container app\\n"
type: Warning
source: {component: kubelet, host: worker-1}
firstTimestamp: "2024-12-31T23:59:00Z"
lastTimestamp: "2024-12-31T23:59:50Z"
count: 7
---
apiVersion: v1
kind: Event
metadata: {name: cm.2}
involvedObject: {kind: ConfigMap, namespace: default}
reason: Odd
message: no name
type: Normal
reportingComponent: my-controller
""")
    mine = "--field-selector=type!=Normal,reason!=RegisteredNode"
    assert c.kubectl("get events --field-selector=reason!=RegisteredNode").stdout == (
        "LAST SEEN   TYPE      REASON    OBJECT      MESSAGE\n"
        "<unknown>   Normal    Odd       configmap   no name\n"
        "10s         Warning   BackOff   pod/web     Back-off restarting failed container app\n")
    assert c.kubectl("get events -o wide --field-selector=reason!=RegisteredNode").stdout == (
        "LAST SEEN   TYPE      REASON    OBJECT      SUBOBJECT              SOURCE              MESSAGE              "
        "                      FIRST SEEN   COUNT   NAME\n"
        "<unknown>   Normal    Odd       configmap                          my-controller       no name              "
        "                      <unknown>    1       cm.2\n"
        "10s         Warning   BackOff   pod/web     spec.containers{app}   kubelet, worker-1   Back-off restarting "
        "failed container app   60s          7       web.1\n")
    # --show-kind prefixes the Name column (format name), which only -o wide shows for events
    assert c.kubectl(f"get events --show-kind {mine}").stdout.split("\n")[1] == \
        "10s         Warning   BackOff   pod/web   Back-off restarting failed container app"
    assert c.kubectl(f"get events --show-kind -o wide {mine}").stdout.split("\n")[1].endswith("   7       event/web.1")


def test_node_roles_status_and_wide():
    c = Cluster(wait=False, workers=2)
    assert c.kubectl("label node worker-1 node-role.kubernetes.io/worker= kubernetes.io/role=infra").ok
    c.kubectl("label node worker-2 kubernetes.io/role=")  # an empty kubernetes.io/role is no role
    c.kubectl("cordon worker-1")
    assert c.kubectl("get nodes").stdout == (
        "NAME            STATUS                     ROLES           AGE   VERSION\n"
        "control-plane   Ready                      control-plane   0s    v1.32.0\n"
        "worker-1        Ready,SchedulingDisabled   infra,worker    0s    v1.32.0\n"
        "worker-2        Ready                      <none>          0s    v1.32.0\n")


def test_persistent_volume_and_claim_columns():
    c = Cluster(wait=False)
    c.apply("""
apiVersion: v1
kind: PersistentVolume
metadata: {name: pv1}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce, ReadWriteMany]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: manual
  hostPath: {path: /data}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: later}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 2Gi}}
""")
    c.advance(10)
    assert c.kubectl("get pv,pvc").stdout == (
        "NAME                   CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM          STORAGECLASS   "
        "VOLUMEATTRIBUTESCLASS   REASON   AGE\n"
        "persistentvolume/pv1   1Gi        RWO,RWX        Retain           Bound    default/data   manual         "
        "<unset>                          10s\n"
        "\n"
        "NAME                          STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   "
        "VOLUMEATTRIBUTESCLASS   AGE\n"
        "persistentvolumeclaim/data    Bound     pv1      1Gi        RWO,RWX        manual         <unset>                 10s\n"
        "persistentvolumeclaim/later   Pending                                      standard       <unset>                 10s\n")
    assert c.kubectl("get pvc -o wide").stdout.split("\n")[0].endswith("   AGE   VOLUMEMODE")
    assert c.kubectl("get pv -o wide").stdout.split("\n")[1].endswith("   10s   Filesystem")


def test_endpointslice_lists_with_more():
    c = Cluster(wait=False)
    c.apply("""
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: many}
addressType: IPv4
ports: [{port: 80}, {port: 443}, {name: dns}, {}]
endpoints:
- addresses: [10.0.0.1, 10.0.0.2]
- addresses: [10.0.0.3]
- addresses: [10.0.0.4, 10.0.0.5]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: empty}
addressType: IPv6
""")
    assert c.kubectl("get endpointslices many empty").stdout == (
        "NAME    ADDRESSTYPE   PORTS                    ENDPOINTS                                AGE\n"
        "many    IPv4          80,443,dns + 1 more...   10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...   0s\n"
        "empty   IPv6          <unset>                  <unset>                                  0s\n")


def test_kinds_printed_by_their_own_printers():
    c = Cluster(wait=False)
    create = c.api.create
    create("runtimeclasses", {"apiVersion": "node.k8s.io/v1", "kind": "RuntimeClass", "metadata": {"name": "gvisor"},
                              "handler": "runsc"})
    create("csidrivers", {"apiVersion": "storage.k8s.io/v1", "kind": "CSIDriver", "metadata": {"name": "ebs.csi.aws.com"},
                          "spec": {"tokenRequests": [{"audience": "sts"}, {"audience": "vault"}],
                                   "volumeLifecycleModes": ["Persistent", "Ephemeral"]}})
    create("volumeattachments", {"apiVersion": "storage.k8s.io/v1", "kind": "VolumeAttachment",
                                 "metadata": {"name": "csi-123"},
                                 "spec": {"attacher": "ebs.csi.aws.com", "nodeName": "worker-1",
                                          "source": {"persistentVolumeName": "pv1"}}})
    create("validatingwebhookconfigurations", {
        "apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingWebhookConfiguration",
        "metadata": {"name": "check"},
        "webhooks": [{"name": f"{n}.example.com", "clientConfig": {"url": f"https://example.com/{n}"},
                      "admissionReviewVersions": ["v1"], "sideEffects": "None"} for n in "ab"]})
    create("validatingadmissionpolicybindings", {
        "apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicyBinding",
        "metadata": {"name": "any-limits"},
        "spec": {"policyName": "replicas", "validationActions": ["Deny"],
                 "paramRef": {"name": "limits", "parameterNotFoundAction": "Deny"}}})
    for name, precedence in (("zz-first", 100), ("aa-later", 9000)):
        create("flowschemas", {"apiVersion": "flowcontrol.apiserver.k8s.io/v1", "kind": "FlowSchema",
                               "metadata": {"name": name},
                               "spec": {"priorityLevelConfiguration": {"name": "workload-low"},
                                        "matchingPrecedence": precedence}})
    create("prioritylevelconfigurations", {
        "apiVersion": "flowcontrol.apiserver.k8s.io/v1", "kind": "PriorityLevelConfiguration",
        "metadata": {"name": "workload-low"},
        "spec": {"type": "Limited", "limited": {"nominalConcurrencyShares": 100, "limitResponse": {
            "type": "Queue", "queuing": {"queues": 128, "handSize": 6, "queueLengthLimit": 50}}}}})
    create("prioritylevelconfigurations", {
        "apiVersion": "flowcontrol.apiserver.k8s.io/v1", "kind": "PriorityLevelConfiguration",
        "metadata": {"name": "exempt"}, "spec": {"type": "Exempt", "exempt": {}}})
    create("apiservices", {"apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService",
                           "metadata": {"name": "v1beta1.metrics.k8s.io"},
                           "spec": {"group": "metrics.k8s.io", "version": "v1beta1", "groupPriorityMinimum": 100,
                                    "versionPriority": 100,
                                    "service": {"namespace": "kube-system", "name": "metrics-server"}}})
    service = c.api.get("apiservices", "v1beta1.metrics.k8s.io")
    service["status"] = {"conditions": [{"type": "Available", "status": "False", "reason": "MissingEndpoints",
                                         "lastTransitionTime": "2025-01-01T00:00:00Z"}]}
    c.api.update("apiservices", service, subresource="status")
    c.advance(5)
    get = lambda what: c.kubectl(f"get {what}").stdout
    assert get("runtimeclasses") == "NAME     HANDLER   AGE\ngvisor   runsc     5s\n"
    assert get("csidrivers") == (
        "NAME              ATTACHREQUIRED   PODINFOONMOUNT   STORAGECAPACITY   TOKENREQUESTS   REQUIRESREPUBLISH   "
        "MODES                  AGE\n"
        "ebs.csi.aws.com   true             false            false             sts,vault       false               "
        "Persistent,Ephemeral   5s\n")
    assert get("volumeattachments") == (
        "NAME      ATTACHER          PV    NODE       ATTACHED   AGE\n"
        "csi-123   ebs.csi.aws.com   pv1   worker-1   false      5s\n")
    assert get("validatingwebhookconfigurations") == "NAME    WEBHOOKS   AGE\ncheck   2          5s\n"
    assert get("validatingadmissionpolicybindings") == (
        "NAME         POLICYNAME   PARAMREF   AGE\n"
        "any-limits   replicas     */limits   5s\n")
    # printFlowSchemaList orders by matching precedence, then name
    assert get("flowschemas") == (
        "NAME       PRIORITYLEVEL   MATCHINGPRECEDENCE   DISTINGUISHERMETHOD   AGE   MISSINGPL\n"
        "zz-first   workload-low    100                  <none>                5s    ?\n"
        "aa-later   workload-low    9000                 <none>                5s    ?\n")
    assert get("prioritylevelconfigurations") == (
        "NAME           TYPE      NOMINALCONCURRENCYSHARES   QUEUES   HANDSIZE   QUEUELENGTHLIMIT   AGE\n"
        "exempt         Exempt    <none>                     <none>   <none>     <none>             5s\n"
        "workload-low   Limited   100                        128      6          50                 5s\n")
    assert get("apiservices") == (
        "NAME                     SERVICE                      AVAILABLE                  AGE\n"
        "v1beta1.metrics.k8s.io   kube-system/metrics-server   False (MissingEndpoints)   5s\n")
    # CSIStorageCapacity's store registers the default convertor although printers.go has a printer for it
    create("csistoragecapacities", {"apiVersion": "storage.k8s.io/v1", "kind": "CSIStorageCapacity",
                                    "metadata": {"name": "cap"}, "storageClassName": "standard", "capacity": "10Gi"},
           namespace="default")
    assert get("csistoragecapacities") == "NAME   CREATED AT\ncap    2025-01-01T00:00:05Z\n"


def test_several_kinds_no_headers_label_columns_and_custom_columns():
    c = Cluster(wait=False)
    c.apply("""
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, labels: {app: web, tier: fe}}
data: {a: "1", b: "2"}
---
apiVersion: v1
kind: Secret
metadata: {name: tok, labels: {app: web}}
stringData: {t: x}
""")
    assert c.kubectl("get cm,secret -l app=web -L tier --show-labels").stdout == (
        "NAME            DATA   AGE   TIER   LABELS\n"
        "configmap/cfg   2      0s    fe     app=web,tier=fe\n"
        "\n"
        "NAME         TYPE     DATA   AGE   TIER   LABELS\n"
        "secret/tok   Opaque   1      0s           app=web\n")
    assert c.kubectl("get cm,secret -l app=web --no-headers").stdout == (
        "configmap/cfg   2     0s\n"
        "secret/tok   Opaque   1     0s\n")
    assert c.kubectl("get cm,secret -l app=web -o custom-columns=KIND:.kind,NAME:.metadata.name "
                     "--sort-by=.metadata.name").stdout == (
        "KIND        NAME\n"
        "ConfigMap   cfg\n"
        "Secret      tok\n")


def test_job_completions_duration_and_cronjob_last_schedule():
    c = Cluster(workers=1)
    c.kubectl("create job pi --image=busybox -- sh -c 'sleep 3'")
    c.api.create("jobs", {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "par"},
                          "spec": {"parallelism": 2, "suspend": True, "template": {"spec": {
                              "restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]}}}},
                 namespace="default")
    c.kubectl("create cronjob tick --image=busybox --schedule='*/1 * * * *' -- sh -c 'echo hi'")
    assert c.kubectl("get cronjobs").stdout == (
        "NAME   SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\n"
        "tick   */1 * * * *   <none>     False     0        <none>          0s\n")
    c.advance(70)
    jobs = c.kubectl("get jobs").stdout.split("\n")
    assert jobs[:3] == ["NAME            STATUS      COMPLETIONS   DURATION   AGE",
                        "par             Suspended   0/1 of 2                 70s",
                        "pi              Complete    1/1           5s         70s"]
    cron = c.kubectl("get cronjobs").stdout.split("\n")[1]
    last = parse_time(c.api.get("cronjobs", "tick", "default")["status"]["lastScheduleTime"])
    since = int((parse_time(c.clock.timestamp()) - last).total_seconds())
    assert cron == f"tick   */1 * * * *   <none>     False     0        {since}s             70s"


def test_a_finished_pods_row_is_marked_completed():
    c = Cluster(workers=1)
    c.kubectl("run once --image=busybox --restart=Never -- sh -c 'exit 0'")
    c.kubectl("run web --image=nginx")
    c.advance(10)
    rows = {row["cells"][0]: row for row in c.api.table("pods", namespace="default")["rows"]}
    assert rows["once"]["cells"][2] == "Completed"
    assert rows["once"]["conditions"] == [{"type": "Completed", "status": "True", "reason": "Succeeded",
                                           "message": "The pod has completed successfully."}]
    assert "conditions" not in rows["web"]


def test_watch_rows_show_the_same_columns_as_get():
    c = Cluster(wait=False)
    c.apply("""
apiVersion: v1
kind: Event
metadata: {name: web.1}
involvedObject: {kind: Pod, name: web, namespace: default, fieldPath: "spec.containers{app}"}
reason: BackOff
message: Back-off restarting failed container app
type: Warning
source: {component: kubelet, host: worker-1}
firstTimestamp: "2024-12-31T23:59:00Z"
lastTimestamp: "2024-12-31T23:59:50Z"
count: 7
""")
    # MESSAGE follows the hidden SUBOBJECT and SOURCE columns
    assert c.kubectl("get events -w --field-selector=reason=BackOff --request-timeout=2s").stdout == (
        "LAST SEEN   TYPE      REASON    OBJECT    MESSAGE\n"
        "10s         Warning   BackOff   pod/web   Back-off restarting failed container app\n")


def test_a_time_ahead_of_the_server_is_invalid_and_one_second_is_tolerated():
    c = Cluster(wait=False)
    for name, seen in (("ahead", "2025-01-01T00:00:05Z"), ("skew", "2025-01-01T00:00:01Z")):
        c.api.create("events", {"apiVersion": "v1", "kind": "Event", "metadata": {"name": name},
                                "involvedObject": {"kind": "Pod", "name": "web", "namespace": "default"},
                                "reason": "Clock", "message": name, "type": "Normal", "lastTimestamp": seen,
                                "firstTimestamp": seen}, namespace="default")
    assert c.kubectl("get events --field-selector=reason=Clock").stdout == (
        "LAST SEEN   TYPE     REASON   OBJECT    MESSAGE\n"
        "<invalid>   Normal   Clock    pod/web   ahead\n"
        "0s          Normal   Clock    pod/web   skew\n")


def test_include_object_none_and_a_bad_value():
    c = Cluster(wait=False)
    [row] = c.api.table("configmaps", namespace="kube-system", name="coredns", include_object="None")["rows"]
    assert row == {"cells": ["coredns", 1, "0s"], "object": None}
    with pytest.raises(ApiError) as e:
        c.api.table("configmaps", namespace="kube-system", include_object="Everything")
    assert (e.value.code, e.value.message) == (400, 'unrecognized includeObject value: "Everything"')


def test_sort_by_sorts_within_each_table_and_fails_across_tables():
    c = Cluster(wait=False)
    for name in ("b", "a"):
        c.api.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}},
                     namespace="default")
        c.api.create("serviceaccounts", {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": f"sa-{name}"}},
                     namespace="default")
    # RuntimeSorter sorts get.go's infos (one Table per kind) by the field first: a Table has no metadata.name
    r = c.kubectl("get cm,sa --sort-by=.metadata.creationTimestamp")
    assert (r.stdout, r.stderr, r.exit_code) == (
        "", 'error: couldn\'t find any field with path "{.metadata.creationTimestamp}" in the list of objects\n', 1)
    # a field every Table has (all equal) keeps their order; each table's rows are then sorted
    assert c.kubectl("get cm,sa --sort-by=.kind --no-headers -l '!x'").stdout == (
        "configmap/a                  0     0s\n"
        "configmap/b                  0     0s\n"
        "configmap/kube-root-ca.crt   1     0s\n"
        "serviceaccount/default   0     0s\n"
        "serviceaccount/sa-a      0     0s\n"
        "serviceaccount/sa-b      0     0s\n")
