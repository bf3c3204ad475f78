"""The ingress-nginx controller process of each running controller pod: its informers (Ingresses, IngressClasses,
Services, EndpointSlices), the `Sync` events ("Scheduled for sync") of its store, and the leader's status sync
that writes the published Service's address into status.loadBalancer.ingress (at start, then every 60 s)."""
from ...api.errors import ApiError
from ...events import EventRecorder
from . import classes as ingress_classes, proxy
from .routes import build

NAMESPACE = "ingress-nginx"  # where deploy.yaml puts the controller
CONTAINER = "controller"
IMAGE = "registry.k8s.io/ingress-nginx/controller"
STATUS_INTERVAL = 60.0  # status.UpdateInterval
SHUTDOWN_SECONDS = 1.0  # the preStop hook's /wait-shutdown, then the controller's own shutdown
COMPONENT = "nginx-ingress-controller"


def running(pod):
    if pod["metadata"].get("deletionTimestamp"):
        return False
    return any(s.get("name") == CONTAINER and "running" in (s.get("state") or {}) and IMAGE in (s.get("image") or "")
               for s in (pod.get("status") or {}).get("containerStatuses") or ())


def _flag(pod, name, default=None):
    for container in pod["spec"].get("containers") or ():
        if container.get("name") != CONTAINER:
            continue
        for arg in (container.get("command") or []) + (container.get("args") or []):
            if arg.startswith(f"--{name}="):
                return arg.split("=", 1)[1].replace("$(POD_NAMESPACE)", pod["metadata"]["namespace"])
    return default


def service_addresses(svc):
    """The addresses ingress-nginx publishes for its Service: its load balancer's, or a ClusterIP."""
    if svc is None:
        return []
    if svc["spec"].get("type") == "LoadBalancer":
        found = [{k: v for k, v in (("ip", lb.get("ip")), ("hostname", lb.get("hostname"))) if v}
                 for lb in ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or ()]
        return sorted(found, key=lambda a: (a.get("ip", ""), a.get("hostname", "")))
    if svc["spec"].get("type", "ClusterIP") == "ClusterIP" and svc["spec"].get("clusterIP") not in (None, "None"):
        return [{"ip": svc["spec"]["clusterIP"]}]
    return []


class Store:
    """The informers' caches, shared by the controller processes while at least one runs."""

    def __init__(self, api, on_ingress):
        self.api, self.on_ingress = api, on_ingress
        self.ingresses, self.classes, self.services, self.slices = {}, {}, {}, {}
        self.version = 0  # bumped on every change: the routing table is rebuilt lazily
        self.watches = []
        for resource, cache in (("ingressclasses", self.classes), ("services", self.services),
                                ("endpointslices", self.slices), ("ingresses", self.ingresses)):
            listed = api.list(resource)
            for obj in listed["items"]:
                cache[self._key(obj)] = obj
            handler = self._handler(resource, cache)
            self.watches.append(api.watch(resource, handler, resource_version=listed["metadata"]["resourceVersion"]))
        self.version += 1

    @staticmethod
    def _key(obj):
        meta = obj["metadata"]
        return f"{meta.get('namespace', '')}/{meta['name']}".lstrip("/")

    def _handler(self, resource, cache):
        def handle(kind, obj):
            key = self._key(obj)
            old = cache.get(key)
            if kind == "DELETED":
                cache.pop(key, None)
            else:
                cache[key] = obj
            self.version += 1
            if resource == "ingresses" and kind != "DELETED":
                self.on_ingress(old, obj)
        return handle

    def stop(self):
        for watch in self.watches:
            watch.stop()
        self.watches = []

    def class_names(self):
        return {obj["metadata"]["name"] for obj in self.classes.values()
                if obj["spec"].get("controller") == ingress_classes.CONTROLLER}

    def ours(self):
        names = self.class_names()
        return [ing for ing in self.ingresses.values() if ingress_classes.takes(ing, names)]


