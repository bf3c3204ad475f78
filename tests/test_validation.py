"""Semantic validation through the API server: 422 Invalid with kube-apiserver v1.32's exact messages,
and every manifest of the Kubernetes documentation that v1.32 accepts passes."""
import copy

import pytest

from engine import Cluster
from engine.api import ApiError
from engine.api.errors import FieldError
from engine.api.validation import batch, names

SUBDOMAIN = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
             "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
             "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
LABEL = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
         "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
         "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
DNS1035 = ("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
           "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
           "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")


@pytest.fixture
def c():
    return Cluster()


def pod(name="p", **spec):
    body = {"containers": [{"name": "c", "image": "nginx"}]}
    body.update(spec)
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": body}


def template(labels=None, **spec):
    body = {"containers": [{"name": "c", "image": "nginx"}]}
    body.update(spec)
    meta = {"labels": labels} if labels is not None else {}
    return {"metadata": meta, "spec": body}


def deployment(name="web", **spec):
    body = {"selector": {"matchLabels": {"app": "web"}}, "template": template({"app": "web"})}
    body.update(spec)
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name}, "spec": body}


def rejected(call, *args, **kwargs):
    with pytest.raises(ApiError) as info:
        call(*args, **kwargs)
    assert info.value.code == 422 and info.value.reason == "Invalid", info.value.message
    return info.value.message


def create(c, ref, obj, namespace="default"):
    return rejected(c.api.create, ref, obj, namespace=namespace)


# names and metadata
def test_pod_name_is_a_dns_subdomain(c):
    assert create(c, "pods", pod("Bad_Name")) == (
        f'Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": {SUBDOMAIN}')


def test_namespace_name_is_a_dns_label(c):
    assert rejected(c.api.create, "namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a.b"}}) == (
        'Namespace "a.b" is invalid: metadata.name: Invalid value: "a.b": must not contain dots')
    assert rejected(c.api.create, "namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "Dev"}}) == (
        f'Namespace "Dev" is invalid: metadata.name: Invalid value: "Dev": {LABEL}')


def test_service_name_is_a_dns1035_label(c):
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "1web"}, "spec": {"ports": [{"port": 80}]}}
    assert create(c, "services", svc) == f'Service "1web" is invalid: metadata.name: Invalid value: "1web": {DNS1035}'


def test_generate_name_prefix_may_end_with_a_dash(c):
    made = c.api.create("pods", dict(pod(), metadata={"generateName": "web-"}), namespace="default")
    assert made["metadata"]["name"].startswith("web-")


def test_labels_annotations_and_finalizers(c):
    obj = pod()
    obj["metadata"].update(labels={"app": "a b"}, annotations={"bad key!": "x"}, finalizers=["nope"])
    assert create(c, "pods", obj) == (
        'Pod "p" is invalid: [metadata.labels: Invalid value: "a b": a valid label must be an empty string or consist '
        "of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "
        "'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?"
        "[A-Za-z0-9])?'), metadata.annotations: Invalid value: \"bad key!\": name part must consist of alphanumeric "
        "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
        "'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'), "
        'metadata.finalizers[0]: Invalid value: "nope": name is neither a standard finalizer name nor is it fully '
        "qualified]")


def test_annotations_have_a_total_size_limit(c):
    obj = pod()
    obj["metadata"]["annotations"] = {"big": "x" * (256 * 1024)}
    assert create(c, "pods", obj) == 'Pod "p" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes'


# pods
def test_pod_needs_containers(c):
    assert create(c, "pods", pod(containers=[])) == 'Pod "p" is invalid: spec.containers: Required value'


def test_pod_container_image_and_name(c):
    obj = pod(containers=[{"name": "Web"}, {"name": "Web", "image": "nginx"}])
    assert create(c, "pods", obj) == (
        f'Pod "p" is invalid: [spec.containers[0].name: Invalid value: "Web": {LABEL}, '
        "spec.containers[0].image: Required value, "
        f'spec.containers[1].name: Invalid value: "Web": {LABEL}, spec.containers[1].name: Duplicate value: "Web"]')


