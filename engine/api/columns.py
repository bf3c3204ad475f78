"""The API server's table printers: per-kind column definitions (columns.json, as
pkg/printers/internalversion/printers.go defines them) and cells, which kube-apiserver serves as Tables to `kubectl get`
(engine/api/table.py). The server always prints wide (printerstorage.TableConvertor asks for Wide); kubectl hides the
priority-1 columns unless -o wide. Cells keep printers.go's types: int64 and bool cells are JSON numbers and booleans."""
import json
import re
from datetime import datetime, timezone
from pathlib import Path

from .duration import human_duration

NONE = "<none>"
# "plural.group" -> [[name, type, format, description, priority]]; "*" is rest.defaultTableConvertor's
DEFINITIONS = json.loads((Path(__file__).parent / "columns.json").read_text())


class Ctx:
    """What a row needs besides the object: the virtual now its ages are taken at."""

    def __init__(self, now):
        self.now = now
        self._ages = {}  # timestamp -> age: a table's objects share few creation seconds

    def age(self, timestamp):
        """translateTimestampSince: `<unknown>` for a missing time, else HumanDuration(now - t)."""
        if not timestamp:
            return "<unknown>"
        age = self._ages.get(timestamp)
        if age is None:
            age = self._ages[timestamp] = human_duration((self.now - parse_time(timestamp)).total_seconds())
        return age


class Kept(Ctx):
    """A Ctx for cells kept across requests: a time since is left as a mark that `resolve` fills in
    at the request's now, so an object version's cells are printed once and only their ages change."""

    def __init__(self):
        super().__init__(None)

    def age(self, timestamp):
        return f"\x00{timestamp}\x00" if timestamp else "<unknown>"


MARK = re.compile("\x00([^\x00]*)\x00")


def marked(cells):
    """The indexes of the kept cells that hold an age mark (or a NUL of the object's own)."""
    return tuple(i for i, cell in enumerate(cells) if cell.__class__ is str and "\x00" in cell)


def resolve(cells, ctx, marks=None):
    """Kept cells with every age mark (in the cells at `marks`, else anywhere) replaced by the time since it
    at ctx.now."""
    cells = list(cells)
    for i in marked(cells) if marks is None else marks:
        cells[i] = MARK.sub(lambda m: _since(m, ctx), cells[i])
    return cells


def _since(mark, ctx):
    try:
        return ctx.age(mark.group(1))
    except ValueError:  # a NUL the object itself holds (an Event's message), not a mark
        return mark.group(0)


def parse_time(text):
    text = text.replace("Z", "+00:00")
    return datetime.fromisoformat(text).astimezone(timezone.utc)


def meta(obj):
    return obj.get("metadata") or {}


def created(obj, ctx):
    return ctx.age(meta(obj).get("creationTimestamp"))


def format_labels(labels):
    return ",".join(f"{k}={v}" for k, v in sorted((labels or {}).items())) or NONE


def format_selector(selector):
    """metav1.FormatLabelSelector: `app=web,tier in (a,b)`; `<none>` when empty."""
    return selector_string(selector) or NONE


def selector_string(selector):
    """LabelSelectorAsSelector(...).String(): requirements sorted by key, "" for none."""
    if selector is None:
        return ""
    reqs = [(k, f"{k}={v}") for k, v in (selector.get("matchLabels") or {}).items()]
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr.get("key", ""), expr.get("operator", ""), sorted(expr.get("values") or [])
        text = {"In": f"{key} in ({','.join(values)})", "NotIn": f"{key} notin ({','.join(values)})",
                "Exists": key, "DoesNotExist": f"!{key}"}.get(op, key)
        reqs.append((key, text))
    return ",".join(t for _, t in sorted(reqs, key=lambda r: r[0]))


def containers_images(pod_spec):
    containers = (pod_spec or {}).get("containers") or []
    return ",".join(c.get("name", "") for c in containers), ",".join(c.get("image", "") for c in containers)


def template_spec(obj):
    return ((obj.get("spec") or {}).get("template") or {}).get("spec") or {}


# ---- pods
def _has_condition(conditions, type_, status="True"):
    return any(c.get("type") == type_ and c.get("status") == status for c in conditions or [])


def _terminated_at(status):
    term = ((status.get("lastState") or {}).get("terminated")) or {}
    return term.get("finishedAt")


