"""Go's fmt and strconv as templates see them: Sprint, Sprintln, Sprintf with its verbs and %!v(...) notes,
strconv.Quote/Unquote; JSON numbers are int64 or float64, template literals and len results are Go ints."""
import math
import re

from ...api.gofmt import go_float, go_type, go_v

MISSING = type("Missing", (), {"__repr__": lambda self: "<no value>"})()


class Int(int):
    """A Go `int` (a template's number literal or len's result), not the int64 of decoded JSON."""


def type_name(value):
    if value is MISSING or value is None:
        return "<nil>"
    if isinstance(value, Int):
        return "int"
    return go_type(value)


def quote(text):
    """strconv.Quote."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in "\a\b\f\n\r\t\v":
            out.append({"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t",
                        "\v": "\\v"}[ch])
        elif code < 0x20 or code == 0x7f:
            out.append(f"\\x{code:02x}")
        elif not ch.isprintable() and code > 0x7f:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out) + '"'


_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\", '"': '"',
            "'": "'"}


def unquote(text):
    """strconv.Unquote of a double-quoted Go string."""
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1:i + 2]
        if nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        elif nxt == "x":
            out.append(chr(int(body[i + 2:i + 4], 16)))
            i += 4
        elif nxt == "u":
            out.append(chr(int(body[i + 2:i + 6], 16)))
            i += 6
        elif nxt == "U":
            out.append(chr(int(body[i + 2:i + 10], 16)))
            i += 10
        elif nxt.isdigit():
            out.append(chr(int(body[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(nxt)
            i += 2
    return "".join(out)


def char_u(ch):
    """%#U: U+0021 '!'."""
    return f"U+{ord(ch):04X} '{ch}'"


def _plain(value):
    return "<nil>" if value is MISSING or value is None else go_v(value)


def sprint(args):
    """fmt.Sprint: a space between operands when neither is a string."""
    out = []
    for n, arg in enumerate(args):
        if n and not isinstance(arg, str) and not isinstance(args[n - 1], str):
            out.append(" ")
        out.append(_plain(arg))
    return "".join(out)


def sprintln(args):
    return " ".join(_plain(a) for a in args) + "\n"


_VERB = re.compile(r"%([-+# 0]*)(\*|\d+)?(?:\.(\*|\d*))?([a-zA-Z%])")


def sprintf(fmt, args):
    """fmt.Sprintf for the verbs templates use; wrong types and missing or extra operands as Go notes them."""
    out, used, pos = [], 0, 0
    for m in _VERB.finditer(fmt):
        out.append(fmt[pos:m.start()])
        pos = m.end()
        flags, width, precision, verb = m.group(1), m.group(2), m.group(3), m.group(4)
        if verb == "%":
            out.append("%")
            continue
        if width == "*" or precision == "*":
            out.append(f"%!{verb}(BADWIDTH)")
            continue
        if used >= len(args):
            out.append(f"%!{verb}(MISSING)")
            continue
        arg = args[used]
        used += 1
        if arg is MISSING:
            arg = None
        text = _format(arg, verb, flags, precision)
        out.append(_pad(text, flags, int(width) if width else 0, arg, verb))
    out.append(fmt[pos:])
    if used < len(args):
        extra = ", ".join(f"{type_name(a)}={_plain(a)}" for a in args[used:])
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)


def _pad(text, flags, width, arg, verb):
    if len(text) >= width:
        return text
    if "-" in flags:
        return text.ljust(width)
    if "0" in flags and verb in "dfegxXob" and isinstance(arg, (int, float)) and not isinstance(arg, bool):
        sign = text[0] if text[:1] in "+-" else ""
        return sign + text[len(sign):].rjust(width - len(sign), "0")
    return text.rjust(width)


def _bad(verb, arg):
    if arg is None:
        return f"%!{verb}(<nil>)"
    return f"%!{verb}({type_name(arg)}={_plain(arg)})"


def _format(arg, verb, flags, precision):
    if isinstance(arg, dict) and verb != "T":
        return "map[" + " ".join(f"{_format(k, verb, flags, precision)}:{_format(arg[k], verb, flags, precision)}"
                                 for k in sorted(arg)) + "]"
    if isinstance(arg, list) and verb not in "Tq":
        return "[" + " ".join(_format(v, verb, flags, precision) for v in arg) + "]"
    if verb == "T":
        return type_name(arg) if arg is not None else "<nil>"
    if verb == "v":
        if isinstance(arg, str) and "#" in flags:
            return quote(arg)
        return _num(arg, "g", flags, precision) if isinstance(arg, float) else _plain(arg)
    if arg is None:
        return _bad(verb, arg)
    if isinstance(arg, bool):
        return ("true" if arg else "false") if verb == "t" else _bad(verb, arg)
    if isinstance(arg, str):
        if verb == "s":
            return arg[:int(precision)] if precision else arg
        if verb == "q":
            return quote(arg)
        if verb in "xX":
            text = arg.encode("utf-8").hex()
            return text.upper() if verb == "X" else text
        return _bad(verb, arg)
    if isinstance(arg, int):
        return _int(arg, verb, flags)
    if isinstance(arg, float):
        return _num(arg, verb, flags, precision) if verb in "eEfFgG" else _bad(verb, arg)
    if isinstance(arg, list) and verb == "q":
        return "[" + " ".join(_format(v, verb, flags, precision) for v in arg) + "]"
    return _bad(verb, arg)


def _int(value, verb, flags):
    sign = "-" if value < 0 else ("+" if "+" in flags else "")
    mag = abs(value)
    if verb == "d":
        return sign + str(mag)
    if verb in "xX":
        text = format(mag, "x" if verb == "x" else "X")
        return sign + ("0x" if "#" in flags else "") + text
    if verb == "o":
        return sign + ("0" if "#" in flags else "") + format(mag, "o")
    if verb == "b":
        return sign + format(mag, "b")
    if verb == "c":
        return chr(value)
    if verb == "q":
        return "'" + chr(value) + "'"
    if verb == "U":
        return f"U+{value:04X}"
    return _bad(verb, value)


def _num(value, verb, flags, precision):
    if math.isinf(value) or math.isnan(value):
        return go_float(value)
    sign = "+" if "+" in flags and value >= 0 else ""
    if verb in "fF":
        return sign + format(value, f".{int(precision) if precision else 6}f")
    if verb in "eE":
        text = format(value, f".{int(precision) if precision else 6}e")
        return sign + (text.upper() if verb == "E" else text)
    if precision:
        text = format(value, f".{int(precision)}g")
        mantissa, _, exp = text.partition("e")
        if exp:
            text = f"{mantissa}e{exp[0]}{int(exp[1:]):02d}"
        return sign + text
    return sign + go_float(value)
