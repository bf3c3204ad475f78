"""`kubectl describe pod` and the pieces workloads reuse (containers, volumes, the pod template),
laid out as describePod, describeContainers, describeVolumes and DescribePodTemplate lay them out."""
import math

from ...api import quantity
from ...api.errors import go_quote
from ...api.strategy import qos_class
from ...api.quantity import canonical_or_same
from .. import gosort
from .storage import print_claim
from .volumes import INLINE, csi_attributes, write_source
from .writer import (Nested, annotations_multiline, controller_of, events_table, labels_multiline, rfc1123z,
                     tolerations_multiline)


def describe_pod(w, pod, events):
    meta, spec, status = pod["metadata"], pod["spec"], pod.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    if spec.get("priority") is not None:
        w.write(0, f"Priority:\t{spec['priority']}\n")
    if spec.get("priorityClassName"):
        w.write(0, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    if spec.get("runtimeClassName"):
        w.write(0, f"Runtime Class Name:\t{spec['runtimeClassName']}\n")
    if spec.get("serviceAccountName"):
        w.write(0, f"Service Account:\t{spec['serviceAccountName']}\n")
    node = spec.get("nodeName")
    w.write(0, f"Node:\t{node}/{status.get('hostIP', '')}\n" if node else "Node:\t<none>\n")
    if status.get("startTime"):
        w.write(0, f"Start Time:\t{rfc1123z(status['startTime'])}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    if meta.get("deletionTimestamp") and status.get("phase") not in ("Failed", "Succeeded"):
        w.write(0, f"Status:\tTerminating (lasts {w.since(meta['deletionTimestamp'])})\n")
        w.write(0, f"Termination Grace Period:\t{meta.get('deletionGracePeriodSeconds', 0)}s\n")
    else:
        w.write(0, f"Status:\t{status.get('phase', '')}\n")
    if status.get("reason"):
        w.write(0, f"Reason:\t{status['reason']}\n")
    if status.get("message"):
        w.write(0, f"Message:\t{status['message']}\n")
    seccomp = (spec.get("securityContext") or {}).get("seccompProfile")
    if seccomp:
        w.write(0, f"SeccompProfile:\t{seccomp.get('type', '')}\n")
        if seccomp.get("type") == "Localhost":
            w.write(0, f"LocalhostProfile:\t{seccomp.get('localhostProfile', '')}\n")
    w.write(0, f"IP:\t{status.get('podIP', '')}\n")
    if status.get("podIPs"):
        w.write(0, "IPs:\n")
        for ip in status["podIPs"]:
            w.write(1, f"IP:\t{ip.get('ip', '')}\n")
    else:
        w.write(0, "IPs:\t<none>\n")
    if controller_of(pod):
        w.write(0, f"Controlled By:\t{controller_of(pod)}\n")
    if status.get("nominatedNodeName"):
        w.write(0, f"NominatedNodeName:\t{status['nominatedNodeName']}\n")
    if spec.get("resources") is not None:
        w.write(0, "Resources:\n")
        resources(w, spec["resources"], 1)
    if spec.get("initContainers"):
        containers(w, "Init Containers", spec["initContainers"], status.get("initContainerStatuses"), pod)
    containers(w, "Containers", spec.get("containers") or [], status.get("containerStatuses"), pod)
    if spec.get("ephemeralContainers"):
        containers(w, "Ephemeral Containers", spec["ephemeralContainers"], status.get("ephemeralContainerStatuses"), pod)
    conditions = status.get("conditions") or []
    if spec.get("readinessGates"):
        w.write(0, "Readiness Gates:\n  Type\tStatus\n")
        for gate in spec["readinessGates"]:
            found = next((c["status"] for c in conditions if c.get("type") == gate.get("conditionType")), "<none>")
            w.write(1, f"{gate.get('conditionType')} \t{found} \n")
    if conditions:
        w.write(0, "Conditions:\n  Type\tStatus\n")
        for c in conditions:
            w.write(1, f"{c.get('type')} \t{c.get('status')} \n")
    volumes(w, spec.get("volumes"), "")
    w.write(0, f"QoS Class:\t{status.get('qosClass') or qos_class(spec)}\n")
    labels_multiline(w, "Node-Selectors", spec.get("nodeSelector"))
    tolerations_multiline(w, "Tolerations", spec.get("tolerations"))
    topology_spread(w, spec.get("topologySpreadConstraints"), "")
    if events is not None:
        events_table(w, events)


def containers(w, label, specs, statuses, pod=None, space=""):
    by_name = {s["name"]: s for s in statuses or ()}
    w.write(0, f"{space}{label}:{' <none>' if not specs else ''}\n")
    for container in specs:
        status = by_name.get(container["name"])
        name_indent = " " if space else ""
        w.write(1, f"{name_indent}{container['name']}:\n")
        if status is not None:
            w.write(2, f"Container ID:\t{status.get('containerID', '')}\n")
        w.write(2, f"Image:\t{container.get('image', '')}\n")
        if status is not None:
            w.write(2, f"Image ID:\t{status.get('imageID', '')}\n")
        ports = ", ".join(f"{p.get('containerPort', 0)}/{p.get('protocol', 'TCP')}" for p in container.get("ports") or ())
        host_ports = ", ".join(f"{p.get('hostPort', 0)}/{p.get('protocol', 'TCP')}" for p in container.get("ports") or ())
        w.write(2, f"Ports:\t{ports}\n" if "," in ports else f"Port:\t{ports or '<none>'}\n")
        w.write(2, f"Host Ports:\t{host_ports}\n" if "," in host_ports else f"Host Port:\t{host_ports or '<none>'}\n")
        seccomp = (container.get("securityContext") or {}).get("seccompProfile")
        if seccomp:
            w.write(2, f"SeccompProfile:\t{seccomp.get('type', '')}\n")
            if seccomp.get("type") == "Localhost":
                w.write(3, f"LocalhostProfile:\t{seccomp.get('localhostProfile', '')}\n")
        for title, words in (("Command", container.get("command")), ("Args", container.get("args"))):
            if words:
                w.write(2, f"{title}:\n")
                for word in words:
                    for part in word.split("\n"):
                        w.write(3, part + "\n")
        if status is not None:
            container_state(w, "State", status.get("state") or {})
            if (status.get("lastState") or {}).get("terminated"):
                container_state(w, "Last State", status["lastState"])
            w.write(2, f"Ready:\t{'True' if status.get('ready') else 'False'}\n")
            w.write(2, f"Restart Count:\t{status.get('restartCount', 0)}\n")
        resources(w, container.get("resources") or {}, 2)
        for title, key in (("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"), ("Startup", "startupProbe")):
            if container.get(key):
                w.write(2, f"{title}:\t{probe_text(container[key])}\n")
        if container.get("envFrom"):
            env_from(w, container["envFrom"])
        env(w, container, pod)
        mounts(w, container)


def container_state(w, title, state):
    if "running" in state:
        w.write(2, f"{title}:\tRunning\n")
        w.write(3, f"Started:\t{rfc1123z(state['running'].get('startedAt'))}\n")
    elif "terminated" in state:
        t = state["terminated"]
        w.write(2, f"{title}:\tTerminated\n")
        if t.get("reason"):
            w.write(3, f"Reason:\t{t['reason']}\n")
        if t.get("message"):
            w.write(3, f"Message:\t{t['message']}\n")
        w.write(3, f"Exit Code:\t{t.get('exitCode', 0)}\n")
        if t.get("signal"):
            w.write(3, f"Signal:\t{t['signal']}\n")
        w.write(3, f"Started:\t{rfc1123z(t.get('startedAt'))}\n")
        w.write(3, f"Finished:\t{rfc1123z(t.get('finishedAt'))}\n")
    else:
        w.write(2, f"{title}:\tWaiting\n")
        reason = (state.get("waiting") or {}).get("reason")
        if reason:
            w.write(3, f"Reason:\t{reason}\n")


def resources(w, requirements, level):
    for title, key in (("Limits", "limits"), ("Requests", "requests")):
        values = requirements.get(key) or {}
        if values:
            w.write(level, f"{title}:\n")
        for name in sorted(values):
            w.write(level + 1, f"{name}:\t{canonical_or_same(str(values[name]))}\n")


def probe_text(probe):
    """DescribeProbe: `exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3`."""
    attrs = (f"delay={probe.get('initialDelaySeconds', 0)}s timeout={probe.get('timeoutSeconds', 0)}s "
             f"period={probe.get('periodSeconds', 0)}s #success={probe.get('successThreshold', 0)} "
             f"#failure={probe.get('failureThreshold', 0)}")
    if "exec" in probe:
        return f"exec [{' '.join(probe['exec'].get('command') or [])}] {attrs}"
    if "httpGet" in probe:
        return f"http-get {_probe_url(probe['httpGet'])} {attrs}"
    if "tcpSocket" in probe:
        return f"tcp-socket {probe['tcpSocket'].get('host', '')}:{probe['tcpSocket'].get('port', '')} {attrs}"
    if "grpc" in probe:
        return f"grpc <pod>:{probe['grpc'].get('port')} {probe['grpc'].get('service', '')} {attrs}"
    return f"unknown {attrs}"


def _probe_url(get):
    """url.URL{Scheme, Host: net.JoinHostPort(host, port), Path}.String(): the path escaped, and a
    `/` put before a relative path when there is a host."""
    host, port = get.get("host", ""), str(get.get("port", ""))
    netloc = (f"[{host}]:{port}" if ":" in host else f"{host}:{port}") if port else host
    path = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.~$&+,/:;=@") else
                   "".join(f"%{b:02X}" for b in ch.encode()) for ch in get.get("path", ""))
    if path and not path.startswith("/") and netloc:
        path = "/" + path
    scheme = get.get("scheme", "HTTP").lower()
    return f"{scheme}://{netloc}{path}" if netloc or path else f"{scheme}:"


def env_from(w, sources):
    w.write(2, "Environment Variables from:\n")
    for source in sources:
        kind, ref = ("ConfigMap", source["configMapRef"]) if source.get("configMapRef") else ("Secret", source.get("secretRef") or {})
        optional = "true" if ref.get("optional") else "false"
        prefix = f" with prefix '{source['prefix']}'" if source.get("prefix") else ""
        w.write(3, f"{ref.get('name', '')}\t{kind}{prefix}\tOptional: {optional}\n")


def env(w, container, pod):
    variables = container.get("env") or []
    w.write(2, "Environment:" + ("\t<none>" if not variables else "") + "\n")
    for var in variables:
        source = var.get("valueFrom")
        if source is None:
            for i, part in enumerate((var.get("value") or "").split("\n")):
                w.write(3, f"{var['name']}:\t{part}\n" if i == 0 else f"\t{part}\n")
        elif source.get("fieldRef"):
            ref = source["fieldRef"]
            value = field_value(pod, ref.get("fieldPath", "")) if pod else ""
            w.write(3, f"{var['name']}:\t{value} ({ref.get('apiVersion', 'v1')}:{ref.get('fieldPath', '')})\n")
        elif source.get("resourceFieldRef"):
            ref = source["resourceFieldRef"]
            w.write(3, f"{var['name']}:\t{resource_value(container, ref)} ({ref.get('resource', '')})\n")
        elif source.get("secretKeyRef"):
            ref = source["secretKeyRef"]
            w.write(3, f"{var['name']}:\t<set to the key '{ref.get('key')}' in secret '{ref.get('name', '')}'>\t"
                       f"Optional: {'true' if ref.get('optional') else 'false'}\n")
        elif source.get("configMapKeyRef"):
            ref = source["configMapKeyRef"]
            w.write(3, f"{var['name']}:\t<set to the key '{ref.get('key')}' of config map '{ref.get('name', '')}'>\t"
                       f"Optional: {'true' if ref.get('optional') else 'false'}\n")


def field_value(pod, path):
    """EnvValueRetriever: kubectl converts the field path with its client scheme, which knows no
    conversion for pods, so only metadata.name and metadata.namespace resolve; others show empty."""
    meta = pod.get("metadata") or {}
    return {"metadata.name": meta.get("name"), "metadata.namespace": meta.get("namespace")}.get(path) or ""


def resource_value(container, ref):
    """ExtractContainerResourceValue (the container's own resources, in units of the divisor, rounded up);
    describe shows `node allocatable` for a 0 cpu or memory limit and nothing for an unsupported resource."""
    resource = ref.get("resource", "")
    kind, _, name = resource.partition(".")
    milli = name == "cpu"
    if kind not in ("limits", "requests") or not (name in ("cpu", "memory", "ephemeral-storage")
                                                  or name.startswith("hugepages-")):
        return ""
    try:
        divisor = quantity.parse(str(ref.get("divisor") or "0"))
        value = quantity.parse(str(((container.get("resources") or {}).get(kind) or {}).get(name, "0")))
    except quantity.QuantityError:
        return ""
    if divisor.value == 0:
        divisor = quantity.parse("1")
    used, unit = (value.milli_value(), divisor.milli_value()) if milli else (_go_value(value), _go_value(divisor))
    text = str(math.ceil(float(used) / float(unit)))
    return "node allocatable" if text == "0" and resource in ("limits.cpu", "limits.memory") else text


def _go_value(q):
    """Quantity.Value: rounded up to an integer."""
    return -((-q.value) // 1)


def mounts(w, container):
    volume_mounts = container.get("volumeMounts") or []
    w.write(2, "Mounts:" + ("\t<none>" if not volume_mounts else "") + "\n")
    for mount in sorted(volume_mounts, key=lambda m: m.get("mountPath", "")):
        flags = ["ro" if mount.get("readOnly") else "rw"]
        if mount.get("subPath"):
            flags.append(f"path={go_quote(mount['subPath'])}")
        w.write(3, f"{mount.get('mountPath')} from {mount.get('name')} ({','.join(flags)})\n")
    if container.get("volumeDevices"):
        w.write(2, "Devices:" + ("\t<none>" if not volume_mounts else "") + "\n")  # the mounts' <none>, as Go has it
        for device in sorted(container["volumeDevices"], key=lambda d: d.get("devicePath", "")):
            w.write(3, f"{device.get('devicePath')} from {device.get('name')}\n")


def _go_bool_pointer(value):
    return "<nil>" if value is None else ("true" if value else "false")


def volumes(w, specs, space):
    if not specs:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    for volume in specs:
        w.write(1, f"{' ' if space else ''}{volume['name']}:\n")
        volume_source(w, volume)


def volume_source(w, v):
    """The volume's print*VolumeSource (describeVolumes' switch); `<unknown>` for none it knows."""
    for key, title, rows in INLINE:
        if v.get(key) is None:
            continue
        if title is not None:
            write_source(w, title, rows, v[key])
            if key == "csi":
                csi_attributes(w, v["csi"].get("volumeAttributes"))
        elif key == "ephemeral":
            w.write(2, "Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted "
                       "with the pod)\n")
            template = v["ephemeral"].get("volumeClaimTemplate")
            if template is not None:
                print_claim(Nested(w, 2), template, False)
        elif key == "downwardAPI":
            w.write(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n")
            for item in v["downwardAPI"].get("items") or ():
                if item.get("fieldRef"):
                    w.write(3, f"{item['fieldRef'].get('fieldPath')} -> {item.get('path')}\n")
                if item.get("resourceFieldRef"):
                    w.write(3, f"{item['resourceFieldRef'].get('resource')} -> {item.get('path')}\n")
        else:
            _projected(w, v["projected"])
        return
    w.write(1, "<unknown>\n")


def _projected(w, projected):
    """printProjectedVolumeSource; an optional's *bool prints as Go's %v of the pointer (its address when
    set, which we cannot reproduce: true/false stand in for it)."""
    w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n")
    for source in projected.get("sources") or ():
        if source.get("secret") is not None:
            w.write(2, f"SecretName:\t{source['secret'].get('name', '')}\n"
                       f"    SecretOptionalName:\t{_go_bool_pointer(source['secret'].get('optional'))}\n")
        elif source.get("downwardAPI") is not None:
            w.write(2, "DownwardAPI:\ttrue\n")
        elif source.get("configMap") is not None:
            w.write(2, f"ConfigMapName:\t{source['configMap'].get('name', '')}\n"
                       f"    ConfigMapOptional:\t{_go_bool_pointer(source['configMap'].get('optional'))}\n")
        elif source.get("serviceAccountToken") is not None:
            w.write(2, f"TokenExpirationSeconds:\t{source['serviceAccountToken'].get('expirationSeconds', 3600)}\n")


def topology_spread(w, constraints, space):
    if not constraints:
        return
    w.write(0, f"{space}Topology Spread Constraints:\t")
    from ...api.columns import format_selector
    ordered = gosort.sort(list(constraints), lambda a, b: a.get("topologyKey", "") < b.get("topologyKey", ""))
    for i, c in enumerate(ordered):
        if i:
            w.write(0, space + "\t")
        text = f"{c.get('topologyKey')}:{c.get('whenUnsatisfiable')} when max skew {c.get('maxSkew')} is exceeded"
        if c.get("labelSelector") is not None:
            text += f" for selector {format_selector(c['labelSelector'])}"
        w.write(0, text + "\n")


def pod_template(w, template):
    """DescribePodTemplate."""
    w.write(0, "Pod Template:\n")
    meta, spec = template.get("metadata") or {}, template.get("spec") or {}
    labels_multiline(w, "  Labels", meta.get("labels"))
    if meta.get("annotations"):
        annotations_multiline(w, "  Annotations", meta["annotations"])
    if spec.get("serviceAccountName"):
        w.write(1, f"Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("initContainers"):
        containers(w, "Init Containers", spec["initContainers"], None, None, "  ")
    containers(w, "Containers", spec.get("containers") or [], None, None, "  ")
    volumes(w, spec.get("volumes"), "  ")
    topology_spread(w, spec.get("topologySpreadConstraints"), "  ")
    if spec.get("priorityClassName"):
        w.write(1, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    labels_multiline(w, "  Node-Selectors", spec.get("nodeSelector"))
    tolerations_multiline(w, "  Tolerations", spec.get("tolerations"))