def pod_row(pod, ctx):
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    containers = spec.get("containers") or []
    init_specs = {c.get("name"): c for c in spec.get("initContainers") or []}
    restartable = {n for n, c in init_specs.items() if c.get("restartPolicy") == "Always"}
    total = len(containers) + len(restartable)
    ready = restarts = sidecar_restarts = 0
    last_restart = sidecar_last = None
    phase = status.get("phase", "")
    reason = status.get("reason") or phase
    for cond in status.get("conditions") or []:
        if cond.get("type") == "PodScheduled" and cond.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"
    initializing = False
    init_statuses = status.get("initContainerStatuses") or []
    for i, cs in enumerate(init_statuses):
        restarts += cs.get("restartCount", 0)
        finished = _terminated_at(cs)
        if finished and (last_restart is None or finished > last_restart):
            last_restart = finished
        if cs.get("name") in restartable:
            sidecar_restarts += cs.get("restartCount", 0)
            if finished and (sidecar_last is None or finished > sidecar_last):
                sidecar_last = finished
        state = cs.get("state") or {}
        term, waiting = state.get("terminated"), state.get("waiting")
        if term is not None and term.get("exitCode", 0) == 0:
            continue
        if cs.get("name") in restartable and cs.get("started"):
            if cs.get("ready"):
                ready += 1
            continue
        if term is not None:
            if not term.get("reason"):
                reason = (f"Init:Signal:{term['signal']}" if term.get("signal")
                          else f"Init:ExitCode:{term.get('exitCode', 0)}")
            else:
                reason = "Init:" + term["reason"]
        elif waiting is not None and waiting.get("reason") and waiting.get("reason") != "PodInitializing":
            reason = "Init:" + waiting["reason"]
        else:
            reason = f"Init:{i}/{len(init_specs)}"
        initializing = True
        break
    if not initializing or _has_condition(status.get("conditions"), "Initialized"):
        restarts, last_restart = sidecar_restarts, sidecar_last
        has_running = False
        for cs in reversed(status.get("containerStatuses") or []):
            restarts += cs.get("restartCount", 0)
            finished = _terminated_at(cs)
            if finished and (last_restart is None or finished > last_restart):
                last_restart = finished
            state = cs.get("state") or {}
            waiting, term = state.get("waiting"), state.get("terminated")
            if waiting is not None and waiting.get("reason"):
                reason = waiting["reason"]
            elif term is not None and term.get("reason"):
                reason = term["reason"]
            elif term is not None:
                reason = f"Signal:{term['signal']}" if term.get("signal") else f"ExitCode:{term.get('exitCode', 0)}"
            elif cs.get("ready") and state.get("running") is not None:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            reason = "Running" if _has_condition(status.get("conditions"), "Ready") else "NotReady"
    if meta(pod).get("deletionTimestamp") and status.get("reason") == "NodeLost":
        reason = "Unknown"
    elif meta(pod).get("deletionTimestamp") and phase not in ("Succeeded", "Failed"):
        reason = "Terminating"
    restarts_text = str(restarts)
    if restarts and last_restart:
        restarts_text = f"{restarts} ({ctx.age(last_restart)} ago)"
    row = [meta(pod).get("name", ""), f"{ready}/{total}", reason, restarts_text, created(pod, ctx)]
    ips = status.get("podIPs") or []
    gates = spec.get("readinessGates") or []
    gates_text = NONE
    if gates:
        conds = {}
        for cond in status.get("conditions") or []:  # the first condition of a type counts
            conds.setdefault(cond.get("type"), cond.get("status"))
        gates_text = f"{sum(1 for g in gates if conds.get(g.get('conditionType')) == 'True')}/{len(gates)}"
    row += [(ips[0].get("ip") if ips else "") or NONE, spec.get("nodeName") or NONE,
            status.get("nominatedNodeName") or NONE, gates_text]
    return row


_POD_DONE = {"Succeeded": "The pod has completed successfully.", "Failed": "The pod failed."}


def row_conditions(resource, obj):
    """A row's conditions: printPod marks a Succeeded or Failed pod's row Completed (podSuccessConditions)."""
    phase = (obj.get("status") or {}).get("phase")
    if resource.plural != "pods" or resource.group or phase not in _POD_DONE:
        return None
    return [{"type": "Completed", "status": "True", "reason": phase, "message": _POD_DONE[phase]}]


# ---- workloads
def deployment_row(obj, ctx):
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    row = [meta(obj).get("name", ""), f"{status.get('readyReplicas', 0)}/{spec.get('replicas', 0)}",
           status.get("updatedReplicas", 0), status.get("availableReplicas", 0), created(obj, ctx)]
    row += [*containers_images(template_spec(obj)), selector_string(spec.get("selector"))]
    return row


def replicaset_row(obj, ctx):
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    row = [meta(obj).get("name", ""), spec.get("replicas", 0), status.get("replicas", 0),
           status.get("readyReplicas", 0), created(obj, ctx)]
    row += [*containers_images(template_spec(obj)), format_selector(spec.get("selector"))]
    return row


