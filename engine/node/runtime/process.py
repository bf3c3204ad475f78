"""Processes of simulated containers: a program is a generator that yields requests (Sleep, Wait...)
and returns its exit code; `Process` drives it on the virtual clock and delivers signals like Linux."""

SIGNALS = {"SIGHUP": 1, "SIGINT": 2, "SIGQUIT": 3, "SIGKILL": 9, "SIGUSR1": 10, "SIGUSR2": 12,
           "SIGPIPE": 13, "SIGALRM": 14, "SIGTERM": 15, "SIGCHLD": 17, "SIGCONT": 18, "SIGSTOP": 19,
           "SIGWINCH": 28}
IGNORED_BY_DEFAULT = {"SIGCHLD", "SIGWINCH", "SIGCONT"}
LOG_LIMIT = 10 * 1024 * 1024  # the kubelet's default containerLogMaxSize


def signal_name(value):
    """'TERM', 'SIGTERM', '15' or 15 -> 'SIGTERM' (None when unknown)."""
    text = str(value).upper()
    if text.isdigit():
        return next((name for name, num in SIGNALS.items() if num == int(text)), None)
    name = text if text.startswith("SIG") else "SIG" + text
    return name if name in SIGNALS else None


# ---- requests a program yields
class Sleep:
    """Resume after `seconds`. `cpu` marks busy time (True: one core, or a number of cores);
    `defer_signals` holds handled signals until the sleep ends (a shell waiting on a foreground
    command runs its traps only afterwards)."""

    __slots__ = ("seconds", "cpu", "defer_signals")

    def __init__(self, seconds, cpu=False, defer_signals=False):
        self.seconds, self.cpu, self.defer_signals = max(float(seconds), 0.0), cpu, defer_signals


class WaitForever:
    """Block until a signal arrives (a server's main loop)."""


class Wait:
    """Resume when every process in `processes` has exited."""

    __slots__ = ("processes",)

    def __init__(self, processes):
        self.processes = list(processes)


class Listen:
    """Open a listening socket; `http` answers an HttpRequest with an HttpResponse (None: raw TCP)."""

    __slots__ = ("port", "protocol", "http", "banner")

    def __init__(self, port, protocol="TCP", http=None, banner=""):
        self.port, self.protocol, self.http, self.banner = int(port), protocol, http, banner


class AddressInUse(Exception):
    """Thrown into a program at its `yield Listen(...)` when another process of the pod's network namespace
    (any of its containers) already listens on that port: bind() fails with EADDRINUSE (98)."""

    def __init__(self, port):
        super().__init__(f"bind: address already in use (port {port})")
        self.port = port


class Signal(Exception):
    """Thrown into a program at its current yield when a signal it handles arrives."""

    def __init__(self, name):
        super().__init__(name)
        self.name = name
        self.number = SIGNALS[name]


class Interrupt(Exception):
    """Ctrl-C on the terminal of a shell that reads it: thrown in at its current yield, it ends the
    command in the foreground and the shell prompts again (an interactive shell survives SIGINT)."""


