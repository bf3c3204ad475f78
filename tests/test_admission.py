"""The admission chain through Cluster().api: what v1.32's plug-ins add to objects and the exact
errors they refuse with."""
import pytest

from engine import Cluster
from engine.api.errors import ApiError


@pytest.fixture
def c():
    return Cluster()


def pod(name="web", namespace="default", resources=None, **spec):
    container = {"name": "app", "image": "nginx"}
    if resources is not None:
        container["resources"] = resources
    body = {"containers": [container]}
    body.update(spec)
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": namespace}, "spec": body}


def ns(name):
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}


def refused(call, *args, **kwargs):
    with pytest.raises(ApiError) as info:
        call(*args, **kwargs)
    return info.value


# ServiceAccount
def test_pod_runs_as_default_service_account_with_token_volume(c):
    created = c.api.create("pods", pod())
    spec = created["spec"]
    assert spec["serviceAccountName"] == "default"
    assert spec["serviceAccount"] == "default"
    volume = spec["volumes"][-1]
    assert volume["name"].startswith("kube-api-access-") and len(volume["name"]) == len("kube-api-access-") + 5
    assert volume["projected"] == {"defaultMode": 420, "sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
        {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}},
    ]}
    assert spec["containers"][0]["volumeMounts"] == [
        {"name": volume["name"], "readOnly": True, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}]


def test_token_volume_name_comes_from_the_seeded_rng():
    names = [Cluster(seed=7).api.create("pods", pod())["spec"]["volumes"][0]["name"] for _ in range(2)]
    assert names[0] == names[1]


def test_init_containers_get_the_mount_too_and_existing_mounts_are_kept(c):
    body = pod()
    body["spec"]["initContainers"] = [{"name": "init", "image": "busybox"}]
    body["spec"]["containers"][0]["volumeMounts"] = [{"name": "own", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}]
    body["spec"]["volumes"] = [{"name": "own", "emptyDir": {}}]
    spec = c.api.create("pods", body)["spec"]
    assert spec["initContainers"][0]["volumeMounts"][0]["mountPath"] == "/var/run/secrets/kubernetes.io/serviceaccount"
    assert spec["containers"][0]["volumeMounts"] == [{"name": "own", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}]
    assert [v["name"][:16] for v in spec["volumes"]] == ["own", "kube-api-access-"]


def test_automount_false_skips_the_token(c):
    spec = c.api.create("pods", pod(automountServiceAccountToken=False))["spec"]
    assert "volumes" not in spec and "volumeMounts" not in spec["containers"][0]
    c.api.create("serviceaccounts", {"apiVersion": "v1", "kind": "ServiceAccount",
                                     "metadata": {"name": "quiet"}, "automountServiceAccountToken": False})
    spec = c.api.create("pods", pod("quiet", serviceAccountName="quiet"))["spec"]
    assert spec["serviceAccountName"] == "quiet" and "volumes" not in spec


def test_missing_service_account_is_forbidden(c):
    err = refused(c.api.create, "pods", pod("x", serviceAccountName="foo"))
    assert err.code == 403 and err.reason == "Forbidden"
    assert err.message == 'pods "x" is forbidden: error looking up service account default/foo: serviceaccount "foo" not found'
    assert err.details == {"name": "x", "kind": "pods"}


