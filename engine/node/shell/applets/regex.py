"""POSIX regular expressions (basic and extended, as sed, awk and find -regex take them) translated to
Python's `re` syntax: bracket expressions with [:classes:], BRE's backslashed operators, \\< and \\>."""
import re

CLASSES = {"alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z", "lower": "a-z",
           "space": " \\t\\n\\r\\f\\v", "blank": " \\t", "punct": "!-/:-@\\[-`{-~", "xdigit": "0-9A-Fa-f",
           "cntrl": "\\x00-\\x1f\\x7f", "print": " -~", "graph": "!-~", "word": "a-zA-Z0-9_"}
ESCAPES = {"n": "\\n", "t": "\\t", "w": "\\w", "W": "\\W", "s": "\\s", "S": "\\S", "b": "\\b", "B": "\\B",
           "<": "\\b", ">": "\\b", "`": "\\A", "'": "\\Z"}


def _bracket(pattern, i):
    """(python class, index after it) for the bracket expression opening at pattern[i]."""
    j, out = i + 1, ["["]
    if j < len(pattern) and pattern[j] == "^":
        out.append("^")
        j += 1
    first = True
    while j < len(pattern):
        c = pattern[j]
        if c == "]" and not first:
            out.append("]")
            return "".join(out), j + 1
        if c == "[" and pattern[j + 1:j + 2] == ":":
            end = pattern.find(":]", j + 2)
            if end > 0 and pattern[j + 2:end] in CLASSES:
                out.append(CLASSES[pattern[j + 2:end]])
                j = end + 2
                first = False
                continue
        out.append("\\" + c if c in "\\[]&~|" else c)
        first = False
        j += 1
    raise re.error("unterminated [")


def translate(pattern, extended=False):
    """The Python regex for a POSIX BRE (extended=False) or ERE."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "[":
            text, i = _bracket(pattern, i)
            out.append(text)
            continue
        if c == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            i += 2
            if nxt in ESCAPES:
                out.append(ESCAPES[nxt])
            elif not extended and nxt in "(){}|+?":
                out.append(nxt)
            elif nxt.isdigit():
                out.append("\\" + nxt)
            else:
                out.append(re.escape(nxt))
            continue
        i += 1
        if not extended and c in "(){}|+?":
            out.append("\\" + c)
        elif c == "*" and (not out or out[-1] in ("^", "\\(", "(") or (not extended and out[-1] == "(")):
            out.append("\\*")
        elif c == "{" and extended and not re.match(r"\d*(,\d*)?\}", pattern[i:]):
            out.append("\\{")
        elif c in "}" and extended and not re.search(r"\{\d*(,\d*)?$", "".join(out)):
            out.append("\\}")
        else:
            out.append(c)
    return "".join(out)


def compile_posix(pattern, extended=False, flags=0):
    return re.compile(translate(pattern, extended), flags)
