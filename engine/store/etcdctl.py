"""A small etcdctl (v3.5) for looking inside the simulated etcd: `get KEY [--prefix] [--keys-only] ...`,
`watch KEY [--prefix] [--rev N]`, `member list`, `endpoint status` and `endpoint health` (`--cluster`,
`-w simple|fields|json|table`), and for changing it: `put`, `del`, `compaction`, `defrag`, `alarm list`,
`snapshot save|status|restore` (backup.py).

Values are shown as stored: JSON (a real cluster usually stores protobuf, unreadable without a decoder);
`-w json` prints the gRPC responses through Go's encoding/json, so keys and values come in base64 there.
Commands go to --endpoints (default 127.0.0.1:2379: the member on the host etcdctl runs on, the first one).
`secure=True` is the etcd of kubeadm's static pod: https with client certificates, so --cacert, --cert and
--key are needed, as they are for the real etcdctl inside that pod; run with `ctx` (a process in a container)
the files they name must exist there.

A watch cannot block in virtual time: it prints the events from its start revision (--rev, or the `since`
its caller gives) up to now, then returns, as if interrupted right after catching up."""
import base64
import json
import math
import random
import shlex
from dataclasses import dataclass

from ..api.gofmt import go_duration
from ..node.runtime.fs import FsError
from . import backup
from .mvcc import CompactedError, FutureRevisionError, LeaseNotFoundError
from .raft import NoQuorumError
from .snapshot import db_size

VERSION = "3.5.16"
GIT_SHA = "f20bbad"  # the v3.5.16 tag, as its release binaries print it
GO_VERSION = "go1.22.7"  # .go-version at v3.5.16
DEADLINE = "context deadline exceeded"  # what the client says after its 5 s command timeout
COMMAND_TIMEOUT = 5.0
CLIENT_POINTER = "0xc0002b4000"  # the client's address in its gRPC target (varies per run in reality)
UNKNOWN_AUTHORITY = ('latest balancer error: last connection error: connection error: desc = '
                     '"transport: authentication handshake failed: tls: failed to verify certificate: '
                     'x509: certificate signed by unknown authority"')
EXIT_BAD_ARGS, EXIT_INTERRUPTED, EXIT_BAD_FEATURE = 128, 5, 4
WRITERS = ("simple", "fields", "json", "table")  # --write-out values etcdctl knows (protobuf is not simulated)
WATCH_BATCH_REVISIONS = 1000  # mvcc's watchBatchMaxRevs: revisions a catching-up watcher gets per response
REFUSED = ('latest balancer error: last connection error: connection error: desc = "transport: Error while dialing: '
           'dial tcp {0}: connect: connection refused"')


@dataclass
class EtcdctlResult:
    stdout: str
    stderr: str
    exit_code: int
    elapsed: float = 0.0  # virtual seconds the client waited before answering (a timed-out request: 5)

    def __repr__(self):
        return self.stdout + self.stderr


CLIENT_VERBS = ("get", "member", "watch", "endpoint", "put", "del", "compaction", "defrag", "alarm", "snapshot")  # the commands that build a client (and read its TLS files)
USAGE = "Error: unknown command \"{0}\" for \"etcdctl\"\n"
GLOBAL_VALUED = ("-w", "--write-out", "--endpoints", "--consistency", "--cacert", "--cert", "--key",
                 "--command-timeout", "--dial-timeout", "--user", "--password")
ENV_FLAGS = {"ETCDCTL_ENDPOINTS": "--endpoints", "ETCDCTL_CACERT": "--cacert", "ETCDCTL_CERT": "--cert",
             "ETCDCTL_KEY": "--key", "ETCDCTL_WRITE_OUT": "--write-out"}


