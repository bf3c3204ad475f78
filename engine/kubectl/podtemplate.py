"""describe.DescribePodTemplate: the `Pod Template:` block `kubectl rollout history --revision=N`
prints (a PrefixWriter with literal tabs, no tabwriter); the common volume types only."""
import json

SKIPPED_ANNOTATIONS = {"kubectl.kubernetes.io/last-applied-configuration"}
MAX_ANNOTATION_LEN = 140


def describe(template):
    lines = ["Pod Template:\n"]
    spec = template.get("spec") or {}
    meta = template.get("metadata") or {}
    lines.append(multiline("  Labels", meta.get("labels")))
    if meta.get("annotations"):
        lines.append(annotations("  Annotations", meta["annotations"]))
    if spec.get("serviceAccountName"):
        lines.append(f"  Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("initContainers"):
        lines.extend(containers("Init Containers", spec["initContainers"]))
    lines.extend(containers("Containers", spec.get("containers") or []))
    lines.extend(volumes(spec.get("volumes") or []))
    if spec.get("priorityClassName"):
        lines.append(f"  Priority Class Name:\t{spec['priorityClassName']}\n")
    lines.append(multiline("  Node-Selectors", spec.get("nodeSelector")))
    lines.append(tolerations("  Tolerations", spec.get("tolerations") or []))
    return "".join(lines)


def multiline(title, labels):
    if not labels:
        return f"{title}:\t<none>\n"
    return f"{title}:\t" + "\t".join(f"{k}={labels[k]}\n" for k in sorted(labels))


def annotations(title, values):
    keys = sorted(k for k in values if k not in SKIPPED_ANNOTATIONS)
    if not keys:
        return f"{title}:\t<none>\n"
    out = []
    for key in keys:
        value = values[key].removesuffix("\n")
        if len(value) + len(key) + 2 > MAX_ANNOTATION_LEN or "\n" in value:
            out.append(f"{key}:\n" + "".join(f"\t  {shorten(s)}\n" for s in value.split("\n")))
        else:
            out.append(f"{key}: {value}\n")
    return f"{title}:\t" + "\t".join(out)


def shorten(text):
    limit = MAX_ANNOTATION_LEN - 2
    return text[:limit] + "..." if len(text) > limit else text


def containers(label, items):
    out = [f"  {label}:{'' if items else ' <none>'}\n"]
    for c in items:
        out.append(f"   {c.get('name', '')}:\n    Image:\t{c.get('image', '')}\n")
        ports = c.get("ports") or []
        port = ", ".join(f"{p.get('containerPort', 0)}/{p.get('protocol', 'TCP')}" for p in ports)
        host = ", ".join(f"{p.get('hostPort', 0)}/{p.get('protocol', 'TCP')}" for p in ports)
        out.append(f"    Ports:\t{port}\n" if "," in port else f"    Port:\t{port or '<none>'}\n")
        out.append(f"    Host Ports:\t{host}\n" if "," in host else f"    Host Port:\t{host or '<none>'}\n")
        for key, title in (("command", "Command"), ("args", "Args")):
            if c.get(key):
                out.append(f"    {title}:\n" + "".join(f"      {s}\n" for v in c[key] for s in v.split("\n")))
        out.extend(resources(c.get("resources") or {}))
        for key, title in (("livenessProbe", "Liveness"), ("readinessProbe", "Readiness"), ("startupProbe", "Startup")):
            if c.get(key):
                out.append(f"    {title}:\t{probe(c[key])}\n")
        if c.get("envFrom"):
            out.extend(env_from(c["envFrom"]))
        out.extend(env(c.get("env") or []))
        out.extend(mounts(c.get("volumeMounts") or []))
    return out


def resources(res):
    out = []
    for key, title in (("limits", "Limits"), ("requests", "Requests")):
        values = res.get(key) or {}
        if values:
            out.append(f"    {title}:\n")
        out.extend(f"      {name}:\t{values[name]}\n" for name in sorted(values))
    return out


def probe(p):
    attrs = (f"delay={p.get('initialDelaySeconds', 0)}s timeout={p.get('timeoutSeconds', 0)}s "
             f"period={p.get('periodSeconds', 0)}s #success={p.get('successThreshold', 0)} "
             f"#failure={p.get('failureThreshold', 0)}")
    if p.get("exec"):
        return f"exec [{' '.join(p['exec'].get('command') or [])}] {attrs}"
    if p.get("httpGet"):
        h = p["httpGet"]
        url = f"{h.get('scheme', 'HTTP').lower()}://{h.get('host', '')}:{h.get('port', '')}{h.get('path', '')}"
        return f"http-get {url} {attrs}"
    if p.get("tcpSocket"):
        return f"tcp-socket {p['tcpSocket'].get('host', '')}:{p['tcpSocket'].get('port', '')} {attrs}"
    if p.get("grpc"):
        return f"grpc <pod>:{p['grpc'].get('port', 0)} {p['grpc'].get('service', '')} {attrs}"
    return f"unknown {attrs}"


def env_from(sources):
    out = ["    Environment Variables from:\n"]
    for e in sources:
        ref, kind = (e["configMapRef"], "ConfigMap") if e.get("configMapRef") else (e.get("secretRef") or {}, "Secret")
        optional = _bool(ref.get("optional"))
        prefix = f" with prefix '{e['prefix']}'" if e.get("prefix") else ""
        out.append(f"      {ref.get('name', '')}\t{kind}{prefix}\tOptional: {optional}\n")
    return out


def env(variables):
    out = [f"    Environment:{'' if variables else chr(9) + '<none>'}\n"]
    for e in variables:
        source = e.get("valueFrom")
        if not source:
            parts = (e.get("value") or "").split("\n")
            out.append(f"      {e['name']}:\t{parts[0]}\n" + "".join(f"      \t{s}\n" for s in parts[1:]))
        elif source.get("fieldRef"):
            ref = source["fieldRef"]
            out.append(f"      {e['name']}:\t ({ref.get('apiVersion', '')}:{ref.get('fieldPath', '')})\n")
        elif source.get("resourceFieldRef"):
            out.append(f"      {e['name']}:\t ({source['resourceFieldRef'].get('resource', '')})\n")
        elif source.get("secretKeyRef"):
            ref = source["secretKeyRef"]
            out.append(f"      {e['name']}:\t<set to the key '{ref.get('key', '')}' in secret '{ref.get('name', '')}'>"
                       f"\tOptional: {_bool(ref.get('optional'))}\n")
        elif source.get("configMapKeyRef"):
            ref = source["configMapKeyRef"]
            out.append(f"      {e['name']}:\t<set to the key '{ref.get('key', '')}' of config map "
                       f"'{ref.get('name', '')}'>\tOptional: {_bool(ref.get('optional'))}\n")
    return out


def mounts(items):
    out = [f"    Mounts:{'' if items else chr(9) + '<none>'}\n"]
    for m in sorted(items, key=lambda m: m.get("mountPath", "")):
        flags = ["ro" if m.get("readOnly") else "rw"]
        if m.get("subPath"):
            flags.append(f"path={json.dumps(m['subPath'])}")
        out.append(f"      {m.get('mountPath', '')} from {m.get('name', '')} ({','.join(flags)})\n")
    return out


def volumes(items):
    if not items:
        return ["  Volumes:\t<none>\n"]
    out = ["  Volumes:\n"]
    for v in items:
        out.append(f"   {v.get('name', '')}:\n")
        if v.get("hostPath"):
            h = v["hostPath"]
            out.append(f"    Type:\tHostPath (bare host directory volume)\n    Path:\t{h.get('path', '')}\n"
                       f"    HostPathType:\t{h.get('type') or '<none>'}\n")
        elif "emptyDir" in v:
            e = v["emptyDir"] or {}
            out.append("    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
                       f"    Medium:\t{e.get('medium', '')}\n    SizeLimit:\t{e.get('sizeLimit') or '<unset>'}\n")
        elif v.get("secret"):
            s = v["secret"]
            out.append(f"    Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{s.get('secretName', '')}\n"
                       f"    Optional:\t{_bool(s.get('optional'))}\n")
        elif v.get("configMap"):
            s = v["configMap"]
            out.append(f"    Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{s.get('name', '')}\n"
                       f"    Optional:\t{_bool(s.get('optional'))}\n")
        elif v.get("persistentVolumeClaim"):
            s = v["persistentVolumeClaim"]
            out.append("    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
                       f"    ClaimName:\t{s.get('claimName', '')}\n    ReadOnly:\t{_bool(s.get('readOnly'))}\n")
    return out


def tolerations(title, items):
    if not items:
        return f"{title}:\t<none>\n"
    out = []
    for t in sorted(items, key=lambda t: t.get("key", "")):
        text = t.get("key", "")
        if t.get("value"):
            text += f"={t['value']}"
        if t.get("effect"):
            text += f":{t['effect']}"
        if t.get("operator") == "Exists" and not t.get("value"):
            text += " op=Exists" if t.get("key") or t.get("effect") else "op=Exists"
        if t.get("tolerationSeconds") is not None:
            text += f" for {t['tolerationSeconds']}s"
        out.append(text + "\n")
    return f"{title}:\t" + "\t".join(out)


def _bool(value):
    return "true" if value else "false"
