"""A small etcdctl for looking inside the simulated etcd: `get KEY [--prefix] [--keys-only] ...`.

Values are shown as stored: JSON (a real cluster usually stores protobuf, unreadable without a decoder)."""
import json
import shlex
from dataclasses import dataclass


@dataclass
class EtcdctlResult:
    stdout: str
    stderr: str
    exit_code: int

    def __repr__(self):
        return self.stdout + self.stderr


USAGE = "Error: unknown command \"{0}\" for \"etcdctl\"\n"


def run(store, command):
    """Run one etcdctl command line against `store`."""
    args = shlex.split(command)
    if args and args[0] == "etcdctl":
        args = args[1:]
    if not args:
        return EtcdctlResult("", "Error: please specify a command\n", 1)
    verb, rest = args[0], args[1:]
    if verb == "get":
        return _get(store, rest)
    if verb == "version":
        return EtcdctlResult("etcdctl version: 3.5.16\nAPI version: 3.5\n", "", 0)
    return EtcdctlResult("", USAGE.format(verb), 1)


def _get(store, args):
    flags = {a for a in args if a.startswith("--")}
    positional = [a for a in args if not a.startswith("--")]
    limit = 0
    for flag in list(flags):
        if flag.startswith("--limit="):
            limit = int(flag.split("=", 1)[1])
            flags.discard(flag)
    writer = "simple"
    for flag in list(flags):
        if flag.startswith("--write-out=") or flag.startswith("-w="):
            writer = flag.split("=", 1)[1]
            flags.discard(flag)
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
