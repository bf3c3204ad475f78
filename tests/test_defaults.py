"""API defaulting as kube-apiserver v1.32 does it: create -> get shows what `kubectl get -o yaml` shows
(minus managedFields), plus ClusterIP/NodePort allocation and quantity canonicalisation."""
import copy

import pytest

from engine import Cluster
from engine.api import ApiError
from engine.api import allocators, quantity
from engine.api.defaults.batch import generate_job_selector
from engine.api.defaults.core import image_pull_policy
from engine.api.strategy import qos_class

TS = "2025-01-01T00:00:00Z"
NGINX = [{"name": "web", "image": "nginx"}]
# a container as the apiserver returns it from a template with {"name": "web", "image": "nginx"}
NGINX_DEFAULTED = [{"name": "web", "image": "nginx", "imagePullPolicy": "Always", "resources": {},
                    "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}]
POD_SPEC_DEFAULTS = {"dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "schedulerName": "default-scheduler",
                     "securityContext": {}, "terminationGracePeriodSeconds": 30}


@pytest.fixture
def c():
    return Cluster(wait=False, workers=1, seed=0)


def create(c, resource, obj, namespace="default"):
    """Create, then get: the object the server stored, as a client reads it back."""
    created = c.api.create(resource, obj)
    meta = created["metadata"]
    got = c.api.get(resource, meta["name"], meta.get("namespace"))
    assert got == created
    got["metadata"].pop("managedFields", None)  # who wrote what: tests/test_managed_fields.py
    return got


def server_meta(got, **extra):
    """The metadata the server fills in, as it generated it for this object."""
    meta = got["metadata"]
    assert meta["creationTimestamp"] == TS and len(meta["uid"]) == 36 and meta["resourceVersion"].isdigit()
    return {k: meta[k] for k in ("uid", "resourceVersion", "creationTimestamp")} | extra


def template(labels, spec):
    return {"metadata": {"labels": labels}, "spec": spec}


def template_out(labels, spec_extra=None, containers=NGINX_DEFAULTED):
    return {"metadata": {"creationTimestamp": None, "labels": labels},
            "spec": {"containers": copy.deepcopy(containers), **POD_SPEC_DEFAULTS, **(spec_extra or {})}}


# workloads, whole objects
def test_deployment_full_object(c):
    got = create(c, "deployments.apps", {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "labels": {"app": "web"}},
        "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": template({"app": "web"}, {"containers": NGINX})}})
    assert got == {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": server_meta(got, name="web", namespace="default", generation=1, labels={"app": "web"}),
        "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                 "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}},
                 "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600,
                 "template": template_out({"app": "web"})},
        "status": {}}


def test_replicaset_and_replication_controller(c):
    rs = create(c, "replicasets.apps", {
        "apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "rs"},
        "spec": {"selector": {"matchLabels": {"app": "rs"}}, "template": template({"app": "rs"}, {"containers": NGINX})}})
    assert rs["spec"] == {"replicas": 1, "selector": {"matchLabels": {"app": "rs"}}, "template": template_out({"app": "rs"})}
    assert rs["status"] == {"replicas": 0}
    rc = create(c, "replicationcontrollers", {
        "apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "rc"},
        "spec": {"template": template({"app": "rc"}, {"containers": NGINX})}})
    # selector and labels come from the template's labels
    assert rc["metadata"]["labels"] == {"app": "rc"}
    assert rc["spec"] == {"replicas": 1, "selector": {"app": "rc"}, "template": template_out({"app": "rc"})}


def test_daemonset_full_object(c):
    got = create(c, "daemonsets.apps", {
        "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"},
        "spec": {"selector": {"matchLabels": {"app": "agent"}}, "template": template({"app": "agent"}, {"containers": NGINX})}})
    assert got == {
        "apiVersion": "apps/v1", "kind": "DaemonSet",
        "metadata": server_meta(got, name="agent", namespace="default", generation=1,
                                annotations={"deprecated.daemonset.template.generation": "1"}),
        "spec": {"selector": {"matchLabels": {"app": "agent"}}, "revisionHistoryLimit": 10,
                 "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}},
                 "template": template_out({"app": "agent"})},
        "status": {"currentNumberScheduled": 0, "numberMisscheduled": 0, "desiredNumberScheduled": 0, "numberReady": 0}}