# ---- output
class LogBuffer:
    """A container's log: (time, stream, line) entries, oldest dropped past the size limit."""

    def __init__(self, limit=LOG_LIMIT):
        self.entries = []
        self.limit = limit
        self.size = 0
        self._partial = {"stdout": "", "stderr": ""}
        self._start = 0
        self.followers = []  # callables(entry) told about each new line (`kubectl logs -f`)

    def write(self, stream, text, now):
        text = self._partial[stream] + text
        *lines, self._partial[stream] = text.split("\n")
        for line in lines:
            self._append(now, stream, line)

    def flush(self, now):
        for stream, text in self._partial.items():
            if text:
                self._append(now, stream, text)
                self._partial[stream] = ""

    def pending(self, stream):
        """The unfinished last line of `stream` (a shell's prompt): not a log entry yet."""
        return self._partial[stream]

    def _append(self, now, stream, line):
        entry = (now, stream, line)
        self.entries.append(entry)
        for follower in self.followers:
            follower(entry)
        self.size += len(line) + 1
        while self.size > self.limit:
            old = self.entries[self._start]
            self._start += 1
            self.size -= len(old[2]) + 1
        if self._start > 1024 and self._start * 2 > len(self.entries):
            del self.entries[: self._start]
            self._start = 0

    def lines(self, since=None):
        """[(time, stream, line)] kept, optionally only those written at or after `since`."""
        kept = self.entries[self._start:]
        return [e for e in kept if since is None or e[0] >= since]

    def text(self):
        return "".join(line + "\n" for _, _, line in self.lines())

    def render(self, clock, timestamps=False, since=None, tail=None, limit_bytes=None):
        """What `kubectl logs` prints: optional RFC 3339 (nanosecond, fixed width) timestamps as the kubelet
        writes them, only lines at or after `since`, the last `tail` lines, at most `limit_bytes` bytes."""
        entries = self.lines(since)
        if tail is not None and tail >= 0:
            entries = entries[len(entries) - tail:] if tail else []
        out = []
        for when, _, line in entries:
            if timestamps:
                moment = clock.datetime(when)
                nanos = int(round((when - int(when)) * 1e9)) if when >= 0 else 0
                out.append(moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{nanos:09d}Z " + line + "\n")
            else:
                out.append(line + "\n")
        text = "".join(out)
        if limit_bytes is not None:
            text = text.encode()[:limit_bytes].decode(errors="ignore")
        return text


class LogStream:
    """stdout or stderr of a container's process, written into its LogBuffer with the clock's time."""

    def __init__(self, buffer, stream, clock):
        self.buffer, self.stream, self.clock = buffer, stream, clock

    def write(self, text):
        self.buffer.write(self.stream, text, self.clock.now)


class Capture:
    """Collected output (exec, command substitution, pipes), capped so nothing grows without bound."""

    def __init__(self, limit=4 * 1024 * 1024):
        self.parts, self.size, self.limit = [], 0, limit

    def write(self, text):
        if self.size < self.limit:
            text = text[: self.limit - self.size]
            self.parts.append(text)
            self.size += len(text)

    @property
    def text(self):
        return "".join(self.parts)


class Input:
    """A readable stdin: `read` takes lines one at a time, other programs take the rest.

    An open Input (a container with `stdin: true`) can be fed later; `waiter` is called when data comes."""

    def __init__(self, text="", open=False):
        self.text, self.pos = text, 0
        self.open, self.closed = open, not open
        self.eof = False  # Ctrl-D on a terminal: one reader sees the end of input, the stream stays open
        self.waiter = None

    def feed(self, text):
        self.text += text
        self._wake()

    def close(self):
        self.closed = True
        self._wake()

    def end_of_file(self):
        """Ctrl-D typed on a terminal: the program reading now sees the end of its input."""
        self.eof = True
        self._wake()

    def at_end(self):
        """Closed, or a Ctrl-D to take (once): what a reader with no whole line left stops at."""
        eof, self.eof = self.eof, False
        return eof or self.closed

    def has_line(self):
        return self.text.find("\n", self.pos) >= 0

    def _wake(self):
        waiter, self.waiter = self.waiter, None
        if waiter is not None:
            waiter()

    def complete_line(self):
        """The next whole line (None if there is none yet), for interactive shells."""
        end = self.text.find("\n", self.pos)
        if end < 0:
            return None
        line, self.pos = self.text[self.pos:end], end + 1
        return line

    def read_line(self):
        """The next line without its newline, or None at end of input."""
        if self.pos >= len(self.text):
            return None
        end = self.text.find("\n", self.pos)
        end = len(self.text) if end < 0 else end
        line, self.pos = self.text[self.pos:end], end + 1
        return line

    def read_all(self):
        rest, self.pos = self.text[self.pos:], len(self.text)
        return rest


class Null:
    def write(self, text):
        pass


# ---- the process driver
class Process:
    """One running program. `start()` runs it until its first wait; the clock resumes it after."""

    def __init__(self, clock, program, argv, ctx, pid=1, container=None):
        self.clock, self.argv, self.ctx, self.pid = clock, list(argv), ctx, pid
        self.container = container
        self.name = argv[0].rsplit("/", 1)[-1] if argv else ""
        ctx.process = self
        self.gen = program(ctx, list(argv))
        self.done = False
        self.exit_code = None
        self.signaled = None  # name of the signal that ended it
        self.error = None  # an engine bug caught while running the program
        self.cpu_seconds = 0.0
        self.memory = None  # bytes the program says it holds (None: the image's typical working set)
        self.started_at = clock.now
        self.finished_at = None
        self.dispositions = {}  # signal name -> "handle" | "ignore"
        self.listening = []
        self._waiting = None
        self._timer = None
        self._pending = []
        self._exit_callbacks = []
        self._running = False
        self.defer_depth = 0  # >0 while a shell waits on a foreground command: traps run after it

    # signal dispositions, set by the program through its ctx
    def handle(self, *names):
        for name in names:
            self.dispositions[name] = "handle"

    def ignore(self, *names):
        for name in names:
            self.dispositions[name] = "ignore"

    def default(self, *names):
        for name in names:
            self.dispositions.pop(name, None)

    def on_exit(self, callback):
        if self.done:
            callback(self)
        else:
            self._exit_callbacks.append(callback)

    def start(self):
        self._resume()
        return self

    def signal(self, name, from_inside=False):
        """Deliver a signal as the kernel would: PID 1 ignores signals it has no handler for, and from
        inside its own container even SIGKILL (`kill -9 1` in `kubectl exec` does nothing)."""
        name = signal_name(name) or name
        if self.done:
            return
        if from_inside and self.pid == 1 and (name in ("SIGKILL", "SIGSTOP") or name not in self.dispositions):
            return
        if name == "SIGKILL" and not self._running:
            return self._terminate(name)
        if self._running:  # signalled itself (`kill $$`): act at its next yield
            self._pending.append(name)
            return
        disposition = self.dispositions.get(name)
        if disposition == "ignore" or (disposition is None and (self.pid == 1 or name in IGNORED_BY_DEFAULT)):
            return
        if disposition is None and not self._running:
            return self._terminate(name)
        self._pending.append(name)
        waiting = self._waiting
        if self._running or self.defer_depth or (isinstance(waiting, Sleep) and waiting.defer_signals):
            return
        self._cancel_wait()
        self._resume()

    def wake(self):
        """Resume a program blocked in WaitForever (new input arrived)."""
        if not self.done and not self._running and isinstance(self._waiting, WaitForever):
            self._waiting = None
            self._resume()

    def take_pending(self):
        """Handled signals waiting for the program to look at them (a shell's traps)."""
        pending, self._pending = self._pending, []
        return pending

    def interrupt(self):
        """Ctrl-C on the process's terminal: the foreground command of a shell that catches SIGINT (an
        interactive one, or ash/dash running `-c` or a script: ctx.interactive / ctx.catches_interrupt) dies
        and the shell decides what follows; any other program gets SIGINT."""
        if self.done or self._running:
            return
        if not (getattr(self.ctx, "interactive", False) or getattr(self.ctx, "catches_interrupt", False)):
            return self.signal("SIGINT")
        self._cancel_wait()
        self._resume(throw=Interrupt())

    def kill(self, code=137):
        if self._running:  # killed from inside its own step (its container's PID 1 ended): at its next yield
            self._pending.append("SIGKILL")
            return
        self._terminate("SIGKILL", code)

    # internals
    def _terminate(self, name, code=None):
        self._cancel_wait()
        self.signaled = name
        try:
            self.gen.close()
        except (RuntimeError, Signal):
            pass
        self._finish(128 + SIGNALS[name] if code is None else code)

    def _cancel_wait(self):
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._waiting = None

    def _resume(self, value=None, throw=None):
        if self.done or self._running:
            return
        self._running = True
        try:
            self._run(value, throw)
        finally:
            self._running = False

    def _run(self, value, refused=None):
        while not self.done:
            try:
                if self._pending and not self._deferring():
                    request = self.gen.throw(Signal(self._pending.pop(0)))
                elif refused is not None:
                    request, refused = self.gen.throw(refused), None
                else:
                    request = self.gen.send(value)
            except StopIteration as stop:
                return self._finish(stop.value if isinstance(stop.value, int) else 0)
            except Signal as sig:
                return self._finish(128 + sig.number)
            except AddressInUse as err:  # a program that does not handle it dies as a Go server's log.Fatal does
                self.ctx.stderr.write(f"listen tcp :{err.port}: bind: address already in use\n")
                return self._finish(1)
            except Exception as exc:  # an engine bug must not take the cluster down
                self.error = exc
                self.ctx.stderr.write(f"{self.name}: internal error: {exc!r}\n")
                return self._finish(1)
            value = None
            if self._pending and self._act_on_pending():
                return
            if isinstance(request, Listen):
                if not self._listen(request):
                    refused = AddressInUse(request.port)
                continue
            if isinstance(request, Wait):
                busy = [p for p in request.processes if not p.done]
                if not busy:
                    continue
                self._waiting = request
                for child in busy:
                    child.on_exit(lambda _p, req=request: self._wait_progress(req))
                if self._pending and not self._deferring():
                    self._waiting = None
                    continue
                return
            if isinstance(request, Sleep):
                if request.cpu:
                    cores = 1.0 if request.cpu is True else float(request.cpu)
                    self.cpu_seconds += request.seconds * (self.container.throttled(cores) if self.container else cores)
                self._waiting = request
                if self._pending and not request.defer_signals and not self._deferring():
                    self._waiting = None
                    continue
                self._timer = self.clock.call_later(request.seconds, self._wake)
                return
            if isinstance(request, WaitForever) or request is None:
                if self._pending and not self._deferring():
                    continue
                self._waiting = WaitForever()
                return
            raise TypeError(f"unknown request {request!r}")

    def _deferring(self):
        return self.defer_depth > 0

    def _act_on_pending(self):
        """Apply default actions of signals that arrived while the program ran; True if it died."""
        for name in list(self._pending):
            disposition = self.dispositions.get(name)
            if name == "SIGKILL" or (disposition is None and self.pid != 1 and name not in IGNORED_BY_DEFAULT):
                self._pending.clear()
                self._terminate(name)
                return True
            if disposition != "handle":
                self._pending.remove(name)
        return False

    def _wake(self):
        self._timer = None
        self._waiting = None
        self._resume()

    def _wait_progress(self, request):
        if self._waiting is request and all(p.done for p in request.processes):
            self._waiting = None
            self._resume()

    def _listen(self, request):
        """Bind: False when another process of the pod's network namespace holds the port."""
        if self.container is not None:
            holder = self.container.port_holder(request.port)
            if holder is not None and holder is not self:
                return False
        self.listening.append(request.port)
        if self.container is not None:
            self.container.listeners[request.port] = (self, request)
        return True

    def _finish(self, code):
        if self.done:
            return
        self.done = True
        self.exit_code = code
        self.finished_at = self.clock.now
        self._cancel_wait()
        if self.container is not None:
            for port in self.listening:
                if self.container.listeners.get(port, (None,))[0] is self:
                    del self.container.listeners[port]
        flush = getattr(self.ctx, "flush", None)
        if flush:
            flush()
        callbacks, self._exit_callbacks = self._exit_callbacks, []
        for callback in callbacks:
            callback(self)