# Priority and DefaultTolerationSeconds
def test_priority_and_default_tolerations(c):
    spec = c.api.create("pods", pod())["spec"]
    assert spec["priority"] == 0 and spec["preemptionPolicy"] == "PreemptLowerPriority"
    assert "priorityClassName" not in spec
    assert spec["tolerations"] == [
        {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
        {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}]


def test_own_toleration_is_kept(c):
    mine = {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 10}
    spec = c.api.create("pods", pod(tolerations=[mine]))["spec"]
    assert [t["key"] for t in spec["tolerations"]] == ["node.kubernetes.io/unreachable", "node.kubernetes.io/not-ready"]
    assert spec["tolerations"][0]["tolerationSeconds"] == 10


def test_builtin_priority_classes(c):
    names = {pc["metadata"]["name"]: pc["value"] for pc in c.api.list("priorityclasses")["items"]}
    assert names == {"system-cluster-critical": 2000000000, "system-node-critical": 2000001000}
    spec = c.api.create("pods", pod(priorityClassName="system-node-critical"))["spec"]
    assert spec["priority"] == 2000001000 and spec["preemptionPolicy"] == "PreemptLowerPriority"


def test_unknown_priority_class_and_given_priority_are_forbidden(c):
    err = refused(c.api.create, "pods", pod("x", priorityClassName="gold"))
    assert err.code == 403 and err.message == 'pods "x" is forbidden: no PriorityClass with name gold was found'
    err = refused(c.api.create, "pods", pod("x", priority=5))
    assert err.message == ('pods "x" is forbidden: the integer value of priority (5) must not be provided in pod spec; '
                           'priority admission controller computed 0 from the given PriorityClass name')


def test_global_default_priority_class(c):
    c.api.create("priorityclasses", {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
                                     "metadata": {"name": "low"}, "value": 10, "globalDefault": True,
                                     "preemptionPolicy": "Never"})
    spec = c.api.create("pods", pod())["spec"]
    assert (spec["priorityClassName"], spec["priority"], spec["preemptionPolicy"]) == ("low", 10, "Never")
    err = refused(c.api.create, "priorityclasses", {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
                                                     "metadata": {"name": "other"}, "value": 20, "globalDefault": True})
    assert err.message == ('priorityclasses.scheduling.k8s.io "other" is forbidden: '
                           'PriorityClass low is already marked as default. Only one default can exist')


# NamespaceLifecycle
def test_create_in_missing_namespace_is_not_found(c):
    err = refused(c.api.create, "configmaps", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x", "namespace": "foo"}})
    assert err.code == 404 and err.message == 'namespaces "foo" not found'
    assert err.details == {"name": "foo", "kind": "namespaces"}


def test_create_in_terminating_namespace_is_forbidden(c):
    c.api.create("namespaces", ns("foo"))
    c.api.delete("namespaces", "foo")
    err = refused(c.api.create, "configmaps", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x", "namespace": "foo"}})
    assert err.code == 403
    assert err.message == 'configmaps "x" is forbidden: unable to create new content in namespace foo because it is being terminated'
    assert err.details == {"name": "x", "kind": "configmaps", "causes": [
        {"reason": "NamespaceTerminating", "message": "namespace foo is being terminated", "field": "metadata.namespace"}]}


@pytest.mark.parametrize("name", ["default", "kube-system", "kube-public"])
def test_immortal_namespaces(c, name):
    err = refused(c.api.delete, "namespaces", name)
    assert err.code == 403 and err.message == f'namespaces "{name}" is forbidden: this namespace may not be deleted'
    assert c.api.get("namespaces", name)["status"]["phase"] == "Active"


# LimitRanger
LIMITS = {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "limits"}, "spec": {"limits": [{
    "type": "Container", "default": {"cpu": "500m", "memory": "256Mi"}, "defaultRequest": {"cpu": "250m", "memory": "128Mi"},
    "max": {"cpu": "1"}, "min": {"cpu": "100m"}, "maxLimitRequestRatio": {"cpu": "4"}}]}}


def test_limit_range_defaults_and_annotation(c):
    c.api.create("limitranges", LIMITS)
    created = c.api.create("pods", pod())
    assert created["spec"]["containers"][0]["resources"] == {
        "limits": {"cpu": "500m", "memory": "256Mi"}, "requests": {"cpu": "250m", "memory": "128Mi"}}
    assert created["metadata"]["annotations"]["kubernetes.io/limit-ranger"] == \
        "LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app"
    assert created["status"]["qosClass"] == "Burstable"


def test_limit_range_only_fills_what_is_missing(c):
    c.api.create("limitranges", LIMITS)
    created = c.api.create("pods", pod(resources={"requests": {"cpu": "300m"}, "limits": {"cpu": "600m"}}))
    assert created["spec"]["containers"][0]["resources"] == {
        "limits": {"cpu": "600m", "memory": "256Mi"}, "requests": {"cpu": "300m", "memory": "128Mi"}}
    assert created["metadata"]["annotations"]["kubernetes.io/limit-ranger"] == \
        "LimitRanger plugin set: memory request for container app; memory limit for container app"


@pytest.mark.parametrize("resources, message", [
    ({"limits": {"cpu": "2"}}, "maximum cpu usage per Container is 1, but limit is 2"),
    ({"requests": {"cpu": "50m"}, "limits": {"cpu": "150m"}}, "minimum cpu usage per Container is 100m, but request is 50m"),
    ({"requests": {"cpu": "100m"}, "limits": {"cpu": "1"}},
     "cpu max limit to request ratio per Container is 4, but provided ratio is 10.000000"),
    ({"requests": {"cpu": "50m"}},
     "[minimum cpu usage per Container is 100m, but request is 50m, "
     "cpu max limit to request ratio per Container is 4, but provided ratio is 10.000000]"),
])
def test_limit_range_violations(c, resources, message):
    c.api.create("limitranges", LIMITS)
    err = refused(c.api.create, "pods", pod("x", resources=resources))
    assert err.code == 403 and err.message == f'pods "x" is forbidden: {message}'


# ResourceQuota
def quota(hard, name="q"):
    return {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": name}, "spec": {"hard": hard}}


def test_quota_status_is_filled_in_and_charged_on_create(c):
    c.api.create("resourcequotas", quota({"pods": "2", "configmaps": "5", "count/deployments.apps": "1"}))
    c.api.create("pods", pod())  # the controller has counted before the first write after the quota
    status = c.api.get("resourcequotas", "q")["status"]
    assert status == {"hard": {"pods": "2", "configmaps": "5", "count/deployments.apps": "1"},
                      "used": {"pods": "1", "configmaps": "1", "count/deployments.apps": "0"}}


def test_quota_count_exceeded(c):
    c.api.create("resourcequotas", quota({"pods": "1"}))
    c.api.create("pods", pod("a"))
    err = refused(c.api.create, "pods", pod("b"))
    assert err.code == 403 and err.reason == "Forbidden"
    assert err.message == 'pods "b" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1'
    c.api.create("resourcequotas", quota({"services": "2"}, name="svc"))  # the kubernetes Service counts
    c.api.create("services", {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s1"},
                              "spec": {"ports": [{"port": 80}]}})
    err = refused(c.api.create, "services", {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s2"},
                                             "spec": {"ports": [{"port": 80}]}})
    assert err.message == 'services "s2" is forbidden: exceeded quota: svc, requested: services=1, used: services=2, limited: services=2'


def test_quota_compute_requires_requests_and_limits(c):
    c.api.create("resourcequotas", quota({"requests.cpu": "1", "requests.memory": "1Gi", "limits.cpu": "2", "limits.memory": "2Gi"}))
    err = refused(c.api.create, "pods", pod("x"))
    assert err.message == ('pods "x" is forbidden: failed quota: q: must specify limits.cpu for: app; '
                           'limits.memory for: app; requests.cpu for: app; requests.memory for: app')


def test_quota_compute_exceeded_and_used_tracks_pods(c):
    c.api.create("resourcequotas", quota({"requests.cpu": "1", "limits.memory": "1Gi"}))
    both = {"requests": {"cpu": "600m"}, "limits": {"memory": "512Mi"}}
    c.api.create("pods", pod("a", resources=both))
    err = refused(c.api.create, "pods", pod("b", resources=both))
    assert err.message == ('pods "b" is forbidden: exceeded quota: q, requested: requests.cpu=600m, '
                           'used: requests.cpu=600m, limited: requests.cpu=1')
    c.api.create("pods", pod("b", resources={"requests": {"cpu": "400m"}, "limits": {"memory": "512Mi"}}))
    assert c.api.get("resourcequotas", "q")["status"]["used"] == {"requests.cpu": "1", "limits.memory": "1Gi"}
    c.api.delete("pods", "a")
    c.advance(1)
    assert c.api.get("resourcequotas", "q")["status"]["used"] == {"requests.cpu": "400m", "limits.memory": "512Mi"}


def test_quota_dry_run_does_not_charge(c):
    c.api.create("resourcequotas", quota({"configmaps": "5"}))
    c.advance(1)
    c.api.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}, dry_run=True)
    assert c.api.get("resourcequotas", "q")["status"]["used"] == {"configmaps": "1"}


# DefaultStorageClass
def test_default_storage_class(c):
    sc = c.api.get("storageclasses", "standard")
    assert sc["metadata"]["annotations"] == {"storageclass.kubernetes.io/is-default-class": "true"}
    assert sc["provisioner"] == "rancher.io/local-path"
    claim = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data"},
             "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}
    assert c.api.create("persistentvolumeclaims", claim)["spec"]["storageClassName"] == "standard"
    claim["metadata"]["name"], claim["spec"]["storageClassName"] = "manual", ""
    assert c.api.create("persistentvolumeclaims", claim)["spec"]["storageClassName"] == ""


def test_system_priority_classes_cannot_be_deleted(c):
    err = refused(c.api.delete, "priorityclasses", "system-node-critical")
    assert err.code == 403 and err.message == ('priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: '
                                               'this is a system priority class and cannot be deleted')


def test_mirror_pods_are_left_alone_but_may_not_use_accounts_or_secrets(c):
    mirror = pod("static-web")
    mirror["metadata"]["annotations"] = {"kubernetes.io/config.mirror": "abc"}
    spec = c.api.create("pods", mirror)["spec"]
    assert "serviceAccountName" not in spec and "volumes" not in spec
    mirror["metadata"]["name"] = "static-2"
    mirror["spec"]["volumes"] = [{"name": "s", "secret": {"secretName": "creds"}}]
    err = refused(c.api.create, "pods", mirror)
    assert err.message == 'pods "static-2" is forbidden: a mirror pod may not reference secrets'


def test_object_count_quota_for_a_grouped_resource(c):
    c.api.create("resourcequotas", quota({"count/deployments.apps": "1"}))

    def deployment(name):
        labels = {"app": name}
        return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name},
                "spec": {"selector": {"matchLabels": labels},
                         "template": {"metadata": {"labels": labels}, "spec": {"containers": [{"name": "a", "image": "nginx"}]}}}}

    c.api.create("deployments.apps", deployment("d1"))
    err = refused(c.api.create, "deployments.apps", deployment("d2"))
    assert err.message == ('deployments.apps "d2" is forbidden: exceeded quota: q, requested: count/deployments.apps=1, '
                           'used: count/deployments.apps=1, limited: count/deployments.apps=1')


