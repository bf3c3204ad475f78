"""DefaultPreemption (PostFilter): when no node fits, find nodes where evicting lower-priority pods
would make room, evict the fewest and least important, and nominate the node; otherwise say why not."""
from ..framework import ERROR, UNSCHEDULABLE, Status, fit_message, unresolvable

NAME = "DefaultPreemption"
NOT_HELPFUL = "Preemption is not helpful for scheduling"
NO_VICTIMS = "No preemption victims found for incoming pod"


class DefaultPreemption:
    name = NAME
    events = set()

    def __init__(self, handle):
        self.handle = handle

    def post_filter(self, state, facts, fit):
        """Returns (message for the FitError, nominated node: a name, "" to clear it, None to leave it)."""
        if facts.pod["spec"].get("preemptionPolicy") == "Never":
            return "preemption: not eligible due to preemptionPolicy=Never.", None
        all_nodes = self.handle.cache.node_list()
        potential = [n for n in all_nodes if fit.status_of(n.name).code == UNSCHEDULABLE]
        statuses, candidates = {}, []
        if potential:
            offset = self.handle.rng.randrange(len(potential))
            for i in range(len(potential)):
                node = potential[(offset + i) % len(potential)]
                victims, status = self._select_victims(state, facts, node)
                if status is None:
                    candidates.append((node, victims))
                else:
                    statuses[node.name] = status
        if not candidates:
            return "preemption: " + fit_message(len(all_nodes), statuses, unresolvable("", NOT_HELPFUL)), ""
        node, victims = min(candidates, key=_candidate_rank)
        self.handle.preempt(facts, node.name, victims)
        return "", node.name

    def _select_victims(self, state, facts, node):
        lower = [p for p in node.pods.values() if p.priority < facts.priority]
        if not lower:
            return None, unresolvable(NAME, NO_VICTIMS)
        trial = node.clone()
        for p in lower:
            trial.remove_pod(p)
        status = self.handle.run_filters(state, facts, trial)
        if status is not None:
            return None, status
        victims = []
        for p in sorted(lower, key=lambda p: -p.priority):  # reprieve the most important first
            trial.add_pod(p)
            if self.handle.run_filters(state, facts, trial) is not None:
                trial.remove_pod(p)
                victims.append(p)
        if not victims:
            return None, Status(ERROR, (f'expected at least one victim pod on node "{node.name}"',), NAME)
        return victims, None


def _candidate_rank(candidate):
    """pickOneNodeForPreemption: lowest top victim priority, lowest priority sum, fewest victims."""
    _, victims = candidate
    return (max(v.priority for v in victims), sum(v.priority for v in victims), len(victims))
