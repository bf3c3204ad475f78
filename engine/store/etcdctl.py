"""A small etcdctl (v3.5) for looking inside the simulated etcd: `get KEY [--prefix] [--keys-only] ...`,
`member list`, `endpoint status` and `endpoint health` (with `--cluster`, `-w table|simple|json`).

Values are shown as stored: JSON (a real cluster usually stores protobuf, unreadable without a decoder).
Commands go to --endpoints (default 127.0.0.1:2379: the member on the host etcdctl runs on, the first one)."""
import json
import math
import random
import shlex
from dataclasses import dataclass

from ..api.gofmt import go_duration

VERSION = "3.5.16"
DEADLINE = "context deadline exceeded"  # what the client says after its 5 s command timeout


@dataclass
class EtcdctlResult:
    stdout: str
    stderr: str
    exit_code: int

    def __repr__(self):
        return self.stdout + self.stderr


USAGE = "Error: unknown command \"{0}\" for \"etcdctl\"\n"


class Invocation:
    """One command line: the store, the members, and the global flags it was given."""

    def __init__(self, store, raft, clock, args):
        self.store, self.raft, self.clock = store, raft, clock
        self.writer, self.endpoints, self.cluster, self.consistency, self.rest = "simple", None, False, "l", []
        args = list(args)
        for i, arg in enumerate(args):  # `-w table` is `-w=table`
            if arg in ("-w", "--write-out", "--endpoints", "--consistency") and i + 1 < len(args):
                args[i:i + 2] = [f"{arg}={args[i + 1]}", None]
        for arg in filter(None, args):
            key, _, value = arg.partition("=")
            if key in ("--write-out", "-w"):
                self.writer = value
            elif key == "--endpoints":
                self.endpoints = [e for e in value.split(",") if e]
            elif arg == "--cluster":
                self.cluster = True
            elif key == "--consistency":
                self.consistency = value
            else:
                self.rest.append(arg)

    def targets(self):
        """(endpoint as given, member or None) for each endpoint."""
        given = self.endpoints or ["127.0.0.1:2379"]
        return [(ep, self.member_at(ep)) for ep in given]

    def member_at(self, endpoint):
        if self.raft is None:
            return None
        host = endpoint.split("://")[-1].rsplit(":", 1)[0]
        if host in ("127.0.0.1", "localhost"):
            return self.raft.members[0]
        return next((m for m in self.raft.members if m.ip == host), None)

    def reachable(self, member):
        return self.raft is None or (member is not None and member.running)

    def quorum_from(self, member):
        return self.raft is None or (self.reachable(member) and self.raft.knows_leader(member))


def run(store, command, raft=None, clock=None):
    """Run one etcdctl command line against `store` (and the members of `raft`)."""
    args = shlex.split(command)
    if args and args[0] == "etcdctl":
        args = args[1:]
    inv = Invocation(store, raft, clock, args)
    if not inv.rest:
        return EtcdctlResult("", "Error: please specify a command\n", 1)
    verb, rest = inv.rest[0], inv.rest[1:]
    if verb == "get":
        return _get(inv, rest)
    if verb == "version":
        return EtcdctlResult(f"etcdctl version: {VERSION}\nAPI version: 3.5\n", "", 0)
    if verb == "member" and rest[:1] == ["list"]:
        return _member_list(inv)
    if verb == "endpoint" and rest[:1] == ["status"]:
        return _endpoint_status(inv)
    if verb == "endpoint" and rest[:1] == ["health"]:
        return _endpoint_health(inv)
    return EtcdctlResult("", USAGE.format(verb), 1)


def _deadline():
    return EtcdctlResult("", f"Error: {DEADLINE}\n", 1)


def _get(inv, args):
    store = inv.store
    _, member = inv.targets()[0]
    if not inv.reachable(member) or (inv.consistency != "s" and not inv.quorum_from(member)):
        return _deadline()  # a linearizable read needs the leader's confirmation; a serializable one only the member
    flags = {a for a in args if a.startswith("--")}
    positional = [a for a in args if not a.startswith("--")]
    limit = 0
    for flag in list(flags):
        if flag.startswith("--limit="):
            limit = int(flag.split("=", 1)[1])
            flags.discard(flag)
    writer = inv.writer
    unknown = flags - {"--prefix", "--keys-only", "--print-value-only"}
    if unknown:
        return EtcdctlResult("", f"Error: unknown flag: {sorted(unknown)[0]}\n", 1)
    if not positional:
        return EtcdctlResult("", "Error: get command needs one argument as key and an optional argument as range_end\n", 1)
    kvs = store.range(positional[0], prefix="--prefix" in flags, limit=limit)
    if writer == "json":
        body = {"header": {"revision": store.revision},
                "kvs": [{"key": kv.key, "create_revision": kv.create_revision, "mod_revision": kv.mod_revision,
                         "version": kv.version, **({"value": kv.value} if "--keys-only" not in flags else {})}
                        for kv in kvs],
                "count": len(kvs)}
        return EtcdctlResult(json.dumps(body) + "\n", "", 0)
    lines = []
    for kv in kvs:
        if "--print-value-only" not in flags:
            lines.append(kv.key)
        if "--keys-only" in flags:
            lines.append("")
        else:
            lines.append(kv.value)
    return EtcdctlResult("".join(line + "\n" for line in lines), "", 0)