def test_pod_container_ports(c):
    ports = [{"containerPort": 70000}, {"containerPort": 80, "protocol": "HTTP", "name": "http"},
             {"containerPort": 81, "name": "http"}]
    obj = pod(containers=[{"name": "c", "image": "nginx", "ports": ports}])
    assert create(c, "pods", obj) == (
        'Pod "p" is invalid: [spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and '
        '65535, inclusive, spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: '
        '"SCTP", "TCP", "UDP", spec.containers[0].ports[2].name: Duplicate value: "http"]')


def test_pod_volume_mount_must_name_a_volume(c):
    obj = pod(containers=[{"name": "c", "image": "nginx", "volumeMounts": [{"name": "data", "mountPath": "/d"}]}])
    assert create(c, "pods", obj) == 'Pod "p" is invalid: spec.containers[0].volumeMounts[0].name: Not found: "data"'


def test_pod_volume_needs_exactly_one_source(c):
    # a volume without a source is defaulted to an emptyDir, so only the second one is wrong
    obj = pod(volumes=[{"name": "a"}, {"name": "b", "emptyDir": {}, "configMap": {"name": "x"}}])
    assert create(c, "pods", obj) == (
        'Pod "p" is invalid: spec.volumes[1].configMap: Forbidden: may not specify more than 1 volume type')


def test_requests_above_limits(c):
    resources = {"requests": {"cpu": "500m", "memory": "1Gi"}, "limits": {"cpu": "0.25", "memory": "512Mi"}}
    obj = pod(containers=[{"name": "c", "image": "nginx", "resources": resources}])
    assert create(c, "pods", obj) == (
        'Pod "p" is invalid: [spec.containers[0].resources.requests: Invalid value: "500m": must be less than or '
        'equal to cpu limit of 250m, spec.containers[0].resources.requests: Invalid value: "1Gi": must be less '
        "than or equal to memory limit of 512Mi]")


def test_container_resource_names_print_unquoted(c):
    obj = pod(containers=[{"name": "c", "image": "nginx", "resources": {"limits": {"cpus": "1"}}}])
    assert create(c, "pods", obj) == (
        'Pod "p" is invalid: [spec.containers[0].resources.limits[cpus]: Invalid value: cpus: must be a standard '
        "resource type or fully qualified, spec.containers[0].resources.limits[cpus]: Invalid value: cpus: must be a "
        "standard resource for containers, spec.containers[0].resources.requests[cpus]: Invalid value: cpus: must be "
        "a standard resource type or fully qualified, spec.containers[0].resources.requests[cpus]: Invalid value: "
        "cpus: must be a standard resource for containers]")  # requests are defaulted from limits


def test_env_names_use_the_relaxed_rule_of_v132(c):
    env = [{"name": "1_STARTS_WITH_DIGIT", "value": "ok"}, {"name": "A=B", "value": "x"}]
    assert create(c, "pods", pod(containers=[{"name": "c", "image": "nginx", "env": env}])) == (
        'Pod "p" is invalid: spec.containers[0].env[1].name: Invalid value: "A=B": a valid environment variable name '
        "must consist only of printable ASCII characters other than '='")


def test_probes(c):
    ctr = {"name": "c", "image": "nginx",
           "livenessProbe": {"exec": {"command": ["true"]}, "httpGet": {"port": 80}, "successThreshold": 2},
           "readinessProbe": {"initialDelaySeconds": 1}}
    assert create(c, "pods", pod(containers=[ctr])) == (
        'Pod "p" is invalid: [spec.containers[0].livenessProbe.httpGet: Forbidden: may not specify more than 1 '
        "handler type, spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1, "
        "spec.containers[0].readinessProbe: Required value: must specify a handler type]")


def test_restart_and_dns_policies(c):
    assert create(c, "pods", pod(restartPolicy="Sometimes", dnsPolicy="Google")) == (
        'Pod "p" is invalid: [spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", '
        '"OnFailure", "Never", spec.dnsPolicy: Unsupported value: "Google": supported values: '
        '"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]')


