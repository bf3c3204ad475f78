"""The /proc of a simulated container: a read-only Tree computed on every lookup from the container's
processes and its node, with the files and formats a Linux 6.1 kernel shows inside a PID namespace."""
import zlib

from .fs import FsError, Node, Tree
from .network import KERNEL

VERSION = (f"Linux version {KERNEL} (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, "
           "GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)\n")
CAPS = "00000000a80425fb"  # containerd's default capability set
PID_FILES = ("cgroup", "cmdline", "comm", "environ", "mounts", "status")
TAB = {True: "\t\t", False: "\t"}  # x86 show_cpuinfo aligns its names with tabs
ROOT_FILES = ("cpuinfo", "loadavg", "meminfo", "uptime", "version")
CPU_FLAGS = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss "
             "ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid tsc_known_freq "
             "pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand "
             "hypervisor lahf_lm abm 3dnowprefetch invpcid_single ssbd ibrs ibpb stibp fsgsbase tsc_adjust bmi1 "
             "avx2 smep bmi2 erms invpcid rdseed adx smap clflushopt xsaveopt xsavec xgetbv1 xsaves arat md_clear "
             "arch_capabilities")


class ProcFile(Node):
    """A file whose text is made when read; writing other text fails as a proc file without a write
    handler does (EIO), while truncating it on open succeeds."""

    __slots__ = ("render",)

    def __init__(self, render, mode=0o444, mtime=0.0, uid=0, gid=0):
        Node.__init__(self, "file", mode, mtime, uid=uid, gid=gid)
        self.render = render

    @property
    def data(self):
        return self.render()

    @data.setter
    def data(self, value):
        if value and value != self.render():
            raise FsError("EIO")

    @property
    def size(self):
        return 0  # proc files have no size: stat shows 0, readers read to the end


class ProcDir(Node):
    """A directory whose entries are listed when looked at."""

    __slots__ = ("listing",)

    def __init__(self, listing, mtime=0.0, uid=0, gid=0):
        Node.__init__(self, "dir", 0o555, mtime, uid=uid, gid=gid)
        self.listing = listing

    @property
    def entries(self):
        return self.listing()

    @entries.setter
    def entries(self, value):
        pass

    @property
    def size(self):
        return 0


class ProcLink(Node):
    """A symlink of proc (self, mounts): stat shows no size."""

    __slots__ = ()

    def __init__(self, target, mtime=0.0):
        Node.__init__(self, "link", 0o777, mtime, target=target)

    @property
    def size(self):
        return 0


class ProcTree(Tree):
    """The proc filesystem mounted at /proc: nothing is stored, nothing can be created or removed."""

    def __init__(self, container):  # no Tree.__init__: the root is made on each access
        self.container = container

    @property
    def root(self):
        return ProcDir(lambda: root_entries(self.container), self.container.clock.now)

    @root.setter
    def root(self, value):
        pass

    def copy(self):
        return self

    def writable(self, parts):
        node = self.lookup(parts)
        if node.kind == "dir":
            raise FsError("EPERM")  # no create, mkdir or unlink operations
        return node


def reader(container):
    """The process reading now (/proc/self): the innermost of the container's processes that is running."""
    running = [p for p in container.processes.values() if p._running and not p.done]
    return max(running, key=lambda p: p.pid) if running else None


def live(container):
    return {pid: p for pid, p in container.processes.items() if not p.done}


def root_entries(container):
    now = container.clock.now
    entries = {str(pid): ProcDir(lambda p=proc: pid_entries(container, p), proc.started_at,
                                 *container.fs.identity[:2]) for pid, proc in sorted(live(container).items())}
    for name in ROOT_FILES:
        entries[name] = ProcFile(lambda n=name: ROOT_RENDER[n](container), mtime=now)
    entries["mounts"] = ProcLink("self/mounts", now)
    entries["net"] = ProcLink("self/net", now)
    me = reader(container)
    if me is not None:
        entries["self"] = ProcLink(str(me.pid), now)
    return entries


def pid_entries(container, proc):
    uid, gid = container.fs.identity[:2]
    entries = {"net": ProcDir(lambda: net_entries(container, proc), proc.started_at, uid, gid)}
    for name in PID_FILES:
        entries[name] = ProcFile(lambda n=name: PID_RENDER[n](container, proc),
                                 0o400 if name == "environ" else 0o444, proc.started_at, uid, gid)
    return entries


# ---- per-process files
def cmdline(container, proc):
    return "".join(arg + "\0" for arg in proc.argv)


def comm(container, proc):
    return proc.name[:15] + "\n"


def environ(container, proc):
    return "".join(f"{k}={v}\0" for k, v in proc.ctx.env.items())


def cgroup(container, proc):
    return "0::/\n"  # cgroup v2 inside the container's cgroup namespace


