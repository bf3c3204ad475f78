"""NodeAffinity: spec.nodeSelector and required node affinity must match the node's labels (or its
name, through matchFields); preferred terms add their weight to a node's score."""
from ..framework import default_normalize, unresolvable
from .helpers import any_term_matches, term_matches

NAME = "NodeAffinity"
ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector"
ERR_REASON_CONFLICT = "pod affinity terms conflict"


def _node_affinity(pod):
    return ((pod["spec"].get("affinity") or {}).get("nodeAffinity")) or {}


class NodeAffinity:
    name = NAME
    events = {"NodeAdd", "UpdateNodeLabel"}

    def __init__(self, handle):
        self.handle = handle

    def pre_filter(self, state, facts):
        """Skip pods without constraints; a pod pinned by `metadata.name In [...]` narrows the nodes."""
        required = _node_affinity(facts.pod).get("requiredDuringSchedulingIgnoredDuringExecution")
        selector = facts.pod["spec"].get("nodeSelector")
        if required is None and selector is None:
            return None, None, True
        terms = (required or {}).get("nodeSelectorTerms") or []
        state[NAME] = (selector or {}, terms if required is not None else None)
        if not terms:
            return None, None, False
        names = set()
        for term in terms:
            term_names = None
            for field in term.get("matchFields") or []:
                if field.get("key") == "metadata.name" and field.get("operator") == "In":
                    values = set(field.get("values") or ())
                    term_names = values if term_names is None else term_names & values
            if term_names is None:
                return None, None, False
            names |= term_names
        if not names:
            return None, unresolvable(NAME, ERR_REASON_CONFLICT), False
        return names, None, False

    def filter(self, state, facts, node):
        selector, terms = state[NAME]
        labels = node.labels
        for key, value in selector.items():
            if labels.get(key) != value:
                return unresolvable(NAME, ERR_REASON_POD)
        if terms is not None and not any_term_matches(terms, labels, node.name):
            return unresolvable(NAME, ERR_REASON_POD)
        return None

    def pre_score(self, state, facts, nodes):
        preferred = _node_affinity(facts.pod).get("preferredDuringSchedulingIgnoredDuringExecution") or []
        state[NAME + "/score"] = preferred
        return not preferred

    def score(self, state, facts, node):
        return sum(term.get("weight", 0) for term in state[NAME + "/score"]
                   if term_matches(term.get("preference") or {}, node.labels, node.name))

    def normalize(self, state, facts, scores):
        default_normalize(scores)
