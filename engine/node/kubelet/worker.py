"""A pod worker: one pod's life on a node as SyncPod runs it: volumes, the sandbox (pause, pod IP),
init containers in order, sidecars, containers with restart back-off, hooks, probes, graceful
termination, and the status written through the API after every sync."""
import hashlib
import json
import random

from ...api.errors import ApiError
from ...api.quantity import parse as parse_quantity
from ..runtime import Container, StartError
from . import dns, envvars, hooks, pod_status
from .images import go_duration
from .pod_status import ContainerRecord
from .prober import ProbeManager
from .tasks import Task, Waiter, process_exit
from .volumes import MOUNT_BACKOFF_INITIAL, MOUNT_BACKOFF_MAX, MOUNT_TIMEOUT, PodVolumes, container_mounts

PLEG_DELAY = 1.0  # PLEG relists every second: a container's exit is acted on this much later
SANDBOX_SECONDS = 0.4  # RunPodSandbox: the pause container and the CNI ADD
CREATE_SECONDS = 0.05  # CreateContainer before StartContainer
WORKER_BACKOFF = 10.0  # pod_workers: a sync that ended in an error is retried after backOffPeriod
NETWORK_BACKOFF = 1.0  # ...but after backOffOnTransientErrorPeriod (jittered) when the network is not ready
MIN_GRACE = 2  # minimumGracePeriodInSeconds
FAILED_PULL_RESYNC = 1.0  # the status update right after a failed pull shows ImagePullBackOff
SYNC_FREQUENCY = 60.0  # --sync-frequency: every running pod is synced again this often (jittered)


