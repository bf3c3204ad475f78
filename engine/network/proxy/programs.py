"""The iptables tools in the kube-proxy image (`kubectl exec -n kube-system kube-proxy-xxxxx -- iptables-save`):
kube-proxy runs with hostNetwork, so they show the node's tables."""
from ...node.runtime.context import program
from .rules import BUILTIN

VERSION = "v1.8.9 (nf_tables)"


def _proxier(ctx):
    from .registry import for_node
    api = getattr(ctx.network, "api", None)
    return for_node(api, ctx.hostname) if api is not None else None


def _tables(ctx):
    proxier = _proxier(ctx)
    tables = proxier.programmed() if proxier is not None else None
    return proxier, tables


@program("iptables-save")
def iptables_save(ctx, argv):
    """iptables-save [-t table]"""
    table = None
    args = argv[1:]
    while args:
        arg = args.pop(0)
        if arg in ("-t", "--table") and args:
            table = args.pop(0)
        elif arg.startswith("--table="):
            table = arg.split("=", 1)[1]
        elif arg not in ("-c", "--counters"):
            ctx.err(f"Unknown arguments found on commandline\n")
            return 1
    if table is not None and table not in BUILTIN:
        ctx.err(f"iptables-save {VERSION}: Cannot initialize: Table does not exist (do you need to insmod?)\n")
        return 1
    proxier, tables = _tables(ctx)
    if tables is not None:
        from .printers import save_text
        ctx.out(save_text(proxier, tables, [table] if table else None))
    return 0
    yield  # a program is a generator


@program("iptables")
def iptables(ctx, argv):
    """iptables [-t table] -S [chain]: the rules as commands (only listing is simulated)."""
    table, chain, listing = "filter", None, False
    args = argv[1:]
    while args:
        arg = args.pop(0)
        if arg in ("-t", "--table") and args:
            table = args.pop(0)
        elif arg in ("-S", "--list-rules"):
            listing = True
            if args and not args[0].startswith("-"):
                chain = args.pop(0)
        elif arg in ("-n", "--numeric", "-w", "--wait"):
            continue
        else:
            ctx.err(f"iptables {VERSION}: only -S (--list-rules) is simulated here\n"
                    "Try `iptables -h' or 'iptables --help' for more information.\n")
            return 2
    if not listing:
        ctx.err(f"iptables {VERSION}: no command specified\n"
                "Try `iptables -h' or 'iptables --help' for more information.\n")
        return 2
    if table not in BUILTIN:
        ctx.err(f"iptables {VERSION}: can't initialize iptables table `{table}': Table does not exist "
                "(do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.\n")
        return 3
    _, tables = _tables(ctx)
    chains = tables.chains[table] if tables is not None else {name: [] for name in BUILTIN[table]}
    if chain is not None and chain not in chains:
        ctx.err("iptables: No chain/target/match by that name.\n")
        return 1
    order = [c for c in BUILTIN[table] if c in chains] + sorted(c for c in chains if c not in BUILTIN[table])
    selected = [chain] if chain else order
    lines = [f"-P {c} ACCEPT" if c in BUILTIN[table] else f"-N {c}" for c in selected]
    lines += [rule.text() for c in selected for rule in chains[c]]
    ctx.out("".join(line + "\n" for line in lines))
    return 0
    yield
