"""A container's environment as the kubelet builds it: envFrom, env with $(VAR) expansion and
valueFrom (configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef), then the service link variables."""
import base64
import math

from ...api.errors import ApiError
from ...api.quantity import parse as parse_quantity


class ConfigError(Exception):
    """CreateContainerConfigError: the message is the container's waiting message."""


def _get(api, plural, name, namespace):
    try:
        return api.get(plural, name, namespace)
    except ApiError as e:
        if e.code == 404:
            return None
        raise


def _secret_data(secret):
    out = {}
    for key, value in (secret.get("data") or {}).items():
        try:
            out[key] = base64.b64decode(value).decode("utf-8", errors="replace")
        except (ValueError, TypeError):
            out[key] = ""
    return out


def _valid_name(key):
    """RelaxedEnvironmentVariableValidation (beta, on in v1.32): printable ASCII except '='."""
    return bool(key) and all(32 <= ord(ch) <= 126 for ch in key) and "=" not in key


def expand(text, lookup):
    """Kubernetes' $(VAR) expansion: known names are replaced, $$ escapes, anything else stays as written."""
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "$" and i + 1 < n:
            nxt = text[i + 1]
            if nxt == "$":
                out.append("$")
                i += 2
                continue
            if nxt == "(":
                end = text.find(")", i + 2)
                if end != -1:
                    name = text[i + 2:end]
                    value = lookup(name)
                    out.append(value if value is not None else text[i:end + 1])
                    i = end + 1
                    continue
                out.append(text[i:])
                break
        out.append(ch)
        i += 1
    return "".join(out)


def service_env(services):
    """{NAME}_SERVICE_HOST, _SERVICE_PORT, _PORT... for each service with a cluster IP (docker links style)."""
    env = []
    for svc in services:
        ip = (svc.get("spec") or {}).get("clusterIP")
        if not ip or ip == "None":
            continue
        name = svc["metadata"]["name"].upper().replace("-", "_")
        ports = svc["spec"].get("ports") or []
        if not ports:
            continue
        env.append((f"{name}_SERVICE_HOST", ip))
        env.append((f"{name}_SERVICE_PORT", str(ports[0]["port"])))
        for port in ports:
            if port.get("name"):
                env.append((f"{name}_SERVICE_PORT_{port['name'].upper().replace('-', '_')}", str(port["port"])))
        first = ports[0]
        proto = first.get("protocol", "TCP")
        env.append((f"{name}_PORT", f"{proto.lower()}://{ip}:{first['port']}"))
        for port in ports:
            proto = port.get("protocol", "TCP")
            prefix = f"{name}_PORT_{port['port']}_{proto.upper()}"
            env += [(prefix, f"{proto.lower()}://{ip}:{port['port']}"), (prefix + "_PROTO", proto.lower()),
                    (prefix + "_PORT", str(port["port"])), (prefix + "_ADDR", ip)]
    return env


def field_value(pod, path):
    meta, spec, status = pod["metadata"], pod["spec"], pod.get("status") or {}
    if path.startswith("metadata.labels['") or path.startswith("metadata.annotations['"):
        which = "labels" if ".labels" in path else "annotations"
        key = path.split("['", 1)[1].rstrip("]").rstrip("'")
        return (meta.get(which) or {}).get(key, "")
    if path in ("metadata.labels", "metadata.annotations"):
        values = meta.get(path.split(".")[1]) or {}
        return "\n".join(f'{k}="{_escape(v)}"' for k, v in sorted(values.items()))
    simple = {"metadata.name": meta.get("name"), "metadata.namespace": meta.get("namespace"),
              "metadata.uid": meta.get("uid"), "spec.nodeName": spec.get("nodeName"),
              "spec.serviceAccountName": spec.get("serviceAccountName"), "status.hostIP": status.get("hostIP"),
              "status.podIP": status.get("podIP"),
              "status.hostIPs": ",".join(a["ip"] for a in status.get("hostIPs") or []),
              "status.podIPs": ",".join(a["ip"] for a in status.get("podIPs") or [])}
    return simple.get(path) or ""


