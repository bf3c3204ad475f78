"""Small coreutils as busybox 1.36.1 and GNU coreutils 9.1 (Debian) word them: base64, ln, md5sum, sha256sum,
stat, readlink, realpath, rev, tac, nl, paste, fold, mktemp, sync, usleep, time, nohup, chroot and od."""
import base64 as b64
import hashlib
import posixpath
import re
import zlib

from ...runtime.context import NotFound, NotExecutable, program, resolve
from ...runtime.fs import FsError, Mounts
from ...runtime.process import Sleep
from .busybox_usage import USAGE
from .common import BUSYBOX_USAGE, gnu, options, read_inputs
from .files import mode_string, owner_names


def usage(ctx, name, gnu_text=None):
    """Bad usage: busybox prints its usage text, GNU a one-line complaint and `Try 'NAME --help'`."""
    if gnu(ctx):
        ctx.err(f"{name}: {gnu_text or 'missing operand'}\nTry '{name} --help' for more information.\n")
    else:
        ctx.err(BUSYBOX_USAGE.format(USAGE[name]))
    return 1


def help_asked(ctx, argv):
    if argv[1:2] == ["--help"] and not gnu(ctx):
        ctx.err(BUSYBOX_USAGE.format(USAGE[argv[0].rsplit("/", 1)[-1]]))
        return True
    return False


def read_one(ctx, tool, name):
    """The text of a file operand (stdin for '-'), or None after the tool's complaint."""
    inputs, status = read_inputs(ctx, tool, [name])
    return inputs[0][1] if inputs else None


@program("base64")
def base64(ctx, argv):
    if help_asked(ctx, argv):
        return 0
    opts, names = options(argv[1:], with_value="w")
    if len(names) > 1:
        return usage(ctx, "base64", f"extra operand '{names[1]}'")
    name = names[0] if names else "-"
    if name != "-" and not ctx.fs.exists(ctx.path(name)):
        ctx.err(f"base64: {name}: No such file or directory\n" if gnu(ctx) else
                f"base64: can't open '{name}': No such file or directory\n")
        return 1
    text = read_one(ctx, "base64", name)
    if "d" in opts or "decode" in opts:
        return decode(ctx, text)
    wrap = opts.get("w", opts.get("wrap", "76"))
    if not str(wrap).isdigit():
        ctx.err(f"base64: invalid wrap size: '{wrap}'\n" if gnu(ctx) else f"base64: invalid number '{wrap}'\n")
        return 1
    encoded, width = b64.b64encode(text.encode("utf-8", "surrogateescape")).decode(), int(wrap)
    if not width:
        ctx.out(encoded)
    else:
        ctx.out("".join(encoded[i:i + width] + "\n" for i in range(0, len(encoded), width)))
    return 0
    yield


def decode(ctx, text):
    """busybox skips characters outside the alphabet; GNU stops at the first with `invalid input`."""
    clean = re.sub(r"\s", "", text)
    bad = re.search(r"[^A-Za-z0-9+/=]|=[^=]", clean)
    if not gnu(ctx):
        clean = re.sub(r"[^A-Za-z0-9+/]", "", clean)
        usable = len(clean) - len(clean) % 4 if len(clean) % 4 == 1 else len(clean)
        ctx.out(_bytes_text(b64.b64decode(clean[:usable] + "=" * (-usable % 4))))
        if usable != len(clean):
            ctx.err("base64: truncated input\n")
            return 1
        return 0
    body = clean[:bad.start()] if bad else clean
    usable = len(body) - len(body) % 4
    out = b64.b64decode(body[:usable]) if usable else b""
    rest = body[usable:].rstrip("=")
    if rest and len(rest) > 1:
        out += b64.b64decode(rest + "=" * (-len(rest) % 4))
    ctx.out(_bytes_text(out))
    if bad or len(body) % 4:
        ctx.err("base64: invalid input\n")
        return 1
    return 0


def _bytes_text(data):
    return data.decode("utf-8", "replace")


def make_link(fs, path, target=None, node=None):
    """A new symlink (`target`) or hard link (the same `node`) at `path`."""
    parent, name, read_only = fs._parent(path)
    if read_only:
        raise FsError("EROFS", path)
    if name in parent.entries:
        raise FsError("EEXIST", path)
    if node is None:
        node = fs._new(parent, "link", 0o777)
        node.target = target
    parent.entries[name] = node
    fs._changed()


