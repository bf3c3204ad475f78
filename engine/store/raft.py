"""etcd's members and their Raft quorum: which members run and reach each other, who leads, in which term.

Writes and linearizable reads need a leader, and a leader needs a majority of the members; a lost leader
is replaced after a randomized election timeout when a majority still runs and reaches each other."""
import hashlib

ELECTION_TIMEOUT = 1.0  # --election-timeout=1000ms: a follower campaigns after 1-2 timeouts without a leader
CLUSTER_TOKEN = "etcd-cluster"  # --initial-cluster-token's default: part of every member ID


class NoQuorumError(Exception):
    """What etcd answers a request it cannot commit (no leader within the request timeout)."""

    def __init__(self, message="etcdserver: request timed out"):
        super().__init__(message)


def member_id(peer_urls, cluster_token=CLUSTER_TOKEN):
    """computeMemberId: the first 8 bytes of SHA-1 over the sorted peer URLs and the cluster token."""
    digest = hashlib.sha1(("".join(sorted(peer_urls)) + cluster_token).encode()).digest()
    return int.from_bytes(digest[:8], "big")


class Member:
    def __init__(self, name, ip):
        self.name, self.ip = name, ip
        self.peer_url, self.client_url = f"https://{ip}:2380", f"https://{ip}:2379"
        self.id = member_id([self.peer_url])
        self.running, self.group = True, 0
        self.term, self.leader_id, self.index = 2, 0, 0  # what this member last knew


class Raft:
    """`members` as (name, ip) pairs; the store counts committed entries through `commit()`."""

    def __init__(self, members, clock, rng):
        self.members = [Member(name, ip) for name, ip in members]
        self.clock, self.rng = clock, rng
        self.index = 4  # a new member's log: its configuration change, the first election, attributes, version
        self.leader, self.term, self._election = None, 2, None
        self.on_leader = []  # called when a new leader takes over (the lessor extends every lease then)
        self.on_change = []  # called after any change of members, network or leader (views redraw)
        self._elect(self._majority_component())

    # ---- state
    @property
    def cluster_id(self):
        """RaftCluster.genID: the first 8 bytes of SHA-1 over the sorted member IDs, 8 big-endian bytes each."""
        data = b"".join(m.to_bytes(8, "big") for m in sorted(m.id for m in self.members))
        return int.from_bytes(hashlib.sha1(data).digest()[:8], "big")

    def member(self, name):
        for m in self.members:
            if m.name == name:
                return m
        raise KeyError(f"no etcd member named {name!r}: {', '.join(m.name for m in self.members)}")

    def available(self):
        return self.leader is not None

    def require(self):
        if self.leader is None:
            raise NoQuorumError()

    def commit(self):
        """One entry appended by the leader and acknowledged by its majority."""
        self.require()
        self.index += 1
        for m in self._component(self.leader):
            m.index = self.index

    def reset_log(self, index):
        """The members start over on a restored log whose last entry is `index`."""
        self.index = index
        if self.leader is not None:
            self._sync(self._component(self.leader))

    def knows_leader(self, member):
        return self.leader is not None and member in self._component(self.leader)

    # ---- what a learner (or a failure) does
    def stop(self, name):
        """The member's process stops (its static pod or unit is gone)."""
        self.member(name).running = False
        self._changed()

    def start(self, name):
        self.member(name).running = True
        self._changed()

    def partition(self, *groups):
        """Cut the network between groups of member names; members not named form one more group."""
        named = {name for group in groups for name in group}
        for i, group in enumerate(groups, 1):
            for name in group:
                self.member(name).group = i
        for m in self.members:
            if m.name not in named:
                m.group = 0
        self._changed()

    def heal(self):
        for m in self.members:
            m.group = 0
        self._changed()

    # ---- elections
    def _component(self, member):
        if not member.running:
            return []
        return [m for m in self.members if m.running and m.group == member.group]

    def _majority_component(self):
        need = len(self.members) // 2 + 1
        for m in self.members:
            component = self._component(m)
            if len(component) >= need:
                return component
        return None

    def _changed(self):
        component = self._majority_component()
        if self.leader is not None and (component is None or self.leader not in component):
            self.leader = None  # its heartbeats no longer reach a majority: it steps down
        for m in self.members:
            if m.running and not (self.leader is not None and m in self._component(self.leader)):
                m.leader_id = 0
        if self.leader is None and component is not None and self._election is None:
            # the first follower whose randomized timeout fires campaigns and, with pre-vote, wins
            delay = min(ELECTION_TIMEOUT * (1 + self.rng.random()) for _ in component)
            self._election = self.clock.call_later(delay, self._campaign)
        elif self.leader is not None:
            self._sync(self._component(self.leader))
        self._notify()

    def _notify(self):
        for listener in list(self.on_change):
            listener()

    def _campaign(self):
        self._election = None
        component = self._majority_component()
        if component is None or self.leader is not None:
            return
        self._elect(component, first=False)

    def _elect(self, component, first=True):
        if component is None:
            return
        candidate = component[self.rng.randrange(len(component))]
        if not first:
            self.term = max(m.term for m in component) + 1
            self.index += 1  # the new leader's empty entry
        self.leader = candidate
        self._sync(component)
        for listener in list(self.on_leader):
            listener()
        self._notify()

    def _sync(self, component):
        for m in component:
            m.term, m.leader_id, m.index = self.term, self.leader.id, self.index