def test_daemonset_template_generation_follows_template_changes(c):
    got = create(c, "daemonsets.apps", {
        "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"},
        "spec": {"selector": {"matchLabels": {"app": "agent"}}, "template": template({"app": "agent"}, {"containers": NGINX})}})
    got["metadata"]["annotations"] = {"deprecated.daemonset.template.generation": "9"}  # clients cannot set it
    got["spec"]["minReadySeconds"] = 5
    updated = c.api.update("daemonsets.apps", got)
    assert updated["metadata"]["annotations"] == {"deprecated.daemonset.template.generation": "1"}
    assert updated["metadata"]["generation"] == 2
    updated["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.27"
    again = c.api.update("daemonsets.apps", updated)
    assert again["metadata"]["annotations"] == {"deprecated.daemonset.template.generation": "2"}
    assert again["metadata"]["generation"] == 3


def test_statefulset_full_object_with_claim_templates(c):
    got = create(c, "statefulsets.apps", {
        "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"},
        "spec": {"serviceName": "db", "selector": {"matchLabels": {"app": "db"}},
                 "template": template({"app": "db"}, {"containers": NGINX}),
                 "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {
                     "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1024Mi"}}}}]}})
    assert got == {
        "apiVersion": "apps/v1", "kind": "StatefulSet",
        "metadata": server_meta(got, name="db", namespace="default", generation=1),
        "spec": {"serviceName": "db", "replicas": 1, "selector": {"matchLabels": {"app": "db"}},
                 "podManagementPolicy": "OrderedReady", "revisionHistoryLimit": 10,
                 "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
                 "persistentVolumeClaimRetentionPolicy": {"whenDeleted": "Retain", "whenScaled": "Retain"},
                 "template": template_out({"app": "db"}),
                 "volumeClaimTemplates": [{
                     "apiVersion": "v1", "kind": "PersistentVolumeClaim",
                     "metadata": {"name": "data", "creationTimestamp": None},
                     "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
                              "volumeMode": "Filesystem"},
                     "status": {"phase": "Pending"}}]},
        "status": {"replicas": 0, "availableReplicas": 0}}


def test_statefulset_ondelete_strategy_gets_no_partition(c):
    got = create(c, "statefulsets.apps", {
        "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"},
        "spec": {"serviceName": "db", "selector": {"matchLabels": {"app": "db"}}, "updateStrategy": {"type": "OnDelete"},
                 "volumeClaimTemplates": [{"metadata": {"name": "d"}, "spec": {"volumeAttributesClassName": "gold",
                                                                               "resources": {"requests": {"storage": "1Gi"}}}}],
                 "template": template({"app": "db"}, {"containers": NGINX})}})
    assert got["spec"]["updateStrategy"] == {"type": "OnDelete"}
    assert "volumeAttributesClassName" not in got["spec"]["volumeClaimTemplates"][0]["spec"]
    alpha = create(c, "statefulsets.apps", {
        "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "fast"},
        "spec": {"serviceName": "db", "selector": {"matchLabels": {"app": "db"}},
                 "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 2}},
                 "template": template({"app": "db"}, {"containers": NGINX})}})
    assert alpha["spec"]["updateStrategy"] == {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}
    nameless = create(c, "statefulsets.apps", {
        "apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "solo"},
        "spec": {"selector": {"matchLabels": {"app": "solo"}}, "template": template({"app": "solo"}, {"containers": NGINX})}})
    assert nameless["spec"]["serviceName"] == ""


def test_job_full_object_without_generated_selector(c):
    got = create(c, "jobs.batch", {
        "apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "pi"},
        "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": NGINX}}}})
    spec = got["spec"]
    # the selector the Job strategy generates needs the uid before PrepareForCreate (see generate_job_selector)
    spec.pop("selector", None)
    spec["template"]["metadata"].pop("labels", None)
    got["metadata"].pop("labels", None)
    assert got == {
        "apiVersion": "batch/v1", "kind": "Job",
        "metadata": server_meta(got, name="pi", namespace="default", generation=1),
        "spec": {"completions": 1, "parallelism": 1, "backoffLimit": 6, "completionMode": "NonIndexed",
                 "suspend": False, "podReplacementPolicy": "TerminatingOrFailed",
                 "template": {"metadata": {"creationTimestamp": None},
                              "spec": {"containers": NGINX_DEFAULTED, **POD_SPEC_DEFAULTS, "restartPolicy": "Never"}}},
        "status": {}}


def test_job_variants():
    from engine.api.defaults.batch import job
    parallel = {"metadata": {}, "spec": {"parallelism": 3, "template": {"metadata": {"labels": {"a": "b"}}}}}
    job(parallel)
    assert "completions" not in parallel["spec"] and parallel["spec"]["parallelism"] == 3
    assert parallel["metadata"]["labels"] == {"a": "b"}  # labels from the template when the job has none
    per_index = {"metadata": {}, "spec": {"completionMode": "Indexed", "completions": 4, "backoffLimitPerIndex": 1,
                                          "podFailurePolicy": {"rules": [{"action": "Ignore", "onPodConditions": [
                                              {"type": "DisruptionTarget"}]}]}}}
    job(per_index)
    spec = per_index["spec"]
    assert (spec["backoffLimit"], spec["parallelism"], spec["podReplacementPolicy"]) == (2147483647, 1, "Failed")
    assert spec["podFailurePolicy"]["rules"][0]["onPodConditions"] == [{"type": "DisruptionTarget", "status": "True"}]


def test_generated_job_selector_uses_uid_and_name():
    obj = {"metadata": {"name": "pi", "uid": "u-1"},
           "spec": {"template": {"metadata": {"creationTimestamp": None}, "spec": {}}}}
    generate_job_selector(obj)
    labels = {"batch.kubernetes.io/controller-uid": "u-1", "batch.kubernetes.io/job-name": "pi",
              "controller-uid": "u-1", "job-name": "pi"}
    assert obj["spec"]["selector"] == {"matchLabels": {"batch.kubernetes.io/controller-uid": "u-1"}}
    assert obj["spec"]["template"]["metadata"]["labels"] == labels
    assert obj["metadata"]["labels"] == labels
    manual = {"metadata": {"name": "m", "uid": "u"}, "spec": {"manualSelector": True, "template": {"metadata": {}}}}
    generate_job_selector(manual)
    assert "selector" not in manual["spec"]


