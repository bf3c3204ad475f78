"""`python -m engine`: a terminal on one simulated cluster. The learner types kubectl command lines
(`sleep N` moves virtual time, `exit` leaves); nothing typed reaches the host's shell. `kubectl exec -it`,
`attach -it`, `run -it` and `debug -it` open the container's own prompt until `exit` or Ctrl-D."""
import argparse
import contextlib
import shlex
import signal
import sys

from .completion import Completer
from .kubectl.cmd.edit import HOST_EDITOR
from .magics import WORKSTATION_TOOLS, _sleep, background, show

BANNER = ("A simulated Kubernetes {version} cluster ({nodes} nodes), in virtual time.\n"
          "Type kubectl commands; `sleep 30` runs 30 virtual seconds; `exit` leaves.\n"
          "curl and wget run on your workstation (172.18.0.1, outside the cluster).\n"
          "`kubectl exec -it POD -- sh` opens a shell in the container; `exit` comes back.\n")
INTERACTIVE_VERBS = ("exec", "attach", "run", "debug")  # the verbs that read a terminal (-i/-t)


class Terminal:
    """The learner's terminal as kubectl's stdin (term.IsTerminal is true): lines typed at a container's
    prompt and output shown as it comes. On the real console input() gives line editing and history."""

    def __init__(self, stdin, out, err):
        self.stdin, self.out, self.err = stdin, out, err
        self.console = stdin is sys.stdin
        self._interrupted = False

    def isatty(self):
        return True

    def read_line(self, prompt):
        """A typed line without its newline; None at end of input (Ctrl-D); Ctrl-C raises KeyboardInterrupt."""
        if self.console:
            previous = self._handler(signal.default_int_handler)
            try:
                return input(prompt)
            except EOFError:
                return None
            finally:
                self._handler(previous)
        self.write(prompt)
        line = self.stdin.readline()
        return line.rstrip("\n") if line else None

    def write(self, text):
        if text:
            self.err.flush()
            self.out.write(text)
            self.out.flush()

    def error(self, text):
        if text:
            self.out.flush()
            self.err.write(text)
            self.err.flush()

    def interrupted(self):
        """Was Ctrl-C pressed while the session ran a command (since the last look)?"""
        pressed, self._interrupted = self._interrupted, False
        return pressed

    @contextlib.contextmanager
    def session(self):
        """While a container's prompt is open: Ctrl-C goes to the container, its lines stay out of the
        kubectl prompt's history."""
        readline = sys.modules.get("readline") if self.console else None
        kept = readline.get_current_history_length() if readline else 0
        completer = readline.get_completer() if readline else None
        if readline:  # no completion in the container (readline's default would offer the host's files)
            readline.set_completer(lambda text, state: None)
        previous = self._handler(self._interrupt)
        try:
            yield self
        finally:
            self._handler(previous)
            if readline:
                readline.set_completer(completer)
            while readline and readline.get_current_history_length() > kept:
                readline.remove_history_item(readline.get_current_history_length() - 1)

    def _interrupt(self, signum, frame):
        self._interrupted = True

    def _handler(self, handler):
        if not self.console:
            return None
        try:
            return signal.signal(signal.SIGINT, handler) if handler else None
        except ValueError:  # not the main thread: leave Ctrl-C alone
            return None


def run_line(cluster, line, out, err, terminal=None):
    """Run one typed line; returns False when the shell should end. `terminal` is kubectl's stdin for
    the verbs that can open an interactive session."""
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
        stdin = terminal if any(word in INTERACTIVE_VERBS for word in words[1:]) else None
        result = cluster.kubectl(words, stdin=stdin, editor=HOST_EDITOR)  # `kubectl edit` opens $KUBE_EDITOR/$EDITOR
        background(cluster, out)
        show(result, out, err)
    else:
        err.write(f"bash: {words[0]}: command not found\n")
    return True


def _completion(cluster):
    """Line editing and history for input(), and Tab completing kubectl's words (engine/completion.py)."""
    try:
        import readline
    except ImportError:  # (no readline on this Python: plain input)
        return
    readline.set_completer(Completer(cluster).complete)
    readline.set_completer_delims(" \t\n")  # `deployments.apps/web` and `--show-labels` are one word each
    readline.parse_and_bind("tab: complete")


def main(argv=None, stdin=None, out=None, err=None):
    from . import KUBERNETES_VERSION, Cluster
    parser = argparse.ArgumentParser(prog="python -m engine", description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3, help="worker nodes (default 3)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the cluster's random choices")
    options = parser.parse_args(argv)
    stdin, out, err = stdin or sys.stdin, out or sys.stdout, err or sys.stderr
    cluster = Cluster(workers=options.workers, seed=options.seed)
    terminal = Terminal(stdin, out, err) if stdin.isatty() else None
    if terminal:
        _completion(cluster)
        out.write(BANNER.format(version=KUBERNETES_VERSION, nodes=options.workers + 1))
    while True:
        if terminal:
            try:
                line = terminal.read_line("$ ")
            except KeyboardInterrupt:
                line = None
            if line is None:
                out.write("\n")
                return 0
        else:
            line = stdin.readline()
            if not line:
                return 0
        if not run_line(cluster, line, out, err, terminal):
            return 0
