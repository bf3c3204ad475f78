"""PodSecurity: pods in a namespace labelled pod-security.kubernetes.io/enforce=baseline|restricted
must meet that Pod Security Standard (k8s.io/pod-security-admission v0.32 checks and wording)."""
from .. import errors
from ..errors import FieldError
from .common import forbidden, lookup

LABEL = "pod-security.kubernetes.io/"
LEVELS = ("privileged", "baseline", "restricted")
LATEST = 32  # the newest policy version any check defines; "latest" and newer versions evaluate as v1.32
BASELINE_CAPABILITIES = {"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
                         "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"}
SAFE_VOLUMES = ("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret")
RESTRICTED_VOLUME_TYPES = ("hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs",
                           "rbd", "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume",
                           "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos")
SYSCTLS = [(0, {"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies",
                "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start"}),
           (27, {"net.ipv4.ip_local_reserved_ports"}),
           (29, {"net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
                 "net.ipv4.tcp_keepalive_probes"}),
           (32, {"net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"})]


class PodSecurity:
    def __init__(self, server):
        self.server = server

    def validate(self, operation, resource, obj, old, dry_run):
        if resource.group != "" or operation not in ("CREATE", "UPDATE"):
            return
        if resource.kind == "Namespace":
            self._validate_labels(operation, resource, obj, old)
        elif resource.kind == "Pod":
            self._validate_pod(operation, resource, obj, old)

    def _validate_labels(self, operation, resource, obj, old):
        _, errs = policy(obj["metadata"].get("labels"))
        if errs and (operation == "CREATE" or policy((old or {}).get("metadata", {}).get("labels"))[1] != errs):
            raise errors.invalid(resource, obj["metadata"]["name"], errs)

    def _validate_pod(self, operation, resource, obj, old):
        ns = lookup(self.server, "namespaces", obj["metadata"].get("namespace"))
        level, version = policy((ns or {}).get("metadata", {}).get("labels"))[0]
        if level == "privileged":
            return
        if operation == "UPDATE" and not significant_update(obj, old):
            return
        failures = evaluate(level, version, obj["metadata"], obj.get("spec") or {})
        if failures:
            detail = ", ".join(f"{reason} ({d})" if d else reason for reason, d in failures)
            shown = f"{level}:{'latest' if version is None else f'v1.{version}'}"
            raise forbidden(resource, obj, old, f'violates PodSecurity "{shown}": {detail}')


def policy(labels):
    """The enforce (level, minor version or None for latest) from namespace labels, and label errors."""
    labels = labels or {}
    errs, level, version = [], "privileged", None
    if LABEL + "enforce" in labels:
        level = labels[LABEL + "enforce"]
        if level not in LEVELS:
            errs.append(FieldError.invalid(f"metadata.labels[{LABEL}enforce]", level, "must be one of " + ", ".join(LEVELS)))
            level = "restricted"
    for mode in ("enforce", "audit", "warn"):
        text = labels.get(f"{LABEL}{mode}-version")
        parsed = _version(text) if text is not None else None
        if text is not None and parsed == "invalid":
            errs.append(FieldError.invalid(f"metadata.labels[{LABEL}{mode}-version]", text, 'must be "latest" or "v1.x"'))
        if mode == "enforce" and parsed not in (None, "invalid"):
            version = parsed
    for mode in ("audit", "warn"):
        text = labels.get(LABEL + mode)
        if text is not None and text not in LEVELS:
            errs.append(FieldError.invalid(f"metadata.labels[{LABEL}{mode}]", text, "must be one of " + ", ".join(LEVELS)))
    return (level, version), sorted(errs, key=_label_order)


def _label_order(err):
    order = ["enforce]", "enforce-version]", "audit]", "audit-version]", "warn]", "warn-version]"]
    return next(i for i, suffix in enumerate(order) if err.field.endswith(suffix))


def _version(text):
    if text == "latest":
        return None
    if text.startswith("v1.") and text[3:].isdigit() and (text[3:] == "0" or not text[3:].startswith("0")):
        return int(text[3:])
    return "invalid"


