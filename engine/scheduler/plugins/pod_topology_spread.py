"""PodTopologySpread: required constraints (DoNotSchedule) keep the pod-count skew between topology
domains within maxSkew; soft ones (ScheduleAnyway), and the system defaults that spread a Service's or
controller's pods over hostnames and zones, score the emptier domain higher."""
import math

from ...api.selectors import from_label_selector, matches
from ..framework import MAX_NODE_SCORE, unresolvable, unschedulable
from .helpers import any_term_matches, first_untolerated

NAME = "PodTopologySpread"
ERR_REASON_CONSTRAINTS = "node(s) didn't match pod topology spread constraints"
ERR_REASON_LABEL = ERR_REASON_CONSTRAINTS + " (missing required label)"
HOSTNAME = "kubernetes.io/hostname"
# The system default constraints of kube-scheduler v1.32 (used for pods without constraints of their own).
SYSTEM_DEFAULTS = ((HOSTNAME, 3), ("topology.kubernetes.io/zone", 5))


class Constraint:
    __slots__ = ("key", "max_skew", "selector", "min_domains", "honor_affinity", "honor_taints")

    def __init__(self, key, max_skew, selector, min_domains=1, honor_affinity=True, honor_taints=False):
        self.key, self.max_skew, self.selector = key, max_skew, selector
        self.min_domains, self.honor_affinity, self.honor_taints = min_domains, honor_affinity, honor_taints


def _constraints(pod, when):
    labels = pod["metadata"].get("labels") or {}
    out = []
    for c in pod["spec"].get("topologySpreadConstraints") or []:
        if c.get("whenUnsatisfiable", "DoNotSchedule") != when:
            continue
        selector = list(from_label_selector(c.get("labelSelector")) or [])
        if c.get("labelSelector") is None:
            selector = None
        else:
            selector += [(k, "in", (labels[k],)) for k in c.get("matchLabelKeys") or [] if k in labels]
        out.append(Constraint(c.get("topologyKey", ""), c.get("maxSkew", 1), selector, c.get("minDomains") or 1,
                              c.get("nodeAffinityPolicy", "Honor") == "Honor",
                              c.get("nodeTaintsPolicy", "Ignore") == "Honor"))
    return out


def count_matching(node, selector, namespace):
    if selector is None:
        return 0
    return sum(1 for p in node.pods.values()
               if not p.terminating and p.namespace == namespace and matches(selector, p.labels))


def _node_eligible(pod, node, constraint):
    spec = pod["spec"]
    if constraint.honor_affinity:
        for key, value in (spec.get("nodeSelector") or {}).items():
            if node.labels.get(key) != value:
                return False
        required = (((spec.get("affinity") or {}).get("nodeAffinity") or {})
                    .get("requiredDuringSchedulingIgnoredDuringExecution"))
        if required and not any_term_matches(required.get("nodeSelectorTerms") or [], node.labels, node.name):
            return False
    if constraint.honor_taints and first_untolerated(node.taints, spec.get("tolerations") or [], ("NoSchedule", "NoExecute")):
        return False
    return True


class PodTopologySpread:
    name = NAME
    events = {"NodeAdd", "NodeDelete", "UpdateNodeLabel", "UpdateNodeTaint",
              "AssignedPodAdd", "AssignedPodUpdate", "AssignedPodDelete"}

    def __init__(self, handle):
        self.handle = handle

    # filtering
    def pre_filter(self, state, facts):
        constraints = _constraints(facts.pod, "DoNotSchedule")
        if not constraints:
            return None, None, True
        counts = [dict() for _ in constraints]
        for node in self.handle.cache.node_list():
            if not all(c.key in node.labels for c in constraints):
                continue
            for i, c in enumerate(constraints):
                if not _node_eligible(facts.pod, node, c):
                    continue
                value = node.labels[c.key]
                counts[i][value] = counts[i].get(value, 0) + count_matching(node, c.selector, facts.namespace)
        minimum = [0 if len(domains) < c.min_domains else min(domains.values(), default=0)
                   for c, domains in zip(constraints, counts)]
        state[NAME] = (constraints, counts, minimum)
        return None, None, False

    def filter(self, state, facts, node):
        constraints, counts, minimum = state[NAME]
        for i, c in enumerate(constraints):
            value = node.labels.get(c.key)
            if value is None:
                return unresolvable(NAME, ERR_REASON_LABEL)
            self_match = 1 if c.selector is not None and matches(c.selector, facts.labels) else 0
            if counts[i].get(value, 0) + self_match - minimum[i] > c.max_skew:
                return unschedulable(NAME, ERR_REASON_CONSTRAINTS)
        return None

    # scoring
    def pre_score(self, state, facts, nodes):
        constraints = _constraints(facts.pod, "ScheduleAnyway")
        system_defaulted = False
        if not constraints and not facts.pod["spec"].get("topologySpreadConstraints"):
            selector = self.handle.default_selector(facts.pod)
            if selector:
                constraints = [Constraint(key, skew, selector) for key, skew in SYSTEM_DEFAULTS]
                system_defaulted = True
        if not constraints:
            return True
        require_all = not system_defaulted
        ignored = {n.name for n in nodes if require_all and not all(c.key in n.labels for c in constraints)}
        sizes, counts = [], []
        for c in constraints:
            if c.key == HOSTNAME:
                sizes.append(len(nodes) - len(ignored))
                counts.append(None)
                continue
            values = {n.labels.get(c.key, "") for n in nodes if n.name not in ignored}
            domain_counts = dict.fromkeys(values, 0)
            for node in self.handle.cache.node_list():
                value = node.labels.get(c.key)
                if value in domain_counts and _node_eligible(facts.pod, node, c):
                    domain_counts[value] += count_matching(node, c.selector, facts.namespace)
            sizes.append(len(values))
            counts.append(domain_counts)
        weights = [math.log(size + 2) for size in sizes]
        state[NAME + "/score"] = (constraints, counts, weights, ignored)
        return False

    def score(self, state, facts, node):
        constraints, counts, weights, ignored = state[NAME + "/score"]
        if node.name in ignored:
            return 0
        score = 0.0
        for i, c in enumerate(constraints):
            value = node.labels.get(c.key)
            if value is None:
                continue
            count = count_matching(node, c.selector, facts.namespace) if c.key == HOSTNAME else counts[i].get(value, 0)
            score += count * weights[i] + (c.max_skew - 1)
        return _go_round(score)

    def normalize(self, state, facts, scores):
        ignored = state[NAME + "/score"][3]
        considered = [s for name, s in scores.items() if name not in ignored]
        low, high = min(considered, default=0), max(considered, default=0)
        for name, s in scores.items():
            if name in ignored:
                scores[name] = 0
            elif high == 0:
                scores[name] = MAX_NODE_SCORE
            else:
                scores[name] = MAX_NODE_SCORE * (high + low - s) // high


def _go_round(x):
    """math.Round: halves away from zero."""
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))