def test_cronjob_full_object(c):
    got = create(c, "cronjobs.batch", {
        "apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "tick"},
        "spec": {"schedule": "*/1 * * * *", "jobTemplate": {"metadata": {"name": "tick"}, "spec": {
            "template": {"spec": {"restartPolicy": "OnFailure", "containers": NGINX}}}}}})
    assert got == {
        "apiVersion": "batch/v1", "kind": "CronJob",
        "metadata": server_meta(got, name="tick", namespace="default", generation=1),
        "spec": {"schedule": "*/1 * * * *", "concurrencyPolicy": "Allow", "suspend": False,
                 "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1,
                 "jobTemplate": {"metadata": {"name": "tick", "creationTimestamp": None}, "spec": {
                     "template": {"metadata": {"creationTimestamp": None},
                                  "spec": {"containers": NGINX_DEFAULTED, **POD_SPEC_DEFAULTS,
                                           "restartPolicy": "OnFailure"}}}}},
        "status": {}}


# pods: the spec fields defaulting owns (admission adds serviceAccountName, kube-api-access, priority, tolerations)
def ensure_default_service_account(c):
    try:  # the ServiceAccount controller may not have made it yet
        c.api.create("serviceaccounts", {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default"}})
    except ApiError as e:
        assert e.code == 409


def pod_with(c, spec, name="p"):
    ensure_default_service_account(c)
    return create(c, "pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec})


def test_pod_defaults_and_initial_status(c):
    got = pod_with(c, {
        "containers": [{"name": "c", "image": "busybox:1.36", "ports": [{"containerPort": 80}],
                        "resources": {"limits": {"cpu": "1000m", "memory": "1024Mi"}},
                        "env": [{"name": "NODE", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}},
                                {"name": "CPU", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu"}}},
                                {"name": "MEM", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory",
                                                                                   "divisor": "1024Ki"}}}],
                        "livenessProbe": {"httpGet": {"port": 80}},
                        "readinessProbe": {"grpc": {"port": 9000}, "periodSeconds": 5},
                        "lifecycle": {"preStop": {"httpGet": {"port": 80, "path": "/stop"}}}}],
        "initContainers": [{"name": "init", "image": "busybox@sha256:" + "a" * 64}],
        "volumes": [{"name": "scratch"}, {"name": "cfg", "configMap": {"name": "cfg"}},
                    {"name": "sec", "secret": {"secretName": "s"}}, {"name": "host", "hostPath": {"path": "/var"}},
                    {"name": "info", "downwardAPI": {"items": [{"path": "n", "fieldRef": {"fieldPath": "metadata.name"}}]}}]})
    assert got["metadata"] == server_meta(got, name="p", namespace="default")
    spec = got["spec"]
    assert {k: spec[k] for k in POD_SPEC_DEFAULTS} == POD_SPEC_DEFAULTS
    assert spec["enableServiceLinks"] is True
    assert spec["containers"][0] | {"volumeMounts": None} == {
        "name": "c", "image": "busybox:1.36", "imagePullPolicy": "IfNotPresent",
        "ports": [{"containerPort": 80, "protocol": "TCP"}],
        "resources": {"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "1", "memory": "1Gi"}},
        "env": [{"name": "NODE", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}}},
                {"name": "CPU", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "0"}}},
                {"name": "MEM", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1Mi"}}}],
        "livenessProbe": {"httpGet": {"port": 80, "path": "/", "scheme": "HTTP"}, "timeoutSeconds": 1,
                          "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3},
        "readinessProbe": {"grpc": {"port": 9000, "service": ""}, "timeoutSeconds": 1,
                           "periodSeconds": 5, "successThreshold": 1, "failureThreshold": 3},
        "lifecycle": {"preStop": {"httpGet": {"port": 80, "path": "/stop", "scheme": "HTTP"}}},
        "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
        "volumeMounts": None}  # volumeMounts belong to ServiceAccount admission
    assert [spec["initContainers"][0] | {"volumeMounts": None}] == [{
        "name": "init", "image": "busybox@sha256:" + "a" * 64, "imagePullPolicy": "IfNotPresent", "resources": {},
        "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File", "volumeMounts": None}]
    assert spec["volumes"][:5] == [
        {"name": "scratch", "emptyDir": {}},
        {"name": "cfg", "configMap": {"name": "cfg", "defaultMode": 420}},
        {"name": "sec", "secret": {"secretName": "s", "defaultMode": 420}},
        {"name": "host", "hostPath": {"path": "/var", "type": ""}},
        {"name": "info", "downwardAPI": {"defaultMode": 420, "items": [
            {"path": "n", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}]}}]
    # the init container has no limits, so the pod is not Guaranteed
    assert got["status"] == {"phase": "Pending", "qosClass": "Burstable"}


def test_pod_host_network_ports_and_scheduling_gates(c):
    got = pod_with(c, {"hostNetwork": True, "schedulingGates": [{"name": "wait"}],
                       "containers": [{"name": "c", "image": "nginx:1.27", "ports": [{"containerPort": 8080}]}]})
    assert got["spec"]["containers"][0]["ports"] == [{"containerPort": 8080, "hostPort": 8080, "protocol": "TCP"}]
    assert got["status"] == {"phase": "Pending", "qosClass": "BestEffort", "conditions": [{
        "type": "PodScheduled", "status": "False", "lastProbeTime": None, "lastTransitionTime": None,
        "reason": "SchedulingGated", "message": "Scheduling is blocked due to non-empty scheduling gates"}]}


def test_pod_create_merges_match_label_keys_and_syncs_apparmor(c):
    ensure_default_service_account(c)
    got = create(c, "pods", {"apiVersion": "v1", "kind": "Pod", "metadata": {
        "name": "p", "labels": {"app": "web", "rev": "7"},
        "annotations": {"container.apparmor.security.beta.kubernetes.io/b": "localhost/strict"}},
        "spec": {"containers": [{"name": "a", "image": "nginx", "securityContext": {
            "appArmorProfile": {"type": "RuntimeDefault"}}}, {"name": "b", "image": "nginx"}],
            "affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{
                "topologyKey": "kubernetes.io/hostname", "labelSelector": {"matchLabels": {"app": "web"}},
                "matchLabelKeys": ["rev", "absent"]}]}}}})
    term = got["spec"]["affinity"]["podAntiAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][0]
    assert term["labelSelector"] == {"matchLabels": {"app": "web"},
                                     "matchExpressions": [{"key": "rev", "operator": "In", "values": ["7"]}]}
    assert got["metadata"]["annotations"] == {
        "container.apparmor.security.beta.kubernetes.io/a": "runtime/default",
        "container.apparmor.security.beta.kubernetes.io/b": "localhost/strict"}
    assert got["spec"]["containers"][1]["securityContext"] == {
        "appArmorProfile": {"type": "Localhost", "localhostProfile": "strict"}}


def test_fields_of_disabled_features_are_dropped(c):
    got = pod_with(c, {"resources": {"limits": {"cpu": "1"}}, "securityContext": {"supplementalGroupsPolicy": "Strict"},
                       "hostUsers": False,
                       "containers": [{"name": "c", "image": "nginx", "resizePolicy": [
                           {"resourceName": "cpu", "restartPolicy": "NotRequired"}]}]})
    assert "resources" not in got["spec"] and "hostUsers" not in got["spec"] and got["spec"]["securityContext"] == {}
    assert "resizePolicy" not in got["spec"]["containers"][0]


def test_templates_do_not_get_pod_only_defaults(c):
    got = create(c, "deployments.apps", {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": template({"app": "web"}, {
            "containers": [{"name": "web", "image": "nginx", "resources": {"limits": {"cpu": "500m"}}}]})}})
    spec = got["spec"]["template"]["spec"]
    assert "enableServiceLinks" not in spec
    assert spec["containers"][0]["resources"] == {"limits": {"cpu": "500m"}}  # no requests copied in templates