def test_scoped_quota_counts_only_matching_pods(c):
    body = quota({"pods": "1"}, name="besteffort")
    body["spec"]["scopes"] = ["BestEffort"]
    c.api.create("resourcequotas", body)
    c.api.create("pods", pod("a"))
    c.api.create("pods", pod("sized", resources={"requests": {"cpu": "100m"}}))  # Burstable: not in scope
    err = refused(c.api.create, "pods", pod("b"))
    assert err.message == 'pods "b" is forbidden: exceeded quota: besteffort, requested: pods=1, used: pods=1, limited: pods=1'


def test_storage_quota_per_class(c):
    c.api.create("resourcequotas", quota({"requests.storage": "2Gi", "standard.storageclass.storage.k8s.io/persistentvolumeclaims": "5"}))

    def claim(name, size):
        return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": name},
                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": size}}}}

    c.api.create("persistentvolumeclaims", claim("a", "1536Mi"))
    assert c.api.get("resourcequotas", "q")["status"]["used"] == {
        "requests.storage": "1536Mi", "standard.storageclass.storage.k8s.io/persistentvolumeclaims": "1"}
    err = refused(c.api.create, "persistentvolumeclaims", claim("b", "1Gi"))
    assert err.message == ('persistentvolumeclaims "b" is forbidden: exceeded quota: q, requested: requests.storage=1Gi, '
                           'used: requests.storage=1536Mi, limited: requests.storage=2Gi')


