"""NodeResourcesFit: the pod's requests must fit in what the node's allocatable leaves free ("Insufficient
cpu", "Too many pods"); its score, LeastAllocated, favours the emptier node."""
from ..framework import MAX_NODE_SCORE, unschedulable
from ..resources import CPU, EPHEMERAL, MEMORY, PODS

NAME = "NodeResourcesFit"
SCORED = ((CPU, 1), (MEMORY, 1))  # scoringStrategy LeastAllocated, resources cpu and memory, weight 1 each


def insufficient(facts, node):
    """The reasons a node cannot hold the pod, in fitsRequest's order."""
    reasons = []
    if len(node.pods) + 1 > node.allowed_pods:
        reasons.append("Too many pods")
    request = facts.requests
    if not any(request.values()):
        return reasons
    for name in (CPU, MEMORY, EPHEMERAL):
        wanted = request.get(name, 0)
        if wanted > 0 and wanted > node.allocatable.get(name, 0) - node.requested.get(name, 0):
            reasons.append(f"Insufficient {name}")
    for name in sorted(request):
        if name in (CPU, MEMORY, EPHEMERAL, PODS):
            continue
        wanted = request[name]
        if wanted > 0 and wanted > node.allocatable.get(name, 0) - node.requested.get(name, 0):
            reasons.append(f"Insufficient {name}")
    return reasons


def least_requested(requested, capacity):
    if capacity == 0 or requested > capacity:
        return 0
    return (capacity - requested) * MAX_NODE_SCORE // capacity


class NodeResourcesFit:
    name = NAME
    events = {"NodeAdd", "UpdateNodeAllocatable", "AssignedPodDelete"}

    def __init__(self, handle):
        self.handle = handle

    def pre_filter(self, state, facts):
        state[NAME] = [(name, wanted) for name, wanted in facts.requests.items() if wanted > 0]
        return None, None, False

    def filter(self, state, facts, node):
        fits = len(node.pods) < node.allowed_pods
        if fits:  # the common case, in one tight pass; the reasons are worked out only on failure
            free, used = node.allocatable, node.requested
            for name, wanted in state[NAME]:
                if wanted > free.get(name, 0) - used.get(name, 0):
                    fits = False
                    break
        if fits:
            return None
        reasons = insufficient(facts, node)
        return unschedulable(NAME, *reasons) if reasons else None

    def pre_score(self, state, facts, nodes):
        state[NAME] = [(name, weight, facts.non_zero.get(name, 0)) for name, weight in SCORED]
        return False

    def score(self, state, facts, node):
        total = weights = 0
        allocatable, non_zero = node.allocatable, node.non_zero
        for name, weight, wanted in state[NAME]:
            capacity = allocatable.get(name, 0)
            if capacity == 0:
                continue
            requested = non_zero.get(name, 0) + wanted
            total += (0 if requested > capacity else (capacity - requested) * MAX_NODE_SCORE // capacity) * weight
            weights += weight
        return total // weights if weights else 0