def replicationcontroller_row(obj, ctx):
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    row = [meta(obj).get("name", ""), spec.get("replicas", 0), status.get("replicas", 0),
           status.get("readyReplicas", 0), created(obj, ctx)]
    row += [*containers_images(template_spec(obj)), format_labels(spec.get("selector"))]
    return row


def statefulset_row(obj, ctx):
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    row = [meta(obj).get("name", ""), f"{status.get('readyReplicas', 0)}/{spec.get('replicas', 0)}", created(obj, ctx)]
    row += list(containers_images(template_spec(obj)))
    return row


def daemonset_row(obj, ctx):
    status = obj.get("status") or {}
    row = [meta(obj).get("name", ""), status.get("desiredNumberScheduled", 0),
           status.get("currentNumberScheduled", 0), status.get("numberReady", 0),
           status.get("updatedNumberScheduled", 0), status.get("numberAvailable", 0),
           format_labels(template_spec(obj).get("nodeSelector")), created(obj, ctx)]
    row += [*containers_images(template_spec(obj)), format_selector((obj.get("spec") or {}).get("selector"))]
    return row


def _has_job_condition(conditions, type_):
    """hasJobCondition: the first condition of that type decides."""
    for c in conditions or []:
        if c.get("type") == type_:
            return c.get("status") == "True"
    return False


def job_row(obj, ctx):
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    succeeded = status.get("succeeded", 0)
    if spec.get("completions") is not None:
        completions = f"{succeeded}/{spec['completions']}"
    elif (spec.get("parallelism") or 0) > 1:
        completions = f"{succeeded}/1 of {spec['parallelism']}"
    else:
        completions = f"{succeeded}/1"
    duration = ""
    if status.get("startTime"):
        if status.get("completionTime"):
            start, end = parse_time(status["startTime"]), parse_time(status["completionTime"])
            duration = human_duration((end - start).total_seconds())
        else:
            duration = ctx.age(status["startTime"])
    conditions = status.get("conditions")
    for cond, text in (("Complete", "Complete"), ("Failed", "Failed")):
        if _has_job_condition(conditions, cond):
            state = text
            break
    else:
        if meta(obj).get("deletionTimestamp"):
            state = "Terminating"
        elif _has_job_condition(conditions, "Suspended"):
            state = "Suspended"
        elif _has_job_condition(conditions, "FailureTarget"):
            state = "FailureTarget"
        else:
            state = "Running"
    row = [meta(obj).get("name", ""), state, completions, duration, created(obj, ctx)]
    row += [*containers_images(template_spec(obj)), format_selector(spec.get("selector"))]
    return row


def cronjob_row(obj, ctx):
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    suspend = spec.get("suspend")
    last = status.get("lastScheduleTime")
    row = [meta(obj).get("name", ""), spec.get("schedule", ""), spec.get("timeZone") or NONE,
           "<unset>" if suspend is None else ("True" if suspend else "False"),
           len(status.get("active") or []), ctx.age(last) if last else NONE, created(obj, ctx)]
    job_spec = (spec.get("jobTemplate") or {}).get("spec") or {}
    row += [*containers_images(((job_spec.get("template") or {}).get("spec"))),
            format_selector(job_spec.get("selector"))]
    return row


# ---- networking
def _lb_ingress(status):
    """loadBalancerStatusStringer with wide set (as the server prints): the sorted, distinct IPs (else hostnames),
    never cut to 16 characters."""
    ingress = ((status or {}).get("loadBalancer") or {}).get("ingress") or []
    return ",".join(sorted({i.get("ip") or i.get("hostname") for i in ingress if i.get("ip") or i.get("hostname")}))


def service_external_ip(svc):
    spec = svc.get("spec") or {}
    type_ = spec.get("type", "ClusterIP")
    external = spec.get("externalIPs") or []
    if type_ in ("ClusterIP", "NodePort"):
        return ",".join(external) or NONE
    if type_ == "LoadBalancer":
        lb = _lb_ingress(svc.get("status"))
        if external:
            return ",".join(([*lb.split(",")] if lb else []) + external)
        return lb or "<pending>"
    if type_ == "ExternalName":
        return spec.get("externalName", "")
    return "<unknown>"


def service_row(obj, ctx):
    spec = obj.get("spec") or {}
    ports = []
    for p in spec.get("ports") or []:
        proto = p.get("protocol", "TCP")
        ports.append(f"{p.get('port')}:{p['nodePort']}/{proto}" if p.get("nodePort") else f"{p.get('port')}/{proto}")
    cluster_ips = spec.get("clusterIPs") or []
    row = [meta(obj).get("name", ""), spec.get("type", ""), cluster_ips[0] if cluster_ips else NONE,
           service_external_ip(obj), ",".join(ports) or NONE, created(obj, ctx)]
    row.append(format_labels(spec.get("selector")))
    return row


