"""`kubectl expose (-f FILE | TYPE NAME)`: a Service for a pod, Service, ReplicationController,
Deployment or ReplicaSet, its selector, ports and protocols read from the object as kubectl's
polymorphic helpers read them; `service/NAME exposed`."""
import json

from ...api import patch as patches
from ...api.errors import ApiError
from .. import builder, printers
from ..errors import CmdError, render
from ..flags import Flag
from ..resources import type_name_args
from . import Command
from .create import set_last_applied
from .run import OBJECT_META, parse_labels

FLAGS = [
    Flag("dry-run", default="none", no_opt_default="unchanged"), Flag("output", "o"), Flag("record", kind="bool"),
    Flag("protocol"), Flag("port"), Flag("type"), Flag("load-balancer-ip"), Flag("selector"), Flag("labels", "l"),
    Flag("target-port"), Flag("external-ip"), Flag("name"), Flag("session-affinity"), Flag("cluster-ip"),
    Flag("field-manager", default="kubectl-expose"), Flag("overrides"), Flag("override-type", default="merge"),
    Flag("save-config", kind="bool"), Flag("filename", "f", "slice"), Flag("recursive", "R", "bool"), Flag("kustomize", "k"),
    Flag("allow-missing-template-keys", kind="bool", default=True), Flag("template"), Flag("show-managed-fields", kind="bool"),
]
EXPOSABLE = {("", "ReplicationController"), ("", "Service"), ("", "Pod"), ("apps", "Deployment"), ("apps", "ReplicaSet")}
NO_RESOURCES = ("You must provide one or more resources by argument or filename.\nExample resource specifications "
                "include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'")


def run(ctx):
    opts = ctx.opts
    output = printers.OutputFormat.parse(opts["output"], printers.GENERIC_FORMATS)
    dry_run = builder.dry_run_strategy(opts["dry-run"], ctx)
    targets, errs = _targets(ctx)
    for resource, obj in targets:
        try:
            _expose(ctx, resource, obj, output, dry_run)
        except (CmdError, ApiError) as e:
            errs.append(e)
            break  # r.Visit stops at the first error
    if errs:
        ctx.io.error(render(errs))
        return 1
    return 0


def _targets(ctx):
    opts = ctx.opts
    if opts["filename"]:
        found, errs = [], []
        for info in builder.infos(ctx, opts["filename"], opts["recursive"]):
            if isinstance(info, Exception):
                errs.append(info)
            else:
                found.append((info.resource, info.obj))
        return found, errs
    if not ctx.args:
        raise CmdError(NO_RESOURCES)
    pairs = type_name_args(ctx.api, ctx.args)
    if any(name is None for _, name in pairs):
        raise CmdError("resource(s) were provided, but no name was specified")
    return [(r, ctx.api.get(r, name, ctx.namespace if r.namespaced else None)) for r, name in pairs], []


def _expose(ctx, resource, obj, output, dry_run):
    opts = ctx.opts
    if (resource.group, resource.kind) not in EXPOSABLE:
        raise CmdError(f"cannot expose a {resource.kind}{'.' + resource.group if resource.group else ''}")
    selector = opts["selector"] or _selector(obj)
    port = opts["port"]
    ports = ""
    headless = opts["cluster-ip"] == "None"
    if not port:
        found = _ports(obj)
        if not found and not headless:
            raise CmdError("couldn't find port via --port flag or introspection")
        if len(found) == 1:
            port = found[0]
        elif found:
            ports = ",".join(found)
    labels = opts["labels"] or ",".join(f"{k}={v}" for k, v in (obj["metadata"].get("labels") or {}).items())
    service = _service(ctx, obj["metadata"]["name"][:63], selector, labels, ports or port, _protocols(obj))
    service = _override(ctx, service)
    if dry_run == "client":
        if ctx.explicit_namespace:
            service["metadata"]["namespace"] = ctx.namespace
        return _print(ctx, output, service, dry_run, sort_keys=False)
    if opts["save-config"]:
        set_last_applied(service, typed=True)
    created = ctx.api.create("services", service, namespace=ctx.namespace, dry_run=dry_run == "server")
    _print(ctx, output, created, dry_run, sort_keys=True)


def _selector(obj):
    kind, spec, meta = obj.get("kind"), obj.get("spec") or {}, obj.get("metadata") or {}
    if kind == "ReplicationController":
        return _labels_text(spec.get("selector"))
    if kind == "Pod":
        if not meta.get("labels"):
            raise CmdError("couldn't retrieve selectors via --selector flag or introspection: "
                           "the pod has no labels and cannot be exposed")
        return _labels_text(meta["labels"])
    if kind == "Service":
        if spec.get("selector") is None:
            raise CmdError("couldn't retrieve selectors via --selector flag or introspection: "
                           "the service has no pod selector set")
        return _labels_text(spec["selector"])
    selector = spec.get("selector") or {}
    what = "deployment" if kind == "Deployment" else "replicaset"
    if not selector.get("matchLabels"):
        raise CmdError(f"couldn't retrieve selectors via --selector flag or introspection: "
                       f"invalid {what}: no selectors, therefore cannot be exposed")
    if selector.get("matchExpressions"):
        raise CmdError("couldn't retrieve selectors via --selector flag or introspection: couldn't convert "
                       "expressions to map-based selector format")
    return _labels_text(selector["matchLabels"])


