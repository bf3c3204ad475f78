"""Pod and PodTemplateSpec validation in ValidatePodSpec's order, with core/validation's wording.

Absent fields that defaulting fills are read as their defaults, so they never raise Required."""
from ..errors import FieldError
from . import names
from .containers import containers_list, id_range, init_containers, seccomp
from .meta import annotations, label_name, labels, object_meta
from .scheduling import affinity, topology_spread, tolerations
from .volumes import validate_volumes

RESTART_POLICIES = ["Always", "OnFailure", "Never"]
DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]


def _security_context(sc, path):
    """The pod's securityContext (validatePodSpecSecurityContext)."""
    errs = id_range(sc, ("fsGroup", "runAsUser", "runAsGroup"), path)
    for i, gid in enumerate(sc.get("supplementalGroups") or []):
        if not 0 <= gid <= 2147483647:
            errs.append(FieldError.invalid(f"{path}.supplementalGroups[{i}]", gid, names.inclusive_range_error(0, 2147483647)))
    policy = sc.get("fsGroupChangePolicy")
    if policy is not None and policy not in ("Always", "OnRootMismatch"):
        errs.append(FieldError.not_supported(f"{path}.fsGroupChangePolicy", policy, ["Always", "OnRootMismatch"]))
    return errs + seccomp(sc.get("seccompProfile"), f"{path}.seccompProfile")


def pod_spec(spec, path, is_pod=False):
    errs = []
    grace = spec.get("terminationGracePeriodSeconds", 30)
    volumes, vol_errs = validate_volumes(spec.get("volumes"), f"{path}.volumes")
    errs += vol_errs
    containers = spec.get("containers") or []
    errs += containers_list(containers, volumes, grace, f"{path}.containers")
    errs += init_containers(spec.get("initContainers"), containers, volumes, grace, f"{path}.initContainers")
    if spec.get("hostNetwork"):
        for i, ctr in enumerate(containers):
            for j, port in enumerate(ctr.get("ports") or []):
                host, cport = port.get("hostPort", 0), port.get("containerPort", 0)
                if (is_pod or host) and host != cport:
                    errs.append(FieldError.invalid(f"{path}.containers[{i}].ports[{j}].hostPort", host,
                                                   "must match `containerPort` when `hostNetwork` is true"))
    restart = spec.get("restartPolicy", "Always")
    if restart not in RESTART_POLICIES:
        errs.append(FieldError.not_supported(f"{path}.restartPolicy", restart, RESTART_POLICIES))
    dns = spec.get("dnsPolicy", "ClusterFirst")
    if dns not in DNS_POLICIES:
        errs.append(FieldError.not_supported(f"{path}.dnsPolicy", dns, DNS_POLICIES))
    errs += labels(spec.get("nodeSelector"), f"{path}.nodeSelector")
    errs += _security_context(spec.get("securityContext") or {}, f"{path}.securityContext")
    errs += affinity(spec.get("affinity"), f"{path}.affinity")
    if dns == "None" and not (spec.get("dnsConfig") or {}).get("nameservers"):
        if spec.get("dnsConfig") is None:
            errs.append(FieldError.required(f"{path}.dnsConfig", "must provide `dnsConfig` when `dnsPolicy` is None"))
        else:
            errs.append(FieldError.required(f"{path}.dnsConfig.nameservers",
                                            "must provide at least one DNS nameserver when `dnsPolicy` is None"))
    for i, gate in enumerate(spec.get("readinessGates") or []):
        errs += label_name(gate.get("conditionType", ""), f"{path}.readinessGates[{i}].conditionType")
    errs += topology_spread(spec.get("topologySpreadConstraints"), f"{path}.topologySpreadConstraints")
    for field, fn in (("serviceAccountName", names.name_is_dns_subdomain), ("nodeName", names.name_is_dns_subdomain)):
        if spec.get(field):
            errs += [FieldError.invalid(f"{path}.{field}", spec[field], m) for m in fn(spec[field])]
    deadline = spec.get("activeDeadlineSeconds")
    if deadline is not None and not 1 <= deadline <= 2147483647:
        errs.append(FieldError.invalid(f"{path}.activeDeadlineSeconds", deadline,
                                       names.inclusive_range_error(1, 2147483647)))
    for field in ("hostname", "subdomain"):
        if spec.get(field):
            errs += [FieldError.invalid(f"{path}.{field}", spec[field], m) for m in names.is_dns1123_label(spec[field])]
    errs += tolerations(spec.get("tolerations"), f"{path}.tolerations")
    if spec.get("priorityClassName"):
        errs += [FieldError.invalid(f"{path}.priorityClassName", spec["priorityClassName"], m)
                 for m in names.name_is_dns_subdomain(spec["priorityClassName"])]
    if spec.get("runtimeClassName") is not None:
        errs += [FieldError.invalid(f"{path}.runtimeClassName", spec["runtimeClassName"], m)
                 for m in names.name_is_dns_subdomain(spec["runtimeClassName"])]
    policy = spec.get("preemptionPolicy")
    if policy is not None and policy not in ("PreemptLowerPriority", "Never"):
        errs.append(FieldError.not_supported(f"{path}.preemptionPolicy", policy, ["PreemptLowerPriority", "Never"]))
    os_name = (spec.get("os") or {}).get("name") if spec.get("os") is not None else None
    if spec.get("os") is not None:
        if not os_name:
            errs.append(FieldError.required(f"{path}.os.name", "cannot be empty"))
        elif os_name not in ("linux", "windows"):
            errs.append(FieldError.not_supported(f"{path}.os", os_name, ["linux", "windows"]))
    return errs


