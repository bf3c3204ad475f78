"""The RBAC authorizer (plugin/pkg/auth/authorizer/rbac): which ClusterRoleBindings and RoleBindings
apply to a user, the rules they grant (aggregated ClusterRoles included) and whether a request is allowed."""
import weakref

from .selectors import from_label_selector, matches

PRIVILEGED_GROUP = "system:masters"  # allowed everything before RBAC is asked
RBAC_GROUP = "rbac.authorization.k8s.io"


def impersonated(name, groups=()):
    """The user an `--as`/`--as-group` request acts as (the apiserver's impersonation filter)."""
    groups = list(groups)
    parts = name.split(":")
    if not groups and len(parts) == 4 and parts[:2] == ["system", "serviceaccount"]:
        groups = ["system:serviceaccounts", f"system:serviceaccounts:{parts[2]}"]
    if name != "system:anonymous" and not {"system:authenticated", "system:unauthenticated"} & set(groups):
        groups.append("system:authenticated")
    return {"username": name, "groups": groups}


def _applies(subject, user, namespace):
    kind, name = subject.get("kind"), subject.get("name")
    if kind == "User":
        return user["username"] == name
    if kind == "Group":
        return name in user["groups"]
    if kind == "ServiceAccount":
        sa_namespace = subject.get("namespace") or namespace
        return bool(sa_namespace) and user["username"] == f"system:serviceaccount:{sa_namespace}:{name}"
    return False


def role_rules(roles, name, seen=()):
    """A ClusterRole's rules; an aggregated one has those of every ClusterRole its selectors match,
    as the clusterrole-aggregation controller would have written them."""
    role = roles.get(name)
    if role is None or name in seen:
        return []
    aggregation = role.get("aggregationRule")
    if not aggregation:
        return list(role.get("rules") or [])
    rules = []
    for selector in aggregation.get("clusterRoleSelectors") or []:
        reqs = from_label_selector(selector)
        for other in sorted(roles):
            if other != name and matches(reqs, roles[other]["metadata"].get("labels") or {}):
                rules += [r for r in role_rules(roles, other, seen + (name,)) if r not in rules]
    return rules


class _Snapshot:
    """The cluster-wide RBAC objects as the authorizer's informers hold them, each ClusterRole's rules resolved
    once, and each namespace's Roles and RoleBindings read when first asked (again once they change)."""

    def __init__(self, api):
        self.api = api
        self.cluster_roles = {r["metadata"]["name"]: r for r in api.list("clusterroles")["items"]}
        self.cluster_bindings = api.list("clusterrolebindings")["items"]
        self._rules, self._namespaces = {}, {}

    def cluster_role_rules(self, name):
        if name not in self._rules:
            self._rules[name] = role_rules(self.cluster_roles, name)
        return self._rules[name]

    def namespace(self, namespace):
        key = (_versions(self.api, "roles", namespace), _versions(self.api, "rolebindings", namespace))
        cached = self._namespaces.get(namespace)
        if cached is None or cached[0] != key or None in key:
            roles = {r["metadata"]["name"]: r for r in self.api.list("roles", namespace)["items"]}
            cached = key, roles, self.api.list("rolebindings", namespace)["items"]
            self._namespaces[namespace] = cached
        return cached[1], cached[2]


_SNAPSHOTS = weakref.WeakKeyDictionary()  # server -> (the versions it was read at, its _Snapshot)


def _versions(api, plural, namespace=None):
    """The (namespace, name, resourceVersion)s of one RBAC kind in the server's watch cache (of one namespace
    for Roles and RoleBindings): whether a snapshot is stale, known without decoding anything; None when
    `api` has no such cache."""
    caches = getattr(api, "caches", None)
    if caches is None:
        return None
    cache = caches[api.registry.storage(api.resource(plural))]
    refs = cache.objects if namespace is None else cache.by_namespace.get(namespace, {})
    return tuple((ref, cache.objects[ref].resource_version) for ref in refs)


def _snapshot(api):
    key = _versions(api, "clusterroles"), _versions(api, "clusterrolebindings")
    if None in key:
        return _Snapshot(api)
    cached = _SNAPSHOTS.get(api)
    if cached is None or cached[0] != key:
        cached = key, _Snapshot(api)
        _SNAPSHOTS[api] = cached
    return cached[1]


