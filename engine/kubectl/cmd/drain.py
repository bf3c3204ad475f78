"""`kubectl drain` (pkg/cmd/drain, pkg/drain): cordon the node, then evict (or delete) its pods,
retrying every 5 virtual seconds while a PodDisruptionBudget refuses, until they are gone.

The real command evicts every pod from its own goroutine; here each pod is a small state machine
stepped in virtual time, in the order the pods are listed."""
import heapq

from ...api.errors import ApiError
from ...api.selectors import SelectorError, parse_label_selector
from .. import builder
from ..errors import CmdError, RawError, message_for
from ..flags import Flag, FlagError
from . import Command
from .cordon import FLAGS as CORDON_FLAGS, cordon_or_uncordon, node_targets, operation_text
from .delete import parse_duration
from ...api.gofmt import go_duration

FLAGS = CORDON_FLAGS + [
    Flag("force", kind="bool"), Flag("ignore-daemonsets", kind="bool"), Flag("delete-emptydir-data", kind="bool"),
    Flag("grace-period", kind="int", default=-1), Flag("timeout", default="0s"), Flag("pod-selector"),
    Flag("disable-eviction", kind="bool"), Flag("skip-wait-for-delete-timeout", kind="int"),
    Flag("chunk-size", kind="int", default=500),
]
DAEMONSET_FATAL = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)"
DAEMONSET_WARNING = "ignoring DaemonSet-managed Pods"
LOCAL_STORAGE_FATAL = "Pods with local storage (use --delete-emptydir-data to override)"
LOCAL_STORAGE_WARNING = "deleting Pods with local storage"
UNMANAGED_FATAL = "cannot delete Pods that declare no controller (use --force to override)"
UNMANAGED_WARNING = "deleting Pods that declare no controller"
MIRROR_ANNOTATION = "kubernetes.io/config.mirror"
RETRY_AFTER = 5  # seconds between evictions refused with 429
POLL_INTERVAL = 1  # seconds between checks that an evicted pod is gone
# Without --timeout kubectl retries until interrupted; the simulation gives up after an hour of
# virtual time so that no command can run the clock forever.
UNBOUNDED_WAIT = 3600
GAVE_UP = "the simulation stopped waiting after 1h0m0s of virtual time (without --timeout kubectl retries until interrupted)"


class DrainError(Exception):
    """One error of a drain; several are shown as a Go aggregate."""


def aggregate_text(errors):
    """utilerrors.Aggregate's Error(): one message, or the distinct ones in brackets."""
    messages = list(dict.fromkeys(str(e) for e in errors))
    return messages[0] if len(messages) == 1 else "[" + ", ".join(messages) + "]"




def parse_timeout(text):
    try:
        return parse_duration(text)
    except CmdError as e:
        raise FlagError(str(e))