class Invocation:
    """One command line: the store, the members, and the global flags it was given."""

    def __init__(self, store, raft, clock, args, env=None, local=True):
        self.store, self.raft, self.clock = store, raft, clock
        self.local = local  # 127.0.0.1 is the first member's host (False: a pod of its own network)
        self.writer, self.endpoints, self.cluster, self.consistency, self.rest = "simple", None, False, "l", []
        self.tls, self.command_timeout = {}, COMMAND_TIMEOUT
        # ETCDCTL_CACERT=... and the like: flags from the environment, the command line wins
        args = [f"{flag}={(env or {})[name]}" for name, flag in ENV_FLAGS.items() if (env or {}).get(name)] + list(args)
        for i, arg in enumerate(args):  # `-w table` is `-w=table`
            if arg in GLOBAL_VALUED and i + 1 < len(args):
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
            elif key in ("--cacert", "--cert", "--key"):
                self.tls[key[2:]] = value
            elif key == "--command-timeout":
                self.command_timeout = parse_seconds(value)
            elif key in ("--dial-timeout", "--user", "--password"):
                pass
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
            return self.raft.members[0] if self.local else None
        return next((m for m in self.raft.members if m.ip == host), None)

    def reachable(self, member):
        return self.raft is None or (member is not None and member.running)

    def quorum_from(self, member):
        return self.raft is None or (self.reachable(member) and self.raft.knows_leader(member))

    def handshake_error(self):
        """Why the TLS server on 2379 (client-cert-auth) drops this client, or None. The scheme decides:
        https always speaks TLS (trusting only the system's roots without --cacert), http never, and an
        endpoint without scheme speaks TLS when any TLS flag was given (clientv3's CredsRequirement)."""
        endpoint, member = self.targets()[0]
        if member is None:
            return REFUSED.format(endpoint.split("://")[-1])
        scheme = endpoint.split("://")[0] if "://" in endpoint else ""
        uses_tls = scheme in ("https", "unixs") or (not scheme and bool(self.tls))
        if not uses_tls:
            return DEADLINE  # plain HTTP/2 to a TLS listener: nothing usable comes back
        if not self.tls.get("cacert"):
            return UNKNOWN_AUTHORITY  # the server's certificate is signed by the cluster's etcd CA
        if not (self.tls.get("cert") and self.tls.get("key")):
            return DEADLINE  # the server rejects a client without certificate after the handshake
        return None


def parse_seconds(text):
    try:
        return float(text[:-1]) if text.endswith("s") else float(text)
    except ValueError:
        return COMMAND_TIMEOUT


def run(store, command, raft=None, clock=None, env=None, secure=False, since=None, local=True, ctx=None):
    """Run one etcdctl command line (a string or argv) against `store` (and the members of `raft`).
    `env` is the process environment (ETCDCTL_API, ETCDCTL_CACERT...); `since` the revision a watch
    without --rev starts from; `ctx` the process whose files --cacert, --cert and --key name."""
    args = shlex.split(command) if isinstance(command, str) else list(command)
    env = dict(env or {})
    while args and "=" in args[0] and args[0].split("=", 1)[0].isidentifier():  # `ETCDCTL_API=3 etcdctl ...`
        name, _, value = args.pop(0).partition("=")
        env[name] = value
    if args and args[0].rsplit("/", 1)[-1] == "etcdctl":
        args = args[1:]
    api = env.get("ETCDCTL_API", "")
    if api not in ("", "3"):
        return EtcdctlResult("", f"unsupported API version: {api}\n", 1)
    inv = Invocation(store, raft, clock, args, env, local)
    if not inv.rest:
        return EtcdctlResult("", "Error: please specify a command\n", 1)
    verb, rest = inv.rest[0], inv.rest[1:]
    if verb == "version":
        return EtcdctlResult(f"etcdctl version: {VERSION}\nAPI version: 3.5\n", "", 0)
    cert, key = inv.tls.get("cert", ""), inv.tls.get("key", "")
    if bool(cert) != bool(key):
        return EtcdctlResult("", f"Error: KeyFile and CertFile must both be present[key: {key}, cert: {cert}]\n",
                             EXIT_BAD_ARGS)
    if verb == "snapshot" and rest[:1] in (["status"], ["restore"]):
        return backup.etcdctl_offline(inv, rest, ctx)
    if verb in CLIENT_VERBS and inv.writer not in WRITERS:
        return EtcdctlResult("", "Error: unsupported output format\n", EXIT_BAD_FEATURE)
    unreadable = _tls_file_error(inv, ctx) if ctx is not None and verb in CLIENT_VERBS else None
    if unreadable:
        return EtcdctlResult("", f"Error: {unreadable}\n", EXIT_BAD_ARGS)
    if secure and verb in CLIENT_VERBS:
        refused = inv.handshake_error()
        if refused is not None:
            return _refused(inv, verb, rest, refused)
    if verb == "get":
        return _get(inv, rest)
    if verb == "watch":
        return _watch(inv, rest, since)
    if verb == "member" and rest[:1] == ["list"]:
        return _member_list(inv)
    if verb == "endpoint" and rest[:1] == ["status"]:
        return _endpoint_status(inv)
    if verb == "endpoint" and rest[:1] == ["health"]:
        return _endpoint_health(inv)
    if verb in WRITE_VERBS:
        return _write(inv, verb, rest)
    if verb == "alarm" and rest[:1] == ["list"]:
        return _write(inv, "alarm", rest[1:])
    if verb == "defrag":
        return _defrag(inv, rest)
    if verb == "snapshot" and rest[:1] == ["save"]:
        return backup.save(inv, rest[1:], ctx)
    return EtcdctlResult("", USAGE.format(verb), 1)


