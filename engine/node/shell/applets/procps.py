"""Memory and process applets: free, top -b, uptime, as busybox 1.36.1 prints them in a container: the node's
memory (a container reads the host's /proc/meminfo), the container's own processes (its PID namespace)."""
from ...runtime.context import program
from ...runtime.process import Sleep
from .common import BUSYBOX_USAGE, options
from .machine import human, locate, meminfo

FREE_USAGE = "free [-bkmgh]\n\nDisplay free and used memory"
TOP_USAGE = ("top [-bmH] [-n COUNT] [-d SECONDS]\n\n"
             "Show a view of process activity in real time.\n"
             "Read the status of all processes from /proc each SECONDS\n"
             "and show a screenful of them.\n"
             "Keys:\n"
             "\tN/M/P/T: show CPU usage, sort by pid/mem/cpu/time\n"
             "\tS: show memory\n"
             "\tR: reverse sort\n"
             "\tH: toggle threads, 1: toggle SMP\n"
             "\tQ,^C: exit\n"
             "Options:\n"
             "\t-b\tBatch mode\n"
             "\t-n N\tExit after N iterations\n"
             "\t-d SEC\tDelay between updates\n"
             "\t-m\tSame as 's' key\n"
             "\t-H\tShow threads")
VSZ_KB = 4404  # the busybox binary every applet process maps
BASE_TASKS = 212  # the host's kernel threads and system daemons in /proc/loadavg's count


@program("free")
def free(ctx, argv):
    units = {"b": 1, "k": 1024, "m": 1 << 20, "g": 1 << 30, "h": 0}
    unit = 1024
    if len(argv) > 1 and argv[1].startswith("-"):
        unit = units.get(argv[1][1:2])
        if unit is None:
            ctx.err(BUSYBOX_USAGE.format(FREE_USAGE))
            return 1
    mem = meminfo(locate(ctx))
    cached = mem["Cached"] + mem["Buffers"]

    def cell(kb):
        return f"{human(kb, 1024, unit):>12}"
    columns = ("total", "used", "free", "shared", "buff/cache", "available")
    ctx.out("       " + "".join(f"{h:>12}" for h in columns) + "\n")
    ctx.out("Mem:   " + cell(mem["MemTotal"]) + cell(mem["MemTotal"] - cached - mem["MemFree"]) + cell(mem["MemFree"])
            + cell(mem["Shmem"]) + cell(cached) + cell(mem["MemAvailable"]) + "\n")
    ctx.out("Swap:  " + cell(0) + cell(0) + cell(0) + "\n")
    return 0
    yield


def _load(ctx, where):
    """The load averages: the node's containers' CPU seconds over its uptime, as cores busy."""
    busy = 0.0
    if where.kubelet is not None:
        for worker in list(where.kubelet.workers.values()):
            for rec in worker.records:
                if rec.instance is not None and rec.running:
                    busy += rec.instance.usage()[0]
    load = busy / ctx.clock.now if ctx.clock.now > 0 else 0.0
    return (load,) * 3


def _cpus(where):
    node = where.node()
    return int(((node or {}).get("status", {}).get("capacity") or {}).get("cpu", "4"))


@program("uptime")
def uptime(ctx, argv):
    where = locate(ctx)
    moment = ctx.clock.datetime()
    up = int(ctx.clock.now)
    text = f" {moment:%H:%M:%S} up "
    days = up // 86400
    if days:
        text += f"{days} day{'s' if days != 1 else ''}, "
    minutes = up // 60
    hours = (minutes // 60) % 24
    minutes %= 60
    text += f"{hours:2}:{minutes:02}" if hours else f"{minutes} min"
    loads = _load(ctx, where)
    ctx.out(text + ",  0 users,  load average: " + ", ".join(f"{x:.2f}" for x in loads) + "\n")
    return 0
    yield


@program("top")
def top(ctx, argv):
    opts, rest = options(argv[1:], with_value="nd")
    bad = next((k for k in opts if k not in ("b", "n", "d", "m", "H")), None)
    if rest or bad:
        complaint = f"top: invalid option -- '{bad}'\n" if bad and len(bad) == 1 else ""
        ctx.err(complaint + BUSYBOX_USAGE.format(TOP_USAGE))
        return 1
    batch, iterations = "b" in opts, opts.get("n")
    if iterations is not None and not str(iterations).isdigit():
        ctx.err(f"top: invalid number '{iterations}'\n")
        return 1
    count = int(iterations) if iterations else None
    shown = 0
    while count is None or shown < max(count, 1):
        ctx.out(_screen(ctx) if batch else "\x1b[H\x1b[J" + _screen(ctx))
        shown += 1
        if count is not None and shown >= max(count, 1):
            break
        yield Sleep(5)
    return 0


def _screen(ctx):
    where = locate(ctx)
    mem = meminfo(where)
    total = mem["MemTotal"]
    lines = [f"Mem: {total - mem['MemFree']}K used, {mem['MemFree']}K free, {mem['Shmem']}K shrd, "
             f"{mem['Buffers']}K buff, {mem['Cached']}K cached"]
    load = _load(ctx, where)[0]
    usr = min(int(100 * load / _cpus(where)), 100)
    lines.append(f"CPU:{usr:4}% usr{0:4}% sys{0:4}% nic{100 - usr:4}% idle{0:4}% io{0:4}% irq{0:4}% sirq")
    processes = {pid: p for pid, p in (ctx.container.processes.items() if ctx.container is not None else ())
                 if not p.done}
    workers = list(where.kubelet.workers.values()) if where.kubelet is not None else []
    tasks = BASE_TASKS + sum(len(rec.instance.processes) for w in workers for rec in w.records
                             if rec.instance is not None and rec.running)
    last = max(processes) if processes else 1
    lines.append(f"Load average: {load:.2f} {load:.2f} {load:.2f} 1/{tasks} {last}")
    text = "\n".join(lines) + "\n" + "  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND"
    user = "root" if ctx.fs.identity[0] == 0 else str(ctx.fs.identity[0])
    for pid, proc in sorted(processes.items()):
        state = "R  " if proc is ctx.process else "S  "
        pmem = (VSZ_KB * 100 + total // 2) // total if total else 0
        text += f"\n{pid:5} {0:5} {user[:8]:<8} {state}  {VSZ_KB:5}{pmem:4}%{0:4}{0:4}% {' '.join(proc.argv)}"
    return text + "\n"
