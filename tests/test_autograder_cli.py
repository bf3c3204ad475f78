"""The instructor CLI, `python -m autograder`, on a temporary course holding part of 02-pods: release,
collect three students' submissions in both folder layouts, autograde, feedback, grades as CSV; and its
one-line errors."""
import os
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

from autograder.cli import main

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEPT = {"intro", "setup", "ex-web-pod", "answer-web-pod", "test-web-pod",
        "ex-once-status", "answer-once-status", "test-once-status"}  # 5 + 2 points
WRONG_POD = ("%%answer web-pod\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: nginx\n"
             "spec:\n  containers:\n  - name: web\n    image: nginx:1.27\n    resources:\n      requests:\n"
             "        cpu: 100m\n")


def course_copy(path):
    """A course directory with the config and a two-exercise 02-pods."""
    shutil.copy(os.path.join(ROOT, "nbgrader_config.py"), path / "nbgrader_config.py")
    nb = nbformat.read(os.path.join(ROOT, "solutions", "02-pods", "02-pods.ipynb"), 4)
    nb.cells = [cell for cell in nb.cells if cell.metadata.nbgrader["grade_id"] in KEPT]
    (path / "solutions" / "02-pods").mkdir(parents=True)
    nbformat.write(nb, path / "solutions" / "02-pods" / "02-pods.ipynb")
    return nb


def cli(course, *args):
    done = subprocess.run([sys.executable, "-m", "autograder", *args], cwd=course, capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return done.stdout


def test_release_collect_autograde_feedback_and_grades(tmp_path):
    course, inbox = tmp_path / "course", tmp_path / "inbox"
    course.mkdir()
    solution = course_copy(course)
    assert cli(course, "release", "02-pods") == "released 02-pods: exercises/02-pods/\n"
    release = nbformat.read(course / "exercises" / "02-pods" / "02-pods.ipynb", 4)
    wrong = nbformat.from_dict(release)
    for cell in wrong.cells:
        if cell.metadata.nbgrader["grade_id"] == "answer-web-pod":
            cell.source = WRONG_POD
        if cell.metadata.nbgrader["grade_id"] == "answer-once-status":
            cell.source = "%%answer once-status\nCompleted"
    for notebook, path in ((solution, inbox / "solver" / "02-pods.ipynb"),
                           (release, inbox / "blank" / "02-pods" / "02-pods.ipynb"),
                           (wrong, inbox / "wrong" / "02-pods.ipynb"),
                           (wrong, inbox / "wrong" / "scratch.ipynb")):
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, path)
    (inbox / "blank" / "02-pods" / "notes.txt").write_text("kept with the notebook")

    assert cli(course, "collect", str(inbox)).splitlines() == [
        "collected blank 02-pods", "collected solver 02-pods",
        "collected wrong 02-pods", "skipped wrong/scratch.ipynb: no assignment named 'scratch' in solutions/",
        "3 submissions in submitted/"]
    assert (course / "submitted" / "blank" / "02-pods" / "notes.txt").read_text() == "kept with the notebook"

    lines = cli(course, "autograde", "02-pods", "--jobs", "2", "--timeout", "60").splitlines()
    progress = sorted(re.sub(r"  \d+\.\d s$", "  T s", line) for line in lines[:3])
    assert progress == ["blank                02-pods          0/7  T s",
                        "solver               02-pods          7/7  T s",
                        "wrong                02-pods          3/7  T s"]
    assert re.fullmatch(r"autograded 3 submissions, 0 failed, in \d+\.\d s \(\d+\.\d s per submission, "
                        r"2 at a time; \d+\.\d s CPU in nbgrader and kernels\)", lines[3])
    assert len(lines) == 4

    assert cli(course, "feedback", "--all").splitlines() == [
        f"feedback {student} 02-pods: feedback/{student}/02-pods/02-pods.html" for student in ("blank", "solver", "wrong")]
    assert "pod web should be labelled app=web but its labels are app=nginx" in (
        course / "feedback" / "wrong" / "02-pods" / "02-pods.html").read_text()

    assert cli(course, "grades", "--csv", str(tmp_path / "grades.csv")) == f"3 grades written to {tmp_path}/grades.csv\n"
    assert (tmp_path / "grades.csv").read_text() == (
        "student,assignment,score,max_score\nblank,02-pods,0,7\nsolver,02-pods,7,7\nwrong,02-pods,3,7\n")
    assert sorted(os.listdir(course)) == ["autograded", "exercises", "feedback", "gradebook.db",
                                          "nbgrader_config.py", "solutions", "submitted"]