def _labels_text(labels):
    return ",".join(f"{k}={v}" for k, v in (labels or {}).items())


def _pod_spec(obj):
    if obj.get("kind") == "Pod":
        return obj.get("spec") or {}
    return ((obj.get("spec") or {}).get("template") or {}).get("spec") or {}


def _ports(obj):
    """PortsForObject: distinct container ports (a Service's own ports), in order."""
    if obj.get("kind") == "Service":
        numbers = [str(p.get("port")) for p in (obj.get("spec") or {}).get("ports") or ()]
    else:
        numbers = [str(p.get("containerPort")) for c in _pod_spec(obj).get("containers") or () for p in c.get("ports") or ()]
    return list(dict.fromkeys(numbers))


def _protocols(obj):
    """MultiProtocolsForObject: port -> [protocols]."""
    found = {}
    if obj.get("kind") == "Service":
        entries = [(p.get("port"), p.get("protocol")) for p in (obj.get("spec") or {}).get("ports") or ()]
    else:
        entries = [(p.get("containerPort"), p.get("protocol")) for c in _pod_spec(obj).get("containers") or ()
                   for p in c.get("ports") or ()]
    for port, protocol in entries:
        found.setdefault(str(port), []).append(protocol or "TCP")
    return found


def _service(ctx, default_name, selector_text, labels_text, port_text, protocol_map):
    """createService, keys in the Go structs' order."""
    opts = ctx.opts
    if not selector_text:
        raise CmdError("selector must be specified")
    selector = parse_labels(selector_text)
    labels = parse_labels(labels_text) if labels_text else None
    name = opts["name"] or default_name
    ports = []
    numbers = port_text.split(",") if port_text else []
    for i, text in enumerate(numbers):
        try:
            number = int(text, 10)
        except ValueError:
            raise CmdError(f'strconv.Atoi: parsing "{text}": invalid syntax')
        port_name = f"port-{i + 1}" if len(numbers) > 1 else ""
        protocol = opts["protocol"]
        if not protocol:
            found = protocol_map.get(text, [])
            if len(found) > 1:
                for each in found:
                    ports.append(_port(f"port-{i + 1}-{each.lower()}", each, number))
                continue
            protocol = found[0] if found else "TCP"
        ports.append(_port(port_name, protocol, number))
    target = opts["target-port"]
    for p in ports:
        p["targetPort"] = (int(target) if target.isdigit() else target) if target else p["port"]
    meta = {"name": name, "creationTimestamp": None}
    if labels:
        meta["labels"] = labels
    spec = {"ports": ports, "selector": selector}
    if opts["cluster-ip"]:
        spec["clusterIP"] = opts["cluster-ip"]
    if opts["type"]:
        spec["type"] = opts["type"]
    if opts["external-ip"]:
        spec["externalIPs"] = [opts["external-ip"]]
    if opts["session-affinity"]:
        if opts["session-affinity"] not in ("None", "ClientIP"):
            raise CmdError(f"unknown session affinity: {opts['session-affinity']}")
        spec["sessionAffinity"] = opts["session-affinity"]
    if opts["type"] == "LoadBalancer" and opts["load-balancer-ip"]:
        spec["loadBalancerIP"] = opts["load-balancer-ip"]
    return {"kind": "Service", "apiVersion": "v1", "metadata": meta, "spec": spec, "status": {"loadBalancer": {}}}


def _port(name, protocol, number):
    port = {"name": name} if name else {}
    port.update(protocol=protocol, port=number)
    return port


def _override(ctx, service):
    text = ctx.opts["overrides"]
    if not text:
        return service
    try:
        patch = json.loads(text)
    except ValueError:
        raise CmdError("invalid JSON document" if ctx.opts["override-type"] == "strategic" else "Invalid JSON Patch")
    kind = {"json": patches.JSON_PATCH, "merge": patches.MERGE_PATCH,
            "strategic": patches.STRATEGIC_MERGE_PATCH}.get(ctx.opts["override-type"], patches.MERGE_PATCH)
    try:
        result = patches.apply_patch(service, patch, kind, ctx.api.resource("services"))
    except ApiError as e:
        raise CmdError(e.message)
    meta = dict(result.get("metadata") or {}, creationTimestamp=None)
    result["metadata"] = {k: meta[k] for k in OBJECT_META if k in meta}
    return result


def _print(ctx, output, service, dry_run, sort_keys):
    resource = ctx.api.resource("services")
    if output.kind:
        ctx.io.write(output.render(service, lambda o: resource, sort_keys=sort_keys))
    else:
        ctx.io.write(f"service/{service['metadata']['name']} exposed{builder.DRY_RUN_SUFFIX[dry_run]}\n")


COMMAND = Command("expose", run, FLAGS)
