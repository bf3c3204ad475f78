"""Filesystem applets: df, mount (and the mount table it prints), du, as busybox 1.36.1 prints them for a
container a kind node's containerd started: overlay /, runc's /dev and /proc mounts, the CRI bind mounts and
the pod's volumes (node disk, or tmpfs sized like the kubelet's memory-backed volumes)."""
import hashlib
import posixpath

from ....api.quantity import parse as parse_quantity
from ...runtime.context import program
from ...runtime.fs import FsError
from .common import BUSYBOX_USAGE, gnu, options
from .machine import PAGE_KB, disk, human, locate, memory_kb

NODE_DEVICE = "/dev/sda1"  # the disk of the kind node's /var (kubelet and containerd state)
SNAPSHOTS = "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots"
DEV_TMPFS_KB = 65536
RUNC_MOUNTS = [("proc", "/proc", "proc", "rw,nosuid,nodev,noexec,relatime", None),
               ("tmpfs", "/dev", "tmpfs", "rw,nosuid,size=65536k,mode=755", DEV_TMPFS_KB),
               ("devpts", "/dev/pts", "devpts", "rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666", None),
               ("mqueue", "/dev/mqueue", "mqueue", "rw,nosuid,nodev,noexec,relatime", None),
               ("sysfs", "/sys", "sysfs", "ro,nosuid,nodev,noexec,relatime", None),
               ("cgroup", "/sys/fs/cgroup", "cgroup2", "ro,nosuid,nodev,noexec,relatime", None)]
READONLY_PROC = ("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")
MASKED_DIRS = ("/proc/acpi", "/proc/scsi", "/sys/firmware")  # a read-only tmpfs over each
MASKED_FILES = ("/proc/kcore", "/proc/keys", "/proc/timer_list")  # /dev/null bound over each
MASKED_ORDER = ("/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/scsi", "/sys/firmware")


class Mount:
    """One line of /proc/mounts; `size` is None (no blocks: proc, sysfs...), "disk" (the node's disk) or
    (total KiB, used KiB) for a tmpfs."""
    __slots__ = ("device", "path", "type", "options", "size")

    def __init__(self, device, path, type_, options, size):
        self.device, self.path, self.type, self.options, self.size = device, path, type_, options, size


def mount_table(ctx):
    """The container's mounts in /proc/mounts order."""
    where = locate(ctx)
    rows = [Mount("overlay", "/", "overlay", _overlay_options(ctx, where), "disk")]
    rows += [Mount(dev, path, kind, opts, None if size is None else (size, 0))
             for dev, path, kind, opts, size in RUNC_MOUNTS]
    rows += _cri_mounts(ctx, where)
    rows += [Mount("proc", path, "proc", "ro,nosuid,nodev,noexec,relatime", None) for path in READONLY_PROC]
    masked = memory_kb(where) // 2  # a tmpfs without size= gets half the host's memory
    for path in MASKED_ORDER:
        if path in MASKED_FILES:
            rows.append(Mount("tmpfs", path, "tmpfs", "rw,nosuid,size=65536k,mode=755", (DEV_TMPFS_KB, 0)))
        else:
            rows.append(Mount("tmpfs", path, "tmpfs", "ro,relatime", (masked, 0)))
    return rows


def _overlay_options(ctx, where):
    image = getattr(ctx.container, "image", None)
    seed = getattr(image, "repository", "image")
    layers = 1 if getattr(image, "base", "busybox") in ("busybox", "alpine", "scratch") else 6
    first = 2 + int(hashlib.sha256(seed.encode()).hexdigest()[:4], 16) % 40
    lower = ":".join(f"{SNAPSHOTS}/{n}/fs" for n in range(first + layers - 1, first - 1, -1))
    rec = where.record
    upper = 60 + int(hashlib.sha256(str(getattr(rec, "container_id", "") or id(ctx.container)).encode())
                     .hexdigest()[:4], 16) % 400
    return f"rw,relatime,lowerdir={lower},upperdir={SNAPSHOTS}/{upper}/fs,workdir={SNAPSHOTS}/{upper}/work"


