"""InterPodAffinity: required pod affinity needs a matching pod in the node's topology domain, anti-affinity
(the pod's own, and that of pods already placed) forbids one; preferred terms add or subtract weight."""
from ..framework import MAX_NODE_SCORE, unresolvable, unschedulable

NAME = "InterPodAffinity"
ERR_AFFINITY = "node(s) didn't match pod affinity rules"
ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules"
ERR_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules"
HARD_POD_AFFINITY_WEIGHT = 1


class InterPodAffinity:
    name = NAME
    events = {"NodeAdd", "UpdateNodeLabel", "AssignedPodAdd", "AssignedPodUpdate", "AssignedPodDelete"}

    def __init__(self, handle):
        self.handle = handle

    def pre_filter(self, state, facts):
        ns = self.handle.namespace_labels
        if not self.handle.cache.with_required_anti_affinity and not facts.affinity and not facts.anti_affinity:
            return None, None, True
        nodes = self.handle.cache.node_list()
        existing_anti = {}  # (key, value) -> count of placed pods whose anti-affinity matches this pod
        for node in nodes:
            for other in node.with_required_anti_affinity.values():
                for term in other.anti_affinity:
                    value = node.labels.get(term.topology_key)
                    if value is not None and term.matches(facts, ns):
                        existing_anti[(term.topology_key, value)] = existing_anti.get((term.topology_key, value), 0) + 1
        if not existing_anti and not facts.affinity and not facts.anti_affinity:
            return None, None, True
        affinity, anti = {}, {}
        if facts.affinity or facts.anti_affinity:
            for node in nodes:
                for other in node.pods.values():
                    for counts, terms in ((affinity, facts.affinity), (anti, facts.anti_affinity)):
                        for term in terms:
                            value = node.labels.get(term.topology_key)
                            if value is not None and term.matches(other, ns):
                                counts[(term.topology_key, value)] = counts.get((term.topology_key, value), 0) + 1
        state[NAME] = (existing_anti, affinity, anti)
        return None, None, False

    def filter(self, state, facts, node):
        ns = self.handle.namespace_labels
        existing_anti, affinity, anti = state[NAME]
        labels = node.labels
        if facts.affinity:
            if not all(t.topology_key in labels for t in facts.affinity):
                return unresolvable(NAME, ERR_AFFINITY)
            satisfied = all(affinity.get((t.topology_key, labels[t.topology_key]), 0) > 0 for t in facts.affinity)
            # the first pod of a group that selects itself may go anywhere
            if not satisfied and not (not affinity and all(t.matches(facts, ns) for t in facts.affinity)):
                return unresolvable(NAME, ERR_AFFINITY)
        for t in facts.anti_affinity:
            value = labels.get(t.topology_key)
            if value is not None and anti.get((t.topology_key, value), 0) > 0:
                return unschedulable(NAME, ERR_ANTI_AFFINITY)
        for (key, value), n in existing_anti.items():
            if n > 0 and labels.get(key) == value:
                return unschedulable(NAME, ERR_EXISTING_ANTI_AFFINITY)
        return None

    # scoring
    def pre_score(self, state, facts, nodes):
        ns = self.handle.namespace_labels
        has_terms = bool(facts.preferred_affinity or facts.preferred_anti_affinity)
        if not has_terms and not self.handle.cache.with_affinity:
            return True
        everything = self.handle.cache.node_list()
        topology = {}  # (key, value) -> score

        def add(term, node, weight):
            value = node.labels.get(term.topology_key)
            if value is not None:
                topology[(term.topology_key, value)] = topology.get((term.topology_key, value), 0) + weight

        for node in everything:
            others = node.pods.values() if has_terms else node.with_affinity.values()
            for other in others:
                for term in facts.preferred_affinity:
                    if term.matches(other, ns):
                        add(term, node, term.weight)
                for term in facts.preferred_anti_affinity:
                    if term.matches(other, ns):
                        add(term, node, -term.weight)
                for term in other.affinity:
                    if term.matches(facts, ns):
                        add(term, node, HARD_POD_AFFINITY_WEIGHT)
                for term in other.preferred_affinity:
                    if term.matches(facts, ns):
                        add(term, node, term.weight)
                for term in other.preferred_anti_affinity:
                    if term.matches(facts, ns):
                        add(term, node, -term.weight)
        state[NAME + "/score"] = topology
        return False

    def score(self, state, facts, node):
        topology = state[NAME + "/score"]
        return sum(topology.get((key, value), 0) for key, value in node.labels.items())

    def normalize(self, state, facts, scores):
        low, high = min(scores.values(), default=0), max(scores.values(), default=0)
        spread = high - low
        for name, s in scores.items():
            scores[name] = int(MAX_NODE_SCORE * ((s - low) / spread)) if spread > 0 else 0
