"""Checks for assignment 10-etcd: keys the API server wrote, etcdctl commands that find the leader and the
members, and predictions of quorum and of what fails without it, checked on the cluster."""
import base64
import json
import shlex

from .checks import check

NO_MATCH = "the cluster does not do what you predicted ({})"


def _key(ctx, key):
    """The key-value etcd holds at `key` (read from the first member that answers), or None; its value
    decoded (etcdctl's JSON prints bytes in base64)."""
    result = ctx.cluster.etcdctl(f"get {shlex.quote(key)} -w json --consistency=s "
                                 f"--endpoints={','.join(m.client_url for m in ctx.cluster.etcd.members if m.running)}")
    kvs = json.loads(result.stdout or "{}").get("kvs") or []
    if not kvs:
        return None
    return {**kvs[0], "value": base64.b64decode(kvs[0].get("value", "")).decode()}


def _number(text):
    try:
        return int(text.strip())
    except ValueError:
        return None


@check
def etcd_key(ctx, key, contains=None):
    """etcd holds `key` (whose value, the object as the API server stored it, contains `contains`)."""
    kv = _key(ctx, key)
    if kv is None:
        parent = key.rsplit("/", 1)[0] + "/"
        keys = [line for line in ctx.cluster.etcdctl(f"get {parent} --prefix --keys-only --consistency=s").stdout.split()
                if line][:5]
        return [f"etcd holds no key {key}" + (f" (under {parent} it holds {', '.join(keys)})" if keys else "")]
    if contains and contains not in kv.get("value", ""):
        return [f"the object stored at {key} does not hold {contains}"]
    return []


@check
def etcd_failures_tolerated(ctx):
    """The learner predicts how many members may fail while the cluster still accepts writes; the grader
    stops members one by one and tries a write after each."""
    given = _number(ctx.answer)
    if given is None:
        return [f"answer with a whole number of members, not {ctx.answer.strip()[:40]!r}"]
    tolerated = 0
    for count, member in enumerate(reversed(ctx.cluster.etcd.members), 1):
        ctx.cluster.etcd.stop(member.name)
        ctx.cluster.advance(3)  # a stopped leader is replaced after an election timeout or two
        if ctx.cluster.kubectl(["create", "configmap", f"probe-{count}"]).exit_code:
            break
        tolerated = count
    return [] if given == tolerated else [NO_MATCH.format(repr(ctx.answer.strip()[:80]))]


@check
def etcd_leaders(ctx):
    """The learner predicts how many members lead (`endpoint status`: IS LEADER true) right now."""
    given = _number(ctx.answer)
    if given is None:
        return [f"answer with a whole number, not {ctx.answer.strip()[:40]!r}"]
    endpoints = ",".join(m.client_url for m in ctx.cluster.etcd.members)
    rows = _rows(ctx.cluster.etcdctl(f"endpoint status --endpoints={endpoints}").stdout)
    leaders = sum(1 for row in rows if len(row) >= 10 and row[4] == "true")
    return [] if given == leaders else [NO_MATCH.format(repr(ctx.answer.strip()[:80]))]


@check
def stderr_predicted(ctx, command, exact=True):
    """The learner predicts what `kubectl <command>` prints on stderr: word for word (`exact`), or at least
    the error the API server passed on (what follows "Error from server: ")."""
    truth = ctx.cluster.kubectl(command).stderr.strip()
    given = ctx.answer.strip().strip('"').strip()
    wanted = truth if exact else truth.rsplit("Error from server: ", 1)[-1]
    if (given == truth) if exact else (wanted.casefold() in given.casefold()):
        return []
    return [NO_MATCH.format(repr(given[:80]))]


def _rows(text):
    """The cells of etcdctl's output lines, table (`| a | b |`) or simple (`a, b`) format."""
    rows = []
    for line in text.splitlines():
        if line.startswith("+") or not line.strip():
            continue
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        else:
            rows.append([cell.strip() for cell in line.split(", ")])
    return rows


def _etcdctl_outputs(ctx):
    """Run the answer's etcdctl lines on the cluster: (outputs, feedback lines for lines that are not etcdctl,
    given with a check that fails)."""
    outputs, problems = [], []
    for number, line in enumerate(ctx.answer.splitlines(), 1):
        line = line.strip().lstrip("$").strip()
        if not line or line.startswith("#"):
            continue
        if not line.startswith("etcdctl"):
            problems.append(f"line {number} is not an etcdctl command: {line[:80]}")
            continue
        try:
            outputs.append(ctx.cluster.etcdctl(line))
        except ValueError as e:  # shlex: an unclosed quote
            problems.append(f"line {number}: {e}")
    return outputs, problems


def _said(outputs):
    errors = [o.stderr.strip().splitlines()[0] for o in outputs if o.stderr.strip()]
    return f" (etcdctl said: {errors[0]})" if errors else ""


@check
def etcdctl_shows_leader(ctx):
    """The answer's etcdctl commands, run on the cluster, show which member is the leader now (a row of
    `endpoint status` with IS LEADER true)."""
    outputs, problems = _etcdctl_outputs(ctx)
    leader = ctx.cluster.etcd.leader
    if leader is not None and any(len(row) >= 10 and row[1] == f"{leader.id:x}" and row[4] == "true"
                                  for o in outputs for row in _rows(o.stdout)):
        return []
    return problems + [f"your etcdctl commands do not show which member is the leader{_said(outputs)}"]


@check
def etcdctl_lists_members(ctx):
    """The answer's etcdctl commands list every member with its name and ID (`member list`)."""
    outputs, problems = _etcdctl_outputs(ctx)
    rows = [row for o in outputs for row in _rows(o.stdout)]
    missing = [m.name for m in ctx.cluster.etcd.members
               if not any(f"{m.id:x}" in row and m.name in row for row in rows)]
    if missing:
        return problems + [f"your etcdctl commands do not list the members {', '.join(missing)} with their "
                           f"IDs{_said(outputs)}"]
    return []


@check
def revision_field_predicted(ctx, key, command):
    """The learner names the field(s) of `key` (create_revision, mod_revision, version) that still equal the
    object's resourceVersion as it was before `kubectl <command>` changed it."""
    before = str(_key(ctx, key)["mod_revision"])
    ctx.cluster.kubectl(command)
    kv = _key(ctx, key)
    truth = {field for field in ("create_revision", "mod_revision", "version") if str(kv[field]) == before}
    given = {word.strip().lower().replace("-", "_").replace("createrevision", "create_revision")
             .replace("modrevision", "mod_revision") for word in ctx.answer.replace(",", " ").split()}
    return [] if given == truth else [NO_MATCH.format(repr(ctx.answer.strip()[:80]))]
