"""`kubectl create ingress` (--rule host/path=svc:port[,tls[=secret]], --class, --default-backend,
--annotation), `create quota` (--hard, --scopes), `create priorityclass`, `create poddisruptionbudget`
(--selector with --min-available or --max-unavailable) and `create token` (serviceaccounts/token)."""
import re

from ...api import quantity, selectors
from ...api.errors import ApiError
from .. import durations, printers
from ..errors import CmdError, RawError
from ..flags import Flag
from . import Command
from .create import common_flags, create_generated, exactly_one_name
from .create_common import complete, metadata

RULE = re.compile(r"^(?P<host>[\w\*\-\.]*)(?P<path>/.*)=(?P<svcname>[\w\-]+):(?P<svcport>[\w\-]+)"
                  r"(,(?P<istls>tls)=?(?P<secretname>[\w\-]+)?)?", re.ASCII)


def _atoi(text):
    """strconv.Atoi, or None."""
    if re.fullmatch(r"[+-]?[0-9]+", text) and -(1 << 63) <= int(text) < (1 << 63):
        return int(text)
    return None


def _backend(service):
    """buildIngressBackendSvc: `name:port`, the port a number or a port name."""
    name, port = service.split(":")[0], service.split(":")[1]
    number = _atoi(port)
    port = ({"number": number} if number else {}) if number is not None else {"name": port}
    return {"service": {"name": name, "port": port}}


def _path(text):
    """buildHTTPIngressPath: a trailing `*` makes the path a Prefix, otherwise it is Exact."""
    parts = text.split("=")
    path, path_type = "/" + parts[0], "Exact"
    if path.endswith("*"):
        path, path_type = path[:-1], "Prefix"
    entry = {"path": path} if path else {}
    entry.update(pathType=path_type, backend=_backend(parts[1]))
    return entry


def _tls(rules):
    """buildTLSRules: hosts grouped by secret, each host once."""
    out, seen = [], set()
    for rule in rules:
        parts = rule.split(",")
        if len(parts) != 2:
            continue
        host = rule.split("/", 1)[0]
        secret_parts = parts[1].split("=")
        secret = secret_parts[1] if len(secret_parts) > 1 else ""
        if host in seen:
            continue
        seen.add(host)
        same = next((t for t in out if t.get("secretName", "") == secret), None)
        if same is not None:
            same.setdefault("hosts", []).append(host)
            continue
        entry = {}
        if host:
            entry["hosts"] = [host]
        if secret:
            entry["secretName"] = secret
        if entry:
            out.append(entry)
    return out


def _rules(rules):
    """buildIngressRules: one rule per host, its paths in the order given."""
    out = []
    for rule in rules:
        host, path = rule.split(",")[0].split("/", 1)
        found = next((r for r in out if r.get("host", "") == host), None)
        if found is not None:
            found["http"]["paths"].append(_path(path))
            continue
        entry = {"host": host} if host else {}
        entry["http"] = {"paths": [_path(path)]}
        out.append(entry)
    return out


def run_ingress(ctx):
    opts = ctx.opts
    name = exactly_one_name(ctx)
    complete(ctx)
    rules, backend = opts["rule"], opts["default-backend"]
    if not backend and not rules:
        raise CmdError("not enough information provided: every ingress has to either specify a default-backend "
                       "(which catches all traffic) or a list of rules (which catch specific paths)")
    for rule in rules:
        if not RULE.match(rule):
            raise CmdError(f"rule {rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]")
    for annotation in opts["annotation"]:
        if "=" not in annotation:
            raise CmdError(f"annotation {annotation} is invalid and should be in format key=[value]")
    if backend and len(backend.split(":")) != 2:
        raise CmdError("default-backend should be in format servicename:serviceport")
    annotations = dict(sorted(dict(a.split("=", 1) for a in opts["annotation"]).items()))
    spec = {}
    if opts["class"]:
        spec["ingressClassName"] = opts["class"]
    if backend:
        spec["defaultBackend"] = _backend(backend)
    tls, built = _tls(rules), _rules(rules)
    if tls:
        spec["tls"] = tls
    if built:
        spec["rules"] = built
    obj = {"kind": "Ingress", "apiVersion": "networking.k8s.io/v1",
           "metadata": metadata(ctx, name, annotations=annotations), "spec": spec, "status": {"loadBalancer": {}}}
    return create_generated(ctx, "ingresses.networking.k8s.io", obj, failure="failed to create ingress")