def test_tolerations_and_affinity(c):
    affinity = {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": []}},
                "podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
                    {"weight": 101, "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname"}}]}}
    obj = pod(affinity=affinity, tolerations=[{"operator": "Equal", "value": "x"}])
    assert create(c, "pods", obj) == (
        'Pod "p" is invalid: [spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.'
        "nodeSelectorTerms: Required value: must have at least one node selector term, spec.affinity.podAntiAffinity."
        "preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 101: must be in the range 1-100, "
        'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which '
        'means "match all values and all keys"]')


def test_preferences_under_a_required_term_are_a_decoding_error(c):
    obj = pod(affinity={"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"weight": 5, "preference": {"matchExpressions": []}}]}})
    with pytest.raises(ApiError) as info:
        c.api.create("pods", obj, namespace="default")
    assert info.value.code == 400 and info.value.message == (
        'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal array into Go struct field '
        "NodeAffinity.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution of type v1.NodeSelector")


def test_hostname_and_subdomain(c):
    assert create(c, "pods", pod(hostname="Web", subdomain="a.b")) == (
        f'Pod "p" is invalid: [spec.hostname: Invalid value: "Web": {LABEL}, '
        'spec.subdomain: Invalid value: "a.b": must not contain dots]')


def test_pod_update_may_only_change_images(c):
    obj = pod(containers=[{"name": "c", "image": "nginx", "ports": [{"containerPort": 3000}]}])
    c.api.create("pods", obj, namespace="default")
    current = c.api.get("pods", "p", namespace="default")
    image_only = copy.deepcopy(current)
    image_only["spec"]["containers"][0]["image"] = "nginx:1.27"
    assert c.api.update("pods", image_only, namespace="default")["spec"]["containers"][0]["image"] == "nginx:1.27"
    current = c.api.get("pods", "p", namespace="default")
    changed = copy.deepcopy(current)
    changed["spec"]["containers"][0]["ports"][0]["containerPort"] = 3030
    message = rejected(c.api.update, "pods", changed, namespace="default")
    head, diff = message.split("\n", 1)
    assert head == (
        'Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than '
        "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` "
        "(only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it "
        "was previously negative)")
    assert diff.startswith("  core.PodSpec{\n")
    assert "- \t\t\t\t\tContainerPort: 3000,\n+ \t\t\t\t\tContainerPort: 3030,\n" in diff
    assert diff.endswith("  }\n")


def test_pod_update_may_not_add_containers(c):
    c.api.create("pods", pod(), namespace="default")
    current = c.api.get("pods", "p", namespace="default")
    current["spec"]["containers"].append({"name": "d", "image": "busybox"})
    assert rejected(c.api.update, "pods", current, namespace="default") == (
        'Pod "p" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers')


# workloads
def test_deployment_without_selector(c):
    obj = deployment()
    del obj["spec"]["selector"]
    assert create(c, "deployments.apps", obj) == (
        'Deployment.apps "web" is invalid: [spec.selector: Required value, spec.template.metadata.labels: Invalid '
        'value: map[string]string{"app":"web"}: `selector` does not match template `labels`]')


def test_deployment_with_empty_selector(c):
    assert create(c, "deployments.apps", deployment(selector={})) == (
        'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]'
        "string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment")


def test_deployment_selector_must_match_labels(c):
    assert create(c, "deployments.apps", deployment(template=template({"app": "x"}))) == (
        'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: '
        "`selector` does not match template `labels`")


def test_deployment_with_an_unparsable_selector(c):
    obj = deployment(selector={"matchExpressions": [{"key": "app", "operator": "in", "values": ["web"]}]})
    assert create(c, "deployments.apps", obj) == (
        'Deployment.apps "web" is invalid: [spec.selector.matchExpressions[0].operator: Invalid value: "in": not a '
        "valid selector operator, spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), "
        'MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"in", '
        'Values:[]string{"web"}}}}: invalid label selector]')


def test_deployment_restart_policy_replicas_and_strategy(c):
    obj = deployment(replicas=-1, template=template({"app": "web"}, restartPolicy="Never"), revisionHistoryLimit=-2,
                     strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 0, "maxUnavailable": "0%"}})
    assert create(c, "deployments.apps", obj) == (
        'Deployment.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, '
        'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always", '
        'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: '
        "may not be 0 when `maxSurge` is 0, spec.revisionHistoryLimit: Invalid value: -2: must be greater than or "
        "equal to 0]")


