"""The grading run, in a fresh process forked by autograder.grading: builds the exercise's fixture
cluster, applies or runs the learner's answer (text), advances virtual time and runs the checks."""
import contextlib
import io
import json
import shlex

from .answers import value_text
from .checks import CHECKS

MAX_SLEEP = 600         # virtual seconds a command list may sleep in all
MAX_COMMANDS = 100      # command lines graded per answer
MAX_ANSWER_CHARS = 200_000
MAX_MESSAGE_CHARS = 600  # of any one feedback line
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class Context:
    """What checks see: the cluster after the answer ran, and the answer's text."""

    def __init__(self, cluster, answer):
        self.cluster, self.answer = cluster, answer


def _short(text):
    text = text.strip()
    return text if len(text) <= MAX_MESSAGE_CHARS else text[:MAX_MESSAGE_CHARS] + " ..."


def build_fixture(fixture):
    """A fresh cluster with the fixture's objects applied, commands run, etcd members stopped or cut
    apart (`etcd_members`, `etcd_stop`: names, `etcd_partition`: groups of names) and time advanced."""
    from engine import Cluster
    cluster = Cluster(workers=fixture.get("workers", 1), seed=fixture.get("seed", 0),
                      etcd_members=fixture.get("etcd_members", 1))
    for manifest in fixture.get("manifests", ()):
        result = cluster.kubectl(["apply", "-f", "-"], stdin=manifest)
        if result.exit_code:
            raise RuntimeError(f"the exercise's fixture does not apply: {result.stderr}")
    for command in fixture.get("commands", ()):
        cluster.kubectl(command)
    for member in fixture.get("etcd_stop", ()):
        cluster.etcd.stop(member)
    if fixture.get("etcd_partition"):
        cluster.etcd.partition(*fixture["etcd_partition"])
    cluster.advance(fixture.get("advance", 0))
    return cluster


def apply_manifest(cluster, text):
    """`kubectl apply -f -` with the answer; feedback lines for what kubectl refused."""
    if not text.strip():
        return ["your manifest is empty"]
    result = cluster.kubectl(["apply", "-f", "-"], stdin=text)
    return [f"kubectl apply -f your manifest said: {_short(result.stderr)}"] if result.exit_code else []


def sleep_seconds(words):
    """`sleep 30`, `sleep 2m`, `sleep 1 30s` as coreutils' sleep reads them (ValueError if not)."""
    if not words:
        raise ValueError("sleep: missing operand")
    total = 0.0
    for word in words:
        unit = UNITS.get(word[-1:])
        number = float(word[:-1] if unit else word) * (unit or 1)
        if not number >= 0:
            raise ValueError(f"sleep: invalid time interval '{word}'")
        total += number
    return total


def run_commands(cluster, text, max_sleep=MAX_SLEEP):
    """Run the answer's command lines (`kubectl ...`, `sleep N`); feedback lines for lines that failed."""
    feedback, slept, count = [], 0.0, 0
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line.startswith("$"):
            line = line[1:].strip()
        if not line or line.startswith("#"):
            continue
        count += 1
        if count > MAX_COMMANDS:
            feedback.append(f"only the first {MAX_COMMANDS} command lines are graded")
            break
        try:
            words = shlex.split(line)
        except ValueError as e:
            feedback.append(f"line {number}: {e}")
            continue
        if words[0] == "sleep":
            try:
                seconds = sleep_seconds(words[1:])
            except ValueError as e:
                feedback.append(f"line {number}: {_short(str(e)) or 'sleep: invalid time interval'}")
                continue
            if slept + seconds > max_sleep:
                feedback.append(f"line {number}: your sleeps add up to more than {max_sleep} s of virtual "
                                f"time; grading went on after {max_sleep} s")
                seconds = max_sleep - slept
            slept += seconds
            cluster.advance(seconds)
            continue
        if words[0] != "kubectl":
            feedback.append(f"line {number} is not a kubectl command (nor sleep): {_short(line)}")
            continue
        result = cluster.kubectl(words)
        if result.exit_code:
            feedback.append(f"line {number} ({_short(line)}) failed: {_short(result.stderr)}")
    return feedback


def run_answer(spec, text):
    """Feedback lines from running the answer of the spec's kind on a fresh fixture; the context."""
    cluster = build_fixture(spec.get("fixture", {}))
    kind = spec.get("kind", "manifest")
    try:
        if kind == "manifest":
            feedback = apply_manifest(cluster, text)
        elif kind == "commands":
            feedback = run_commands(cluster, text, spec.get("max_sleep", MAX_SLEEP))
        else:
            feedback, text = [], value_text(text)
    except Exception as e:  # the engine choking on an answer is the answer's zero, never the grader's crash
        feedback = [f"running your answer failed: {type(e).__name__}: {_short(str(e))}"]
    cluster.advance(spec.get("settle", 60))
    return feedback, Context(cluster, text)


def run_checks(spec, ctx):
    """(points, max_points, feedback lines) of the spec's checks."""
    points = max_points = 0
    feedback = []
    for part in spec["checks"]:
        max_points += part.get("points", 1)
        try:
            problems = CHECKS[part["check"]](ctx, **part.get("args", {}))
        except Exception as e:
            problems = [f"this part could not be checked ({type(e).__name__}); it scores zero"]
        if problems:
            feedback.extend(_short(p) for p in problems if _short(p) not in feedback)
        else:
            points += part.get("points", 1)
    return points, max_points, feedback


def grade(spec, text):
    """Grade answer `text` against exercise `spec`: {"points", "max_points", "feedback"}."""
    if not isinstance(text, str):
        text = json.dumps(text) if not isinstance(text, (int, float)) else str(text)
    max_points = sum(part.get("points", 1) for part in spec["checks"])
    if len(text) > MAX_ANSWER_CHARS:
        return {"points": 0, "max_points": max_points,
                "feedback": [f"your answer is longer than {MAX_ANSWER_CHARS} characters"]}
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        answer_feedback, ctx = run_answer(spec, text)
        points, max_points, check_feedback = run_checks(spec, ctx)
    return {"points": points, "max_points": max_points, "feedback": answer_feedback + check_feedback}


def run_and_send(spec, text, connection):
    """The forked grading run: grade, send the result back, exit."""
    try:
        result = grade(spec, text)
    except Exception as e:  # the fixture or the grader itself broke: say so, never hang the caller
        result = {"points": 0, "max_points": sum(part.get("points", 1) for part in spec["checks"]),
                  "feedback": [f"the grading run failed ({type(e).__name__}), so this exercise scores zero"]}
    connection.send(result)
    connection.close()

