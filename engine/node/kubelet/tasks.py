"""Blocking steps of the kubelet on virtual time: a sync is a generator that yields what it waits for.

`yield 2.5` sleeps 2.5 virtual seconds; `yield waiter` waits for `waiter.set(value)`, whose value it gets back."""


class Waiter:
    """A one-shot result others wait on (a pull finishing, a process exiting, a timeout)."""

    __slots__ = ("done", "value", "_callbacks")

    def __init__(self):
        self.done, self.value, self._callbacks = False, None, []

    def set(self, value=None):
        if self.done:
            return
        self.done, self.value = True, value
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback(value)

    def then(self, callback):
        if self.done:
            callback(self.value)
        else:
            self._callbacks.append(callback)


class Task:
    """Drives one generator on the clock until it returns or is cancelled."""

    def __init__(self, clock, gen, on_done=None):
        self.clock, self.gen, self.on_done = clock, gen, on_done
        self.done = self.cancelled = False
        self._timer = None

    def start(self):
        self._step(None)
        return self

    def cancel(self):
        if self.done or self.cancelled:
            return
        self.cancelled = True
        if self._timer is not None:
            self._timer.cancel()
        self.gen.close()

    def _step(self, value):
        self._timer = None
        if self.cancelled or self.done:
            return
        try:
            wait = self.gen.send(value)
        except StopIteration as stop:
            self.done = True
            if self.on_done is not None:
                self.on_done(stop.value)
            return
        if isinstance(wait, Waiter):
            wait.then(lambda v: self.clock.call_soon(lambda: self._step(v)))
        else:
            self._timer = self.clock.call_later(float(wait or 0), lambda: self._step(None))


def process_exit(clock, proc, timeout=None):
    """A Waiter set to True when `proc` exits, or to False when `timeout` seconds pass first."""
    waiter = Waiter()
    timer = None
    if timeout is not None:
        timer = clock.call_later(timeout, lambda: waiter.set(False))

    def exited(_):
        if timer is not None:
            timer.cancel()
        waiter.set(True)

    proc.on_exit(exited)
    return waiter