@program("ln")
def ln(ctx, argv):
    if help_asked(ctx, argv):
        return 0
    opts, names = options(argv[1:], with_value="St")
    symbolic, force = "s" in opts or "symbolic" in opts, "f" in opts or "force" in opts
    if not names:
        return usage(ctx, "ln", "missing file operand")
    if len(names) == 1:
        names.append(posixpath.basename(names[0].rstrip("/")) or names[0])
    *targets, dest = names
    dest_dir = ctx.fs.is_dir(ctx.path(dest)) and not ("n" in opts and _is_link(ctx, dest))
    if len(targets) > 1 and not dest_dir:
        reason = "Not a directory" if _exists(ctx, ctx.path(dest)) else "No such file or directory"
        ctx.err(f"ln: target '{dest}': {reason}\n" if gnu(ctx) else f"ln: {dest}: {reason}\n")
        return 1
    status = 0
    for target in targets:
        link = posixpath.join(dest, posixpath.basename(target.rstrip("/"))) if dest_dir else dest
        path = ctx.path(link)
        try:
            node = None
            if not symbolic:
                try:
                    node = ctx.fs.node(ctx.path(target), follow=False)
                except FsError as err:
                    ctx.err(f"ln: failed to access '{target}': {err.strerror}\n" if gnu(ctx) else
                            f"ln: {target}: {err.strerror}\n")
                    status = 1
                    continue
                if node.is_dir:
                    raise FsError("EPERM", link)
            if force and _exists(ctx, path) and not ctx.fs.is_dir(path):
                ctx.fs.remove(path)
            make_link(ctx.fs, path, target if symbolic else None, node)
            if "v" in opts:
                ctx.out(f"'{link}' -> '{target}'\n")
        except FsError as err:
            status = 1
            kind = "symbolic link" if symbolic else "hard link"
            ctx.err(f"ln: failed to create {kind} '{link}': {err.strerror}\n" if gnu(ctx) else
                    f"ln: {link}: {err.strerror}\n")
    return status
    yield


def _exists(ctx, path):
    try:
        ctx.fs.node(path, follow=False)
        return True
    except FsError:
        return False


def _is_link(ctx, name):
    try:
        return ctx.fs.node(ctx.path(name), follow=False).kind == "link"
    except FsError:
        return False


def checksum(ctx, argv, algorithm):
    tool = argv[0].rsplit("/", 1)[-1]
    if help_asked(ctx, argv):
        return 0
    opts, names = options(argv[1:], with_value="")
    if "c" in opts or "check" in opts:
        return check_sums(ctx, tool, algorithm, names)
    status = 0
    for name in names or ["-"]:
        text = read_one(ctx, tool, name)
        if text is None:
            status = 1
            continue
        digest = hashlib.new(algorithm, text.encode("utf-8", "surrogateescape")).hexdigest()
        ctx.out(f"{digest}  {name}\n")
    return status


def check_sums(ctx, tool, algorithm, names):
    """-c: busybox takes any "HASH FILE" line; GNU only well-formed ones (hex of the digest's length)."""
    status, size = 0, hashlib.new(algorithm).digest_size * 2
    for name in names or ["-"]:
        listing = read_one(ctx, tool, name)
        if listing is None:
            return 1
        total = failed = improper = 0
        for line in listing.splitlines():
            m = re.fullmatch(r"([0-9a-fA-F]{%d}) [ *](.+)" % size if gnu(ctx) else r"(\S*) [ *]?(.*)", line)
            if not m:
                improper += 1
                continue
            total += 1
            text = read_one(ctx, tool, m.group(2))
            digest = hashlib.new(algorithm, text.encode()).hexdigest() if text is not None else None
            good = digest == (m.group(1).lower() if gnu(ctx) else m.group(1))
            failed += not good
            ctx.out(f"{m.group(2)}: {'OK' if good else 'FAILED'}\n")
        if not total:
            ctx.err(f"{tool}: {name}: no properly formatted checksum lines found\n" if gnu(ctx) else
                    f"{tool}: {name}: no checksum lines found\n")
            status = 1
            continue
        if improper and gnu(ctx):
            ctx.err(f"{tool}: WARNING: {improper} line{' is' if improper == 1 else 's are'} improperly formatted\n")
        if failed:
            status = 1
            ctx.err(f"{tool}: WARNING: {failed} computed checksum{' did' if failed == 1 else 's did'} NOT match\n"
                    if gnu(ctx) else f"{tool}: WARNING: {failed} of {total} computed checksums did NOT match\n")
    return status