class PodWorker:
    def __init__(self, kubelet, pod, static=False):
        self.kl, self.pod, self.static = kubelet, pod, static
        self.uid = pod["metadata"].get("uid", "")
        spec = pod["spec"]
        self.records = [ContainerRecord(c, "init", i) for i, c in enumerate(spec.get("initContainers") or [])]
        self.records += [ContainerRecord(c, "regular", i) for i, c in enumerate(spec.get("containers") or [])]
        self.by_name = {r.name: r for r in self.records}
        self._take_ephemeral(spec)
        self.volumes = PodVolumes()
        self.sandbox = None  # {"ip": ..., "generation": n}
        self.sandbox_generation = 0
        self.init_done_gen = {}  # init container name -> sandbox generation it succeeded in
        self.task = None
        self.resync_pending = False
        self.timer, self.timer_at = None, None
        self.deleting = self.terminal = self.gone = False
        self.start_time = None
        self.last_written = self.last_stored = None
        self.mount_waiting_since = None
        self.mount_retry = {}  # volume name -> [delay, next attempt]
        self.spec_key = self._spec_key(pod)
        self.probes = ProbeManager(self)

    # ---- identity and events
    @property
    def key(self):
        meta = self.pod["metadata"]
        return f"{meta['namespace']}/{meta['name']}"

    @property
    def pod_ip(self):
        return self.sandbox["ip"] if self.sandbox else ""

    def event(self, type_, reason, message, rec=None):
        self.kl.recorder.event(self.pod, type_, reason, message, field_path=rec.field_path if rec else None)

    @staticmethod
    def _spec_key(pod):
        meta = pod["metadata"]
        return json.dumps([pod["spec"], meta.get("deletionTimestamp"), meta.get("deletionGracePeriodSeconds")],
                          sort_keys=True)

    # ---- driving
    def start(self):
        self.probes.add_pod()
        self.request_sync()
        if self.kl.volume_manager.refreshable(self.pod):
            self._schedule_resync()

    def _schedule_resync(self):
        """The periodic pod sync (--sync-frequency 1m, jittered up to half again) that re-projects
        configMap, secret and downward API volumes: how an updated ConfigMap reaches mounted files."""
        jitter = random.Random(f"resync/{self.pod['metadata'].get('uid')}/{self.kl.clock.now}").random()
        self.kl.clock.call_later(SYNC_FREQUENCY * (1 + 0.5 * jitter), self._resync_volumes)

    def _resync_volumes(self):
        if self.gone or self.terminal:
            return
        if self.volumes.trees:
            self.kl.volume_manager.refresh(self.pod, self.volumes)
        self._schedule_resync()

    def update(self, pod):
        self.pod = pod
        key = self._spec_key(pod)
        if key == self.spec_key:
            return
        self.spec_key = key
        if pod["metadata"].get("deletionTimestamp") and not self.deleting:
            self.begin_termination()
            return
        self._take_new_images(pod["spec"])
        self._take_ephemeral(pod["spec"])
        self.request_sync()

    def _take_new_images(self, spec):
        """A pod's container images may be changed (`kubectl set image pod/...`): the next pull uses the
        new one, and a running container whose image changed is restarted (computePodActions)."""
        for key, kind in (("initContainers", "init"), ("containers", "regular")):
            for container in spec.get(key) or ():
                rec = self.by_name.get(container["name"])
                if rec is None or rec.kind != kind or container.get("image") == rec.spec.get("image"):
                    continue
                rec.spec = container
                rec.definition_changed = rec.running or rec.state == "exited"

    def _take_ephemeral(self, spec):
        """Ephemeral containers added through pods/ephemeralcontainers: started once, never restarted."""
        for i, container in enumerate(spec.get("ephemeralContainers") or ()):
            if container["name"] not in self.by_name:
                rec = ContainerRecord(container, "ephemeral", i)
                self.records.append(rec)
                self.by_name[rec.name] = rec

    def request_sync(self, at=None):
        if self.gone:
            return
        at = self.kl.clock.now if at is None else at
        if at <= self.kl.clock.now and self.task is not None and not self.task.done:
            self.resync_pending = True  # run again as soon as the sync under way ends
            return
        if self.timer is not None and self.timer_at <= at:
            return
        if self.timer is not None:
            self.timer.cancel()
        self.timer_at = at
        self.timer = self.kl.clock.call_at(at, self._run_sync, priority=1)

    def _run_sync(self):
        self.timer = self.timer_at = None
        if self.gone or self.kl.stopped:
            return
        if self.task is not None and not self.task.done:
            self.resync_pending = True
            return
        gen = self._terminate() if self.deleting else self._sync()
        self.task = Task(self.kl.clock, gen, self._sync_done).start()

    def _sync_done(self, _):
        if self.resync_pending:
            self.resync_pending = False
            self.request_sync()

    def begin_termination(self):
        self.deleting = True
        if self.task is not None and not self.task.done:
            self.task.cancel()
        self.task = None
        self.resync_pending = False
        if self.timer is not None:
            self.timer.cancel()
            self.timer = self.timer_at = None
        self.request_sync()

    # ---- the sync
    def _sync(self):
        if self.terminal or self.deleting:
            return
        if self.start_time is None:
            self.start_time = self.kl.clock.now
        self.write_status()
        network_error = self.kl.network_error
        if network_error is not None and not self.pod["spec"].get("hostNetwork"):
            # SyncPod: only host-network pods start while the runtime's network is not ready
            self.event("Warning", "NetworkNotReady", f"network is not ready: {network_error}")
            jitter = random.Random(f"network/{self.uid}/{self.kl.clock.now}").random()
            self.request_sync(self.kl.clock.now + NETWORK_BACKOFF * (1 + 0.5 * jitter))
            return
        wake = []
        if self.sandbox is None:
            mounted = yield from self._mount_volumes(wake)
            if not mounted:
                self._wake(wake)
                return
            yield SANDBOX_SECONDS
            if not self._create_sandbox():
                self.request_sync(self.kl.clock.now + WORKER_BACKOFF)
                return
            self.write_status()
        initialized = yield from self._sync_init(wake)
        if initialized and not self.terminal:
            for rec in self.records:
                if rec.kind != "regular":
                    continue
                changed, rec.definition_changed = rec.definition_changed, False
                if rec.running:
                    if changed:  # restarted whatever the restart policy
                        yield from self._kill(rec, f"Container {rec.name} definition changed, will be restarted")
                    elif not rec.liveness_failed:
                        continue
                    else:
                        yield from self._kill(rec, *rec.liveness_failed)
                if rec.state == "exited" and not changed and not self._should_restart(rec):
                    continue
                yield from self._start(rec, wake)
            for rec in self.records:
                if rec.kind == "ephemeral" and rec.state is None and not self.terminal:
                    yield from self._start(rec, wake)
            self._check_terminal()
        if self.terminal:
            yield from self._stop_sidecars()
            self._remove_sandbox()
        self.write_status()
        self._wake(wake)

    def _wake(self, wake):
        if wake:
            self.request_sync(max(min(wake), self.kl.clock.now + 0.001))

    def _sync_init(self, wake):
        """Init containers one at a time (sidecars started and left running); True once all are done."""
        policy = self.pod["spec"].get("restartPolicy", "Always")
        for rec in self.records:
            if rec.kind != "init":
                continue
            if rec.sidecar:
                if rec.running and rec.liveness_failed:
                    yield from self._kill(rec, *rec.liveness_failed)
                if not rec.running:
                    started = yield from self._start(rec, wake)
                    if not started:
                        return False
                if not rec.started:
                    return False
                continue
            if self.init_done_gen.get(rec.name) == self.sandbox_generation:
                continue
            if rec.running:
                return False
            if rec.state == "exited" and rec.exit_code != 0 and rec.sandbox_gen == self.sandbox_generation \
                    and policy == "Never":
                self.terminal = True
                return False
            yield from self._start(rec, wake)
            return False
        return True

    def _should_restart(self, rec):
        policy = self.pod["spec"].get("restartPolicy", "Always")
        return policy == "Always" or (policy == "OnFailure" and rec.exit_code != 0)

    def _check_terminal(self):
        regular = [r for r in self.records if r.kind == "regular"]
        if regular and all(r.state == "exited" and not self._should_restart(r) for r in regular):
            self.terminal = True

    # ---- volumes and the sandbox
    def _mount_volumes(self, wake):
        """WaitForAttachAndMount: retry failing volumes with back-off; give up after 2m3s."""
        clock = self.kl.clock
        if self.mount_waiting_since is None:
            self.mount_waiting_since = clock.now
        while True:
            failed = self.kl.volume_manager.setup(self.pod, self.volumes)
            if not failed:
                self.mount_waiting_since = None
                return True
            next_try = None
            for name, message, unbound in failed:
                entry = self.mount_retry.get(name)
                if entry is None or clock.now >= entry[1]:
                    delay = MOUNT_BACKOFF_INITIAL if entry is None else min(entry[0] * 2, MOUNT_BACKOFF_MAX)
                    self.mount_retry[name] = entry = [delay, clock.now + delay]
                    if not unbound:
                        self.event("Warning", "FailedMount",
                                   f'MountVolume.SetUp failed for volume "{name}" : {message}')
                next_try = entry[1] if next_try is None else min(next_try, entry[1])
            if clock.now - self.mount_waiting_since >= MOUNT_TIMEOUT:
                self._mount_timeout(failed)
                self.mount_waiting_since = None
                wake.append(clock.now + WORKER_BACKOFF)
                return False
            limit = self.mount_waiting_since + MOUNT_TIMEOUT
            yield max(0.0, min(next_try, limit) - clock.now)
            if self.deleting:
                return False

    def _mount_timeout(self, failed):
        unmounted = sorted(name for name, _, _ in failed)
        processing = [m for _, m, unbound in failed if unbound]
        unprocessed = sorted(name for name, _, unbound in failed if unbound)
        message = (f"Unable to attach or mount volumes: unmounted volumes=[{' '.join(unmounted)}], "
                   f"unattached volumes=[], failed to process volumes=[{' '.join(unprocessed)}]: ")
        message += processing[0] if processing else "timed out waiting for the condition"
        self.event("Warning", "FailedMount", message)

    def _create_sandbox(self):
        if self.pod["spec"].get("hostNetwork"):
            ip = self.kl.node_ip
        else:
            try:
                ip = self.kl.ipam.allocate(self.uid)
            except Exception as e:  # the CNI's error: the sandbox cannot be created
                self.event("Warning", "FailedCreatePodSandBox",
                           f'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for '
                           f'sandbox: plugin type="flannel" failed (add): {e}')
                return False
        if self.sandbox_generation:
            self.event("Normal", "SandboxChanged", "Pod sandbox changed, it will be killed and re-created.")
        self.sandbox_generation += 1
        self.sandbox = {"ip": ip, "generation": self.sandbox_generation, "created": self.kl.clock.now}
        return True

    def _remove_sandbox(self):
        if self.sandbox is not None:
            self.sandbox = None
            if not self.pod["spec"].get("hostNetwork"):
                self.kl.ipam.release(self.uid)

    # ---- one container
    def _live_containers(self):
        """The pod's containers now (init, app and ephemeral): one network namespace, the sandbox's."""
        return [r.instance for r in self.records if r.instance is not None]

    def _container_id(self, rec):
        seed = f"{self.kl.node_name}/{self.uid}/{rec.kind}/{rec.name}/{rec.restart_count}/{self.sandbox_generation}"
        return "containerd://" + hashlib.sha256(seed.encode()).hexdigest()

    def _start(self, rec, wake):
        """Start (or restart) one container; True when it runs. Failures set the waiting reason."""
        clock, pod = self.kl.clock, self.pod
        name = rec.name
        if rec.state == "exited":
            key = f"{name}_{pod['metadata']['namespace']}_{self.uid}_{rec.kind}"
            if self.kl.backoff.in_backoff_since(key, rec.finished_at, clock.now):
                delay = self.kl.backoff.get(key)
                self.event("Warning", "BackOff",
                           f"Back-off restarting failed container {name} in pod {hooks.format_pod(pod)}", rec)
                rec.waiting = ("CrashLoopBackOff", f"back-off {go_duration(delay)} restarting failed "
                                                   f"container={name} pod={hooks.format_pod(pod)}")
                wake.append(min(rec.finished_at + delay, clock.now + WORKER_BACKOFF))
                return False
            self.kl.backoff.next(key, rec.finished_at, clock.now)
        image, error = yield from self.kl.images.ensure(pod, rec.spec, lambda t, r, m: self.event(t, r, m, rec))
        if self.deleting:
            return False
        if error is not None:
            rec.waiting = error
            self.event("Warning", "Failed", f"Error: {error[0]}", rec)
            delay = FAILED_PULL_RESYNC if error[0] == "ErrImagePull" else WORKER_BACKOFF
            if error[0] == "ImagePullBackOff":
                key = f"{self.uid}_{rec.spec.get('image', '')}"
                entry = self.kl.images.backoff.entries.get(key)
                if entry is not None:
                    wake.append(min(entry[1] + entry[0], clock.now + WORKER_BACKOFF))
                    return False
            wake.append(clock.now + delay)
            return False
        try:
            env = envvars.build(self.kl.api, pod, rec.spec, self.kl.allocatable(), self.kl.services_for(pod),
                                lambda reason, msg: self.event("Warning", reason, msg, rec))
        except envvars.ConfigError as e:
            rec.waiting = ("CreateContainerConfigError", str(e))
            self.event("Warning", "Failed", f"Error: {e}", rec)
            wake.append(clock.now + WORKER_BACKOFF)
            return False
        yield CREATE_SECONDS
        if self.deleting:
            return False
        self._new_instance(rec, image, env)
        self.event("Normal", "Created", f"Created container: {name}", rec)
        try:
            proc = rec.instance.start()
        except StartError as e:
            self.event("Warning", "Failed", f"Error: {e}", rec)
            self._exited_now(rec, 128, "StartError", str(e), started=False)
            wake.append(clock.now + PLEG_DELAY)
            return False
        rec.state, rec.started_at, rec.waiting = "running", clock.now, None
        rec.started = not self.probes.has(rec, "startup")
        rec.ready = False
        instance = rec.instance
        proc.on_exit(lambda p: self._exited(rec, instance, p))
        self.event("Normal", "Started", f"Started container {name}", rec)
        self._check_memory(rec, instance)
        post_start = ((rec.spec.get("lifecycle") or {}).get("postStart"))
        if post_start and rec.running:
            error = yield from hooks.run(self, rec, post_start, None)
            if error and rec.instance is instance and rec.running:
                self.event("Warning", "FailedPostStartHook", error, rec)
                yield from self._kill(rec, "FailedPostStartHook")
                rec.waiting = ("PostStartHookError", error)
                return False
        if rec.running and not self.probes.has(rec, "readiness"):
            rec.ready = rec.started
        self.probes.container_started(rec)
        return rec.running

    def _new_instance(self, rec, image, env):
        if rec.state == "exited":
            rec.previous = rec.instance
            rec.last = rec.terminated(self.kl.clock)
            rec.restart_count += 1
        spec, pod = rec.spec, self.pod
        mounts, files = container_mounts(spec, self.volumes)
        ips = [self.pod_ip] if self.pod_ip else []
        if pod["spec"].get("hostNetwork"):
            files["/etc/hosts"] = dns.node_hosts(self.kl.node_name, self.kl.node_ip)
            hostname = self.kl.node_name
        else:
            files["/etc/hosts"] = dns.etc_hosts(pod, ips)
            hostname = dns.pod_hostname(pod)
        files["/etc/resolv.conf"] = dns.resolv_conf(pod)
        rec.instance = Container(self.kl.clock, image, name=rec.name, command=spec.get("command"),
                                 args=spec.get("args"), env=env, hostname=hostname, network=self.kl.network,
                                 volumes=mounts, working_dir=spec.get("workingDir"), pod_ip=self.pod_ip,
                                 files=files, stdin=spec.get("stdin", False), tty=spec.get("tty", False),
                                 user=_user(pod, spec),
                                 read_only_root=bool((spec.get("securityContext") or {}).get("readOnlyRootFilesystem")),
                                 pod_containers=self._live_containers)
        rec.instance.cpu_limit = _cpu_limit(spec)
        rec.instance.argv = [envvars.expand(a, dict(env).get) for a in rec.instance.argv] \
            if (spec.get("command") or spec.get("args")) else rec.instance.argv
        rec.container_id = self._container_id(rec)
        rec.image, rec.image_id = image.name, image.image_id
        rec.mounts = [{"mountPath": vm["mountPath"], "name": vm["name"],
                       **({"readOnly": True, "recursiveReadOnly": "Disabled"} if vm.get("readOnly") else {})}
                      for vm in spec.get("volumeMounts") or []]
        rec.state, rec.waiting, rec.oom, rec.liveness_failed = None, None, False, None
        rec.sandbox_gen = self.sandbox_generation
        rec.exit_code = rec.reason = rec.message = None
        rec.started_at = rec.finished_at = None

    def _exited_now(self, rec, code, reason, message, started=True):
        rec.state, rec.exit_code, rec.reason, rec.message = "exited", code, reason, message
        rec.finished_at = self.kl.clock.now
        if not started:
            rec.started_at = None
        rec.started = rec.ready = False

    def _exited(self, rec, instance, proc):
        if rec.instance is not instance or rec.state != "running":
            return
        code = proc.exit_code if proc.exit_code is not None else 0
        reason = "OOMKilled" if rec.oom else ("Completed" if code == 0 else "Error")
        self._exited_now(rec, code, reason, self._termination_message(rec, instance, code))
        if rec.kind == "init" and not rec.sidecar and code == 0:
            self.init_done_gen[rec.name] = getattr(rec, "sandbox_gen", self.sandbox_generation)
        if not self.deleting:
            self.request_sync(self.kl.clock.now + PLEG_DELAY)

    def _termination_message(self, rec, instance, code):
        path = rec.spec.get("terminationMessagePath", "/dev/termination-log")
        try:
            text = instance.fs.read(path) if instance.fs.is_file(path) else ""
        except Exception:
            text = ""
        if not text and code != 0 and rec.spec.get("terminationMessagePolicy") == "FallbackToLogsOnError":
            lines = instance.log.text().splitlines()[-80:]
            text = "\n".join(lines)[-2048:]
        return text or None

    def _check_memory(self, rec, instance):
        """Working set over the memory limit: the kernel's OOM killer ends the container (137, OOMKilled)."""
        limit = ((rec.spec.get("resources") or {}).get("limits") or {}).get("memory")
        if not limit:
            return
        limit_bytes = float(parse_quantity(str(limit)).value)

        def check(container, process, used):
            if used is not None and used > limit_bytes and rec.instance is container and rec.running:
                rec.oom = True
                if container.main is not None:
                    container.main.kill(137)
        instance.memory_hook = check
        used = instance.main.memory if instance.main is not None and instance.main.memory else instance.config.get("memory")
        if used and used > limit_bytes:
            self.kl.clock.call_later(0.1, lambda: check(instance, instance.main, used))

    def probe_changed(self, rec, kind, success):
        if kind == "readiness":
            rec.ready = success and rec.started
        elif kind == "startup" and success:
            rec.started = True
            if not self.probes.has(rec, "readiness"):
                rec.ready = True
            self.probes.container_started(rec)
            if rec.sidecar:
                self.request_sync()
        self.write_status()

    # ---- killing
    def _kill(self, rec, message, grace=None):
        """killContainer: Killing event, preStop within the grace period, the stop signal, SIGKILL."""
        instance = rec.instance
        if instance is None or not rec.running:
            return
        if grace is None:
            grace = self._grace()
        self.event("Normal", "Killing", message, rec)
        clock = self.kl.clock
        begin = clock.now
        pre_stop = (rec.spec.get("lifecycle") or {}).get("preStop")
        if pre_stop:
            error = yield from hooks.run(self, rec, pre_stop, grace)
            if error:
                self.event("Warning", "FailedPreStopHook", error, rec)
            grace = max(grace - (clock.now - begin), MIN_GRACE)
        if instance.running:
            instance.signal(instance.stop_signal)
            exited = yield process_exit(clock, instance.main, grace)
            if not exited and instance.running:
                instance.main.signal("SIGKILL")
                yield process_exit(clock, instance.main)

    def _grace(self):
        meta, spec = self.pod["metadata"], self.pod["spec"]
        if self.deleting and meta.get("deletionGracePeriodSeconds") is not None:
            return max(meta["deletionGracePeriodSeconds"], MIN_GRACE) if meta["deletionGracePeriodSeconds"] else MIN_GRACE
        return spec.get("terminationGracePeriodSeconds", 30)

    def _kill_all(self, recs, message_for):
        """Kill containers in parallel; a step that returns when all have stopped."""
        running = [r for r in recs if r.running]
        if not running:
            return
        done = Waiter()
        left = [len(running)]

        def finished(_):
            left[0] -= 1
            if left[0] == 0:
                done.set()
        for rec in running:
            Task(self.kl.clock, self._kill(rec, message_for(rec)), finished).start()
        yield done

    def _stop_sidecars(self):
        for rec in reversed([r for r in self.records if r.sidecar]):
            yield from self._kill_all([rec], lambda r: f"Stopping container {r.name}")

    def _terminate(self):
        """Graceful deletion: stop the containers, write the final status, delete the pod (grace 0)."""
        stop = lambda r: f"Stopping container {r.name}"  # noqa: E731
        yield from self._kill_all([r for r in self.records if r.kind in ("regular", "ephemeral")], stop)
        yield from self._stop_sidecars()
        yield from self._kill_all([r for r in self.records if r.kind == "init"], stop)
        self.probes.stop()
        yield PLEG_DELAY  # the exits are seen at the next relist, then the final status is written
        self._remove_sandbox()
        self.terminal = True
        self.write_status(final=True)
        meta = self.pod["metadata"]
        try:
            self.kl.api.delete("pods", meta["name"], meta["namespace"], grace_period_seconds=0,
                               preconditions={"uid": self.uid})
        except ApiError:
            pass
        self.kl.forget(self)

    def kill_now(self):
        """The pod left the API (force deletion): kill its containers without waiting for a status."""
        self.deleting = self.gone = True
        if self.task is not None and not self.task.done:
            self.task.cancel()
        if self.timer is not None:
            self.timer.cancel()
        self.probes.stop()
        for rec in self.records:
            if rec.running:
                rec.instance.signal(rec.instance.stop_signal)
                instance = rec.instance
                self.kl.clock.call_later(MIN_GRACE, lambda i=instance: i.running and i.main.signal("SIGKILL"))
        self._remove_sandbox()

    def node_crashed(self):
        """The node went down with its containers: everything is gone, the sandbox included."""
        if self.task is not None and not self.task.done:
            self.task.cancel()
        self.task = None
        if self.timer is not None:
            self.timer.cancel()
            self.timer = self.timer_at = None
        for rec in self.records:
            if rec.running:
                instance = rec.instance
                rec.instance = None
                instance.main.signal("SIGKILL")
                rec.instance = instance
                self._exited_now(rec, 255, "Unknown", None)
        self._remove_sandbox()

    # ---- status
    def build_status(self, final=False):
        clock, pod = self.kl.clock, self.pod
        default = "PodInitializing" if any(r.kind == "init" for r in self.records) else "ContainerCreating"
        init = {r.name: r.status(clock, default) for r in self.records if r.kind == "init"}
        regular = {r.name: r.status(clock, default) for r in self.records if r.kind == "regular"}
        spec = pod["spec"]
        phase = pod_status.phase(spec, init, regular, self.terminal or final)
        old = pod.get("status") or {}  # read only: the new status is built beside it
        generated = pod_status.conditions(spec, init, regular, phase, self.sandbox is not None)
        status = dict(old)
        status["conditions"] = pod_status.merge_conditions(old.get("conditions"), generated, clock.timestamp())
        status["containerStatuses"] = [regular[c["name"]] for c in spec.get("containers") or []]
        if init:
            status["initContainerStatuses"] = [init[c["name"]] for c in spec.get("initContainers") or []]
        ephemeral = [r.status(clock, default) for r in self.records if r.kind == "ephemeral"]
        if ephemeral:
            status["ephemeralContainerStatuses"] = ephemeral
        status["hostIP"] = self.kl.node_ip
        status["hostIPs"] = [{"ip": self.kl.node_ip}]
        if self.sandbox is not None or old.get("podIP"):
            ip = self.pod_ip or old.get("podIP")
            status["podIP"], status["podIPs"] = ip, [{"ip": ip}]
        status["phase"] = phase
        status["startTime"] = old.get("startTime") or clock.timestamp(self.start_time)
        return status

    def write_status(self, final=False):
        if self.gone:
            return
        status = self.build_status(final)
        comparable = json.dumps(status, sort_keys=True)
        # the status manager's needsReconcile: write when ours changed, or when someone else changed the
        # stored one (the node lifecycle controller marks pods not Ready while the kubelet is away)
        if comparable == self.last_written and json.dumps(self.pod.get("status"), sort_keys=True) == self.last_stored:
            return
        meta = self.pod["metadata"]
        current = dict(self.pod, status=status)  # the latest copy the watch delivered
        try:
            written = self.kl.api.update("pods", current, meta["namespace"], subresource="status")
        except ApiError as e:
            if e.code != 409:
                return
            try:  # someone wrote the pod since: build on the fresh copy
                fresh = self.kl.api.get("pods", meta["name"], meta["namespace"])
                if fresh["metadata"].get("uid") != meta.get("uid"):
                    return
                fresh["status"] = self.build_status_on(fresh, final)
                written = self.kl.api.update("pods", fresh, meta["namespace"], subresource="status")
            except ApiError:
                return
        self.pod = written
        self.last_written = comparable
        self.last_stored = json.dumps(written.get("status"), sort_keys=True)

    def build_status_on(self, current, final):
        saved = self.pod
        self.pod = current
        try:
            return self.build_status(final)
        finally:
            self.pod = saved


def _user(pod, spec):
    """(runAsUser, runAsGroup, supplementary gids) from the container's and the pod's securityContext,
    or None for the image's default (root)."""
    pod_ctx, ctx = pod["spec"].get("securityContext") or {}, spec.get("securityContext") or {}
    uid = ctx.get("runAsUser", pod_ctx.get("runAsUser"))
    gid = ctx.get("runAsGroup", pod_ctx.get("runAsGroup"))
    groups = list(pod_ctx.get("supplementalGroups") or [])
    if pod_ctx.get("fsGroup") is not None:
        groups.append(pod_ctx["fsGroup"])
    if uid is None and gid is None and not groups:
        return None
    return (uid if uid is not None else 0, gid if gid is not None else 0, groups)


def _cpu_limit(spec):
    """limits.cpu in cores (no limit: the node's CPUs, unbounded here)."""
    limit = ((spec.get("resources") or {}).get("limits") or {}).get("cpu")
    return float(parse_quantity(str(limit)).value) if limit else float("inf")
