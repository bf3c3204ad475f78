"""NodeName: a pod that names its node in spec.nodeName fits only that node."""
from ..framework import unresolvable

NAME = "NodeName"
ERR_REASON = "node(s) didn't match the requested node name"


class NodeName:
    name = NAME
    events = {"NodeAdd"}

    def __init__(self, handle):
        self.handle = handle

    def pre_filter(self, state, facts):
        return None, None, not facts.pod["spec"].get("nodeName")  # nothing to compare against

    def filter(self, state, facts, node):
        wanted = facts.pod["spec"].get("nodeName")
        if wanted and wanted != node.name:
            return unresolvable(NAME, ERR_REASON)
        return None
