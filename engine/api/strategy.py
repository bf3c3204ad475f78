"""Per-kind REST strategies: what the apiserver resets on create, keeps on update, bumps, and converts.

Mirrors the `PrepareForCreate`/`PrepareForUpdate` of each kind's registry strategy in kube-apiserver."""
import base64
import copy

from . import codec

# Status an object starts with on create (Go zero values of the non-omitempty status fields).
INITIAL_STATUS = {
    "Deployment": {},
    "ReplicaSet": {"replicas": 0},
    "ReplicationController": {"replicas": 0},
    "StatefulSet": {"replicas": 0, "availableReplicas": 0},
    "DaemonSet": {"currentNumberScheduled": 0, "numberMisscheduled": 0, "desiredNumberScheduled": 0, "numberReady": 0},
    "Job": {},
    "CronJob": {},
    "HorizontalPodAutoscaler": {"desiredReplicas": 0, "currentMetrics": None},  # v2's currentMetrics is not omitempty
    "Service": {"loadBalancer": {}},
    "Ingress": {"loadBalancer": {}},
    "Namespace": {"phase": "Active"},
    "PersistentVolumeClaim": {"phase": "Pending"},
    "PersistentVolume": {"phase": "Pending"},
    "PodDisruptionBudget": {"currentHealthy": 0, "desiredHealthy": 0, "disruptionsAllowed": 0, "expectedPods": 0},
    "ResourceQuota": {},
}

# Fields that are not "spec" but still bump metadata.generation when they change.
_GENERATION_IGNORES = ("metadata", "status", "apiVersion", "kind")


def prepare_for_create(server, resource, obj):
    kind = resource.kind
    if kind == "Secret":
        merge_string_data(obj)
    if "status" in resource.subresources and kind in INITIAL_STATUS:
        obj["status"] = copy.deepcopy(INITIAL_STATUS[kind])
    if kind == "Pod":
        from .defaults.core import pod_create_mutations
        obj["status"] = pod_initial_status(obj["spec"])
        pod_create_mutations(obj)
    if kind == "CertificateSigningRequest":
        from .certificates import prepare_for_create as prepare_csr
        prepare_csr(obj)
    if kind == "Namespace":  # the namespace controller's finalizer, required on create
        spec = obj.setdefault("spec", {})
        spec["finalizers"] = list(spec.get("finalizers") or []) + (["kubernetes"] if "kubernetes" not in (spec.get("finalizers") or []) else [])
    meta = obj["metadata"]
    if kind == "Job":  # the apiserver assigned the uid first (FillObjectMetaSystemFields)
        from .defaults.batch import generate_job_selector
        generate_job_selector(obj)
    for field in ("deletionTimestamp", "deletionGracePeriodSeconds", "generation"):
        meta.pop(field, None)
    if kind == "Service":
        _allocate_service(server, resource, obj, None)
    if kind == "DaemonSet":
        _set_template_generation(obj, 1)
    if kind == "PersistentVolume":  # PersistentVolumeLastPhaseTransitionTime, GA in 1.31
        obj["status"]["lastPhaseTransitionTime"] = server.clock.timestamp()


# apps/v1 keeps the internal DaemonSet spec.templateGeneration in this annotation
TEMPLATE_GENERATION = "deprecated.daemonset.template.generation"


def _set_template_generation(obj, value):
    meta = obj["metadata"]
    meta["annotations"] = dict(meta.get("annotations") or {}, **{TEMPLATE_GENERATION: str(value)})


def _template_generation(obj):
    try:
        return int((obj["metadata"].get("annotations") or {}).get(TEMPLATE_GENERATION, 0))
    except ValueError:
        return 0


def _pv_phase_transition(server, obj, old):
    """A PV status update that changes the phase stamps lastPhaseTransitionTime (unless the client set a new one)."""
    status, old_status = obj.setdefault("status", {}), old.get("status") or {}
    given = status.get("lastPhaseTransitionTime")
    if status.get("phase") == old_status.get("phase"):
        if given is None and old_status.get("lastPhaseTransitionTime") is not None:
            status["lastPhaseTransitionTime"] = old_status["lastPhaseTransitionTime"]
    elif given is None or given == old_status.get("lastPhaseTransitionTime"):
        status["lastPhaseTransitionTime"] = server.clock.timestamp()


