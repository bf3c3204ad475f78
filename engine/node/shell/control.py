"""Control flow of shell scripts carried by exceptions: `exit`, `break`/`continue` and `return`."""


class Exit(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


class LoopControl(Exception):
    def __init__(self, kind, count):
        super().__init__(kind)
        self.kind, self.count = kind, count


class Return(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code
