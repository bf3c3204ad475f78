"""What a lesson sees of a scheduling decision: each node's filter verdict (plugin and reasons) or its
weighted scores, in the order the scheduler looked at the nodes, as data or as a small table."""


def expand(decision):
    """The recorded decision with its nodes spelled out (None when there is none)."""
    if decision is None:
        return None
    nodes, scores = {}, decision["scores"] or {}
    for node in decision["order"]:  # in the order the filters looked at them
        if node in decision["filtered"]:
            plugin, reasons = decision["filtered"][node]
            nodes[node] = {"fits": False, "plugin": plugin, "reasons": list(reasons)}
        else:
            nodes[node] = {"fits": True, "scores": {p: s[node] for p, s in scores.items() if p != "total"},
                           "total": scores["total"][node] if scores else None}
    return {k: decision[k] for k in ("pod", "time", "attempt", "nodes", "node", "message")} | {"evaluated": nodes}


def format_explanation(decision):
    """explain() as a small table a lesson can print: each node's verdict, then the weighted scores."""
    if decision is None:
        return ""
    head = f"pod {decision['pod']}: " + (f"bound to {decision['node']}" if decision["node"] else decision["message"])
    rows = [("NODE", "FITS", "WHY")]
    for node, verdict in decision["evaluated"].items():
        if not verdict["fits"]:
            rows.append((node, "no", f"{verdict['plugin']}: {', '.join(verdict['reasons'])}"))
        elif verdict["total"] is None:
            rows.append((node, "yes", "the only node that fits"))
        else:
            parts = " + ".join(f"{plugin} {score}" for plugin, score in verdict["scores"].items())
            rows.append((node, "yes", f"score {verdict['total']} = {parts}"))
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    lines = [f"{r[0].ljust(widths[0])}   {r[1].ljust(widths[1])}   {r[2]}" for r in rows]
    return "\n".join([head] + lines)