WRITE_VERBS = ("put", "del", "compaction")


def _write(inv, verb, args):
    """put, del, compaction and alarm list: each one request that the leader must commit."""
    _, member = inv.targets()[0]
    if not inv.quorum_from(member):
        return EtcdctlResult("", f"{_retry_warning(inv, DEADLINE)}\nError: {DEADLINE}\n", 1, inv.command_timeout)
    flags, positional = _flags(args)
    if isinstance(flags, EtcdctlResult):
        return flags
    try:
        return {"put": _put, "del": _del, "compaction": _compaction, "alarm": _alarm_list}[verb](inv, flags, positional)
    except (CompactedError, FutureRevisionError, LeaseNotFoundError) as err:
        return EtcdctlResult("", f"Error: etcdserver: {err}\n" if not str(err).startswith("etcdserver") else
                             f"Error: {err}\n", 1)
    except NoQuorumError:
        return _deadline()


BOOL_FLAGS = {"put": ("--prev-kv", "--ignore-value", "--ignore-lease"), "del": ("--prefix", "--prev-kv", "--from-key", "--range"),
              "compaction": ("--physical",), "alarm": ()}


def _flags(args):
    """{flag: value} and the positional arguments; `--` ends the flags (put KEY -- -VALUE)."""
    flags, positional, i = {}, [], 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            positional += args[i + 1:]
            break
        if arg.startswith("--"):
            name, eq, value = arg.partition("=")
            if name == "--lease" and not eq:
                i += 1
                value = args[i] if i < len(args) else ""
            flags[name] = value if (eq or name == "--lease") else "true"
        else:
            positional.append(arg)
        i += 1
    return flags, positional


def _unknown(flags, verb):
    known = BOOL_FLAGS[verb] + (("--lease",) if verb == "put" else ())
    unknown = sorted(f for f in flags if f not in known)
    return EtcdctlResult("", f"Error: unknown flag: {unknown[0]}\n", 1) if unknown else None


def _put(inv, flags, positional):
    bad = _unknown(flags, "put")
    if bad:
        return bad
    if not positional or (len(positional) < 2 and "--ignore-value" not in flags):
        return EtcdctlResult("", "Error: put command needs 1 argument and input from stdin or 2 arguments\n", EXIT_BAD_ARGS)
    lease_text = flags.get("--lease", "0")
    try:
        lease = int(lease_text, 16)
    except ValueError:
        return EtcdctlResult("", f'Error: bad lease ID (strconv.ParseInt: parsing "{lease_text}": invalid syntax), '
                                 "expecting ID in Hex\n", EXIT_BAD_ARGS)
    key = positional[0]
    prev = inv.store.get(key)
    value = prev.value if "--ignore-value" in flags and prev else (positional[1] if len(positional) > 1 else "")
    if "--ignore-value" in flags and prev is None:
        return EtcdctlResult("", "Error: etcdserver: key not found\n", 1)
    if "--ignore-lease" in flags:
        lease = prev.lease if prev else 0
    inv.store.put(key, value, lease)
    out = "OK\n"
    if "--prev-kv" in flags and prev is not None:
        out += f"{prev.key}\n{prev.value}\n"
    return EtcdctlResult(out, "", 0)


