"""What a container's system tools (df, ip, free, top, netstat) read about where it runs: its pod worker and
kubelet, the node's memory and disk (from the Node's capacity, so numbers are stable) and /proc/meminfo."""
from ....api.errors import ApiError
from ....api.quantity import parse as parse_quantity

NODE_DISK = "61202244Ki"  # registration.py's ephemeral-storage capacity: the node's disk
NODE_MEMORY = "8148216Ki"
DISK_USED_KB = 19138536  # images, containerd's snapshots and logs on the node's disk
DISK_RESERVED_KB = 3123260  # ext4's reserved blocks: free but not available
PAGE_KB = 4


class Where:
    """The kubelet, pod worker and container record behind a running container (None outside a cluster)."""
    __slots__ = ("kubelet", "worker", "record")

    def __init__(self, kubelet=None, worker=None, record=None):
        self.kubelet, self.worker, self.record = kubelet, worker, record

    @property
    def pod(self):
        return self.worker.pod if self.worker is not None else {"metadata": {}, "spec": {}}

    @property
    def host_network(self):
        return bool(self.pod["spec"].get("hostNetwork"))

    def node(self):
        if self.kubelet is None:
            return None
        try:
            return self.kubelet.api.get("nodes", self.kubelet.node_name)
        except ApiError:  # the Node was deleted: its capacity is not known
            return None

    def capacity_kb(self, resource, default):
        node = self.node()
        value = ((node or {}).get("status", {}).get("capacity") or {}).get(resource, default)
        return int(parse_quantity(str(value)).value) // 1024


def locate(ctx):
    """The Where of ctx's container, found among the kubelets of its network."""
    container = ctx.container
    kubelets = getattr(getattr(container, "network", None), "kubelets", None) or {}
    for kubelet in kubelets.values():
        for worker in list(kubelet.workers.values()):
            for rec in worker.records:
                if rec.instance is container:
                    return Where(kubelet, worker, rec)
    return Where()


def memory_kb(where):
    return where.capacity_kb("memory", NODE_MEMORY)


def disk(where):
    """(total, used, available) KiB of the node's disk (statfs of overlay / and the kubelet's directory)."""
    total = where.capacity_kb("ephemeral-storage", NODE_DISK)
    return total, DISK_USED_KB, total - DISK_USED_KB - DISK_RESERVED_KB


def meminfo(where):
    """{MemTotal, MemFree, Buffers, Cached, Shmem, MemAvailable} in KiB: the node's kernel (a container sees
    the host's /proc/meminfo), with what the node's containers use now on top of a fixed system share."""
    total = memory_kb(where)
    containers = 0
    if where.kubelet is not None:
        for worker in list(where.kubelet.workers.values()):
            for rec in worker.records:
                if rec.running and rec.instance is not None:
                    containers += int(rec.instance.usage()[1]) // 1024
    buffers, cached, shmem = total * 3 // 200, total * 17 // 100, 4572
    used = total * 11 // 100 + containers
    free = max(total - used - buffers - cached, 0)
    return {"MemTotal": total, "MemFree": free, "Buffers": buffers, "Cached": cached, "Shmem": shmem,
            "MemAvailable": free + buffers + cached - shmem}


def human(value, block_size, unit):
    """libbb's make_human_readable_str: `value` blocks of `block_size` bytes shown in `unit` bytes, or with
    a K/M/G suffix and one decimal (unit 0), or no decimal (block_size 0, as du -h passes it)."""
    if value == 0:
        return "0"
    if block_size > 1:
        value *= block_size
    if unit:
        return str((value + unit // 2) // unit)
    suffix, frac = 0, 0
    while value >= 1024:
        suffix += 1
        frac = ((value % 1024) * 10 + 512) // 1024
        value //= 1024
    if frac >= 10:
        value, frac = value + 1, 0
    letter = " KMGTPEZY"[suffix]
    if block_size == 0:
        return f"{value + (frac >= 5)}{letter if suffix else ''}"
    return f"{value}.{frac}{letter}" if suffix else str(value)
