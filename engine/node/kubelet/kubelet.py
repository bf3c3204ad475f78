"""The kubelet of one node: watches the pods bound to it through the API server, runs a worker per
pod, serves logs and exec (api.node_connections), heartbeats its Lease and Node status, runs static
pods with their mirror pods, and reports usage (`stats()`) for metrics."""
import random

from ...api.errors import ApiError, bad_request
from ...api.quantity import parse as parse_quantity
from ...api.streaming import Stream
from ...events import EventRecorder
from ...network.ipam import HostLocal
from ..runtime import Network
from . import static_pods, streams
from .backoff import Backoff
from .images import ImageManager
from .host_root import cni_configs
from .node_status import NETWORK_NOT_READY, Heartbeat
from .volumes import VolumeManager
from .worker import PodWorker

MAX_CONTAINER_BACKOFF = 300.0
INITIAL_CONTAINER_BACKOFF = 10.0
# kubeadm pulls the control plane's images before `kubeadm init` starts the static pods
KUBEADM_IMAGES = ("registry.k8s.io/pause:3.10",)


class Kubelet:
    """`Kubelet(api, clock, "worker-1", seed=0).start()`; `static_pods=[manifest dicts]` are run
    as the kubelet's file source (/etc/kubernetes/manifests) and mirrored into the API. With
    `cni_config=False` the node has no CNI config until a pod network's installer writes one into its
    /etc/cni/net.d: until then the runtime's network is not ready and the node NotReady."""

    def __init__(self, api, clock, node_name, seed=0, catalog=None, network=None, static_pods=(),
                 pv_trees=None, preloaded_images=(), cni_config=True):
        self.api, self.clock, self.node_name = api, clock, node_name
        self.rng = random.Random(f"kubelet/{seed}/{node_name}")
        self.recorder = EventRecorder(api, clock, "kubelet", host=node_name)
        self.network = network or Network()
        self.images = ImageManager(clock, catalog, tuple(KUBEADM_IMAGES) + tuple(preloaded_images))
        self.backoff = Backoff(INITIAL_CONTAINER_BACKOFF, MAX_CONTAINER_BACKOFF)
        self.pv_trees = pv_trees if pv_trees is not None else {}
        self.volume_manager = VolumeManager(self)
        self.static_manifests = [dict(m) for m in static_pods]
        self.watched_root = None  # the node's root Tree whose manifests folder the file source re-reads
        self.manifest_texts = {}  # file name -> the text last read there (unchanged files are not parsed again)
        self.workers = {}  # pod uid (static pods: "static/<ns>/<name>") -> PodWorker
        self.heartbeat = Heartbeat(self)
        self.cni_preinstalled = cni_config  # the node image carries the pod network's CNI config
        self.network_error = None if cni_config else NETWORK_NOT_READY  # runtimeState.networkErrors()
        self.ipam = None
        self.node_uid = self.node_ip = None
        self.started_at = clock.now
        self.stopped = True
        self._watch = None
        self._allocatable = {}
        self._cpu_samples = {}  # container ID -> (time, cpu seconds) at the last stats() call

    # ---- lifecycle
    def start(self):
        node = self.api.get("nodes", self.node_name)
        self.node_uid = node["metadata"]["uid"]
        self.node_ip = next((a["address"] for a in node["status"].get("addresses", []) if a["type"] == "InternalIP"),
                            "")
        self._allocatable = dict(node["status"].get("allocatable") or {})
        if self.ipam is None:
            self.ipam = HostLocal(node["spec"].get("podCIDR") or "10.244.0.0/24")
        self.stopped = False
        self.started_at = self.clock.now
        self.api.node_connections[self.node_name] = self
        listed = self.api.list("pods", field_selector=f"spec.nodeName={self.node_name}")
        self._watch = self.api.watch("pods", self._on_pod, field_selector=f"spec.nodeName={self.node_name}",
                                     resource_version=listed["metadata"]["resourceVersion"])
        self.heartbeat.start()
        present = set()
        for pod in listed["items"]:
            present.add(pod["metadata"].get("uid"))
            self._handle("ADDED", pod)
        for uid, worker in list(self.workers.items()):
            if not worker.static and uid not in present:
                worker.kill_now()
                self.forget(worker)
            elif worker.sandbox is None and not worker.terminal:
                worker.request_sync()
            else:  # the status manager's first sync: put back what others changed meanwhile (Ready)
                self.clock.call_soon(worker.write_status, priority=1)
        self._start_static_pods()
        return self

    def stop(self, kill_containers=False):
        """A dead kubelet: no heartbeats, no status, no restarts. With `kill_containers` the node went
        down with it (its containers die; they come back in new sandboxes when it starts again)."""
        self.stopped = True
        if self._watch is not None:
            self._watch.stop()
            self._watch = None
        self.heartbeat.stop()
        if self.api.node_connections.get(self.node_name) is self:
            del self.api.node_connections[self.node_name]
        for worker in self.workers.values():
            if worker.task is not None and not worker.task.done:
                worker.task.cancel()
            worker.task = None
            if worker.timer is not None:
                worker.timer.cancel()
                worker.timer = worker.timer_at = None
            if kill_containers:
                worker.node_crashed()
        return self

    def forget(self, worker):
        worker.gone = True
        worker.probes.stop()
        for key, w in list(self.workers.items()):
            if w is worker:
                del self.workers[key]

    # ---- the pod source
    def _on_pod(self, type_, pod):
        self.clock.call_soon(lambda: self._handle(type_, pod) if not self.stopped else None, priority=1)

    def _handle(self, type_, pod):
        meta = pod["metadata"]
        if static_pods.is_mirror(pod):
            return self._handle_mirror(type_, pod)
        uid = meta.get("uid")
        worker = self.workers.get(uid)
        if type_ == "DELETED":
            if worker is not None:
                worker.kill_now()
                self.forget(worker)
            return
        if worker is not None:
            worker.update(pod)
            return
        if pod.get("status", {}).get("phase") in ("Succeeded", "Failed"):
            return
        if meta.get("deletionTimestamp"):
            try:
                self.api.delete("pods", meta["name"], meta["namespace"], grace_period_seconds=0,
                                preconditions={"uid": uid})
            except ApiError:
                pass
            return
        worker = self.workers[uid] = PodWorker(self, pod)
        worker.start()

    # ---- static pods and their mirrors
    def _static_key(self, namespace, name):
        return f"static/{namespace}/{name}"

    def _start_static_pods(self):
        for manifest in self.static_manifests:
            mirror = static_pods.mirror_pod(manifest, self.node_name, self.node_uid, self.clock)
            meta = mirror["metadata"]
            key = self._static_key(meta["namespace"], meta["name"])
            pod = self._ensure_mirror(mirror)
            if key in self.workers:
                continue
            worker = self.workers[key] = PodWorker(self, pod or mirror, static=True)
            if pod is None:  # no mirror in the API (yet): the static pod runs under its config hash
                worker.uid = static_pods.config_hash(manifest, self.node_name)
                worker.pod["metadata"]["uid"] = worker.uid
            worker.start()

    def _ensure_mirror(self, mirror):
        meta = mirror["metadata"]
        try:  # no mirror pod for a node removed from the cluster (syncPod checks GetNode first)
            node = self.api.get("nodes", self.node_name)
        except ApiError:
            return None
        if node["metadata"].get("deletionTimestamp"):
            return None
        try:
            current = self.api.get("pods", meta["name"], meta["namespace"])
            if current["metadata"].get("annotations", {}).get(static_pods.CONFIG_HASH) == \
                    meta["annotations"][static_pods.CONFIG_HASH]:
                return current
            self.api.delete("pods", meta["name"], meta["namespace"], grace_period_seconds=0)
        except ApiError:
            pass
        try:
            return self.api.create("pods", mirror, namespace=meta["namespace"])
        except ApiError:
            return None

    def _handle_mirror(self, type_, pod):
        meta = pod["metadata"]
        worker = self.workers.get(self._static_key(meta["namespace"], meta["name"]))
        if worker is None:
            if type_ != "DELETED":  # a mirror without a static pod: the kubelet removes it
                try:
                    self.api.delete("pods", meta["name"], meta["namespace"], grace_period_seconds=0)
                except ApiError:
                    pass
            return
        if type_ == "DELETED" or meta.get("deletionTimestamp"):
            if type_ != "DELETED":
                try:
                    self.api.delete("pods", meta["name"], meta["namespace"], grace_period_seconds=0)
                except ApiError:
                    pass
            manifest = next((m for m in self.static_manifests
                             if f"{m['metadata']['name']}-{self.node_name}" == meta["name"]), None)
            if manifest is not None and type_ == "DELETED":
                created = self._ensure_mirror(static_pods.mirror_pod(manifest, self.node_name, self.node_uid,
                                                                     self.clock))
                if created is not None:
                    worker.pod, worker.last_written = created, None
                    worker.write_status()
            return
        if meta.get("uid") == worker.pod["metadata"].get("uid"):
            worker.pod = pod

    def update_runtime_up(self):
        """updateRuntimeUp: the runtime's NetworkReady, true once containerd sees a CNI config."""
        if not self.cni_preinstalled:
            self.network_error = None if cni_configs(self.volume_manager.host_paths) else NETWORK_NOT_READY

    # ---- what workers ask of their node
    def allocatable(self):
        return self._allocatable

    def services_for(self, pod):
        ns = pod["metadata"]["namespace"]
        services = self.api.list("services", namespace=ns)["items"]
        if ns != "default":
            services += [s for s in self.api.list("services", namespace="default")["items"]
                         if s["metadata"]["name"] == "kubernetes"]
        return services

    def worker_for(self, pod):
        meta = pod["metadata"]
        worker = self.workers.get(meta.get("uid"))
        if worker is None and static_pods.is_mirror(pod):
            worker = self.workers.get(self._static_key(meta["namespace"], meta["name"]))
        return worker

    # ---- logs and exec (the kubelet's server on :10250)
    def container_log(self, pod, container, previous=False, tail_lines=None, since_seconds=None, timestamps=False):
        worker = self.worker_for(pod)
        meta = pod["metadata"]
        rec = worker.by_name.get(container) if worker is not None else None
        instance = self._log_instance(rec, pod, container, previous)
        since = self.clock.now - since_seconds if since_seconds is not None else None
        return instance.log.render(self.clock, timestamps=timestamps, since=since, tail=tail_lines)

    def _log_instance(self, rec, pod, container, previous):
        """validateContainerLogStatus: which instance's log, or the kubelet's error."""
        name = pod["metadata"]["name"]
        if rec is None:
            raise bad_request(f'container "{container}" in pod "{name}" is waiting to start: ContainerCreating')
        if previous:
            last = rec.instance if rec.state == "exited" and rec.waiting else rec.previous
            if last is None:
                raise bad_request(f'previous terminated container "{container}" in pod "{name}" not found')
            return last
        if rec.state in ("running", "exited") and rec.instance is not None:
            return rec.instance
        if rec.previous is not None:
            return rec.previous
        reason = (rec.waiting or ("PodInitializing" if any(r.kind == "init" for r in rec_list(self, pod))
                                  else "ContainerCreating", None))[0]
        if reason == "ErrImagePull":
            raise bad_request(f'container "{container}" in pod "{name}" is waiting to start: image can\'t be pulled')
        if reason == "ImagePullBackOff":
            raise bad_request(f'container "{container}" in pod "{name}" is waiting to start: '
                              "trying and failing to pull image")
        raise bad_request(f'container "{container}" in pod "{name}" is waiting to start: {reason}')

    def exec(self, pod, container, command, stdin=None):
        """Run `command` in a running container to completion (virtual time moves); (stdout, stderr, code).
        A streaming.Stream as stdin (kubectl in a terminal) gets a streams.ExecSession instead."""
        worker = self.worker_for(pod)
        rec = worker.by_name.get(container) if worker is not None else None
        if rec is None or not rec.running or rec.instance is None:
            raise ApiError(500, "InternalError", f'container not found ("{container}")', {})
        if isinstance(stdin, Stream):
            return streams.ExecSession(self.clock, rec.instance, command, stdin.tty)
        result = rec.instance.run_exec(list(command), stdin=stdin if stdin is not None else "")
        if result.timed_out:
            return result.stdout, result.stderr, None
        return result.stdout, result.stderr, result.exit_code

    def attach(self, pod, container, stdin=None, seconds=10):
        """Follow the main process's output for `seconds` or until it exits; `stdin` goes to an open stdin.
        A streaming.Stream as stdin (kubectl in a terminal) gets a streams.AttachSession instead."""
        worker = self.worker_for(pod)
        rec = worker.by_name.get(container) if worker is not None else None
        if rec is None or not rec.running or rec.instance is None:
            raise ApiError(500, "InternalError", f'container not found ("{container}")', {})
        instance = rec.instance
        if isinstance(stdin, Stream):
            return streams.AttachSession(self.clock, instance, stdin.tty)
        out, err = [], []

        def follow(entry):  # a TTY merges stderr into stdout
            (err if entry[1] == "stderr" and not instance.tty else out).append(entry[2] + "\n")
        instance.log.followers.append(follow)
        try:
            if stdin is not None and instance.stdin.open and not instance.stdin.closed:
                instance.stdin.feed(stdin)
                instance.stdin.close()
            self.clock.run_until(lambda: not instance.running, seconds)
        finally:
            instance.log.followers.remove(follow)
        return "".join(out), "".join(err)

    # ---- metrics (the Summary API's shape, for metrics-server / kubectl top / the HPA)
    def stats(self):
        now, stamp = self.clock.now, self.clock.timestamp()
        pods, node_cpu, node_mem = [], 0.0, 0
        for worker in self.workers.values():
            containers = []
            for rec in worker.records:
                if not rec.running or rec.instance is None:
                    continue
                inst = rec.instance
                cpu, memory = inst.usage()
                memory = int(memory)
                sample = self._cpu_samples.get(rec.container_id)
                rate = (cpu - sample[1]) / (now - sample[0]) if sample and now > sample[0] else \
                    (cpu / (now - rec.started_at) if now > rec.started_at else 0.0)
                self._cpu_samples[rec.container_id] = (now, cpu)
                node_cpu += rate
                node_mem += memory
                containers.append({"name": rec.name, "startTime": self.clock.timestamp(rec.started_at),
                                   "cpu": {"time": stamp, "usageNanoCores": int(rate * 1e9),
                                           "usageCoreNanoSeconds": int(cpu * 1e9)},
                                   "memory": {"time": stamp, "workingSetBytes": memory, "usageBytes": memory}})
            meta = worker.pod["metadata"]
            pods.append({"podRef": {"name": meta["name"], "namespace": meta["namespace"], "uid": meta.get("uid")},
                         "containers": containers})
        capacity = parse_quantity(str(self._allocatable.get("memory", "0"))).value
        return {"node": {"nodeName": self.node_name, "cpu": {"time": stamp, "usageNanoCores": int(node_cpu * 1e9)},
                         "memory": {"time": stamp, "workingSetBytes": node_mem,
                                    "availableBytes": int(float(capacity)) - node_mem}},
                "pods": pods}


def rec_list(kubelet, pod):
    worker = kubelet.worker_for(pod)
    return worker.records if worker is not None else []
