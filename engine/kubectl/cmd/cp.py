"""`kubectl cp SRC DEST` between the host's working folder and a container, driven as kubectl drives it:
`test -d` then `tar -xmf - -C DIR` through pods/exec to a pod, `tar cf - PATH` from one. On the host
only the working folder (where kubectl runs) is read or written: paths leading outside it are refused."""
import io
import os
import posixpath
import tarfile

from ...api.errors import ApiError
from ..errors import CmdError, RawError
from ..flags import Flag
from . import Command
from .pods import default_container

FLAGS = [Flag("container", "c"), Flag("no-preserve", kind="bool"), Flag("retries", kind="int", default=0)]
SPEC_FORMAT = "filespec must match the canonical format: [[namespace/]pod:]file/path"


class ExitError(RawError):
    """The exec'd tar failed: kubectl reports the exit code and exits with it."""

    def __init__(self, code):
        super().__init__(f"command terminated with exit code {code}")
        self.exit_code = code


def run(ctx):
    if len(ctx.args) != 2:
        raise CmdError("source and destination are required")
    src, dest = _file_spec(ctx.args[0]), _file_spec(ctx.args[1])
    if src[1] and dest[1]:
        raise CmdError("one of src or dest must be a local file specification")
    if not src[2] or not dest[2]:
        raise CmdError("filepath can not be empty")
    if not src[1] and not dest[1]:
        raise CmdError("one of src or dest must be a remote file specification")
    try:
        return _from_pod(ctx, src, dest[2]) if src[1] else _to_pod(ctx, src[2], dest)
    except OSError as e:  # the host refused a read or write: Go's *PathError wording
        raise CmdError(f"open {e.filename}: {(e.strerror or str(e)).lower()}")


def _file_spec(arg):
    """extractFileSpec: (namespace, pod, path); a local path has no pod."""
    i = arg.find(":")
    if i == 0:
        raise CmdError(SPEC_FORMAT)
    if i < 0:
        return "", "", arg
    pod, path = arg[:i], arg[i + 1:]
    pieces = pod.split("/")
    if len(pieces) > 2:
        raise CmdError(SPEC_FORMAT)
    return (pieces[0] if len(pieces) == 2 else ""), pieces[-1], path


def inside_working_folder(path):
    """The host path, which must stay inside the working folder (symlinks followed)."""
    root = os.path.realpath(os.getcwd())
    full = os.path.realpath(os.path.join(root, path))
    if full != root and not full.startswith(root + os.sep):
        raise CmdError(f'"{path}" is outside the working folder: kubectl in this simulated cluster only '
                       "reads and writes files inside the folder it runs in")
    return full


def _exec(ctx, namespace, pod_name, command, stdin=None):
    namespace = namespace or ctx.namespace
    pod = ctx.api.get("pods", pod_name, namespace)
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise CmdError(f"cannot exec into a container in a completed pod; current phase is {phase}")
    container = ctx.opts["container"] or default_container(ctx, pod)
    try:
        return ctx.api.pod_exec(pod_name, command, namespace, container, stdin=stdin)
    except ApiError as e:
        if e.code == 500:
            raise CmdError(f"unable to upgrade connection: {e.message}")
        raise


# ---- host -> container
def _to_pod(ctx, local, dest):
    namespace, pod, remote = dest
    source = inside_working_folder(local)
    if not os.path.lexists(source):
        raise CmdError(f"{local} doesn't exist in local filesystem")
    try:
        _, _, code = _quiet_exec(ctx, namespace, pod, ["test", "-d", remote])
        if code == 0:
            remote = posixpath.join(remote, posixpath.basename(posixpath.normpath(local)))
    except (ApiError, CmdError):
        pass
    remote = posixpath.normpath(remote) if remote not in ("", ".") else remote
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        _add(archive, source, posixpath.basename(remote))
    command = ["tar", "--no-same-permissions", "--no-same-owner", "-xmf", "-"] if ctx.opts["no-preserve"] \
        else ["tar", "-xmf", "-"]
    directory = posixpath.dirname(remote)
    if directory:
        command += ["-C", directory]
    out, err, code = _exec(ctx, namespace, pod, command, stdin=buffer.getvalue().decode("latin-1"))
    ctx.io.write(out)
    ctx.io.error(err)
    if code:
        raise ExitError(code)
    return 0


def _quiet_exec(ctx, namespace, pod, command):
    """checkDestinationIsDir: its output is discarded (the Defaulted container line too)."""
    saved = ctx.io.err
    ctx.io.err = []
    try:
        return _exec(ctx, namespace, pod, command)
    finally:
        ctx.io.err = saved


def _add(archive, path, name):
    """recursiveTar: a directory's files under `name`, an empty directory as itself."""
    if os.path.isdir(path) and not os.path.islink(path):
        entries = sorted(os.listdir(path))
        if not entries:
            archive.add(path, arcname=name, recursive=False)
        for entry in entries:
            _add(archive, os.path.join(path, entry), posixpath.join(name, entry))
        return
    inside_working_folder(os.path.relpath(path))  # a symlink inside the folder may not lead out of it
    archive.add(path, arcname=name, recursive=False)


# ---- container -> host
def _from_pod(ctx, src, local):
    namespace, pod, remote = src
    dest = inside_working_folder(local)
    out, err, code = _exec(ctx, namespace, pod, ["tar", "cf", "-", remote])
    ctx.io.write(err)  # TarPipe hands tar's stderr to kubectl's stdout
    if code:
        raise ExitError(code)
    prefix = _strip_shortcuts(posixpath.normpath(remote.strip("/") or ".") if remote.strip("/") else "")
    try:
        archive = tarfile.open(fileobj=io.BytesIO(out.encode("latin-1", errors="replace")), mode="r:")
        members = archive.getmembers()
    except (tarfile.TarError, EOFError):
        return 0
    warned = False
    for member in members:
        if not member.name.startswith(prefix):
            raise CmdError("tar contents corrupted")
        target = os.path.normpath(os.path.join(dest, member.name[len(prefix):].lstrip("/")))
        shown = os.path.join(local, member.name[len(prefix):].lstrip("/")) if member.name[len(prefix):] else local
        if target != dest and not target.startswith(dest + os.sep):
            ctx.io.error(f'warning: file "{shown}" is outside target destination, skipping\n')
            continue
        inside_working_folder(target)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if member.isdir():
            os.makedirs(target, exist_ok=True)
            continue
        if member.issym():
            if not warned:
                warned = True
                ctx.io.error(f'warning: skipping symlink: "{shown}" -> "{member.linkname}" (consider using "kubectl exec '
                             f'-n "{namespace or ctx.namespace}" "{pod}" -- tar cf - "{remote}" | tar xf -")\n')
            else:
                ctx.io.error(f'warning: skipping symlink: "{shown}" -> "{member.linkname}"\n')
            continue
        if os.path.isdir(target):  # os.Create on a folder (`kubectl cp pod:/etc/hostname .`)
            raise CmdError(f"open {shown}: is a directory")
        with open(target, "wb") as f:
            f.write(archive.extractfile(member).read())
    return 0


def _strip_shortcuts(path):
    """stripPathShortcuts: leading `../` and `./` (and a lone `.` or `..`) removed."""
    trimmed = path
    while trimmed.startswith("../") or trimmed.startswith("./"):
        trimmed = trimmed[3:] if trimmed.startswith("../") else trimmed[2:]
    return "" if trimmed in (".", "..") else trimmed


COMMAND = Command("cp", run, FLAGS)
