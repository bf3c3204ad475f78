"""The instructor's command line, `python -m autograder`: release, collect, autograde, feedback and
grades for a course directory, driving nbgrader's apps (no JupyterHub) with the course's nbgrader_config.py."""
import argparse
import concurrent.futures
import csv
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time

from . import kernels, server

CONFIG = "nbgrader_config.py"
EXCEPTION = re.compile(r"([\w.]*(?:Error|Exception)): (.+)")  # a traceback's last line
LAYOUTS = """\
FOLDER holds one folder per student, named by the student's id, with each submitted notebook either
  FOLDER/<student>/<assignment>.ipynb  or  FOLDER/<student>/<assignment>/<assignment>.ipynb
(in the second layout, the other files of FOLDER/<student>/<assignment>/ are collected too)."""


class CLIError(Exception):
    """A problem the instructor can fix, reported as one line."""


class Course:
    """A course directory: its nbgrader_config.py, the folders it names and its gradebook."""

    def __init__(self, root):
        self.root = os.path.abspath(root)
        if not os.path.isdir(self.root):
            raise CLIError(f"no course directory {root}")
        if not os.path.isfile(os.path.join(self.root, CONFIG)):
            raise CLIError(f"{root} is not a course directory: it has no {CONFIG} "
                           f"(run from the repository root or pass --course-dir)")
        from traitlets.config.loader import PyFileConfigLoader
        config = PyFileConfigLoader(CONFIG, path=self.root).load_config().CourseDirectory
        self.source = config.get("source_directory", "source")
        self.release = config.get("release_directory", "release")
        self.db_url = config.get("db_url", "sqlite:///" + os.path.join(self.root, "gradebook.db"))

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def assignments(self):
        """The assignments of the source directory (folders holding a notebook), sorted."""
        source = self.path(self.source)
        names = sorted(os.listdir(source)) if os.path.isdir(source) else []
        return [name for name in names if os.path.isdir(os.path.join(source, name))
                if any(f.endswith(".ipynb") for f in os.listdir(os.path.join(source, name)))]

    def chosen(self, args):
        """The assignments a command names (one, or --all)."""
        known = self.assignments()
        if args.all:
            if not known:
                raise CLIError(f"no assignments in {self.path(self.source)}")
            return known
        if not args.assignment:
            raise CLIError("name an assignment or pass --all")
        if args.assignment not in known:
            raise CLIError(f"unknown assignment {args.assignment!r}: the assignments in "
                           f"{self.source}/ are {', '.join(known) or 'none'}")
        return [args.assignment]

    def students(self, step, assignment):
        """The students with a folder for the assignment under submitted/, autograded/, ..."""
        folder = self.path(step)
        names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
        return [s for s in names if os.path.isdir(os.path.join(folder, s, assignment))]

    def gradebook(self):
        from nbgrader.api import Gradebook
        return Gradebook(self.db_url)


def nbgrader(course, *args):
    """Run an nbgrader app in a subprocess of this interpreter, in the course directory; (ok, output)."""
    bin_dir = os.path.dirname(sys.executable)
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={course.root}"],
                          cwd=course.root, env=env, capture_output=True, text=True)
    return done.returncode == 0, done.stdout + done.stderr


