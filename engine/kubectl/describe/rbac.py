"""`kubectl describe` for ServiceAccounts and the RBAC kinds (Role and ClusterRole with their rules broken
down and compacted as kubectl's pkg/util/rbac does, RoleBinding, ClusterRoleBinding), as describe.go lays them out."""
from ...api.errors import ApiError
from .storage import go_list
from .writer import annotations_multiline, events_table, labels_multiline

SA_NAME = "kubernetes.io/service-account.name"
SA_UID = "kubernetes.io/service-account.uid"
EMPTY_HEADER = "                   "
# sorted as kubectl sorts the headers (sets.StringKeySet(...).List())
HEADERS = ("Image pull secrets:", "Mountable secrets: ", "Tokens:            ")


def describe_serviceaccount(w, sa, events, api):
    meta = sa["metadata"]
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    tokens, missing = [], set()
    try:
        secrets = api.list("secrets", meta.get("namespace"))["items"]
    except ApiError:  # kubectl describes the account anyway, without tokens
        secrets = None
    if secrets is not None:
        for s in secrets:
            annotations = s["metadata"].get("annotations") or {}
            if (s.get("type") == "kubernetes.io/service-account-token" and annotations.get(SA_NAME) == meta["name"]
                    and annotations.get(SA_UID) == meta.get("uid")):
                tokens.append(s["metadata"]["name"])
        existing = {s["metadata"]["name"] for s in secrets}
        missing = {ref.get("name", "") for ref in (sa.get("secrets") or []) + (sa.get("imagePullSecrets") or [])
                   if ref.get("name", "") not in existing}
    names = dict(zip(HEADERS, ([ref.get("name", "") for ref in sa.get("imagePullSecrets") or ()],
                               [ref.get("name", "") for ref in sa.get("secrets") or ()], tokens)))
    for header in HEADERS:
        if not names[header]:
            w.write(0, f"{header}\t<none>\n")
        prefix = header
        for name in names[header]:
            w.write(0, f"{prefix}\t{name} (not found)\n" if name in missing else f"{prefix}\t{name}\n")
            prefix = EMPTY_HEADER
    if events is not None:
        events_table(w, events)


def breakdown(rule):
    """rbac.BreakdownRule: one rule per group x resource x verb (x resource name), then per URL x verb."""
    rules = []
    for group in rule.get("apiGroups") or ():
        for resource in rule.get("resources") or ():
            for verb in rule.get("verbs") or ():
                for name in rule.get("resourceNames") or [None]:
                    rules.append({"apiGroups": [group], "resources": [resource], "verbs": [verb],
                                  "resourceNames": [name] if name is not None else []})
    for url in rule.get("nonResourceURLs") or ():
        for verb in rule.get("verbs") or ():
            rules.append({"nonResourceURLs": [url], "verbs": [verb]})
    return rules


def compact(rules):
    """rbac.CompactRules: rules on one group/resource (and name) merge their verbs; URL rules stay apart."""
    compacted, simple = [], {}
    for rule in rules:
        if rule.get("nonResourceURLs"):
            compacted.append(rule)
            continue
        key = (rule["apiGroups"][0], rule["resources"][0], tuple(rule["resourceNames"]))
        if key in simple:
            simple[key]["verbs"] += [v for v in rule["verbs"] if v not in simple[key]["verbs"]]
        else:
            simple[key] = {**rule, "verbs": list(rule["verbs"])}
    return compacted + list(simple.values())


def _rule_string(rule):
    """PolicyRule.String() (generated protobuf code), the key kubectl sorts rules by."""
    return (f"&PolicyRule{{Verbs:{go_list(rule.get('verbs'))},APIGroups:{go_list(rule.get('apiGroups'))},"
            f"Resources:{go_list(rule.get('resources'))},ResourceNames:{go_list(rule.get('resourceNames'))},"
            f"NonResourceURLs:{go_list(rule.get('nonResourceURLs'))},}}")


def combine_resource_group(resources, groups):
    """CombineResourceGroup: `deployments.apps/scale` from [deployments/scale] and [apps]."""
    if not resources:
        return ""
    resource, slash, sub = resources[0].partition("/")
    if groups and groups[0]:
        resource += "." + groups[0]
    return resource + slash + sub


def describe_role(w, role, events, api):
    """Role and ClusterRole: the rules broken down, compacted and sorted; no events."""
    meta = role["metadata"]
    rules = compact([r for rule in role.get("rules") or () for r in breakdown(rule)])
    rules.sort(key=_rule_string)
    w.write(0, f"Name:\t{meta['name']}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "PolicyRule:\n")
    w.write(1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n")
    w.write(1, "---------\t-----------------\t--------------\t-----\n")
    for r in rules:
        cells = [combine_resource_group(r.get("resources"), r.get("apiGroups"))]
        cells += [go_list(r.get(key)) for key in ("nonResourceURLs", "resourceNames", "verbs")]
        w.write(1, "\t".join(cells) + "\n")


def describe_binding(w, binding, events, api):
    """RoleBinding and ClusterRoleBinding: the role and the subjects; no events."""
    meta, ref = binding["metadata"], binding.get("roleRef") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "Role:\n")
    w.write(1, f"Kind:\t{ref.get('kind', '')}\n")
    w.write(1, f"Name:\t{ref.get('name', '')}\n")
    w.write(0, "Subjects:\n")
    w.write(1, "Kind\tName\tNamespace\n")
    w.write(1, "----\t----\t---------\n")
    for s in binding.get("subjects") or ():
        w.write(1, f"{s.get('kind', '')}\t{s.get('name', '')}\t{s.get('namespace', '')}\n")
