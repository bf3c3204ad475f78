"""NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods that tolerate
node.kubernetes.io/unschedulable:NoSchedule."""
from ..framework import unresolvable
from .helpers import tolerated

NAME = "NodeUnschedulable"
ERR_REASON = "node(s) were unschedulable"
UNSCHEDULABLE_TAINT = {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}


class NodeUnschedulable:
    name = NAME
    events = {"NodeAdd", "UpdateNodeTaint", "UpdateNodeSpecUnschedulable", "UnschedulablePodUpdate"}

    def __init__(self, handle):
        self.handle = handle

    def filter(self, state, facts, node):
        if node.unschedulable and not tolerated(facts.pod["spec"].get("tolerations") or [], UNSCHEDULABLE_TAINT):
            return unresolvable(NAME, ERR_REASON)
        return None