@pytest.mark.parametrize("image,policy", [
    ("nginx", "Always"), ("nginx:latest", "Always"), ("nginx:1.27", "IfNotPresent"),
    ("registry.local:5000/app", "Always"), ("registry.local:5000/app:v2", "IfNotPresent"),
    ("nginx@sha256:" + "0" * 64, "IfNotPresent"), ("nginx:latest@sha256:" + "0" * 64, "Always"), ("", "IfNotPresent"),
    ("localhost/app", "Always"), ("Nginx", "IfNotPresent"), ("nginx:", "IfNotPresent"), ("nginx:LATEST", "IfNotPresent"),
    ("MyRegistry/app", "Always"), ("ghcr.io/org/app:latest", "Always")])
def test_image_pull_policy_from_tag(image, policy):
    assert image_pull_policy(image) == policy


@pytest.mark.parametrize("resources,qos", [
    ({}, "BestEffort"),
    ({"requests": {"cpu": "0"}}, "BestEffort"),
    ({"requests": {"cpu": "100m"}}, "Burstable"),
    ({"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "1000m", "memory": "1024Mi"}}, "Guaranteed"),
    ({"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "500m", "memory": "1Gi"}}, "Burstable"),
    ({"limits": {"cpu": "1"}, "requests": {"cpu": "1"}}, "Burstable"),
    ({"requests": {"ephemeral-storage": "1Gi"}}, "BestEffort"),
])
def test_qos_class_compares_quantities(resources, qos):
    assert qos_class({"containers": [{"name": "c", "resources": resources}]}) == qos


# services and their allocations
def service(name, **spec):
    spec.setdefault("ports", [{"port": 80, "targetPort": 8080}])
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name}, "spec": spec}


def test_service_cluster_ip_full_object(c):
    got = create(c, "services", service("web", selector={"app": "web"}))
    ip = got["spec"]["clusterIP"]
    assert got == {
        "apiVersion": "v1", "kind": "Service", "metadata": server_meta(got, name="web", namespace="default"),
        "spec": {"clusterIP": ip, "clusterIPs": [ip], "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"],
                 "ipFamilyPolicy": "SingleStack", "ports": [{"port": 80, "protocol": "TCP", "targetPort": 8080}],
                 "selector": {"app": "web"}, "sessionAffinity": "None", "type": "ClusterIP"},
        "status": {"loadBalancer": {}}}
    # dynamic allocations come from above the static band (10.96.0.1 - 10.96.1.0)
    assert allocators._ip_offset(ip) >= allocators.IP_STATIC_BAND == 256


def test_service_node_port_full_object(c):
    got = create(c, "services", service("np", type="NodePort", selector={"app": "web"}, ports=[{"port": 80}]))
    ip, node_port = got["spec"]["clusterIP"], got["spec"]["ports"][0]["nodePort"]
    assert 30086 <= node_port <= 32767  # the dynamic band of 30000-32767
    assert got == {
        "apiVersion": "v1", "kind": "Service", "metadata": server_meta(got, name="np", namespace="default"),
        "spec": {"clusterIP": ip, "clusterIPs": [ip], "externalTrafficPolicy": "Cluster",
                 "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                 "ports": [{"nodePort": node_port, "port": 80, "protocol": "TCP", "targetPort": 80}],
                 "selector": {"app": "web"}, "sessionAffinity": "None", "type": "NodePort"},
        "status": {"loadBalancer": {}}}


def test_service_load_balancer_full_object(c):
    got = create(c, "services", service("lb", type="LoadBalancer", selector={"app": "web"}))
    ip, node_port = got["spec"]["clusterIP"], got["spec"]["ports"][0]["nodePort"]
    assert got == {
        "apiVersion": "v1", "kind": "Service", "metadata": server_meta(got, name="lb", namespace="default"),
        "spec": {"allocateLoadBalancerNodePorts": True, "clusterIP": ip, "clusterIPs": [ip],
                 "externalTrafficPolicy": "Cluster", "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"],
                 "ipFamilyPolicy": "SingleStack",
                 "ports": [{"nodePort": node_port, "port": 80, "protocol": "TCP", "targetPort": 8080}],
                 "selector": {"app": "web"}, "sessionAffinity": "None", "type": "LoadBalancer"},
        "status": {"loadBalancer": {}}}


