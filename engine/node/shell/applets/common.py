"""Helpers the applets share: option parsing in getopt's style and which wording an image uses."""

BUSYBOX_USAGE = "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: {}\n"


def gnu(ctx):
    """True in Debian/Ubuntu-based images (GNU coreutils wording), False in busybox/alpine ones."""
    return ctx.flavor == "gnu"


def flags(args, letters):
    """(set of single-letter options, operands); `--` ends options, a lone `-` is an operand."""
    opts, rest = set(), []
    args = list(args)
    while args:
        arg = args.pop(0)
        if arg == "--":
            rest += args
            break
        if arg.startswith("-") and len(arg) > 1 and all(ch in letters for ch in arg[1:]):
            opts.update(arg[1:])
        else:
            rest.append(arg)
    return opts, rest


def options(args, with_value, letters=""):
    """getopt with options taking values: ({letter: value or True}, operands). `-n5`, `-n 5` both work."""
    opts, rest = {}, []
    args = list(args)
    while args:
        arg = args.pop(0)
        if arg == "--":
            rest += args
            break
        if arg.startswith("--") and "=" in arg:
            key, _, value = arg[2:].partition("=")
            opts[key] = value
            continue
        if arg.startswith("--"):
            key = arg[2:]
            opts[key] = args.pop(0) if key in with_value and args else True
            continue
        if arg.startswith("-") and len(arg) > 1 and not arg[1:].lstrip("-").isdigit():
            i = 1
            while i < len(arg):
                ch = arg[i]
                if ch in with_value:
                    value = arg[i + 1:] or (args.pop(0) if args else "")
                    opts[ch] = value
                    break
                opts[ch] = True
                i += 1
            continue
        rest.append(arg)
    return opts, rest


def number(ctx, tool, value, kind=int):
    """A numeric operand or option, or None after busybox's "invalid number" complaint."""
    try:
        return kind(str(value))
    except ValueError:
        ctx.err(f"{tool}: invalid number '{value}'\n")
        return None


def read_inputs(ctx, tool, names):
    """[(name, text)] for file operands (stdin for none or '-'), with busybox's can't-open message."""
    out, status = [], 0
    from ...runtime.fs import FsError
    for name in names or ["-"]:
        if name == "-":
            out.append(("-", ctx.read_all()))
            continue
        try:
            out.append((name, ctx.fs.read(ctx.path(name))))
        except FsError as err:
            status = 1
            if gnu(ctx) or tool == "grep":
                ctx.err(f"{tool}: {name}: {err.strerror}\n")
            else:
                ctx.err(f"{tool}: can't open '{name}': {err.strerror}\n")
    return out, status
