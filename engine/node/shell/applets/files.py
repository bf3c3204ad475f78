"""File applets (cat, ls, touch, rm, mkdir, cp, mv, chmod, ln...) with busybox's messages, or GNU
coreutils' when the image is Debian-based (ctx.flavor == "gnu")."""
import posixpath
from datetime import datetime, timezone

from ...runtime.context import program
from ...runtime.fs import FsError
from .common import flags, gnu


@program("cat")
def cat(ctx, argv):
    status = 0
    names = [a for a in argv[1:] if a != "-u"] or ["-"]
    for name in names:
        if name == "-":
            yield from copy_stdin(ctx)
            continue
        try:
            ctx.out(ctx.fs.read(ctx.path(name)))
        except FsError as err:
            status = 1
            if gnu(ctx):
                ctx.err(f"cat: {name}: {err.strerror}\n")
            elif err.errno == "EISDIR":
                ctx.err("cat: read error: Is a directory\n")
            else:
                ctx.err(f"cat: can't open '{name}': {err.strerror}\n")
    return status


def copy_stdin(ctx):
    """cat -: all of a text stdin, or an open one (an interactive session) line by line as typed."""
    while True:
        yield from ctx.wait_for_line()
        line = ctx.stdin.complete_line()
        if line is None:
            ctx.stdin.at_end()
            ctx.out(ctx.read_all())
            return
        ctx.out(line + "\n")


def mode_string(node):
    kind = {"dir": "d", "link": "l"}.get(node.kind, "-")
    bits = ["-" if not node.mode & (1 << (8 - i)) else ch for i, ch in enumerate("rwxrwxrwx")]
    for index, flag, letter in ((2, 0o4000, "s"), (5, 0o2000, "s"), (8, 0o1000, "t")):
        if node.mode & flag:  # setuid, setgid (fsGroup volumes), sticky (/tmp)
            bits[index] = letter if bits[index] == "x" else letter.upper()
    return kind + "".join(bits)


def owner_names(node):
    return ("root" if node.uid == 0 else str(node.uid)), ("root" if node.gid == 0 else str(node.gid))


def ls_time(ctx, mtime):
    moment = ctx.clock.datetime(mtime) if hasattr(ctx.clock, "datetime") else datetime.fromtimestamp(mtime, timezone.utc)
    recent = abs(ctx.clock.now - mtime) < 182 * 86400
    return moment.strftime("%b %e %H:%M") if recent else moment.strftime("%b %e ") + f"{moment.year:>6}"


@program("ls")
def ls(ctx, argv):
    opts, names = flags(argv[1:], "laR1hdt")
    names = names or ["."]
    status, blocks = 0, []
    files, dirs = [], []
    for name in names:
        try:
            node = ctx.fs.node(ctx.path(name))
        except FsError as err:
            status = 2 if gnu(ctx) else 1
            ctx.err(f"ls: cannot access '{name}': {err.strerror}\n" if gnu(ctx) else f"ls: {name}: {err.strerror}\n")
            continue
        (dirs if node.is_dir and "d" not in opts else files).append((name, node))
    if files:
        blocks.append((None, [(n, node) for n, node in files]))
    for name, node in dirs:
        entries = []
        listing = ctx.fs.listdir(ctx.path(name))
        if "a" in opts:
            entries += [(".", node), ("..", node)]
        for entry in listing:
            if entry.startswith(".") and "a" not in opts:
                continue
            try:
                entries.append((entry, ctx.fs.node(posixpath.join(ctx.path(name), entry), follow=False)))
            except FsError:
                continue
        blocks.append((name if len(names) > 1 else None, entries))
    for index, (title, entries) in enumerate(blocks):
        if index:
            ctx.out("\n")
        if title is not None:
            ctx.out(f"{title}:\n")
        if "l" in opts:
            if title is not None or len(blocks) == 1 and dirs:
                total = sum(0 if node.kind == "link" else (node.size + 4095) // 4096 * 4 for _, node in entries)
                ctx.out(f"total {total}\n")
            ctx.out(long_listing(ctx, entries))
        else:
            for name, _ in entries:
                ctx.out(name + "\n")
    return status
    yield


def long_listing(ctx, entries):
    """`ls -l` rows: busybox pads fixed widths; GNU coreutils aligns each column to its widest value."""
    rows = [(mode_string(node), str(2 if node.is_dir else 1), *owner_names(node), str(node.size),
             ls_time(ctx, node.mtime), name + (f" -> {node.target}" if node.kind == "link" else ""))
            for name, node in entries]
    if not gnu(ctx):
        return "".join(f"{m} {n:>4} {u:<8} {g:<8} {z:>9} {t} {name}\n" for m, n, u, g, z, t, name in rows)
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(5)]
    return "".join(f"{m} {n:>{widths[1]}} {u:<{widths[2]}} {g:<{widths[3]}} {z:>{widths[4]}} {t} {name}\n"
                   for m, n, u, g, z, t, name in rows)


@program("touch")
def touch(ctx, argv):
    status = 0
    for name in [a for a in argv[1:] if not a.startswith("-")]:
        try:
            ctx.fs.touch(ctx.path(name))
        except FsError as err:
            status = 1
            ctx.err(f"touch: cannot touch '{name}': {err.strerror}\n" if gnu(ctx) else f"touch: {name}: {err.strerror}\n")
    return status
    yield