def test_service_local_load_balancer_gets_health_check_port(c):
    got = create(c, "services", service("lb", type="LoadBalancer", externalTrafficPolicy="Local", selector={"a": "b"}))
    spec = got["spec"]
    assert 30000 <= spec["healthCheckNodePort"] <= 32767
    assert spec["healthCheckNodePort"] != spec["ports"][0]["nodePort"]


def test_service_external_name_and_headless_full_objects(c):
    ext = create(c, "services", {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "ext"},
                                 "spec": {"type": "ExternalName", "externalName": "example.com"}})
    assert ext == {"apiVersion": "v1", "kind": "Service", "metadata": server_meta(ext, name="ext", namespace="default"),
                   "spec": {"externalName": "example.com", "sessionAffinity": "None", "type": "ExternalName"},
                   "status": {"loadBalancer": {}}}
    headless = create(c, "services", service("db", clusterIP="None", selector={"app": "db"}, ports=[{"port": 5432}]))
    assert headless["spec"] == {
        "clusterIP": "None", "clusterIPs": ["None"], "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"],
        "ipFamilyPolicy": "SingleStack", "ports": [{"port": 5432, "protocol": "TCP", "targetPort": 5432}],
        "selector": {"app": "db"}, "sessionAffinity": "None", "type": "ClusterIP"}
    selectorless = create(c, "services", service("ext-db", clusterIP="None"))
    assert selectorless["spec"]["ipFamilyPolicy"] == "RequireDualStack"
    assert selectorless["spec"]["ipFamilies"] == ["IPv4"]


def test_service_client_ip_affinity_gets_timeout(c):
    got = create(c, "services", service("sticky", sessionAffinity="ClientIP"))
    assert got["spec"]["sessionAffinityConfig"] == {"clientIP": {"timeoutSeconds": 10800}}


def test_explicit_cluster_ip_clash_and_range(c):
    create(c, "services", service("a", clusterIP="10.96.0.5"))
    with pytest.raises(ApiError) as info:
        c.api.create("services", service("b", clusterIP="10.96.0.5"))
    assert info.value.code == 422
    assert info.value.message == ('Service "b" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.5"}: '
                                  'failed to allocate IP 10.96.0.5: provided IP is already allocated')
    with pytest.raises(ApiError) as info:
        c.api.create("services", service("c", clusterIP="10.0.0.5"))
    assert info.value.message == (
        'Service "c" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: '
        'the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12')
    # the kubernetes Service holds 10.96.0.1
    with pytest.raises(ApiError):
        c.api.create("services", service("d", clusterIP="10.96.0.1"))


def test_explicit_node_port_clash_and_range(c):
    create(c, "services", service("a", type="NodePort", ports=[{"port": 80, "nodePort": 30080}]))
    with pytest.raises(ApiError) as info:
        c.api.create("services", service("b", type="NodePort", ports=[{"port": 80, "nodePort": 30080}]))
    assert info.value.message == ('Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: '
                                  'provided port is already allocated')
    with pytest.raises(ApiError) as info:
        c.api.create("services", service("c", type="NodePort", ports=[{"port": 80, "nodePort": 29999}]))
    assert info.value.message == ('Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 29999: provided port '
                                  'is not in the valid range. The range of valid ports is 30000-32767')