def endpoints_row(obj, ctx):
    subsets = obj.get("subsets") or []
    if not subsets:
        return [meta(obj).get("name", ""), NONE, created(obj, ctx)]
    shown, count, more, limit = [], 0, False, 3
    for ss in subsets:
        addresses = ss.get("addresses") or []
        for port in (ss.get("ports") or [None]):
            count += len(addresses)
            for a in addresses:
                if len(shown) == limit:
                    more = True
                    break
                ip = a.get("ip", "")
                if port is None:
                    shown.append(ip)
                else:
                    shown.append(f"[{ip}]:{port.get('port')}" if ":" in ip else f"{ip}:{port.get('port')}")
    text = ",".join(shown)
    if more:
        text = f"{text} + {count - limit} more..."
    return [meta(obj).get("name", ""), text or "", created(obj, ctx)]


def endpointslice_row(obj, ctx):
    ports = ["*" if p.get("port") is None and p.get("name") is None else str(p.get("port", p.get("name")))
             for p in obj.get("ports") or []]
    addresses = [a for e in obj.get("endpoints") or [] for a in e.get("addresses") or []]
    return [meta(obj).get("name", ""), obj.get("addressType", ""), list_with_more(ports), list_with_more(addresses),
            created(obj, ctx)]


def list_with_more(items, limit=3):
    """listWithMoreString: the first three, `+ N more...`, or <unset> for none."""
    text = ",".join(items[:limit])
    if len(items) > limit:
        return f"{text} + {len(items) - limit} more..."
    return text or "<unset>"


def ingress_row(obj, ctx):
    spec = obj.get("spec") or {}
    rules = spec.get("rules") or []
    hosts, more = [], False
    for rule in rules:
        if len(hosts) == 3:
            more = True
        if not more and rule.get("host"):
            hosts.append(rule["host"])
    host_text = ",".join(hosts) if hosts else "*"
    if more:
        host_text = f"{host_text} + {len(rules) - 3} more..."
    address = _lb_ingress(obj.get("status"))
    return [meta(obj).get("name", ""), spec.get("ingressClassName") or NONE, host_text, address,
            "80, 443" if spec.get("tls") else "80", created(obj, ctx)]


# ---- cluster
def node_row(obj, ctx):
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    states = []
    for cond in status.get("conditions") or []:
        if cond.get("type") == "Ready":
            states = ["Ready" if cond.get("status") == "True" else "NotReady"]
    states = states or ["Unknown"]
    if spec.get("unschedulable"):
        states.append("SchedulingDisabled")
    roles = set()
    for key, value in (meta(obj).get("labels") or {}).items():
        if key.startswith("node-role.kubernetes.io/"):
            roles.add(key[len("node-role.kubernetes.io/"):])
        elif key == "kubernetes.io/role" and value:
            roles.add(value)
    info = status.get("nodeInfo") or {}
    row = [meta(obj).get("name", ""), ",".join(states), ",".join(sorted(r for r in roles if r)) or NONE,
           created(obj, ctx), info.get("kubeletVersion", "")]
    addresses = status.get("addresses") or []
    internal = next((a.get("address") for a in addresses if a.get("type") == "InternalIP"), NONE)
    external = next((a.get("address") for a in addresses if a.get("type") == "ExternalIP"), NONE)
    row += [internal, external, info.get("osImage") or "<unknown>", info.get("kernelVersion") or "<unknown>",
            info.get("containerRuntimeVersion") or "<unknown>"]
    return row


def namespace_row(obj, ctx):
    return [meta(obj).get("name", ""), (obj.get("status") or {}).get("phase", ""), created(obj, ctx)]


def configmap_row(obj, ctx):
    return [meta(obj).get("name", ""), len(obj.get("data") or {}) + len(obj.get("binaryData") or {}),
            created(obj, ctx)]


def secret_row(obj, ctx):
    return [meta(obj).get("name", ""), obj.get("type", ""), len(obj.get("data") or {}), created(obj, ctx)]


def serviceaccount_row(obj, ctx):
    return [meta(obj).get("name", ""), len(obj.get("secrets") or []), created(obj, ctx)]


def lease_row(obj, ctx):
    return [meta(obj).get("name", ""), (obj.get("spec") or {}).get("holderIdentity") or "", created(obj, ctx)]


