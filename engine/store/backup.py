"""Backup and restore as etcd v3.5.16 does them: `etcdctl snapshot save` (the client's JSON log lines),
`etcdutl snapshot status|restore` (its console log lines) and etcdctl's deprecated `snapshot status|restore`.

Files are read and written through `files`, a process (or the control-plane host, see host.py): anything
with `fs` (Mounts) and `path(name)`. The etcd server opens a restored data directory in `open_data_dir`."""
import hashlib
import json
import posixpath

from ..node.runtime.fs import FsError
from . import snapshot
from .raft import member_id

VERSION = "3.5.16"
DEFAULT_PEER = "http://localhost:2380"  # restore's --initial-advertise-peer-urls default
DEPRECATED = "Deprecated: Use `etcdutl snapshot {0}` instead.\n\n"
EXIT_ERROR, EXIT_INTERRUPTED, EXIT_BAD_ARGS = 1, 5, 128


def _result(stdout, stderr, code):
    from .etcdctl import EtcdctlResult
    return EtcdctlResult(stdout, stderr, code)


def _json_log(clock, caller, msg, logger=None, **fields):
    """One line of etcdctl's zap JSON logger (level info, ts with microseconds)."""
    line = {"level": "info", "ts": clock.micro_timestamp() if clock else ""}
    if logger:
        line["logger"] = logger
    line.update({"caller": caller, "msg": msg, **fields})
    return json.dumps(line, separators=(",", ":")) + "\n"


def _console_log(clock, caller, msg, **fields):
    """One line of etcdutl's console logger: RFC 3339 time, level, caller, message, then the fields as JSON."""
    at = clock.datetime().strftime("%Y-%m-%dT%H:%M:%SZ") if clock else ""
    tail = "\t" + json.dumps(fields, separators=(", ", ": ")) if fields else ""
    return f"{at}\tinfo\t{caller}\t{msg}{tail}\n"


def save(inv, args, files):
    """`etcdctl snapshot save FILE`: the member at the one endpoint streams its database into FILE."""
    from .etcdctl import DEADLINE, _retry_warning, humanize_bytes
    if len(args) != 1:
        return _result("", "Error: snapshot save expects one argument\n", EXIT_BAD_ARGS)
    endpoints = inv.endpoints or ["127.0.0.1:2379"]
    if len(endpoints) != 1:
        return _result("", f"Error: snapshot must be requested to one selected node, not multiple [{' '.join(endpoints)}]\n",
                       EXIT_INTERRUPTED)
    if files is None:
        return _result("", "Error: no filesystem to save the snapshot in\n", EXIT_INTERRUPTED)
    path, clock = args[0], inv.clock
    part = path + ".part"
    try:
        files.fs.write(files.path(part), "", mode=0o600)
    except FsError as err:
        return _result("", f"Error: could not open {part} (open {part}: {err.strerror.lower()})\n", EXIT_INTERRUPTED)
    log = _json_log(clock, "snapshot/v3_snapshot.go:65", "created temporary db file", path=part)
    _, member = inv.targets()[0]
    if not inv.reachable(member):
        files.fs.remove(files.path(part))
        return _result("", log + f"{_retry_warning(inv, DEADLINE)}\nError: {DEADLINE}\n", EXIT_INTERRUPTED)
    text = snapshot.dump(inv.store)
    files.fs.write(files.path(part), text)
    files.fs.rename(files.path(part), files.path(path))
    endpoint = endpoints[0]
    log += (_json_log(clock, f"v3@v{VERSION}/maintenance.go:212", "opened snapshot stream; downloading", logger="client")
            + _json_log(clock, "snapshot/v3_snapshot.go:73", "fetching snapshot", endpoint=endpoint)
            + _json_log(clock, f"v3@v{VERSION}/maintenance.go:220", "completed snapshot read; closing", logger="client")
            + _json_log(clock, "snapshot/v3_snapshot.go:88", "fetched snapshot", endpoint=endpoint,
                        size=humanize_bytes(len(text.encode())), took="now")
            + _json_log(clock, "snapshot/v3_snapshot.go:97", "saved", path=path))
    return _result(f"Snapshot saved at {path}\n", log, 0)


def etcdctl_offline(inv, rest, files):
    """etcdctl's deprecated `snapshot status` and `snapshot restore`: etcdutl's, after a warning."""
    result = etcdutl_command(rest, files, inv.clock, inv.writer, data_dir_required=False)
    return _result(result.stdout, DEPRECATED.format(rest[0]) + result.stderr, result.exit_code)


