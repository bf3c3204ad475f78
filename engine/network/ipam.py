"""host-local IPAM as flannel's CNI plugin uses it: pod IPs from the node's podCIDR, the gateway (.1)
kept for the cni0 bridge, addresses handed out round-robin after the last one reserved."""
import ipaddress


class IPAMError(Exception):
    """No address left (the CNI error the kubelet reports as FailedCreatePodSandBox)."""


class HostLocal:
    """One node's allocator. `allocate(owner)` returns the same IP for the same owner until released."""

    def __init__(self, subnet):
        self.network = ipaddress.ip_network(subnet, strict=False)
        self.gateway = str(self.network.network_address + 1)
        self.first = int(self.network.network_address) + 2
        self.last = int(self.network.broadcast_address) - 1
        self.by_owner = {}  # owner -> ip
        self.owners = {}  # ip -> owner
        self.last_reserved = None  # host-local's lastReservedIP: the next search starts after it

    def allocate(self, owner):
        if owner in self.by_owner:
            return self.by_owner[owner]
        size = self.last - self.first + 1
        start = self.first if self.last_reserved is None else self.last_reserved + 1
        for step in range(size):
            candidate = self.first + (start - self.first + step) % size
            ip = str(ipaddress.ip_address(candidate))
            if ip not in self.owners:
                self.owners[ip], self.by_owner[owner] = owner, ip
                self.last_reserved = candidate
                return ip
        raise IPAMError(f"failed to allocate for range 0: no IP addresses available in range set: "
                        f"{ipaddress.ip_address(self.first)}-{ipaddress.ip_address(self.last)}")

    def release(self, owner):
        ip = self.by_owner.pop(owner, None)
        if ip is not None:
            self.owners.pop(ip, None)
        return ip

    def in_use(self):
        return dict(self.owners)
