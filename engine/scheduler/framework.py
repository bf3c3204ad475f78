"""The scheduling framework's vocabulary: Status codes, the plugin profile with the default v1.32
weights, score normalisation, and the FitError message ("0/4 nodes are available: ...")."""
from dataclasses import dataclass

SUCCESS, ERROR, UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE = 0, 1, 2, 3
MAX_NODE_SCORE = 100
NO_NODE_AVAILABLE = "0/{} nodes are available"
ERR_NO_NODES = "no nodes available to schedule pods"


@dataclass(frozen=True)
class Status:
    """A plugin's verdict: a code, the reasons shown to users, and who said it."""
    code: int
    reasons: tuple = ()
    plugin: str = ""

    @property
    def message(self):
        return ", ".join(self.reasons)

    @property
    def rejected(self):
        return self.code in (UNSCHEDULABLE, UNSCHEDULABLE_AND_UNRESOLVABLE)


def unschedulable(plugin, *reasons):
    return Status(UNSCHEDULABLE, reasons, plugin)


def unresolvable(plugin, *reasons):
    return Status(UNSCHEDULABLE_AND_UNRESOLVABLE, reasons, plugin)


class FitError(Exception):
    """No node fits: per-node statuses, the status of nodes never looked at, and the
    PreFilter/PostFilter messages; `str()` is FitError.Error() of pkg/scheduler/framework/types.go."""

    def __init__(self, pod, num_all_nodes, statuses, absent=None, pre_filter_msg="", plugins=(), state=None):
        super().__init__()
        self.state = state if state is not None else {}  # the cycle's plugin state, for PostFilter
        self.pod, self.num_all_nodes, self.statuses = pod, num_all_nodes, statuses
        self.absent = absent or Status(UNSCHEDULABLE_AND_UNRESOLVABLE)
        self.pre_filter_msg, self.post_filter_msg = pre_filter_msg, ""
        self.unschedulable_plugins = set(plugins) | {s.plugin for s in statuses.values() if s.plugin}

    def status_of(self, node_name):
        return self.statuses.get(node_name, self.absent)

    def __str__(self):
        return fit_message(self.num_all_nodes, self.statuses, self.absent, self.pre_filter_msg, self.post_filter_msg)


def fit_message(num_all_nodes, statuses, absent, pre_filter_msg="", post_filter_msg=""):
    message = NO_NODE_AVAILABLE.format(num_all_nodes) + ":"
    if pre_filter_msg:
        message += f" {pre_filter_msg}."
    else:
        counts = {}
        for status in statuses.values():
            for reason in status.reasons:
                counts[reason] = counts.get(reason, 0) + 1
        if len(statuses) < num_all_nodes:
            for reason in absent.reasons:
                counts[reason] = counts.get(reason, 0) + num_all_nodes - len(statuses)
        histogram = sorted(f"{n} {reason}" for reason, n in counts.items())  # Go sorts the "N reason" strings
        if histogram:
            message += f" {', '.join(histogram)}."
    if post_filter_msg:
        message += f" {post_filter_msg}."
    return message


def default_normalize(scores, reverse=False):
    """helper.DefaultNormalizeScore: scale to 0-100 by the highest score (reversed: 100 minus that)."""
    highest = max(scores.values(), default=0)
    if highest == 0:
        if reverse:
            for name in scores:
                scores[name] = MAX_NODE_SCORE
        return
    for name, score in scores.items():
        score = MAX_NODE_SCORE * score // highest
        scores[name] = MAX_NODE_SCORE - score if reverse else score


# The default profile of kube-scheduler v1.32 (pkg/scheduler/apis/config/v1/default_plugins.go):
# plugins in this order, score weights as given. Of the volume plugins only VolumeBinding has work here.
DEFAULT_PLUGINS = (
    ("NodeUnschedulable", 0), ("NodeName", 0), ("TaintToleration", 3), ("NodeAffinity", 2),
    ("NodePorts", 0), ("NodeResourcesFit", 1), ("VolumeBinding", 0), ("PodTopologySpread", 2), ("InterPodAffinity", 2),
    ("DefaultPreemption", 0), ("NodeResourcesBalancedAllocation", 1), ("ImageLocality", 1),
)