def _cri_mounts(ctx, where):
    """The kubelet's mounts (volumeMounts, /etc/hosts, the termination log), then containerd's own
    (/etc/hostname, /etc/resolv.conf, /dev/shm), stably sorted by depth as containerd sorts them."""
    rows = []
    spec = where.record.spec if where.record is not None else {}
    volumes = {v["name"]: v for v in where.pod["spec"].get("volumes") or []}
    for vm in spec.get("volumeMounts") or []:
        vol = volumes.get(vm.get("name"))
        if vol is not None:
            rows.append(_volume_mount(where, vol, vm))
    bind = "rw,relatime"
    rows.append(Mount(NODE_DEVICE, "/etc/hosts", "ext4", bind, "disk"))
    rows.append(Mount(NODE_DEVICE, spec.get("terminationMessagePath", "/dev/termination-log"), "ext4", bind, "disk"))
    rows.append(Mount(NODE_DEVICE, "/etc/hostname", "ext4", bind, "disk"))
    rows.append(Mount(NODE_DEVICE, "/etc/resolv.conf", "ext4", bind, "disk"))
    rows.append(Mount("shm", "/dev/shm", "tmpfs", "rw,nosuid,nodev,noexec,relatime,size=65536k", (DEV_TMPFS_KB, 0)))
    for row in rows:
        row.path = _shown_path(ctx, row.path)
    return sorted(rows, key=lambda row: len(posixpath.normpath(row.path).split("/")))


def _shown_path(ctx, path):
    """/proc/mounts names a mount by its real path: /var/run/... is /run/... where /var/run is a symlink."""
    try:
        node = ctx.fs.node("/var/run", follow=False)
    except FsError:
        return path
    if node.kind == "link" and path.startswith("/var/run/"):
        return "/run/" + path[len("/var/run/"):]
    return path


def _volume_mount(where, vol, vm):
    mode = "ro" if vm.get("readOnly") else "rw"
    path = vm["mountPath"]
    if any(k in vol for k in ("secret", "projected")) or (vol.get("emptyDir") or {}).get("medium") == "Memory":
        size = _tmpfs_size(where, vol)
        used = _used_kb(where.worker.volumes.trees.get(vol["name"]))
        return Mount("tmpfs", path, "tmpfs", f"{mode},relatime,size={size}k", (size, used))
    host = (vol.get("hostPath") or {}).get("path")
    if host is not None and (host.startswith("/run") or host.startswith("/tmp")):
        half = memory_kb(where) // 2  # kind's node mounts a tmpfs on /run and /tmp
        return Mount("tmpfs", path, "tmpfs", f"{mode},nosuid,nodev,relatime", (half, 0))
    if host is not None and not (host.startswith("/var") or host.startswith("/lib/modules")):
        return Mount("overlay", path, "overlay", f"{mode},relatime", "disk")  # the kind node's own root
    return Mount(NODE_DEVICE, path, "ext4", f"{mode},relatime", "disk")