def pod_initial_status(spec):
    """Pending with its QoS class; a pod with scheduling gates starts with PodScheduled=False."""
    status = {"phase": "Pending", "qosClass": qos_class(spec)}
    if spec.get("schedulingGates"):
        status["conditions"] = [{"type": "PodScheduled", "status": "False", "lastProbeTime": None,
                                 "lastTransitionTime": None, "reason": "SchedulingGated",
                                 "message": "Scheduling is blocked due to non-empty scheduling gates"}]
    return status


def _allocate_service(server, resource, obj, old):
    from . import allocators, errors
    try:
        allocators.allocate(server, obj, old)
    except allocators.AllocationError as e:
        if e.internal:
            raise errors.internal(e.internal)
        raise errors.invalid(resource, obj["metadata"].get("name", ""), [e.field_error])


def prepare_for_update(server, resource, obj, old, subresource):
    """Keep what the request may not change: status on the main resource, everything else on
    /status, and server-owned metadata; bump generation when the spec changed."""
    meta, old_meta = obj["metadata"], old["metadata"]
    for field in ("uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"):
        if field in old_meta:
            meta[field] = old_meta[field]
        else:
            meta.pop(field, None)
    if resource.namespaced:
        meta["namespace"] = old_meta["namespace"]
    if subresource == "status":
        for key in list(obj):
            if key not in ("status", "metadata", "apiVersion", "kind"):
                del obj[key]
        for key, value in old.items():
            if key not in ("status", "metadata"):
                obj[key] = codec.copy(value)
        obj["metadata"] = dict(old_meta, resourceVersion=meta.get("resourceVersion"))
        if "managedFields" in meta:  # ResetObjectMetaForStatus keeps what the field manager worked out
            obj["metadata"]["managedFields"] = meta["managedFields"]
        if resource.kind == "Deployment":  # deploymentStatusStrategy keeps annotations: the revision is written through /status
            if meta.get("annotations"):
                obj["metadata"]["annotations"] = meta["annotations"]
            else:
                obj["metadata"].pop("annotations", None)
        if resource.kind == "Namespace":  # namespace status carries its phase only
            obj["status"].setdefault("phase", old.get("status", {}).get("phase", "Active"))
        if resource.kind == "PersistentVolume":
            _pv_phase_transition(server, obj, old)
        return
    if subresource == "binding":
        return
    if subresource == "approval":
        from .certificates import prepare_for_approval
        prepare_for_approval(obj, old, server.clock.timestamp())
        return
    if subresource == "ephemeralcontainers":  # podEphemeralContainersStrategy: only spec.ephemeralContainers changes
        ephemeral = (obj.get("spec") or {}).get("ephemeralContainers")
        obj.clear()
        obj.update({k: codec.copy(v) for k, v in old.items() if k != "metadata"})
        obj["metadata"] = dict(old_meta, resourceVersion=meta.get("resourceVersion"))
        if "managedFields" in meta:  # as for /status: what the field manager worked out stays
            obj["metadata"]["managedFields"] = meta["managedFields"]
        if ephemeral:
            obj["spec"]["ephemeralContainers"] = ephemeral
        else:
            obj["spec"].pop("ephemeralContainers", None)
        return
    if resource.kind == "Secret":
        merge_string_data(obj)
    if resource.kind == "Namespace":  # spec.finalizers changes only through /finalize (omitempty)
        spec = obj.setdefault("spec", {})
        spec["finalizers"] = spec.get("finalizers") if subresource == "finalize" else (old.get("spec") or {}).get("finalizers")
        if not spec["finalizers"]:
            del spec["finalizers"]
    if "status" in resource.subresources and "status" in old:
        obj["status"] = codec.copy(old["status"])
    elif "status" in resource.subresources:
        obj.pop("status", None)
    if resource.kind == "Service":
        _allocate_service(server, resource, obj, old)
    if resource.kind == "DaemonSet":  # bumped when the pod template changes; clients cannot set it
        changed = (obj.get("spec") or {}).get("template") != (old.get("spec") or {}).get("template")
        _set_template_generation(obj, _template_generation(old) + (1 if changed else 0))
    if resource.has_generation and _spec_of(obj) != _spec_of(old):
        meta["generation"] = old_meta.get("generation", 1) + 1