def visit_rules(api, user, namespace=""):
    """VisitRulesFor: (source, rule, error) for every rule granted to `user` cluster-wide and, given a
    namespace, in it; a binding whose role is missing gives its lister's NotFound text as the error."""
    snapshot = _snapshot(api)
    for binding in snapshot.cluster_bindings:
        subject = next((s for s in binding.get("subjects") or [] if _applies(s, user, "")), None)
        if subject is None:
            continue
        ref = binding["roleRef"]
        if ref["name"] not in snapshot.cluster_roles:
            yield None, None, f'clusterrole.rbac.authorization.k8s.io "{ref["name"]}" not found'
            continue
        source = _describe("ClusterRoleBinding", binding["metadata"]["name"], ref, subject, "")
        for rule in snapshot.cluster_role_rules(ref["name"]):
            yield source, rule, None
    if not namespace:
        return
    roles, bindings = snapshot.namespace(namespace)
    for binding in bindings:
        subject = next((s for s in binding.get("subjects") or [] if _applies(s, user, namespace)), None)
        if subject is None:
            continue
        ref = binding["roleRef"]
        if ref.get("kind") == "ClusterRole":
            found = ref["name"] in snapshot.cluster_roles
            rules = snapshot.cluster_role_rules(ref["name"]) if found else None
            missing = f'clusterrole.rbac.authorization.k8s.io "{ref["name"]}" not found'
        else:
            rules = list(roles[ref["name"]].get("rules") or []) if ref["name"] in roles else None
            missing = f'role.rbac.authorization.k8s.io "{ref["name"]}" not found'
        if rules is None:
            yield None, None, missing
            continue
        source = _describe("RoleBinding", f'{binding["metadata"]["name"]}/{namespace}', ref, subject, namespace)
        for rule in rules:
            yield source, rule, None


def _describe(kind, name, ref, subject, namespace):
    """The binding describers' String(): `ClusterRoleBinding "x" of ClusterRole "y" to User "jane"`."""
    who = subject.get("name", "")
    if subject.get("kind") == "ServiceAccount":
        who += "/" + (subject.get("namespace") or namespace)
    return f'{kind} "{name}" of {ref.get("kind", "")} "{ref["name"]}" to {subject.get("kind", "")} "{who}"'


def rules_for(api, user, namespace=""):
    """Every rule granted to `user` cluster-wide and, given a namespace, in it (VisitRulesFor's order)."""
    return [rule for _, rule, _ in visit_rules(api, user, namespace) if rule is not None]


def _has(values, value):
    return "*" in values or value in values


def _resource_matches(rule, resource, subresource):
    combined = f"{resource}/{subresource}" if subresource else resource
    for r in rule.get("resources") or []:
        if r in ("*", combined) or (subresource and r == f"*/{subresource}"):
            return True
    return False


def _url_matches(rule, path):
    for url in rule.get("nonResourceURLs") or []:
        if url in ("*", path) or (url.endswith("*") and path.startswith(url[:-1])):
            return True
    return False


def rule_allows(rule, attrs):
    """RuleAllows for a resource request (verb, group, resource, subresource, name) or a non-resource one (path)."""
    if not _has(rule.get("verbs") or [], attrs["verb"]):
        return False
    if "path" in attrs:
        return _url_matches(rule, attrs["path"])
    names = rule.get("resourceNames") or []
    return (_has(rule.get("apiGroups") or [], attrs.get("group", ""))
            and _resource_matches(rule, attrs.get("resource", ""), attrs.get("subresource", ""))
            and (not names or attrs.get("name", "") in names))


def authorize(api, user, attrs):
    """Whether `user` may do `attrs` (its namespace "" for a cluster-wide request)."""
    return decide(api, user, attrs)[0]


def decide(api, user, attrs):
    """(allowed, reason) as the privileged-group and RBAC authorizers answer: the reason names the binding
    that allowed it, or the rule resolution errors met on the way to a denial ("" when none)."""
    if PRIVILEGED_GROUP in user["groups"]:
        return True, ""
    namespace = "" if "path" in attrs else attrs.get("namespace", "")
    problems = []
    for source, rule, error in visit_rules(api, user, namespace):
        if rule is not None and rule_allows(rule, attrs):
            return True, f"RBAC: allowed by {source}"
        if error:
            problems.append(error)
    if not problems:
        return False, ""
    return False, "RBAC: " + (problems[0] if len(problems) == 1 else "[" + ", ".join(problems) + "]")
