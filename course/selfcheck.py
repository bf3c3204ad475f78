"""Self-check helpers for the lessons: `check` tells a learner whether an answer is right, `check_command`
runs a kubectl command on a scratch cluster and checks what it did. Ungraded; `...` means "not answered yet"."""
import engine
from engine import Cluster

NOT_YET = "Not answered yet: replace ... with your answer and run this cell again."


def check(answer, correct, hint=""):
    """`correct` is the expected value or a function of the answer; prints Correct! or fails with the hint."""
    if answer is ...:
        print(NOT_YET)
        return
    ok = correct(answer) if callable(correct) else _same(answer, correct)
    assert ok, f"Not quite. {hint}".strip()
    print("Correct!")


def check_command(command, correct, hint="", setup=(), seconds=30):
    """Run `setup` and then the learner's kubectl `command` on a fresh one-worker cluster, let `seconds`
    of virtual time pass, and check `correct(cluster)`. The lesson's own cluster stays current."""
    if command is ...:
        print(NOT_YET)
        return
    lesson_cluster = engine.current()
    scratch = Cluster(workers=1)
    try:
        for line in setup:
            _run(scratch, line)
        result = _run(scratch, command)
        print(result.stdout + result.stderr, end="")
        scratch.advance(seconds)
        assert result.exit_code == 0 and correct(scratch), f"Not quite. {hint}".strip()
    finally:
        engine.use(lesson_cluster)
    print("Correct!")


def _run(cluster, line):
    if isinstance(line, (int, float)):
        cluster.advance(line)
        return None
    line = line.strip()
    return cluster.kubectl(line[len("kubectl "):] if line.startswith("kubectl ") else line)


def _same(answer, correct):
    if isinstance(correct, str) and isinstance(answer, str):
        return answer.strip().lower() == correct.lower()
    return answer == correct
