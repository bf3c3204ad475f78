"""What a simulated program sees: its files, environment, streams, hostname and network (`Context`),
and the table of programs an executable file can name (`PROGRAMS`, filled by the shell and images)."""
import posixpath

from .process import Capture, Input, Null, Process, WaitForever

# program name (as stored on an executable file's node) -> generator function (ctx, argv) -> exit code
PROGRAMS = {}


def program(*names):
    """Decorator: register a program under one or more names."""
    def register(func):
        for name in names:
            PROGRAMS[name] = func
        return func
    return register


class NotFound(Exception):
    """No executable file for a command name."""


class NotExecutable(NotFound):
    """The file exists but has no execute permission (or isn't a program): exec fails with EACCES."""


class Context:
    """The world of one process. `derive()` gives a child's view (own env copy, other streams)."""

    def __init__(self, clock, fs, env=None, network=None, hostname="localhost", stdin="", stdout=None,
                 stderr=None, cwd="/", container=None, flavor="busybox"):
        self.clock, self.fs, self.network = clock, fs, network
        self.env = dict(env or {})
        self.hostname = hostname
        self.stdin = stdin if isinstance(stdin, Input) else Input(stdin or "")
        self.stdout = stdout or Null()
        self.stderr = stderr or Null()
        self.cwd = cwd
        self.container = container
        self.flavor = flavor  # "busybox" or "gnu": whose wording the applets use
        self.process = None
        self.owner = True  # False for commands a shell runs inline: they don't own the process's signals
        self.tty = False  # a terminal is attached (interactive shells print their prompt)

    def derive(self, **changes):
        child = Context.__new__(Context)
        child.__dict__.update(self.__dict__)
        child.env = dict(self.env)
        child.owner = False
        child.__dict__.update(changes)
        return child

    def handle(self, *signals):
        """Install handlers: these signals are thrown into the program as `Signal`."""
        if self.owner and self.process is not None:
            self.process.handle(*signals)

    def ignore(self, *signals):
        if self.owner and self.process is not None:
            self.process.ignore(*signals)

    def default(self, *signals):
        if self.owner and self.process is not None:
            self.process.default(*signals)

    @property
    def now(self):
        return self.clock.now

    def path(self, name):
        """Absolute path of `name` relative to the working directory."""
        return posixpath.normpath(posixpath.join(self.cwd, name)) if name else self.cwd

    def out(self, text):
        self.stdout.write(text)

    def err(self, text):
        self.stderr.write(text)

    def flush(self):
        buffer = getattr(self.stdout, "buffer", None)
        if buffer is not None:
            buffer.flush(self.clock.now)

    def capture(self):
        return Capture()

    def read_all(self):
        return self.stdin.read_all()

    def wait_for_line(self):
        """Block while an open stdin (kubectl exec -i, attach) has no whole line and no end of input yet."""
        stdin = self.stdin
        while not stdin.closed and not stdin.eof and not stdin.has_line() and self.process is not None:
            stdin.waiter = self.process.wake
            yield WaitForever()

    def set_memory(self, size):
        """Declare the process's memory use; the container's `memory_hook` (the kubelet's OOM check) sees it."""
        if self.process is not None:
            self.process.memory = size
        hook = getattr(self.container, "memory_hook", None)
        if hook is not None:
            hook(self.container, self.process, size)


def spawn(ctx, func, argv):
    """Start `func` as a new process of ctx's container (a background job, a daemon's child)."""
    child = ctx.derive(owner=True)
    if ctx.container is not None:
        return ctx.container.spawn(func, argv, child)
    spawn.pids += 1
    return Process(ctx.clock, func, argv, child, pid=spawn.pids).start()


spawn.pids = 100


def resolve(ctx, name):
    """(path, program function) for a command name, searched in PATH like execvp; NotFound otherwise."""
    if "/" in name:
        candidates = [ctx.path(name)]
    else:
        dirs = ctx.env.get("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin").split(":")
        candidates = [posixpath.join(d or ".", name) for d in dirs]
    for path in candidates:
        try:
            node = ctx.fs.node(path)
        except Exception:
            continue
        if node.kind == "file" and node.program and node.program in PROGRAMS:
            return path, PROGRAMS[node.program]
        if node.kind == "file" and "/" in name:
            if node.data.startswith("#!") and node.mode & 0o111:
                return path, PROGRAMS["script"]
            raise NotExecutable(name)
    raise NotFound(name)