def etcdutl(command, files, clock):
    """Run one `etcdutl` command line (argv) with its files in `files`."""
    args = list(command)
    if args and args[0].rsplit("/", 1)[-1] == "etcdutl":
        args = args[1:]
    writer, rest, i = "simple", [], 0
    while i < len(args):
        name, eq, value = args[i].partition("=")
        if name in ("-w", "--write-out"):
            if not eq:
                i += 1
                value = args[i] if i < len(args) else ""
            writer = value
        else:
            rest.append(args[i])
        i += 1
    if not rest:
        return _result("", "Error: please specify a command\n", 1)
    if rest[0] == "version":
        return _result(f"etcdutl version: {VERSION}\nAPI version: 3.5\n", "", 0)
    if rest[0] == "snapshot" and rest[1:2] == ["save"]:
        return _result("", "Command \"save\" is deprecated, Use `etcdctl snapshot save` to download snapshot\n"
                           "Error: In order to download snapshot use: `etcdctl snapshot save ...`\n", EXIT_BAD_ARGS)
    if rest[0] == "snapshot" and rest[1:2] in (["status"], ["restore"]):
        return etcdutl_command(rest[1:], files, clock, writer)
    return _result("", f"Error: unknown command \"{rest[0]}\" for \"etcdutl\"\nRun 'etcdutl --help' for usage.\n", 1)


def etcdutl_command(rest, files, clock, writer, data_dir_required=True):
    """`snapshot status FILE` or `snapshot restore FILE [flags]` (rest starts at status/restore); etcdutl's
    restore requires --data-dir, etcdctl's defaults it to NAME.etcd."""
    if rest[0] == "status":
        return _status(rest[1:], files, writer)
    return _restore(rest[1:], files, clock, data_dir_required)


def _read(files, path):
    """The file's text, or the Go error etcdutl prints for it."""
    if files is None:
        return None, f"stat {path}: no such file or directory"
    try:
        if files.fs.is_dir(files.path(path)):
            return None, "invalid database"
        return files.fs.read(files.path(path)), None
    except FsError as err:
        return None, f"stat {path}: {err.strerror.lower()}"


def _status(args, files, writer):
    from .etcdctl import humanize_bytes, table
    if len(args) != 1:
        return _result("", "Error: snapshot status requires exactly one argument\n", EXIT_BAD_ARGS)
    text, error = _read(files, args[0])
    if error is None:
        try:
            digest, revision, keys, size = snapshot.status(text)
        except snapshot.SnapshotError as err:
            error = str(err)
    if error is not None:
        return _result("", f"Error: {error}\n", EXIT_ERROR)
    row = [f"{digest:x}", str(revision), str(keys), humanize_bytes(size)]
    if writer == "table":
        return _result(table(["hash", "revision", "total keys", "total size"], [row]), "", 0)
    if writer == "json":
        return _result(json.dumps({"hash": digest, "revision": revision, "totalKey": keys, "totalSize": size},
                                  separators=(",", ":")) + "\n", "", 0)
    if writer == "fields":
        return _result("", "Error: fields not supported as output format\n", 4)
    return _result(", ".join(row) + "\n", "", 0)


RESTORE_FLAGS = ("--data-dir", "--wal-dir", "--initial-cluster", "--initial-cluster-token",
                 "--initial-advertise-peer-urls", "--name", "--bump-revision", "--initial-memory-map-size")


def _restore_flags(args):
    flags, positional, i = {}, [], 0
    while i < len(args):
        name, eq, value = args[i].partition("=")
        if name in RESTORE_FLAGS:
            if not eq:
                i += 1
                value = args[i] if i < len(args) else ""
            flags[name] = value
        elif name in ("--skip-hash-check", "--mark-compacted"):
            flags[name] = value or "true"
        elif name.startswith("-") and name != "-":
            return None, f"unknown flag: {name}"
        else:
            positional.append(args[i])
        i += 1
    return flags, positional


