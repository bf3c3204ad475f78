"""Semantic validation with the apiserver's wording: the entry points the APIServer calls.

Each kind maps to its create and update validators, as each registry strategy's Validate/ValidateUpdate."""
from . import batch, core, ephemeral, others, pod, podupdate, service, workloads
from .meta import object_meta, object_meta_update
from .names import name_is_dns_subdomain

_CREATE = {
    "Pod": pod.validate_pod,
    "Service": service.validate_service,
    "ConfigMap": core.validate_config_map,
    "Secret": core.validate_secret,
    "Namespace": core.validate_namespace,
    "Node": core.validate_node,
    "PersistentVolume": core.validate_pv,
    "PersistentVolumeClaim": core.validate_pvc,
    "ResourceQuota": core.validate_resource_quota,
    "LimitRange": core.validate_limit_range,
    "ServiceAccount": core.validate_service_account,
    "Endpoints": core.validate_endpoints,
    "Event": core.validate_event,
    "Job": batch.validate_job,
    "CronJob": batch.validate_cron_job,
    "HorizontalPodAutoscaler": others.validate_hpa,
    "Ingress": others.validate_ingress,
    "IngressClass": others.validate_ingress_class,
    "NetworkPolicy": others.validate_network_policy,
    "PodDisruptionBudget": others.validate_pdb,
    "Role": lambda obj: others.validate_role(obj, True),
    "ClusterRole": lambda obj: others.validate_role(obj, False),
    "RoleBinding": lambda obj: others.validate_binding(obj, True),
    "ClusterRoleBinding": lambda obj: others.validate_binding(obj, False),
    "PriorityClass": others.validate_priority_class,
    "StorageClass": others.validate_storage_class,
    "Lease": others.validate_lease,
    "EndpointSlice": others.validate_endpoint_slice,
    "PodTemplate": pod.validate_pod_template,
    "ControllerRevision": workloads.validate_controller_revision,
}
for _kind in workloads.SPECS:
    _CREATE[_kind] = (lambda kind: lambda obj: workloads.validate(kind, obj))(_kind)


def _meta_then(create):
    """The common ValidateXUpdate shape: metadata update checks, then the create checks."""
    def check(obj, old):
        return object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {}) + create(obj)
    return check


_UPDATE = {
    "Pod": podupdate.validate_pod_update,
    "Service": service.validate_service_update,
    "ConfigMap": core.validate_config_map_update,
    "Secret": core.validate_secret_update,
    "Node": core.validate_node_update,
    "PersistentVolumeClaim": core.validate_pvc_update,
    "Job": batch.validate_job_update,
    "CronJob": batch.validate_cron_job_update,
    "RoleBinding": lambda obj, old: others.validate_binding_update(obj, old, True),
    "ClusterRoleBinding": lambda obj, old: others.validate_binding_update(obj, old, False),
    "PriorityClass": others.validate_priority_class_update,
    "HorizontalPodAutoscaler": others.validate_hpa_update,
    "StorageClass": others.validate_storage_class_update,
}
for _kind in workloads.SPECS:
    _UPDATE[_kind] = (lambda kind: lambda obj, old: workloads.validate_update(kind, obj, old))(_kind)


def validate_create(server, resource, obj):
    if resource.kind == "Job":
        batch.generate_selector(obj)  # jobStrategy.Validate does this first
    check = _CREATE.get(resource.kind)
    if check is None:
        return object_meta(obj.get("metadata") or {}, resource.namespaced, name_is_dns_subdomain)
    return check(obj)


def validate_update(server, resource, obj, old, subresource=None):
    if subresource == "ephemeralcontainers":
        return ephemeral.validate_update(obj, old)
    if subresource == "approval":
        from ..certificates import validate_conditions
        return object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {}) + validate_conditions(obj, old)
    if subresource is not None:
        return object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {})
    check = _UPDATE.get(resource.kind)
    if check is None:
        create = _CREATE.get(resource.kind)
        if create is None:
            return object_meta_update(obj.get("metadata") or {}, old.get("metadata") or {})
        check = _meta_then(create)
    return check(obj, old)
