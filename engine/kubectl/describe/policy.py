"""`kubectl describe` for the policy kinds (PodDisruptionBudget, PriorityClass, LimitRange, ResourceQuota),
as describe.go lays them out; resource names print sorted where Go ranges over a map."""
from ...api import quantity
from ...api.columns import format_selector
from .config import SCOPE_HELP
from .storage import format_labels
from .writer import events_table


def describe_poddisruptionbudget(w, pdb, events, api):
    meta, spec, status = pdb["metadata"], pdb.get("spec") or {}, pdb.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    if spec.get("minAvailable") is not None:
        w.write(0, f"Min available:\t{spec['minAvailable']}\n")
    elif spec.get("maxUnavailable") is not None:
        w.write(0, f"Max unavailable:\t{spec['maxUnavailable']}\n")
    w.write(0, f"Selector:\t{format_selector(spec['selector']) if spec.get('selector') is not None else '<unset>'}\n")
    w.write(0, "Status:\n")
    w.write(2, f"Allowed disruptions:\t{status.get('disruptionsAllowed', 0)}\n")
    w.write(2, f"Current:\t{status.get('currentHealthy', 0)}\n")
    w.write(2, f"Desired:\t{status.get('desiredHealthy', 0)}\n")
    w.write(2, f"Total:\t{status.get('expectedPods', 0)}\n")
    if events is not None:
        events_table(w, events)


def describe_priorityclass(w, pc, events, api):
    meta = pc["metadata"]
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Value:\t{pc.get('value', 0)}\n")
    w.write(0, f"GlobalDefault:\t{'true' if pc.get('globalDefault') else 'false'}\n")
    w.write(0, f"PreemptionPolicy:\t{pc.get('preemptionPolicy', '')}\n")
    w.write(0, f"Description:\t{pc.get('description', '')}\n")
    w.write(0, f"Annotations:\t{format_labels(meta.get('annotations'))}\n")
    if events is not None:
        events_table(w, events)


def limit_range_rows(w, spec, prefix):
    """describeLimitRangeSpec: one row per limit type and resource, `-` where a bound is unset."""
    for item in (spec or {}).get("limits") or ():
        bounds = [item.get(k) or {} for k in ("min", "max", "defaultRequest", "default", "maxLimitRequestRatio")]
        for name in sorted(set().union(*bounds)):
            cells = [quantity.canonical_or_same(str(b[name])) if name in b else "-" for b in bounds]
            w.write(0, f"{prefix}{item.get('type', '')}\t{name}\t" + "\t".join(cells) + "\n")


def describe_limitrange(w, lr, events, api):
    """describeLimitRange shows no events."""
    meta = lr["metadata"]
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n")
    w.write(0, "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
    limit_range_rows(w, lr.get("spec"), "")


def describe_resourcequota(w, rq, events, api):
    """describeQuota shows no events; a used value whose format differs from the hard one is
    printed in the hard one's (as resource.NewQuantity(used.Value(), hard.Format))."""
    meta, status = rq["metadata"], rq.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    scopes = sorted((rq.get("spec") or {}).get("scopes") or [])
    if scopes:
        w.write(0, f"Scopes:\t{', '.join(scopes)}\n")
        for scope in scopes:
            if SCOPE_HELP.get(scope):
                w.write(0, f" * {SCOPE_HELP[scope]}\n")
    w.write(0, "Resource\tUsed\tHard\n")
    w.write(0, "--------\t----\t----\n")
    hard, used = status.get("hard") or {}, status.get("used") or {}
    for name in sorted(hard):
        h = quantity.parse(str(hard[name]))
        u = quantity.parse(str(used[name])) if name in used else quantity.Quantity(0)
        if u.format != h.format:
            u = quantity.Quantity(-((-u.value) // 1), h.format)
        w.write(0, f"{name}\t{quantity.canonical(u)}\t{quantity.canonical(h)}\n")