def _escape(value):
    return str(value).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def resource_value(pod, container_name, ref, node_allocatable):
    """resourceFieldRef: limits fall back to the node's allocatable; results round up to the divisor."""
    name = ref.get("containerName") or container_name
    container = next((c for key in ("containers", "initContainers") for c in pod["spec"].get(key) or []
                      if c["name"] == name), {})
    resource = ref.get("resource", "")
    kind, _, res = resource.partition(".")
    resources = container.get("resources") or {}
    value = (resources.get(kind) or {}).get(res)
    if value is None and kind == "limits":
        value = node_allocatable.get(res)
    if value is None:
        value = "0"
    # a divisor left out is stored as "0" (the zero Quantity); ExtractContainerResourceValue reads it as 1
    divisor = float(parse_quantity(str(ref.get("divisor") or "0")).value) or 1.0
    number = float(parse_quantity(str(value)).value) / divisor
    return str(int(math.ceil(number - 1e-12)))


def build(api, pod, container, node_allocatable, services, warn):
    """The container's variables, in order, as [(name, value)]; raises ConfigError for a missing
    configMap/secret/key (unless optional). `warn(reason, message)` records a Warning event."""
    ns = pod["metadata"]["namespace"]
    values, order = {}, []

    def put(name, value):
        if name not in values:
            order.append(name)
        values[name] = value

    for source in container.get("envFrom") or []:
        prefix = source.get("prefix", "")
        if source.get("configMapRef"):
            ref, plural, kind = source["configMapRef"], "configmaps", "configmap"
        elif source.get("secretRef"):
            ref, plural, kind = source["secretRef"], "secrets", "secret"
        else:
            continue
        obj = _get(api, plural, ref.get("name", ""), ns)
        if obj is None:
            if ref.get("optional"):
                continue
            raise ConfigError(f'{kind} "{ref.get("name", "")}" not found')
        data = dict(obj.get("data") or {}) if plural == "configmaps" else _secret_data(obj)
        invalid = []
        for key in sorted(data):
            name = prefix + key
            if not _valid_name(name):
                invalid.append(name)
                continue
            put(name, data[key])
        if invalid:
            what = "configMap" if plural == "configmaps" else "secret"
            warn("InvalidEnvironmentVariableNames",
                 f"Keys [{', '.join(invalid)}] from the EnvFrom {what} {ns}/{ref.get('name', '')} were skipped "
                 "since they are considered invalid environment variable names.")
    svc_env = dict(service_env(services)) if pod["spec"].get("enableServiceLinks", True) else {}
    for var in container.get("env") or []:
        name = var["name"]
        if "value" in var or not var.get("valueFrom"):
            lookup = lambda n: values.get(n, svc_env.get(n))  # noqa: E731
            put(name, expand(var.get("value", ""), lookup))
            continue
        source = var["valueFrom"]
        value = _value_from(api, pod, container, source, ns, node_allocatable)
        if value is None:
            continue  # optional and missing: the variable is not set
        put(name, value)
    result = [(name, values[name]) for name in order]
    result += [(k, v) for k, v in service_env(services) if k not in values] if svc_env else []
    return result


def _value_from(api, pod, container, source, ns, node_allocatable):
    if source.get("fieldRef"):
        return field_value(pod, source["fieldRef"].get("fieldPath", ""))
    if source.get("resourceFieldRef"):
        return resource_value(pod, container["name"], source["resourceFieldRef"], node_allocatable)
    for field, plural, kind, title in (("configMapKeyRef", "configmaps", "configmap", "ConfigMap"),
                                       ("secretKeyRef", "secrets", "secret", "Secret")):
        ref = source.get(field)
        if not ref:
            continue
        obj = _get(api, plural, ref.get("name", ""), ns)
        if obj is None:
            if ref.get("optional"):
                return None
            raise ConfigError(f'{kind} "{ref.get("name", "")}" not found')
        data = dict(obj.get("data") or {}) if plural == "configmaps" else _secret_data(obj)
        if ref.get("key") not in data:
            if ref.get("optional"):
                return None
            raise ConfigError(f"couldn't find key {ref.get('key')} in {title} {ns}/{ref.get('name', '')}")
        return data[ref["key"]]
    return ""