def test_deployment_percentages(c):
    obj = deployment(strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "ten", "maxUnavailable": "150%"}})
    assert create(c, "deployments.apps", obj) == (
        'Deployment.apps "web" is invalid: [spec.strategy.rollingUpdate.maxSurge: Invalid value: '
        'intstr.IntOrString{Type:1, IntVal:0, StrVal:"ten"}: a valid percent string must be a numeric string followed '
        "by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%'), "
        "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, "
        'StrVal:"150%"}: must not be greater than 100%]')


def test_deployment_selector_is_immutable(c):
    c.api.create("deployments.apps", deployment(), namespace="default")
    current = c.api.get("deployments.apps", "web", namespace="default")
    current["spec"]["selector"] = {"matchLabels": {"app": "web2"}}
    current["spec"]["template"]["metadata"]["labels"] = {"app": "web2"}
    assert rejected(c.api.update, "deployments.apps", current, namespace="default") == (
        'Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:'
        'map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable')


def test_replica_set_and_daemon_set(c):
    rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "rs"},
          "spec": {"selector": {}, "template": template({"app": "x"})}}
    assert create(c, "replicasets.apps", rs) == (
        'ReplicaSet.apps "rs" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]'
        "string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment")
    ds = {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "ds"},
          "spec": {"selector": {"matchLabels": {"app": "ds"}}, "template": template({"app": "x"}, restartPolicy="OnFailure")}}
    assert create(c, "daemonsets.apps", ds) == (
        'DaemonSet.apps "ds" is invalid: [spec.template.metadata.labels: Invalid value: map[string]string{"app":"x"}: '
        '`selector` does not match template `labels`, spec.template.spec.restartPolicy: Unsupported value: '
        '"OnFailure": supported values: "Always"]')


def test_replication_controller_needs_a_selector(c):
    rc = {"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "rc"},
          "spec": {"template": {"spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}
    assert create(c, "replicationcontrollers", rc) == 'ReplicationController "rc" is invalid: spec.selector: Required value'


def test_stateful_set_name_is_a_dns_label(c):
    sts = {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db.v1"},
           "spec": {"selector": {"matchLabels": {"app": "db"}}, "template": template({"app": "db"})}}
    assert create(c, "statefulsets.apps", sts) == (
        'StatefulSet.apps "db.v1" is invalid: metadata.name: Invalid value: "db.v1": must not contain dots')


def test_stateful_set_spec_updates_are_limited(c):
    sts = {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"},
           "spec": {"serviceName": "db", "selector": {"matchLabels": {"app": "db"}}, "template": template({"app": "db"})}}
    c.api.create("statefulsets.apps", sts, namespace="default")
    current = c.api.get("statefulsets.apps", "db", namespace="default")
    current["spec"]["serviceName"] = "other"
    assert rejected(c.api.update, "statefulsets.apps", current, namespace="default") == (
        'StatefulSet.apps "db" is invalid: spec: Forbidden: updates to statefulset spec for fields other than '
        "'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and "
        "'minReadySeconds' are forbidden")


# jobs and cronjobs
def job(name="j", **tspec):
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name}, "spec": {"template": template(None, **tspec)}}


def test_job_restart_policy(c):
    assert create(c, "jobs.batch", job()) == (
        'Job.batch "j" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"')


def test_job_gets_a_generated_selector(c):
    made = c.api.create("jobs.batch", job(restartPolicy="Never"), namespace="default")
    uid = made["metadata"]["uid"]
    assert made["spec"]["selector"] == {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}
    assert made["spec"]["template"]["metadata"]["labels"] == {
        "batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": "j",
        "controller-uid": uid, "job-name": "j"}


def test_job_counts_and_template_immutability(c):
    obj = job(restartPolicy="Never")
    obj["spec"].update(parallelism=-1, completions=-2, backoffLimit=-3)
    assert create(c, "jobs.batch", obj) == (
        'Job.batch "j" is invalid: [spec.parallelism: Invalid value: -1: must be greater than or equal to 0, '
        "spec.completions: Invalid value: -2: must be greater than or equal to 0, spec.backoffLimit: Invalid value: "
        "-3: must be greater than or equal to 0]")
    c.api.create("jobs.batch", job(restartPolicy="Never"), namespace="default")
    current = c.api.get("jobs.batch", "j", namespace="default")
    current["spec"]["template"]["spec"]["containers"][0]["image"] = "busybox"
    assert rejected(c.api.update, "jobs.batch", current, namespace="default").endswith(": field is immutable")


def cron_job(schedule, **spec):
    body = {"schedule": schedule, "jobTemplate": {"spec": {"template": template(None, restartPolicy="OnFailure")}}}
    body.update(spec)
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "cj"}, "spec": body}


