"""Autograding N submissions of one assignment (default 30 of 02-pods: solutions, blank releases and
partly wrong answers in turn), side by side: plain `nbgrader autograde` and `python -m autograder autograde`.

    .venv/bin/python benchmarks/bench_autograder.py [--submissions 30] [--assignment 02-pods] [--jobs N]

Each runs on its own temporary copy of the course (nothing is left in the repository); prints a
markdown table of wall time, seconds per submission and CPU time (the grader and every process under
it: nbgrader, kernels, grading runs; sampled) and checks that both gradebooks hold the same scores."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

import nbformat
from nbgrader.api import Gradebook

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)
TICKS = os.sysconf("SC_CLK_TCK")


def run(course, *command):
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    subprocess.run(command, cwd=course, env=env, check=True, capture_output=True)


def partly_wrong(release):
    """The released notebook with the first answer cell's stub replaced by an answer that runs."""
    wrong = nbformat.from_dict(release)
    cell = next(c for c in wrong.cells if c.metadata.get("nbgrader", {}).get("solution"))
    cell.source = cell.source.split("\n", 1)[0] + "\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n" \
        "spec:\n  containers:\n  - name: web\n    image: nginx:1.27\n"
    return wrong


def make_course(folder, assignment, submissions):
    """A course copy with the assignment released (gradebook included) and N submissions."""
    os.makedirs(folder)
    shutil.copy(os.path.join(ROOT, "nbgrader_config.py"), folder)
    shutil.copytree(os.path.join(ROOT, "solutions", assignment), os.path.join(folder, "solutions", assignment))
    run(folder, sys.executable, "-m", "autograder", "release", assignment)
    solution = nbformat.read(os.path.join(folder, "solutions", assignment, f"{assignment}.ipynb"), 4)
    release = nbformat.read(os.path.join(folder, "exercises", assignment, f"{assignment}.ipynb"), 4)
    kinds = (solution, release, partly_wrong(release))
    for number in range(submissions):
        target = os.path.join(folder, "submitted", f"student{number:02d}", assignment)
        os.makedirs(target)
        nbformat.write(kinds[number % 3], os.path.join(target, f"{assignment}.ipynb"))


def process_times():
    """{(pid, start tick): (parent pid, CPU seconds)} of every process now running."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        found[(int(pid), fields[19])] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS)
    return found


def timed(course, *command):
    """(wall s, CPU s) of the command and all its descendants: processes are sampled every 0.2 s, as the
    grading runs forked by each kernel's fork server are never waited for (os.times misses them)."""
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    start = time.monotonic()
    log = tempfile.TemporaryFile()  # (a pipe nobody drains while sampling would block a chatty grader)
    process = subprocess.Popen(command, cwd=course, env=env, stdout=subprocess.DEVNULL, stderr=log)
    family, cpu = {process.pid}, {}
    while process.poll() is None:
        for (pid, started), (parent, seconds) in process_times().items():
            if pid in family or parent in family:
                family.add(pid)
                cpu[pid, started] = seconds
        time.sleep(0.2)
    wall = time.monotonic() - start
    if process.returncode:
        log.seek(0)
        raise SystemExit(f"{command} failed: {log.read().decode()[-2000:]}")
    return wall, sum(cpu.values())


def scores(course, assignment):
    with Gradebook(f"sqlite:///{course}/gradebook.db") as gradebook:
        return {s.student_id: s.score for s in gradebook.find_assignment(assignment).submissions}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=30)
    parser.add_argument("--assignment", default="02-pods")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    rows, results = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, command in (("plain `nbgrader autograde`", [os.path.join(BIN, "nbgrader"), "autograde"]),
                              (f"`python -m autograder autograde --jobs {args.jobs}`",
                               [sys.executable, "-m", "autograder", "autograde", f"--jobs={args.jobs}"])):
            course = os.path.join(tmp, str(len(rows)))
            make_course(course, args.assignment, args.submissions)
            wall, cpu = timed(course, *command, args.assignment)
            results[name] = scores(course, args.assignment)
            rows.append(f"| {name} | {args.submissions} | {wall:.1f} | {wall / args.submissions:.2f} | "
                        f"{cpu:.1f} | {cpu / args.submissions:.2f} |")
    first, second = results.values()
    assert first == second and len(first) == args.submissions, "the two runs graded differently"
    print(f"{args.submissions} submissions of {args.assignment} ({len(set(first.values()))} distinct scores: "
          f"{', '.join(f'{s:g}' for s in sorted(set(first.values())))}); {os.cpu_count()} CPUs\n")
    print("| grader | submissions | wall s | wall s/submission | CPU s | CPU s/submission |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
