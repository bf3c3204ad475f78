"""`kubectl describe`'s describers (pkg/describe): one function per kind, writing through a Writer
(a PrefixWriter over Go's tabwriter); kinds without their own describer get the generic one."""
from datetime import datetime

from ...api.errors import ApiError
from ...api.columns import parse_time
from .autoscaling import describe_horizontalpodautoscaler
from .certificates import describe_certificatesigningrequest
from .config import describe_configmap, describe_namespace, describe_secret
from .cluster import describe_generic, describe_node, describe_service
from .network import (describe_endpoints, describe_endpointslice, describe_ingress, describe_ingressclass,
                      describe_networkpolicy)
from .pod import describe_pod
from .policy import describe_limitrange, describe_poddisruptionbudget, describe_priorityclass, describe_resourcequota
from .rbac import describe_binding, describe_role, describe_serviceaccount
from .storage import (describe_csinode, describe_persistentvolume, describe_persistentvolumeclaim,
                      describe_storageclass)
from .workloads import (describe_cronjob, describe_daemonset, describe_deployment, describe_job, describe_replicaset,
                        describe_replicationcontroller, describe_statefulset)
from .writer import Writer

DESCRIBERS = {
    ("", "Pod"): lambda w, obj, events, api: describe_pod(w, obj, events),
    ("", "Node"): describe_node,
    ("", "Service"): describe_service,
    ("", "ReplicationController"): describe_replicationcontroller,
    ("", "ConfigMap"): describe_configmap,
    ("", "Secret"): lambda w, obj, events, api: describe_secret(w, obj, None, api),
    ("", "Namespace"): lambda w, obj, events, api: describe_namespace(w, obj, None, api),
    ("apps", "Deployment"): describe_deployment,
    ("apps", "ReplicaSet"): describe_replicaset,
    ("apps", "DaemonSet"): describe_daemonset,
    ("apps", "StatefulSet"): describe_statefulset,
    ("batch", "Job"): describe_job,
    ("batch", "CronJob"): describe_cronjob,
    ("", "Endpoints"): describe_endpoints,
    ("discovery.k8s.io", "EndpointSlice"): describe_endpointslice,
    ("networking.k8s.io", "Ingress"): describe_ingress,
    ("networking.k8s.io", "IngressClass"): describe_ingressclass,
    ("networking.k8s.io", "NetworkPolicy"): describe_networkpolicy,
    ("", "PersistentVolume"): describe_persistentvolume,
    ("", "PersistentVolumeClaim"): describe_persistentvolumeclaim,
    ("storage.k8s.io", "StorageClass"): describe_storageclass,
    ("storage.k8s.io", "CSINode"): describe_csinode,
    ("", "ServiceAccount"): describe_serviceaccount,
    ("rbac.authorization.k8s.io", "Role"): describe_role,
    ("rbac.authorization.k8s.io", "ClusterRole"): describe_role,
    ("rbac.authorization.k8s.io", "RoleBinding"): describe_binding,
    ("rbac.authorization.k8s.io", "ClusterRoleBinding"): describe_binding,
    ("policy", "PodDisruptionBudget"): describe_poddisruptionbudget,
    ("scheduling.k8s.io", "PriorityClass"): describe_priorityclass,
    ("", "LimitRange"): describe_limitrange,
    ("", "ResourceQuota"): describe_resourcequota,
    ("autoscaling", "HorizontalPodAutoscaler"): describe_horizontalpodautoscaler,
    ("certificates.k8s.io", "CertificateSigningRequest"): describe_certificatesigningrequest,
}


def describe(api, resource, obj, now, show_events=True, chunk_size=500):
    """The text `kubectl describe` prints for one object."""
    w = Writer(now if isinstance(now, datetime) else parse_time(now))
    events = search_events(api, resource, obj) if show_events else None
    DESCRIBERS.get((resource.group, resource.kind), describe_generic)(w, obj, events, api)
    return w.getvalue()


def search_events(api, resource, obj):
    """searchEvents: the events whose involvedObject is this object (by name, namespace, kind and
    uid; a pod's without the kind, a mirror pod's by its static pod's uid; a node's by uid or name)."""
    meta = obj["metadata"]
    uids = [meta.get("uid", "")]
    if resource.kind == "Pod" and (meta.get("annotations") or {}).get("kubernetes.io/config.mirror"):
        uids = [meta["annotations"]["kubernetes.io/config.mirror"]]
    if resource.kind == "Node":
        uids.append(meta["name"])
    terms = [f"involvedObject.name={meta['name']}"]
    if resource.kind != "Pod":
        terms.append(f"involvedObject.kind={resource.kind}")
    namespace = meta.get("namespace") or None
    try:
        events = api.list("events", namespace, field_selector=",".join(terms))["items"]
    except ApiError:
        return []
    found = [e for e in events if (e.get("involvedObject") or {}).get("namespace", "") == (namespace or "")]
    # a node's are two queries, by uid then by name, appended in that order
    return [e for uid in uids for e in found if (e.get("involvedObject") or {}).get("uid", "") == uid]
