"""Assignment 02-pods end to end through nbgrader (generate_assignment, autograde, the gradebook):
the solution scores full marks, the unanswered release zero, a wrong answer partial credit with its
feedback, a deleted test cell is restored, an endless cell is interrupted and the grader redefined
in the kernel is not the one that grades."""
import os
import shutil
import subprocess
import sys

import nbformat
from nbgrader.api import Gradebook

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NBGRADER = os.path.join(os.path.dirname(sys.executable), "nbgrader")


def nbgrader(course, *args):
    subprocess.run([NBGRADER, *args, f"--CourseDirectory.root={course}",
                    f"--CourseDirectory.db_url=sqlite:///{course}/gradebook.db"],
                   cwd=ROOT, check=True, capture_output=True)


def submit(course, student, notebook):
    folder = course / "submitted" / student / "02-pods"
    folder.mkdir(parents=True)
    nbformat.write(notebook, folder / "02-pods.ipynb")


def outputs(course, student, grade_id=None, source=None):
    """The text a cell of the autograded notebook printed (the cell named by grade_id or source)."""
    notebook = nbformat.read(course / "autograded" / student / "02-pods" / "02-pods.ipynb", 4)
    def wanted(cell):
        return cell.source == source if source else cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id
    cell = next(filter(wanted, notebook.cells))

    def text(output):
        if output.output_type == "error":
            return f"{output.ename}: {output.evalue}\n"
        return output.get("text") or output.data["text/plain"] + "\n"
    return "".join(map(text, cell.outputs))


def test_solution_release_and_a_wrong_submission_through_nbgrader(tmp_path):
    shutil.copytree(os.path.join(ROOT, "solutions", "02-pods"), tmp_path / "solutions" / "02-pods")
    nbgrader(tmp_path, "generate_assignment", "02-pods")
    release = nbformat.read(tmp_path / "exercises" / "02-pods" / "02-pods.ipynb", 4)
    submit(tmp_path, "solver", nbformat.read(os.path.join(ROOT, "solutions", "02-pods", "02-pods.ipynb"), 4))
    submit(tmp_path, "blank", release)
    # a wrong label and no port for the web Pod; the cache exercise's test cell deleted;
    wrong = nbformat.from_dict(release)
    for cell in wrong.cells:
        if cell.metadata["nbgrader"]["grade_id"] == "answer-web-pod":
            cell.source = ("%%answer web-pod\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n"
                           "    app: nginx\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n"
                           "    resources:\n      requests:\n        cpu: 100m\n")
    wrong.cells = [c for c in wrong.cells if c.metadata.nbgrader["grade_id"] != "test-cache-commands"]
    # and a cell that tries to grade itself full marks: the hidden tests reload the grader first
    wrong.cells.insert(2, nbformat.v4.new_code_cell(
        "import autograder.grading\n"
        "autograder.grading.grade = lambda answer, spec, timeout=60: autograder.grading.Grade(5, 5, [])"))
    # and a cell that never ends: interrupted at Execute.timeout, the notebook goes on
    wrong.cells.insert(3, nbformat.v4.new_code_cell("while True:\n    pass"))
    submit(tmp_path, "wrong", wrong)
    nbgrader(tmp_path, "autograde", "02-pods", "--Execute.timeout=45")  # 180 s in the course; room for a loaded machine
    with Gradebook(f"sqlite:///{tmp_path}/gradebook.db") as gradebook:
        scores = {student: {g.name: g.score for g in gradebook.find_submission("02-pods", student).notebooks[0].grades}
                  for student in ("solver", "blank", "wrong")}
    points = {cell.metadata.nbgrader["grade_id"]: cell.metadata.nbgrader["points"] for cell in release.cells
              if cell.metadata.nbgrader["grade"]}
    assert {"test-web-pod": 5, "test-cache-commands": 3}.items() <= points.items()
    assert scores["solver"] == points
    assert set(scores["blank"].values()) == {0}
    # every other exercise of the wrong submission is unanswered: zero
    assert scores["wrong"] == {**dict.fromkeys(points, 0), "test-web-pod": 3}
    assert outputs(tmp_path, "wrong", "test-web-pod").splitlines() == [
        "the visible checks pass (hidden tests decide the grade)",
        "3 / 5 points",
        "- pod web should be labelled app=web but its labels are app=nginx",
        "- pod web declares no containerPort 80/TCP (declared: none)",
        "3.0"]
    assert outputs(tmp_path, "wrong", "test-cache-commands") == (  # restored, and run
        "Unanswered: exercise 'cache-commands' has no answer: fill in its answer cell (it starts with "
        "%%answer cache-commands) and run it\n")
    assert outputs(tmp_path, "wrong", source="while True:\n    pass") == "KeyboardInterrupt: \nCellTimeoutError: \n"