def test_ports_sharing_a_number_share_the_node_port(c):
    got = create(c, "services", service("dns", type="NodePort", ports=[
        {"name": "dns-tcp", "port": 53, "protocol": "TCP"}, {"name": "dns-udp", "port": 53, "protocol": "UDP"}]))
    tcp, udp = got["spec"]["ports"]
    assert tcp["nodePort"] == udp["nodePort"]
    fixed = create(c, "services", service("dns2", type="NodePort", ports=[
        {"name": "a", "port": 53, "protocol": "TCP"}, {"name": "b", "port": 53, "protocol": "UDP", "nodePort": 30053}]))
    assert [p["nodePort"] for p in fixed["spec"]["ports"]] == [30053, 30053]


def test_health_check_node_port_clash_is_an_internal_error(c):
    create(c, "services", service("a", type="NodePort", ports=[{"port": 80, "nodePort": 30081}]))
    with pytest.raises(ApiError) as info:
        c.api.create("services", service("lb", type="LoadBalancer", externalTrafficPolicy="Local",
                                         healthCheckNodePort=30081, selector={"a": "b"}))
    assert (info.value.code, info.value.message) == (
        500, "Internal error occurred: failed to allocate requested HealthCheck NodePort 30081: "
             "provided port is already allocated")


def test_allocations_are_released_on_delete_and_kept_on_update(c):
    a = create(c, "services", service("a", type="NodePort", clusterIP="10.96.0.20", ports=[{"port": 80, "nodePort": 30001}]))
    # an update that omits the allocated values keeps them
    body = copy.deepcopy(a)
    body["spec"].pop("clusterIP")
    body["spec"].pop("clusterIPs")
    body["spec"]["ports"][0].pop("nodePort")
    body["metadata"]["labels"] = {"x": "y"}
    updated = c.api.update("services", body)
    assert updated["spec"]["clusterIP"] == "10.96.0.20" and updated["spec"]["clusterIPs"] == ["10.96.0.20"]
    assert updated["spec"]["ports"][0]["nodePort"] == 30001
    c.api.delete("services", "a")
    again = create(c, "services", service("b", type="NodePort", clusterIP="10.96.0.20", ports=[{"port": 80, "nodePort": 30001}]))
    assert again["spec"]["clusterIP"] == "10.96.0.20"


def test_changing_to_cluster_ip_drops_node_ports(c):
    a = create(c, "services", service("a", type="NodePort"))
    a["spec"]["type"] = "ClusterIP"
    updated = c.api.update("services", a)
    assert "nodePort" not in updated["spec"]["ports"][0] and "externalTrafficPolicy" not in updated["spec"]
    b = copy.deepcopy(updated)
    b["spec"]["type"] = "NodePort"
    assert 30000 <= c.api.update("services", b)["spec"]["ports"][0]["nodePort"] <= 32767


def test_changing_to_external_name_releases_the_cluster_ip(c):
    a = create(c, "services", service("a", clusterIP="10.96.0.40"))
    a["spec"] |= {"type": "ExternalName", "externalName": "example.com"}
    del a["spec"]["ports"]
    updated = c.api.update("services", a)
    assert updated["spec"] == {"externalName": "example.com", "sessionAffinity": "None", "type": "ExternalName"}
    assert create(c, "services", service("b", clusterIP="10.96.0.40"))["spec"]["clusterIP"] == "10.96.0.40"


def test_dynamic_allocation_is_seeded_and_unique():
    def ips(seed):
        c = Cluster(wait=False, workers=0, seed=seed)
        return [c.api.create("services", service(f"s{i}"))["spec"]["clusterIP"] for i in range(20)]
    first = ips(3)
    assert first == ips(3) and len(set(first)) == 20 and "10.96.0.10" not in first


def test_dry_run_does_not_hold_allocations(c):
    dry = c.api.create("services", service("a", clusterIP="10.96.0.30"), dry_run=True)
    assert dry["spec"]["clusterIP"] == "10.96.0.30"
    assert create(c, "services", service("b", clusterIP="10.96.0.30"))["spec"]["clusterIP"] == "10.96.0.30"


# the rest of core/v1
def test_namespace_node_and_small_core_kinds(c):
    ns = create(c, "namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team"}})
    assert ns["metadata"]["labels"] == {"kubernetes.io/metadata.name": "team"}
    assert ns["status"] == {"phase": "Active"}
    secret = create(c, "secrets", {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}, "data": {"a": "Yg=="}})
    assert secret["type"] == "Opaque"
    ep = create(c, "endpoints", {"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": "e"}, "subsets": [
        {"addresses": [{"ip": "10.244.1.5"}], "ports": [{"port": 80}]}]})
    assert ep["subsets"][0]["ports"] == [{"port": 80, "protocol": "TCP"}]
    cm = create(c, "configmaps", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}})
    assert cm == {"apiVersion": "v1", "kind": "ConfigMap", "metadata": server_meta(cm, name="cm", namespace="default")}
    sa = create(c, "serviceaccounts", {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "bot"}})
    assert sa == {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": server_meta(sa, name="bot", namespace="default")}


def test_node_and_controller_revision(c):
    node = create(c, "nodes", {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "extra"},
                               "status": {"capacity": {"cpu": "2000m", "memory": "4096Mi", "pods": "110"}}})
    assert node["spec"] == {}
    assert node["status"]["capacity"] == node["status"]["allocatable"] == {"cpu": "2", "memory": "4Gi", "pods": "110"}
    rev = create(c, "controllerrevisions.apps", {"apiVersion": "apps/v1", "kind": "ControllerRevision",
                                                 "metadata": {"name": "web-1"}, "data": {"spec": {}}})
    assert rev["revision"] == 0


