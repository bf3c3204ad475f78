"""The notebook's terminal: `%load_ext engine` gives `%kubectl`, `%%kubectl` (one command per line,
`sleep N` advances virtual time), `%%apply` and `%%edit`, all run against the session's current Cluster."""
import shlex
import sys

from . import session


def run_script(cluster, text, out=None, err=None):
    """Run a `%%kubectl` cell: a command per line; blank lines and `#` comments are skipped; a line
    `sleep N` advances N virtual seconds. Each command's output is printed as a terminal shows it."""
    out, err = out or sys.stdout, err or sys.stderr
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.split()[0] == "sleep":
            message = _sleep(cluster, line)
            if message:
                err.write(message)
            continue
        result = run_command(cluster, line)
        background(cluster, out)
        show(result, out, err)


WORKSTATION_TOOLS = ("curl", "wget")


def run_command(cluster, line):
    """A kubectl line, or `curl`/`wget` run on the learner's workstation (outside the cluster). A trailing `&`
    (`kubectl port-forward svc/web 8080:80 &`, as tutorials write it) is dropped: port-forward and proxy
    return at once and keep serving anyway."""
    line = line[:-1].rstrip() if line.endswith("&") and not line.endswith("&&") else line
    if line.split()[0] in WORKSTATION_TOOLS:
        return cluster.workstation.run(line)
    return cluster.kubectl(line)


def background(cluster, out=None):
    """What the background kubectl processes (port-forward, proxy) printed meanwhile, as a terminal shows it."""
    workstation = getattr(cluster, "workstation", None)
    if workstation is not None:
        (out or sys.stdout).write(workstation.output())


def show(result, out=None, err=None):
    (out or sys.stdout).write(result.stdout)
    (err or sys.stderr).write(result.stderr)


def _sleep(cluster, line):
    """`sleep 30`, `sleep 1.5`, `sleep 2m` as coreutils' sleep reads them; an error message or ''."""
    try:
        words = shlex.split(line)[1:]
    except ValueError as e:
        return f"sleep: {e}\n"
    if not words:
        return "sleep: missing operand\n"
    total = 0.0
    for word in words:
        unit = {"s": 1, "m": 60, "h": 3600, "d": 86400}.get(word[-1:], None)
        number = word[:-1] if unit else word
        try:
            seconds = float(number) * (unit or 1)
        except ValueError:
            return f"sleep: invalid time interval '{word}'\n"
        if seconds < 0 or seconds != seconds:
            return f"sleep: invalid time interval '{word}'\n"
        total += seconds
    cluster.advance(total)
    return ""


def load_ipython_extension(ipython):
    from IPython.core.magic import register_cell_magic, register_line_cell_magic

    @register_line_cell_magic
    def kubectl(line, cell=None):
        """%kubectl get pods  |  %%kubectl with a command per line (sleep N advances virtual time).

        A cell is not a terminal: `exec -it`, `run -it`, `attach -it` and `debug -it` print kubectl's
        "Unable to use a TTY" warning and get an empty stdin. Run commands in a container with
        `exec POD -- sh -c '...'`, send lines with `c.kubectl("exec -i POD -- sh", stdin="ls\\nexit\\n")`,
        or open its prompt in a terminal with `python -m engine`."""
        cluster = session.current()
        if cell is None or line.strip():
            result = cluster.kubectl(line)
            background(cluster)
            show(result)
        if cell is not None:
            run_script(cluster, cell)

    @register_cell_magic
    def apply(line, cell):
        """%%apply [flags]: the cell is a YAML (or JSON) manifest, applied as `kubectl apply -f - [flags]`."""
        try:
            flags = shlex.split(line)
        except ValueError as e:
            sys.stderr.write(f"error: {e}\n")
            return
        show(session.current().kubectl(["apply", "-f", "-", *flags], stdin=cell))

    @register_cell_magic
    def edit(line, cell):
        """%%edit deploy/web [flags]: `kubectl edit` saving the cell (the object's YAML as you want it);
        %%edit apply edit-last-applied deploy/web: the same for its last-applied-configuration."""
        try:
            args = shlex.split(line)
        except ValueError as e:
            sys.stderr.write(f"error: {e}\n")
            return
        command = args if args[:2] == ["apply", "edit-last-applied"] else ["edit", *args]  # or the annotation
        show(session.current().kubectl(command, editor=lambda text: cell))

    del kubectl, apply, edit
