"""Checks for assignment 10-etcd: keys the API server wrote, etcdctl commands that find the leader and the
members, predictions of quorum and of what fails without it, and a snapshot saved with kubectl exec and restored
with etcdutl, checked on the cluster."""
import base64
import json
import posixpath
import re
import shlex

from .checks import _get, check

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


# etcdctl's global flags that take no value (every other flag takes one, after `=` or as the next word)
ETCDCTL_SWITCHES = {"--debug", "--hex", "--insecure-discovery", "--insecure-skip-tls-verify", "--insecure-transport"}
EXEC_SWITCHES = {"-i", "-t", "-it", "-ti", "-q", "--stdin", "--tty", "--quiet"}
TLS_FLAGS = ("--cacert", "--cert", "--key")


def _snapshot_saves(answer):
    """The answer's `kubectl exec ... -- etcdctl ... snapshot save FILE` lines: (the kubectl words up to `--`,
    etcdctl's arguments, FILE), in order."""
    saves = []
    for line in answer.splitlines():
        try:
            words = shlex.split(line.strip().lstrip("$"))
        except ValueError:
            continue
        if words[:1] != ["kubectl"] or "exec" not in words or "--" not in words:
            continue
        dash = words.index("--")
        argv = words[dash + 1:]
        if not argv or argv[0].rsplit("/", 1)[-1] != "etcdctl":
            continue
        target = _save_target(argv[1:])
        if target is not None:
            saves.append((words[:dash + 1], argv, target))
    return saves


def _save_target(args):
    """FILE of `snapshot save FILE` among etcdctl's arguments (flags anywhere), or None."""
    positional, i = [], 0
    while i < len(args):
        word = args[i]
        if word.startswith("-"):
            i += 1 if "=" in word or word in ETCDCTL_SWITCHES else 2
            continue
        positional.append(word)
        i += 1
    return positional[2] if positional[:2] == ["snapshot", "save"] and len(positional) > 2 else None


def _exec_pod(kubectl_words):
    """(namespace, pod, container or None) that `kubectl exec` words name."""
    namespace, container, pod, verb, i = "default", None, None, None, 1
    words = kubectl_words[:-1]
    while i < len(words):
        name, eq, value = words[i].partition("=")
        if name.startswith("-") and name not in EXEC_SWITCHES:  # a flag with a value
            if not name.startswith("--") and len(name) > 2:  # -nkube-system
                name, value = name[:2], name[2:]
            elif not eq:
                i += 1
                value = words[i] if i < len(words) else ""
            if name in ("-n", "--namespace"):
                namespace = value
            elif name in ("-c", "--container"):
                container = value
        elif name.startswith("-"):  # a switch
            pass
        elif verb is None:
            verb = name
        elif pod is None:
            pod = words[i].split("/", 1)[-1]
        i += 1
    return namespace, pod, container


def _snapshot_revision(result):
    """The revision `etcdutl snapshot status -w json` printed, or None."""
    try:
        return json.loads(result.stdout)["revision"]
    except (ValueError, KeyError, TypeError):
        return None


def _in_container(ctx, kubectl_words, path):
    """The revision of the snapshot at `path` in the container that `kubectl exec` words name, or None."""
    status = ctx.cluster.kubectl(kubectl_words + ["etcdutl", "snapshot", "status", path, "-w", "json"])
    return _snapshot_revision(status)


def _exec_container(ctx, kubectl_words):
    """The pod and the container spec that `kubectl exec` words name, or (None, None)."""
    namespace, name, container = _exec_pod(kubectl_words)
    pod = _get(ctx, "pods", name, namespace) if name else None
    if pod is None:
        return None, None
    containers = pod["spec"]["containers"]
    return pod, next((c for c in containers if c["name"] == container), containers[0])


def _resolved(ctx, kubectl_words, path):
    """`path` as an absolute path in the exec'd container (relative to its working directory)."""
    _, chosen = _exec_container(ctx, kubectl_words)
    return posixpath.normpath(posixpath.join((chosen or {}).get("workingDir") or "/", path))


def _on_node(ctx, kubectl_words, path):
    """Where `path` of the exec'd container is on its node's disk (through a hostPath volume), or None."""
    pod, chosen = _exec_container(ctx, kubectl_words)
    if pod is None:
        return None
    spec = pod["spec"]
    path = _resolved(ctx, kubectl_words, path)
    volumes = {v["name"]: v.get("hostPath", {}).get("path") for v in spec.get("volumes") or ()}
    for mount in sorted(chosen.get("volumeMounts") or (), key=lambda m: -len(m["mountPath"])):
        base = mount["mountPath"].rstrip("/")
        if volumes.get(mount["name"]) and (path == base or path.startswith(base + "/")):
            return posixpath.join(volumes[mount["name"]], path[len(base):].lstrip("/")).rstrip("/")
    return None


def _created(ctx, marker):
    """The revision that created the key `marker` (0 once the answer deleted it)."""
    kv = _key(ctx, marker)
    return int(kv["create_revision"]) if kv else 0


def _why_not_saved(ctx, kubectl_words, argv):
    """Which TLS flags the answer's `etcdctl ... snapshot save` lacks and what etcdctl (or kubectl exec) says when
    it runs again (it saved nothing, so running it again changes nothing)."""
    flags = {a.split("=", 1)[0] for a in argv if a.startswith("--")}
    missing = [f for f in TLS_FLAGS if f not in flags]
    result = ctx.cluster.kubectl(kubectl_words + argv)
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("Error: ")]
    tls = re.search(r'desc = \\"transport: (.*?)\\""', result.stderr)
    said = f" (etcdctl said: {errors[-1]}" + (f" ({tls.group(1)})" if tls else "") + ")" if errors else \
        f" (kubectl said: {lines[0]})" if lines else ""
    without = f" without {', '.join(missing[:-1]) + ' and ' if len(missing) > 1 else ''}{missing[-1]}" \
        if missing else ""
    return f"etcdctl snapshot save ran{without} and saved nothing{said}"