def test_event_zero_values(c):
    ev = create(c, "events", {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "e1"},
                              "involvedObject": {"kind": "Pod", "name": "p", "namespace": "default"},
                              "reason": "Started", "message": "Started container", "type": "Normal"})
    assert {k: ev[k] for k in ("eventTime", "firstTimestamp", "lastTimestamp", "reportingComponent",
                               "reportingInstance", "source")} == {
        "eventTime": None, "firstTimestamp": None, "lastTimestamp": None, "reportingComponent": "",
        "reportingInstance": "", "source": {}}


def test_persistent_volumes_and_claims(c):
    pv = create(c, "persistentvolumes", {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "pv1"},
                                         "spec": {"capacity": {"storage": "1024Mi"}, "accessModes": ["ReadWriteOnce"],
                                                  "hostPath": {"path": "/data"}}})
    assert pv["spec"] == {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                          "hostPath": {"path": "/data", "type": ""}, "persistentVolumeReclaimPolicy": "Retain",
                          "volumeMode": "Filesystem"}
    assert pv["status"] == {"phase": "Pending", "lastPhaseTransitionTime": TS}
    c.advance(30)
    pv = c.api.get("persistentvolumes", "pv1")
    assert pv["status"] == {"phase": "Available", "lastPhaseTransitionTime": TS}  # the persistent-volume binder's
    pv["status"]["phase"] = "Released"
    moved = c.api.update("persistentvolumes", pv, subresource="status")
    assert moved["status"] == {"phase": "Released", "lastPhaseTransitionTime": "2025-01-01T00:00:30Z"}
    pvc = create(c, "persistentvolumeclaims", {
        "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data"},
        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}})
    assert pvc["spec"]["volumeMode"] == "Filesystem" and pvc["status"] == {"phase": "Pending"}


def test_quota_and_limit_range_quantities(c):
    quota = create(c, "resourcequotas", {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "q"},
                                         "spec": {"hard": {"cpu": "2000m", "memory": "2048Mi", "pods": "10"}}})
    assert quota["spec"] == {"hard": {"cpu": "2", "memory": "2Gi", "pods": "10"}}
    lr = create(c, "limitranges", {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "lr"},
                                   "spec": {"limits": [{"type": "Container", "max": {"cpu": "1"}, "min": {"memory": "64Mi"},
                                                        "default": {"memory": "256Mi"}}]}})
    assert lr["spec"]["limits"] == [{"type": "Container", "max": {"cpu": "1"}, "min": {"memory": "64Mi"},
                                     "default": {"memory": "256Mi", "cpu": "1"},
                                     "defaultRequest": {"memory": "256Mi", "cpu": "1"}}]


# other groups
def test_hpa_v2_defaults(c):
    got = create(c, "horizontalpodautoscalers.autoscaling", {
        "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web"},
        "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}, "maxReplicas": 5}})
    assert got["spec"] == {
        "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}, "minReplicas": 1,
        "maxReplicas": 5, "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {
            "type": "Utilization", "averageUtilization": 80}}}]}
    assert got["status"] == {"desiredReplicas": 0, "currentMetrics": None}
    behaved = create(c, "horizontalpodautoscalers.autoscaling", {
        "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "b"},
        "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "web"}, "maxReplicas": 5,
                 "behavior": {"scaleDown": {"stabilizationWindowSeconds": 60}}}})
    assert behaved["spec"]["behavior"] == {
        "scaleUp": {"stabilizationWindowSeconds": 0, "selectPolicy": "Max", "policies": [
            {"type": "Pods", "value": 4, "periodSeconds": 15}, {"type": "Percent", "value": 100, "periodSeconds": 15}]},
        "scaleDown": {"stabilizationWindowSeconds": 60, "selectPolicy": "Max", "policies": [
            {"type": "Percent", "value": 100, "periodSeconds": 15}]}}


def test_networking_kinds(c):
    np = create(c, "networkpolicies.networking.k8s.io", {
        "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "deny"},
        "spec": {"egress": [{"ports": [{"port": 53}]}]}})
    assert np["spec"] == {"podSelector": {}, "egress": [{"ports": [{"port": 53, "protocol": "TCP"}]}],
                          "policyTypes": ["Ingress", "Egress"]}
    ic = create(c, "ingressclasses.networking.k8s.io", {
        "apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": {"name": "nginx"},
        "spec": {"controller": "k8s.io/ingress-nginx", "parameters": {"kind": "Params", "name": "p"}}})
    assert ic["spec"]["parameters"] == {"kind": "Params", "name": "p", "scope": "Cluster"}
    ing = create(c, "ingresses.networking.k8s.io", {
        "apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web"},
        "spec": {"defaultBackend": {"service": {"name": "web", "port": {"number": 80}}}}})
    assert ing["status"] == {"loadBalancer": {}}