@pytest.mark.parametrize("schedule, why", [
    ("*/10 * * * * *", "expected exactly 5 fields, found 6: [*/10 * * * * *]"),
    ("* * *", "expected exactly 5 fields, found 3: [* * *]"),
    ("60 * * * *", "end of range (60) above maximum (59): 60"),
    ("0 0 0 * *", "beginning of range (0) below minimum (1): 0"),
    ("*/0 * * * *", "step of range should be a positive number: */0"),
    ("a * * * *", 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'),
    ("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"),
    ("@every", "unrecognized descriptor: @every"),
    ("@every 5x", 'failed to parse duration @every 5x: time: unknown unit "x" in duration "5x"'),
    ("@every 10", 'failed to parse duration @every 10: time: missing unit in duration "10"'),
])
def test_cron_job_schedule(c, schedule, why):
    assert create(c, "cronjobs.batch", cron_job(schedule)) == (
        f'CronJob.batch "cj" is invalid: spec.schedule: Invalid value: "{schedule}": {why}')


def test_cron_job_accepts_standard_forms(c):
    for i, schedule in enumerate(["*/5 * * * *", "0 9 * * MON-FRI", "@hourly", "0 0 1 jan,jul *", "30 2 * * 0"]):
        obj = cron_job(schedule)
        obj["metadata"]["name"] = f"cj{i}"
        c.api.create("cronjobs.batch", obj, namespace="default")


def test_cron_job_policy_time_zone_and_job_template(c):
    obj = cron_job("* * * * *", concurrencyPolicy="Sometimes", timeZone="Mars/Olympus")
    obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]["restartPolicy"] = "Always"
    assert create(c, "cronjobs.batch", obj) == (
        'CronJob.batch "cj" is invalid: [spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone '
        'Mars/Olympus, spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", '
        '"Replace", spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", '
        '"Never"]')


# services
def service(name="svc", **spec):
    body = {"selector": {"app": "web"}, "ports": [{"port": 80}]}
    body.update(spec)
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name}, "spec": body}


def test_service_ports(c):
    assert create(c, "services", service(ports=[])) == 'Service "svc" is invalid: spec.ports: Required value'
    ports = [{"port": 0, "name": "a"}, {"port": 80, "protocol": "ICMP", "name": "a", "targetPort": "Not_A_Name"}]
    assert create(c, "services", service(ports=ports)) == (
        'Service "svc" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, '
        "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive, "  # defaulted from port
        'spec.ports[1].name: Duplicate value: "a", spec.ports[1].protocol: Unsupported value: "ICMP": supported '
        'values: "SCTP", "TCP", "UDP", spec.ports[1].targetPort: Invalid value: "Not_A_Name": must contain only '
        "alpha-numeric characters (a-z, 0-9), and hyphens (-)]")


