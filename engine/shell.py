"""`python -m engine`: a terminal on one simulated cluster. The learner types kubectl command lines
(`sleep N` moves virtual time, `exit` leaves); nothing typed reaches the host's shell."""
import argparse
import shlex
import sys

from .kubectl.cmd.edit import HOST_EDITOR
from .magics import WORKSTATION_TOOLS, _sleep, background, show

BANNER = ("A simulated Kubernetes {version} cluster ({nodes} nodes), in virtual time.\n"
          "Type kubectl commands; `sleep 30` runs 30 virtual seconds; `exit` leaves.\n"
          "curl and wget run on your workstation (172.18.0.1, outside the cluster).\n")


def run_line(cluster, line, out, err):
    """Run one typed line; returns False when the shell should end."""
    try:
        words = shlex.split(line)
    except ValueError as e:
        err.write(f"bash: {e}\n")
        return True
    if words and words[-1] == "&":  # a background job: port-forward and proxy return at once anyway
        words = words[:-1]
    if not words:
        return True
    if words[0] in ("exit", "logout"):
        return False
    if words[0] == "sleep":
        err.write(_sleep(cluster, line))
    elif words[0] in WORKSTATION_TOOLS:  # run on the learner's machine, outside the cluster
        result = cluster.workstation.run(words)
        background(cluster, out)
        show(result, out, err)
    elif words[0] == "kubectl":
        result = cluster.kubectl(words, editor=HOST_EDITOR)  # `kubectl edit` opens $KUBE_EDITOR/$EDITOR
        background(cluster, out)
        show(result, out, err)
    else:
        err.write(f"bash: {words[0]}: command not found\n")
    return True


def main(argv=None, stdin=None, out=None, err=None):
    from . import KUBERNETES_VERSION, Cluster
    parser = argparse.ArgumentParser(prog="python -m engine", description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3, help="worker nodes (default 3)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the cluster's random choices")
    options = parser.parse_args(argv)
    stdin, out, err = stdin or sys.stdin, out or sys.stdout, err or sys.stderr
    cluster = Cluster(workers=options.workers, seed=options.seed)
    interactive = stdin.isatty()
    if interactive:
        try:
            import readline  # noqa: F401  (line editing and history for input())
        except ImportError:
            pass
        out.write(BANNER.format(version=KUBERNETES_VERSION, nodes=options.workers + 1))
    while True:
        if interactive:
            try:
                line = input("$ ")
            except (EOFError, KeyboardInterrupt):
                out.write("\n")
                return 0
        else:
            line = stdin.readline()
            if not line:
                return 0
        if not run_line(cluster, line, out, err):
            return 0
