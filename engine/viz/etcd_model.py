"""What the etcd view shows, as plain data: each member (running, leader, term, log index, which side
of a partition), whether the members have a quorum, the store's revision, and the latest watch events."""
from dataclasses import dataclass


@dataclass(frozen=True)
class MemberRow:
    name: str
    id: str
    state: str      # "leader", "follower", "no leader" (running, cut off from a majority) or "stopped"
    term: int
    index: int
    group: int      # partition side (0 when the network is whole)

    @property
    def cells(self):
        return (self.name, self.id, self.state, self.term, self.index, self.group or "")


@dataclass(frozen=True)
class EventRow:
    revision: int
    type: str       # PUT or DELETE
    key: str


@dataclass(frozen=True)
class EtcdModel:
    members: tuple
    quorum: int           # members a write needs
    reachable: int        # the largest group of running members that reach each other
    available: bool
    leader: str           # the leader's name, or ""
    term: int
    revision: int
    compact_revision: int
    events: tuple         # the newest watch events, newest first


def etcd_model(cluster, events=(), limit=10):
    raft, store = cluster.etcd, cluster.store
    rows = []
    for m in raft.members:
        if not m.running:
            state = "stopped"
        elif raft.leader is m:
            state = "leader"
        else:
            state = "follower" if raft.knows_leader(m) else "no leader"
        rows.append(MemberRow(m.name, f"{m.id:x}", state, m.term, m.index, m.group))
    groups = {}
    for m in raft.members:
        if m.running:
            groups[m.group] = groups.get(m.group, 0) + 1
    recent = tuple(EventRow(e.kv.mod_revision, e.type, e.kv.key) for e in list(events)[-limit:][::-1])
    return EtcdModel(tuple(rows), len(raft.members) // 2 + 1, max(groups.values(), default=0), raft.available(),
                     raft.leader.name if raft.leader else "", raft.term, store.revision, store.compact_revision, recent)