def test_service_duplicate_ports_need_names(c):
    assert create(c, "services", service(ports=[{"port": 80}, {"port": 80}])) == (
        'Service "svc" is invalid: [spec.ports[0].name: Required value, spec.ports[1].name: Required value, '
        'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), '
        'Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}]')


def test_service_types(c):
    assert create(c, "services", service(type="External")) == (
        'Service "svc" is invalid: spec.type: Unsupported value: "External": supported values: "ClusterIP", '
        '"ExternalName", "LoadBalancer", "NodePort"')
    assert create(c, "services", service(type="ExternalName", selector=None, ports=None)) == (
        'Service "svc" is invalid: spec.externalName: Required value')
    assert create(c, "services", service(sessionAffinity="Sticky")) == (
        'Service "svc" is invalid: spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"')


def test_node_port_range_comes_from_the_allocator(c):
    obj = service(type="NodePort", ports=[{"port": 80, "nodePort": 80}])
    assert create(c, "services", obj) == (
        'Service "svc" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid '
        "range. The range of valid ports is 30000-32767")


def test_cluster_ip_is_immutable(c):
    made = c.api.create("services", service(), namespace="default")
    made["spec"]["clusterIP"] = made["spec"]["clusterIPs"][0] = "10.96.0.99"
    assert rejected(c.api.update, "services", made, namespace="default") == (
        'Service "svc" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.99"}: may not change once set')


# configmaps, secrets and the other kinds
def test_config_map_keys_and_immutability(c):
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}, "data": {"my key": "v"}}
    assert create(c, "configmaps", cm) == (
        'ConfigMap "cm" is invalid: data[my key]: Invalid value: "my key": a valid config key must consist of '
        "alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for "
        "validation is '[-._a-zA-Z0-9]+')")
    c.api.create("configmaps", dict(cm, data={"k": "v"}, immutable=True), namespace="default")
    current = c.api.get("configmaps", "cm", namespace="default")
    current["data"]["k"] = "w"
    current["immutable"] = False
    assert rejected(c.api.update, "configmaps", current, namespace="default") == (
        'ConfigMap "cm" is invalid: [immutable: Forbidden: field is immutable when `immutable` is set, '
        "data: Forbidden: field is immutable when `immutable` is set]")


def test_config_map_size_limit(c):
    cm = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}, "data": {"k": "x" * (1024 * 1024 + 1)}}
    assert create(c, "configmaps", cm) == 'ConfigMap "cm" is invalid: []: Too long: may not be more than 1048576 bytes'


def test_secret_types(c):
    tls = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "type": "kubernetes.io/tls", "data": {}}
    assert create(c, "secrets", tls) == 'Secret "s" is invalid: [data[tls.crt]: Required value, data[tls.key]: Required value]'
    c.api.create("secrets", {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "o"}, "data": {"a": "YQ=="}},
                 namespace="default")
    current = c.api.get("secrets", "o", namespace="default")
    current["type"] = "kubernetes.io/basic-auth"
    current["data"] = {"username": "YQ=="}
    assert rejected(c.api.update, "secrets", current, namespace="default") == (
        'Secret "o" is invalid: type: Invalid value: "kubernetes.io/basic-auth": field is immutable')


def test_node_taints(c):
    node = {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1"},
            "spec": {"taints": [{"key": "k", "effect": "NoRun"}], "podCIDRs": ["10.0.0.0/33"]}}
    assert rejected(c.api.create, "nodes", node) == (
        'Node "n1" is invalid: [metadata.taints[0].effect: Unsupported value: "NoRun": supported values: "NoSchedule", '
        '"PreferNoSchedule", "NoExecute", spec.podCIDRs[0]: Invalid value: "10.0.0.0/33": must be a valid CIDR value, '
        "(e.g. 10.9.8.0/24 or 2001:db8::/64)]")


