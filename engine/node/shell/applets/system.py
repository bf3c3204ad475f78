"""Process and system applets: sleep (virtual time), date, env, printenv, hostname, kill, killall,
ps, pwd, id, whoami, uname, which, timeout."""
import re

from ...runtime.context import NotFound, program, resolve
from ...runtime.network import KERNEL
from ...runtime.process import SIGNALS, Sleep, WaitForever, signal_name
from .common import BUSYBOX_USAGE, gnu, options

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text):
    """Seconds for `sleep`'s operands (10, 0.5, 2m, inf); None when invalid."""
    m = re.fullmatch(r"(\d*\.?\d+|\d+\.)([smhd]?)", text)
    if text in ("inf", "infinity"):
        return float("inf")
    if not m:
        return None
    return float(m.group(1)) * UNITS.get(m.group(2) or "s")


@program("sleep")
def sleep(ctx, argv):
    if len(argv) < 2:
        ctx.err("sleep: missing operand\nTry 'sleep --help' for more information.\n" if gnu(ctx)
                else BUSYBOX_USAGE.format("sleep [N]..."))
        return 1
    total = 0.0
    for arg in argv[1:]:
        seconds = parse_duration(arg)
        if seconds is None:
            ctx.err(f"sleep: invalid time interval '{arg}'\nTry 'sleep --help' for more information.\n" if gnu(ctx)
                    else f"sleep: invalid number '{arg}'\n")
            return 1
        total += seconds
    if total == float("inf"):
        yield WaitForever()
    else:
        yield Sleep(total)
    return 0


@program("date")
def date(ctx, argv):
    opts, args = options(argv[1:], with_value="dDr", letters="uRI")
    moment = ctx.clock.datetime()
    fmt = "%a %b %e %H:%M:%S %Z %Y"
    for arg in args:
        if arg.startswith("+"):
            fmt = arg[1:]
    if "R" in opts:
        fmt = "%a, %d %b %Y %H:%M:%S +0000"
    if "I" in opts:
        fmt = "%Y-%m-%d"
    ctx.out(strftime(moment, fmt) + "\n")
    return 0
    yield


def strftime(moment, fmt):
    text = fmt.replace("%s", str(int(moment.timestamp()))).replace("%N", f"{moment.microsecond * 1000:09d}")
    return moment.strftime(text).replace("UTC", "UTC")


@program("env")
def env(ctx, argv):
    args = argv[1:]
    variables = dict(ctx.env)
    if args and args[0] in ("-i", "-"):
        variables, args = {}, args[1:]
    while args and "=" in args[0] and not args[0].startswith("="):
        key, _, value = args.pop(0).partition("=")
        variables[key] = value
    if not args:
        for key, value in variables.items():
            ctx.out(f"{key}={value}\n")
        return 0
    child = ctx.derive(env=variables, owner=False)
    try:
        _, func = resolve(child, args[0])
    except NotFound:
        ctx.err(f"env: can't execute '{args[0]}': No such file or directory\n" if not gnu(ctx)
                else f"env: '{args[0]}': No such file or directory\n")
        return 127
    return (yield from func(child, args))


@program("printenv")
def printenv(ctx, argv):
    if len(argv) == 1:
        for key, value in ctx.env.items():
            ctx.out(f"{key}={value}\n")
        return 0
    status = 0
    for name in argv[1:]:
        if name in ctx.env:
            ctx.out(ctx.env[name] + "\n")
        else:
            status = 1
    return status
    yield


@program("hostname")
def hostname(ctx, argv):
    if "-i" in argv[1:]:
        ip = getattr(ctx.container, "pod_ip", "") or "127.0.0.1"
        ctx.out(ip + ("\n" if not gnu(ctx) else " \n"))
        return 0
    ctx.out(ctx.hostname + "\n")
    return 0
    yield


@program("pwd")
def pwd(ctx, argv):
    ctx.out(ctx.cwd + "\n")
    return 0
    yield


@program("id")
def id_(ctx, argv):
    if "-u" in argv:
        ctx.out(f"{ctx.fs.identity[0]}\n")
    elif "-un" in argv or "-nu" in argv:
        ctx.out("root\n")
    else:
        uid, gid, groups = ctx.fs.identity
        if uid == 0 and gid == 0:
            listed = "0(root)" if gnu(ctx) else "0(root),10(wheel)"
        else:
            listed = ",".join(_named(g) for g in groups)
        ctx.out(f"uid={_named(uid)} gid={_named(gid)}" + (f" groups={listed}" if listed else "") + "\n")
    return 0
    yield


def _named(number):
    return "0(root)" if number == 0 else str(number)


@program("whoami")
def whoami(ctx, argv):
    uid = ctx.fs.identity[0]
    if uid != 0:
        ctx.err(f"whoami: unknown uid {uid}\n" if not gnu(ctx) else f"whoami: cannot find name for user ID {uid}\n")
        return 1
    ctx.out("root\n")
    return 0
    yield


