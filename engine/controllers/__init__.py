"""kube-controller-manager: level-triggered controllers that watch the API server and reconcile
in virtual time. `ControllerManager(server, clock).start()` runs them all."""
from .base import Controller, WorkQueue
from .manager import ControllerManager

__all__ = ["Controller", "ControllerManager", "WorkQueue"]
