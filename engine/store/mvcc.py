"""etcd v3's data model: a multi-version key-value store with one global revision.

Per key: create/mod revision and version; range reads by prefix; transactions comparing
mod revisions (the apiserver's optimistic concurrency); watch from a revision; compaction; leases."""
from dataclasses import dataclass
from typing import NamedTuple, Optional


class CompactedError(Exception):
    def __init__(self):
        super().__init__("mvcc: required revision has been compacted")


class FutureRevisionError(Exception):
    def __init__(self):
        super().__init__("mvcc: required revision is a future revision")


class LeaseNotFoundError(Exception):
    def __init__(self):
        super().__init__("etcdserver: requested lease not found")


# Tuples of strings and ints: the garbage collector stops tracking them, so a store of 100,000
# objects costs nothing at each collection (it would, as instances or dicts).
class KeyValue(NamedTuple):
    key: str
    value: str
    create_revision: int
    mod_revision: int
    version: int
    lease: int = 0


class Event(NamedTuple):
    type: str  # "PUT" or "DELETE"
    kv: KeyValue  # for DELETE: the key with its mod_revision set to the delete's revision
    prev_kv: Optional[KeyValue] = None


@dataclass(frozen=True)
class Compare:
    """One condition of a transaction: `target` of `key` `op` `value`.

    target: "mod", "create", "version" or "value"; a missing key has 0 for the revisions."""
    key: str
    target: str
    op: str
    value: object

    def holds(self, kv):
        actual = {"mod": kv.mod_revision if kv else 0, "create": kv.create_revision if kv else 0,
                  "version": kv.version if kv else 0, "value": kv.value if kv else None}[self.target]
        return {"=": actual == self.value, "!=": actual != self.value,
                "<": actual is not None and actual < self.value,
                ">": actual is not None and actual > self.value}[self.op]


def _parent(key):
    return key[:key.rfind("/") + 1]


class Watcher:
    """A watch on a key or prefix; `cancel()` stops delivery."""

    def __init__(self, store, key, prefix, callback):
        self.store, self.key, self.prefix, self.callback = store, key, prefix, callback
        self.cancelled = False

    def matches(self, key):
        return key.startswith(self.key) if self.prefix else key == self.key

    def cancel(self):
        self.cancelled = True
        self.store._watchers.discard(self)


