"""YAML exactly as kubectl prints it: sigs.k8s.io/yaml's JSONToYAML, i.e. go-yaml v2 marshalling
a map with naturally sorted keys, 2-space indent, block sequences at the key's indent, quoting
and 80-column folding decided as libyaml's emitter decides them."""
import functools
import math
import re

BEST_WIDTH = 80
INDENT = 2

# Plain scalars go-yaml v2 would read back as something other than a string (resolve.go).
_NON_STRING = re.compile(
    r"^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?0b[01_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?[0-9][0-9_]*"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|<<"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?(?:Z|[-+][0-9]{2}:[0-9]{2})"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2} [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?)$")
_BREAKS = "\r\n\x85\u2028\u2029"


def dumps(obj):
    """The YAML document for a JSON value (ends with a newline)."""
    out = _Emitter()
    out.top(obj)
    text = "".join(out.parts)
    return text if text.endswith("\n") else text + "\n"


def _less(a, b):
    """go-yaml v2's keyList.Less for string keys: letters sort after other runes, digit runs by value."""
    for i in range(min(len(a), len(b))):
        if a[i] == b[i]:
            continue
        al, bl = a[i].isalpha(), b[i].isalpha()
        if al and bl:
            return a[i] < b[i]
        if al or bl:
            return bl
        an = bn = 0
        if a[i] == "0" or b[i] == "0":
            j = i - 1
            while j >= 0 and a[j].isdigit():
                if a[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(a) and a[ai].isdigit():
            an = an * 10 + int(a[ai])
            ai += 1
        bi = i
        while bi < len(b) and b[bi].isdigit():
            bn = bn * 10 + int(b[bi])
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return a[i] < b[i]
    return len(a) < len(b)


natural_key = functools.cmp_to_key(lambda a, b: -1 if _less(a, b) else (1 if _less(b, a) else 0))


def _printable(ch):
    o = ord(ch)
    return (o == 0x0A or 0x20 <= o <= 0x7E or o == 0x85 or 0xA0 <= o <= 0xD7FF
            or (0xE000 <= o <= 0xFFFD and o != 0xFEFF) or 0x10000 <= o <= 0x10FFFF)


def _analyze(value):
    """libyaml's yaml_emitter_analyze_scalar: which styles can hold this string."""
    if not value:
        return dict(multiline=False, plain=False, single=True, block=False)
    # only block context is ever emitted (JSONToYAML never writes flow collections), so only
    # the block indicators of libyaml's analysis matter here
    block_ind = False
    if value.startswith(("---", "...")) and (len(value) == 3 or value[3] in " \t" + _BREAKS):
        block_ind = True
    line_breaks = special = False
    leading_space = leading_break = trailing_space = trailing_break = False
    break_space = space_break = previous_space = previous_break = False
    preceded_ws = True
    n = len(value)
    for i, ch in enumerate(value):
        followed_ws = i + 1 >= n or value[i + 1] in " \t" + _BREAKS
        if i == 0:
            if ch in "#,[]{}&*!|>'\"%@`":
                block_ind = True
            if ch in "?:" and followed_ws:
                block_ind = True
            if ch == "-" and followed_ws:
                block_ind = True
        else:
            if ch == ":" and followed_ws:
                block_ind = True
            if ch == "#" and preceded_ws:
                block_ind = True
        if not _printable(ch):
            special = True
        if ch in _BREAKS:
            line_breaks = True
        if ch == " ":
            leading_space = leading_space or i == 0
            trailing_space = trailing_space or i == n - 1
            break_space = break_space or previous_break
            previous_space, previous_break = True, False
        elif ch in _BREAKS:
            leading_break = leading_break or i == 0
            trailing_break = trailing_break or i == n - 1
            space_break = space_break or previous_space
            previous_space, previous_break = False, True
        else:
            previous_space = previous_break = False
        preceded_ws = ch in " \t" + _BREAKS
    plain = single = block = True
    if leading_space or leading_break or trailing_space or trailing_break:
        plain = False
    if trailing_space:
        block = False
    if break_space:
        plain = single = False
    if space_break or special:
        plain = single = block = False
    if line_breaks:
        plain = False
    if block_ind:
        plain = False
    return dict(multiline=line_breaks, plain=plain, single=single, block=block)


def _style(value, simple_key):
    """go-yaml's stringv request, then libyaml's select_scalar_style."""
    if "\n" in value:
        style = "literal"
    elif _NON_STRING.match(value) or value == "":
        style = "double"
    else:
        style = "plain"
    info = _analyze(value)
    if style == "plain":
        if (simple_key and info["multiline"]) or not info["plain"]:
            style = "single"
    if style == "single" and not info["single"]:
        style = "double"
    if style == "literal" and (not info["block"] or simple_key):
        style = "double"
    return style


_ESCAPES = {"\0": "0", "\x07": "a", "\b": "b", "\t": "t", "\n": "n", "\x0b": "v", "\f": "f", "\r": "r",
            "\x1b": "e", '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_", "\u2028": "L", "\u2029": "P"}


class _Emitter:
    def __init__(self):
        self.parts = []
        self.column = 0

    def write(self, text):
        self.parts.append(text)
        nl = text.rfind("\n")
        self.column = len(text) - nl - 1 if nl >= 0 else self.column + len(text)

    def newline_indent(self, indent):
        self.write("\n" + " " * indent)

    # structure
    def top(self, value):
        if isinstance(value, dict) and value:
            self.mapping(value, 0, False)
        elif isinstance(value, list) and value:
            self.sequence(value, 0, False)
        else:
            self.scalar(value, 0)
            self.write("\n")

    def mapping(self, value, col, inline):
        """Keys at column `col`; the first on the current line when `inline` (after `- `)."""
        for i, key in enumerate(sorted(value, key=lambda k: natural_key(str(k)))):
            if i or not inline:
                self.write(" " * col)
            self.key(str(key))
            self.write(":")
            self.value(value[key], col, indentless=True)

    def sequence(self, value, col, inline):
        for i, item in enumerate(value):
            if i or not inline:
                self.write(" " * col)
            self.write("-")
            self.value(item, col, indentless=False)

    def value(self, child, col, indentless):
        if isinstance(child, dict) and child:
            if indentless:
                self.write("\n")
                self.mapping(child, col + INDENT, False)
            else:
                self.write(" ")
                self.mapping(child, col + INDENT, True)
        elif isinstance(child, list) and child:
            if indentless:  # a sequence under a key keeps the key's column
                self.write("\n")
                self.sequence(child, col, False)
            else:
                self.write(" ")
                self.sequence(child, col + INDENT, True)
        else:
            self.write(" ")
            self.scalar(child, col + INDENT)
            self.write("\n")

    def key(self, text):
        style = _style(text, simple_key=True)
        if style == "plain":
            self.write(text)
        elif style == "single":
            self.single(text, 0, False)
        else:
            self.double(text, 0, False)

    # scalars
    def scalar(self, value, indent):
        if value is None:
            self.write("null")
        elif value is True:
            self.write("true")
        elif value is False:
            self.write("false")
        elif isinstance(value, int):
            self.write(str(value))
        elif isinstance(value, float):
            self.write(_float(value))
        elif isinstance(value, dict):
            self.write("{}")
        elif isinstance(value, list):
            self.write("[]")
        else:
            self.string(str(value), indent)

    def string(self, text, indent):
        style = _style(text, simple_key=False)
        if style == "plain":
            self.plain(text, indent)
        elif style == "single":
            self.single(text, indent, True)
        elif style == "double":
            self.double(text, indent, True)
        else:
            self.literal(text, indent)

    def plain(self, text, indent):
        spaces = False
        for i, ch in enumerate(text):
            if ch == " ":
                if not spaces and self.column > BEST_WIDTH and i + 1 < len(text) and text[i + 1] != " ":
                    self.newline_indent(indent)
                else:
                    self.write(ch)
                spaces = True
            else:
                self.write(ch)
                spaces = False

    def single(self, text, indent, allow_breaks):
        self.write("'")
        spaces = False
        n = len(text)
        for i, ch in enumerate(text):
            if ch == " ":
                if allow_breaks and not spaces and self.column > BEST_WIDTH and 0 < i < n - 1 and text[i + 1] != " ":
                    self.newline_indent(indent)
                else:
                    self.write(ch)
                spaces = True
            else:
                self.write("''" if ch == "'" else ch)
                spaces = False
        self.write("'")

    def double(self, text, indent, allow_breaks):
        self.write('"')
        spaces = False
        n = len(text)
        for i, ch in enumerate(text):
            o = ord(ch)
            if not _printable(ch) or ch == "\ufeff" or ch in _BREAKS or ch in '"\\':
                if ch in _ESCAPES:
                    self.write("\\" + _ESCAPES[ch])
                elif o <= 0xFF:
                    self.write("\\x%02X" % o)
                elif o <= 0xFFFF:
                    self.write("\\u%04X" % o)
                else:
                    self.write("\\U%08X" % o)
                spaces = False
            elif ch == " ":
                if allow_breaks and not spaces and self.column > BEST_WIDTH and i != 0 and i != n - 1:
                    self.newline_indent(indent)
                    if i + 1 < n and text[i + 1] == " ":
                        self.write("\\")
                else:
                    self.write(ch)
                spaces = True
            else:
                self.write(ch)
                spaces = False
        self.write('"')

    def literal(self, text, indent):
        hints = str(INDENT) if text[0] in " " + _BREAKS else ""
        if text[-1] not in _BREAKS:
            hints += "-"
        elif len(text) == 1 or text[-2] in _BREAKS:
            hints += "+"
        self.write("|" + hints)
        lines = text.split("\n")
        if text.endswith("\n"):
            lines = lines[:-1]
        for line in lines:
            self.write("\n")
            if line:
                self.write(" " * indent + line)
        if not text.endswith("\n"):
            pass
        # the caller writes the final newline


def _float(value):
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "e" in text:
        mantissa, exp = text.split("e")
        sign = exp[0] if exp[0] in "+-" else "+"
        digits = exp.lstrip("+-").rjust(2, "0")
        mantissa = mantissa[:-2] if mantissa.endswith(".0") else mantissa
        return f"{mantissa}e{sign}{digits}"
    return text[:-2] if text.endswith(".0") else text
