"""etcd's backup files: what `etcdctl snapshot save` writes, `etcdutl snapshot status` reads and
`etcdutl snapshot restore` turns into a data directory (member/snap/db, member/wal) the etcd server opens.

A real snapshot is etcd's bolt database with a SHA-256 appended. Here the file holds the store's content
as JSON (live keys, the history since the last compaction, leases, revisions), padded with NULs to the
size the bolt file would have, plus 32 bytes, so its size passes etcd's checksum test (size % 512 == 32)."""
import json
import math
import zlib

MAGIC = "etcd-sim-snapshot/1"
CHECKSUM_SIZE = 32  # the sha256 the server appends to the streamed database
# entries of the buckets besides "key" and "lease" (meta: consistent_index, term, confState;
# members: one; cluster: clusterVersion; auth: authEnabled, authRevision)
OTHER_ENTRIES = 7


class SnapshotError(Exception):
    pass


def db_size(store):
    """The bolt file: live and historical key-values since the last compaction, in 4 KiB pages. The file
    never shrinks by itself: pages a compaction frees stay in it until a defragmentation (store.file_size
    is the largest size seen since the last one)."""
    live = sum(len(kv.key) + len(kv.value) for kv in store.range("", prefix=True))
    history = sum(len(e.kv.key) + len(e.kv.value or "") for e in store.history_since(store.compact_revision + 1))
    store.file_size = max(store.file_size, max(5, math.ceil((live + history) / 4096) + 4) * 4096)
    return store.file_size


def dump(store):
    """The snapshot file's text for the store as it is now."""
    return dump_state(store.state(), db_size(store))


def dump_state(state, size):
    """A database file of `size` bytes (more whole pages if the content needs them) and the checksum."""
    body = json.dumps({**state, "magic": MAGIC}, separators=(",", ":"))
    used = len(body.encode())
    size = max(size, math.ceil(used / 4096) * 4096)
    return body + "\0" * (size - used + CHECKSUM_SIZE)


def load(text):
    """The state a snapshot file holds, or SnapshotError for a file that is not one."""
    body = text.rstrip("\0")
    try:
        state = json.loads(body)
    except ValueError:
        raise SnapshotError("invalid database") from None
    if not isinstance(state, dict) or state.get("magic") != MAGIC:
        raise SnapshotError("invalid database")
    return state


def status(text):
    """(hash, revision, total keys, total size) as etcdutl's Status reports them: a CRC over the buckets'
    entries, the newest revision in the key bucket, the entries of every bucket, the database's size."""
    state = load(text)
    revisions = {(kv[0], kv[3]) for kv in state["kvs"]} | {(e[1][0], e[1][3]) for e in state["history"]}
    total_keys = len(revisions) + len(state["leases"]) + OTHER_ENTRIES
    digest = zlib.crc32(text.rstrip("\0").encode())
    return digest, state["revision"], total_keys, len(text.encode()) - CHECKSUM_SIZE
