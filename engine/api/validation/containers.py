"""Containers of a pod spec: names, images, ports, env, resources, probes, lifecycle hooks, securityContext
(validateContainers, validateInitContainers and validateContainerCommon of core/validation)."""
from .. import quantity
from ..errors import FieldError, GoRaw
from . import names
from .meta import nonnegative
from .volumes import validate_mounts

PROTOCOLS = ["SCTP", "TCP", "UDP"]
PULL_POLICIES = ["Always", "IfNotPresent", "Never"]
TERMINATION_MESSAGE_POLICIES = ["File", "FallbackToLogsOnError"]
STANDARD_CONTAINER_RESOURCES = ("cpu", "memory", "ephemeral-storage")
STANDARD_RESOURCES = {"cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory",
                      "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods",
                      "services", "replicationcontrollers", "resourcequotas", "secrets", "configmaps",
                      "persistentvolumeclaims", "storage", "requests.storage", "services.nodeports",
                      "services.loadbalancers"}
NATIVE_PREFIX = "kubernetes.io/"


def port_num_or_name(port, path):
    if isinstance(port, str):
        return [FieldError.invalid(path, port, m) for m in names.is_valid_port_name(port)]
    port = port or 0
    return [FieldError.invalid(path, port, m) for m in names.is_valid_port_num(port)]


def _container_ports(ports, path):
    errs, seen = [], set()
    for i, port in enumerate(ports or []):
        p = f"{path}[{i}]"
        name = port.get("name") or ""
        if name:
            msgs = names.is_valid_port_name(name)
            if msgs:
                errs += [FieldError.invalid(f"{p}.name", name, m) for m in msgs]
            elif name in seen:
                errs.append(FieldError.duplicate(f"{p}.name", name))
            else:
                seen.add(name)
        cport = port.get("containerPort") or 0
        if cport == 0:
            errs.append(FieldError.required(f"{p}.containerPort"))
        else:
            errs += [FieldError.invalid(f"{p}.containerPort", cport, m) for m in names.is_valid_port_num(cport)]
        if port.get("hostPort"):
            errs += [FieldError.invalid(f"{p}.hostPort", port["hostPort"], m)
                     for m in names.is_valid_port_num(port["hostPort"])]
        protocol = port.get("protocol", "TCP")
        if not protocol:
            errs.append(FieldError.required(f"{p}.protocol"))
        elif protocol not in PROTOCOLS:
            errs.append(FieldError.not_supported(f"{p}.protocol", protocol, PROTOCOLS))
    return errs


def _key_selector(ref, path):
    errs = [FieldError.invalid(f"{path}.name", ref.get("name", ""), m)
            for m in names.name_is_dns_subdomain(ref.get("name") or "")]
    if not ref.get("key"):
        errs.append(FieldError.required(f"{path}.key"))
    else:
        errs += [FieldError.invalid(f"{path}.key", ref["key"], m) for m in names.is_config_map_key(ref["key"])]
    return errs


def _env(env, path):
    errs = []
    for i, var in enumerate(env or []):
        p = f"{path}[{i}]"
        name = var.get("name") or ""
        if not name:
            errs.append(FieldError.required(f"{p}.name"))
        else:
            errs += [FieldError.invalid(f"{p}.name", name, m) for m in names.is_relaxed_env_var_name(name)]
        source = var.get("valueFrom")
        if source is None:
            continue
        count = 0
        for key in ("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef"):
            if source.get(key) is not None:
                count += 1
                if key in ("configMapKeyRef", "secretKeyRef"):
                    errs += _key_selector(source[key], f"{p}.valueFrom.{key}")
                elif key == "fieldRef" and not source[key].get("fieldPath"):
                    errs.append(FieldError.required(f"{p}.valueFrom.fieldRef.fieldPath"))
                elif key == "resourceFieldRef" and not source[key].get("resource"):
                    errs.append(FieldError.required(f"{p}.valueFrom.resourceFieldRef.resource"))
        if count == 0:
            errs.append(FieldError.invalid(f"{p}.valueFrom", "", "must specify one of: `fieldRef`, "
                                           "`resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"))
        elif var.get("value"):
            errs.append(FieldError.invalid(f"{p}.valueFrom", "", "may not be specified when `value` is not empty"))
        elif count > 1:
            errs.append(FieldError.invalid(f"{p}.valueFrom", "", "may not have more than one field specified at a time"))
    return errs


