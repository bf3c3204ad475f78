"""kube-scheduler: watches pods and nodes through the API, takes pods from the queue one at a time
(scheduleOne), filters and scores nodes with the plugins, binds, and records why, in virtual time."""
from collections import OrderedDict

from ..api.errors import ApiError
from ..api.selectors import from_label_selector, matches
from ..events import EventsRecorder
from .cache import Cache, PodFacts
from .explain import expand, format_explanation
from .framework import DEFAULT_PLUGINS, ERR_NO_NODES, FitError, unschedulable, unresolvable
from .plugins import REGISTRY
from .plugins.volume_binding import POLL_INTERVAL, PreBindError
from .queue import SchedulingQueue

DEFAULT_SCHEDULER = "default-scheduler"
CYCLE_TIME = 0.001  # virtual seconds a scheduling cycle takes (one pod popped, filtered, scored)
BIND_TIME = 0.001  # ... and the binding request after it
MIN_FEASIBLE_NODES = 100
MIN_FEASIBLE_PERCENTAGE = 5
NOTE_LENGTH_LIMIT = 1024  # events.k8s.io note limit: longer messages are truncated with " ..."
DECISION_HISTORY = 128
CONTROLLER_KINDS = {("v1", "ReplicationController"): "replicationcontrollers",
                    ("apps/v1", "ReplicaSet"): "replicasets", ("apps/v1", "StatefulSet"): "statefulsets"}


