"""Pod and node resources as the scheduler counts them: requests in milli-CPU and bytes, the
non-zero defaults for containers that request nothing, host ports, and node allocatable."""
from ..api.quantity import QuantityError, parse

DEFAULT_MILLI_CPU = 100  # what LeastAllocated assumes for a container without a cpu request
DEFAULT_MEMORY = 200 * 1024 * 1024  # ... and without a memory request
CPU, MEMORY, EPHEMERAL, PODS = "cpu", "memory", "ephemeral-storage", "pods"


_AMOUNTS = {}


def amount(name, text):
    """A quantity as the scheduler holds it: milli-units for cpu, whole units (rounded up) otherwise."""
    key = (name == CPU, text)
    found = _AMOUNTS.get(key)
    if found is None:
        found = _amount(name, text)
        if len(_AMOUNTS) < 65536:  # the same few strings ("100m", "128Mi") come back all the time
            _AMOUNTS[key] = found
    return found


def _amount(name, text):
    try:
        q = parse(text)
    except (QuantityError, TypeError):
        return 0
    if name == CPU:
        return int(q.milli_value())
    value = q.value
    return int(-((-value.numerator) // value.denominator))


def _container_requests(container, non_zero):
    requests = ((container.get("resources") or {}).get("requests")) or {}
    out = {name: amount(name, text) for name, text in requests.items()}
    if non_zero:
        out.setdefault(CPU, DEFAULT_MILLI_CPU)
        out.setdefault(MEMORY, DEFAULT_MEMORY)  # only when unset: an explicit 0 stays 0
    return out


def _add(total, more):
    for name, value in more.items():
        total[name] = total.get(name, 0) + value


def _max(total, other):
    for name, value in other.items():
        if value > total.get(name, 0):
            total[name] = value


def pod_requests(spec, non_zero=False):
    """The pod's effective requests: sum of containers and sidecars, at least each init container's
    need (plus the sidecars started before it), plus overhead (resource helpers' PodRequests)."""
    total = {}
    for container in spec.get("containers") or []:
        _add(total, _container_requests(container, non_zero))
    init_max, sidecars = {}, {}
    for container in spec.get("initContainers") or []:
        request = _container_requests(container, non_zero)
        if container.get("restartPolicy") == "Always":
            _add(total, request)
            _add(sidecars, request)
            _max(init_max, sidecars)
        else:
            step = dict(sidecars)
            _add(step, request)
            _max(init_max, step)
    _max(total, init_max)
    overhead = spec.get("overhead") or {}
    _add(total, {name: amount(name, text) for name, text in overhead.items()})
    return total


def host_ports(spec):
    """(hostIP, protocol, hostPort) the pod's containers claim on their node."""
    ports = []
    for container in list(spec.get("initContainers") or []) + list(spec.get("containers") or []):
        for port in container.get("ports") or []:
            if port.get("hostPort"):
                ports.append((port.get("hostIP") or "0.0.0.0", port.get("protocol") or "TCP", port["hostPort"]))
    return ports


def allocatable(node):
    status = node.get("status") or {}
    raw = status.get("allocatable") or status.get("capacity") or {}
    return {name: amount(name, text) for name, text in raw.items()}
