"""Go's text/tabwriter as kubectl's describe output uses it (minwidth 0, padding 2, spaces, no flags):
'\t'-terminated cells aligned in column blocks; a line without tabs ends every block."""


class TabWriter:
    def __init__(self, minwidth=0, padding=2):
        self.minwidth, self.padding = minwidth, padding
        self.out, self.lines, self.partial = [], [], ""

    def write(self, text):
        text = self.partial + text
        *complete, self.partial = text.split("\n")
        for line in complete:
            self.lines.append(line.split("\t"))
            if len(self.lines[-1]) == 1:  # a line with a single cell ends the blocks above it
                self.flush()

    def flush(self):
        if self.partial:
            self.lines.append(self.partial.split("\t"))
            self.partial, last_open = "", True
        else:
            last_open = False
        self._format(0, len(self.lines), [])
        if last_open and self.out and self.out[-1].endswith("\n"):
            self.out[-1] = self.out[-1][:-1]
        self.lines = []

    def getvalue(self):
        self.flush()
        return "".join(self.out)

    def _format(self, line0, line1, widths):
        column = len(widths)
        this = line0
        while this < line1:
            if column >= len(self.lines[this]) - 1:
                this += 1
                continue
            self._write_lines(line0, this, widths)
            line0 = this
            width = self.minwidth
            while this < line1 and column < len(self.lines[this]) - 1:
                width = max(width, len(self.lines[this][column]) + self.padding)
                this += 1
            self._format(line0, this, widths + [width])
            line0 = this
        self._write_lines(line0, line1, widths)

    def _write_lines(self, line0, line1, widths):
        for cells in self.lines[line0:line1]:
            text = []
            for j, cell in enumerate(cells):
                text.append(cell.ljust(widths[j]) if j < len(widths) and j < len(cells) - 1 else cell)
            self.out.append("".join(text) + "\n")
