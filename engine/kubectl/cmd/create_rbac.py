"""`kubectl create role|clusterrole` (one rule per API group from --verb/--resource/--resource-name,
--non-resource-url, --aggregation-rule), `create rolebinding|clusterrolebinding` and
`create serviceaccount`, with kubectl's checks and warnings."""
from ..errors import CmdError
from ..flags import Flag
from . import Command
from .create import common_flags, create_generated, exactly_one_name
from .create_common import complete, flag_error, metadata, missing_flags, required_flags_error

RBAC = "rbac.authorization.k8s.io"
RESOURCE_VERBS = ["*", "get", "delete", "list", "create", "update", "patch", "watch", "proxy", "deletecollection",
                  "use", "bind", "escalate", "impersonate"]
NON_RESOURCE_VERBS = ["*", "get", "post", "put", "delete", "patch", "head", "options"]
SPECIAL_VERBS = {
    "use": [("policy", "podsecuritypolicies"), ("extensions", "podsecuritypolicies")],
    "bind": [(RBAC, "roles"), (RBAC, "clusterroles")],
    "escalate": [(RBAC, "roles"), (RBAC, "clusterroles")],
    "impersonate": [("", "users"), ("", "serviceaccounts"), ("", "groups"), ("authentication.k8s.io", "userextras")],
}


def _unique(values):
    return list(dict.fromkeys(values))


def _verbs(values):
    return ["*"] if "*" in values else _unique(values)


def _resources(values):
    """(resource, group, subresource) per --resource; a bare `*` stands for every resource."""
    out = []
    for value in values:
        base, _, sub = value.partition("/")
        resource, _, group = base.partition(".")
        if resource == "*" and "." not in base and "/" not in value:
            return [("*", "", "")]
        out.append((resource, group, sub))
    return out


class UnknownResource(CmdError):
    pass


def _resolve(api, resource, group):
    """RESTMapper.ResourceFor: (group, plural) of a served resource, or UnknownResource."""
    found = api.registry.lookup(f"{resource}.{group}" if group else resource) if resource else None
    if found is None or (group and found.group != group):
        raise UnknownResource(f"no matches for {group}/, Resource={resource}")
    return found.group, found.plural


def _validate_resources(ctx, verbs, resources):
    for resource, group, _ in resources:
        if not resource:
            raise CmdError("resource must be specified if apiGroup/subresource specified")
        if resource == "*":
            return
        err = None
        try:
            group, resource = _resolve(ctx.api, resource, group)
        except UnknownResource as e:
            err = e
        for verb in verbs:
            if verb in SPECIAL_VERBS:
                if (group, resource) not in SPECIAL_VERBS[verb]:
                    raise CmdError(f"can not perform '{verb}' on '{resource}' in group '{group}'")
                err = None
        if err:
            raise err


def _warn_verbs(ctx, verbs):
    for verb in verbs:
        if verb not in RESOURCE_VERBS:
            ctx.io.error(f"Warning: '{verb}' is not a standard resource verb\n")


def policy_rules(ctx, verbs, resources, names, urls):
    """generateResourcePolicyRules: one rule per API group (sorted), then the non-resource rule."""
    by_group = {}
    for resource, group, sub in resources:
        try:
            group, resource = _resolve(ctx.api, resource, group)
        except UnknownResource:
            pass
        if sub:
            resource = f"{resource}/{sub}"
        listed = by_group.setdefault(group, [])
        if resource not in listed:
            listed.append(resource)
    rules = []
    for group in sorted(by_group):
        rule = {"verbs": verbs, "apiGroups": [group], "resources": by_group[group]}
        if names:
            rule["resourceNames"] = names
        rules.append(rule)
    if urls:
        rules.append({"verbs": verbs, "nonResourceURLs": urls})
    return rules


def run_role(ctx):
    opts = ctx.opts
    name = exactly_one_name(ctx)
    verbs, resources, names = _verbs(opts["verb"]), _resources(opts["resource"]), _unique(opts["resource-name"])
    complete(ctx)
    if not verbs:
        raise CmdError("at least one verb must be specified")
    _warn_verbs(ctx, verbs)
    if not resources:
        raise CmdError("at least one resource must be specified")
    _validate_resources(ctx, verbs, resources)
    obj = {"kind": "Role", "apiVersion": f"{RBAC}/v1", "metadata": metadata(ctx, name),
           "rules": policy_rules(ctx, verbs, resources, names, [])}
    return create_generated(ctx, f"roles.{RBAC}", obj)


class _FlagProblem(Exception):
    """A --aggregation-rule value cliflag.MapStringString refuses."""


def _aggregation_rule(ctx):
    """cliflag.MapStringString: `k=v` pairs, comma-separated, repeatable."""
    labels = {}
    for value in ctx.opts["aggregation-rule"]:
        for pair in value.split(","):
            pair = pair.strip()
            if not pair:
                continue
            if "=" not in pair:
                raise _FlagProblem(f'invalid argument "{value}" for "--aggregation-rule" flag: '
                                   "malformed pair, expect string=string")
            key, _, val = pair.partition("=")
            labels[key.strip()] = val.strip()
    return labels