def _env_from(sources, path):
    errs = []
    for i, src in enumerate(sources or []):
        p = f"{path}[{i}]"
        if src.get("prefix"):
            errs += [FieldError.invalid(f"{p}.prefix", src["prefix"], m)
                     for m in names.is_relaxed_env_var_name(src["prefix"])]
        count = 0
        for key in ("configMapRef", "secretRef"):
            if src.get(key) is not None:
                count += 1
                ref_name = src[key].get("name") or ""
                if not ref_name:
                    errs.append(FieldError.required(f"{p}.{key}.name"))
                else:
                    errs += [FieldError.invalid(f"{p}.{key}.name", ref_name, m)
                             for m in names.name_is_dns_subdomain(ref_name, True)]
        if count == 0:
            errs.append(FieldError.invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"))
        elif count > 1:
            errs.append(FieldError.invalid(path, "", "may not have more than one field specified at a time"))
    return errs


def _is_standard_resource(name):
    return name in STANDARD_RESOURCES or name.startswith(("hugepages-", "requests.hugepages-"))


def _resource_name(name, path):
    """validateContainerResourceName; core.ResourceName is a fmt.Stringer, so Go prints it unquoted."""
    value = GoRaw(name)
    msgs = names.is_qualified_name(name)
    if msgs:
        errs = [FieldError.invalid(path, value, m) for m in msgs]
    elif "/" not in name and not _is_standard_resource(name):
        errs = [FieldError.invalid(path, value, "must be a standard resource type or fully qualified")]
    else:
        errs = []
    if "/" not in name:
        if name not in STANDARD_CONTAINER_RESOURCES and not name.startswith("hugepages-"):
            errs.append(FieldError.invalid(path, value, "must be a standard resource for containers"))
    elif not (name.startswith(NATIVE_PREFIX) or ".kubernetes.io/" in name) and (
            name.startswith("requests.") or names.is_qualified_name("requests." + name)):
        errs.append(FieldError.invalid(path, value, "doesn't follow extended resource name standard"))
    return errs


def _overcommit(name):
    """helper.IsOvercommitAllowed: native resources other than hugepages (extended resources are not)."""
    native = "/" not in name or "kubernetes.io/" in name
    return native and not name.startswith("hugepages-")


def _quantity(value):
    try:
        return quantity.parse(value)
    except Exception:  # decoding already rejected malformed quantities
        return None


def _resources(res, path):
    errs = []
    limits, requests = res.get("limits") or {}, res.get("requests") or {}
    for section, values in (("limits", limits), ("requests", requests)):
        for name in sorted(values):
            p = f"{path}.{section}[{name}]"
            errs += _resource_name(name, p)
            q = _quantity(values[name])
            if q is not None and q.value < 0:
                errs.append(FieldError.invalid(p, quantity.canonical(q), "must be greater than or equal to 0"))
            if section == "requests" and q is not None:
                errs += _request_vs_limit(name, q, limits, path)
    return errs


def _request_vs_limit(name, req, limits, path):
    if name not in limits:
        if not _overcommit(name):
            return [FieldError.required(f"{path}.limits", "Limit must be set for non overcommitable resources")]
        return []
    lim = _quantity(limits[name])
    if lim is None:
        return []
    if req.value != lim.value and not _overcommit(name):
        return [FieldError.invalid(f"{path}.requests", quantity.canonical(req),
                                   f"must be equal to {name} limit of {quantity.canonical(lim)}")]
    if req.value > lim.value:
        return [FieldError.invalid(f"{path}.requests", quantity.canonical(req),
                                   f"must be less than or equal to {name} limit of {quantity.canonical(lim)}")]
    return []


def _handler(handler, path, kinds):
    errs, count = [], 0
    for key in kinds:
        if handler.get(key) is None:
            continue
        if count:
            errs.append(FieldError.forbidden(f"{path}.{key}", "may not specify more than 1 handler type"))
            continue
        count += 1
        action = handler[key] or {}
        if key == "exec" and not action.get("command"):
            errs.append(FieldError.required(f"{path}.exec.command"))
        elif key == "httpGet":
            if not action.get("path", "/"):
                errs.append(FieldError.required(f"{path}.httpGet.path"))
            errs += port_num_or_name(action.get("port", 0), f"{path}.httpGet.port")
            scheme = action.get("scheme", "HTTP")
            if scheme not in ("HTTP", "HTTPS"):
                errs.append(FieldError.not_supported(f"{path}.httpGet.scheme", scheme, ["HTTP", "HTTPS"]))
            for header in action.get("httpHeaders") or []:
                errs += [FieldError.invalid(f"{path}.httpGet.httpHeaders", header.get("name", ""), m)
                         for m in names.is_http_header_name(header.get("name", ""))]
        elif key in ("tcpSocket", "grpc"):
            errs += port_num_or_name(action.get("port", 0), f"{path}.{key}.port")
    if count == 0:
        errs.append(FieldError.required(path, "must specify a handler type"))
    return errs


def _probe(probe, path, kind):
    if probe is None:
        return []
    errs = _handler(probe, path, ("exec", "httpGet", "tcpSocket", "grpc"))
    for field in ("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"):
        errs += nonnegative(probe.get(field, 0), f"{path}.{field}")
    grace = probe.get("terminationGracePeriodSeconds")
    if grace is not None and grace <= 0:
        errs.append(FieldError.invalid(f"{path}.terminationGracePeriodSeconds", grace, "must be greater than 0"))
    if kind in ("liveness", "startup") and probe.get("successThreshold", 1) != 1:
        errs.append(FieldError.invalid(f"{path}.successThreshold", probe["successThreshold"], "must be 1"))
    if kind == "readiness" and grace is not None:
        errs.append(FieldError.invalid(f"{path}.terminationGracePeriodSeconds", grace,
                                       "must not be set for readinessProbes"))
    return errs


def _lifecycle(lifecycle, path, grace):
    errs = []
    for hook in ("postStart", "preStop"):
        if lifecycle.get(hook) is not None:
            errs += _handler(lifecycle[hook], f"{path}.{hook}", ("exec", "httpGet", "tcpSocket", "sleep"))
            sleep = lifecycle[hook].get("sleep")
            if sleep is not None and grace is not None:
                secs = sleep.get("seconds", 0)
                if secs <= 0 or secs > grace:
                    errs.append(FieldError.invalid(
                        f"{path}.{hook}.sleep", secs, f"must be greater than 0 and less than terminationGracePeriodSeconds "
                        f"({grace}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep."))
    return errs


def _container_common(ctr, volumes, path):
    errs = []
    name = ctr.get("name") or ""
    if not name:
        errs.append(FieldError.required(f"{path}.name"))
    else:
        errs += [FieldError.invalid(f"{path}.name", name, m) for m in names.is_dns1123_label(name)]
    if not ctr.get("image"):
        errs.append(FieldError.required(f"{path}.image"))
    policy = ctr.get("terminationMessagePolicy", "File")
    if policy not in TERMINATION_MESSAGE_POLICIES:
        errs.append(FieldError.not_supported(f"{path}.terminationMessagePolicy", policy, TERMINATION_MESSAGE_POLICIES))
    errs += _container_ports(ctr.get("ports"), f"{path}.ports")
    errs += _env(ctr.get("env"), f"{path}.env")
    errs += _env_from(ctr.get("envFrom"), f"{path}.envFrom")
    errs += validate_mounts(ctr.get("volumeMounts"), volumes, ctr.get("volumeDevices"), f"{path}.volumeMounts")
    pull = ctr.get("imagePullPolicy", "IfNotPresent")
    if pull not in PULL_POLICIES:
        errs.append(FieldError.not_supported(f"{path}.imagePullPolicy", pull, PULL_POLICIES))
    errs += _resources(ctr.get("resources") or {}, f"{path}.resources")
    return errs + _container_security(ctr.get("securityContext"), f"{path}.securityContext")


def _host_port_conflicts(containers, path):
    errs, seen = [], set()
    for ci, ctr in enumerate(containers):
        for pi, port in enumerate(ctr.get("ports") or []):
            if port.get("hostPort"):
                key = f"{port.get('protocol', 'TCP')}/{port.get('hostIP', '')}/{port['hostPort']}"
                if key in seen:
                    errs.append(FieldError.duplicate(f"{path}[{ci}].ports[{pi}].hostPort", key))
                seen.add(key)
    return errs


def containers_list(containers, volumes, grace, path):
    if not containers:
        return [FieldError.required(path)]
    errs, seen = [], set()
    for i, ctr in enumerate(containers):
        p = f"{path}[{i}]"
        errs += _container_common(ctr, volumes, p)
        if ctr.get("name", "") in seen:
            errs.append(FieldError.duplicate(f"{p}.name", ctr.get("name", "")))
        seen.add(ctr.get("name", ""))
        if ctr.get("lifecycle") is not None:
            errs += _lifecycle(ctr["lifecycle"], f"{p}.lifecycle", grace)
        errs += _probe(ctr.get("livenessProbe"), f"{p}.livenessProbe", "liveness")
        errs += _probe(ctr.get("readinessProbe"), f"{p}.readinessProbe", "readiness")
        errs += _probe(ctr.get("startupProbe"), f"{p}.startupProbe", "startup")
        if ctr.get("restartPolicy") is not None:
            errs.append(FieldError.forbidden(f"{p}.restartPolicy", "may not be set for non-init containers"))
    return errs + _host_port_conflicts(containers, path)


def init_containers(inits, regular, volumes, grace, path):
    errs, seen = [], {c.get("name", "") for c in regular}
    for i, ctr in enumerate(inits or []):
        p = f"{path}[{i}]"
        errs += _container_common(ctr, volumes, p)
        always = False
        if ctr.get("restartPolicy") is not None:
            if ctr["restartPolicy"] != "Always":
                errs.append(FieldError.not_supported(f"{p}.restartPolicy", ctr["restartPolicy"], ["Always"]))
            always = ctr["restartPolicy"] == "Always"
        name = ctr.get("name", "")
        if name in seen:
            errs.append(FieldError.duplicate(f"{p}.name", name))
        elif name:
            seen.add(name)
        errs += _host_port_conflicts([ctr], path)
        if always:
            if ctr.get("lifecycle") is not None:
                errs += _lifecycle(ctr["lifecycle"], f"{p}.lifecycle", grace)
            errs += _probe(ctr.get("livenessProbe"), f"{p}.livenessProbe", "liveness")
            errs += _probe(ctr.get("readinessProbe"), f"{p}.readinessProbe", "readiness")
            errs += _probe(ctr.get("startupProbe"), f"{p}.startupProbe", "startup")
            continue
        for field in ("lifecycle", "livenessProbe", "readinessProbe", "startupProbe"):
            if ctr.get(field) is not None:
                errs.append(FieldError.forbidden(f"{p}.{field}",
                                                 "may not be set for init containers without restartPolicy=Always"))
    return errs


def id_range(sc, fields, path):
    errs = []
    for field in fields:
        value = sc.get(field)
        if value is not None and not 0 <= value <= 2147483647:
            errs.append(FieldError.invalid(f"{path}.{field}", value, names.inclusive_range_error(0, 2147483647)))
    return errs


def seccomp(profile, path):
    if profile is None:
        return []
    kind = profile.get("type", "")
    kinds = ["Localhost", "RuntimeDefault", "Unconfined"]
    if not kind:
        errs = [FieldError.required(f"{path}.type", "type is required when seccompProfile is set")]
    elif kind not in kinds:
        errs = [FieldError.not_supported(f"{path}.type", kind, kinds)]
    else:
        errs = []
    if kind == "Localhost" and profile.get("localhostProfile") is None:
        errs.append(FieldError.required(f"{path}.localhostProfile", "must be set when seccomp type is Localhost"))
    return errs


def _container_security(sc, path):
    """ValidateSecurityContext of a container (privileged containers are allowed, as on kubeadm clusters)."""
    if sc is None:
        return []
    errs = id_range(sc, ("runAsUser", "runAsGroup"), path)
    mount = sc.get("procMount")
    if mount is not None:
        if mount not in ("Default", "Unmasked"):
            errs.append(FieldError.not_supported(f"{path}.procMount", mount, ["Default", "Unmasked"]))
        elif mount == "Unmasked":
            errs.append(FieldError.invalid(f"{path}.procMount", mount, "`hostUsers` must be false to use `Unmasked`"))
    errs += seccomp(sc.get("seccompProfile"), f"{path}.seccompProfile")
    if sc.get("allowPrivilegeEscalation") is False:
        value = GoRaw("core.SecurityContext{...}")
        if sc.get("privileged"):
            errs.append(FieldError.invalid(path, value, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"))
        if "CAP_SYS_ADMIN" in ((sc.get("capabilities") or {}).get("add") or []):
            errs.append(FieldError.invalid(path, value, "cannot set `allowPrivilegeEscalation` to false and "
                                           "`capabilities.Add` CAP_SYS_ADMIN"))
    return errs
