"""What the Endpoints and EndpointSlice controllers share (k8s.io/endpointslice/util): which pods
belong in endpoints, port lookup, pod-to-Service membership and the last-change trigger time."""
from ..api.selectors import matches
from .replicaset import is_ready, ready_condition

TRIGGER_TIME_ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time"
HEADLESS_LABEL = "service.kubernetes.io/headless"


def should_pod_be_in_endpoints(pod, include_terminating):
    """ShouldPodBeInEndpoints: not terminal, has an IP, and not terminating unless asked for."""
    status = pod.get("status") or {}
    if status.get("phase") in ("Succeeded", "Failed"):
        return False
    if not status.get("podIP") and not status.get("podIPs"):
        return False
    return include_terminating or not pod["metadata"].get("deletionTimestamp")


def pod_ips(pod):
    status = pod.get("status") or {}
    return [p.get("ip") for p in status.get("podIPs") or []] or ([status["podIP"]] if status.get("podIP") else [])


def pod_ip_for_service(service, pod):
    """The pod IP of the Service's first IP family (podToEndpointAddressForService), or None."""
    families = (service.get("spec") or {}).get("ipFamilies") or ["IPv4"]
    want_v6 = families[0] == "IPv6"
    return next((ip for ip in pod_ips(pod) if (":" in ip) == want_v6), None)


def is_headless(service):
    """!IsServiceIPSet: clusterIP empty or None."""
    return (service.get("spec") or {}).get("clusterIP") in (None, "", "None")


def find_port(pod, service_port):
    """podutil.FindPort: a named targetPort resolves to the container port of that name and protocol
    (regular containers, then sidecars); a number is itself; None when nothing matches."""
    target = service_port.get("targetPort", service_port.get("port"))
    if isinstance(target, int):
        return target
    if isinstance(target, str) and target.isdigit():
        return int(target)
    protocol = service_port.get("protocol", "TCP")
    spec = pod.get("spec") or {}
    sidecars = [c for c in spec.get("initContainers") or [] if c.get("restartPolicy") == "Always"]
    for container in (spec.get("containers") or []) + sidecars:
        for port in container.get("ports") or []:
            if port.get("name") == target and port.get("protocol", "TCP") == protocol:
                return port.get("containerPort")
    return None


def should_set_hostname(pod, service):
    spec = pod.get("spec") or {}
    return bool(spec.get("hostname")) and spec.get("subdomain") == service["metadata"]["name"] \
        and pod["metadata"]["namespace"] == service["metadata"]["namespace"]


def selector_reqs(service):
    """The Service's selector as requirements; None for a Service without one (no endpoints)."""
    selector = (service.get("spec") or {}).get("selector")
    if selector is None:
        return None
    return [(k, "=", (v,)) for k, v in sorted(selector.items())]


def endpoint_relevant(pod):
    """What podEndpointsChanged compares: a change elsewhere (a heartbeat, an annotation) needs no sync."""
    meta, spec, status = pod["metadata"], pod.get("spec") or {}, pod.get("status") or {}
    ready = ready_condition(pod)
    ports = tuple((p.get("name"), p.get("containerPort"), p.get("protocol", "TCP"))
                  for c in (spec.get("containers") or []) + (spec.get("initContainers") or [])
                  for p in c.get("ports") or [])
    return (bool(meta.get("deletionTimestamp")), is_ready(pod), ready and ready.get("lastTransitionTime"),
            tuple(pod_ips(pod)), spec.get("nodeName"), spec.get("hostname"), spec.get("subdomain"),
            status.get("phase") in ("Succeeded", "Failed"), ports)


