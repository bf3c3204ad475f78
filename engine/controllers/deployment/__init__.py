"""The deployment controller (pkg/controller/deployment): ReplicaSets per pod template, rolling
and recreate rollouts, proportional scaling, pause, progress deadlines and revision history."""
from .controller import DeploymentController

__all__ = ["DeploymentController"]