@program("md5sum")
def md5sum(ctx, argv):
    return checksum(ctx, argv, "md5")
    yield


@program("sha256sum")
def sha256sum(ctx, argv):
    return checksum(ctx, argv, "sha256")
    yield


def inode(path):
    return zlib.crc32(path.encode()) % 900000 + 100000  # stable per path: the fs keeps no inode numbers


def file_type(node):
    if node.kind == "dir":
        return "directory"
    if node.kind == "link":
        return "symbolic link"
    return "regular empty file" if node.size == 0 else "regular file"


def stat_time(ctx, mtime):
    return ctx.clock.datetime(mtime).strftime("%Y-%m-%d %H:%M:%S.000000000 +0000")


def stat_field(ctx, letter, name, node, path):
    user, group = owner_names(node)
    target = f" -> '{node.target}'" if node.kind == "link" else ""
    epoch = int(ctx.clock.datetime(node.mtime).timestamp())
    values = {"n": name, "N": (f"'{name}'" if gnu(ctx) or target else name) + target, "s": node.size,
              "a": f"{node.mode & 0o7777:o}", "A": mode_string(node), "F": file_type(node), "u": node.uid,
              "U": user, "g": node.gid, "G": group, "h": 2 if node.is_dir else 1, "i": inode(path),
              "b": -(-node.size // 4096) * 8 if node.kind == "file" else 8 if node.is_dir else 0, "B": 512,
              "o": 4096, "d": 2049, "D": "801", "t": 0, "T": 0,
              "f": f"{({'dir': 0o040000, 'link': 0o120000}.get(node.kind, 0o100000) | node.mode):x}",
              "x": stat_time(ctx, node.mtime), "y": stat_time(ctx, node.mtime), "z": stat_time(ctx, node.mtime),
              "X": epoch, "Y": epoch, "Z": epoch, "w": "-", "W": 0}
    return values.get(letter)


def render(ctx, fmt, name, node, path):
    def field(m):
        if m.group(0) == "%%":
            return "%"
        flags, letter = m.group(1), m.group(2)
        value = stat_field(ctx, letter, name, node, path)
        if value is None:
            return m.group(0)
        spec = "%" + flags + ("d" if isinstance(value, int) else "s")
        if letter == "a" and flags:
            return ("%" + flags + "d") % int(value)
        return spec % value
    return re.sub(r"%([-#0 ]*\d*(?:\.\d+)?)([a-zA-Z%])|%%", field, fmt)


BUSYBOX_STAT = ("  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\nDevice: %Dh/%dd\tInode: %-10i  "
                "Links: %h\nAccess: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\nAccess: %x\nModify: %y\n"
                "Change: %z")
GNU_STAT = ("  File: %N\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\nDevice: %Dh/%dd\tInode: %-11i "
            "Links: %h\nAccess: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\nAccess: %x\nModify: %y\n"
            "Change: %z\n Birth: %w")


@program("stat")
def stat(ctx, argv):
    if help_asked(ctx, argv):
        return 0
    opts, names = options(argv[1:], with_value="c", letters="Lt")
    fmt = opts.get("c", opts.get("format"))
    if not names:
        return usage(ctx, "stat")
    status = 0
    for name in names:
        path = ctx.path(name)
        try:
            node = ctx.fs.node(path, follow="L" in opts)
        except FsError as err:
            status = 1
            ctx.err(f"stat: cannot statx '{name}': {err.strerror}\n" if gnu(ctx) else
                    f"stat: can't stat '{name}': {err.strerror}\n")
            continue
        if fmt is None:
            fmt_used = GNU_STAT if gnu(ctx) else BUSYBOX_STAT
            text = render(ctx, fmt_used, name, node, path)
            if gnu(ctx):
                text = text.replace("Device: 801h/2049d\t", "Device: 8,1\t")
        else:
            text = render(ctx, fmt, name, node, path)
        ctx.out(text + "\n")
    return status
    yield


def canonical(ctx, name):
    """The absolute path with every symlink resolved (readlink -f, realpath); None if a part is missing."""
    parts, resolved, hops = [p for p in ctx.path(name).split("/") if p], "/", 0
    while parts:
        part = parts.pop(0)
        candidate = posixpath.join(resolved, part)
        try:
            node = ctx.fs.node(candidate, follow=False)
        except FsError:
            if parts:
                return None
            return candidate  # only the last part may be missing (readlink -f, realpath)
        if node.kind == "link":
            hops += 1
            if hops > 40:
                return None
            target = node.target
            parts = [p for p in target.split("/") if p] + parts
            resolved = "/" if target.startswith("/") else resolved
            continue
        resolved = posixpath.normpath(candidate)
    return resolved


@program("readlink")
def readlink(ctx, argv):
    if help_asked(ctx, argv):
        return 0
    opts, names = options(argv[1:], with_value="", letters="fenqsv")
    if not names:
        return usage(ctx, "readlink")
    status = 0
    for name in names:
        if {"f", "e", "canonicalize", "canonicalize-existing"} & set(opts):
            result = canonical(ctx, name)
            if result is None or ("e" in opts and not ctx.fs.exists(result)):
                status = 1
                continue
            ctx.out(result + ("" if "n" in opts else "\n"))
            continue
        try:
            node = ctx.fs.node(ctx.path(name), follow=False)
        except FsError:
            status = 1
            continue
        if node.kind != "link":
            status = 1
            continue
        ctx.out(node.target + ("" if "n" in opts else "\n"))
    return status
    yield


@program("realpath")
def realpath(ctx, argv):
    if help_asked(ctx, argv):
        return 0
    opts, names = options(argv[1:], with_value="")
    if not names:
        return usage(ctx, "realpath")
    status = 0
    for name in names:
        result = canonical(ctx, name)
        if result is None:
            status = 1
            ctx.err(f"realpath: {name}: No such file or directory\n")
            continue
        ctx.out(result + "\n")
    return status
    yield


def lines_of(ctx, tool, names):
    inputs, status = read_inputs(ctx, tool, names)
    return inputs, status


@program("rev")
def rev(ctx, argv):
    inputs, status = lines_of(ctx, "rev", argv[1:])
    for _, text in inputs:
        for line in text.splitlines(keepends=True):
            body = line.rstrip("\n")
            ctx.out(body[::-1] + line[len(body):])
    return status
    yield


@program("tac")
def tac(ctx, argv):
    inputs, status = lines_of(ctx, "tac", argv[1:])
    for _, text in inputs:
        lines = text.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "" if gnu(ctx) else "\n"
        ctx.out("".join(reversed(lines)))
    return status
    yield


@program("nl")
def nl(ctx, argv):
    opts, names = options(argv[1:], with_value="bwsv")
    width, sep = int(opts.get("w", 6)), opts.get("s", "\t")
    number, style = int(opts.get("v", 1)), opts.get("b", "t")
    inputs, status = read_inputs(ctx, "nl", names)
    for _, text in inputs:
        for line in text.splitlines():
            if style == "a" or style == "t" and line != "":
                ctx.out(f"{number:>{width}}{sep}{line}\n")
                number += 1
            else:  # -b n, or an empty line under -b t: no number, the margin stays
                ctx.out(" " * (width + len(sep)) + line + "\n")
    return status
    yield


@program("paste")
def paste(ctx, argv):
    opts, names = options(argv[1:], with_value="d")
    delims = opts.get("d", "\t") or "\t"
    names = names or ["-"]
    stdin = iter(ctx.read_all().splitlines()) if "-" in names else iter(())
    files, status = read_inputs(ctx, "paste", [n for n in names if n != "-"])
    texts = iter(text.splitlines() for _, text in files)
    # every '-' shares one iterator: each takes the next line of stdin in turn, as the same open stream does
    columns = [stdin if name == "-" else iter(next(texts, [])) for name in names]
    if "s" in opts:
        for column in columns:
            ctx.out(_join(list(column), delims) + "\n")
        return status
    while True:
        row = [next(column, None) for column in columns]
        if all(item is None for item in row):
            break
        ctx.out(_join(["" if item is None else item for item in row], delims) + "\n")
    return status
    yield


def _join(items, delims):
    out = items[0] if items else ""
    for index, item in enumerate(items[1:]):
        out += delims[index % len(delims)] + item
    return out


@program("fold")
def fold(ctx, argv):
    args = [("-w" + a[1:]) if re.fullmatch(r"-\d+", a) else a for a in argv[1:]]
    opts, names = options(args, with_value="w")
    width = int(opts.get("w", 80))
    inputs, status = read_inputs(ctx, "fold", names)
    for _, text in inputs:
        for line in text.splitlines(keepends=True):
            body, end = line.rstrip("\n"), "\n" if line.endswith("\n") else ""
            pieces = []
            while len(body) > width:
                cut = width
                if "s" in opts:
                    space = body.rfind(" ", 0, width)
                    cut = space + 1 if space >= 0 else width
                pieces.append(body[:cut])
                body = body[cut:]
            pieces.append(body)
            ctx.out("\n".join(pieces) + end)
    return status
    yield


@program("mktemp")
def mktemp(ctx, argv):
    if help_asked(ctx, argv):
        return 0
    opts, names = options(argv[1:], with_value="p", letters="dqtu")
    template = names[0] if names else "tmp.XXXXXXXXXX" if gnu(ctx) else "tmp.XXXXXX"
    tail = len(template) - len(template.rstrip("X"))
    if tail < 3:
        ctx.err(f"mktemp: too few X's in template '{template}'\n" if gnu(ctx) else "mktemp: Invalid argument\n")
        return 1
    directory = opts.get("p") or ctx.env.get("TMPDIR") or "/tmp"
    base = template if names and not {"p", "t"} & set(opts) else posixpath.join(directory, template)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    for attempt in range(100):  # a name derived from the moment and the fs state: deterministic, unused
        digest = hashlib.sha256(f"{base}:{ctx.clock.now}:{attempt}:{ctx.fs.writes}".encode()).digest()
        suffix = "".join(alphabet[digest[i] % len(alphabet)] for i in range(tail))
        path = base[:len(base) - tail] + suffix
        if not ctx.fs.exists(ctx.path(path)):
            break
    try:
        if "u" not in opts:
            ctx.fs.mkdir(ctx.path(path), mode=0o700) if "d" in opts else ctx.fs.write(ctx.path(path), "", mode=0o600)
    except FsError as err:
        kind = "directory" if "d" in opts else "file"
        ctx.err(f"mktemp: failed to create {kind} via template '{base}': {err.strerror}\n" if gnu(ctx) else
                f"mktemp: {err.strerror}\n")
        return 1
    ctx.out(path + "\n")
    return 0
    yield


@program("sync")
def sync(ctx, argv):
    return 0
    yield


@program("usleep")
def usleep(ctx, argv):
    if len(argv) < 2 or not argv[1].isdigit():
        if len(argv) < 2:
            return usage(ctx, "usleep")
        ctx.err(f"usleep: invalid number '{argv[1]}'\n")
        return 1
    yield Sleep(int(argv[1]) / 1e6)
    return 0


def run_program(ctx, tool, argv, child=None):
    """Run argv as ctx's command (time, nohup, chroot); None when it cannot be started (after the message)."""
    try:
        _, func = resolve(child or ctx, argv[0])
    except NotExecutable:
        ctx.err(f"{tool}: cannot execute '{argv[0]}': Permission denied\n" if gnu(ctx) else
                f"{tool}: can't execute '{argv[0]}': Permission denied\n")
        return 126
    except NotFound:
        if gnu(ctx):
            ctx.err(f"{tool}: failed to run command '{argv[0]}': No such file or directory\n" if tool == "chroot"
                    else f"{tool}: failed to run command '{argv[0]}': No such file or directory\n")
        else:
            ctx.err(f"{tool}: can't execute '{argv[0]}': No such file or directory\n")
        return 127
    code = yield from func(child or ctx.derive(), list(argv))
    return code or 0


@program("time")
def time(ctx, argv):
    args = argv[1:]
    while args and args[0].startswith("-") and len(args[0]) > 1:
        if args.pop(0) in ("-o", "-f"):
            args = args[1:]
    if not args:
        return usage(ctx, "time")
    start = ctx.clock.now
    code = yield from run_program(ctx, "time", args)
    elapsed = int(round((ctx.clock.now - start) * 1000))
    seconds = elapsed // 1000
    real = (f"{seconds // 3600}h {seconds % 3600 // 60}m {seconds % 60:02d}s" if seconds >= 3600 else
            f"{seconds // 60}m {seconds % 60}.{elapsed // 10 % 100:02d}s")
    if code and code != 127:
        ctx.err(f"Command exited with non-zero status {code}\n")
    ctx.err(f"real\t{real}\nuser\t0m 0.00s\nsys\t0m 0.00s\n")
    return code


@program("nohup")
def nohup(ctx, argv):
    if len(argv) < 2:
        return usage(ctx, "nohup")
    child = ctx.derive()
    if getattr(ctx, "tty", False):
        try:
            ctx.fs.write(ctx.path("nohup.out"), "", append=True)
            ctx.err("nohup: appending output to nohup.out\n" if not gnu(ctx) else
                    "nohup: ignoring input and appending output to 'nohup.out'\n")
        except FsError:
            pass
    code = yield from run_program(ctx, "nohup", argv[1:], child)
    return code


class SubTree:
    """A folder of a Tree seen as a whole tree: chroot into a folder that is not a mount point."""

    def __init__(self, tree, parts):
        self.tree, self.parts = tree, list(parts)

    @property
    def root(self):
        return self.tree.lookup(self.parts)

    def lookup(self, parts):
        return self.tree.lookup(self.parts + list(parts))

    def writable(self, parts):
        return self.tree.writable(self.parts + list(parts))


def chroot_view(fs, path):
    """A Mounts whose root is `path` of `fs` (its mounts below keep their places)."""
    tree, read_only, inner, parts = fs._resolve(path)
    root = tree if not inner else SubTree(tree, inner)
    view = Mounts(root, fs.clock)
    view.mounts[()] = (root, read_only)
    view.identity = fs.identity
    prefix = tuple(parts)
    for mount, (mounted, ro) in fs.mounts.items():
        if len(mount) > len(prefix) and mount[:len(prefix)] == prefix:
            view.mounts[mount[len(prefix):]] = (mounted, ro)
    return view


@program("chroot")
def chroot(ctx, argv):
    if help_asked(ctx, argv):
        return 0
    if len(argv) < 2:
        usage(ctx, "chroot")
        return 125 if gnu(ctx) else 1
    root = ctx.path(argv[1])
    if not ctx.fs.is_dir(root):
        reason = "No such file or directory" if not ctx.fs.exists(root) else "Not a directory"
        ctx.err(f"chroot: cannot change root directory to '{argv[1]}': {reason}\n" if gnu(ctx) else
                f"chroot: can't change root directory to '{argv[1]}': {reason}\n")
        return 125 if gnu(ctx) else 1
    if ctx.fs.identity[0] != 0:
        ctx.err(f"chroot: cannot change root directory to '{argv[1]}': Operation not permitted\n" if gnu(ctx)
                else f"chroot: can't change root directory to '{argv[1]}': Operation not permitted\n")
        return 125 if gnu(ctx) else 1
    view = chroot_view(ctx.fs, root)
    flavor = "gnu" if _debian(view) else ctx.flavor
    child = ctx.derive(fs=view, cwd="/", flavor=flavor)
    command = argv[2:] or [ctx.env.get("SHELL") or "/bin/sh", "-i"]
    code = yield from run_program(ctx, "chroot", command, child)
    return code


def _debian(fs):
    try:
        return "ID=debian" in fs.read("/etc/os-release")
    except FsError:
        return False


OD_ESCAPES = {0: "\\0", 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r"}


def od_cell(kind, chunk, index):
    """One column of an od line: -c characters, -b octal bytes, -o octal and -x hex 2-byte words."""
    if kind == "c":
        byte = chunk[index]
        text = OD_ESCAPES.get(byte) or (chr(byte) if 32 <= byte < 127 else f"{byte:03o}")
        return f"{text:>4}"
    if kind == "b":
        return f" {chunk[index]:03o}"
    word = chunk[index] | (chunk[index + 1] << 8 if index + 1 < len(chunk) else 0)
    return f" {word:06o}" if kind == "o" else f" {word:04x}"


@program("od")
def od(ctx, argv):
    opts, names = options(argv[1:], with_value="A", letters="bcoxv")
    kind = next((k for k in "cbxo" if k in opts), "o")
    radix = opts.get("A", "o")
    texts, status = [], 0
    for name in names or ["-"]:
        try:
            texts.append(ctx.read_all() if name == "-" else ctx.fs.read(ctx.path(name)))
        except FsError as err:
            status = 1
            ctx.err(f"od: {name}: {err.strerror}\n")
    if not texts:
        return status
    data = "".join(texts).encode("utf-8", "surrogateescape")
    step = 1 if kind in "cb" else 2
    previous, starred = None, False
    for offset in range(0, len(data), 16):
        chunk = data[offset:offset + 16]
        if chunk == previous and "v" not in opts and len(chunk) == 16:
            if not starred:
                ctx.out("*\n")
                starred = True
            continue
        previous, starred = chunk, False
        cells = "".join(od_cell(kind, chunk, i) for i in range(0, len(chunk), step))
        ctx.out(("" if radix == "n" else od_address(radix, offset)) + cells + "\n")
    if radix != "n":
        ctx.out(od_address(radix, len(data)) + "\n")
    return status
    yield


def od_address(radix, offset):
    return {"d": f"{offset:07d}", "x": f"{offset:06x}"}.get(radix, f"{offset:07o}")
