"""`kubectl auth can-i` (one check, or --list of the allowed rules) and `kubectl auth whoami`, asked as real
kubectl asks them: a SelfSubjectAccessReview, SelfSubjectRulesReview or SelfSubjectReview created as the user."""
from ..errors import CmdError, UsageError
from ..flags import Flag
from ..kubectl import help_text
from ..printers import GENERIC_FORMATS, OutputFormat
from ..printers import json as json_printer
from ..tabwriter import TabWriter
from . import Command

RESOURCE_VERBS = {"get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "use", "bind",
                  "impersonate", "*", "approve", "sign", "escalate", "attest"}
URL_VERBS = {"get", "put", "post", "head", "options", "delete", "patch", "*"}
NON_STANDARD = {"users", "groups"}  # served for `impersonate` but not discoverable


def run_auth(ctx):
    if ctx.args:
        raise CmdError(f'unknown command "{ctx.args[0]}"\nSee \'{ctx.path} -h\' for help and examples')
    ctx.io.error(help_text(ctx.path))
    return 1


def _warn(ctx, message):
    ctx.io.error(f"Warning: {message}\n")


def _resource(ctx, text):
    """resourceFor: the group and plural of a typed resource; unknown ones are checked as typed."""
    if text == "*":
        return "", "*", None
    found = ctx.api.registry.lookup(text.lower())
    if found is not None:
        return found.group, found.plural, found
    resource, _, group = text.lower().partition(".")
    if text.lower() not in NON_STANDARD:
        _warn(ctx, f"the server doesn't have a resource type '{resource}'" + (f" in group '{group}'" if group else ""))
    return "", text, None


def run_can_i(ctx):
    opts, args = ctx.opts, ctx.args
    if opts["list"]:
        if args:
            raise CmdError("list option must be specified with no arguments")
        if opts["quiet"] or opts["all-namespaces"] or opts["subresource"]:
            raise CmdError("list option can't be specified with neither quiet, all-namespaces nor subresource options")
        return _list(ctx)
    if len(args) != 2:
        raise CmdError("you must specify two arguments: verb resource or verb resource/resourceName.\n"
                       "See 'kubectl auth can-i -h' for help and examples.")
    verb, target = args
    namespace = "" if opts["all-namespaces"] else ctx.namespace
    if target.startswith("/"):
        if opts["subresource"]:
            raise CmdError("--subresource can not be used with NonResourceURL")
        if verb not in URL_VERBS:
            _warn(ctx, f"verb '{verb}' is not a known verb")
        attrs = {"verb": verb, "path": target}
    else:
        typed, _, name = target.partition("/")
        group, plural, found = _resource(ctx, typed)
        if found is not None and not found.namespaced and not opts["all-namespaces"]:
            _warn(ctx, f"resource '{plural}' is not namespace scoped" + (f" in group '{group}'" if group else ""))
        if verb not in RESOURCE_VERBS and not opts["all-namespaces"]:
            _warn(ctx, f"verb '{verb}' is not a known verb")
        attrs = {"verb": verb, "group": group, "resource": plural, "subresource": opts["subresource"],
                 "name": name, "namespace": namespace}
    if opts["no-headers"]:
        raise CmdError("--no-headers cannot be set without --list specified")
    if "path" in attrs:
        spec = {"nonResourceAttributes": {"path": attrs["path"], "verb": verb}}
    else:
        spec = {"resourceAttributes": {k: v for k, v in attrs.items() if v}}
    review = ctx.api.create("selfsubjectaccessreviews", {
        "kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1", "metadata": {}, "spec": spec})
    status = review.get("status") or {}
    if not opts["quiet"]:
        text = "yes" if status.get("allowed") else "no" + "".join(
            f" - {status[k]}" for k in ("reason", "evaluationError") if status.get(k))
        ctx.io.write(text + "\n")
    return 0 if status.get("allowed") else 1


def _list(ctx):
    """A SelfSubjectRulesReview of the namespace, broken down, compacted and sorted as kubectl prints it."""
    review = ctx.api.create("selfsubjectrulesreviews", {
        "kind": "SelfSubjectRulesReview", "apiVersion": "authorization.k8s.io/v1", "metadata": {},
        "spec": {"namespace": ctx.namespace}})
    status = review.get("status") or {}
    if status.get("incomplete"):
        _warn(ctx, f"the list may be incomplete: {status.get('evaluationError', '')}")
    resource_rules = status.get("resourceRules") or []
    url_rules = status.get("nonResourceRules") or []
    broken = []
    for r in resource_rules + url_rules:
        broken += _breakdown(r)
    w = TabWriter(minwidth=6, padding=3)
    if not ctx.opts["no-headers"]:
        w.write("Resources\tNon-Resource URLs\tResource Names\tVerbs\n")
    for r in sorted(_compact(broken), key=_rule_string):
        w.write(f"{_combine(r.get('resources', []), r.get('apiGroups', []))}\t{_go(r.get('nonResourceURLs'))}\t"
                f"{_go(r.get('resourceNames'))}\t{_go(r.get('verbs'))}\n")
    ctx.io.write(w.getvalue())
    return 0


