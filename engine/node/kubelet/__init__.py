"""The kubelet: pod workers (sandbox, init containers, containers, restarts), probes, hooks, volumes,
images, node heartbeats, static pods, logs/exec and stats, all through the API server."""
from .kubelet import Kubelet

__all__ = ["Kubelet"]