def significant_update(pod, old):
    """Only image changes (and added containers) can change what the policy sees on an update."""
    spec, old_spec = pod.get("spec") or {}, (old or {}).get("spec") or {}
    for field in ("containers", "initContainers"):
        new, before = spec.get(field) or [], old_spec.get(field) or []
        if len(new) != len(before) or any(a.get("image") != b.get("image") for a, b in zip(new, before)):
            return True
    before = {c.get("name"): c for c in old_spec.get("ephemeralContainers") or []}
    return any(c.get("name") not in before or c.get("image") != before[c["name"]].get("image")
               for c in spec.get("ephemeralContainers") or [])


def evaluate(level, version, meta, spec):
    """[(reason, detail)] for every check of `level` at `version` the pod fails, in the checks' order."""
    minor = LATEST if version is None or version > LATEST else version
    chosen = [c for c in BASELINE_CHECKS if c[1] <= minor]
    if level == "restricted":
        restricted = [c for c in RESTRICTED_CHECKS if c[1] <= minor]
        overridden = {c[3] for c in restricted if c[3]}
        chosen = [c for c in chosen if c[0] not in overridden] + restricted
    results = [check(meta, spec, minor) for _, _, check, *_ in chosen]
    return [r for r in results if r]


# helpers worded as the policy package words them
def _quote(items):
    return '"' + '", "'.join(items) + '"' if items else ""


def _plural(singular, plural, count):
    return singular if count == 1 else plural


def _containers(spec):
    for field in ("initContainers", "containers", "ephemeralContainers"):
        yield from spec.get(field) or []


def _sc(container):
    return container.get("securityContext") or {}


def _windows(spec):
    return ((spec.get("os") or {}).get("name")) == "windows"


def _names(label, names):
    return f"{_plural(label, label + 's', len(names))} {_quote(names)}"


# baseline checks
def _app_armor(meta, spec, minor):
    ok = ("RuntimeDefault", "Localhost")
    setters, values = [], set()
    pod_profile = (spec.get("securityContext") or {}).get("appArmorProfile")
    if pod_profile is not None and pod_profile.get("type") not in ok:
        setters.append("pod")
        values.add(pod_profile.get("type", ""))
    bad = []
    for c in _containers(spec):
        profile = _sc(c).get("appArmorProfile")
        if profile is not None and profile.get("type") not in ok:
            bad.append(c.get("name", ""))
            values.add(profile.get("type", ""))
    if bad:
        setters.append(_names("container", bad))
    values = sorted(values)
    annotations = sorted(f'{k}="{v}"' for k, v in (meta.get("annotations") or {}).items()
                         if k.startswith("container.apparmor.security.beta.kubernetes.io/")
                         and not (v == "" or v == "runtime/default" or v.startswith("localhost/")))
    if annotations:
        values += annotations
        setters.append(_plural("annotation", "annotations", len(annotations)))
    if setters:
        return (_plural("forbidden AppArmor profile", "forbidden AppArmor profiles", len(values)),
                f"{' and '.join(setters)} must not set AppArmor profile type to {_quote(values)}")
    return None


def _capabilities_baseline(meta, spec, minor):
    bad, extra = [], set()
    for c in _containers(spec):
        added = [cap for cap in (_sc(c).get("capabilities") or {}).get("add") or [] if cap not in BASELINE_CAPABILITIES]
        if added:
            bad.append(c.get("name", ""))
            extra.update(added)
    if bad:
        return ("non-default capabilities",
                f"{_names('container', bad)} must not include {_quote(sorted(extra))} in securityContext.capabilities.add")
    return None


def _host_namespaces(meta, spec, minor):
    used = [f"{f}=true" for f in ("hostNetwork", "hostPID", "hostIPC") if spec.get(f)]
    return ("host namespaces", ", ".join(used)) if used else None


def _host_path_volumes(meta, spec, minor):
    bad = [v.get("name", "") for v in spec.get("volumes") or [] if v.get("hostPath") is not None]
    return ("hostPath volumes", _names("volume", bad)) if bad else None


def _host_ports(meta, spec, minor):
    bad, ports = [], set()
    for c in _containers(spec):
        used = [str(p["hostPort"]) for p in c.get("ports") or [] if p.get("hostPort")]
        if used:
            bad.append(c.get("name", ""))
            ports.update(used)
    if bad:
        return ("hostPort", f"{_names('container', bad)} {_plural('uses', 'use', len(bad))} "
                            f"{_plural('hostPort', 'hostPorts', len(ports))} {', '.join(sorted(ports))}")
    return None


