"""A simulated Kubernetes v1.32 cluster in pure Python, in virtual time: `from engine import Cluster`."""
from .cluster import KUBERNETES_VERSION, Cluster

__all__ = ["Cluster", "KUBERNETES_VERSION"]