class Helper:
    """drain.Helper: which pods a drain removes and how (filters, eviction or delete, the wait)."""

    def __init__(self, ctx, dry_run):
        opts = ctx.opts
        self.ctx, self.api, self.clock, self.dry_run = ctx, ctx.api, ctx.clock, dry_run
        self.force, self.ignore_daemonsets = opts["force"], opts["ignore-daemonsets"]
        self.delete_emptydir = opts["delete-emptydir-data"]
        self.grace, self.pod_selector = opts["grace-period"], opts["pod-selector"]
        self.disable_eviction = opts["disable-eviction"]
        self.skip_wait = opts["skip-wait-for-delete-timeout"]
        self.timeout = parse_timeout(opts["timeout"])

    # GetPodsForDeletion
    def pods_for_deletion(self, node_name):
        """(pods to delete, warnings text, errors) for the pods bound to the node."""
        pods = self.api.list("pods", None, label_selector=self.pod_selector or None,
                             field_selector=f"spec.nodeName={node_name}")["items"]
        chosen, warnings, errors = [], {}, {}
        for pod in pods:
            delete, kind, message = self._filter(pod)
            ident = f"{pod['metadata']['namespace']}/{pod['metadata']['name']}"
            if kind == "Warning":
                warnings.setdefault(message, []).append(ident)
            elif kind == "Error":
                errors.setdefault(message or "unexpected error", []).append(ident)
            if delete:
                chosen.append(pod)
        warning_text = "; ".join(f"{m}: {', '.join(p)}" for m, p in warnings.items())
        return chosen, warning_text, [DrainError(f"cannot delete {m}: {', '.join(p)}") for m, p in errors.items()]

    def _filter(self, pod):
        status = (True, "Okay", "")
        for check in (self._skip_deleted, self._daemonset, self._mirror, self._local_storage, self._unreplicated):
            status = check(pod)
            if not status[0]:
                break
        return status

    def _skip_deleted(self, pod):
        if self._should_skip(pod):
            return False, "Skip", ""
        return True, "Okay", ""

    def _should_skip(self, pod):
        stamp = pod["metadata"].get("deletionTimestamp")
        return self.skip_wait > 0 and bool(stamp) and int(self.clock.now - self.clock.parse(stamp)) > self.skip_wait

    def _daemonset(self, pod):
        ref = _controller_ref(pod)
        if ref is None or ref.get("kind") != "DaemonSet" or _terminal(pod):
            return True, "Okay", ""
        try:
            self.api.get("daemonsets.apps", ref["name"], pod["metadata"]["namespace"])
        except ApiError as e:
            if e.code == 404 and self.force:
                return True, "Warning", e.message
            return False, "Error", e.message
        if not self.ignore_daemonsets:
            return False, "Error", DAEMONSET_FATAL
        return False, "Warning", DAEMONSET_WARNING

    def _mirror(self, pod):
        if MIRROR_ANNOTATION in (pod["metadata"].get("annotations") or {}):
            return False, "Skip", ""
        return True, "Okay", ""

    def _local_storage(self, pod):
        if not any("emptyDir" in v for v in pod["spec"].get("volumes") or []) or _terminal(pod):
            return True, "Okay", ""
        if not self.delete_emptydir:
            return False, "Error", LOCAL_STORAGE_FATAL
        return True, "Warning", LOCAL_STORAGE_WARNING

    def _unreplicated(self, pod):
        if _terminal(pod) or _controller_ref(pod) is not None:
            return True, "Okay", ""
        if self.force:
            return True, "Warning", UNMANAGED_WARNING
        return False, "Error", UNMANAGED_FATAL

    # DeleteOrEvictPods
    def delete_or_evict(self, pods):
        """Returns the errors met; prints progress as it goes."""
        if not pods:
            return []
        if self.disable_eviction:
            return self._delete_pods(pods)
        return Evictions(self, pods).run()

    def _delete_options(self):
        return {"grace_period_seconds": self.grace if self.grace >= 0 else None, "dry_run": self.dry_run == "server"}

    def _delete_pods(self, pods):
        for pod in pods:
            try:
                self.api.delete("pods", pod["metadata"]["name"], pod["metadata"]["namespace"], **self._delete_options())
            except ApiError as e:
                if e.code != 404:
                    return [e]
        deadline = self.clock.now + (self.timeout or UNBOUNDED_WAIT)
        waiting = list(pods)
        while True:
            waiting = [p for p in waiting if not self._gone(p, False)]
            if not waiting:
                return []
            if self.clock.now + POLL_INTERVAL > deadline:
                self.clock.run_until_time(deadline)
                return [DrainError("context deadline exceeded" if self.timeout else GAVE_UP)]
            self.clock.run_until_time(self.clock.now + POLL_INTERVAL)

    def evict(self, pod):
        options = {}
        if self.grace >= 0:
            options["gracePeriodSeconds"] = self.grace
        if self.dry_run == "server":
            options["dryRun"] = ["All"]
        body = {"apiVersion": "policy/v1", "kind": "Eviction",
                "metadata": {"name": pod["metadata"]["name"], "namespace": pod["metadata"]["namespace"]},
                "deleteOptions": options}
        self.api.create("pods", body, namespace=pod["metadata"]["namespace"], subresource="eviction",
                        name=pod["metadata"]["name"], dry_run=self.dry_run == "server")

    def _gone(self, pod, using_eviction):
        """waitForDelete's check: the pod is gone (or replaced by one of the same name); prints it."""
        meta = pod["metadata"]
        try:
            current = self.api.get("pods", meta["name"], meta["namespace"])
        except ApiError as e:
            if e.code != 404:
                raise
            current = None
        if current is None or current["metadata"]["uid"] != meta["uid"]:
            verb = "evicted" if using_eviction else "deleted"
            self.ctx.io.write(f"pod/{meta['name']} {operation_text(verb, self.dry_run)}\n")
            return True
        if self._should_skip(current):
            self.ctx.io.write(f"Pod {meta['name']} was skipped because its deletion timestamp is older than "
                              f"{self.skip_wait} seconds\n")
            return True
        return False