def mounts(container, proc):
    from ..shell.applets.disk import mount_table  # the table `mount` prints: one source for both
    return "".join(f"{row.device} {row.path} {row.type} {row.options} 0 0\n"
                   for row in mount_table(container.context(None, None)))


def status(container, proc):
    uid, gid, groups = container.fs.identity
    state = "R (running)" if proc is reader(container) else "S (sleeping)"
    rss = max(int(proc.memory) // 1024, 0) if proc.memory is not None else 900
    vsz = max(4404, rss + 3504)
    if uid == 0 and gid == 0:  # the image's /etc/group puts root in wheel too (busybox), as `id` shows
        groups = (0,) if container.flavor == "gnu" else (0, 10)
    group_list = "".join(f"{g} " for g in sorted(set(groups) | {gid}))  # containerd adds the primary group
    lines = [("Name", proc.name[:15]), ("Umask", "0022"), ("State", state), ("Tgid", proc.pid), ("Ngid", 0),
             ("Pid", proc.pid), ("PPid", 0), ("TracerPid", 0), ("Uid", f"{uid}\t{uid}\t{uid}\t{uid}"),
             ("Gid", f"{gid}\t{gid}\t{gid}\t{gid}"), ("FDSize", 64), ("Groups", group_list),
             ("NStgid", proc.pid), ("NSpid", proc.pid), ("NSpgid", proc.pid), ("NSsid", proc.pid)]
    memory = [("VmPeak", vsz), ("VmSize", vsz), ("VmLck", 0), ("VmPin", 0), ("VmHWM", rss), ("VmRSS", rss),
              ("RssAnon", rss * 1 // 10), ("RssFile", rss - rss // 10), ("RssShmem", 0),
              ("VmData", max(76, rss // 10)), ("VmStk", 132), ("VmExe", 968), ("VmLib", 16), ("VmPTE", 44),
              ("VmSwap", 0), ("HugetlbPages", 0)]
    lines += [(name, f"{kb:8} kB") for name, kb in memory]
    lines += [("CoreDumping", 0), ("THP_enabled", 1), ("Threads", 1), ("SigQ", "0/31615")]
    lines += [(name, "0" * 16) for name in ("SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt")]
    lines += [("CapInh", "0" * 16), ("CapPrm", CAPS if uid == 0 else "0" * 16),
              ("CapEff", CAPS if uid == 0 else "0" * 16), ("CapBnd", CAPS), ("CapAmb", "0" * 16),
              ("NoNewPrivs", 0), ("Seccomp", 0), ("Seccomp_filters", 0),
              ("Speculation_Store_Bypass", "thread vulnerable"),
              ("SpeculationIndirectBranch", "conditional enabled")]
    cpus = node_cpus(container)
    lines += [("Cpus_allowed", format((1 << cpus) - 1, "x")),
              ("Cpus_allowed_list", f"0-{cpus - 1}" if cpus > 1 else "0"),
              ("Mems_allowed", ",".join(["00000000"] * 31 + ["00000001"])), ("Mems_allowed_list", "0"),
              ("voluntary_ctxt_switches", int(proc.cpu_seconds * 100) + 1), ("nonvoluntary_ctxt_switches", 0)]
    return "".join(f"{name}:\t{value}\n" for name, value in lines)


def net_entries(container, proc):
    uid, gid = container.fs.identity[:2]
    return {name: ProcFile(lambda f=func: f(container), 0o444, proc.started_at, uid, gid)
            for name, func in (("tcp", tcp), ("tcp6", tcp6))}


def tcp(container):
    """The listening TCP sockets of the pod's network namespace (netstat shows them on 0.0.0.0), each line
    padded to 149 columns as tcp4_seq_show pads them."""
    from ..shell.applets.iproute import _sockets
    lines = ["  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"]
    uid = container.fs.identity[0]
    sockets = [port for proto, port, _, _ in _sockets(container.context(None, None)) if proto == "tcp"]
    for n, port in enumerate(sockets):
        inode = 10000 + zlib.crc32(f"{container.pod_ip}:{port}".encode()) % 90000
        lines.append(f"{n:4}: 00000000:{port:04X} 00000000:0000 0A 00000000:00000000 00:00000000 00000000 "
                     f"{uid:5} {0:8} {inode} 1 0000000000000000 100 0 0 10 0")
    return "".join(f"{line:<149}\n" for line in lines)


def tcp6(container):
    return ("  sl  local_address                         remote_address                        st tx_queue "
            "rx_queue tr tm->when retrnsmt   uid  timeout inode\n")


PID_RENDER = {"cmdline": cmdline, "comm": comm, "environ": environ, "cgroup": cgroup, "mounts": mounts,
              "status": status}


# ---- the node's files (a container sees the host's)
def where(container):
    from ..shell.applets.machine import locate
    ctx = container.context(None, None)
    return ctx, locate(ctx)


def node_cpus(container):
    from ..shell.applets.procps import _cpus
    return _cpus(where(container)[1])


def meminfo(container):
    from ..shell.applets.machine import meminfo as node_meminfo
    mem = node_meminfo(where(container)[1])
    total, free, cached = mem["MemTotal"], mem["MemFree"], mem["Cached"]
    anon = max(total - free - cached - mem["Buffers"] - total * 5 // 100, 0)
    rows = [("MemTotal", total), ("MemFree", free), ("MemAvailable", mem["MemAvailable"]),
            ("Buffers", mem["Buffers"]), ("Cached", cached), ("SwapCached", 0),
            ("Active", anon // 4 + cached // 2), ("Inactive", anon * 3 // 4 + cached // 2),
            ("Active(anon)", anon // 4), ("Inactive(anon)", anon * 3 // 4),
            ("Active(file)", cached // 2), ("Inactive(file)", cached - cached // 2), ("Unevictable", 0),
            ("Mlocked", 0), ("SwapTotal", 0), ("SwapFree", 0), ("Zswap", 0), ("Zswapped", 0), ("Dirty", 412),
            ("Writeback", 0), ("AnonPages", anon), ("Mapped", cached // 4), ("Shmem", mem["Shmem"]),
            ("KReclaimable", total * 2 // 100), ("Slab", total * 3 // 100), ("SReclaimable", total * 2 // 100),
            ("SUnreclaim", total * 3 // 100 - total * 2 // 100), ("KernelStack", 9120), ("PageTables", 11852),
            ("NFS_Unstable", 0), ("Bounce", 0), ("WritebackTmp", 0), ("CommitLimit", total // 2),
            ("Committed_AS", anon * 2), ("VmallocTotal", 34359738367), ("VmallocUsed", 37968),
            ("VmallocChunk", 0), ("Percpu", 2880), ("HardwareCorrupted", 0), ("AnonHugePages", 0),
            ("ShmemHugePages", 0), ("ShmemPmdMapped", 0), ("FileHugePages", 0), ("FilePmdMapped", 0)]
    text = "".join(f"{(name + ':'):<16}{kb:8} kB\n" for name, kb in rows)
    text += "".join(f"{(name + ':'):<16}{0:8}\n" for name in ("HugePages_Total", "HugePages_Free",
                                                             "HugePages_Rsvd", "HugePages_Surp"))
    rows = [("Hugepagesize", 2048), ("Hugetlb", 0), ("DirectMap4k", 190464),
            ("DirectMap2M", total - 190464 + 196608), ("DirectMap1G", 0)]
    return text + "".join(f"{(name + ':'):<16}{kb:8} kB\n" for name, kb in rows)


def cpuinfo(container):
    cpus = node_cpus(container)
    blocks = []
    for n in range(cpus):
        rows = [("processor", n), ("vendor_id", "GenuineIntel"), ("cpu family", 6), ("model", 85),
                ("model name", "Intel(R) Xeon(R) CPU @ 2.20GHz"), ("stepping", 7), ("microcode", "0xffffffff"),
                ("cpu MHz", "2200.152"), ("cache size", "39424 KB"), ("physical id", 0), ("siblings", cpus),
                ("core id", n), ("cpu cores", cpus), ("apicid", n), ("initial apicid", n), ("fpu", "yes"),
                ("fpu_exception", "yes"), ("cpuid level", 13), ("wp", "yes"), ("flags", CPU_FLAGS),
                ("bugs", "spectre_v1 spectre_v2 spec_store_bypass swapgs taa mmio_stale_data retbleed"),
                ("bogomips", "4400.30"), ("clflush size", 64), ("cache_alignment", 64),
                ("address sizes", "46 bits physical, 48 bits virtual")]
        text = "".join(f"{name}{TAB[len(name) < 8]}: {value}\n" for name, value in rows)
        blocks.append(text + "power management:\n\n")
    return "".join(blocks)


def loadavg(container):
    from ..shell.applets.procps import BASE_TASKS, _load
    ctx, place = where(container)
    load = _load(ctx, place)[0]
    workers = list(place.kubelet.workers.values()) if place.kubelet is not None else []
    tasks = BASE_TASKS + sum(len(rec.instance.processes) for w in workers for rec in w.records
                             if rec.instance is not None and rec.running)
    last = max(container.processes) if container.processes else 0
    return f"{load:.2f} {load:.2f} {load:.2f} 1/{tasks} {last}\n"


def uptime(container):
    now = container.clock.now
    idle = now * node_cpus(container) * 0.97
    return f"{now:.2f} {idle:.2f}\n"


def version(container):
    return VERSION


ROOT_RENDER = {"cpuinfo": cpuinfo, "loadavg": loadavg, "meminfo": meminfo, "uptime": uptime, "version": version}
