"""Learners' answers, captured by the `%%answer NAME` cell magic (YAML manifests, kubectl command
lists, predicted values) and kept by name for the test cells."""

ANSWERS = {}
# what nbgrader leaves in a cleared solution region (its default ClearSolutions.code_stub)
STUB_LINE = "raise NotImplementedError()"


class Unanswered(Exception):
    """The exercise's answer cell was not filled in (or not run)."""


def record(name, text):
    """Keep `text` as the answer to exercise `name`; refuse nbgrader's unanswered stub."""
    if any(line.strip() == STUB_LINE for line in text.splitlines()):
        raise NotImplementedError(f"exercise {name!r} is not answered yet: replace the two stub lines "
                                  f"in its answer cell with your answer")
    ANSWERS[name] = text
    return text


def answer(name):
    """The answer given to exercise `name`."""
    if name not in ANSWERS:
        raise Unanswered(f"exercise {name!r} has no answer: fill in its answer cell (it starts with "
                         f"%%answer {name}) and run it")
    return ANSWERS[name]


def value_text(text):
    """A predicted value as written in an answer cell: its lines without `#` comments and blanks."""
    lines = [line.strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line and not line.startswith("#"))


def value(name):
    """The answer to exercise `name` read as a predicted value (comment lines dropped)."""
    return value_text(answer(name))


def load_ipython_extension(ipython):
    from IPython.core.magic import register_cell_magic

    @register_cell_magic
    def answer(line, cell):
        """%%answer NAME: the rest of the cell is the answer to exercise NAME (a manifest, kubectl
        command lines, or a value)."""
        name = line.strip()
        if not name:
            raise ValueError("usage: %%answer NAME, then the answer on the following lines")
        record(name, cell)
        print(f"answer to {name!r} recorded ({len(cell.splitlines())} lines)")

    del answer
