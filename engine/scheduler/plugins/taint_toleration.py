"""TaintToleration: NoSchedule/NoExecute taints the pod doesn't tolerate rule a node out; as a score,
fewer untolerated PreferNoSchedule taints is better."""
from ..framework import default_normalize, unresolvable
from .helpers import first_untolerated, tolerated

NAME = "TaintToleration"


class TaintToleration:
    name = NAME
    events = {"NodeAdd", "UpdateNodeTaint", "UnschedulablePodUpdate"}

    def __init__(self, handle):
        self.handle = handle

    def filter(self, state, facts, node):
        if not node.taints:
            return None
        taint = first_untolerated(node.taints, facts.pod["spec"].get("tolerations") or [], ("NoSchedule", "NoExecute"))
        if taint is None:
            return None
        return unresolvable(NAME, f"node(s) had untolerated taint {{{taint.get('key', '')}: {taint.get('value', '')}}}")

    def pre_score(self, state, facts, nodes):
        state[NAME] = [t for t in facts.pod["spec"].get("tolerations") or []
                       if t.get("effect") in (None, "", "PreferNoSchedule")]
        return False

    def score(self, state, facts, node):
        if not node.taints:
            return 0
        tolerations = state[NAME]
        return sum(1 for taint in node.taints
                   if taint.get("effect") == "PreferNoSchedule" and not tolerated(tolerations, taint))

    def score_all(self, state, facts, nodes):
        return {node.name: self.score(state, facts, node) if node.taints else 0 for node in nodes}

    def normalize(self, state, facts, scores):
        default_normalize(scores, reverse=True)