@program("uname")
def uname(ctx, argv):
    flags = "".join(a[1:] for a in argv[1:] if a.startswith("-")) or "s"
    if "a" in flags:
        tail = "x86_64 GNU/Linux" if gnu(ctx) else "x86_64 GNU/Linux"
        ctx.out(f"Linux {ctx.hostname} {KERNEL} #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) {tail}\n")
        return 0
    parts = {"s": "Linux", "n": ctx.hostname, "r": KERNEL, "m": "x86_64", "o": "GNU/Linux"}
    ctx.out(" ".join(parts[f] for f in "snrmo" if f in flags) + "\n")
    return 0
    yield


@program("which")
def which(ctx, argv):
    status = 0
    for name in argv[1:]:
        try:
            ctx.out(resolve(ctx, name)[0] + "\n")
        except NotFound:
            status = 1
    return status
    yield


def _signal_arg(text):
    """'TERM', 'SIGKILL', '9' or '0' (existence check only) -> signal name, '0', or None."""
    return "0" if text == "0" else signal_name(text)


def _processes(ctx):
    container = ctx.container
    return dict(container.processes) if container is not None else {}


@program("kill")
def kill(ctx, argv):
    args = argv[1:]
    sig = "SIGTERM"
    if args and args[0] == "-l":
        ctx.out(" ".join(name[3:] for name in sorted(SIGNALS, key=SIGNALS.get)) + "\n")
        return 0
    if args and args[0] == "-s" and len(args) > 1:
        sig, args = _signal_arg(args[1]), args[2:]
    elif args and args[0].startswith("-") and len(args[0]) > 1:
        sig, args = _signal_arg(args[0][1:]), args[1:]
    if sig is None:
        ctx.err(f"kill: bad signal name '{argv[1].lstrip('-')}'\n")
        return 1
    if not args:
        ctx.err(BUSYBOX_USAGE.format("kill [-l] [-SIG] PID..."))
        return 1
    table = _processes(ctx)
    status = 0
    for arg in args:
        pid = int(arg) if arg.lstrip("-").isdigit() else None
        target = table.get(pid)
        if target is None or target.done:
            ctx.err(f"sh: can't kill pid {arg}: No such process\n")
            status = 1
            continue
        if sig != "0":
            target.signal(sig, from_inside=True)
    return status
    yield


@program("killall", "pkill")
def killall(ctx, argv):
    tool = argv[0].rsplit("/", 1)[-1]
    args, sig = argv[1:], "SIGTERM"
    if args and args[0].startswith("-") and len(args[0]) > 1:
        sig, args = _signal_arg(args[0][1:]) or "SIGTERM", args[1:]
    status = 0
    for name in args:
        hits = [p for p in _processes(ctx).values() if not p.done and p.name == name and p is not ctx.process]
        for proc in hits:
            if sig != "0":
                proc.signal(sig, from_inside=True)
        if not hits:
            status = 1
            if tool == "killall":
                ctx.err(f"killall: {name}: no process killed\n")
    return status
    yield


@program("ps")
def ps(ctx, argv):
    ctx.out("PID   USER     TIME  COMMAND\n")
    for pid, proc in sorted(_processes(ctx).items()):
        if proc.done:
            continue
        cpu = int(proc.cpu_seconds)
        user = "root" if ctx.fs.identity[0] == 0 else str(ctx.fs.identity[0])
        ctx.out(f"{pid:>5} {user:<8} {cpu // 60:>2}:{cpu % 60:02d} {' '.join(proc.argv)}\n")
    return 0
    yield


@program("timeout")
def timeout(ctx, argv):
    args = argv[1:]
    if args and args[0].startswith("-s"):
        args = args[2:] if args[0] == "-s" else args[1:]
    if len(args) < 2:
        ctx.err(BUSYBOX_USAGE.format("timeout [-s SIG] [-k KILL_SECS] SECS PROG ARGS"))
        return 1
    limit = parse_duration(args[0]) or 0
    try:
        _, func = resolve(ctx, args[1])
    except NotFound:
        ctx.err(f"timeout: can't execute '{args[1]}': No such file or directory\n")
        return 127
    deadline = ctx.clock.now + limit
    gen = func(ctx.derive(owner=False), args[1:])
    value = None
    while True:
        try:
            request = gen.send(value)
        except StopIteration as stop:
            return stop.value or 0
        if isinstance(request, Sleep) and ctx.clock.now + request.seconds > deadline:
            yield Sleep(max(deadline - ctx.clock.now, 0))
            gen.close()
            return 124 if gnu(ctx) else 143
        if isinstance(request, WaitForever):
            yield Sleep(max(deadline - ctx.clock.now, 0))
            gen.close()
            return 124 if gnu(ctx) else 143
        value = yield request
