"""Generate the lesson notebooks in course/ from the lesson texts in scripts/course_lessons/ (nbformat, no outputs).

Run `.venv/bin/python scripts/build_course.py`; the notebooks are committed as generated, reviewed as the texts."""
import importlib.util
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
LESSONS_DIR = Path(__file__).resolve().parent / "course_lessons"
COURSE = ROOT / "course"


def load_lesson(path):
    """A lesson module has NAME (the notebook's file stem) and CELLS: ("md" | "code", text) pairs, or
    ("answer", name, solution, wrong) for a self-check answer cell the learner fills in."""
    spec = importlib.util.spec_from_file_location(f"course_lesson_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def lessons():
    return [load_lesson(p) for p in sorted(LESSONS_DIR.glob("lesson_*.py"))]


def answers(lesson):
    """{name: (solution, wrong)} for the lesson's answer cells: what the tests fill in."""
    return {cell[1]: (cell[2], cell[3]) for cell in lesson.CELLS if cell[0] == "answer"}


def notebook(lesson):
    cells, in_selfcheck = [], False
    for index, cell in enumerate(lesson.CELLS):
        kind = cell[0]
        if kind == "md" and cell[1].lstrip().startswith("## Check yourself"):
            in_selfcheck = True
        if kind == "md":
            nb_cell = new_markdown_cell(_text(cell[1]))
        elif kind == "code":
            nb_cell = new_code_cell(_text(cell[1]))
        elif kind == "answer":
            nb_cell = new_code_cell(f"{cell[1]} = ...  # your answer")
            nb_cell.metadata["tags"] = ["answer"]
        else:
            raise ValueError(f"{lesson.NAME}: unknown cell kind {kind!r}")
        if in_selfcheck:
            nb_cell.metadata.setdefault("tags", []).append("selfcheck")
        nb_cell.id = f"{lesson.NAME[:2]}-{index:03d}"
        cells.append(nb_cell)
    if any(kind[0] == "answer" for kind in lesson.CELLS) and not in_selfcheck:
        raise ValueError(f"{lesson.NAME}: answer cells need a markdown cell starting '## Check yourself' before them")
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
        "language_info": {"name": "python"},
    })
    nbformat.validate(nb)
    return nb


def _text(text):
    """Lesson texts are indented triple-quoted strings: strip the common indent and the outer blank lines."""
    import textwrap
    return textwrap.dedent(text).strip("\n")


def main():
    for lesson in lessons():
        path = COURSE / f"{lesson.NAME}.ipynb"
        nbformat.write(notebook(lesson), path)
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
