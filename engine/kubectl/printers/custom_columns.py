"""`-o custom-columns=HEADER:PATH,...` and `-o custom-columns-file=FILE` (kubectl's get/customcolumn.go):
one header line, then per object each column's JSONPath values joined by commas, `<none>` when empty."""
import re

from ...api.gofmt import go_v
from ..errors import CmdError
from ..tabwriter import TabWriter
from . import jsonpath

_RELAXED = re.compile(r"^\{\.?([^{}]+)\}$|^\.?([^{}]+)$")
_FILE_FORMAT = "Expected format is one line of space separated headers, one line of space separated column specs."


def relaxed(expression):
    """RelaxedJSONPathExpression: `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all mean `{.a.b}`."""
    if not expression:
        return expression
    m = _RELAXED.match(expression)
    if not m:
        raise CmdError("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or "
                       "'{.name1.name2}'")
    return "{." + (m.group(1) or m.group(2)) + "}"


def from_spec(spec, no_headers=False):
    """NewCustomColumnsPrinterFromSpec: the columns of `-o custom-columns=...`."""
    if not spec:
        raise CmdError("custom-columns format specified but no custom columns given")
    columns = []
    for part in spec.split(","):
        header, sep, path = part.partition(":")
        if not sep:
            raise CmdError(f"unexpected custom-columns spec: {part}, expected <header>:<json-path-expr>")
        columns.append((header, relaxed(path)))
    return CustomColumns(columns, no_headers)


def from_file(path):
    """NewCustomColumnsPrinterFromTemplate: a header line and a spec line, split on whitespace."""
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as f:
            lines = _scan_lines(f.read())
    except OSError as e:
        raise CmdError(f"error reading template {path}, open {path}: {(e.strerror or str(e)).lower()}")
    if not lines:
        raise CmdError(f"invalid template, missing header line. {_FILE_FORMAT}")
    if len(lines) < 2:
        raise CmdError(f"invalid template, missing spec line. {_FILE_FORMAT}")
    headers, specs = lines[0].split(), lines[1].split()
    if len(headers) != len(specs):
        raise CmdError(f"number of headers ({len(headers)}) and field specifications ({len(specs)}) don't match")
    return CustomColumns([(h, relaxed(s)) for h, s in zip(headers, specs)], False)


def _scan_lines(text):
    """bufio.ScanLines: lines split on \n with a trailing \r dropped, no empty token after a final newline."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


class CustomColumns:
    def __init__(self, columns, no_headers):
        self.columns, self.no_headers = columns, no_headers
        self.headed = False  # lastType: one header per run of objects of one Go type
        self.widths = []  # a watch prints through one tabwriter that remembers column widths across flushes

    def render(self, obj):
        """Text for an object, a List (one row per item) or a watch event ({type, object})."""
        rows = []
        if not self.no_headers and not self.headed:
            rows.append([h for h, _ in self.columns])
            self.headed = True
        parsed = []
        for _, spec in self.columns:
            try:
                parsed.append(jsonpath.parse(spec))
            except jsonpath.JSONPathError as e:  # the header is already out, as in kubectl
                raise ColumnsFailed(self._layout(rows), jsonpath.bare(e))
        items = obj["items"] if "items" in obj and obj.get("kind", "").endswith("List") else [obj]
        rows.extend([self._cell(nodes, item) for nodes in parsed] for item in items)
        return self._layout(rows)

    def _layout(self, rows):
        if any("\n" in cell for row in rows for cell in row):  # a line break inside a cell ends the tabwriter's line
            writer = TabWriter(minwidth=6, padding=3)
            writer.write("".join("\t".join(row) + "\n" for row in rows))
            return writer.getvalue()
        for row in rows:
            for i, cell in enumerate(row[:-1]):
                width = max(len(cell) + 3, 6)
                self.widths[i:i + 1] = [max(self.widths[i], width) if i < len(self.widths) else width]
        return "".join("".join(c.ljust(self.widths[i]) for i, c in enumerate(row[:-1])) + row[-1] + "\n"
                       for row in rows)

    @staticmethod
    def _cell(nodes, obj):
        try:
            values = jsonpath.find_results(nodes, obj, allow_missing=True)
        except jsonpath.JSONPathError as e:
            raise CmdError(jsonpath.bare(e))
        if not values:
            return "<none>"
        texts = ["<none>"] if not values[0] else []
        texts += [escape_terminal(v if isinstance(v, str) else go_v(v)) for group in values for v in group]
        return ",".join(texts)


class ColumnsFailed(CmdError):
    """kubectl wrote the header before the column's JSONPath failed to parse."""

    def __init__(self, output, message):
        super().__init__(message)
        self.stdout_before = output


def escape_terminal(text):
    return text.replace("\x1b", "^[").replace("\r", "\\r")