def event_row(obj, ctx):
    first = ctx.age(obj.get("firstTimestamp")) if obj.get("firstTimestamp") else ctx.age(obj.get("eventTime"))
    last = ctx.age(obj["lastTimestamp"]) if obj.get("lastTimestamp") else first
    count = obj.get("count") or 0
    if obj.get("series"):
        last = ctx.age(obj["series"].get("lastObservedTime"))
        count = obj["series"].get("count", 0)
    elif count == 0:
        count = 1
    involved = obj.get("involvedObject") or {}
    target = involved.get("kind", "").lower()
    if involved.get("name"):
        target = f"{target}/{involved['name']}"
    message = (obj.get("message") or "").strip()
    source = obj.get("source") or {}
    # core/v1 Event's ReportingController is `reportingComponent` in JSON
    component = source.get("component") or obj.get("reportingComponent") or ""
    host = source.get("host") or obj.get("reportingInstance") or ""
    source_text = f"{component}, {host}" if host else component
    return [last, obj.get("type", ""), obj.get("reason", ""), target, involved.get("fieldPath", ""),
            source_text, message, first, count, meta(obj).get("name", "")]


def _hpa_metric(spec, status):
    """One entry of formatHPAMetrics; `status` is the current metric at the same position."""
    kind = spec.get("type")
    if kind in ("Resource", "ContainerResource"):
        source = spec.get("resource" if kind == "Resource" else "containerResource") or {}
        current = (status or {}).get("resource" if kind == "Resource" else "containerResource")
        target, name = source.get("target") or {}, source.get("name", "")
        if target.get("averageValue") is not None:
            now = (current or {}).get("current", {}).get("averageValue", "<unknown>") if current else "<unknown>"
            return f"{name}: {now}/{target['averageValue']}"
        now = "<unknown>"
        if current and (current.get("current") or {}).get("averageUtilization") is not None:
            now = f"{current['current']['averageUtilization']}%"
        want = f"{target['averageUtilization']}%" if target.get("averageUtilization") is not None else "<auto>"
        return f"{name}: {now}/{want}"
    if kind == "Pods":
        target = ((spec.get("pods") or {}).get("target") or {}).get("averageValue", "")
        current = (status or {}).get("pods")
        return f"{(current or {}).get('current', {}).get('averageValue', '<unknown>') if current else '<unknown>'}/{target}"
    if kind in ("Object", "External"):
        key = kind.lower()
        target = (spec.get(key) or {}).get("target") or {}
        current = ((status or {}).get(key) or {}).get("current") if (status or {}).get(key) else None
        if target.get("averageValue") is not None:
            now = (current or {}).get("averageValue") or "<unknown>"
            return f"{now}/{target['averageValue']} (avg)"
        now = (current or {}).get("value", "<unknown>") if current is not None else "<unknown>"
        return f"{now}/{target.get('value', '')}"
    return "<unknown type>"


def hpa_row(obj, ctx):
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    ref = spec.get("scaleTargetRef") or {}
    metrics, statuses = spec.get("metrics") or [], status.get("currentMetrics") or []
    parts = [_hpa_metric(m, statuses[i] if i < len(statuses) else None) for i, m in enumerate(metrics)]
    targets = NONE if not metrics else ", ".join(parts[:2]) + (f" + {len(parts) - 2} more..." if len(parts) > 2 else "")
    min_pods = str(spec["minReplicas"]) if spec.get("minReplicas") is not None else "<unset>"
    return [meta(obj).get("name", ""), f"{ref.get('kind', '')}/{ref.get('name', '')}", targets, min_pods,
            spec.get("maxReplicas", 0), status.get("currentReplicas", 0), created(obj, ctx)]


_MODES = (("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP"))


def access_modes(modes):
    return ",".join(short for long_, short in _MODES if long_ in (modes or []))


def pv_row(obj, ctx):
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    claim = spec.get("claimRef")
    claim_text = f"{claim.get('namespace', '')}/{claim.get('name', '')}" if claim else ""
    phase = "Terminating" if meta(obj).get("deletionTimestamp") else status.get("phase", "")
    row = [meta(obj).get("name", ""), (spec.get("capacity") or {}).get("storage", ""),
           access_modes(spec.get("accessModes")), spec.get("persistentVolumeReclaimPolicy", ""), phase,
           claim_text, (meta(obj).get("annotations") or {}).get("volume.beta.kubernetes.io/storage-class") or spec.get("storageClassName", ""),
           spec.get("volumeAttributesClassName") or "<unset>",
           status.get("reason", ""), created(obj, ctx)]
    row.append(spec.get("volumeMode") or "<unset>")
    return row


def pvc_row(obj, ctx):
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    phase = "Terminating" if meta(obj).get("deletionTimestamp") else status.get("phase", "")
    bound = bool(spec.get("volumeName"))
    row = [meta(obj).get("name", ""), phase, spec.get("volumeName", ""),
           (status.get("capacity") or {}).get("storage", "") if bound else "",
           access_modes(status.get("accessModes")) if bound else "",
           (meta(obj).get("annotations") or {}).get("volume.beta.kubernetes.io/storage-class") or spec.get("storageClassName") or "",
           spec.get("volumeAttributesClassName") or "<unset>", created(obj, ctx)]
    row.append(spec.get("volumeMode") or "<unset>")
    return row


