"""The kernel's current cluster: the Cluster created last, or the one `use(c)` names. The notebook
magics and `python -m engine` act on it; one is created on first use if there is none."""
_current = None


def current():
    """The current Cluster (a fresh `Cluster()` if none was made yet)."""
    if _current is None:
        from .cluster import Cluster
        Cluster()
    return _current


def use(cluster):
    """Make `cluster` the one the magics act on; returns it."""
    global _current
    _current = cluster
    return cluster