@program("rm")
def rm(ctx, argv):
    opts, names = flags(argv[1:], "rfRiv")
    recursive, force = bool({"r", "R"} & opts), "f" in opts
    status = 0
    for name in names:
        path = ctx.path(name)
        try:
            node = ctx.fs.node(path, follow=False)
            if node.is_dir and not recursive:
                status = 1
                ctx.err(f"rm: cannot remove '{name}': Is a directory\n" if gnu(ctx) else f"rm: '{name}' is a directory\n")
                continue
            ctx.fs.remove(path, recursive=True)
        except FsError as err:
            if err.errno == "ENOENT" and force:
                continue
            status = 1
            ctx.err(f"rm: cannot remove '{name}': {err.strerror}\n" if gnu(ctx)
                    else f"rm: can't remove '{name}': {err.strerror}\n")
    if not names and not force:
        ctx.err("rm: missing operand\n" if gnu(ctx) else "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: rm [-irf] FILE...\n")
        return 1
    return status
    yield


@program("rmdir")
def rmdir(ctx, argv):
    status = 0
    for name in argv[1:]:
        try:
            if not ctx.fs.is_dir(ctx.path(name)):
                raise FsError("ENOTDIR") if ctx.fs.exists(ctx.path(name)) else FsError("ENOENT")
            ctx.fs.remove(ctx.path(name))
        except FsError as err:
            status = 1
            ctx.err(f"rmdir: '{name}': {err.strerror}\n")
    return status
    yield


@program("mkdir")
def mkdir(ctx, argv):
    opts, names = flags(argv[1:], "pv")
    status = 0
    for name in names:
        try:
            ctx.fs.mkdir(ctx.path(name), parents="p" in opts)
        except FsError as err:
            status = 1
            ctx.err(f"mkdir: cannot create directory '{name}': {err.strerror}\n" if gnu(ctx)
                    else f"mkdir: can't create directory '{name}': {err.strerror}\n")
    return status
    yield


def _copy(ctx, src, dst, move):
    node = ctx.fs.node(src)
    if ctx.fs.is_dir(dst):
        dst = posixpath.join(dst, posixpath.basename(src))
    if move:
        ctx.fs.rename(src, dst)
    elif node.is_dir:
        ctx.fs.mkdir(dst, parents=True)
        for name in ctx.fs.listdir(src):
            _copy(ctx, posixpath.join(src, name), posixpath.join(dst, name), False)
    else:
        ctx.fs.write(dst, node.data, mode=node.mode)


@program("cp", "mv")
def cp(ctx, argv):
    move = argv[0].endswith("mv")
    tool = "mv" if move else "cp"
    opts, names = flags(argv[1:], "rRfpaiv")
    if len(names) < 2:
        ctx.err(f"{tool}: missing file operand\n" if gnu(ctx) else f"BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: {tool} [-fin] SOURCE DEST\n")
        return 1
    *sources, target = names
    status = 0
    for src in sources:
        spath = ctx.path(src)
        target_path = ctx.path(target)
        if src and target and (target_path + "/").startswith(spath.rstrip("/") + "/") and ctx.fs.is_dir(spath):
            status = 1
            ctx.err(f"{tool}: recursion detected, omitting directory '{src}'\n")
            continue
        if not src or not ctx.fs.exists(spath):
            status = 1
            if gnu(ctx):
                ctx.err(f"{tool}: cannot stat '{src}': No such file or directory\n")
            else:
                ctx.err(f"{tool}: can't {'rename' if move else 'stat'} '{src}': No such file or directory\n")
            continue
        if ctx.fs.is_dir(spath) and not move and not ({"r", "R", "a"} & opts):
            status = 1
            ctx.err(f"cp: -r not specified; omitting directory '{src}'\n" if gnu(ctx) else f"cp: omitting directory '{src}'\n")
            continue
        try:
            _copy(ctx, spath, ctx.path(target) if target else "", move)
        except FsError as err:
            status = 1
            ctx.err(f"{tool}: cannot create regular file '{target}': {err.strerror}\n" if gnu(ctx)
                    else f"{tool}: can't create '{target}': {err.strerror}\n")
    return status
    yield


@program("chmod")
def chmod(ctx, argv):
    opts, args = flags(argv[1:], "R")
    if len(args) < 2:
        return 1
    mode, names = args[0], args[1:]
    status = 0
    for name in names:
        try:
            node = ctx.fs.node(ctx.path(name))
            value = int(mode, 8) if mode.isdigit() else _symbolic(node.mode, mode)
            ctx.fs.chmod(ctx.path(name), value)
        except (FsError, ValueError) as err:
            status = 1
            ctx.err(f"chmod: {name}: {getattr(err, 'strerror', 'invalid mode')}\n")
    return status
    yield


def _symbolic(mode, spec):
    who, op, perms = "", "", ""
    for ch in spec:
        if ch in "ugoa" and not op:
            who += ch
        elif ch in "+-=":
            op = ch
        else:
            perms += ch
    who = who or "a"
    bits = 0
    for w in who:
        shifts = {"u": [6], "g": [3], "o": [0], "a": [6, 3, 0]}[w]
        for shift in shifts:
            for p in perms:
                bits |= {"r": 4, "w": 2, "x": 1}.get(p, 0) << shift
    if op == "+":
        return mode | bits
    if op == "-":
        return mode & ~bits
    return bits
