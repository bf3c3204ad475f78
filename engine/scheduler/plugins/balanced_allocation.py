"""NodeResourcesBalancedAllocation: favour nodes whose cpu and memory would be used in equal
fractions once the pod is there (1 - standard deviation of the fractions, times 100)."""
from ..framework import MAX_NODE_SCORE
from ..resources import CPU, MEMORY

NAME = "NodeResourcesBalancedAllocation"


class BalancedAllocation:
    name = NAME
    events = {"NodeAdd", "UpdateNodeAllocatable", "AssignedPodDelete"}

    def __init__(self, handle):
        self.handle = handle

    def pre_score(self, state, facts, nodes):
        state[NAME] = (facts.requests.get(CPU, 0), facts.requests.get(MEMORY, 0))
        return False

    def score(self, state, facts, node):
        cpu, memory = state[NAME]
        fractions = [min((used + wanted) / capacity, 1.0) for wanted, used, capacity in (
            (cpu, node.requested_cpu, node.allocatable_cpu), (memory, node.requested_memory, node.allocatable_memory))
            if capacity]
        std = abs((fractions[0] - fractions[1]) / 2) if len(fractions) == 2 else 0.0
        return int((1 - std) * MAX_NODE_SCORE)

    def score_all(self, state, facts, nodes):
        cpu, memory = state[NAME]
        scores = {}
        for node in nodes:
            cpu_capacity, memory_capacity = node.allocatable_cpu, node.allocatable_memory
            if cpu_capacity and memory_capacity:
                cpu_fraction = min((node.requested_cpu + cpu) / cpu_capacity, 1.0)
                memory_fraction = min((node.requested_memory + memory) / memory_capacity, 1.0)
                scores[node.name] = int((1 - abs((cpu_fraction - memory_fraction) / 2)) * MAX_NODE_SCORE)
            else:
                scores[node.name] = self.score(state, facts, node)
        return scores