# ---- cluster commands
def _member_list(inv):
    """MemberList is served by the member asked (not linearizable by default): it needs only to run."""
    _, member = inv.targets()[0]
    if inv.raft is None or not inv.reachable(member):
        return _deadline()
    rows = [[f"{m.id:x}", "started", m.name, m.peer_url, m.client_url, "false"] for m in inv.raft.members]
    if inv.writer == "table":
        return EtcdctlResult(table(["ID", "Status", "Name", "Peer Addrs", "Client Addrs", "Is Learner"], rows), "", 0)
    if inv.writer == "json":
        body = {"header": _header(inv, member), "members": [
            {"ID": m.id, "name": m.name, "peerURLs": [m.peer_url], "clientURLs": [m.client_url]} for m in inv.raft.members]}
        return EtcdctlResult(json.dumps(body, separators=(",", ":")) + "\n", "", 0)
    return EtcdctlResult("".join(", ".join(r) + "\n" for r in rows), "", 0)


def _endpoints(inv):
    if not inv.cluster:
        return inv.targets()
    _, member = inv.targets()[0]
    if not inv.reachable(member):
        return None
    return [(m.client_url, m) for m in inv.raft.members]


def _endpoint_status(inv):
    endpoints = _endpoints(inv)
    if endpoints is None:
        return EtcdctlResult("", f"Error: failed to fetch endpoints from etcd cluster member list: {DEADLINE}\n", 1)
    rows, errors = [], ""
    for ep, member in endpoints:
        if not inv.reachable(member):
            errors += f"Failed to get the status of endpoint {ep} ({DEADLINE})\n"
            continue
        leader = member.leader_id
        rows.append([ep, f"{member.id:x}", VERSION, humanize_bytes(db_size(inv.store)), str(leader == member.id).lower(),
                     "false", str(member.term), str(member.index), str(member.index),
                     "" if leader else "etcdserver: no leader"])
    if inv.writer == "table":
        out = table(["endpoint", "ID", "version", "db size", "is leader", "is learner", "raft term", "raft index",
                     "raft applied index", "errors"], rows)
    else:
        out = "".join(", ".join(r) + "\n" for r in rows)
    return EtcdctlResult(out, errors, 1 if errors else 0)


def _endpoint_health(inv):
    endpoints = _endpoints(inv)
    if endpoints is None:
        return EtcdctlResult("", f"Error: failed to fetch endpoints from etcd cluster member list: {DEADLINE}\n", 1)
    rng = random.Random(f"etcdctl/{inv.clock.now if inv.clock else 0}")
    healthy, sick = [], []
    for ep, member in endpoints:  # the slow (timed out) answers arrive last
        if inv.quorum_from(member):
            healthy.append((ep, "true", go_duration(round(rng.uniform(0.002, 0.012), 9)), ""))
        else:
            sick.append((ep, "false", go_duration(5 + round(rng.uniform(0.0001, 0.002), 9)), DEADLINE))
    results = healthy + sick
    if inv.writer == "table":
        out, err = table(["endpoint", "health", "took", "error"], [list(r) for r in results]), ""
    else:
        out = "".join(f"{ep} is healthy: successfully committed proposal: took = {took}\n" for ep, _, took, _ in healthy)
        err = "".join(f"{ep} is unhealthy: failed to commit proposal: {e}\n" for ep, _, _, e in sick)
    if sick:
        return EtcdctlResult(out, err + "Error: unhealthy cluster\n", 1)
    return EtcdctlResult(out, err, 0)


def _header(inv, member):
    return {"cluster_id": inv.raft.cluster_id, "member_id": member.id, "raft_term": member.term}


def db_size(store):
    """The bolt file: live and historical key-values since the last compaction, in 4 KiB pages."""
    live = sum(len(kv.key) + len(kv.value) for kv in store.range("", prefix=True))
    history = sum(len(e.kv.key) + len(e.kv.value or "") for e in store.history_since(store.compact_revision + 1))
    return max(5, math.ceil((live + history) / 4096) + 4) * 4096


def humanize_bytes(size):
    """go-humanize's Bytes: SI units, one decimal under 10."""
    if size < 10:
        return f"{size} B"
    units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
    exponent = int(math.floor(math.log(size) / math.log(1000)))
    value = math.floor(size / 1000 ** exponent * 10 + 0.5) / 10
    return (f"{value:.0f} {units[exponent]}" if value >= 10 else f"{value:.1f} {units[exponent]}")


def table(header, rows):
    """olekukonko/tablewriter as etcdctl sets it up: upper-case centred headers, cells aligned right."""
    titles = [h.replace("_", " ").replace(".", " ").strip().upper() for h in header]
    widths = [max([len(t)] + [len(r[i]) for r in rows]) for i, t in enumerate(titles)]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+\n"

    def centred(text, width):
        gap = width - len(text)
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    out = line + "|" + "|".join(f" {centred(t, w)} " for t, w in zip(titles, widths)) + "|\n" + line
    for r in rows:
        out += "|" + "|".join(f" {c.rjust(w)} " for c, w in zip(r, widths)) + "|\n"
    return out + line
