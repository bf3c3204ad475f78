"""`kubectl describe` for ConfigMaps, Secrets and Namespaces (with their ResourceQuotas and
LimitRanges), as describe.go lays them out; map keys print sorted (Go's order is random)."""
import base64

from ...api.quantity import canonical_or_same
from .writer import annotations_multiline, events_table, labels_multiline, rfc1123z


def describe_configmap(w, cm, events, api):
    meta = cm["metadata"]
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, "\nData\n====\n")
    for key, value in sorted((cm.get("data") or {}).items()):
        w.write(0, f"{key}:\n----\n")
        w.write(0, f"{value}\n")
        w.write(0, "\n")
    w.write(0, "\nBinaryData\n====\n")
    for key, value in sorted((cm.get("binaryData") or {}).items()):
        w.write(0, f"{key}: {len(base64.b64decode(value))} bytes\n")
    w.write(0, "\n")
    if events is not None:
        events_table(w, events)


def describe_secret(w, secret, events, api):
    meta = secret["metadata"]
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"\nType:\t{secret.get('type', '')}\n")
    w.write(0, "\nData\n====\n")
    for key, value in sorted((secret.get("data") or {}).items()):
        raw = base64.b64decode(value)
        if key == "token" and secret.get("type") == "kubernetes.io/service-account-token":
            w.write(0, f"{key}:\t{raw.decode('utf-8', 'replace')}\n")
        else:
            w.write(0, f"{key}:\t{len(raw)} bytes\n")


def describe_namespace(w, ns, events, api):
    meta, status = ns["metadata"], ns.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    labels_multiline(w, "Labels", meta.get("labels"))
    annotations_multiline(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Status:\t{status.get('phase', '')}\n")
    if status.get("conditions"):
        w.write(0, "Conditions:\n")
        w.write(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t------------------\t------\t-------\n")
        for c in status["conditions"]:
            w.write(1, f"{c.get('type')}\t{c.get('status')}\t{rfc1123z(c.get('lastTransitionTime'))}\t"
                       f"{c.get('reason', '')}\t{c.get('message', '')}\n")
    w.write(0, "\n")
    _quotas(w, api.list("resourcequotas", meta["name"])["items"])
    w.write(0, "\n")
    _limit_ranges(w, api.list("limitranges", meta["name"])["items"])


SCOPE_HELP = {
    "Terminating": "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.",
    "NotTerminating": "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.",
    "BestEffort": "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
    "NotBestEffort": "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.",
}


def _quotas(w, quotas):
    if not quotas:
        w.write(0, "No resource quota.\n")
        return
    w.write(0, "Resource Quotas\n")
    for q in sorted(quotas, key=lambda q: q["metadata"]["name"]):
        w.write(1, f"Name:\t{q['metadata']['name']}\n")
        scopes = sorted((q.get("spec") or {}).get("scopes") or [])
        if scopes:
            w.write(1, f"Scopes:\t{', '.join(scopes)}\n")
            for scope in scopes:
                if SCOPE_HELP.get(scope):
                    w.write(1, f"* {SCOPE_HELP[scope]}\n")
        w.write(1, "Resource\tUsed\tHard\n")
        w.write(1, "--------\t---\t---\n")
        status = q.get("status") or {}
        hard, used = status.get("hard") or {}, status.get("used") or {}
        for name in sorted(hard):
            w.write(1, f"{name}\t{canonical_or_same(str(used.get(name, '0')))}\t{canonical_or_same(str(hard[name]))}\n")


def _limit_ranges(w, ranges):
    if not ranges:
        w.write(0, "No LimitRange resource.\n")
        return
    w.write(0, "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n")
    w.write(0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
    from .policy import limit_range_rows  # (policy.py imports SCOPE_HELP from here)
    for lr in ranges:
        limit_range_rows(w, lr.get("spec"), " ")
