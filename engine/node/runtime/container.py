"""A simulated container: its root filesystem from the image, volume mounts, environment, log,
process table and listening ports; `start()` runs the main process, `exec()` runs one more in it."""
from .context import Context, NotExecutable, NotFound, resolve
from .fs import Mounts
from .process import Capture, Input, LogBuffer, LogStream, Process

OCI_PREFIX = ("failed to create containerd task: failed to create shim task: OCI runtime create failed: "
              "runc create failed: unable to start container process: ")


class StartError(Exception):
    """The runtime could not start the process (kubelet: reason StartError / RunContainerError, exit 128)."""


class ExecResult:
    __slots__ = ("stdout", "stderr", "exit_code", "timed_out")

    def __init__(self, stdout, stderr, exit_code, timed_out=False):
        self.stdout, self.stderr, self.exit_code, self.timed_out = stdout, stderr, exit_code, timed_out

    def __iter__(self):
        return iter((self.stdout, self.stderr, self.exit_code))

    def __repr__(self):
        return f"ExecResult({self.stdout!r}, {self.stderr!r}, {self.exit_code}, timed_out={self.timed_out})"


def command_line(image_config, command=None, args=None):
    """The argv the runtime execs: Kubernetes `command` replaces ENTRYPOINT (and drops CMD),
    `args` replaces CMD."""
    entrypoint = list(image_config.get("entrypoint") or [])
    cmd = list(image_config.get("cmd") or [])
    if command:
        return list(command) + list(args or [])
    return entrypoint + (list(args) if args else cmd)


