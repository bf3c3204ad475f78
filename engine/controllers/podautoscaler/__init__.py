"""The horizontal pod autoscaler (pkg/controller/podautoscaler): HorizontalController, its
ReplicaCalculator and the resource metrics client."""
from .horizontal import HorizontalController

__all__ = ["HorizontalController"]