def last_error(output):
    """nbgrader's most telling log line: the exception under its generic "see the traceback" one."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    raised = [match.group(1).rsplit(".", 1)[-1] + ": " + match.group(2) for match in map(EXCEPTION.match, lines)
              if match and not match.group(1).endswith("NbGraderException")]
    errors = [line for line in lines if "[ERROR]" in line]
    return (raised or errors or lines or ["no output"])[-1]


def release(course, args):
    for assignment in course.chosen(args):
        ok, output = nbgrader(course, "generate_assignment", assignment, "--force")
        if not ok:
            raise CLIError(f"generate_assignment {assignment} failed: {last_error(output)}")
        print(f"released {assignment}: {course.release}/{assignment}/")


def submissions(folder):
    """(student, assignment, source path, is_folder) for each submitted notebook in FOLDER."""
    found = []
    for student in sorted(os.listdir(folder)):
        home = os.path.join(folder, student)
        if not os.path.isdir(home) or student.startswith("."):
            continue
        for entry in sorted(os.listdir(home)):
            path = os.path.join(home, entry)
            if entry.endswith(".ipynb") and os.path.isfile(path):
                found.append((student, entry[:-len(".ipynb")], path, False))
            elif os.path.isfile(os.path.join(path, entry + ".ipynb")):
                found.append((student, entry, path, True))
    return found


def collect(course, args):
    folder = args.folder
    if not os.path.isdir(folder):
        raise CLIError(f"no folder {folder}")
    known = course.assignments()
    found = submissions(folder)
    if not found:
        raise CLIError(f"no submitted notebooks in {folder}: expected {LAYOUTS.splitlines()[1].strip()}")
    collected = 0
    for student, assignment, path, is_folder in found:
        if assignment not in known:
            print(f"skipped {os.path.relpath(path, folder)}: no assignment named {assignment!r} in {course.source}/")
            continue
        target = course.path("submitted", student, assignment)
        if os.path.exists(target):
            shutil.rmtree(target)
        if is_folder:
            shutil.copytree(path, target)
        else:
            os.makedirs(target)
            shutil.copyfile(path, os.path.join(target, assignment + ".ipynb"))
        collected += 1
        print(f"collected {student} {assignment}")
    if not collected:
        raise CLIError(f"no notebook in {folder} belongs to an assignment of {course.source}/")
    print(f"{collected} submissions in submitted/")


def score_of(course, assignment, student):
    with course.gradebook() as gradebook:
        submission = gradebook.find_submission(assignment, student)
        return submission.score, submission.max_score


_API = None  # a worker process's nbgrader API, made once per process


def start_worker(root, timeout, kernel_name):
    """A grading process: nbgrader imported and configured once (notebooks run in the class run's forked
    kernels, autograder/kernels.py), its log kept out of the terminal."""
    global _API
    os.chdir(root)
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)  # capture_log keeps nbgrader's log for the report
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader
    config = PyFileConfigLoader(CONFIG, path=root).load_config()
    config.CourseDirectory.root = root
    if timeout:
        config.Execute.timeout = timeout
    config.Execute.kernel_name = kernel_name
    _API = NbGraderAPI(CourseDirectory(config=config), config=config)


def autograde_one(assignment, student):
    """nbgrader autograde of one submission in this worker: (ok, log, seconds)."""
    start = time.monotonic()
    result = _API.autograde(assignment, student, force=True, create=False)
    return result["success"], result.get("log", "") + result.get("error", ""), time.monotonic() - start


def prepare_gradebook(course, assignment, students):
    """The students exist before parallel runs start, so no two runs create rows at once."""
    from nbgrader.api import MissingEntry
    with course.gradebook() as gradebook:
        try:
            gradebook.find_assignment(assignment)
        except MissingEntry:
            raise CLIError(f"assignment {assignment} is not in the gradebook: release it first "
                           f"(python -m autograder release {assignment})") from None
        for student in students:
            gradebook.update_or_create_student(student)


def _autograde_all(course, args, kernel_name):
    """Autograde every chosen assignment's submissions in parallel workers: (graded, failed)."""
    graded = failed = 0
    for assignment in course.chosen(args):
        students = course.students("submitted", assignment)
        if not students:
            print(f"{assignment}: no submissions in submitted/ (run collect first)")
            continue
        prepare_gradebook(course, assignment, students)
        with concurrent.futures.ProcessPoolExecutor(args.jobs, mp_context=multiprocessing.get_context("spawn"),
                                                    initializer=start_worker,
                                                    initargs=(course.root, args.timeout, kernel_name)) as pool:
            runs = {pool.submit(autograde_one, assignment, student): student for student in students}
            for run in concurrent.futures.as_completed(runs):
                student = runs[run]
                try:
                    ok, output, seconds = run.result()
                except Exception as e:  # the worker process died (killed, out of memory)
                    ok, output = False, f"the grading process failed: {type(e).__name__}: {e}"
                if ok:
                    score, max_score = score_of(course, assignment, student)
                    print(f"{student:<20} {assignment:<16} {score:g}/{max_score:g}  {seconds:.1f} s", flush=True)
                    graded += 1
                else:
                    print(f"{student:<20} {assignment:<16} FAILED: {last_error(output)}", flush=True)
                    failed += 1
    return graded, failed


