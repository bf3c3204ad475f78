"""--record (deprecated): the kubernetes.io/change-cause annotation holding the command line as
RecordFlags rebuilds it: `kubectl` + the positional arguments + every flag given as ` --name=value`."""
CHANGE_CAUSE = "kubernetes.io/change-cause"
DEPRECATED = "Flag --record has been deprecated, --record will be removed in the future\n"


def warn(ctx):
    """cobra's deprecation notice, printed whenever the flag is given (even --record=false)."""
    if ctx.opts.changed("record"):
        ctx.io.error(DEPRECATED)


def change_cause(ctx, flagset):
    """parseCommandArguments: flags in the order typed (shorthands by long name), then the rest."""
    argv = getattr(ctx, "argv", None) or []
    positional, flags, i = [], [], 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "--":
            positional.extend(argv[i:])
            break
        if not arg.startswith("-") or len(arg) == 1:
            positional.append(arg)
            continue
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            flag = flagset.by_name.get(name)
        else:
            short, rest = arg[1], arg[2:]
            flag = flagset.by_short.get(short)
            name, eq, value = (flag.name if flag else short), bool(rest), rest.removeprefix("=")
        if flag is None:
            continue
        if not eq:
            if flag.kind == "bool":
                value = "true"
            elif flag.no_opt_default is not None:
                value = flag.no_opt_default
            elif i < len(argv):
                value, i = argv[i], i + 1
        flags.append(f" --{name}={value}")
    args = " " + " ".join(positional) if positional else ""
    return "kubectl" + args + "".join(flags)


def recorder(ctx, flagset):
    """A function that stamps the change cause on an object, or does nothing without --record."""
    if not ctx.opts.get("record"):
        return lambda obj: None
    cause = change_cause(ctx, flagset)

    def record(obj):
        meta = obj.setdefault("metadata", {})
        meta["annotations"] = dict(meta.get("annotations") or {}, **{CHANGE_CAUSE: cause})
    return record