def _hard(spec):
    """populateResourceListV1: `name=quantity` pairs, the quantities in canonical form."""
    result = {}
    for statement in spec.split(",") if spec else []:
        parts = statement.split("=")
        if len(parts) != 2:
            raise CmdError(f"Invalid argument syntax {statement}, expected <resource>=<value>")
        try:
            result[parts[0]] = quantity.canonical(quantity.parse(parts[1]))
        except quantity.QuantityError as e:
            raise CmdError(str(e))
    return dict(sorted(result.items()))


def _scopes(spec):
    scopes = spec.split(",") if spec else []
    if "" in scopes:
        raise CmdError('invalid resource quota scope ""')
    return scopes


def run_quota(ctx):
    opts = ctx.opts
    name = exactly_one_name(ctx)
    complete(ctx)
    hard, scopes = _hard(opts["hard"]), _scopes(opts["scopes"])
    spec = {}
    if hard:
        spec["hard"] = hard
    if scopes:
        spec["scopes"] = scopes
    obj = {"kind": "ResourceQuota", "apiVersion": "v1", "metadata": metadata(ctx, name), "spec": spec, "status": {}}
    return create_generated(ctx, "resourcequotas", obj, failure="failed to create quota")


def run_priorityclass(ctx):
    opts = ctx.opts
    name = exactly_one_name(ctx)
    complete(ctx)
    obj = {"kind": "PriorityClass", "apiVersion": "scheduling.k8s.io/v1",
           "metadata": metadata(ctx, name, namespaced=False), "value": opts["value"]}
    if opts["global-default"]:
        obj["globalDefault"] = True
    if opts["description"]:
        obj["description"] = opts["description"]
    obj["preemptionPolicy"] = opts["preemption-policy"]
    return create_generated(ctx, "priorityclasses.scheduling.k8s.io", obj, failure="failed to create priorityclass")


def label_selector(text):
    """metav1.ParseToLabelSelector: equalities become matchLabels, set operations matchExpressions."""
    try:
        requirements = selectors.parse_label_selector(text)
    except selectors.SelectorError as e:
        raise CmdError(f'couldn\'t parse the selector string "{text}": {e}')
    labels, expressions = {}, []
    operators = {"in": "In", "notin": "NotIn", "exists": "Exists", "!": "DoesNotExist"}
    for key, op, values in sorted(requirements, key=lambda r: r[0]):
        if op == "=":
            labels[key] = values[0]
        elif op in operators:
            expression = {"key": key, "operator": operators[op]}
            if values:
                expression["values"] = sorted(set(values))
            expressions.append(expression)
        else:
            raise CmdError(f'"{op}" is not a valid label selector operator')
    selector = {}
    if labels:
        selector["matchLabels"] = dict(sorted(labels.items()))
    if expressions:
        selector["matchExpressions"] = expressions
    return selector


def _int_or_string(text):
    number = _atoi(text)
    return text if number is None else number