def template_spec(template, path):
    """ValidatePodTemplateSpec: template labels/annotations, then the pod spec."""
    template = template or {}
    meta = template.get("metadata") or {}
    errs = labels(meta.get("labels"), f"{path}.labels")
    errs += annotations(meta.get("annotations"), f"{path}.annotations")
    errs += pod_spec(template.get("spec") or {}, f"{path}.spec")
    if (template.get("spec") or {}).get("ephemeralContainers"):
        errs.append(FieldError.forbidden(f"{path}.spec.ephemeralContainers",
                                         "ephemeral containers not allowed in pod template"))
    return errs


def _pod_only(spec):
    errs = []
    if not spec.get("serviceAccountName"):
        for vi, vol in enumerate(spec.get("volumes") or []):
            for si, source in enumerate((vol.get("projected") or {}).get("sources") or []):
                if source.get("serviceAccountToken") is not None:
                    errs.append(FieldError.forbidden(f"spec.volumes[{vi}].projected.sources[{si}].serviceAccountToken",
                                                     "must not be specified when serviceAccountName is not set"))
    for section in ("containers", "initContainers"):
        for i, ctr in enumerate(spec.get(section) or []):
            image = ctr.get("image") or ""
            if image != image.strip():
                errs.append(FieldError.invalid(f"spec.{section}[{i}].image", image,
                                               "must not have leading or trailing whitespace"))
    return errs


def metadata_and_spec(obj):
    spec = obj.get("spec") or {}
    errs = object_meta(obj.get("metadata") or {}, True, names.name_is_dns_subdomain)
    errs += pod_spec(spec, "spec", is_pod=True)
    return errs + _pod_only(spec)


def validate_pod(obj):
    errs = metadata_and_spec(obj)
    spec = obj.get("spec") or {}
    if spec.get("ephemeralContainers"):
        errs.append(FieldError.forbidden("spec.ephemeralContainers", "cannot be set on create"))
    if spec.get("nodeName") and spec.get("schedulingGates"):
        errs.append(FieldError.forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"))
    return errs


def validate_pod_template(obj):
    errs = object_meta(obj.get("metadata") or {}, True, names.name_is_dns_subdomain)
    return errs + template_spec(obj.get("template"), "template")