def _tmpfs_size(where, vol):
    """calculateEmptyDirMemorySize: node allocatable memory, or less: the pod's memory limit, sizeLimit."""
    size = memory_kb(where)
    limit = _pod_memory_limit_kb(where.pod)
    if limit and limit < size:
        size = limit
    size_limit = (vol.get("emptyDir") or {}).get("sizeLimit")
    if size_limit:
        size = min(size, int(parse_quantity(str(size_limit)).value) // 1024)
    return size


def _pod_memory_limit_kb(pod):
    """The pod cgroup's memory limit: the sum of its containers' limits (max with any init container's) when
    every container has one, else none."""
    def limit(c):
        value = ((c.get("resources") or {}).get("limits") or {}).get("memory")
        return int(parse_quantity(str(value)).value) // 1024 if value else None
    containers = [limit(c) for c in pod["spec"].get("containers") or []]
    if not containers or None in containers:
        return None
    inits = [limit(c) for c in pod["spec"].get("initContainers") or []]
    return max([sum(containers)] + [i for i in inits if i is not None])


def _used_kb(tree):
    """Pages the files of a tmpfs take."""
    if tree is None:
        return 0
    total, stack = 0, [tree.root]
    while stack:
        node = stack.pop()
        if node.kind == "dir":
            stack.extend(node.entries.values())
        elif node.kind == "file" and node.size:
            total += -(-node.size // (PAGE_KB * 1024)) * PAGE_KB
    return total


def statfs(ctx, row, where=None):
    """(total, used, available) KiB of a mount, or None when it has no blocks."""
    if row.size is None:
        return None
    if row.size == "disk":
        return disk(where or locate(ctx))
    total, used = row.size
    return total, used, total - used


# ---- df
DF_USAGE = ("df [-PkmhTai] [-B SIZE] [-t TYPE] [FILESYSTEM]...\n\n"
            "Print filesystem usage statistics\n\n"
            "\t-P\tPOSIX output format\n"
            "\t-k\t1024-byte blocks (default)\n"
            "\t-m\t1M-byte blocks\n"
            "\t-h\tHuman readable (e.g. 1K 243M 2G)\n"
            "\t-T\tPrint filesystem type\n"
            "\t-t TYPE\tPrint only mounts of this type\n"
            "\t-a\tShow all filesystems\n"
            "\t-i\tInodes\n"
            "\t-B SIZE\tBlocksize")


@program("df")
def df(ctx, argv):
    if gnu(ctx):
        return (yield from gnu_df(ctx, argv))
    opts, args = options(argv[1:], with_value="tB")
    unknown = [k for k in opts if len(k) > 1 or k not in "PkmhHTtaiB"]
    if unknown:
        ctx.err((f"df: invalid option -- '{unknown[0]}'\n" if len(unknown[0]) == 1 else "")
                + BUSYBOX_USAGE.format(DF_USAGE))
        return 1
    unit, header = 1024, "1K-blocks"
    if "m" in opts:
        unit, header = 1024 * 1024, "1M-blocks"
    if "h" in opts or "H" in opts:
        unit, header = 0, "     Size"
    where = locate(ctx)
    table = mount_table(ctx)
    ctx.out("Filesystem           %s%-15sUsed Available %s Mounted on\n"
            % ("Type       " if "T" in opts else "", header, "Capacity" if "P" in opts else "Use%"))
    status, rows = 0, []
    if not args:
        rows = [row for row in table if statfs(ctx, row, where) is not None and statfs(ctx, row, where)[0] > 0
                or "a" in opts]
    for name in args:
        row = _mount_of(ctx, table, ctx.path(name))
        if row is None:
            ctx.err(f"df: {name}: can't find mount point\n")
            status = 1
            continue
        rows.append(row)
    for row in rows:
        if "t" in opts and row.type != opts["t"]:
            continue
        total, used, avail = statfs(ctx, row, where) or (0, 0, 0)
        line = row.device + " " * (20 - len(row.device)) if len(row.device) <= 20 else row.device + "\n" + " " * 20
        if "T" in opts:
            line += f" {row.type:<10}" if len(row.type) <= 10 else f" {row.type}\n" + " " * 31
        pct = (used * 100 + (used + avail) // 2) // (used + avail) if used + avail else 0
        sizes = " ".join(f"{human(v, 1024, unit):>9}" for v in (total, used, avail))
        line += f" {sizes} {pct:>3}% {row.path}\n"
        ctx.out(line)
    return status
    yield


def _mount_of(ctx, table, path):
    """find_mount_point: the last mount whose directory holds `path` (the file must exist)."""
    try:
        ctx.fs.node(path)
    except FsError:
        return None
    best = None
    for row in table:
        if path == row.path or path.startswith(row.path.rstrip("/") + "/"):
            if best is None or len(row.path) >= len(best.path):
                best = row
    return best


# ---- GNU coreutils 9.1's df (Debian images)
GNU_LETTERS = "ahHkmPTilvx"


def gnu_df(ctx, argv):
    opts, args = options(argv[1:], with_value="tBx")
    bad = next((k for k in opts if len(k) == 1 and k not in GNU_LETTERS + "tBx"), None)
    if bad is not None:
        ctx.err(f"df: invalid option -- '{bad}'\nTry 'df --help' for more information.\n")
        return 1
    human_ = "h" in opts or "human-readable" in opts
    where = locate(ctx)
    table = mount_table(ctx)
    rows, status = [], 0
    if args:
        for name in args:
            row = _mount_of(ctx, table, ctx.path(name))
            if row is None:
                ctx.err(f"df: {name}: No such file or directory\n")
                status = 1
            else:
                rows.append(row)
    else:
        rows = _gnu_filter(ctx, table, where, "a" in opts)
    rows = [r for r in rows if ("t" not in opts or r.type == opts["t"]) and ("x" not in opts or r.type != opts["x"])]
    if not rows:
        if status == 0:
            ctx.err("df: no file systems processed\n")
        return 1
    header = ["Filesystem"] + (["Type"] if "T" in opts else []) + \
        (["Size", "Used", "Avail"] if human_ else ["1K-blocks", "Used", "Available"]) + \
        ["Capacity" if "P" in opts else "Use%", "Mounted on"]
    cells = [header]
    for row in rows:
        total, used, avail = statfs(ctx, row, where) or (0, 0, 0)
        pct = "-" if used + avail == 0 else f"{-(-used * 100 // (used + avail))}%"
        size = [_gnu_human(v) if human_ else str(v) for v in (total, used, avail)]
        cells.append([row.device] + ([row.type] if "T" in opts else []) + size + [pct, row.path])
    minimum = [14] + ([4] if "T" in opts else []) + [5, 5, 5, 4, 0]  # coreutils' field_data widths
    widths = [max([minimum[i]] + [len(line[i]) for line in cells]) for i in range(len(header))]
    left = {0, 1} if "T" in opts else {0}
    for line in cells:
        out = [cell.ljust(widths[i]) if i in left else cell.rjust(widths[i]) for i, cell in enumerate(line[:-1])]
        ctx.out(" ".join(out + [line[-1]]) + "\n")
    return status
    yield


def _gnu_filter(ctx, table, where, show_all):
    """filter_mount_list: one entry per device (bind mounts of one disk, the /dev/null masks over /proc
    share their source's device); a real device name, a shorter mount point or a remount wins."""
    kept, order = {}, []
    for row in table:
        size = statfs(ctx, row, where)
        if not show_all and (size is None or size[0] == 0):
            continue
        key = _device_key(row)
        old = kept.get(key)
        if old is None:
            kept[key] = row
            order.append(key)
        elif ("/" in row.device and "/" not in old.device) or len(old.path) > len(row.path) or \
                (old.device != row.device and old.path == row.path):
            kept[key] = row
    return [kept[key] for key in order]


def _device_key(row):
    if row.path in MASKED_FILES or row.path == "/dev":
        return "dev-tmpfs"
    if row.device == NODE_DEVICE:
        return NODE_DEVICE
    return row.path


def _gnu_human(kb):
    """coreutils' -h: powers of 1024, rounded up, one decimal below 10."""
    if kb == 0:
        return "0"
    value, unit = float(kb), 1
    while value >= 1024 and unit < 8:
        value, unit = value / 1024, unit + 1
    letter = "BKMGTPEZY"[unit]
    if value < 10:
        tenths = -(-round(value * 10, 6) // 1)
        if tenths >= 100:
            return f"{10}{letter}"
        return f"{int(tenths) // 10}.{int(tenths) % 10}{letter}"
    whole = int(-(-round(value, 6) // 1))
    if whole >= 1024 and unit < 8:
        return f"1.0{'BKMGTPEZY'[unit + 1]}"
    return f"{whole}{letter}"


# ---- mount
@program("mount")
def mount(ctx, argv):
    opts, args = options(argv[1:], with_value="tOo")
    if gnu(ctx) and args:  # util-linux 2.38
        if len(args) >= 2 and ctx.fs.identity[0] == 0:
            ctx.err(f"mount: {args[1]}: permission denied.\n"
                    "       dmesg(1) may have more information after failed mount system call.\n")
        elif len(args) >= 2:
            ctx.err("mount: must be superuser to use mount.\n")
        else:
            ctx.err(f"mount: {args[0]}: can't find in /etc/fstab.\n")
        return 32 if len(args) >= 2 and ctx.fs.identity[0] == 0 else 1
    if len(args) >= 2:
        ctx.err("mount: you must be root\n" if ctx.fs.identity[0] else "mount: permission denied (are you root?)\n")
        return 1
    if args:  # one operand: looked up in /etc/fstab, which a container's is empty
        ctx.err(f"mount: can't find {args[0]} in /etc/fstab\n")
        return 1
    for row in mount_table(ctx):
        if "t" not in opts or row.type == opts["t"]:
            ctx.out(f"{row.device} on {row.path} type {row.type} ({row.options})\n")
    return 0
    yield


# ---- du
@program("du")
def du(ctx, argv):
    opts, args = options(argv[1:], with_value="d")
    unit = 0 if "h" in opts else (1024 * 1024 if "m" in opts else 1024)
    depth = 0 if "s" in opts else int(opts.get("d", 1 << 30))
    status = 0
    for name in args or ["."]:
        lines = []
        try:
            _du(ctx, ctx.path(name), name, depth, "a" in opts, lines, top=True)
        except FsError as err:
            ctx.err(f"du: cannot access '{name}': {err.strerror}\n" if gnu(ctx) else f"du: {name}: {err.strerror}\n")
            status = 1
            continue
        for path, size in lines:
            shown = (_gnu_human(size) if "h" in opts else str(-(-size // 1024) if unit == 1 << 20 else size)) \
                if gnu(ctx) else human(size, 1024, unit)
            ctx.out(f"{shown}\t{path}\n")
    return status
    yield


def _du(ctx, real, shown, depth, every, lines, top=False):
    """KiB under `real`, appending (shown path, KiB) as du prints them: children first, files with -a only."""
    node = ctx.fs.node(real, follow=top)
    if node.kind != "dir":
        size = -(-node.size // 4096) * 4 if node.kind == "file" and node.size else 0
        if top or (every and depth >= 0):
            lines.append((shown, size))
        return size
    total = 4
    for entry in sorted(ctx.fs.listdir(real)):
        total += _du(ctx, posixpath.join(real, entry), shown.rstrip("/") + "/" + entry, depth - 1, every, lines)
    if depth >= 0:
        lines.append((shown, total))
    return total