class Container:
    """One container instance (a restart is a new Container: fresh writable layer, same volume Trees).
    `volumes` is [(mount path, Tree, read_only)]; `env` a dict or [(name, value)] already resolved by the
    kubelet (it overrides the image's ENV); `files` maps paths to text written into the root filesystem."""

    def __init__(self, clock, image, name="main", command=None, args=None, env=None, hostname="localhost",
                 network=None, volumes=(), working_dir=None, pod_ip="", root=None, files=None, stdin=False,
                 tty=False, user=None, read_only_root=False, pod_containers=None):
        self.clock, self.image, self.name = clock, image, name
        # the pod's containers share one network namespace: a port bound in one is taken in all
        self.pod_containers = pod_containers or (lambda: [self])
        config = image.config if image is not None else {}
        self.config = config
        self.fs = Mounts(root if root is not None else image.root_fs(), clock)
        # files the kubelet writes into every container (/etc/hosts, /etc/resolv.conf...), then /etc/hostname
        for path, text in dict(files or {}, **{"/etc/hostname": hostname + "\n"}).items():
            self.fs.mounts[()][0].add(path, text, mtime=clock.now)
        for path, tree, read_only in volumes:
            self.fs.mount(path, tree, read_only)
        self.fs.mount_proc(self)
        if user is not None:  # securityContext runAsUser / runAsGroup / fsGroup + supplementalGroups
            uid, gid, groups = user
            self.fs.identity = (int(uid), int(gid), tuple(int(g) for g in groups))
        if read_only_root:  # securityContext.readOnlyRootFilesystem
            self.fs.mounts[()] = (self.fs.mounts[()][0], True)
        # the order `env` shows in a pod: the image's ENV, HOSTNAME, the pod's variables, then runc's HOME
        self.env = dict(config.get("env") or {})
        self.env["HOSTNAME"] = hostname
        self.env.update(dict(env.items() if isinstance(env, dict) else env or []))
        self.env.setdefault("HOME", "/root")
        self.hostname, self.network, self.pod_ip = hostname, network, pod_ip
        self.cwd = working_dir or config.get("workdir") or "/"
        self.argv = command_line(config, command, args)
        self.flavor = config.get("flavor", "busybox")
        self.tty = tty
        self.stdin = Input("", open=True) if stdin else Input("")  # `stdin: true` keeps it open for attach
        self.log = LogBuffer()
        self.listeners = {}  # port -> (Process, Listen)
        self.processes = {}  # pid -> Process
        self._next_pid = 1
        self.main = None
        self._finished_cpu = 0.0
        self.memory_hook = None  # called (container, process, bytes) when a program declares its memory use
        self.cpu_limit = float("inf")  # limits.cpu in cores, set by the kubelet: the CFS quota every process shares

    def port_holder(self, port):
        """The live process of this pod (any container) listening on `port`, or None."""
        for container in self.pod_containers():
            entry = container.listeners.get(int(port))
            if entry is not None and not entry[0].done:
                return entry[0]
        return None

    # ---- processes
    def context(self, stdout, stderr, stdin="", env=None):
        return Context(self.clock, self.fs, env=self.env if env is None else env, network=self.network,
                       hostname=self.hostname, stdin=stdin, stdout=stdout, stderr=stderr, cwd=self.cwd,
                       container=self, flavor=self.flavor)

    def main_stream(self, stream):
        return LogStream(self.log, stream, self.clock)

    def _program(self, argv, ctx):
        if not argv:
            raise StartError(OCI_PREFIX + "exec: no command specified: unknown")
        try:
            _, func = resolve(ctx, argv[0])
        except NotExecutable:
            raise StartError(OCI_PREFIX + f'exec: "{argv[0]}": permission denied: unknown') from None
        except NotFound:
            where = "no such file or directory" if "/" in argv[0] else "executable file not found in $PATH"
            raise StartError(OCI_PREFIX + f'exec: "{argv[0]}": {where}: unknown') from None
        return func

    def start(self):
        """Run the main process (PID 1); raises StartError like runc when the command doesn't exist."""
        out = self.main_stream("stdout")  # a TTY is one stream: the runtime logs stderr as stdout too
        ctx = self.context(out, out if self.tty else self.main_stream("stderr"), stdin=self.stdin)
        ctx.tty = self.tty
        func = self._program(self.argv, ctx)
        self.main = self.spawn(func, self.argv, ctx)
        self.main.on_exit(self._main_exited)
        return self.main

    def spawn(self, func, argv, ctx):
        pid = self._next_pid
        self._next_pid += 1 if pid > 1 else 6  # the first exec'd processes get small pids after PID 1
        proc = Process(self.clock, func, argv, ctx, pid=pid, container=self)
        self.processes[pid] = proc
        proc.on_exit(self._reap)
        return proc.start()

    def _reap(self, proc):
        self.processes.pop(proc.pid, None)
        self._finished_cpu += proc.cpu_seconds

    def throttled(self, cores):
        """The cores a program that wants `cores` gets under the container's CPU limit."""
        return min(cores, self.cpu_limit)

    def usage(self):
        """(CPU seconds used so far, memory bytes now) of the container's cgroup, for `kubectl top`:
        declared memory (stress) or the image's typical working set while it runs."""
        cpu = self._finished_cpu + sum(p.cpu_seconds for p in self.processes.values())
        if not self.running:
            return cpu, 0
        declared = [p.memory for p in self.processes.values() if p.memory is not None]
        return cpu, sum(declared) if declared else self.config.get("memory", 1 << 20)

    def _main_exited(self, main):
        for proc in list(self.processes.values()):
            proc.kill()
        self.log.flush(self.clock.now)

    @property
    def running(self):
        return self.main is not None and not self.main.done

    def signal(self, name):
        """Send a signal to PID 1, as containerd's StopContainer does."""
        if self.main is not None:
            self.main.signal(name)

    @property
    def stop_signal(self):
        """The image's STOPSIGNAL (containerd sends it instead of SIGTERM)."""
        return self.config.get("stop_signal", "SIGTERM")

    # ---- exec
    def exec(self, argv, stdin="", tty=False):
        """Start `argv` inside the running container; returns (Process, stdout Capture, stderr Capture).

        `stdin` is text, or an open Input fed later (`kubectl exec -i`). When the command doesn't exist
        the Process is None and stderr holds runc's message, as `kubectl exec` shows it."""
        out, err = Capture(), Capture()
        ctx = self.context(out, err, stdin=stdin if isinstance(stdin, Input) else Input(stdin))
        ctx.tty = tty
        try:
            func = self._program(list(argv), ctx)
        except StartError as exc:
            text = str(exc).replace(OCI_PREFIX, "OCI runtime exec failed: exec failed: unable to start container process: ")
            err.write(text + "\n")
            return None, out, err
        return self.spawn(func, list(argv), ctx), out, err

    def run_exec(self, argv, timeout=None, stdin=""):
        """Run an exec to completion in virtual time (advancing the clock), at most `timeout` seconds."""
        proc, out, err = self.exec(argv, stdin)
        if proc is None:
            return ExecResult(out.text, err.text, 126)
        limit = 3600.0 * 24 if timeout is None else timeout
        finished = self.clock.run_until(lambda: proc.done, limit)
        if not finished:
            return ExecResult(out.text, err.text, None, timed_out=True)
        return ExecResult(out.text, err.text, proc.exit_code)


def exec_in(container, argv, stdin=""):
    """(Process or None, stdout Capture, stderr Capture) for a command run in `container`."""
    return container.exec(argv, stdin)