def created_at_row(obj, ctx):
    """The apiserver's default table (no printer registered): NAME and CREATED AT in RFC 3339."""
    return [meta(obj).get("name", ""), meta(obj).get("creationTimestamp") or "0001-01-01T00:00:00Z"]


def priorityclass_row(obj, ctx):
    return [meta(obj).get("name", ""), obj.get("value", 0), bool(obj.get("globalDefault")), created(obj, ctx),
            obj.get("preemptionPolicy") or ""]


DEFAULT_CLASS = ("storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class")


def storageclass_row(obj, ctx):
    annotations = meta(obj).get("annotations") or {}
    name = meta(obj).get("name", "")
    if any(annotations.get(a) == "true" for a in DEFAULT_CLASS):
        name += " (default)"
    return [name, obj.get("provisioner", ""), obj.get("reclaimPolicy") or "Delete",
            obj.get("volumeBindingMode") or "Immediate", bool(obj.get("allowVolumeExpansion")), created(obj, ctx)]


def networkpolicy_row(obj, ctx):
    return [meta(obj).get("name", ""), format_selector((obj.get("spec") or {}).get("podSelector") or {}),
            created(obj, ctx)]


def ingressclass_row(obj, ctx):
    spec = obj.get("spec") or {}
    params = spec.get("parameters")
    text = NONE
    if params:
        text = params.get("kind", "") + (f".{params['apiGroup']}" if params.get("apiGroup") is not None else "")
        text += "/" + params.get("name", "")
    return [meta(obj).get("name", ""), spec.get("controller", ""), text, created(obj, ctx)]


def pdb_row(obj, ctx):
    spec = obj.get("spec") or {}
    return [meta(obj).get("name", ""), str(spec["minAvailable"]) if spec.get("minAvailable") is not None else "N/A",
            str(spec["maxUnavailable"]) if spec.get("maxUnavailable") is not None else "N/A",
            (obj.get("status") or {}).get("disruptionsAllowed", 0), created(obj, ctx)]


def controllerrevision_row(obj, ctx):
    owner = next((o for o in meta(obj).get("ownerReferences") or [] if o.get("controller")), None)
    controller = NONE
    if owner:
        group = owner.get("apiVersion", "").rpartition("/")[0]
        kind = owner.get("kind", "") + (f".{group}" if group else "")
        controller = f"{kind.lower()}/{owner.get('name', '')}"
    return [meta(obj).get("name", ""), controller, obj.get("revision", 0), created(obj, ctx)]


def resourcequota_row(obj, ctx):
    status = obj.get("status") or {}
    hard, used = status.get("hard") or {}, status.get("used") or {}
    requests, limits = [], []
    for name in sorted(hard):
        target = limits if name.split(".")[0] == "limits" and "." in name else requests
        target.append(f"{name}: {used.get(name, '0')}/{hard[name]}")
    return [meta(obj).get("name", ""), ", ".join(requests), ", ".join(limits), created(obj, ctx)]


def componentstatus_row(obj, ctx):
    state, message, error = "Unknown", "", ""
    for cond in obj.get("conditions") or []:
        if cond.get("type") == "Healthy":
            state = "Healthy" if cond.get("status") == "True" else "Unhealthy"
            message, error = cond.get("message", ""), cond.get("error", "")
            break
    return [meta(obj).get("name", ""), state, message, error]


def podtemplate_row(obj, ctx):
    template = obj.get("template") or {}
    names, images = containers_images(template.get("spec"))
    return [meta(obj).get("name", ""), names, images, format_labels((template.get("metadata") or {}).get("labels"))]


def rolebinding_row(obj, ctx):
    ref = obj.get("roleRef") or {}
    row = [meta(obj).get("name", ""), f"{ref.get('kind', '')}/{ref.get('name', '')}", created(obj, ctx)]
    subjects = obj.get("subjects") or []
    users = ", ".join(s.get("name", "") for s in subjects if s.get("kind") == "User")
    groups = ", ".join(s.get("name", "") for s in subjects if s.get("kind") == "Group")
    sas = ", ".join(f"{s.get('namespace', '')}/{s.get('name', '')}" for s in subjects if s.get("kind") == "ServiceAccount")
    row += [users, groups, sas]
    return row


def csr_row(obj, ctx):
    """printCertificateSigningRequest: CONDITION is Denied, Approved or Pending, then ,Failed and ,Issued."""
    spec, status = obj.get("spec") or {}, obj.get("status") or {}
    types = {c.get("type") for c in status.get("conditions") or ()}
    condition = "Denied" if "Denied" in types else "Approved" if "Approved" in types else "Pending"
    condition += (",Failed" if "Failed" in types else "") + (",Issued" if status.get("certificate") else "")
    expiration = spec.get("expirationSeconds")
    return [meta(obj).get("name", ""), created(obj, ctx), spec.get("signerName") or "<none>", spec.get("username", ""),
            human_duration(expiration) if expiration is not None else "<none>", condition]


