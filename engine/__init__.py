"""A simulated Kubernetes v1.32 cluster in pure Python, in virtual time: `from engine import Cluster`.

In a notebook, `%load_ext engine` adds the `%kubectl`, `%%kubectl` and `%%apply` magics."""
from .cluster import KUBERNETES_VERSION, Cluster
from .session import current, use


def load_ipython_extension(ipython):
    from .magics import load_ipython_extension as load
    load(ipython)


__all__ = ["Cluster", "KUBERNETES_VERSION", "current", "use"]
