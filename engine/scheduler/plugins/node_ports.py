"""NodePorts: a hostPort (per hostIP and protocol) can be held by one pod per node."""
from ..framework import unschedulable

NAME = "NodePorts"
ERR_REASON = "node(s) didn't have free ports for the requested pod ports"


class NodePorts:
    name = NAME
    events = {"NodeAdd", "AssignedPodDelete"}

    def __init__(self, handle):
        self.handle = handle

    def pre_filter(self, state, facts):
        return None, None, not facts.ports  # nothing to check for a pod without host ports

    def filter(self, state, facts, node):
        for ip, proto, port in facts.ports:
            if node.port_conflict(ip, proto, port):
                return unschedulable(NAME, ERR_REASON)
        return None
