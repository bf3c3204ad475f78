"""`kubectl top pod|node`: CPU and memory usage from the metrics.k8s.io API, laid out as kubectl's
metricsutil printer does (every cell tab-terminated, CPU in millicores, memory in Mi)."""
import math

from ...api.aggregated.metrics import GROUP_VERSION, go_duration
from ...api.quantity import parse as parse_quantity
from ..errors import CmdError, UsageError
from ..flags import Flag
from ..kubectl import help_text
from ..printers.table import layout
from . import Command

NOT_AVAILABLE = "Metrics API not available"
CREATION_DELAY = 120  # metricsCreationDelay: a pod older than this should have metrics
SORT_KEYS = ("cpu", "memory")


def metrics_server(ctx):
    """SupportedMetricsAPIVersionAvailable: discovery lists metrics.k8s.io/v1beta1."""
    server = ctx.api.api_services.get(GROUP_VERSION)
    if server is None:
        raise CmdError(NOT_AVAILABLE)
    return server


def cpu_milli(text):
    return parse_quantity(str(text)).milli_value()


def memory_bytes(text):
    return math.ceil(parse_quantity(str(text)).value)


def usage_cells(cpu, memory):
    return [f"{cpu}m", f"{memory // (1024 * 1024)}Mi"]


def check_sort(opts):
    if opts["sort-by"] and opts["sort-by"] not in SORT_KEYS:
        raise CmdError("--sort-by accepts only cpu or memory")


def one_name(ctx, use):
    if len(ctx.args) > 1:
        raise UsageError(f"{use}\nSee '{ctx.path} -h' for help and examples")
    return ctx.args[0] if ctx.args else ""


def render(rows):
    """Every cell is tab-terminated, so the last column is padded too."""
    return layout([row + [""] for row in rows])


# ---- top pod
def run_pod(ctx):
    opts = ctx.opts
    name = one_name(ctx, "pod [NAME | -l label]")
    check_sort(opts)
    if name and (opts["selector"] or opts["field-selector"]):
        raise CmdError("only one of NAME or selector can be provided")
    server = metrics_server(ctx)
    namespace = None if opts["all-namespaces"] else ctx.namespace
    if name:
        items = [server.get_pod(name, namespace)]
    else:
        items = server.list_pods(namespace, opts["selector"] or None, opts["field-selector"] or None)["items"]
    if not items:
        verify_empty(ctx, name)
        ctx.io.error("No resources found\n" if opts["all-namespaces"] else f"No resources found in {ctx.namespace} namespace.\n")
        return 0
    ctx.io.write(pod_table(items, opts))
    return 0


def verify_empty(ctx, name):
    """verifyEmptyMetrics: pods old enough to have metrics make it an error."""
    opts = ctx.opts
    if name:
        pods = [ctx.api.get("pods", name, ctx.namespace)]
    else:
        pods = ctx.api.list("pods", ctx.namespace, label_selector=opts["selector"] or None,
                            field_selector=opts["field-selector"] or None)["items"]
        if not pods:
            return
    for pod in pods:
        age = ctx.clock.now - ctx.clock.parse(pod["metadata"]["creationTimestamp"])
        if age > CREATION_DELAY:
            meta = pod["metadata"]
            raise CmdError(f"Metrics not available for pod {meta['namespace']}/{meta['name']}, age: {go_duration(age)}")
    raise CmdError("metrics not available yet")


