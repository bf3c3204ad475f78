"""NodeResourcesBalancedAllocation: favour nodes whose cpu and memory would be used in equal
fractions once the pod is there (1 - standard deviation of the fractions, times 100)."""
import math

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
        allocatable, requested = node.allocatable, node.requested
        cpu_capacity, memory_capacity = allocatable.get(CPU, 0), allocatable.get(MEMORY, 0)
        if cpu_capacity and memory_capacity:  # the usual two resources: std is half their difference
            cpu_fraction = min((requested.get(CPU, 0) + cpu) / cpu_capacity, 1.0)
            memory_fraction = min((requested.get(MEMORY, 0) + memory) / memory_capacity, 1.0)
            return int((1 - abs((cpu_fraction - memory_fraction) / 2)) * MAX_NODE_SCORE)
        fractions = []
        for name, wanted in ((CPU, cpu), (MEMORY, memory)):
            capacity = allocatable.get(name, 0)
            if capacity == 0:
                continue
            fractions.append(min((requested.get(name, 0) + wanted) / capacity, 1.0))
        std = 0.0
        if len(fractions) == 2:
            std = abs((fractions[0] - fractions[1]) / 2)
        elif len(fractions) > 2:
            mean = sum(fractions) / len(fractions)
            std = math.sqrt(sum((f - mean) ** 2 for f in fractions) / len(fractions))
        return int((1 - std) * MAX_NODE_SCORE)
