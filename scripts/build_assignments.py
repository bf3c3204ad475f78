"""Generate the graded assignments solutions/NN-topic/NN-topic.ipynb (nbgrader source) from the texts in
scripts/assignments/, so exercises, solutions and hidden specs are reviewed as text.

Run `.venv/bin/python scripts/build_assignments.py`, then `nbgrader generate_assignment NAME --no-db --force`
for each assignment to refresh exercises/; both are committed as generated."""
import importlib.util
import sys
import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
TEXTS = Path(__file__).resolve().parent / "assignments"
SOLUTIONS = ROOT / "solutions"

HOW_TO = """\
Each exercise is graded **by what your answer does** in a fresh simulated Kubernetes v1.32 cluster:
the grader builds the exercise's cluster, applies your manifest or runs your kubectl commands,
lets virtual time pass and looks at the result. Any correct way earns the marks.

How to answer: every answer cell starts with `%%answer NAME`. Keep that first line and replace the two
stub lines under it (`# YOUR CODE HERE` and `raise NotImplementedError()`) with your answer:
a YAML manifest, kubectl command lines (one per line; `sleep 30` lets 30 virtual seconds pass),
or a value. Run the cell, then run the test cell below it: it runs the visible checks; hidden
checks decide the grade. Try things out first in a scratch cell with `from engine import Cluster`."""

RELOAD = ("import importlib, autograder.grading  # the grader as shipped, whatever the notebook redefined\n"
          "score = importlib.reload(autograder.grading).score\n")


def load(path):
    """An assignment text: NAME, TITLE and EXERCISES, each a dict with name, title, points, text
    (markdown), solution (the answer cell's body), setup (test-cell code before the checks, may be
    empty), visible (the visible check's code, its first line a `# visible check: ...` comment) and
    hidden (the hidden spec, Python source)."""
    spec = importlib.util.spec_from_file_location(f"assignment_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assignments():
    return [load(p) for p in sorted(TEXTS.glob("a*.py"))]


def _cell(make, source, grade_id, points=None, solution=False):
    cell = make(source)
    cell.id = grade_id
    cell.metadata["nbgrader"] = {"grade": points is not None, "grade_id": grade_id, "locked": not solution,
                                 "schema_version": 3, "solution": solution, "task": False}
    if points is not None:
        cell.metadata["nbgrader"]["points"] = points
    return cell


def _dedent(text):
    return textwrap.dedent(text).strip("\n")


def test_source(exercise):
    setup = _dedent(exercise.get("setup", ""))
    return ("from autograder import answer, check, score\n\n"
            + (setup + "\n\n" if setup else "")
            + _dedent(exercise["visible"]) + "\n\n"
            + "### BEGIN HIDDEN TESTS\n" + RELOAD
            + f"score(answer(\"{exercise['name']}\"), {_dedent(exercise['hidden'])})\n"
            + "### END HIDDEN TESTS")


def notebook(assignment):
    cells = [_cell(new_markdown_cell, f"# {assignment.TITLE}\n\n{HOW_TO}", "intro"),
             _cell(new_code_cell, "%load_ext autograder", "setup")]
    for number, exercise in enumerate(assignment.EXERCISES, 1):
        name = exercise["name"]
        cells.append(_cell(new_markdown_cell, f"## Exercise {number}: {exercise['title']} ({exercise['points']} "
                           f"points)\n\n{_dedent(exercise['text'])}", f"ex-{name}"))
        cells.append(_cell(new_code_cell, f"%%answer {name}\n### BEGIN SOLUTION\n{_dedent(exercise['solution'])}\n"
                           f"### END SOLUTION", f"answer-{name}", solution=True))
        cells.append(_cell(new_code_cell, test_source(exercise), f"test-{name}", points=exercise["points"]))
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"}})
    nbformat.validate(nb)
    return nb


def main():
    for assignment in assignments():
        folder = SOLUTIONS / assignment.NAME
        folder.mkdir(exist_ok=True)
        nbformat.write(notebook(assignment), folder / f"{assignment.NAME}.ipynb")
        print(f"wrote solutions/{assignment.NAME}/{assignment.NAME}.ipynb")
    return 0


if __name__ == "__main__":
    sys.exit(main())
