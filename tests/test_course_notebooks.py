"""The lessons in course/: every notebook runs top to bottom on a fresh kernel without an error, is what
scripts/build_course.py generates (no outputs), and its self-checks accept right answers and refuse wrong ones."""
import importlib.util
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "course"
NOTEBOOKS = sorted(COURSE.glob("*.ipynb"))


def _build_course():
    spec = importlib.util.spec_from_file_location("build_course", ROOT / "scripts" / "build_course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_course = _build_course()
LESSONS = {lesson.NAME: lesson for lesson in build_course.lessons()}


def execute(nb, allow_errors=False):
    """Run every cell in a fresh python3 kernel of this interpreter, in course/ as a learner would."""
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=allow_errors,
                            resources={"metadata": {"path": str(COURSE)}})
    client.execute()
    return nb


def text_of(cell):
    parts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            parts.append(output["text"])
        elif output["output_type"] == "error":
            parts.append(f"{output['ename']}: {output['evalue']}")
        elif "text/plain" in output.get("data", {}):
            parts.append(output["data"]["text/plain"])
    return "".join(parts)


def check_outputs(nb):
    """What each check printed: the output of the cell after every answer cell."""
    cells = nb.cells
    return [text_of(cells[i + 1]) for i, cell in enumerate(cells) if "answer" in cell.metadata.get("tags", [])]


def selfcheck_notebook(name, pick):
    """The lesson's self-check cells alone, each answer cell filled with pick((solution, wrong))."""
    nb = nbformat.read(COURSE / f"{name}.ipynb", as_version=4)
    answers = build_course.answers(LESSONS[name])
    cells = []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "selfcheck" not in tags or cell.cell_type != "code":
            continue
        if "answer" in tags:
            variable = cell.source.split(" = ", 1)[0]
            cell.source = f"{variable} = {pick(answers[variable])}"
        cells.append(cell)
    nb.cells = cells
    return nb, len(answers)


def test_there_are_lessons_and_each_is_generated():
    assert [p.name for p in NOTEBOOKS][:2] == ["00-getting-started.ipynb", "01-architecture.ipynb"]
    assert sorted(f"{name}.ipynb" for name in LESSONS) == [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("name", sorted(LESSONS))
def test_committed_notebook_is_the_generated_one_without_outputs(name):
    committed = nbformat.read(COURSE / f"{name}.ipynb", as_version=4)
    assert committed == build_course.notebook(LESSONS[name])
    assert all(not cell.get("outputs") and cell.get("execution_count") is None
               for cell in committed.cells if cell.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path):
    nb = execute(nbformat.read(path, as_version=4))  # any error in a cell raises CellExecutionError
    checks = check_outputs(nb)
    assert checks and all(out == "Not answered yet: replace ... with your answer and run this cell again.\n"
                          for out in checks)


@pytest.mark.parametrize("name", sorted(LESSONS))
def test_selfchecks_accept_the_solutions_and_refuse_wrong_answers(name):
    right, count = selfcheck_notebook(name, lambda pair: pair[0])
    wrong, _ = selfcheck_notebook(name, lambda pair: pair[1])
    right.cells += wrong.cells  # one kernel for both
    outputs = check_outputs(execute(right, allow_errors=True))
    assert len(outputs) == 2 * count > 0, outputs
    assert all(out.endswith("Correct!\n") for out in outputs[:count]), outputs
    assert all("AssertionError: Not quite." in out for out in outputs[count:]), outputs


def test_course_py_start_opens_jupyterlab_on_the_course(monkeypatch):
    spec = importlib.util.spec_from_file_location("course_py", ROOT / "course.py")  # not the course/ folder
    course = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(course)
    ran = []
    monkeypatch.setattr(course, "ensure_venv", lambda: None)
    monkeypatch.setattr(course.subprocess, "run", lambda args, **kw: ran.append((args, kw)) or _Done())
    assert course.main(["start"]) == 0
    (args, kw), = ran
    assert args[1:4] == ["-m", "jupyter", "lab"] and kw["cwd"] == course.ROOT
    assert "--LabApp.default_url=/lab/tree/course" in args


class _Done:
    returncode = 0
