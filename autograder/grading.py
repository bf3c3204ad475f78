"""What test cells call: `score` (hidden tests: prints feedback, returns the points for nbgrader's
partial credit) and `check` (visible tests: raises AssertionError with the feedback)."""
import contextlib
import multiprocessing
import os
import signal

from . import server, worker

WALL_TIMEOUT = 60  # real seconds one grading run may take


class Grade:
    """Points out of max_points, with feedback lines in Kubernetes terms."""

    def __init__(self, points, max_points, feedback):
        self.points, self.max_points, self.feedback = points, max_points, list(feedback)

    @property
    def full(self):
        return self.points == self.max_points

    def report(self):
        lines = [f"{self.points:g} / {self.max_points:g} points"]
        lines += [f"- {line}" for line in self.feedback]
        if self.full and not self.feedback:
            lines.append("- all checks pass")
        return "\n".join(lines)

    def __repr__(self):
        return f"Grade({self.points!r}, {self.max_points!r}, {self.feedback!r})"


def _context():
    """Grading runs are forked from a fork server that was started afresh (it never ran the learner's
    kernel code) and has imported the engine once, so each run costs a fork, not an import."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["autograder.worker"])
    return context


def grade(answer, spec, timeout=WALL_TIMEOUT):
    """Grade `answer` (text) against exercise `spec` in a fresh process that imports the engine
    itself, so nothing the learner's kernel redefined takes part; bounded in wall time."""
    max_points = sum(part.get("points", 1) for part in spec["checks"])
    if os.environ.get(server.ENV):
        result, timed_out, exitcode = _on_server(spec, answer, timeout)
    else:
        result, timed_out, exitcode = _forked(spec, answer, timeout)
    if timed_out:
        return Grade(0, max_points, [f"grading stopped: your answer ran for more than {timeout:g} s of "
                                     f"real time, so this exercise scores zero"])
    if result is None:
        return Grade(0, max_points, [f"the grading run failed (exit code {exitcode}), so this "
                                     f"exercise scores zero"])
    return Grade(result["points"], result["max_points"], result["feedback"])


def _forked(spec, answer, timeout):
    """(result or None, timed out, exit code) of a run forked from this kernel's own fork server."""
    context = _context()
    receive, send = context.Pipe(duplex=False)
    run = context.Process(target=worker.run_and_send, args=(spec, answer, send), daemon=True)
    run.start()
    send.close()
    result, timed_out = _receive(receive, timeout)
    run.join(0 if timed_out else 1)
    if run.is_alive():
        run.kill()
        run.join()
    return result, timed_out, run.exitcode


def _on_server(spec, answer, timeout):
    """(result or None, timed out, exit code) of a run forked by the class run's grading server."""
    receive, pid = server.request(spec, answer)
    result, timed_out = _receive(receive, timeout)
    if timed_out:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return result, timed_out, "unknown"


def _receive(receive, timeout):
    timed_out = not receive.poll(timeout)
    try:
        result = None if timed_out else receive.recv()
    except EOFError:  # the run died without a word
        result = None
    receive.close()
    return result, timed_out


def score(answer, spec, timeout=WALL_TIMEOUT):
    """For hidden test cells: print the grade and feedback, return the points (a float) that
    nbgrader reads from the cell's result as partial credit."""
    result = grade(answer, spec, timeout)
    print(result.report())
    return float(result.points)


def check(answer, spec, timeout=WALL_TIMEOUT):
    """For visible test cells: pass quietly (with a note) or raise AssertionError with the feedback
    (a command that failed or a manifest kubectl refused fails the check too)."""
    result = grade(answer, spec, timeout)
    if not result.full or result.feedback:
        raise AssertionError("\n" + result.report())
    print("the visible checks pass (hidden tests decide the grade)")