class Scheduler:
    """One kube-scheduler profile (`default-scheduler`) on an APIServer and a Clock.

    `start()` lists and watches; from then on pods are scheduled as virtual time advances.
    `decisions[(namespace, name)]` / `explain(namespace, name)` keep the last decisions' per-node verdicts."""

    def __init__(self, api, clock, rng, name=DEFAULT_SCHEDULER, hostname="control-plane",
                 percentage_of_nodes_to_score=0, decision_history=DECISION_HISTORY):
        self.api, self.clock, self.rng, self.name = api, clock, rng, name
        self.percentage_of_nodes_to_score = percentage_of_nodes_to_score
        self.cache = Cache()
        self.plugins = [REGISTRY[plugin](self) for plugin, _ in DEFAULT_PLUGINS]
        self.weights = {plugin: weight for plugin, weight in DEFAULT_PLUGINS}
        self.filter_plugins = [p for p in self.plugins if hasattr(p, "filter")]
        self.score_plugins = [p for p in self.plugins if hasattr(p, "score")]
        self.post_filter_plugins = [p for p in self.plugins if hasattr(p, "post_filter")]
        self.pre_bind_plugins = [p for p in self.plugins if hasattr(p, "pre_bind")]
        interest = {}
        for p in self.plugins:
            for event in p.events:
                interest.setdefault(event, set()).add(p.name)
        self.queue = SchedulingQueue(clock, self._wake, interest)
        self.recorder = EventsRecorder(api, clock, name, f"{name}-{hostname}")
        self.decisions = OrderedDict()
        self.decision_history = decision_history
        self.next_start_node_index = 0
        self.nominated = {}  # node name -> {uid: PodFacts} of pending pods nominated there by preemption
        self._nominated_node = {}  # uid -> node name
        # namespace -> name -> selector requirements, for the default spreading of a Service's or controller's pods
        self.selectors = {"services": {}, "replicationcontrollers": {}, "replicasets": {}, "statefulsets": {}}
        self.namespace_labels = {}  # for pod affinity terms that select namespaces by label
        self._cycle = None
        self._watches = []

    # informers
    def start(self):
        """List and watch nodes, pods and the objects whose selectors spread pods; returns self."""
        for plural in self.selectors:
            self._watch(plural, self._on_selector_owner(plural))
        self._watch("namespaces", self._on_namespace)
        self._watch("nodes", self._on_node)
        self._watch("pods", self._on_pod)
        for plugin in self.plugins:
            if hasattr(plugin, "start"):
                plugin.start()
        return self

    def stop(self):
        for w in self._watches:
            w.stop()
        self._watches = []
        if self._cycle is not None:
            self._cycle.cancel()
            self._cycle = None

    def watch_resource(self, plural, handler):
        """An informer for a plugin (VolumeBinding watches claims, volumes and classes)."""
        self._watch(plural, handler)

    def _watch(self, plural, handler):
        listed = self.api.list(plural)
        for obj in listed["items"]:
            handler("ADDED", obj)
        self._watches.append(self.api.watch(plural, handler, resource_version=listed["metadata"]["resourceVersion"]))

    def _on_selector_owner(self, plural):
        def handler(kind, obj):
            meta = obj["metadata"]
            table = self.selectors[plural].setdefault(meta.get("namespace", ""), {})
            if kind == "DELETED":
                table.pop(meta["name"], None)
                return
            selector = (obj.get("spec") or {}).get("selector")
            if plural in ("services", "replicationcontrollers"):
                table[meta["name"]] = [(k, "=", (v,)) for k, v in sorted((selector or {}).items())]
            else:
                table[meta["name"]] = from_label_selector(selector) or []
        return handler

    def _on_namespace(self, kind, namespace):
        name = namespace["metadata"]["name"]
        if kind == "DELETED":
            self.namespace_labels.pop(name, None)
        else:
            self.namespace_labels[name] = namespace["metadata"].get("labels") or {}

    def _on_node(self, kind, node):
        name = node["metadata"]["name"]
        if kind == "DELETED":
            self.cache.remove_node(name)
            self.queue.move_all("NodeDelete")
            return
        old = self.cache.nodes.get(name)
        old_node = old.node if old is not None else None
        self.cache.set_node(node)
        if old_node is None:
            self.queue.move_all("NodeAdd")
            return
        for event in node_change_events(old_node, node):
            self.queue.move_all(event)

    def _on_pod(self, kind, pod):
        meta, spec = pod["metadata"], pod.get("spec") or {}
        uid = meta["uid"]
        self._track_nomination(kind, pod)
        terminal = (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed")
        if kind == "DELETED" or (terminal and spec.get("nodeName")):
            if self.cache.remove_pod(uid) is not None:
                self.queue.move_all("AssignedPodDelete")
            self.queue.delete(uid)
            return
        if spec.get("nodeName"):
            self.queue.delete(uid)
            before = self.cache.pod(uid)
            assumed = uid in self.cache.assumed
            self.cache.add_pod(PodFacts(pod, slim=True), spec["nodeName"])
            if before is None or assumed:
                self.queue.move_all("AssignedPodAdd")
            elif before.labels != (meta.get("labels") or {}):
                self.queue.move_all("AssignedPodUpdate")
            return
        if spec.get("schedulerName", DEFAULT_SCHEDULER) != self.name:
            return
        if terminal:
            self.queue.delete(uid)
            return
        if uid in self.cache.assumed:
            return  # our binding is on its way
        if meta.get("deletionTimestamp") or spec.get("schedulingGates"):
            self.queue.delete(uid)
            return
        self.queue.update(pod) if self.queue.pending(uid) else self.queue.add(pod)

    def _track_nomination(self, kind, pod):
        uid = pod["metadata"]["uid"]
        old = self._nominated_node.pop(uid, None)
        if old is not None:
            self.nominated[old].pop(uid, None)
            if not self.nominated[old]:
                del self.nominated[old]
        node = (pod.get("status") or {}).get("nominatedNodeName")
        if kind != "DELETED" and node and not pod["spec"].get("nodeName"):
            self._nominated_node[uid] = node
            self.nominated.setdefault(node, {})[uid] = PodFacts(pod)

    def default_selector(self, pod):
        """helper.DefaultSelector: the selectors of the Services and of the controller owning the pod."""
        meta = pod["metadata"]
        namespace, labels = meta.get("namespace", ""), meta.get("labels") or {}
        merged = {}
        for selector in self.selectors["services"].get(namespace, {}).values():
            if selector and matches(selector, labels):
                merged.update({k: v[0] for k, _, v in selector})
        requirements = [(k, "=", (v,)) for k, v in sorted(merged.items())]
        owner = next((o for o in meta.get("ownerReferences") or [] if o.get("controller")), None)
        if owner is not None:
            plural = CONTROLLER_KINDS.get((owner.get("apiVersion"), owner.get("kind")))
            selector = self.selectors[plural].get(namespace, {}).get(owner.get("name")) if plural else None
            if selector:
                requirements += [r for r in selector if r not in requirements]
        return requirements or None

    # the scheduling loop
    def _wake(self):
        if self._cycle is None:
            self._cycle = self.clock.call_later(CYCLE_TIME, self._run_cycle)

    def _run_cycle(self):
        self._cycle = None
        entry = self.queue.pop()
        if entry is not None:
            self.schedule_one(entry)
        if self.queue.has_active():
            self._wake()

    def schedule_one(self, entry):
        pod = entry.pod
        if pod["metadata"].get("deletionTimestamp") or pod["metadata"]["uid"] in self.cache.pod_node:
            self.queue.done(entry)
            return
        facts = PodFacts(pod)
        try:
            host = self.schedule_pod(facts, entry)
        except FitError as fit:
            nominated = None
            for plugin in self.post_filter_plugins:
                fit.post_filter_msg, nominated = plugin.post_filter(fit.state, facts, fit)
            self._record(facts, entry, None, str(fit), statuses=fit.statuses, order=fit.state.get("evaluated", []))
            self._failed(entry, facts, str(fit), "Unschedulable", fit.unschedulable_plugins, nominated)
            return
        except NoNodesAvailable:
            self._failed(entry, facts, ERR_NO_NODES, "Unschedulable", (), None)
            return
        self.cache.add_pod(facts, host, assumed=True)
        self.clock.call_later(BIND_TIME, lambda: self._bind(entry, facts, host))

    def _bind(self, entry, facts, host):
        try:
            if not all(plugin.pre_bind(facts, host) for plugin in self.pre_bind_plugins):
                self.clock.call_later(POLL_INTERVAL, lambda: self._bind(entry, facts, host))
                return
        except PreBindError as e:
            for plugin in self.pre_bind_plugins:
                plugin.unreserve(facts)
            if facts.uid in self.cache.assumed:
                self.cache.remove_pod(facts.uid)
                self.queue.move_all("AssignedPodDelete")
            self._failed(entry, facts, f'running PreBind plugin "VolumeBinding": {e}', "SchedulerError", (), None,
                         backoff=True)
            return
        meta = facts.pod["metadata"]
        binding = {"apiVersion": "v1", "kind": "Binding",
                   "metadata": {"name": meta["name"], "namespace": meta["namespace"], "uid": meta["uid"]},
                   "target": {"kind": "Node", "name": host}}
        try:
            self.api.create("pods", binding, subresource="binding", name=meta["name"], namespace=meta["namespace"])
        except ApiError as e:
            if meta["uid"] in self.cache.assumed:
                self.cache.remove_pod(meta["uid"])
                self.queue.move_all("AssignedPodDelete")
            if e.code == 404:
                self.queue.delete(meta["uid"])
                return
            self._failed(entry, facts, e.message, "SchedulerError", (), None, backoff=True)
            return
        self.queue.done(entry)
        self.recorder.event(facts.pod, "Normal", "Scheduled",
                            f"Successfully assigned {meta['namespace']}/{meta['name']} to {host}", "Binding")

    def _failed(self, entry, facts, message, reason, plugins, nominated, backoff=False):
        """handleSchedulingFailure: back to the queue, a FailedScheduling event, the PodScheduled condition."""
        self.queue.add_unschedulable(entry, plugins, backoff=backoff)
        note = message if len(message) <= NOTE_LENGTH_LIMIT else message[:NOTE_LENGTH_LIMIT - 4] + " ..."
        self.recorder.event(entry.pod, "Warning", "FailedScheduling", note, "Scheduling")
        self._set_condition(facts.pod, reason, message, nominated)

    def _set_condition(self, pod, reason, message, nominated):
        meta = pod["metadata"]
        for _ in range(2):
            try:
                current = self.api.get("pods", meta["name"], meta["namespace"])
            except ApiError:
                return
            if current["metadata"]["uid"] != meta["uid"] or current["spec"].get("nodeName"):
                return
            status = current.setdefault("status", {})
            conditions = status.setdefault("conditions", [])
            old = next((c for c in conditions if c.get("type") == "PodScheduled"), None)
            condition = {"type": "PodScheduled", "status": "False", "lastProbeTime": None,
                         "lastTransitionTime": self.clock.timestamp(), "reason": reason, "message": message}
            if old is not None and old.get("status") == "False":
                condition["lastTransitionTime"] = old.get("lastTransitionTime")
            nominated_changed = nominated is not None and status.get("nominatedNodeName", "") != nominated
            if old == condition and not nominated_changed:
                return
            conditions[:] = [condition if c is old else c for c in conditions] if old is not None else conditions + [condition]
            if nominated_changed and nominated:
                status["nominatedNodeName"] = nominated
            elif nominated_changed:
                del status["nominatedNodeName"]
            try:
                self.api.update("pods", current, namespace=meta["namespace"], subresource="status")
                return
            except ApiError as e:
                if e.code != 409:
                    return

    # the algorithm (SchedulePod)
    def schedule_pod(self, facts, entry=None):
        """The node for the pod, or FitError; records the decision."""
        all_nodes = self.cache.node_list()
        if not all_nodes:
            raise NoNodesAvailable()
        state = {}
        nodes, filters, absent = self._pre_filter(state, facts, all_nodes)
        feasible, statuses = self._find_feasible(state, facts, nodes, filters, len(all_nodes))
        if not feasible:
            raise FitError(facts.pod, len(all_nodes), statuses, absent, state=state)
        scores = None
        if len(feasible) == 1:
            host = feasible[0].name
        else:
            scores = self._prioritize(state, facts, feasible)
            host = self._select_host(feasible, scores)
        for plugin in self.pre_bind_plugins:
            plugin.reserve(state, facts, host)
        self._record(facts, entry, host, None, statuses=statuses, order=state["evaluated"], scores=scores)
        return host

    def _pre_filter(self, state, facts, all_nodes):
        filters, narrowing, names = [], [], None
        state["filters"] = filters  # the filters that did not skip this pod (filled in below)
        for plugin in self.filter_plugins:
            pre = getattr(plugin, "pre_filter", None)
            if pre is None:
                filters.append(plugin)
                continue
            result, status, skip = pre(state, facts)
            if skip:
                continue
            filters.append(plugin)
            if status is not None:
                self._prefilter_failure(state, facts, all_nodes, status)
            if result is not None:
                narrowing.append(plugin.name)
                names = result if names is None else names & result
                if not names:
                    message = (f"node(s) didn't satisfy plugin {narrowing[0]}" if len(narrowing) == 1 else
                               f"node(s) didn't satisfy plugin(s) [{' '.join(narrowing)}] simultaneously")
                    self._prefilter_failure(state, facts, all_nodes, unschedulable(plugin.name, message), narrowing)
        if names is None:
            return all_nodes, filters, None
        absent = unresolvable("", f"node(s) didn't satisfy plugin(s) [{' '.join(sorted(narrowing))}]")
        return [n for n in all_nodes if n.name in names], filters, absent

    def _prefilter_failure(self, state, facts, all_nodes, status, plugins=()):
        raise FitError(facts.pod, len(all_nodes), {}, status, status.message, set(plugins) | {status.plugin}, state)

    def num_feasible_nodes_to_find(self, num_all_nodes):
        """numFeasibleNodesToFind: all nodes below 100; else an adaptive share (50% - nodes/125, at least 5%)."""
        if num_all_nodes < MIN_FEASIBLE_NODES:
            return num_all_nodes
        percentage = self.percentage_of_nodes_to_score
        if percentage == 0:
            percentage = max(50 - num_all_nodes // 125, MIN_FEASIBLE_PERCENTAGE)
        return max(num_all_nodes * percentage // 100, MIN_FEASIBLE_NODES)

    def _find_feasible(self, state, facts, nodes, filters, num_all_nodes):
        feasible, statuses, order = [], {}, state.setdefault("evaluated", [])
        if not nodes:
            return feasible, statuses
        nominated = (facts.pod.get("status") or {}).get("nominatedNodeName")
        if nominated:  # evaluateNominatedNode: the node preemption made room on is tried alone first
            node = next((n for n in nodes if n.name == nominated), None)
            if node is not None and self.run_filters(state, facts, node, filters) is None:
                order.append(node.name)
                return [node], statuses
        wanted = self.num_feasible_nodes_to_find(len(nodes))
        start, count = self.next_start_node_index, len(nodes)
        for i in range(count):
            node = nodes[(start + i) % count]
            status = self.run_filters(state, facts, node, filters)
            order.append(node.name)
            if status is None:
                feasible.append(node)
                if len(feasible) >= wanted:
                    break
            else:
                statuses[node.name] = status
        self.next_start_node_index = (start + len(feasible) + len(statuses)) % num_all_nodes
        return feasible, statuses

    def run_filters(self, state, facts, node, filters=None):
        """The first rejecting filter's Status, or None when the node fits. Pods of at least this
        priority nominated to the node count as if there (RunFilterPluginsWithNominatedPods)."""
        filters = filters if filters is not None else state["filters"]
        nominated = self.nominated and self.nominated.get(node.name)
        if nominated:
            ahead = [p for uid, p in nominated.items() if uid != facts.uid and p.priority >= facts.priority]
            if ahead:
                trial = node.clone()
                for p in ahead:
                    trial.add_pod(p)
                status = self._filter(state, facts, trial, filters)
                if status is not None:
                    return status
        return self._filter(state, facts, node, filters)

    def _filter(self, state, facts, node, filters):
        for plugin in filters:
            status = plugin.filter(state, facts, node)
            if status is not None:
                return status
        return None

    def _prioritize(self, state, facts, feasible):
        """{plugin: {node: weighted score}} plus "total"; scores are normalised to 0-100 before weighting."""
        result, totals = {}, dict.fromkeys((n.name for n in feasible), 0)
        for plugin in self.score_plugins:
            if plugin.pre_score(state, facts, feasible):
                continue
            score_all = getattr(plugin, "score_all", None)  # a plugin may score every node in one call
            if score_all is not None:
                scores = score_all(state, facts, feasible)
            else:
                score = plugin.score
                scores = {node.name: score(state, facts, node) for node in feasible}
            normalize = getattr(plugin, "normalize", None)
            if normalize is not None:
                normalize(state, facts, scores)
            weight = self.weights[plugin.name]
            for name in scores:
                scores[name] *= weight
                totals[name] += scores[name]
            result[plugin.name] = scores
        result["total"] = totals
        return result

    def _select_host(self, feasible, scores):
        """The highest total; ties broken uniformly at random, as selectHost's reservoir sampling does."""
        totals = scores["total"]
        best = max(totals.values())
        ties = [node.name for node in feasible if totals[node.name] == best]
        return ties[self.rng.randrange(len(ties))] if len(ties) > 1 else ties[0]

    # preemption's access to the cluster
    def preempt(self, facts, node_name, victims):
        """Evict the victims (DisruptionTarget condition, then delete) so the pod fits on `node_name`."""
        for victim in victims:
            pod = victim.pod
            meta = pod["metadata"]
            try:
                current = self.api.get("pods", meta["name"], meta["namespace"])
                conditions = current.setdefault("status", {}).setdefault("conditions", [])
                conditions[:] = [c for c in conditions if c.get("type") != "DisruptionTarget"]
                conditions.append({"type": "DisruptionTarget", "status": "True", "lastProbeTime": None,
                                   "lastTransitionTime": self.clock.timestamp(), "reason": "PreemptionByScheduler",
                                   "message": f"{self.name}: preempting to accommodate a higher priority pod"})
                self.api.update("pods", current, namespace=meta["namespace"], subresource="status")
                self.api.delete("pods", meta["name"], meta["namespace"])
            except ApiError:
                continue
            self.recorder.event(pod, "Normal", "Preempted",
                                f"Preempted by pod {facts.uid} on node {node_name}", "Preempting", related=facts.pod)

    # explaining decisions
    def _record(self, facts, entry, host, message, statuses, order, scores=None):
        if self.decision_history <= 0:
            return
        key = (facts.namespace, facts.name)
        self.decisions.pop(key, None)
        self.decisions[key] = {
            "pod": f"{facts.namespace}/{facts.name}", "time": self.clock.timestamp(),
            "attempt": entry.attempts if entry is not None else 1,
            "nodes": len(self.cache.node_list()), "node": host, "message": message,
            "order": order, "filtered": {name: (s.plugin, s.reasons) for name, s in statuses.items()},
            "scores": scores,
        }
        while len(self.decisions) > self.decision_history:
            self.decisions.popitem(last=False)

    def explain_text(self, namespace, name):
        return format_explanation(self.explain(namespace, name))

    def explain(self, namespace, name):
        """Why the pod went where it went: per node, the filter verdict and the weighted scores."""
        return expand(self.decisions.get((namespace, name)))


class NoNodesAvailable(Exception):
    pass


def node_change_events(old, new):
    """nodeSchedulingPropertiesChange: which scheduling-relevant parts of a Node changed."""
    events = []
    old_status, new_status = old.get("status") or {}, new.get("status") or {}
    if old_status.get("allocatable") != new_status.get("allocatable"):
        events.append("UpdateNodeAllocatable")
    if old["metadata"].get("labels") != new["metadata"].get("labels"):
        events.append("UpdateNodeLabel")
    if (old.get("spec") or {}).get("taints") != (new.get("spec") or {}).get("taints"):
        events.append("UpdateNodeTaint")
    strip = lambda s: [(c.get("type"), c.get("status")) for c in s.get("conditions") or []]
    if strip(old_status) != strip(new_status):
        events.append("UpdateNodeCondition")
    if bool((old.get("spec") or {}).get("unschedulable")) != bool((new.get("spec") or {}).get("unschedulable")):
        events.append("UpdateNodeSpecUnschedulable")
    if old["metadata"].get("annotations") != new["metadata"].get("annotations"):
        events.append("UpdateNodeAnnotation")
    return events