@check
def etcd_snapshot_saved(ctx, marker):
    """The answer's `kubectl exec ... -- etcdctl ... snapshot save FILE` saved a snapshot of the cluster's etcd
    taken after the key `marker` was created, wherever it landed."""
    saves = _snapshot_saves(ctx.answer)
    if not saves:
        return ["none of your commands runs etcdctl snapshot save in a pod (kubectl exec POD -- etcdctl ...)"]
    created = _created(ctx, marker)
    revisions = [r for r in (_in_container(ctx, words, target) for words, _, target in saves) if r is not None]
    if any(r >= created for r in revisions):
        return []
    if revisions:
        return [f"your snapshot has revision {max(revisions)}, older than the key {marker} (created at revision "
                f"{created})"]
    words, argv, _ = saves[-1]
    return [_why_not_saved(ctx, words, argv)]


@check
def etcd_snapshot_at(ctx, path, marker):
    """`etcdutl snapshot status PATH` on the control-plane node succeeds, and the snapshot's revision is at
    least the one that created the key `marker`; if not, say where the answer's snapshot landed."""
    created = _created(ctx, marker)
    status = ctx.cluster.etcdutl(f"snapshot status {shlex.quote(path)} -w json")
    revision = _snapshot_revision(status)
    if revision is not None and revision >= created:
        return []
    for words, _, target in _snapshot_saves(ctx.answer):
        if (_in_container(ctx, words, target) or 0) < created:
            continue
        on_node = _on_node(ctx, words, target)
        if on_node is None:
            return [f"your snapshot is at {_resolved(ctx, words, target)} in the container's own filesystem, not on "
                    f"the node's disk: the container sees the node's disk only where a hostPath volume is mounted"]
        if on_node != path:
            return [f"your snapshot is on the control-plane node's disk at {on_node}, not at {path}"]
    if revision is not None:
        return [f"the snapshot at {path} on the control-plane node has revision {revision}, older than the key "
                f"{marker} (created at revision {created})"]
    error = (status.stderr.strip().splitlines() or ["no output"])[-1]
    return [f"etcdutl snapshot status {path} on the control-plane node says: {error}"]


def _restored(ctx):
    """Run the answer's etcdutl lines on the control-plane node after fixtures_etcd.disaster, then point the
    etcd pod's etcd-data hostPath at the --data-dir of the last restore that worked (what the lesson does
    with c.edit_manifest) and let etcd restart: (that directory or None, feedback lines); once per grading."""
    if not hasattr(ctx, "restore"):
        from .fixtures_etcd import disaster
        disaster(ctx.cluster)
        data_dir, problems = None, []
        for number, line in enumerate(ctx.answer.splitlines(), 1):
            line = line.strip().lstrip("$").strip()
            if not line or line.startswith("#"):
                continue
            if line.split()[0] != "etcdutl":
                problems.append(f"line {number} is not an etcdutl command: {line[:80]}")
                continue
            try:
                result = ctx.cluster.etcdutl(line)
            except ValueError as e:  # shlex: an unclosed quote
                problems.append(f"line {number}: {e}")
                continue
            if result.exit_code:
                error = (result.stderr.strip().splitlines() or ["no output"])[-1]
                problems.append(f"line {number} ({line}) failed: {error}")
            elif re.search(r"\srestore\s", f" {line} "):
                given = re.search(r"--data-dir(?:=|\s+)(\S+)", line)
                data_dir = posixpath.normpath(posixpath.join("/root", given.group(1).strip("'\""))) if given else None
        if data_dir:
            ctx.cluster.edit_manifest("etcd", lambda text: text.replace("path: /var/lib/etcd\n", f"path: {data_dir}\n"))
            ctx.cluster.advance(30)
        ctx.restore = (data_dir, problems)
    return ctx.restore


@check
def etcd_restore_brings_back(ctx, deployment):
    """The answer's `etcdutl snapshot restore` wrote a data directory from the snapshot; etcd started on it
    serves the Deployment `deployment`, deleted after the snapshot."""
    data_dir, problems = _restored(ctx)
    if data_dir is None:
        return problems + ["none of your etcdutl lines restored the snapshot into a data directory"]
    if _get(ctx, "deployments", deployment, "default") is None:
        names = [d["metadata"]["name"] for d in ctx.cluster.api.list("deployments", "default")["items"]]
        return problems + [f"etcd restarted on {data_dir}, but there is no Deployment {deployment} (the Deployments "
                           f"are: {', '.join(names) or 'none'})"]
    return []


@check
def etcd_restore_peer_url(ctx, peer_url):
    """The restored member advertises the peer URL `peer_url` (`member list`), as the etcd pod's
    --initial-advertise-peer-urls says, not etcdutl's default http://localhost:2380."""
    data_dir, _ = _restored(ctx)
    if data_dir is None:
        return ["etcd was not restored, so its member list is not the restored one"]
    rows = _rows(ctx.cluster.etcdctl("member list").stdout)
    peers = [row[3] for row in rows if len(row) >= 6]
    if peer_url in peers:
        return []
    return [f"the restored member advertises the peer URL {', '.join(peers) or 'none'}, not {peer_url}"]
