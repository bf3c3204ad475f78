"""The outcome of one kubectl command: stdout, stderr and the exit code, shown like a terminal."""


class Result:
    """What a kubectl run printed; truthy when the exit code is 0."""

    def __init__(self, stdout="", stderr="", exit_code=0):
        self.stdout, self.stderr, self.exit_code = stdout, stderr, exit_code

    @property
    def ok(self):
        return self.exit_code == 0

    def __bool__(self):
        return self.ok

    def __str__(self):
        return self.stdout + self.stderr

    def __repr__(self):
        return (self.stdout + self.stderr).rstrip("\n")

    def _repr_pretty_(self, p, cycle):
        p.text(repr(self))

    def __eq__(self, other):
        if isinstance(other, Result):
            return (self.stdout, self.stderr, self.exit_code) == (other.stdout, other.stderr, other.exit_code)
        return NotImplemented