# StorageObjectInUseProtection, PersistentVolumeClaimResize, RuntimeClass, DefaultIngressClass
def claim(name="data", size="1Gi", **spec):
    body = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": size}}}
    body.update(spec)
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": name}, "spec": body}


def test_claims_and_volumes_get_protection_finalizers(c):
    assert c.api.create("persistentvolumeclaims", claim())["metadata"]["finalizers"] == ["kubernetes.io/pvc-protection"]
    pv = c.api.create("persistentvolumes", {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "pv1"},
                                            "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                                                     "hostPath": {"path": "/data"}}})
    assert pv["metadata"]["finalizers"] == ["kubernetes.io/pv-protection"]


def test_bound_claim_grows_only_with_an_expandable_class(c):
    c.api.create("persistentvolumeclaims", claim())
    c.api.patch("persistentvolumeclaims", "data", {"status": {"phase": "Bound"}}, subresource="status",
                patch_type="application/merge-patch+json")
    err = refused(c.api.patch, "persistentvolumeclaims", "data", {"spec": {"resources": {"requests": {"storage": "2Gi"}}}},
                  patch_type="application/merge-patch+json")
    assert err.code == 403 and err.message == (
        'persistentvolumeclaims "data" is forbidden: only dynamically provisioned pvc can be resized and '
        'the storageclass that provisions the pvc must support resize')


def test_unknown_runtime_class_is_refused(c):
    err = refused(c.api.create, "pods", pod("x", runtimeClassName="gvisor"))
    assert err.code == 403 and err.message == 'pods "x" is forbidden: pod rejected: RuntimeClass "gvisor" not found'


def test_default_ingress_class(c):
    c.api.create("ingressclasses", {"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass",
                                    "metadata": {"name": "nginx", "annotations": {"ingressclass.kubernetes.io/is-default-class": "true"}},
                                    "spec": {"controller": "k8s.io/ingress-nginx"}})
    ingress = {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web"},
               "spec": {"defaultBackend": {"service": {"name": "web", "port": {"number": 80}}}}}
    assert c.api.create("ingresses.networking.k8s.io", ingress)["spec"]["ingressClassName"] == "nginx"


def test_limit_range_pod_maximum(c):
    c.api.create("limitranges", {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "per-pod"},
                                 "spec": {"limits": [{"type": "Pod", "max": {"cpu": "1"}}]}})
    body = pod("x", resources={"limits": {"cpu": "800m"}})
    body["spec"]["containers"].append({"name": "side", "image": "busybox", "resources": {"limits": {"cpu": "400m"}}})
    err = refused(c.api.create, "pods", body)
    assert err.message == 'pods "x" is forbidden: maximum cpu usage per Pod is 1, but limit is 1200m'