def _del(inv, flags, positional):
    bad = _unknown(flags, "del")
    if bad:
        return bad
    if not positional or len(positional) > 2:
        return EtcdctlResult("", "Error: del command needs one argument as key and an optional argument as range_end\n",
                             EXIT_BAD_ARGS)
    if "--prefix" in flags and "--from-key" in flags:
        return EtcdctlResult("", "Error: `--prefix` and `--from-key` cannot be set at the same time, choose one\n",
                             EXIT_BAD_ARGS)
    key, warning = positional[0], ""
    if len(positional) == 2:
        if "--prefix" in flags or "--from-key" in flags:
            return EtcdctlResult("", "Error: too many arguments, only accept one argument when `--prefix` or "
                                     "`--from-key` is set\n", EXIT_BAD_ARGS)
        if "--range" not in flags:
            warning = "In etcd v3.6, the operation will be suspended for a few seconds to provide the user time to verify range.\n"
        keys = [kv.key for kv in inv.store.range("", prefix=True) if key <= kv.key < positional[1]]
    elif "--prefix" in flags:
        keys = [kv.key for kv in inv.store.range(key, prefix=True)]
    elif "--from-key" in flags:
        keys = [kv.key for kv in inv.store.range("", prefix=True) if kv.key >= (key or "\0")]
    else:
        keys = [key] if inv.store.get(key) else []
    if keys:
        _, deleted = inv.store.txn([], [("delete", k) for k in keys], [])
    else:
        deleted = []
    out = f"{len(deleted)}\n"
    if "--prev-kv" in flags:
        out += "".join(f"{kv.key}\n{kv.value}\n" for kv in deleted)
    return EtcdctlResult(out, warning, 0)


def _compaction(inv, flags, positional):
    bad = _unknown(flags, "compaction")
    if bad:
        return bad
    if len(positional) != 1:
        return EtcdctlResult("", "Error: compaction command needs 1 argument\n", EXIT_BAD_ARGS)
    text = positional[0]
    if not text.lstrip("-").isdigit():
        return EtcdctlResult("", f'Error: strconv.ParseInt: parsing "{text}": invalid syntax\n', 1)
    inv.store.compact(int(text))
    return EtcdctlResult(f"compacted revision {int(text)}\n", "", 0)


def _alarm_list(inv, flags, positional):
    bad = _unknown(flags, "alarm")
    if bad:
        return bad
    if positional:
        return EtcdctlResult("", "Error: alarm list command accepts no arguments\n", EXIT_BAD_ARGS)
    return EtcdctlResult("", "", 0)  # no NOSPACE or CORRUPT alarm is ever raised here


def _defrag(inv, args):
    """Each endpoint's member rewrites its database without the pages compactions freed."""
    flags, positional = _flags(args)
    unknown = sorted(f for f in flags if f not in ("--cluster", "--data-dir"))
    if unknown:
        return EtcdctlResult("", f"Error: unknown flag: {unknown[0]}\n", 1)
    endpoints = _endpoints(inv)
    if endpoints is None:
        return EtcdctlResult("", f"Error: failed to fetch endpoints from etcd cluster member list: {DEADLINE}\n", 1)
    out, err = "", ""
    for ep, member in endpoints:
        if inv.reachable(member):
            inv.store.file_size = 0  # one store stands for every member: the file is rewritten without free pages
            out += f"Finished defragmenting etcd member[{ep}]\n"
        else:
            err += f"Failed to defragment etcd member[{ep}] ({DEADLINE})\n"
    return EtcdctlResult(out, err, 1 if err else 0)