@pytest.mark.parametrize("args, error", [
    (["release", "03-probes"], "error: unknown assignment '03-probes': the assignments in solutions/ are 02-pods"),
    (["feedback"], "error: name an assignment or pass --all"),
    (["collect", "nowhere"], "error: no folder nowhere"),
    (["autograde", "02-pods"], "error: assignment 02-pods is not in the gradebook: release it first "
                               "(python -m autograder release 02-pods)"),
    (["grades", "--csv", "out.csv"], "error: no gradebook in {course}: release and autograde first"),
    (["--course-dir", "elsewhere", "release", "--all"], "error: no course directory elsewhere"),
    (["release", "--all", "--course-dir", "{course}/solutions"],
     "error: {course}/solutions is not a course directory: it has no nbgrader_config.py (run from the "
     "repository root or pass --course-dir)"),
])
def test_mistakes_are_one_line_errors(tmp_path, monkeypatch, capsys, args, error):
    course_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "submitted" / "ann" / "02-pods").mkdir(parents=True)
    assert main([arg.format(course=tmp_path) for arg in args]) == 1
    assert capsys.readouterr() == ("", error.format(course=tmp_path) + "\n")
    assert not (tmp_path / "gradebook.db").exists() or args[0] == "autograde"


def test_an_empty_inbox_is_an_error(tmp_path, monkeypatch, capsys):
    course_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "inbox" / "ann").mkdir(parents=True)
    assert main(["collect", "inbox"]) == 1
    assert capsys.readouterr().err == ("error: no submitted notebooks in inbox: expected "
                                       "FOLDER/<student>/<assignment>.ipynb  or  "
                                       "FOLDER/<student>/<assignment>/<assignment>.ipynb\n")


def test_grades_on_the_screen_and_an_unwritable_csv(tmp_path, monkeypatch, capsys):
    from nbgrader.api import Gradebook
    course_copy(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])  # alembic
    with Gradebook(f"sqlite:///{tmp_path}/gradebook.db") as gradebook:
        gradebook.add_assignment("02-pods")
        for student in ("bo", "al"):
            gradebook.add_student(student)
            gradebook.add_submission("02-pods", student)
    capsys.readouterr()  # SQLAlchemy's warnings while the gradebook was filled
    assert main(["grades", "--csv", "-"]) == 0
    assert capsys.readouterr() == ("student,assignment,score,max_score\nal,02-pods,0,0\nbo,02-pods,0,0\n", "")
    assert main(["grades", "--csv", "missing/grades.csv"]) == 1
    assert capsys.readouterr() == ("", "error: cannot write missing/grades.csv: No such file or directory\n")


def test_a_submission_nbgrader_cannot_read_is_reported_and_fails_the_run(tmp_path):
    course_copy(tmp_path)
    cli(tmp_path, "release", "02-pods")
    (tmp_path / "submitted" / "eve" / "02-pods").mkdir(parents=True)
    (tmp_path / "submitted" / "eve" / "02-pods" / "02-pods.ipynb").write_text("not a notebook")
    done = subprocess.run([sys.executable, "-m", "autograder", "autograde", "02-pods"], cwd=tmp_path,
                          capture_output=True, text=True)
    lines = done.stdout.splitlines()
    assert (done.returncode, done.stderr, len(lines)) == (1, "error: 1 submissions could not be autograded\n", 2)
    assert lines[0] == ("eve                  02-pods          FAILED: NotJSONError: Notebook does not appear "
                        "to be JSON: 'not a notebook'")
    assert lines[1].startswith("autograded 0 submissions, 1 failed, in ")