class Process:
    """One controller pod's /nginx-ingress-controller while its container runs."""

    def __init__(self, owner, pod):
        self.owner, self.uid = owner, pod["metadata"]["uid"]
        self.name = pod["metadata"]["name"]
        self.pod_ip = (pod.get("status") or {}).get("podIP")
        self.publish = _flag(pod, "publish-service")
        self.recorder = EventRecorder(owner.api, owner.clock, COMPONENT)
        self.timer = None

    def start(self, store):
        """The informers' initial list: an ADDED (and a Sync event) for every Ingress of the class."""
        for ing in sorted(store.ours(), key=Store._key):
            self.sync_event(ing)

    def sync_event(self, ing):
        self.recorder.event(ing, "Normal", "Sync", "Scheduled for sync")

    def lead(self):
        """Elected leader: sync status now and every STATUS_INTERVAL."""
        self.sync_status()

    def sync_status(self):
        self.timer = None
        if self.owner.leader() is not self:
            return
        addresses = self.addresses()
        for ing in sorted(self.owner.store.ours(), key=Store._key):
            current = ((ing.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
            if current == addresses:
                continue
            fresh = dict(ing, status={"loadBalancer": {"ingress": addresses} if addresses else {}})
            try:
                self.owner.api.update("ingresses", fresh, ing["metadata"]["namespace"], subresource="status")
            except ApiError:
                continue  # a conflict: the next sync retries
        self.timer = self.owner.clock.call_later(STATUS_INTERVAL, self.sync_status)

    def addresses(self):
        """statusAddressFromService: the published Service's load-balancer addresses (or its ClusterIP)."""
        return service_addresses(self.owner.store.services.get(self.publish or ""))

    def stop(self):
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None


class IngressNginx:
    """Follows the controller pods of the ingress-nginx namespace and runs a Process for each running one;
    `serve` (their HTTP ports) and `follow` (c.trace) route by the Ingress rules (engine/network/ingress/proxy.py)."""

    def __init__(self, api, clock, network):
        self.api, self.clock, self.network = api, clock, network
        self.processes = {}  # pod uid -> Process, in start order (the first is the leader)
        self.store = None
        self.turns = {}  # upstream -> round-robin position
        self.requests = 0  # requests served, for the access log's $request_id
        self._servers = (None, None)  # (store version, servers)
        pods = api.list("pods", namespace=NAMESPACE)
        self._watch = api.watch("pods", self._pod, namespace=NAMESPACE,
                                resource_version=pods["metadata"]["resourceVersion"])
        for pod in pods["items"]:
            self._pod("ADDED", pod)

    # ---- the processes, from their pods
    def _pod(self, kind, pod):
        uid = pod["metadata"].get("uid")
        up = kind != "DELETED" and running(pod)
        if up and uid not in self.processes:
            self.processes[uid] = process = Process(self, pod)
            self.clock.call_soon(lambda: self._start(process))
        elif not up and uid in self.processes:
            process = self.processes.pop(uid)
            process.stop()
            if kind == "DELETED" or pod["metadata"].get("deletionTimestamp"):
                self.clock.call_later(SHUTDOWN_SECONDS, lambda: self._shutdown(process, pod))
            if not self.processes and self.store is not None:
                self.store.stop()
                self.store = None
            elif self.processes:
                self._elect()

    def _shutdown(self, process, pod):
        """statusSync.Shutdown (--update-status-on-shutdown): the last controller pod going away empties the
        Ingresses' status; while another controller pod exists (a replacement) it leaves the status alone."""
        labels = {k: v for k, v in (pod["metadata"].get("labels") or {}).items() if k != "pod-template-hash"}
        selector = ",".join(f"{k}={v}" for k, v in sorted(labels.items()))
        others = [p for p in self.api.list("pods", namespace=pod["metadata"]["namespace"], label_selector=selector)["items"]
                  if p["metadata"]["uid"] != process.uid]
        if others or len(self._published(process)) > 1:  # several addresses: the next leader's job
            return
        classes = {c["metadata"]["name"] for c in self.api.list("ingressclasses")["items"]
                   if c["spec"].get("controller") == ingress_classes.CONTROLLER}
        for ing in self.api.list("ingresses")["items"]:
            if ingress_classes.takes(ing, classes) and ((ing.get("status") or {}).get("loadBalancer") or {}).get("ingress"):
                ing["status"] = {"loadBalancer": {}}
                try:
                    self.api.update("ingresses", ing, ing["metadata"]["namespace"], subresource="status")
                except ApiError:
                    continue

    def _published(self, process):
        namespace, _, name = (process.publish or "").partition("/")
        try:
            return service_addresses(self.api.get("services", name, namespace)) if name else []
        except ApiError:
            return []

    def _start(self, process):
        if self.processes.get(process.uid) is not process:
            return
        if self.store is None:
            self.store = Store(self.api, self._ingress_changed)
        process.start(self.store)
        self._elect()

    def _elect(self):
        leader = self.leader()
        if leader is not None and leader.timer is None:
            leader.lead()

    def leader(self):
        return next(iter(self.processes.values()), None) if self.store is not None else None

    def _ingress_changed(self, old, new):
        names = self.store.class_names()
        was = old is not None and ingress_classes.takes(old, names)
        now = ingress_classes.takes(new, names)
        if now and (old is None or not was or old != new):  # informers compare whole objects (reflect.DeepEqual)
            for process in self.processes.values():
                process.sync_event(new)

    # ---- the data plane (proxy.py)
    def serve(self, ctx, request, port):
        return proxy.serve(self, self.network, ctx, request, port)

    def follow(self, trace, host, uri):
        if not trace.delivered or trace.target_port not in (80, 443) or not self.processes:
            return trace
        return proxy.follow(self, self.network, trace, host, uri)

    # ---- the routing table
    def process_at(self, pod_ip):
        for process in self.processes.values():
            if process.pod_ip == pod_ip:
                return process
        return None

    def servers(self):
        if self.store is None:
            return None
        version, servers = self._servers
        if version != self.store.version:
            servers = build(self.store.ours())
            self._servers = (self.store.version, servers)
        return servers