def _breakdown(rule):
    """rbacutil.BreakdownRule: one group, resource, verb and name per rule."""
    out = []
    for group in rule.get("apiGroups") or []:
        for resource in rule.get("resources") or []:
            for verb in rule.get("verbs") or []:
                for name in rule.get("resourceNames") or [None]:
                    r = {"apiGroups": [group], "resources": [resource], "verbs": [verb]}
                    if name is not None:
                        r["resourceNames"] = [name]
                    out.append(r)
    for url in rule.get("nonResourceURLs") or []:
        for verb in rule.get("verbs") or []:
            out.append({"nonResourceURLs": [url], "verbs": [verb]})
    return out


def _compact(rules):
    """rbacutil.CompactRules: rules on one group/resource/name merge their verbs."""
    simple, compacted = {}, []
    for r in rules:
        if r.get("nonResourceURLs"):
            compacted.append(r)
            continue
        key = (r["apiGroups"][0], r["resources"][0], tuple(r.get("resourceNames") or ()))
        if key in simple:
            simple[key]["verbs"] += [v for v in r["verbs"] if v not in simple[key]["verbs"]]
        else:
            simple[key] = dict(r, verbs=list(r["verbs"]))
    return compacted + list(simple.values())


def _go(values):
    return "[" + " ".join(values or []) + "]"


def _rule_string(r):
    """PolicyRule.String(), the key SortableRuleSlice sorts by."""
    return (f"&PolicyRule{{Verbs:{_go(r.get('verbs'))},APIGroups:{_go(r.get('apiGroups'))},"
            f"Resources:{_go(r.get('resources'))},ResourceNames:{_go(r.get('resourceNames'))},"
            f"NonResourceURLs:{_go(r.get('nonResourceURLs'))},}}").encode()


def _combine(resources, groups):
    """describe.CombineResourceGroup: `deployments.apps/scale`."""
    if not resources:
        return ""
    resource, _, sub = resources[0].partition("/")
    if groups and groups[0]:
        resource += "." + groups[0]
    return resource + ("/" + sub if sub else "")


def run_whoami(ctx):
    if ctx.args:
        raise UsageError(f"unexpected arguments: [{' '.join(ctx.args)}]\nSee '{ctx.path} -h' for help and examples")
    fmt = OutputFormat.parse(ctx.opts["output"], GENERIC_FORMATS)
    review = ctx.api.create("selfsubjectreviews", {"kind": "SelfSubjectReview",
                                                   "apiVersion": "authentication.k8s.io/v1", "metadata": {}})
    info = (review.get("status") or {}).get("userInfo") or {}
    if fmt.kind == "json":
        ctx.io.write(json_printer.dumps(review, sort_keys=False))
    elif fmt.kind:
        ctx.io.write(fmt.render(review))
    else:
        w = TabWriter(minwidth=6, padding=3)
        w.write("ATTRIBUTE\tVALUE\n")
        for label, key in (("Username", "username"), ("UID", "uid")):
            if info.get(key):
                w.write(f"{label}\t{info[key]}\n")
        if info.get("groups"):
            w.write(f"Groups\t{_go(info['groups'])}\n")
        for key in sorted(info.get("extra") or {}):
            w.write(f"Extra: {key}\t{_go(info['extra'][key])}\n")
        ctx.io.write(w.getvalue())
    return 0


CAN_I = Command("can-i", run_can_i, [
    Flag("all-namespaces", "A", "bool"), Flag("quiet", "q", "bool"), Flag("subresource"), Flag("list", kind="bool"),
    Flag("no-headers", kind="bool")])
WHOAMI = Command("whoami", run_whoami, [
    Flag("output", "o"), Flag("allow-missing-template-keys", kind="bool", default=True), Flag("template"),
    Flag("show-managed-fields", kind="bool")])
COMMAND = Command("auth", run_auth, subcommands={"can-i": CAN_I, "whoami": WHOAMI})