def _retry_warning(inv, error):
    endpoint = inv.targets()[0][0]
    at = inv.clock.micro_timestamp(inv.clock.now + inv.command_timeout) if inv.clock else ""
    return json.dumps({"level": "warn", "ts": at, "logger": "etcd-client", "caller": f"v3@v{VERSION}/retry_interceptor.go:63",
                       "msg": "retrying of unary invoker failed",
                       "target": f"etcd-endpoints://{CLIENT_POINTER}/{endpoint.split('://', 1)[-1]}", "attempt": 0,
                       "error": f"rpc error: code = DeadlineExceeded desc = {error}"}, separators=(",", ":"))


def _tls_file_error(inv, ctx):
    """What Go's os.ReadFile says of the first TLS file it cannot read: TLSInfo.ClientConfig reads the
    certificate, then the key, then the CA."""
    for name in ("cert", "key", "cacert"):
        path = inv.tls.get(name)
        if not path:
            continue
        try:
            if ctx.fs.is_dir(ctx.path(path)):
                return f"read {path}: is a directory"
            ctx.fs.read(ctx.path(path))
        except FsError as err:
            return f"open {path}: {err.strerror.lower()}"
    return None


def _refused(inv, verb, rest, error):
    """The client retries until its command timeout; its logger (level warn) reports the attempt."""
    if verb == "watch":  # a watch stream just waits for a connection: nothing arrives
        return EtcdctlResult("", "", 0, inv.command_timeout)
    endpoint = inv.targets()[0][0]
    authority = endpoint.split("://", 1)[-1]
    at = inv.clock.micro_timestamp(inv.clock.now + inv.command_timeout) if inv.clock else ""
    detail = f"rpc error: code = DeadlineExceeded desc = {error}"
    warn = json.dumps({"level": "warn", "ts": at, "logger": "etcd-client", "caller": f"v3@v{VERSION}/retry_interceptor.go:63",
                       "msg": "retrying of unary invoker failed",
                       "target": f"etcd-endpoints://{CLIENT_POINTER}/{authority}", "attempt": 0, "error": detail},
                      separators=(",", ":"))
    if verb == "endpoint" and rest[:1] == ["status"] and not inv.cluster:
        return EtcdctlResult(_empty_status(inv), f"{warn}\nFailed to get the status of endpoint {endpoint} ({DEADLINE})\n",
                             1, inv.command_timeout)
    return EtcdctlResult("", f"{warn}\nError: {DEADLINE}\n", 1, inv.command_timeout)


def _empty_status(inv):
    return table(STATUS_HEADER, []) if inv.writer == "table" else ("[]\n" if inv.writer == "json" else "")


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
    unknown = flags - {"--prefix", "--keys-only", "--print-value-only"}
    if unknown:
        return EtcdctlResult("", f"Error: unknown flag: {sorted(unknown)[0]}\n", 1)
    if not positional:
        return EtcdctlResult("", "Error: get command needs one argument as key and an optional argument as range_end\n", 1)
    everything = store.range(positional[0], prefix="--prefix" in flags)
    kvs = everything[:limit] if limit else everything
    if "--print-value-only" in flags and inv.writer != "simple":
        return EtcdctlResult("", "Error: print-value-only is only for `--write-out=simple`\n", EXIT_BAD_ARGS)
    if inv.writer == "json":
        return EtcdctlResult(_range_json(inv, member, kvs, len(everything), "--keys-only" in flags), "", 0)
    if inv.writer == "table":
        return _unsupported(inv)
    if inv.writer == "fields":
        more = str(len(everything) > len(kvs)).lower()
        return EtcdctlResult(_fields_header(_header(inv, member, inv.store.revision))
                             + "".join(_fields_kv("", kv, "--keys-only" in flags) for kv in kvs)
                             + f'"More" : {more}\n"Count" : {len(everything)}\n', "", 0)
    lines = []
    for kv in kvs:
        if "--print-value-only" not in flags:
            lines.append(kv.key)
        if "--keys-only" in flags:
            lines.append("")
        else:
            lines.append(kv.value)
    return EtcdctlResult("".join(line + "\n" for line in lines), "", 0)