def test_persistent_volume_claim(c):
    pvc = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data"}, "spec": {}}
    assert create(c, "persistentvolumeclaims", pvc) == (
        'PersistentVolumeClaim "data" is invalid: [spec.accessModes: Required value: at least 1 access mode is '
        "required, spec.resources[storage]: Required value]")


def test_hpa(c):
    hpa = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "h"},
           "spec": {"minReplicas": 0, "maxReplicas": 0, "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment"}}}
    assert create(c, "horizontalpodautoscalers.autoscaling", hpa) == (
        'HorizontalPodAutoscaler.autoscaling "h" is invalid: [spec.minReplicas: Invalid value: 0: must be greater than '
        "or equal to 1, spec.maxReplicas: Invalid value: 0: must be greater than 0, spec.scaleTargetRef.name: "
        "Required value]")


def test_ingress(c):
    ing = {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "i"},
           "spec": {"rules": [{"http": {"paths": [{"path": "/", "backend": {"service": {"name": "web"}}}]}}]}}
    assert create(c, "ingresses.networking.k8s.io", ing) == (
        'Ingress.networking.k8s.io "i" is invalid: [spec.rules[0].http.paths[0].pathType: Required value: pathType '
        "must be specified, spec.rules[0].http.paths[0].backend: Required value: port name or number is required]")


def test_pod_disruption_budget_and_rbac(c):
    pdb = {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "b"},
           "spec": {"minAvailable": "200%", "selector": {"matchLabels": {"app": "web"}}}}
    assert create(c, "poddisruptionbudgets.policy", pdb) == (
        'PodDisruptionBudget.policy "b" is invalid: spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, '
        'IntVal:0, StrVal:"200%"}: must not be greater than 100%')
    role = {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "r"},
            "rules": [{"resources": ["pods"]}]}
    assert create(c, "roles.rbac.authorization.k8s.io", role) == (
        'Role.rbac.authorization.k8s.io "r" is invalid: [rules[0].verbs: Required value: verbs must contain at least '
        "one value, rules[0].apiGroups: Required value: resource rules must supply at least one api group]")


def test_priority_and_storage_classes(c):
    pc = {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": "high"}, "value": 2000000000}
    assert rejected(c.api.create, "priorityclasses.scheduling.k8s.io", pc) == (
        'PriorityClass.scheduling.k8s.io "high" is invalid: value: Forbidden: maximum allowed value of a user defined '
        "priority is 1000000000")
    c.api.create("priorityclasses.scheduling.k8s.io", dict(pc, value=1000), namespace=None)
    current = c.api.get("priorityclasses.scheduling.k8s.io", "high")
    current["value"] = 2000
    assert rejected(c.api.update, "priorityclasses.scheduling.k8s.io", current) == (
        'PriorityClass.scheduling.k8s.io "high" is invalid: value: Forbidden: may not be changed in an update.')
    sc = {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "fast"}}
    assert rejected(c.api.create, "storageclasses.storage.k8s.io", sc) == (
        'StorageClass.storage.k8s.io "fast" is invalid: provisioner: Required value')


# unit checks of the pieces
def test_duplicate_messages_are_reported_once():
    from engine.api.errors import invalid
    from engine.api.registry import Registry
    err = invalid(Registry().lookup("pods"), "p", [FieldError.required("spec.x"), FieldError.required("spec.x")])
    assert err.message == 'Pod "p" is invalid: spec.x: Required value' and len(err.details["causes"]) == 2


def test_strings_are_quoted_as_go_does():
    assert str(FieldError.invalid("f", 'é"\n', "bad")) == 'f: Invalid value: "é\\"\\n": bad'


def test_qualified_name_messages():
    assert names.is_qualified_name("a/b/c") == [
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
        "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
        "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. "
        "'example.com/MyName')"]
    assert names.is_qualified_name("/x") == ["prefix part must be non-empty"]


def test_cron_parser_descriptors():
    assert batch.parse_schedule("@daily") is None
    assert batch.parse_schedule("@every 5m") is None
    assert batch.parse_schedule("@weekly ") == "unrecognized descriptor: @weekly "