def merge_string_data(secret):
    """v1 Secret conversion: stringData is written into data (base64), overriding its keys, and never stored."""
    string_data = secret.pop("stringData", None)
    if isinstance(string_data, dict) and string_data:
        data = secret.get("data") if isinstance(secret.get("data"), dict) else {}
        for key, value in string_data.items():
            data[key] = base64.b64encode(str(value).encode()).decode()
        secret["data"] = data


def _spec_of(obj):
    return {k: v for k, v in obj.items() if k not in _GENERATION_IGNORES}


def prepare_for_delete(server, resource, obj):
    if resource.kind == "Namespace":
        obj.setdefault("status", {})["phase"] = "Terminating"


def finalized(resource, obj):
    """Whether an object marked for deletion may now be removed (namespaces also wait on spec.finalizers)."""
    if resource.kind == "Namespace":
        return not (obj.get("spec") or {}).get("finalizers")
    return True


def grace_period(resource, obj, requested):
    """Seconds of graceful deletion: only pods have one, and only once bound to a node."""
    if resource.kind != "Pod":
        return None
    spec = obj.get("spec") or {}
    if not spec.get("nodeName"):
        return 0 if requested is None else min(requested, 0) or 0
    if obj.get("status", {}).get("phase") in ("Succeeded", "Failed"):
        return 0
    grace = spec.get("terminationGracePeriodSeconds", 30) if requested is None else requested
    return max(grace, 0)


def scale_of(obj):
    """The autoscaling/v1 Scale subresource of a scalable object."""
    from .selectors import from_label_selector, selector_string
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    selector = spec.get("selector")
    if obj["kind"] == "ReplicationController":
        selector_text = ",".join(f"{k}={v}" for k, v in sorted((selector or {}).items()))
    else:
        selector_text = selector_string(from_label_selector(selector) or [])
    meta = obj["metadata"]
    scale = {"kind": "Scale", "apiVersion": "autoscaling/v1",
             "metadata": {k: meta[k] for k in ("name", "namespace", "uid", "resourceVersion", "creationTimestamp") if k in meta},
             "spec": {"replicas": spec.get("replicas", 0)},
             "status": {"replicas": status.get("replicas", 0), "selector": selector_text}}
    if not selector_text:
        del scale["status"]["selector"]
    return scale


def qos_class(spec):
    """Guaranteed, Burstable or BestEffort from the containers' summed cpu/memory requests and limits
    (pkg/apis/core/helper/qos): zero values do not count; ephemeral containers are not considered."""
    from .quantity import QuantityError, parse
    requests, limits, guaranteed = {}, {}, True
    for c in list(spec.get("containers") or []) + list(spec.get("initContainers") or []):
        res = (c or {}).get("resources") or {}
        for source, total in ((res.get("requests") or {}, requests), (res.get("limits") or {}, limits)):
            found = set()
            for name, text in source.items():
                if name not in ("cpu", "memory"):
                    continue
                try:
                    value = parse(text)
                except QuantityError:
                    continue
                if value > 0:
                    found.add(name)
                    total[name] = total[name] + value if name in total else value
            if total is limits and found != {"cpu", "memory"}:
                guaranteed = False
    if not requests and not limits:
        return "BestEffort"
    if guaranteed and any(name not in limits or limits[name] != value for name, value in requests.items()):
        guaranteed = False
    return "Guaranteed" if guaranteed and len(requests) == len(limits) else "Burstable"


def convert(obj, source, target):
    """Convert between served versions of one kind (only HorizontalPodAutoscaler has two)."""
    if source.version == target.version:
        return obj
    if source.kind == "HorizontalPodAutoscaler":
        from .conversion import hpa_v1_to_v2, hpa_v2_to_v1
        return hpa_v2_to_v1(obj) if target.version == "v1" else hpa_v1_to_v2(obj)
    raise ValueError(f"no conversion from {source.group_version} to {target.group_version} for {source.kind}")