def _range_json(inv, member, kvs, count, keys_only):
    """The RangeResponse through Go's encoding/json with gogo-proto's tags: bytes in base64, every zero
    field (an empty `kvs`, `more` false, `count` 0, `lease` 0) left out."""
    body = {"header": _header(inv, member, inv.store.revision),
            "kvs": [_kv_json(kv, keys_only) for kv in kvs], "more": count > len(kvs), "count": count}
    return go_json({k: v for k, v in body.items() if v})


def _unsupported(inv):
    return EtcdctlResult("", f"Error: {inv.writer} not supported as output format\n", EXIT_BAD_FEATURE)


def _fields_header(header):
    return "".join(f'"{name}" : {header.get(key, 0)}\n' for name, key in (
        ("ClusterID", "cluster_id"), ("MemberID", "member_id"), ("Revision", "revision"), ("RaftTerm", "raft_term")))


def _fields_kv(prefix, kv, keys_only=False):
    """The fields printer's kv: Go's %q of the key and value."""
    return (f'"{prefix}Key" : {go_quote(kv.key)}\n"{prefix}CreateRevision" : {kv.create_revision}\n'
            f'"{prefix}ModRevision" : {kv.mod_revision}\n"{prefix}Version" : {kv.version}\n'
            f'"{prefix}Value" : {go_quote("" if keys_only else kv.value or "")}\n"{prefix}Lease" : {kv.lease}\n')


def go_quote(text):
    """strconv.Quote: backslash escapes for quotes, backslashes and control characters."""
    named = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
             '"': '\\"', "\\": "\\\\"}
    return '"' + "".join(named.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x20 or ord(ch) == 0x7f else ch)
                         for ch in text) + '"'


def _kv_json(kv, keys_only=False):
    """mvccpb.KeyValue as encoding/json prints it (the server leaves the value out for --keys-only)."""
    fields = {"key": _b64(kv.key), "create_revision": kv.create_revision, "mod_revision": kv.mod_revision,
              "version": kv.version, "value": "" if keys_only else _b64(kv.value), "lease": kv.lease}
    return {k: v for k, v in fields.items() if v}


def _b64(text):
    return base64.b64encode((text or "").encode()).decode()