def _privileged(meta, spec, minor):
    bad = [c.get("name", "") for c in _containers(spec) if _sc(c).get("privileged")]
    return ("privileged", f"{_names('container', bad)} must not set securityContext.privileged=true") if bad else None


def _proc_mount(meta, spec, minor):
    bad, kinds = [], set()
    for c in _containers(spec):
        mount = _sc(c).get("procMount")
        if mount is not None and mount != "Default":
            bad.append(c.get("name", ""))
            kinds.add(mount)
    if bad:
        return ("procMount", f"{_names('container', bad)} must not set securityContext.procMount to {_quote(sorted(kinds))}")
    return None


def _se_linux(meta, spec, minor):
    allowed = {"", "container_t", "container_init_t", "container_kvm_t"} | ({"container_engine_t"} if minor >= 31 else set())
    bad_types, flags = set(), set()

    def valid(opts):
        ok = True
        if opts.get("type", "") not in allowed:
            bad_types.add(opts.get("type", ""))
            ok = False
        for key in ("user", "role"):
            if opts.get(key):
                flags.add(key)
                ok = False
        return ok

    setters = []
    pod_opts = (spec.get("securityContext") or {}).get("seLinuxOptions")
    if pod_opts is not None and not valid(pod_opts):
        setters.append("pod")
    bad = [c.get("name", "") for c in _containers(spec)
           if _sc(c).get("seLinuxOptions") is not None and not valid(_sc(c)["seLinuxOptions"])]
    if bad:
        setters.append(_names("container", bad))
    if not setters:
        return None
    data = [f"{_plural('type', 'types', len(bad_types))} {_quote(sorted(bad_types))}"] if bad_types else []
    data += [f"{key} may not be set" for key in ("user", "role") if key in flags]
    return ("seLinuxOptions", f"{' and '.join(setters)} set forbidden securityContext.seLinuxOptions: {'; '.join(data)}")


def _seccomp(spec, required):
    ok = ("RuntimeDefault", "Localhost")
    setters, values, pod_set = [], set(), False
    pod_profile = (spec.get("securityContext") or {}).get("seccompProfile")
    if pod_profile is not None:
        if pod_profile.get("type") not in ok:
            setters.append("pod")
            values.add(pod_profile.get("type", ""))
        else:
            pod_set = True
    explicit, implicit = [], []
    for c in _containers(spec):
        profile = _sc(c).get("seccompProfile")
        if profile is not None:
            if profile.get("type") not in ok:
                explicit.append(c.get("name", ""))
                values.add(profile.get("type", ""))
        elif not pod_set:
            implicit.append(c.get("name", ""))
    if explicit:
        setters.append(_names("container", explicit))
    if setters:
        return ("seccompProfile",
                f"{' and '.join(setters)} must not set securityContext.seccompProfile.type to {_quote(sorted(values))}")
    if required and implicit:
        return ("seccompProfile", f'pod or {_names("container", implicit)} must set securityContext.seccompProfile.type '
                                  f'to "RuntimeDefault" or "Localhost"')
    return None


def _seccomp_baseline(meta, spec, minor):
    return _seccomp(spec, required=False)


def _sysctls(meta, spec, minor):
    allowed = set().union(*[names for since, names in SYSCTLS if since <= minor])
    bad = [s.get("name", "") for s in (spec.get("securityContext") or {}).get("sysctls") or [] if s.get("name") not in allowed]
    return ("forbidden sysctls", ", ".join(bad)) if bad else None


def _windows_host_process(meta, spec, minor):
    setters = ["pod"] if ((spec.get("securityContext") or {}).get("windowsOptions") or {}).get("hostProcess") else []
    bad = [c.get("name", "") for c in _containers(spec) if (_sc(c).get("windowsOptions") or {}).get("hostProcess")]
    if bad:
        setters.append(_names("container", bad))
    if setters:
        return ("hostProcess", f"{' and '.join(setters)} must not set securityContext.windowsOptions.hostProcess=true")
    return None


# restricted checks
def _allow_privilege_escalation(meta, spec, minor):
    if minor >= 25 and _windows(spec):
        return None
    bad = [c.get("name", "") for c in _containers(spec) if _sc(c).get("allowPrivilegeEscalation") is not False]
    if bad:
        return ("allowPrivilegeEscalation != false",
                f"{_names('container', bad)} must set securityContext.allowPrivilegeEscalation=false")
    return None