def runtimeclass_row(obj, ctx):
    return [meta(obj).get("name", ""), obj.get("handler", ""), created(obj, ctx)]


def volumeattachment_row(obj, ctx):
    spec = obj.get("spec") or {}
    return [meta(obj).get("name", ""), spec.get("attacher", ""), (spec.get("source") or {}).get("persistentVolumeName") or "",
            spec.get("nodeName", ""), bool((obj.get("status") or {}).get("attached")), created(obj, ctx)]


def csinode_row(obj, ctx):
    return [meta(obj).get("name", ""), len((obj.get("spec") or {}).get("drivers") or []), created(obj, ctx)]


def csidriver_row(obj, ctx):
    spec = obj.get("spec") or {}
    tokens = spec.get("tokenRequests")
    return [meta(obj).get("name", ""), spec.get("attachRequired") is not False, bool(spec.get("podInfoOnMount")),
            bool(spec.get("storageCapacity")),
            "<unset>" if tokens is None else ",".join(t.get("audience", "") for t in tokens),
            bool(spec.get("requiresRepublish")), ",".join(spec.get("volumeLifecycleModes") or []) or NONE,
            created(obj, ctx)]


def webhookconfiguration_row(obj, ctx):
    return [meta(obj).get("name", ""), len(obj.get("webhooks") or []), created(obj, ctx)]


def admissionpolicy_row(obj, ctx):
    spec = obj.get("spec") or {}
    kind = spec.get("paramKind")
    return [meta(obj).get("name", ""), len(spec.get("validations") or []),
            f"{kind.get('apiVersion', '')}/{kind.get('kind', '')}" if kind is not None else "<unset>", created(obj, ctx)]


def admissionpolicybinding_row(obj, ctx):
    spec = obj.get("spec") or {}
    ref, param = spec.get("paramRef"), "<unset>"
    if ref is not None and ref.get("name"):
        param = f"{ref.get('namespace') or '*'}/{ref['name']}"
    elif ref is not None and ref.get("selector") is not None:
        param = _gogo_selector(ref["selector"])
    return [meta(obj).get("name", ""), spec.get("policyName", ""), param, created(obj, ctx)]


def _gogo_selector(selector):
    """LabelSelector.String() as gogo-protobuf generates it (what printers.go prints for a paramRef selector)."""
    labels = "".join(f"{k}: {v}," for k, v in sorted((selector.get("matchLabels") or {}).items()))
    exprs = "".join(f"LabelSelectorRequirement{{Key:{e.get('key', '')},Operator:{e.get('operator', '')},"
                    f"Values:[{' '.join(e.get('values') or [])}],}},"
                    for e in selector.get("matchExpressions") or [])
    return f"&LabelSelector{{MatchLabels:map[string]string{{{labels}}},MatchExpressions:[]LabelSelectorRequirement{{{exprs}}},}}"


def flowschema_row(obj, ctx):
    spec = obj.get("spec") or {}
    method = spec.get("distinguisherMethod")
    dangling = next((c.get("status", "") for c in (obj.get("status") or {}).get("conditions") or []
                     if c.get("type") == "Dangling"), "?")
    return [meta(obj).get("name", ""), (spec.get("priorityLevelConfiguration") or {}).get("name", ""),
            spec.get("matchingPrecedence", 0), method.get("type", "") if method is not None else NONE,
            created(obj, ctx), dangling]


def prioritylevel_row(obj, ctx):
    spec = obj.get("spec") or {}
    limited = spec.get("limited")
    shares = queues = hand = queue_limit = NONE
    if limited is not None:
        shares = limited.get("nominalConcurrencyShares", 0)
        queuing = (limited.get("limitResponse") or {}).get("queuing")
        if queuing is not None:
            queues, hand = queuing.get("queues", 0), queuing.get("handSize", 0)
            queue_limit = queuing.get("queueLengthLimit", 0)
    return [meta(obj).get("name", ""), spec.get("type", ""), shares, queues, hand, queue_limit, created(obj, ctx)]


def apiservice_row(obj, ctx):
    """kube-aggregator's APIService table: the service (or Local) and the Available condition."""
    service = (obj.get("spec") or {}).get("service")
    available = next((c for c in (obj.get("status") or {}).get("conditions") or [] if c.get("type") == "Available"),
                     None)
    state = "Unknown"
    if available is not None:
        state = available.get("status", "")
        if state != "True" and available.get("reason"):
            state = f"{state} ({available['reason']})"
    return [meta(obj).get("name", ""), f"{service.get('namespace', '')}/{service.get('name', '')}" if service else "Local",
            state, created(obj, ctx)]