def go_json(value):
    """json.Marshal's bytes and etcdctl's Println: compact, UTF-8 kept, <, > and & escaped."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def _watch(inv, args, since):
    """The events since the start revision, as the printer shows each watch response: the simple one
    type, (prev kv,) key, value; the json one the clientv3.WatchResponse."""
    rev, prefix, prev_kv, positional, i = 0, False, False, [], 0
    while i < len(args):
        arg = args[i]
        name, eq, value = arg.partition("=")
        if name == "--rev":
            if not eq:
                i += 1
                value = args[i] if i < len(args) else ""
            if not value.lstrip("-").isdigit():
                return EtcdctlResult("", f'Error: invalid argument "{value}" for "--rev" flag: strconv.ParseInt: '
                                         f'parsing "{value}": invalid syntax\n', 1)
            rev = int(value)
        elif arg == "--prefix":
            prefix = True
        elif arg == "--prev-kv":
            prev_kv = True
        elif arg.startswith("-") and arg != "-":
            return EtcdctlResult("", f"Error: unknown flag: {name}\n", 1)
        else:
            positional.append(arg)
        i += 1
    if len(positional) not in (1, 2):
        return EtcdctlResult("", "Error: bad number of arguments\n", EXIT_BAD_ARGS)
    if len(positional) == 2 and prefix:
        return EtcdctlResult("", "Error: `range_end` and `--prefix` are mutually exclusive\n", EXIT_BAD_ARGS)
    _, member = inv.targets()[0]
    live = since or inv.store.revision + 1  # the revision the watch was created at: later events arrive live
    start = rev or live
    if start < inv.store.compact_revision:
        canceled = {"Header": _header(inv, member), "Events": [], "CompactRevision": inv.store.compact_revision,
                    "Canceled": True, "Created": False}
        return EtcdctlResult(go_json(canceled) if inv.writer == "json" else "",
                             "watch was canceled (etcdserver: mvcc: required revision has been compacted)\n"
                             "Error: watch is canceled by the server\n", EXIT_INTERRUPTED)
    key = positional[0]
    end = positional[1] if len(positional) == 2 else None

    def matches(k):
        if prefix:
            return k.startswith(key)
        return key <= k < end if end is not None else k == key
    events = [e for e in inv.store.history_since(start) if matches(e.kv.key)]
    if events and inv.writer == "table":
        return _unsupported(inv)  # at the first response the printer gets
    out = "".join(_watch_response(inv, member, events, revision, prev_kv)
                  for events, revision in _watch_responses(events, live))
    return EtcdctlResult(out, "", 0)


def _watch_responses(events, live):
    """(events, header revision) per response: a watcher catching up on history gets the past in batches
    of up to 1000 revisions, headed by the revision at its creation; then one response per new revision."""
    past = [e for e in events if e.kv.mod_revision < live]
    revisions = sorted({e.kv.mod_revision for e in past})
    for first in range(0, len(revisions), WATCH_BATCH_REVISIONS):
        batch = set(revisions[first:first + WATCH_BATCH_REVISIONS])
        yield [e for e in past if e.kv.mod_revision in batch], live - 1
    for revision in sorted({e.kv.mod_revision for e in events if e.kv.mod_revision >= live}):
        yield [e for e in events if e.kv.mod_revision == revision], revision


def _watch_response(inv, member, events, revision, prev_kv):
    # the server attaches the previous key-value to every event but a creation (a PUT at version 1)
    prev = [e.prev_kv if prev_kv and not (e.type == "PUT" and e.kv.version == 1) else None for e in events]
    if inv.writer == "fields":
        return _fields_header(_header(inv, member, revision)) + "".join(
            f'"Type" : {e.type}\n' + (_fields_kv("Prev", p) if p is not None else "") + _fields_kv("", e.kv)
            for e, p in zip(events, prev))
    if inv.writer == "json":
        return go_json({"Header": _header(inv, member, revision), "Events": [
            {k: v for k, v in (("type", 1 if e.type == "DELETE" else 0), ("kv", _kv_json(e.kv)),
                               ("prev_kv", _kv_json(p) if p is not None else None)) if v}
            for e, p in zip(events, prev)], "CompactRevision": 0, "Canceled": False, "Created": False})
    lines = []
    for e, p in zip(events, prev):
        lines.append(e.type)
        if p is not None:
            lines += [p.key, p.value]
        lines += [e.kv.key, e.kv.value or ""]
    return "".join(line + "\n" for line in lines)


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
    if inv.writer == "fields":
        return EtcdctlResult(_fields_header(_header(inv, member)) + "".join(
            f'"ID" : {m.id}\n"Name" : {go_quote(m.name)}\n"PeerURL" : {go_quote(m.peer_url)}\n'
            f'"ClientURL" : {go_quote(m.client_url)}\n"IsLearner" : false\n\n' for m in inv.raft.members), "", 0)
    return EtcdctlResult("".join(", ".join(r) + "\n" for r in rows), "", 0)


def _endpoints(inv):
    if not inv.cluster:
        return inv.targets()
    _, member = inv.targets()[0]
    if not inv.reachable(member):
        return None
    return [(m.client_url, m) for m in inv.raft.members]


STATUS_HEADER = ["endpoint", "ID", "version", "db size", "is leader", "is learner", "raft term", "raft index",
                 "raft applied index", "errors"]


def _endpoint_status(inv):
    endpoints = _endpoints(inv)
    if endpoints is None:
        return EtcdctlResult("", f"Error: failed to fetch endpoints from etcd cluster member list: {DEADLINE}\n", 1)
    statuses, errors = [], ""
    for ep, member in endpoints:
        if not inv.reachable(member):
            errors += f"Failed to get the status of endpoint {ep} ({DEADLINE})\n"
            continue
        statuses.append((ep, member))
    if inv.writer == "json":
        out = json.dumps([_status_json(inv, ep, m) for ep, m in statuses], separators=(",", ":")) + "\n"
    elif inv.writer == "fields":
        out = "".join(_status_fields(inv, ep, m) for ep, m in statuses)
    else:
        size = humanize_bytes(db_size(inv.store))
        rows = [[ep, f"{m.id:x}", VERSION, size, str(m.leader_id == m.id).lower(), "false", str(m.term),
                 str(m.index), str(m.index), "" if m.leader_id else "etcdserver: no leader"] for ep, m in statuses]
        out = table(STATUS_HEADER, rows) if inv.writer == "table" else "".join(", ".join(r) + "\n" for r in rows)
    return EtcdctlResult(out, errors, 1 if errors else 0)


def _status_json(inv, endpoint, member):
    """etcdctl's epStatus: {"Endpoint", "Status": StatusResponse}; protobuf's omitempty drops zero fields."""
    header = {"cluster_id": inv.raft.cluster_id, "member_id": member.id, "revision": inv.store.revision,
              "raft_term": member.term}
    status = {"header": header, "version": VERSION, "dbSize": db_size(inv.store), "leader": member.leader_id,
              "raftIndex": member.index, "raftTerm": member.term, "raftAppliedIndex": member.index,
              "errors": [] if member.leader_id else ["etcdserver: no leader"],
              "dbSizeInUse": db_size_in_use(inv.store)}
    return {"Endpoint": endpoint, "Status": {k: v for k, v in status.items() if v}}


def _status_fields(inv, endpoint, member):
    errors = "" if member.leader_id else "etcdserver: no leader"
    return (_fields_header(_header(inv, member, inv.store.revision))
            + f'"Version" : "{VERSION}"\n"DBSize" : {db_size(inv.store)}\n"Leader" : {member.leader_id}\n'
            f'"IsLearner" : false\n"RaftIndex" : {member.index}\n"RaftTerm" : {member.term}\n'
            f'"RaftAppliedIndex" : {member.index}\n"Errors" : [{errors}]\n"Endpoint" : {go_quote(endpoint)}\n\n')


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
    if inv.writer == "json":  # epHealth: {"endpoint", "health", "took", "error" (omitempty)}
        out = json.dumps([{"endpoint": ep, "health": ok == "true", "took": took, **({"error": e} if e else {})}
                          for ep, ok, took, e in results], separators=(",", ":")) + "\n"
        err = ""
    elif inv.writer == "table":
        out, err = table(["endpoint", "health", "took", "error"], [list(r) for r in results]), ""
    elif inv.writer == "fields":
        out, err = "".join(f'"Endpoint" : {go_quote(ep)}\n"Health" : {ok}\n"Took" : {took}\n"Error" : {e}\n\n'
                           for ep, ok, took, e in results), ""
    else:
        out = "".join(f"{ep} is healthy: successfully committed proposal: took = {took}\n" for ep, _, took, _ in healthy)
        err = "".join(f"{ep} is unhealthy: failed to commit proposal: {e}\n" for ep, _, _, e in sick)
    if sick:
        return EtcdctlResult(out, err + "Error: unhealthy cluster\n", 1)
    return EtcdctlResult(out, err, 0)


def _header(inv, member, revision=0):
    """pb.ResponseHeader (omitempty): a member's list leaves the revision out, a store without members
    (no raft) has only the revision."""
    header = {"cluster_id": inv.raft.cluster_id, "member_id": member.id} if inv.raft is not None and member else {}
    header["revision"] = revision
    if inv.raft is not None and member:
        header["raft_term"] = member.term
    return {k: v for k, v in header.items() if v}


def db_size_in_use(store):
    """The pages holding live key-values: what a defragmentation would shrink the file to."""
    live = sum(len(kv.key) + len(kv.value) for kv in store.range("", prefix=True))
    return max(5, math.ceil(live / 4096) + 4) * 4096


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