def run_clusterrole(ctx):
    opts = ctx.opts
    try:
        aggregation = _aggregation_rule(ctx)
    except _FlagProblem as e:
        return flag_error(ctx, str(e))
    urls = _unique(opts["non-resource-url"])
    name = exactly_one_name(ctx)
    verbs, resources, names = _verbs(opts["verb"]), _resources(opts["resource"]), _unique(opts["resource-name"])
    complete(ctx)
    if aggregation:
        if urls or verbs or resources or names:
            raise CmdError("aggregation rule must be specified without nonResourceURLs, verbs, resources "
                           "or resourceNames")
        obj = {"kind": "ClusterRole", "apiVersion": f"{RBAC}/v1", "metadata": metadata(ctx, name, namespaced=False),
               "rules": None,
               "aggregationRule": {"clusterRoleSelectors": [{"matchLabels": dict(sorted(aggregation.items()))}]}}
        return create_generated(ctx, f"clusterroles.{RBAC}", obj)
    _validate_clusterrole(ctx, verbs, resources, urls)
    obj = {"kind": "ClusterRole", "apiVersion": f"{RBAC}/v1", "metadata": metadata(ctx, name, namespaced=False),
           "rules": policy_rules(ctx, verbs, resources, names, urls)}
    return create_generated(ctx, f"clusterroles.{RBAC}", obj)


def _validate_clusterrole(ctx, verbs, resources, urls):
    if not verbs:
        raise CmdError("at least one verb must be specified")
    if not resources and not urls:
        raise CmdError("one of resource or nonResourceURL must be specified")
    if resources:
        _warn_verbs(ctx, verbs)
        _validate_resources(ctx, verbs, resources)
    if urls:
        for verb in verbs:
            if verb not in NON_RESOURCE_VERBS:
                raise CmdError(f"invalid verb: '{verb}' for nonResourceURL")
        for url in urls:
            if url == "*":
                continue
            if not url.startswith("/"):
                raise CmdError("nonResourceURL should start with /")
            if "*" in url[:-1]:
                raise CmdError("nonResourceURL only supports wildcard matches when '*' is at the end")


def subjects(opts):
    out = [{"kind": "User", "apiGroup": RBAC, "name": user} for user in opts["user"]]
    out += [{"kind": "Group", "apiGroup": RBAC, "name": group} for group in opts["group"]]
    for account in opts["serviceaccount"]:
        tokens = account.split(":")
        if len(tokens) != 2 or not tokens[0] or not tokens[1]:
            raise CmdError("serviceaccount must be <namespace>:<name>")
        out.append({"kind": "ServiceAccount", "name": tokens[1], "namespace": tokens[0]})
    return out


def _binding(kind, meta, role_kind, role_name, opts):
    obj = {"kind": kind, "apiVersion": f"{RBAC}/v1", "metadata": meta}
    found = subjects(opts)
    if found:
        obj["subjects"] = found
    obj["roleRef"] = {"apiGroup": RBAC, "kind": role_kind, "name": role_name}
    return obj


def run_rolebinding(ctx):
    opts = ctx.opts
    name = exactly_one_name(ctx)
    complete(ctx)
    if bool(opts["clusterrole"]) == bool(opts["role"]):
        raise CmdError("exactly one of clusterrole or role must be specified")
    role_kind, role_name = ("Role", opts["role"]) if opts["role"] else ("ClusterRole", opts["clusterrole"])
    obj = _binding("RoleBinding", metadata(ctx, name), role_kind, role_name, opts)
    return create_generated(ctx, f"rolebindings.{RBAC}", obj, failure="failed to create rolebinding")


def run_clusterrolebinding(ctx):
    opts = ctx.opts
    if missing_flags(ctx, ["clusterrole"]):
        return required_flags_error(ctx, ["clusterrole"])
    name = exactly_one_name(ctx)
    complete(ctx)
    meta = metadata(ctx, name, namespaced=False)
    obj = _binding("ClusterRoleBinding", meta, "ClusterRole", opts["clusterrole"], opts)
    return create_generated(ctx, f"clusterrolebindings.{RBAC}", obj, failure="failed to create clusterrolebinding")


def run_serviceaccount(ctx):
    name = exactly_one_name(ctx)
    complete(ctx)
    obj = {"kind": "ServiceAccount", "apiVersion": "v1", "metadata": metadata(ctx, name)}
    return create_generated(ctx, "serviceaccounts", obj, failure="failed to create serviceaccount")


RULE_FLAGS = [Flag("verb", kind="slice"), Flag("resource", kind="slice"), Flag("resource-name", kind="array")]
SUBJECT_FLAGS = [Flag("user", kind="array"), Flag("group", kind="array"), Flag("serviceaccount", kind="array")]
ROLE = Command("role", run_role, common_flags() + RULE_FLAGS)
CLUSTERROLE = Command("clusterrole", run_clusterrole, common_flags() + RULE_FLAGS + [
    Flag("non-resource-url", kind="slice"), Flag("aggregation-rule", kind="array")])
ROLEBINDING = Command("rolebinding", run_rolebinding, common_flags() + SUBJECT_FLAGS + [
    Flag("role"), Flag("clusterrole")])
CLUSTERROLEBINDING = Command("clusterrolebinding", run_clusterrolebinding, common_flags() + SUBJECT_FLAGS + [
    Flag("clusterrole")])
SERVICEACCOUNT = Command("serviceaccount", run_serviceaccount, common_flags())