# (plural, group) -> row function; the columns are DEFINITIONS["plural.group"] (a printer added at run time, such as a
# custom resource's, registers in both)
HANDLERS = {
    ("pods", ""): pod_row,
    ("deployments", "apps"): deployment_row,
    ("replicasets", "apps"): replicaset_row,
    ("replicationcontrollers", ""): replicationcontroller_row,
    ("statefulsets", "apps"): statefulset_row,
    ("daemonsets", "apps"): daemonset_row,
    ("jobs", "batch"): job_row,
    ("cronjobs", "batch"): cronjob_row,
    ("services", ""): service_row,
    ("endpoints", ""): endpoints_row,
    ("endpointslices", "discovery.k8s.io"): endpointslice_row,
    ("ingresses", "networking.k8s.io"): ingress_row,
    ("nodes", ""): node_row,
    ("namespaces", ""): namespace_row,
    ("configmaps", ""): configmap_row,
    ("secrets", ""): secret_row,
    ("serviceaccounts", ""): serviceaccount_row,
    ("leases", "coordination.k8s.io"): lease_row,
    ("events", ""): event_row,
    ("horizontalpodautoscalers", "autoscaling"): hpa_row,
    ("persistentvolumes", ""): pv_row,
    ("persistentvolumeclaims", ""): pvc_row,
    ("priorityclasses", "scheduling.k8s.io"): priorityclass_row,
    ("storageclasses", "storage.k8s.io"): storageclass_row,
    ("networkpolicies", "networking.k8s.io"): networkpolicy_row,
    ("ingressclasses", "networking.k8s.io"): ingressclass_row,
    ("poddisruptionbudgets", "policy"): pdb_row,
    ("controllerrevisions", "apps"): controllerrevision_row,
    ("resourcequotas", ""): resourcequota_row,
    ("componentstatuses", ""): componentstatus_row,
    ("podtemplates", ""): podtemplate_row,
    ("rolebindings", "rbac.authorization.k8s.io"): rolebinding_row,
    ("clusterrolebindings", "rbac.authorization.k8s.io"): rolebinding_row,
    ("certificatesigningrequests", "certificates.k8s.io"): csr_row,
    ("runtimeclasses", "node.k8s.io"): runtimeclass_row,
    ("volumeattachments", "storage.k8s.io"): volumeattachment_row,
    ("csinodes", "storage.k8s.io"): csinode_row,
    ("csidrivers", "storage.k8s.io"): csidriver_row,
    ("mutatingwebhookconfigurations", "admissionregistration.k8s.io"): webhookconfiguration_row,
    ("validatingwebhookconfigurations", "admissionregistration.k8s.io"): webhookconfiguration_row,
    ("validatingadmissionpolicies", "admissionregistration.k8s.io"): admissionpolicy_row,
    ("validatingadmissionpolicybindings", "admissionregistration.k8s.io"): admissionpolicybinding_row,
    ("flowschemas", "flowcontrol.apiserver.k8s.io"): flowschema_row,
    ("prioritylevelconfigurations", "flowcontrol.apiserver.k8s.io"): prioritylevel_row,
    ("apiservices", "apiregistration.k8s.io"): apiservice_row,
}


def handler(resource):
    """The row function for a resource: its printer's, else the default convertor's NAME and CREATED AT
    (roles, clusterroles, limitranges, CRDs, CSIStorageCapacity)."""
    return HANDLERS.get((resource.plural, resource.group), created_at_row)


def _defs(resource):
    key = f"{resource.plural}.{resource.group}" if resource.group else resource.plural
    return DEFINITIONS[key if (resource.plural, resource.group) in HANDLERS else "*"]


def definitions(resource):
    """The Table's columnDefinitions for a resource (every column; the wide ones have priority 1)."""
    return [{"name": name, "type": type_, "format": format_, "description": doc, "priority": priority}
            for name, type_, format_, doc, priority in _defs(resource)]


def visible(resource, wide):
    """Indexes of the columns kubectl prints: priority 0, or all with -o wide."""
    return [i for i, column in enumerate(_defs(resource)) if wide or column[4] == 0]


def header(resource, wide):
    """The header kubectl prints for a resource: its visible column names upper-cased."""
    columns = _defs(resource)
    return [columns[i][0].upper() for i in visible(resource, wide)]


def text(cell):
    """A cell as kubectl prints it (fmt.Sprint): booleans lower-case, a missing cell empty."""
    if cell.__class__ is str:
        return cell
    if cell is None:
        return ""
    if cell is True or cell is False:
        return "true" if cell else "false"
    return str(cell)