def _restore(args, files, clock, data_dir_required):
    flags, positional = _restore_flags(args)
    if flags is None:
        return _result("", f"Error: {positional}\n", 1)
    if data_dir_required and "--data-dir" not in flags:  # cobra's check (its usage text is not shown here)
        return _result("", 'Error: required flag(s) "data-dir" not set\n', 1)
    if len(positional) != 1:
        return _result("", "Error: snapshot restore requires exactly one argument\n", EXIT_BAD_ARGS)
    bump_text = flags.get("--bump-revision", "0")
    if not bump_text.isdigit():
        return _result("", f'Error: invalid argument "{bump_text}" for "--bump-revision" flag: strconv.ParseUint: '
                           f'parsing "{bump_text}": invalid syntax\n', 1)
    bump, marked = int(bump_text), flags.get("--mark-compacted", "false") == "true"
    if (bump == 0 and marked) or (bump > 0 and not marked):
        return _result("", "Error: --mark-compacted required if --revision-bump > 0\n", EXIT_BAD_ARGS)
    name = flags.get("--name", "default")
    peers = flags.get("--initial-advertise-peer-urls", DEFAULT_PEER).split(",")
    refused = _verify_bootstrap(name, peers, flags.get("--initial-cluster", f"default={DEFAULT_PEER}"))
    if refused:
        return _result("", f"Error: {refused}\n", EXIT_ERROR)
    data_dir = flags.get("--data-dir") or f"{name}.etcd"
    wal_dir = flags.get("--wal-dir") or posixpath.join(data_dir, "member", "wal")
    snap_dir = posixpath.join(data_dir, "member", "snap")
    text, error = _read(files, positional[0])
    state = None
    if error is None:
        try:
            state = snapshot.load(text)
        except snapshot.SnapshotError as err:
            error = str(err)
    if error is not None:
        return _result("", f"Error: {error.replace('stat ', 'open ', 1)}\n", EXIT_ERROR)
    target = files.path(data_dir)
    if files.fs.exists(target) and (not files.fs.is_dir(target) or files.fs.listdir(target)):
        return _result("", f'Error: data-dir "{data_dir}" not empty or could not be read\n', EXIT_ERROR)
    fields = {"path": positional[0], "wal-dir": wal_dir, "data-dir": data_dir, "snap-dir": snap_dir,
              "initial-memory-map-size": int(flags.get("--initial-memory-map-size", "0") or 0) or 10737418240}
    log = _console_log(clock, "snapshot/v3_snapshot.go:265", "restoring snapshot", **fields)
    log += _console_log(clock, "membership/store.go:141", "Trimming membership information from the backend...")
    if bump:
        log += _console_log(clock, "snapshot/v3_snapshot.go:356", "bumping latest revision",
                            **{"latest-revision": state["revision"], "bump-amount": bump,
                               "new-latest-revision": state["revision"] + bump})
        state["revision"] += bump
        log += _console_log(clock, "snapshot/v3_snapshot.go:373", "marking revision compacted", revision=state["revision"])
        state["compact_revision"], state["history"] = state["revision"], []
    token = flags.get("--initial-cluster-token", "etcd-cluster")
    peer_id = member_id(peers, token)
    cluster = _cluster_id(peer_id)
    log += _console_log(clock, "membership/cluster.go:421", "added member",
                        **{"cluster-id": f"{cluster:x}", "local-member-id": "0", "added-peer-id": f"{peer_id:x}",
                           "added-peer-peer-urls": peers})
    state["member"] = {"name": name, "id": peer_id, "peer_urls": peers}
    try:
        files.fs.mkdir(files.path(snap_dir), parents=True, mode=0o700)
        files.fs.mkdir(files.path(wal_dir), parents=True, mode=0o700)
        files.fs.write(files.path(posixpath.join(snap_dir, "db")), snapshot.dump_state(state, len(text.encode()) - snapshot.CHECKSUM_SIZE), mode=0o600)
        files.fs.write(files.path(posixpath.join(wal_dir, "0000000000000000-0000000000000000.wal")), "", mode=0o600)
    except FsError as err:
        return _result("", log + f"Error: mkdir {data_dir}: {err.strerror.lower()}\n", EXIT_ERROR)
    log += _console_log(clock, "snapshot/v3_snapshot.go:293", "restored snapshot", **fields)
    return _result("", log, 0)