class ServiceMembership:
    """An informer's view for these controllers: the Services of each namespace with their selectors,
    the pods the watch has shown and which Services select each; so a pod event names the Service
    keys to sync (GetServicesToUpdateOnPodChange) and a sync reads only its own pods."""

    def __init__(self):
        self.selectors = {}  # namespace -> {service name: requirements}
        self.pods = {}  # namespace -> {pod name: pod} (shared objects: read, never change)
        self.members = {}  # service key -> {pod name: pod}
        self._state = {}  # (namespace, pod name) -> (service keys, endpoint_relevant)

    def service_event(self, kind, service):
        meta = service["metadata"]
        namespace, key = meta["namespace"], f"{meta['namespace']}/{meta['name']}"
        services = self.selectors.setdefault(namespace, {})
        reqs = None if kind == "DELETED" else selector_reqs(service)
        if services.get(meta["name"], False) == reqs:
            return
        for name in self.members.pop(key, {}):
            self._state[(namespace, name)][0].discard(key)
        if reqs is None:
            services.pop(meta["name"], None)
            return
        services[meta["name"]] = reqs
        members = self.members[key] = {}
        for name, pod in sorted((self.pods.get(namespace) or {}).items()):
            if matches(reqs, pod["metadata"].get("labels")):
                members[name] = pod
                self._state[(namespace, name)][0].add(key)

    def pods_of(self, key):
        """The Service's pods, by name (as a list from the apiserver comes)."""
        members = self.members.get(key) or {}
        return [members[name] for name in sorted(members)]

    def pod_event(self, kind, pod):
        """Record the pod; the Service keys whose endpoints it may change."""
        meta = pod["metadata"]
        namespace, name = meta["namespace"], meta["name"]
        old_keys, old_relevant = self._state.pop((namespace, name), (set(), None))
        for key in old_keys:
            self.members[key].pop(name, None)
        if kind == "DELETED":
            (self.pods.get(namespace) or {}).pop(name, None)
            return old_keys
        self.pods.setdefault(namespace, {})[name] = pod
        labels = meta.get("labels") or {}
        keys = {f"{namespace}/{service}" for service, reqs in (self.selectors.get(namespace) or {}).items()
                if matches(reqs, labels)}
        for key in keys:
            self.members[key][name] = pod
        relevant = endpoint_relevant(pod)
        self._state[(namespace, name)] = (keys, relevant)
        if old_relevant is None or relevant != old_relevant:
            return keys | old_keys
        return keys ^ old_keys


class PodViews:
    """What a sync derives from one pod for one Service, kept until either changes: a sync of a
    Service whose pods did not change redoes no per-pod work."""

    def __init__(self):
        self._views = {}  # (namespace, pod name) -> {service key: (stamp, view)}

    def get(self, pod, service, compute, *extra):
        meta = pod["metadata"]
        views = self._views.setdefault((meta["namespace"], meta["name"]), {})
        key = f"{service['metadata']['namespace']}/{service['metadata']['name']}"
        stamp = (meta.get("resourceVersion"), service["metadata"].get("resourceVersion")) + extra
        hit = views.get(key)
        if hit is None or hit[0] != stamp:
            hit = views[key] = (stamp, compute(pod, service))
        return hit[1]

    def forget(self, pod):
        self._views.pop((pod["metadata"]["namespace"], pod["metadata"]["name"]), None)


def ready_since(pod):
    """The Ready condition's lastTransitionTime: a pod's trigger time."""
    ready = ready_condition(pod)
    return ready and ready.get("lastTransitionTime")


class TriggerTimeTracker:
    """TriggerTimeTracker: the earliest pod Ready transition or Service creation that changed since
    the last sync of a Service; the Service's creation time on its first sync."""

    def __init__(self, clock):
        self.clock, self.states = clock, {}  # key -> (pod name -> trigger time, service trigger time)
        self._seconds = {}  # timestamp -> seconds (parsing is the costly part)

    def compute(self, key, service, pod_times):
        """`pod_times`: (pod name, its ready_since) for the Service's pods."""
        known = key in self.states
        last_pods, last_service = self.states.get(key, ({}, ""))
        changed, now_pods = [], {}
        for name, when in pod_times:
            if when:
                now_pods[name] = when
                if when != last_pods.get(name) and self._after(when, last_pods.get(name)):
                    changed.append(when)
        created = service["metadata"].get("creationTimestamp") or ""
        if self._after(created, last_service):
            changed.append(created)
        self.states[key] = (now_pods, created)
        if not known:
            return created
        return min(changed, key=self._parse) if changed else None

    def _after(self, when, before):
        return bool(when) and (not before or self._parse(when) > self._parse(before))

    def _parse(self, text):
        if text not in self._seconds:
            if len(self._seconds) > 10000:
                self._seconds.clear()
            self._seconds[text] = self.clock.parse(text)
        return self._seconds[text]

    def forget(self, key):
        self.states.pop(key, None)
