"""tar, as `kubectl cp` drives it (`tar cf - PATH`, `tar --no-same-permissions --no-same-owner -xmf - -C DIR`,
`tar tf -`). Archives travel through the text streams as latin-1 strings, one character per byte."""
import io
import posixpath
import tarfile

from ...runtime.context import program
from ...runtime.fs import FsError
from .common import BUSYBOX_USAGE, gnu


def _add(ctx, archive, path, arcname):
    node = ctx.fs.node(path, follow=False)
    info = tarfile.TarInfo(arcname)
    info.mode, info.mtime = node.mode, int(ctx.clock.datetime(node.mtime).timestamp())
    info.uname = info.gname = "root"
    if node.kind == "dir":
        info.type = tarfile.DIRTYPE
        archive.addfile(info)
        for name in ctx.fs.listdir(path):
            _add(ctx, archive, posixpath.join(path, name), posixpath.join(arcname, name))
    elif node.kind == "link":
        info.type, info.linkname = tarfile.SYMTYPE, node.target
        archive.addfile(info)
    else:
        data = node.data.encode("latin-1", errors="replace") if _is_binary(node.data) else node.data.encode()
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))


def _is_binary(text):
    """Files written from a tar stream keep their bytes as latin-1 characters."""
    return all(ord(ch) <= 0xFF for ch in text) and any(0x80 <= ord(ch) <= 0xFF for ch in text)


def _options(args):
    mode, archive_name, directory, members, verbose = None, None, None, [], False
    rest = list(args)
    if rest and not rest[0].startswith("-") and set(rest[0]) <= set("cxtvfmzpO"):
        rest[0] = "-" + rest[0]  # `tar cf ...` without a dash
    while rest:
        arg = rest.pop(0)
        if arg in ("--no-same-permissions", "--no-same-owner"):
            continue
        if arg == "-C" and rest:
            directory = rest.pop(0)
        elif arg.startswith("-") and len(arg) > 1:
            for i, letter in enumerate(arg[1:]):
                if letter in "cxt":
                    mode = letter
                elif letter == "v":
                    verbose = True
                elif letter == "f":
                    archive_name = arg[i + 2:] or (rest.pop(0) if rest else "")
                    break
                elif letter == "C":
                    directory = arg[i + 2:] or (rest.pop(0) if rest else "")
                    break
        else:
            members.append(arg)
    return mode, archive_name, directory, members, verbose


@program("tar")
def tar(ctx, argv):
    mode, archive_name, directory, members, verbose = _options(argv[1:])
    if mode is None:
        ctx.err(BUSYBOX_USAGE.format(
            "tar c|x|t [-ZzJjahmvokO] [-f TARFILE] [-C DIR] [-T FILE] [-X FILE] [LONGOPT]... [FILE]..."))
        return 1
    base = ctx.path(directory) if directory else ctx.cwd
    if mode == "c":
        buffer = io.BytesIO()
        if any(m.startswith("/") for m in members):
            ctx.err("tar: Removing leading `/' from member names\n" if gnu(ctx)
                    else "tar: removing leading '/' from member names\n")
        with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
            for member in members:
                path = posixpath.normpath(posixpath.join(base, member))
                try:
                    _add(ctx, archive, path, member.lstrip("/") or ".")
                except FsError as err:
                    ctx.err(f"tar: {member}: {err.strerror}\n")
                    return 1
                if verbose:
                    ctx.err(member + "\n")
        data = buffer.getvalue().decode("latin-1")
        if archive_name in (None, "-"):
            ctx.out(data)
        else:
            ctx.fs.write(ctx.path(archive_name), data)
        return 0
    try:
        raw = ctx.read_all() if archive_name in (None, "-") else ctx.fs.read(ctx.path(archive_name))
    except FsError as err:
        ctx.err(f"tar: can't open '{archive_name}': {err.strerror}\n")
        return 1
    try:
        archive = tarfile.open(fileobj=io.BytesIO(raw.encode("latin-1", errors="replace")), mode="r:*")
        entries = archive.getmembers()
    except (tarfile.TarError, EOFError):
        ctx.err("tar: invalid tar magic\n")
        return 1
    for entry in entries:
        if mode == "t":
            ctx.out(entry.name + ("/" if entry.isdir() else "") + "\n")
            continue
        target = posixpath.normpath(posixpath.join(base, entry.name))
        try:
            if entry.isdir():
                ctx.fs.mkdir(target, parents=True)
            elif entry.isfile():
                ctx.fs.mkdir(posixpath.dirname(target), parents=True)
                data = archive.extractfile(entry).read()
                try:
                    text = data.decode()
                except UnicodeDecodeError:
                    text = data.decode("latin-1")
                ctx.fs.write(target, text, mode=entry.mode & 0o777)
        except FsError as err:
            ctx.err(f"tar: can't create '{target}': {err.strerror}\n" if err.errno != "EROFS"
                    else f"tar: can't open '{entry.name}': Read-only file system\n")
            return 1
        if verbose:
            ctx.out(entry.name + "\n")
    return 0
    yield