def _verify_bootstrap(name, peers, initial):
    """ServerConfig.VerifyBootstrap: this member is in --initial-cluster with the peer URLs it advertises."""
    cluster = {}
    for item in initial.split(","):
        member, _, url = item.partition("=")
        cluster.setdefault(member, []).append(url)
    if name not in cluster:
        return f'couldn\'t find local name "{name}" in the initial cluster configuration'
    urls, advertised = sorted(cluster[name]), sorted(peers)
    resolved = [[u.replace("://localhost:", "://127.0.0.1:") for u in group] for group in (advertised, urls)]
    if resolved[0] == resolved[1]:
        return None
    if len(advertised) != len(urls):
        why = f"len({_go_strings(advertised)}) != len({_go_strings(urls)})"
    else:
        a, b = next((a, b) for a, b in zip(*resolved) if a != b)
        why = f'resolved urls: "{a}" != "{b}"'
    missing = [u for u in urls if u not in advertised]
    if missing:
        return (f"--initial-cluster has {','.join(f'{name}={u}' for u in missing)} but missing from "
                f"--initial-advertise-peer-urls={','.join(advertised)} ({why})")
    extra = [u for u in advertised if u not in urls]
    return f"--initial-advertise-peer-urls has {','.join(extra)} but missing from --initial-cluster={name}={','.join(peers)}"


def _go_strings(values):
    return "[" + " ".join(f'"{v}"' for v in values) + "]"


def _cluster_id(peer_id):
    """RaftCluster.genID for a cluster of one member."""
    return int.from_bytes(hashlib.sha1(peer_id.to_bytes(8, "big")).digest()[:8], "big")


class HostFiles:
    """The control-plane node's own filesystem, where `c.etcdctl` and `c.etcdutl` run as root: its root
    folder with every hostPath folder the kubelet mounted over it. Writing a manifest in
    /etc/kubernetes/manifests makes the kubelet restart that static pod (inotify: at once)."""

    def __init__(self, kubelet):
        from ..node.kubelet import static_pods
        self.kubelet, self.cwd = kubelet, "/root"
        self.root = kubelet.volume_manager._host_path({"path": "/"})
        static_pods.watch_manifests(kubelet, self.root)

    @property
    def fs(self):
        from ..node.runtime.fs import Mounts
        view = Mounts(self.root, self.kubelet.clock)
        for path, tree in sorted(self.kubelet.volume_manager.host_paths.items()):
            if path != "/":
                view.mount(path, tree)
        return view

    def path(self, name):
        return posixpath.normpath(posixpath.join(self.cwd, name)) if name else self.cwd

    def edit(self, path, editor):
        """Rewrite a file with `editor(text)` (what `sed -i` does), then let the kubelet see it."""
        from ..node.kubelet import static_pods
        fs = self.fs
        fs.write(path, editor(fs.read(path)))
        static_pods.reload_manifests(self.kubelet, self.root)

    def path_of(self, tree):
        return next((p for p, t in self.kubelet.volume_manager.host_paths.items() if t is tree), None)

    def db(self, tree):
        """The database file (member/snap/db) of a data directory: in its own hostPath folder, or written in
        the root folder before that folder was mounted."""
        for base, prefix in ((tree, ""), (self.root, self.path_of(tree) or "")):
            try:
                node = base.lookup(snapshot_path(prefix))
            except FsError:
                continue
            if node.kind == "file":
                return node.data
        return None


def snapshot_path(prefix):
    from ..node.runtime.fs import split
    return split(posixpath.join(prefix or "/", "member", "snap", "db"))


def open_data_dir(store, raft, tree):
    """The etcd server starts on the data directory `tree`: the one it served (nothing changes), or another
    one (a restored directory: its content replaces the store's; an empty one: a new, empty etcd)."""
    if store.data_dir is None or tree is None:
        store.data_dir = tree
        if tree is not None:  # etcd's layout (the database itself is written when the folder is left)
            tree.add_dir("/member/snap", mode=0o700)
            tree.add_dir("/member/wal", mode=0o700)
        return
    if tree is store.data_dir:
        return
    host = store.host
    text = host.db(tree) if host is not None else None
    store.data_dir.add("/member/snap/db", snapshot.dump(store), mode=0o600)  # what stays on the old disk
    store.data_dir = tree
    state = snapshot.load(text) if text else {"revision": 1, "compact_revision": 0, "kvs": [], "history": [], "leases": []}
    member = state.get("member")
    if member and raft is not None:  # the restored membership: its member ID and peer URLs, not the flags'
        local, old_id = raft.members[0], raft.members[0].id
        local.id, local.peer_url = member["id"], member["peer_urls"][0]
        for m in raft.members:
            m.leader_id = local.id if m.leader_id == old_id else m.leader_id
    if raft is not None:  # the restored log: one configuration entry, then an election, attributes, version
        raft.reset_log(4)
    store.restore(state)
