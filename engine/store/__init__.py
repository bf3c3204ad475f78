"""etcd: the cluster's only database, an MVCC key-value store with watch, compaction and leases."""
from .mvcc import CompactedError, Compare, Event, FutureRevisionError, KeyValue, LeaseNotFoundError, Store

__all__ = ["CompactedError", "Compare", "Event", "FutureRevisionError", "KeyValue", "LeaseNotFoundError", "Store"]