def test_endpoint_slice_zero_values(c):
    empty = create(c, "endpointslices.discovery.k8s.io", {
        "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "metadata": {"name": "web-abc"},
        "addressType": "IPv4"})
    assert (empty["endpoints"], empty["ports"]) == (None, None)
    full = create(c, "endpointslices.discovery.k8s.io", {
        "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "metadata": {"name": "web-def"},
        "addressType": "IPv4", "endpoints": [{"addresses": ["10.244.1.2"]}], "ports": [{"port": 80}]})
    assert full["endpoints"] == [{"addresses": ["10.244.1.2"], "conditions": {}}]
    assert full["ports"] == [{"port": 80, "name": "", "protocol": "TCP"}]


def test_rbac_scheduling_storage_coordination_policy(c):
    cluster_role = create(c, "clusterroles.rbac.authorization.k8s.io", {
        "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "reader"},
        "rules": [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]})
    assert cluster_role["rules"] == [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]
    crb = create(c, "clusterrolebindings.rbac.authorization.k8s.io", {
        "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": {"name": "readers"},
        "roleRef": {"kind": "ClusterRole", "name": "reader"}, "subjects": [{"kind": "Group", "name": "devs"}]})
    assert crb["roleRef"]["apiGroup"] == crb["subjects"][0]["apiGroup"] == "rbac.authorization.k8s.io"
    role = create(c, "roles.rbac.authorization.k8s.io", {
        "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "empty"}})
    assert role["rules"] is None
    rb = create(c, "rolebindings.rbac.authorization.k8s.io", {
        "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "rb"},
        "roleRef": {"kind": "Role", "name": "empty"},
        "subjects": [{"kind": "User", "name": "jane"}, {"kind": "ServiceAccount", "name": "bot", "namespace": "default"}]})
    assert rb["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "empty"}
    assert rb["subjects"] == [{"kind": "User", "name": "jane", "apiGroup": "rbac.authorization.k8s.io"},
                              {"kind": "ServiceAccount", "name": "bot", "namespace": "default"}]
    pc = create(c, "priorityclasses.scheduling.k8s.io", {
        "apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": "high"}, "value": 1000})
    assert pc["preemptionPolicy"] == "PreemptLowerPriority"
    sc = create(c, "storageclasses.storage.k8s.io", {
        "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "fast"},
        "provisioner": "rancher.io/local-path"})
    assert (sc["reclaimPolicy"], sc["volumeBindingMode"]) == ("Delete", "Immediate")
    lease = create(c, "leases.coordination.k8s.io", {
        "apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"name": "lock"}})
    assert lease["spec"] == {}
    pdb = create(c, "poddisruptionbudgets.policy", {
        "apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "web"},
        "spec": {"minAvailable": 1, "selector": {"matchLabels": {"app": "web"}}}})
    assert pdb["spec"] == {"minAvailable": 1, "selector": {"matchLabels": {"app": "web"}}}
    assert pdb["status"] == {"currentHealthy": 0, "desiredHealthy": 0, "disruptionsAllowed": 0, "expectedPods": 0}


def test_defaults_apply_on_update_too(c):
    got = create(c, "deployments.apps", {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": template({"app": "web"}, {"containers": NGINX})}})
    body = copy.deepcopy(got)
    del body["spec"]["strategy"], body["spec"]["revisionHistoryLimit"]
    updated = c.api.update("deployments.apps", body)
    # re-defaulted to the same values: nothing changed, so no new generation
    assert updated["spec"] == got["spec"] and updated["metadata"]["generation"] == 1


# quantities
@pytest.mark.parametrize("text,canonical", [
    ("100m", "100m"), ("1000m", "1"), ("0.5", "500m"), ("1Gi", "1Gi"), ("1024Mi", "1Gi"), ("1536Mi", "1536Mi"),
    ("1.5Gi", "1536Mi"), ("1000", "1k"), ("1500", "1500"), ("1e3", "1e3"), ("12e6", "12e6"), ("512", "512"),
    ("0", "0"), ("-1k", "-1k"), ("100Mi", "100Mi"), ("0.1", "100m"), ("1n", "1n"), ("2048Ki", "2Mi")])
def test_quantity_canonical_form(text, canonical):
    assert quantity.canonical(text) == canonical


def test_quantity_compare_and_round():
    assert quantity.parse("1") == quantity.parse("1000m")
    assert quantity.parse("500m") < quantity.parse("1") < quantity.parse("1Ki")
    assert quantity.parse("1Gi") > quantity.parse("1G")
    assert quantity.round_up_milli("0.0001") == "1m"
    assert quantity.parse("250m").milli_value() == 250
    for bad in ("1.2.3", "12Q", "", ".", "1 Gi", "Gi"):
        with pytest.raises(quantity.QuantityError) as info:
            quantity.parse(bad)
        assert str(info.value) == quantity.FORMAT_WRONG
    for bad in ("1K", "1Mii", "1e"):
        with pytest.raises(quantity.QuantityError) as info:
            quantity.parse(bad)
        assert str(info.value) == "unable to parse quantity's suffix"
