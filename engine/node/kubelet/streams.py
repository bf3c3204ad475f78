"""The kubelet's streaming server: an exec or attach kept open for kubectl in a terminal. kubectl sends
stdin a line at a time and reads output as it is written; virtual time runs only while it waits for them."""
from ..runtime.process import Input


class Session:
    """One open stream to a process. `run(seconds)` moves the clock until the process waits for input
    (a shell at its prompt), ends, or `seconds` pass; `output()` is what it wrote since the last call."""

    def __init__(self, clock, process, stdin, tty):
        self.clock, self.process, self.stdin, self.tty = clock, process, stdin, tty

    @property
    def done(self):
        return self.process is None or self.process.done

    @property
    def exit_code(self):
        return 126 if self.process is None else self.process.exit_code

    @property
    def waiting(self):
        """The process is blocked reading stdin."""
        return self.stdin.waiter is not None and not self.stdin.closed

    def run(self, seconds):
        self.clock.run_until(lambda: self.done or self.waiting, seconds)

    def send(self, text):
        self.stdin.feed(text)

    def end_input(self):
        """Ctrl-D: on a TTY the program reading sees the end of input once (a shell exits, `cat` stops);
        without one kubectl closes the stream."""
        if self.tty:
            self.stdin.end_of_file()
        else:
            self.stdin.close()

    def interrupt(self):
        """Ctrl-C in a terminal: a shell at a terminal drops its running command, another program gets SIGINT."""
        if not self.done:
            self.process.interrupt()

    def close(self):
        pass


class ExecSession(Session):
    """`kubectl exec -i`: a new process in the container with its own open stdin."""

    def __init__(self, clock, container, command, tty):
        stdin = Input("", open=True)
        process, out, err = container.exec(list(command), stdin=stdin, tty=tty)
        if tty and process is not None:
            process.ctx.stderr = out  # a pty: stderr and stdout are one stream
        super().__init__(clock, process, stdin, tty)
        self.streams, self.shown = (out, err), [0, 0]

    def output(self):
        texts = []
        for i, stream in enumerate(self.streams):
            text = stream.text
            texts.append(text[self.shown[i]:])
            self.shown[i] = len(text)
        return texts[0], texts[1]


class AttachSession(Session):
    """`kubectl attach -i`: the container's main process, its stdin and its log. With a TTY the line being
    edited (the prompt) is redrawn when kubectl attaches, as a shell does on the resize kubectl sends."""

    def __init__(self, clock, container, tty):
        super().__init__(clock, container.main, container.stdin, tty)
        self.log, self.lines = container.log, []
        self.follow = self.lines.append
        self.log.followers.append(self.follow)
        self.partial = {s: "" if tty else self.log.pending(s) for s in ("stdout", "stderr")}

    def output(self):
        texts = {"stdout": [], "stderr": []}
        for _, stream, line in self.lines:
            text = line + "\n"
            if self.partial[stream]:  # the line's beginning was shown already
                text, self.partial[stream] = text[len(self.partial[stream]):], ""
            texts[stream].append(text)
        self.lines.clear()
        for stream in texts:
            pending = self.log.pending(stream)
            texts[stream].append(pending[len(self.partial[stream]):])
            self.partial[stream] = pending
        return "".join(texts["stdout"]), "".join(texts["stderr"])

    def send(self, text):
        if self.tty:  # the pty echoes what is typed into the container's output (kubectl logs shows it);
            self.log.write("stdout", text, self.clock.now)  # the learner's terminal has shown it already
            self.output()
        super().send(text)

    def close(self):
        if self.follow in self.log.followers:
            self.log.followers.remove(self.follow)