def pod_table(items, opts):
    with_ns, containers, sort_by = opts["all-namespaces"], opts["containers"], opts["sort-by"]
    head = (["NAMESPACE"] if with_ns else []) + (["POD"] if containers else []) + ["NAME", "CPU(cores)", "MEMORY(bytes)"]
    rows = [] if opts["no-headers"] else [head]
    summed = [(m, [(c["name"], cpu_milli(c["usage"]["cpu"]), memory_bytes(c["usage"]["memory"])) for c in m["containers"]])
              for m in items]
    totals = {id(m): (sum(c[1] for c in cs), sum(c[2] for c in cs)) for m, cs in summed}
    summed.sort(key=lambda mc: ((mc[0]["metadata"]["namespace"] if with_ns else ""), mc[0]["metadata"]["name"]))
    if sort_by:
        summed.sort(key=lambda mc: -totals[id(mc[0])][SORT_KEYS.index(sort_by)])
    for m, cs in summed:
        prefix = [m["metadata"]["namespace"]] if with_ns else []
        if containers:
            cs = sorted(cs, key=lambda c: c[0])
            if sort_by:
                cs.sort(key=lambda c: -c[1 + SORT_KEYS.index(sort_by)])
            rows.extend(prefix + [m["metadata"]["name"], c[0]] + usage_cells(c[1], c[2]) for c in cs)
        else:
            rows.append(prefix + [m["metadata"]["name"]] + usage_cells(*totals[id(m)]))
    if opts["sum"]:
        width = len(head) if not opts["no-headers"] else 3  # columnWidth only grows with the headers
        rows.extend(sum_rows(width, sum(t[0] for t in totals.values()), sum(t[1] for t in totals.values())))
    return render(rows)


def sum_rows(width, cpu, memory):
    """printPodResourcesSum: a rule under the usage columns, then the totals."""
    return [[""] * (width - 2) + ["________", "________"], [""] * (width - 2) + usage_cells(cpu, memory)]


# ---- top node
def run_node(ctx):
    opts = ctx.opts
    name = one_name(ctx, "node [NAME | -l label]")
    check_sort(opts)
    if name and opts["selector"]:
        raise CmdError("only one of NAME or --selector can be provided")
    server = metrics_server(ctx)
    items = [server.get_node(name)] if name else server.list_nodes(opts["selector"] or None)["items"]
    if not items:
        raise CmdError("metrics not available yet")
    nodes = [ctx.api.get("nodes", name)] if name else ctx.api.list("nodes", label_selector=opts["selector"] or None)["items"]
    field = "capacity" if opts["show-capacity"] else "allocatable"
    available = {n["metadata"]["name"]: n.get("status", {}).get(field) or {} for n in nodes}
    ctx.io.write(node_table(items, available, opts))
    return 0


def node_table(items, available, opts):
    rows = [] if opts["no-headers"] else [["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]]
    usage = [(m["metadata"]["name"], cpu_milli(m["usage"]["cpu"]), memory_bytes(m["usage"]["memory"])) for m in items]
    usage.sort(key=lambda u: u[0])
    if opts["sort-by"]:
        usage.sort(key=lambda u: -u[1 + SORT_KEYS.index(opts["sort-by"])])
    for name, cpu, memory in usage:
        room = available.pop(name, {})
        row = [name, f"{cpu}m"]
        if "cpu" in room:
            row.append(f"{int(cpu / cpu_milli(room['cpu']) * 100)}%")
        row.append(f"{memory // (1024 * 1024)}Mi")
        if "memory" in room:
            row.append(f"{int(memory * 1000 / cpu_milli(room['memory']) * 100)}%")
        rows.append(row)
    rows.extend([name] + ["<unknown>"] * 4 for name in sorted(available))
    return render(rows)


# ---- top
def run_top(ctx):
    """DefaultSubCommandRun: the help on stderr, exit 1; an argument is an unknown command."""
    if ctx.args:
        raise UsageError(f'unknown command "{ctx.args[0]}"\nSee \'kubectl top -h\' for help and examples')
    ctx.io.error(help_text("kubectl top"))
    return 1


COMMON = [Flag("selector", "l"), Flag("sort-by"), Flag("no-headers", kind="bool"),
          Flag("use-protocol-buffers", kind="bool", default=True)]
POD = Command("pod", run_pod, COMMON + [Flag("field-selector"), Flag("containers", kind="bool"),
                                        Flag("all-namespaces", "A", "bool"), Flag("sum", kind="bool")])
NODE = Command("node", run_node, COMMON + [Flag("show-capacity", kind="bool")])
COMMAND = Command("top", run_top, [], subcommands={"pod": POD, "pods": POD, "po": POD,
                                                    "node": NODE, "nodes": NODE, "no": NODE})