def autograde(course, args):
    start, cpu = time.monotonic(), os.times()
    # kernels and their grading runs are forked from processes that imported the engine once
    with server.running(), kernels.running() as kernel_name:
        graded, failed = _autograde_all(course, args, kernel_name)
    wall, end = time.monotonic() - start, os.times()
    children = end.children_user + end.children_system - cpu.children_user - cpu.children_system
    if graded + failed:
        print(f"autograded {graded} submissions, {failed} failed, in {wall:.1f} s "
              f"({wall / (graded + failed):.1f} s per submission, {args.jobs} at a time; "
              f"{children:.1f} s CPU in nbgrader and kernels)")
    if failed:
        raise CLIError(f"{failed} submissions could not be autograded")
    if not graded:
        raise CLIError("no submissions to autograde (run collect first)")


def feedback(course, args):
    made = 0
    for assignment in course.chosen(args):
        students = course.students("autograded", assignment)
        if not students:
            print(f"{assignment}: nothing autograded yet (run autograde first)")
            continue
        ok, output = nbgrader(course, "generate_feedback", assignment, "--force")
        if not ok:
            raise CLIError(f"generate_feedback {assignment} failed: {last_error(output)}")
        for student in students:
            folder = course.path("feedback", student, assignment)
            pages = sorted(f for f in os.listdir(folder) if f.endswith(".html")) if os.path.isdir(folder) else []
            print(f"feedback {student} {assignment}: " + (", ".join(
                os.path.join("feedback", student, assignment, page) for page in pages) or "none"))
            made += len(pages)
    if not made:
        raise CLIError("no feedback generated: nothing is autograded yet")


def grade_rows(course):
    with course.gradebook() as gradebook:
        return sorted((submission.student_id, assignment.name, submission.score, submission.max_score)
                      for assignment in gradebook.assignments for submission in assignment.submissions)


def write_csv(out, rows):
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", "assignment", "score", "max_score"])
    writer.writerows((student, assignment, f"{score:g}", f"{max_score:g}")
                     for student, assignment, score, max_score in rows)


def grades(course, args):
    if not os.path.isfile(course.path("gradebook.db")) and course.db_url.endswith("/gradebook.db"):
        raise CLIError(f"no gradebook in {course.root}: release and autograde first")
    rows = grade_rows(course)
    if args.csv == "-":
        write_csv(sys.stdout, rows)
        return
    try:
        with open(args.csv, "w", newline="", encoding="utf-8") as out:
            write_csv(out, rows)
    except OSError as e:
        raise CLIError(f"cannot write {args.csv}: {e.strerror}") from None
    print(f"{len(rows)} grades written to {args.csv}")


def parser():
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--course-dir", default=argparse.SUPPRESS, metavar="DIR",
                        help="the course directory, holding nbgrader_config.py (default: the current directory)")
    top = argparse.ArgumentParser(prog="python -m autograder", parents=[common],
                                  description="Release, collect, autograde and return the course's graded "
                                              "assignments with nbgrader (no JupyterHub needed).")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, function, help, **kwargs):
        sub = commands.add_parser(name, parents=[common], help=help, description=help, **kwargs)
        sub.set_defaults(function=function)
        return sub

    def assignment_args(sub):
        sub.add_argument("assignment", nargs="?", metavar="ASSIGNMENT", help="an assignment of the source directory")
        sub.add_argument("--all", action="store_true", help="every assignment of the source directory")

    assignment_args(command("release", release, "generate the release directory (exercises/) from the source "
                                                "directory (solutions/) with nbgrader generate_assignment"))
    sub = command("collect", collect, "copy a folder of submitted notebooks into nbgrader's submitted/ layout",
                  epilog=LAYOUTS, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub.add_argument("folder", metavar="FOLDER", help="the folder of submissions")
    sub = command("autograde", autograde, "autograde every submission with nbgrader autograde, several at a time, "
                                         "printing one line per submission and a summary")
    assignment_args(sub)
    sub.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                     help="submissions graded at the same time (default: the number of CPUs)")
    sub.add_argument("--timeout", type=int, metavar="SECONDS",
                     help="per-cell time limit (default: Execute.timeout of nbgrader_config.py)")
    assignment_args(command("feedback", feedback, "write each student's HTML feedback to feedback/ with "
                                                  "nbgrader generate_feedback"))
    sub = command("grades", grades, "export the gradebook's scores as CSV (student, assignment, score, max_score)")
    sub.add_argument("--csv", required=True, metavar="FILE", help="the CSV file to write (- for the screen)")
    return top


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        if getattr(args, "jobs", 1) < 1:
            raise CLIError("--jobs must be at least 1")
        args.function(Course(getattr(args, "course_dir", ".")), args)
    except CLIError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0