class Evictions:
    """evictPods: every pod evicted (429 retried after 5s), then polled each second until gone,
    all within the global --timeout."""

    def __init__(self, helper, pods):
        self.helper, self.pods = helper, pods
        self.start = helper.clock.now
        self.deadline = self.start + (helper.timeout or UNBOUNDED_WAIT)
        self.errors = []

    def run(self):
        clock, queue = self.helper.clock, []
        for seq, pod in enumerate(self.pods):
            heapq.heappush(queue, (clock.now, seq, "evict", pod))
        counter = len(self.pods)
        while queue:
            when, _, step, pod = heapq.heappop(queue)
            if step == "wait" and when > self.deadline:
                when = self.deadline
            clock.run_until_time(when)
            following = self._evict(pod) if step == "evict" else self._wait(pod, when)
            if following:
                counter += 1
                heapq.heappush(queue, (following[0], counter, following[1], pod))
        return self.errors

    def _evict(self, pod):
        helper, out, meta = self.helper, self.helper.ctx.io, pod["metadata"]
        name, namespace = meta["name"], meta["namespace"]
        suffix = " (server dry run)" if helper.dry_run == "server" else ""
        out.write(f"evicting pod {namespace}/{name}{suffix}\n")
        if helper.clock.now >= self.deadline:
            why = f"global timeout reached: {go_duration(helper.timeout)}" if helper.timeout else GAVE_UP
            self.errors.append(DrainError(f'error when evicting pods/"{name}" -n "{namespace}": {why}'))
            return None
        try:
            helper.evict(pod)
        except ApiError as e:
            if e.code == 404:
                return None
            if e.code == 429:
                out.error(f'error when evicting pods/"{name}" -n "{namespace}" (will retry after 5s): {e.message}\n')
                return helper.clock.now + RETRY_AFTER, "evict"
            if e.code == 403 and _namespace_terminating(e) and meta.get("deletionTimestamp"):
                pass
            elif e.code == 403 and _namespace_terminating(e):
                out.error(f'error when evicting pod "{name}" from terminating namespace "{namespace}" '
                          f"(will retry after 5s): {e.message}\n")
                return helper.clock.now + RETRY_AFTER, "evict"
            else:
                self.errors.append(DrainError(f'error when evicting pods/"{name}" -n "{namespace}": {e.message}'))
                return None
        if helper.dry_run == "server":
            return None
        return helper.clock.now, "wait"

    def _wait(self, pod, when):
        if self.helper._gone(pod, True):
            return None
        if when >= self.deadline:
            meta = pod["metadata"]
            why = "context deadline exceeded" if self.helper.timeout else GAVE_UP
            self.errors.append(DrainError(f'error when waiting for pod "{meta["name"]}" in namespace '
                                          f'"{meta["namespace"]}" to terminate: {why}'))
            return None
        return when + POLL_INTERVAL, "wait"


def _controller_ref(pod):
    return next((r for r in pod["metadata"].get("ownerReferences") or [] if r.get("controller")), None)


def _terminal(pod):
    return (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")


def _namespace_terminating(error):
    return any(c.get("reason") == "NamespaceTerminating" for c in (error.details or {}).get("causes") or [])


def drain_node(ctx, helper, node):
    """deleteOrEvictPodsSimple: the errors that kept the node from being drained."""
    name = node["metadata"]["name"]
    pods, warnings, errors = helper.pods_for_deletion(name)
    if errors:
        return errors
    if warnings:
        ctx.io.error(f"Warning: {warnings}\n")
    if helper.dry_run == "client":
        for pod in pods:
            ctx.io.write(f"evicting pod {pod['metadata']['namespace']}/{pod['metadata']['name']} (dry run)\n")
        return []
    errors = helper.delete_or_evict(pods)
    if errors:
        pending, _, new_errors = helper.pods_for_deletion(name)
        if pending:
            ctx.io.error(f'There are pending pods in node "{name}" when an error occurred: {aggregate_text(errors)}\n')
            for pod in pending:
                ctx.io.error(f"pod/{pod['metadata']['name']}\n")
        if new_errors:
            ctx.io.error("Following errors occurred while getting the list of pods to delete:\n"
                         + aggregate_text(new_errors))
    return errors


def run(ctx):
    try:
        parse_timeout(ctx.opts["timeout"])
    except FlagError as e:  # pflag rejects the duration before the command runs
        ctx.io.error(f"Error: {e}\nSee '{ctx.path} --help' for usage.\n")
        return 1
    dry_run = builder.dry_run_strategy(ctx.opts["dry-run"], ctx)
    if ctx.opts["pod-selector"]:
        try:
            parse_label_selector(ctx.opts["pod-selector"])
        except SelectorError:
            raise CmdError("--pod-selector=<pod_selector> must be a valid label selector")
    helper = Helper(ctx, dry_run)
    nodes = node_targets(ctx, "drain NODE")
    cordon_or_uncordon(ctx, nodes, True, dry_run)
    fatal, remaining = [], []
    for node in nodes:
        errors = drain_node(ctx, helper, node)
        name = node["metadata"]["name"]
        if not errors:
            ctx.io.write(f"node/{name} {operation_text('drained', dry_run)}\n")
            continue
        ctx.io.error(f'error: unable to drain node "{name}" due to error: {aggregate_text(errors)}, '
                     "continuing command...\n")
        fatal.append(errors)
        remaining.append(name)
    if remaining:
        ctx.io.error("There are pending nodes to be drained:\n" + "".join(f" {n}\n" for n in remaining))
    if not fatal:
        return 0
    # checkErr unwraps the outer aggregate of one node and prints the inner one's errors a line each
    if len(fatal) == 1:
        raise RawError("".join(f"{message_for(e)}\n" for e in fatal[0]))
    raise RawError("".join(f"{aggregate_text(errs)}\n" for errs in fatal))


COMMAND = Command("drain", run, FLAGS)
