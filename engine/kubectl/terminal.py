"""kubectl's stdin as a terminal: `exec -it`, `attach -it`, `run -it` and `debug -it` in the
`python -m engine` shell open a session and relay lines between the learner and the container."""
from ..api.streaming import Stream

STEP = 1.0  # virtual seconds run between looks at the terminal while a command runs (Ctrl-C, output)
LIMIT = 24 * 3600.0  # a command that never asks for input again ends the session after a virtual day


def is_terminal(stdin):
    """term.IsTerminal: a text stdin (a notebook, Cluster.kubectl(stdin=...)) is not one."""
    isatty = getattr(stdin, "isatty", None)
    return bool(isatty and isatty())


def live(ctx):
    """From a terminal kubectl prints as it goes: what it says before a session shows first, and its
    stdout and stderr lines keep their order."""
    term = ctx.io.stdin
    if is_terminal(term):
        ctx.io.write, ctx.io.error = term.write, term.error


def stream(tty):
    """What kubectl passes as stdin to pods/exec and pods/attach to get a live session back."""
    return Stream(tty=tty)


def interact(ctx, session):
    """Relay between kubectl's terminal and an open session until the process ends or stdin closes and it
    stops; returns its exit code (None when it still runs: after LIMIT, or a second Ctrl-C it ignored)."""
    term = ctx.io.stdin
    _flush(ctx.io, term)
    busy, interrupts = 0.0, 0
    try:
        with term.session():
            while True:
                session.run(STEP)
                out, err = session.output()
                prompt = ""
                if session.waiting and not session.done:  # the last line is the prompt: typing continues it
                    head, newline, prompt = out.rpartition("\n")
                    out = head + newline
                term.write(out)
                term.error(err)
                if session.done:
                    term.write(prompt)
                    return session.exit_code
                if term.interrupted():
                    interrupts += 1
                    if interrupts > 1:  # the program ignores Ctrl-C: a second one detaches kubectl
                        return None
                    session.interrupt()
                    continue
                if not session.waiting:
                    busy += STEP
                    if busy >= LIMIT:
                        return None
                    continue
                busy, interrupts = 0.0, 0
                _read(term, session, prompt)
    finally:
        session.close()


def _read(term, session, prompt):
    """One line typed at the container's prompt; Ctrl-C discards it (a fresh prompt), Ctrl-D closes stdin."""
    while True:
        try:
            line = term.read_line(prompt)
        except KeyboardInterrupt:
            term.write("\n")
            continue
        if line is None:
            session.end_input()
        else:
            session.send(line + "\n")
        return


def _flush(io, term):
    """What kubectl printed before the session (Defaulted container..., the prompt hint) shows first."""
    term.write("".join(io.out))
    term.error("".join(io.err))
    io.out.clear()
    io.err.clear()