def run_pdb(ctx):
    opts = ctx.opts
    name = exactly_one_name(ctx)
    complete(ctx)
    selector, low, high = opts["selector"], opts["min-available"], opts["max-unavailable"]
    if not selector:
        raise CmdError("a selector must be specified")
    if not low and not high:
        raise CmdError("one of min-available or max-unavailable must be specified")
    if low and high:
        raise CmdError("min-available and max-unavailable cannot be both specified")
    for flag, value in (("min-available", low), ("max-unavailable", high)):
        if value and not re.fullmatch(r"[0-9]+%?", value):
            raise CmdError(f"invalid format specified for {flag}")
    spec = {}
    if low:
        spec["minAvailable"] = _int_or_string(low)
    spec["selector"] = label_selector(selector)
    if high:
        spec["maxUnavailable"] = _int_or_string(high)
    obj = {"kind": "PodDisruptionBudget", "apiVersion": "policy/v1", "metadata": metadata(ctx, name), "spec": spec,
           "status": {"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0, "expectedPods": 0}}
    return create_generated(ctx, "poddisruptionbudgets.policy", obj, failure="failed to create poddisruptionbudgets")


INGRESS = Command("ingress", run_ingress, common_flags() + [
    Flag("class"), Flag("rule", kind="array"), Flag("default-backend"), Flag("annotation", kind="array")])
QUOTA = Command("quota", run_quota, common_flags() + [Flag("hard"), Flag("scopes")])
PRIORITYCLASS = Command("priorityclass", run_priorityclass, common_flags() + [
    Flag("value", kind="int32"), Flag("global-default", kind="bool"), Flag("description"),
    Flag("preemption-policy", default="PreemptLowerPriority")])
PDB = Command("poddisruptionbudget", run_pdb, common_flags() + [
    Flag("min-available"), Flag("max-unavailable"), Flag("selector")])


BOUND_KINDS = "Node, Pod, Secret"


def _token_duration(ctx):
    try:
        return durations.seconds(ctx.opts["duration"])
    except ValueError as e:
        raise RawError(f'Error: invalid argument "{ctx.opts["duration"]}" for "--duration" flag: {e}\n'
                       f"See '{ctx.path} --help' for usage.")


def _token_request(opts, duration):
    """TokenOptions.Validate and the TokenRequest kubectl sends."""
    if duration < 0:
        raise CmdError("--duration must be greater than or equal to 0")
    if duration != int(duration):
        raise CmdError("--duration cannot be expressed in units less than seconds")
    if "" in opts["audience"]:
        raise CmdError("--audience must not be an empty string")
    kind, name, uid = opts["bound-object-kind"], opts["bound-object-name"], opts["bound-object-uid"]
    if not kind:
        if name:
            raise CmdError("--bound-object-name can only be set if --bound-object-kind is provided")
        if uid:
            raise CmdError("--bound-object-uid can only be set if --bound-object-kind is provided")
    else:
        if kind not in BOUND_KINDS.split(", "):
            raise CmdError(f"supported --bound-object-kind values are {BOUND_KINDS}")
        if not name:
            raise CmdError("--bound-object-name is required if --bound-object-kind is provided")
    spec = {"audiences": list(opts["audience"]) or None}
    if duration > 0:
        spec["expirationSeconds"] = int(duration)
    if kind:
        spec["boundObjectRef"] = {"kind": kind, "apiVersion": "v1", "name": name}
        if uid:
            spec["boundObjectRef"]["uid"] = uid
    return {"kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1", "metadata": {"creationTimestamp": None},
            "spec": spec, "status": {}}


def run_token(ctx):
    """A service account token from the serviceaccounts/token subresource (the simulated apiserver
    mints a JWT-shaped token with a fake signature); printed bare, as kubectl does into a pipe."""
    opts = ctx.opts
    duration = _token_duration(ctx)
    name = exactly_one_name(ctx)
    namespace = ctx.namespace
    output = printers.OutputFormat.parse(opts["output"], printers.GENERIC_FORMATS)
    request = _token_request(opts, duration)
    try:
        response = ctx.api.create("serviceaccounts", request, namespace=namespace, subresource="token", name=name)
    except ApiError as e:
        raise CmdError(f"failed to create token: {e.message}")
    token = (response.get("status") or {}).get("token")
    if not token:
        raise CmdError("failed to create token: no token in server response")
    ctx.io.write(output.render(response, lambda o: None, sort_keys=False) if opts["output"] else token)
    return 0


TOKEN = Command("token", run_token, [
    Flag("output", "o"), Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("show-managed-fields", kind="bool"), Flag("template"), Flag("audience", kind="array"),
    Flag("duration", default="0s"), Flag("bound-object-kind"), Flag("bound-object-name"), Flag("bound-object-uid")])
