"""What the scheduler view shows, as plain data: for one pod, each node the scheduler looked at with its
filter verdict (the plugin and reason that rejected it) or its weighted score per plugin, and the winner."""
from dataclasses import dataclass


@dataclass(frozen=True)
class NodeVerdict:
    node: str
    fits: bool
    rejected_by: str      # the filter plugin that said no ("" when it fits)
    reasons: tuple
    scores: tuple         # ((plugin, weighted score), ...) in the scheduler's order
    total: object         # int, or None when only one node fit (no scoring)
    chosen: bool


@dataclass(frozen=True)
class SchedulerModel:
    pod: str              # namespace/name
    node: str             # where it was bound, or ""
    message: str          # the FailedScheduling message when it was not bound
    attempt: int
    time: str
    plugins: tuple        # the score plugins, for the table's columns
    nodes: tuple          # NodeVerdict in the order the filters looked at them


def scheduler_model(cluster, namespace, name):
    """None when the scheduler has made no decision about that pod (yet)."""
    decision = cluster.scheduler.explain(namespace, name)
    if decision is None:
        return None
    plugins = []
    rows = []
    for node, verdict in decision["evaluated"].items():
        scores = tuple((verdict.get("scores") or {}).items())
        for plugin, _ in scores:
            if plugin not in plugins:
                plugins.append(plugin)
        rows.append(NodeVerdict(node, verdict["fits"], verdict.get("plugin", ""), tuple(verdict.get("reasons") or ()),
                                scores, verdict.get("total"), node == decision["node"]))
    return SchedulerModel(decision["pod"], decision["node"] or "", decision["message"] or "", decision["attempt"],
                          decision["time"], tuple(plugins), tuple(rows))