class Store:
    """An in-memory etcd. Revisions start at 1 as in a fresh etcd."""

    def __init__(self, clock=None):
        self.clock = clock
        self.revision = 1
        self.compact_revision = 0
        self._kv = {}
        self._dirs = {}  # "/registry/pods/default/" -> {key: None}, for prefix ranges by the answer's size
        self._history = []  # Events in revision order, since compact_revision
        self._watchers = set()
        self._leases = {}  # id -> Lease
        self._next_lease = 0x694d9a1c2b3e4f00
        self.raft = None  # the members' quorum (engine/store/raft.py): without it nothing is committed
        self.data_dir = None  # the folder (a Tree) the etcd server opened: a restore swaps it (backup.py)
        self.host = None  # the files of the host the member runs on, where a restored data dir is found
        self.file_size = 0  # the database file's size as last seen (snapshot.db_size); defrag resets it

    def attach(self, raft):
        """Serve through `raft`'s members: requests need its quorum, a new leader extends every lease."""
        self.raft = raft
        raft.on_leader.append(self._promote)

    def _promote(self):
        for lease in self._leases.values():
            self._schedule(lease)

    # reads
    def get(self, key):
        return self._kv.get(key)

    def range(self, key, prefix=False, keys_only=False, limit=0):
        """Key-values at the current revision, sorted by key, as etcd's Range returns them."""
        if not prefix:
            kv = self._kv.get(key)
            return [kv] if kv else []
        keys = []
        for directory, members in self._dirs.items():
            if directory.startswith(key):
                keys.extend(members)
            elif key.startswith(directory):
                keys.extend(k for k in members if k.startswith(key))
        keys.sort()
        if limit:
            keys = keys[:limit]
        return [self._kv[k] for k in keys]

    # writes
    def put(self, key, value, lease=0):
        return self.txn([], [("put", key, value, lease)], [])[1][0]

    def delete(self, key):
        """Delete one key; returns the deleted KeyValue or None."""
        return self.txn([], [("delete", key)], [])[1][0]

    def txn(self, compares, success, failure):
        """etcd's Txn: if every compare holds run `success`, else `failure`.

        Ops: ("put", key, value[, lease]), ("delete", key), ("get", key). All writes of one
        transaction share one new revision. Returns (succeeded, [result per op])."""
        if self.raft is not None:
            self.raft.require()
        ok = all(c.holds(self._kv.get(c.key)) for c in compares)
        ops = success if ok else failure
        writes = any(op[0] in ("put", "delete") and (op[0] == "put" or op[1] in self._kv) for op in ops)
        revision = self.revision + 1 if writes else self.revision
        events, results = [], []
        for op in ops:
            if op[0] == "get":
                results.append(self._kv.get(op[1]))
            elif op[0] == "put":
                results.append(self._put(op[1], op[2], op[3] if len(op) > 3 else 0, revision, events))
            elif op[0] == "delete":
                results.append(self._delete(op[1], revision, events))
            else:
                raise ValueError(f"unknown txn op {op[0]!r}")
        if writes:
            self.revision = revision
            self._history.extend(events)
            if self.raft is not None:
                self.raft.commit()
            self._notify(events)
        return ok, results

    def _put(self, key, value, lease, revision, events):
        if lease and lease not in self._leases:
            raise LeaseNotFoundError()
        prev = self._kv.get(key)
        if prev is not None and prev.lease and prev.lease != lease and prev.lease in self._leases:
            self._leases[prev.lease].keys.discard(key)
        kv = KeyValue(key, value, prev.create_revision if prev else revision, revision,
                      prev.version + 1 if prev else 1, lease)
        self._kv[key] = kv
        if prev is None:
            self._dirs.setdefault(_parent(key), {})[key] = None
        if lease:
            self._leases[lease].keys.add(key)
        events.append(Event("PUT", kv, prev))
        return kv

    def _delete(self, key, revision, events):
        prev = self._kv.pop(key, None)
        if prev is None:
            return None
        directory = self._dirs[_parent(key)]
        del directory[key]
        if not directory:
            del self._dirs[_parent(key)]
        if prev.lease in self._leases:
            self._leases[prev.lease].keys.discard(key)
        events.append(Event("DELETE", KeyValue(key, "", 0, revision, 0), prev))
        return prev

    # watch
    def watch(self, key, callback, prefix=False, start_revision=0):
        """Call `callback(event)` for each change of `key` (or below it, with prefix).

        With start_revision, events since that revision are replayed first."""
        if start_revision:
            if start_revision <= self.compact_revision:
                raise CompactedError()
            if start_revision > self.revision + 1:
                raise FutureRevisionError()
        watcher = Watcher(self, key, prefix, callback)
        if start_revision:
            for event in self.history_since(start_revision):
                if watcher.matches(event.kv.key):
                    callback(event)
        self._watchers.add(watcher)
        return watcher

    def history_since(self, revision):
        """Events with mod revision >= `revision` (binary search in the kept history)."""
        lo, hi = 0, len(self._history)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._history[mid].kv.mod_revision < revision:
                lo = mid + 1
            else:
                hi = mid
        return self._history[lo:]

    def _notify(self, events):
        for watcher in sorted(self._watchers, key=id) if len(self._watchers) > 1 else list(self._watchers):
            for event in events:
                if not watcher.cancelled and watcher.matches(event.kv.key):
                    watcher.callback(event)

    def compact(self, revision):
        """Forget history up to `revision`; watches from before it fail as in etcd."""
        if revision <= self.compact_revision:
            raise CompactedError()
        if revision > self.revision:
            raise FutureRevisionError()
        if self.raft is not None:
            self.raft.commit()
        self._history = self.history_since(revision)
        self.compact_revision = revision

    # backup and restore
    def state(self):
        """What a snapshot holds: key-values, the history since the last compaction, leases, revisions."""
        return {"revision": self.revision, "compact_revision": self.compact_revision,
                "kvs": [list(kv) for kv in self.range("", prefix=True)],
                "history": [[e.type, list(e.kv), list(e.prev_kv) if e.prev_kv else None] for e in self._history],
                "leases": [[lease.id, lease.ttl] for _, lease in sorted(self._leases.items())]}

    def restore(self, state):
        """Serve `state` (a restored data directory) instead of the current content. Watchers are told
        the difference, as a watch cache that relists sees it: deletions, then changes and additions."""
        old = self._kv
        for lease in self._leases.values():
            if lease.timer:
                lease.timer.cancel()
        self._kv, self._dirs, self._leases, self.file_size = {}, {}, {}, 0
        for fields in state["kvs"]:
            kv = KeyValue(*fields)
            self._kv[kv.key] = kv
            self._dirs.setdefault(_parent(kv.key), {})[kv.key] = None
        self._history = [Event(t, KeyValue(*kv), KeyValue(*prev) if prev else None) for t, kv, prev in state["history"]]
        self.revision, self.compact_revision = state["revision"], state["compact_revision"]
        for lease_id, ttl in state["leases"]:
            lease = self._leases[lease_id] = Lease(lease_id, ttl)
            self._next_lease = max(self._next_lease, lease_id)
            self._schedule(lease)  # a restarted lessor extends every lease by its TTL
        for kv in self._kv.values():
            if kv.lease in self._leases:
                self._leases[kv.lease].keys.add(kv.key)
        gone = [Event("DELETE", KeyValue(k, "", 0, self.revision, 0), old[k]) for k in sorted(old) if k not in self._kv]
        changed = [Event("PUT", kv, old.get(k)) for k, kv in sorted(self._kv.items()) if old.get(k) != kv]
        self._notify(gone + changed)

    # leases
    def grant(self, ttl):
        """Grant a lease of `ttl` seconds; keys put with it are deleted when it expires."""
        if self.raft is not None:
            self.raft.commit()
        self._next_lease += 1
        lease = Lease(self._next_lease, ttl)
        self._leases[lease.id] = lease
        self._schedule(lease)
        return lease.id

    def keepalive(self, lease_id):
        lease = self._leases.get(lease_id)
        if lease is None:
            raise LeaseNotFoundError()
        self._schedule(lease)
        return lease.ttl

    def revoke(self, lease_id):
        if self.raft is not None:
            self.raft.require()
        lease = self._leases.pop(lease_id, None)
        if lease is None:
            raise LeaseNotFoundError()
        if lease.timer:
            lease.timer.cancel()
        if lease.keys:
            self.txn([], [("delete", k) for k in sorted(lease.keys)], [])
        elif self.raft is not None:
            self.raft.commit()

    def time_to_live(self, lease_id):
        lease = self._leases.get(lease_id)
        if lease is None:
            return -1
        return max(0, int(round(lease.expires - self.clock.now))) if self.clock else lease.ttl

    def leases(self):
        return sorted(self._leases)

    def has_lease(self, lease_id):
        return lease_id in self._leases

    def _schedule(self, lease):
        if self.clock is None:
            return
        if lease.timer:
            lease.timer.cancel()
        lease.expires = self.clock.now + lease.ttl
        lease.timer = self.clock.call_at(lease.expires, lambda: self._expire(lease.id))

    def _expire(self, lease_id):
        if lease_id not in self._leases:
            return
        if self.raft is not None and not self.raft.available():
            return  # only a leader revokes; the next one extends the lease when it takes over
        self.revoke(lease_id)


class Lease:
    __slots__ = ("id", "ttl", "keys", "expires", "timer")

    def __init__(self, lease_id, ttl):
        self.id, self.ttl, self.keys, self.expires, self.timer = lease_id, ttl, set(), 0.0, None
