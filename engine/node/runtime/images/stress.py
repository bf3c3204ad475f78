"""The stress images of the resource-management docs: polinux/stress (`stress --vm 1 --vm-bytes 150M`)
declares the memory it holds, so a limit below it gets OOMKilled; vish/stress (`-cpus 2`) burns CPU."""
import re

from ..context import program
from ..process import Sleep
from .base import BUILD_TIME, Image

UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}


def parse_size(text):
    m = re.fullmatch(r"(\d+)([bkmgBKMG]?)", text or "")
    return int(m.group(1)) * UNITS[m.group(2).lower()] if m else None


def _opt(args, *names, default=None):
    for i, arg in enumerate(args):
        if arg in names and i + 1 < len(args):
            return args[i + 1]
    return default


@program("stress")
def stress(ctx, argv):
    args = argv[1:]
    cpu = int(_opt(args, "--cpu", "-c", default=0) or 0)
    io = int(_opt(args, "--io", "-i", default=0) or 0)
    vm = int(_opt(args, "--vm", "-m", default=0) or 0)
    hdd = int(_opt(args, "--hdd", "-d", default=0) or 0)
    size = parse_size(_opt(args, "--vm-bytes", default="256M"))
    timeout = _opt(args, "--timeout", "-t")
    if size is None:
        ctx.err(f"stress: FAIL: [1] (1) invalid vm-bytes: {_opt(args, '--vm-bytes')}\n")
        return 1
    ctx.out(f"stress: info: [1] dispatching hogs: {cpu} cpu, {io} io, {vm} vm, {hdd} hdd\n")
    if vm:
        ctx.set_memory(vm * size)
    end = ctx.clock.now + float(timeout.rstrip("s")) if timeout else None
    while end is None or ctx.clock.now < end:
        yield Sleep(1.0 if end is None else min(1.0, end - ctx.clock.now), cpu=cpu + (vm if "--vm-hang" not in args else 0))
    ctx.out(f"stress: info: [1] successful run completed in {int(float(timeout.rstrip('s')))}s\n")
    return 0


@program("vish-stress")
def vish_stress(ctx, argv):
    args = argv[1:]
    cores = float(_opt(args, "-cpus", "--cpus", default=1) or 1)
    while True:
        yield Sleep(1.0, cpu=cores)


def add(path, name):
    def layer(tree, version, tag):
        tree.add(path, "", 0o755, BUILD_TIME, program=name)
    return layer


def images():
    path = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
    return [
        Image("docker.io/polinux/stress", {"latest": "1.0.4", "1.0.4": "1.0.4"}, "alpine", cmd=["stress"],
              env=path, layer=add("/usr/local/bin/stress", "stress"), size=4_000_000),
        Image("docker.io/vish/stress", {"latest": "latest"}, "scratch", entrypoint=["/stress", "-logtostderr"],
              layer=add("/stress", "vish-stress"), size=2_600_000),
    ]
