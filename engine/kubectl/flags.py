"""Command-line flags parsed the way cobra/pflag parse them: `--f=v`, `--f v`, `-n v`, `-nv`,
combined bool shorthands (`-Rf x`), `--` ending the flags, and pflag's error wording."""
from dataclasses import dataclass


class FlagError(Exception):
    """A flag problem; kubectl prints `Error: <msg>` and `See 'kubectl <cmd> --help' for usage.`"""


@dataclass
class Flag:
    name: str
    shorthand: str = ""
    kind: str = "string"  # string | bool | int | int32 | slice (comma-split, repeatable) | array (repeatable)
    default: object = None
    no_opt_default: object = None  # value when given without `=value` (`--dry-run` -> "unchanged")

    def label(self):
        return f"-{self.shorthand}, --{self.name}" if self.shorthand else f"--{self.name}"

    def initial(self):
        if self.kind in ("slice", "array"):
            return list(self.default or [])
        if self.default is None:
            return {"bool": False, "int": 0, "int32": 0}.get(self.kind, "")
        return self.default

    def convert(self, text, current):
        if self.kind == "bool":
            value = _parse_bool(text)
            if value is None:
                raise FlagError(f'invalid argument "{text}" for "{self.label()}" flag: '
                                f'strconv.ParseBool: parsing "{text}": invalid syntax')
            return value
        if self.kind in ("int", "int32"):
            value = go_parse_int(text)
            bits = 32 if self.kind == "int32" else 64
            problem = "invalid syntax" if value is None else (
                "value out of range" if not -(1 << (bits - 1)) <= value < (1 << (bits - 1)) else None)
            if problem:
                raise FlagError(f'invalid argument "{text}" for "{self.label()}" flag: '
                                f'strconv.ParseInt: parsing "{text}": {problem}')
            return value
        if self.kind == "slice":
            return current + ([] if text == "" else text.split(","))
        if self.kind == "array":
            return current + [text]
        return text


def go_parse_int(text):
    """strconv.ParseInt(text, 0, ...): decimal, 0x hex, 0o/0 octal, 0b binary, `_` between digits."""
    sign, body = (-1, text[1:]) if text[:1] == "-" else (1, text[1:] if text[:1] == "+" else text)
    base, digits = 10, body
    lowered = body.lower()
    if lowered.startswith(("0x", "0o", "0b")):
        base, digits = {"x": 16, "o": 8, "b": 2}[lowered[1]], body[2:]
    elif body.startswith("0") and len(body) > 1:
        base, digits = 8, body[1:]
    if not digits or digits.endswith("_") or "__" in digits or (digits.startswith("_") and base == 10):
        return None
    try:
        return sign * int(digits.replace("_", ""), base)
    except ValueError:
        return None


def _parse_bool(text):
    if text in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if text in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    return None


# Flags every kubectl command accepts (a subset of kubectl's global flags).
GLOBAL_FLAGS = [
    Flag("namespace", "n"),
    Flag("kubeconfig"), Flag("context"), Flag("cluster"), Flag("user"),
    Flag("as"), Flag("as-group", kind="array"), Flag("as-uid"),
    Flag("request-timeout", default="0"),
    Flag("v", "v", default="0"),
    Flag("help", "h", "bool"),  # cobra adds --help/-h to every command
]


class FlagSet:
    """The flags of one command; `parse(args)` returns (values, positional args, dash position)."""

    def __init__(self, flags):
        local = {f.name for f in flags}  # a command's own flag (`create rolebinding --user`) hides the global one
        self.flags = list(flags) + [f for f in GLOBAL_FLAGS if f.name not in local]
        self.by_name = {f.name: f for f in self.flags}
        self.by_short = {f.shorthand: f for f in self.flags if f.shorthand}

    def parse(self, args):
        values = {f.name: f.initial() for f in self.flags}
        changed = set()
        positional, dash_at = [], None
        i = 0

        def set_value(flag, text):
            values[flag.name] = flag.convert(text, values[flag.name] if flag.name in changed else flag.initial())
            changed.add(flag.name)

        while i < len(args):
            arg = args[i]
            i += 1
            if arg == "--":
                dash_at = len(positional)
                positional.extend(args[i:])
                break
            if arg.startswith("--") and len(arg) > 2:
                name, eq, text = arg[2:].partition("=")
                flag = self.by_name.get(name)
                if flag is None:
                    raise FlagError(f"unknown flag: --{name}")
                if eq:
                    set_value(flag, text)
                elif flag.kind == "bool":
                    set_value(flag, "true")
                elif flag.no_opt_default is not None:
                    set_value(flag, flag.no_opt_default)
                elif i < len(args):
                    set_value(flag, args[i])
                    i += 1
                else:
                    raise FlagError(f"flag needs an argument: --{name}")
            elif arg.startswith("-") and len(arg) > 1:
                shorts = arg[1:]
                while shorts:
                    c, shorts = shorts[0], shorts[1:]
                    flag = self.by_short.get(c)
                    if flag is None:
                        raise FlagError(f"unknown shorthand flag: '{c}' in {arg}")
                    if shorts.startswith("="):
                        set_value(flag, shorts[1:])
                        shorts = ""
                    elif flag.kind == "bool":
                        set_value(flag, "true")
                    elif shorts:
                        set_value(flag, shorts)
                        shorts = ""
                    elif flag.no_opt_default is not None:
                        set_value(flag, flag.no_opt_default)
                    elif i < len(args):
                        set_value(flag, args[i])
                        i += 1
                    else:
                        raise FlagError(f"flag needs an argument: '{c}' in -{c}")
            else:
                positional.append(arg)
        return Values(values, changed), positional, dash_at


class Values(dict):
    """Parsed flag values by long name; `changed(name)` tells whether the user gave it."""

    def __init__(self, values, changed):
        super().__init__(values)
        self._changed = changed

    def changed(self, name):
        return name in self._changed
