"""Probe workers of one pod, as pkg/kubelet/prober/worker.go runs them: a ticker every periodSeconds
from the worker's start (a random first offset when the kubelet started less than a period ago),
initialDelaySeconds counted from the container's start, thresholds, and the events they record."""
from .checks import FAILURE, SUCCESS, UNKNOWN, run_probe

KINDS = (("startup", "startupProbe", "Startup"), ("readiness", "readinessProbe", "Readiness"),
         ("liveness", "livenessProbe", "Liveness"))
INITIAL = {"readiness": FAILURE, "liveness": SUCCESS, "startup": UNKNOWN}
HISTORY = 200  # probe outcomes kept per container and kind


class ProbeWorker:
    def __init__(self, manager, rec, kind, spec, title):
        self.manager, self.rec, self.kind, self.spec, self.title = manager, rec, kind, spec, title
        self.period = spec.get("periodSeconds", 10)
        self.container_id = ""
        self.result = INITIAL[kind]
        self.last_result, self.run = UNKNOWN, 0
        self.on_hold = False
        self.timer = None
        self.stopped = False

    def start(self, first_delay):
        self.timer = self.manager.clock.call_later(first_delay, self._tick, priority=2)

    def stop(self):
        self.stopped = True
        if self.timer is not None:
            self.timer.cancel()

    def trigger(self):
        """The manual trigger: run now (readiness of a container just seen running)."""
        if not self.stopped:
            self._probe()

    def _tick(self):
        if self.stopped:
            return
        self.timer = self.manager.clock.call_later(self.period, self._tick, priority=2)
        self._probe()

    def _probe(self):
        worker, rec = self.manager.worker, self.rec
        if worker.terminal:
            return self.stop()
        if rec.container_id != self.container_id and rec.container_id:
            self.container_id = rec.container_id
            self.result = INITIAL[self.kind]
            self.last_result, self.run = UNKNOWN, 0
            self.on_hold = False
        if self.on_hold or not self.container_id:
            return
        if not rec.running:
            self.result = FAILURE
            return
        if worker.deleting and self.kind in ("liveness", "startup"):
            return
        now = self.manager.clock.now
        if int(now - rec.started_at) < self.spec.get("initialDelaySeconds", 0):
            return
        if rec.started:
            if self.kind == "startup":
                return
        elif self.kind != "startup":
            return
        instance = rec.instance
        waiter = run_probe(self.manager.clock, self.spec, worker.pod, worker.records, rec, worker.pod_ip,
                           worker.kl.node_ip)
        waiter.then(lambda value: self._done(instance, *value))

    def _done(self, instance, result, output):
        rec, worker = self.rec, self.manager.worker
        if self.stopped or rec.instance is not instance or not rec.running:
            return
        self.manager.record(rec.name, self.kind, result, output)
        if result == FAILURE:
            worker.event("Warning", "Unhealthy", f"{self.title} probe failed: {output}", rec)
        if result == self.last_result:
            self.run += 1
        else:
            self.last_result, self.run = result, 1
        if (result == FAILURE and self.run < self.spec.get("failureThreshold", 3)) or \
                (result == SUCCESS and self.run < self.spec.get("successThreshold", 1)):
            return
        changed = result != self.result
        self.result = result
        if self.kind in ("liveness", "startup") and result == FAILURE:
            self.on_hold, self.run = True, 0
            rec.liveness_failed = (f"Container {rec.name} failed {self.kind} probe, will be restarted",
                                   self.spec.get("terminationGracePeriodSeconds"))
            worker.request_sync()
            return
        if changed:
            worker.probe_changed(rec, self.kind, result == SUCCESS)


class ProbeManager:
    def __init__(self, worker):
        self.worker = worker
        self.clock = worker.kl.clock
        self.workers = {}  # (container name, kind) -> ProbeWorker
        self.history = {}  # (container name, kind) -> [(time, result, output)], the latest HISTORY of each

    def record(self, container, kind, result, output):
        """Every probe's outcome, before the thresholds judge it (what a probe timeline draws)."""
        results = self.history.setdefault((container, kind), [])
        results.append((self.clock.now, result, output))
        del results[:-HISTORY]

    def add_pod(self):
        """Start the workers of every probe in the pod (prober_manager.AddPod)."""
        kl = self.worker.kl
        for rec in self.worker.records:
            if rec.kind == "init" and not rec.sidecar:
                continue
            for kind, field, title in KINDS:
                spec = rec.spec.get(field)
                if not spec:
                    continue
                w = ProbeWorker(self, rec, kind, spec, title)
                self.workers[(rec.name, kind)] = w
                period = w.period
                first = kl.rng.random() * period if self.clock.now - kl.started_at < period else 0.0
                w.start(first)

    def has(self, rec, kind):
        return (rec.name, kind) in self.workers

    def container_started(self, rec):
        w = self.workers.get((rec.name, "readiness"))
        if w is not None and w.spec.get("initialDelaySeconds", 0) == 0 and rec.started:
            self.clock.call_soon(w.trigger, priority=2)

    def stop(self):
        for w in self.workers.values():
            w.stop()
        self.workers = {}
