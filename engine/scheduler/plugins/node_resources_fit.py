"""NodeResourcesFit: the pod's requests must fit in what the node's allocatable leaves free ("Insufficient
cpu", "Too many pods"); its score, LeastAllocated, favours the emptier node."""
from ..framework import MAX_NODE_SCORE, unschedulable
from ..resources import CPU, EPHEMERAL, MEMORY, PODS

NAME = "NodeResourcesFit"


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
        state[NAME + "/score"] = (facts.non_zero.get(CPU, 0), facts.non_zero.get(MEMORY, 0))
        return False

    def score(self, state, facts, node):
        """LeastAllocated over cpu and memory, weight 1 each (resources a node lacks are left out)."""
        cpu, memory = state[NAME + "/score"]
        total = weights = 0
        for wanted, used, capacity in ((cpu, node.non_zero_cpu, node.allocatable_cpu),
                                       (memory, node.non_zero_memory, node.allocatable_memory)):
            if capacity:
                total += least_requested(used + wanted, capacity)
                weights += 1
        return total // weights if weights else 0

    def score_all(self, state, facts, nodes):
        cpu, memory = state[NAME + "/score"]
        scores = {}
        for node in nodes:
            cpu_capacity, memory_capacity = node.allocatable_cpu, node.allocatable_memory
            if cpu_capacity and memory_capacity:
                cpu_used, memory_used = node.non_zero_cpu + cpu, node.non_zero_memory + memory
                cpu_score = 0 if cpu_used > cpu_capacity else (cpu_capacity - cpu_used) * MAX_NODE_SCORE // cpu_capacity
                memory_score = (0 if memory_used > memory_capacity
                                else (memory_capacity - memory_used) * MAX_NODE_SCORE // memory_capacity)
                scores[node.name] = (cpu_score + memory_score) // 2
            else:
                scores[node.name] = self.score(state, facts, node)
        return scores