def _capabilities_restricted(meta, spec, minor):
    if minor >= 25 and _windows(spec):
        return None
    missing_drop, adding, extra = [], [], set()
    for c in _containers(spec):
        caps = _sc(c).get("capabilities")
        if caps is None:
            missing_drop.append(c.get("name", ""))
            continue
        if "ALL" not in (caps.get("drop") or []):
            missing_drop.append(c.get("name", ""))
        added = [cap for cap in caps.get("add") or [] if cap != "NET_BIND_SERVICE"]
        if added:
            adding.append(c.get("name", ""))
            extra.update(added)
    details = []
    if missing_drop:
        details.append(f'{_names("container", missing_drop)} must set securityContext.capabilities.drop=["ALL"]')
    if adding:
        details.append(f"{_names('container', adding)} must not include {_quote(sorted(extra))} in securityContext.capabilities.add")
    return ("unrestricted capabilities", "; ".join(details)) if details else None


def _restricted_volumes(meta, spec, minor):
    bad, kinds = [], set()
    for volume in spec.get("volumes") or []:
        if any(volume.get(k) is not None for k in SAFE_VOLUMES):
            continue
        bad.append(volume.get("name", ""))
        kinds.add(next((k for k in RESTRICTED_VOLUME_TYPES if volume.get(k) is not None), "unknown"))
    if bad:
        return ("restricted volume types", f"{_names('volume', bad)} {_plural('uses', 'use', len(bad))} "
                                           f"{_plural('restricted volume type', 'restricted volume types', len(kinds))} "
                                           f"{_quote(sorted(kinds))}")
    return None


def _run_as_non_root(meta, spec, minor):
    setters, pod_ok = [], False
    pod_value = (spec.get("securityContext") or {}).get("runAsNonRoot")
    if pod_value is not None:
        if pod_value:
            pod_ok = True
        else:
            setters.append("pod")
    explicit, implicit = [], []
    for c in _containers(spec):
        value = _sc(c).get("runAsNonRoot")
        if value is not None:
            if not value:
                explicit.append(c.get("name", ""))
        elif not pod_ok:
            implicit.append(c.get("name", ""))
    if explicit:
        setters.append(_names("container", explicit))
    if setters:
        return ("runAsNonRoot != true", f"{' and '.join(setters)} must not set securityContext.runAsNonRoot=false")
    if implicit:
        return ("runAsNonRoot != true", f"pod or {_names('container', implicit)} must set securityContext.runAsNonRoot=true")
    return None


def _run_as_user(meta, spec, minor):
    setters = ["pod"] if (spec.get("securityContext") or {}).get("runAsUser") == 0 else []
    bad = [c.get("name", "") for c in _containers(spec) if _sc(c).get("runAsUser") == 0]
    if bad:
        setters.append(_names("container", bad))
    return ("runAsUser=0", f"{' and '.join(setters)} must not set runAsUser=0") if setters else None


def _seccomp_restricted(meta, spec, minor):
    if minor >= 25 and _windows(spec):
        return None
    return _seccomp(spec, required=True)


# (id, since minor version, check, overridden baseline id), each list in the policy's sorted-id order
BASELINE_CHECKS = [
    ("appArmorProfile", 0, _app_armor, None),
    ("capabilities_baseline", 0, _capabilities_baseline, None),
    ("hostNamespaces", 0, _host_namespaces, None),
    ("hostPathVolumes", 0, _host_path_volumes, None),
    ("hostPorts", 0, _host_ports, None),
    ("privileged", 0, _privileged, None),
    ("procMount", 0, _proc_mount, None),
    ("seLinuxOptions", 0, _se_linux, None),
    ("seccompProfile_baseline", 0, _seccomp_baseline, None),
    ("sysctls", 0, _sysctls, None),
    ("windowsHostProcess", 0, _windows_host_process, None),
]
RESTRICTED_CHECKS = [
    ("allowPrivilegeEscalation", 8, _allow_privilege_escalation, None),
    ("capabilities_restricted", 22, _capabilities_restricted, "capabilities_baseline"),
    ("restrictedVolumes", 0, _restricted_volumes, "hostPathVolumes"),
    ("runAsNonRoot", 0, _run_as_non_root, None),
    ("runAsUser", 23, _run_as_user, None),
    ("seccompProfile_restricted", 19, _seccomp_restricted, "seccompProfile_baseline"),
]
