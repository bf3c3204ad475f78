"""The shape of every controller: watches enqueue keys into a de-duplicating work queue, and
`sync(key)` reads the current state and acts through the API, one key per clock tick."""
from collections import deque

from ..api.errors import ApiError

# workqueue.DefaultControllerRateLimiter's per-item exponential back-off: 5 ms doubling to 1000 s
BACKOFF_BASE = 0.005
BACKOFF_MAX = 1000.0


class WorkQueue:
    """client-go's workqueue: a key waits at most once; a key re-added while it is being
    processed is processed again afterwards, never twice at the same time."""

    def __init__(self):
        self._queue = deque()
        self._dirty = set()
        self._processing = set()

    def add(self, key):
        if key in self._dirty:
            return
        self._dirty.add(key)
        if key not in self._processing:
            self._queue.append(key)

    def get(self):
        key = self._queue.popleft()
        self._dirty.discard(key)
        self._processing.add(key)
        return key

    def done(self, key):
        self._processing.discard(key)
        if key in self._dirty:
            self._queue.append(key)

    def __len__(self):
        return len(self._queue)

    def idle(self):
        return not self._queue and not self._processing


class Controller:
    """Subclasses set `name`, add watches in `setup()` and implement `sync(key)`; a sync that
    raises an ApiError is retried with exponential back-off, one that returns a number of
    seconds is looked at again after that long."""

    name = "controller"

    def __init__(self, manager):
        self.manager, self.server, self.clock = manager, manager.server, manager.clock
        self.queue = WorkQueue()
        self._failures = {}
        self._timer = None
        self._watches = []

    # wiring
    def start(self):
        self.setup()

    def setup(self):
        """Register watches (self.watch) and enqueue what already exists."""

    def watch(self, ref, handler, replay=True, **selectors):
        """Watch `ref`; with `replay`, existing objects first arrive as ADDED, as an informer's list does."""
        if replay:
            for obj in self.server.list(ref, **selectors)["items"]:
                handler("ADDED", obj)
        self._watches.append(self.server.watch(ref, handler, **selectors))

    def stop(self):
        for w in self._watches:
            w.stop()
        if self._timer:
            self._timer.cancel()

    # queueing
    def enqueue(self, key):
        self.queue.add(key)
        self._schedule()

    def enqueue_after(self, key, delay):
        self.clock.call_later(delay, lambda: self.enqueue(key))

    def _schedule(self):
        if self._timer is None and len(self.queue):
            self._timer = self.clock.call_soon(self._process)

    def process_now(self):
        """Sync the next queued key at once (its clock tick is dropped)."""
        if self._timer is not None:
            self._timer.cancel()
        self._process()

    def _process(self):
        self._timer = None
        if not len(self.queue):
            return
        key = self.queue.get()
        self.manager.busy += 1
        try:
            requeue = self.sync(key)
        except ApiError:
            failures = self._failures.get(key, 0)
            self._failures[key] = failures + 1
            self.enqueue_after(key, min(BACKOFF_BASE * 2 ** failures, BACKOFF_MAX))
        else:
            self._failures.pop(key, None)
            if requeue:
                self.enqueue_after(key, requeue)
        finally:
            self.manager.busy -= 1
            self.queue.done(key)
            self._schedule()

    def sync(self, key):
        raise NotImplementedError

    def idle(self):
        return self.queue.idle()

    # helpers for subclasses
    def get(self, ref, name, namespace=None):
        """The object or None."""
        try:
            return self.server.get(ref, name, namespace)
        except ApiError as e:
            if e.code == 404:
                return None
            raise


def controller_ref(obj):
    """The ownerReference marked controller: true, or None (what pkg/controller's GetControllerOf reads)."""
    for ref in obj["metadata"].get("ownerReferences") or ():
        if ref.get("controller"):
            return ref
    return None


def object_key(obj):
    meta = obj["metadata"]
    return f"{meta['namespace']}/{meta['name']}" if meta.get("namespace") else meta["name"]


def split_key(key):
    namespace, _, name = key.rpartition("/")
    return namespace, name


def terminating_namespace(error):
    """HasStatusCause(err, NamespaceTerminating): the create was refused because the namespace is going away."""
    causes = (error.details or {}).get("causes") or []
    return any(c.get("reason") == "NamespaceTerminating" for c in causes)