def test_limit_range_for_claims(c):
    c.api.create("limitranges", {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "storage"},
                                 "spec": {"limits": [{"type": "PersistentVolumeClaim", "min": {"storage": "1Gi"}, "max": {"storage": "5Gi"}}]}})
    err = refused(c.api.create, "persistentvolumeclaims", claim("small", "500Mi"))
    assert err.message == 'persistentvolumeclaims "small" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 500Mi'
    err = refused(c.api.create, "persistentvolumeclaims", claim("big", "10Gi"))
    assert err.message == 'persistentvolumeclaims "big" is forbidden: maximum storage usage per PersistentVolumeClaim is 5Gi, but request is 10Gi'
    assert c.api.create("persistentvolumeclaims", claim("ok", "2Gi"))["spec"]["resources"] == {"requests": {"storage": "2Gi"}}


def test_service_type_change_is_charged(c):
    c.api.create("resourcequotas", quota({"services.nodeports": "1"}))
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
           "spec": {"selector": {"app": "web"}, "ports": [{"name": "a", "port": 80}, {"name": "b", "port": 81}]}}
    c.api.create("services", svc)
    err = refused(c.api.patch, "services", "web", {"spec": {"type": "NodePort"}}, patch_type="application/merge-patch+json")
    assert err.message == ('services "web" is forbidden: exceeded quota: q, requested: services.nodeports=2, '
                           'used: services.nodeports=0, limited: services.nodeports=1')


# PodSecurity
def labelled(name, **labels):
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {
        "name": name, "labels": {f"pod-security.kubernetes.io/{k.replace('_', '-')}": v for k, v in labels.items()}}}


def test_pod_security_restricted(c):
    c.api.create("namespaces", labelled("secure", enforce="restricted"))
    err = refused(c.api.create, "pods", pod("x", namespace="secure"))
    assert err.code == 403 and err.message == (
        'pods "x" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false '
        '(container "app" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities '
        '(container "app" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true '
        '(pod or container "app" must set securityContext.runAsNonRoot=true), seccompProfile '
        '(pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")')
    compliant = pod("ok", namespace="secure", securityContext={"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}})
    compliant["spec"]["containers"][0]["securityContext"] = {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]}}
    assert c.api.create("pods", compliant)["metadata"]["name"] == "ok"


def test_pod_security_baseline(c):
    c.api.create("namespaces", labelled("base", enforce="baseline", enforce_version="v1.30"))
    body = pod("x", namespace="base", hostNetwork=True, volumes=[{"name": "root", "hostPath": {"path": "/"}}])
    body["spec"]["containers"][0].update(securityContext={"privileged": True, "capabilities": {"add": ["NET_ADMIN", "SYS_TIME"]}},
                                         ports=[{"containerPort": 80, "hostPort": 80}])
    err = refused(c.api.create, "pods", body)
    assert err.message == (
        'pods "x" is forbidden: violates PodSecurity "baseline:v1.30": non-default capabilities (container "app" must not '
        'include "NET_ADMIN", "SYS_TIME" in securityContext.capabilities.add), host namespaces (hostNetwork=true), '
        'hostPath volumes (volume "root"), hostPort (container "app" uses hostPort 80), privileged (container "app" must '
        'not set securityContext.privileged=true)')
    assert c.api.create("pods", pod("plain", namespace="base"))["metadata"]["name"] == "plain"


def test_pod_security_labels_must_be_valid(c):
    err = refused(c.api.create, "namespaces", labelled("bad", enforce="strict"))
    assert err.code == 422 and err.message == ('Namespace "bad" is invalid: metadata.labels[pod-security.kubernetes.io/enforce]: '
                                               'Invalid value: "strict": must be one of privileged, baseline, restricted')
    err = refused(c.api.create, "namespaces", labelled("bad", enforce="baseline", enforce_version="1.30"))
    assert err.message == ('Namespace "bad" is invalid: metadata.labels[pod-security.kubernetes.io/enforce-version]: '
                           'Invalid value: "1.30": must be "latest" or "v1.x"')
