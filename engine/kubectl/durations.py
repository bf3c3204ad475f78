"""Duration flags (`--timeout=30s`) as pflag's DurationVar parses them: a bad value is a flag
error, printed as `Error: invalid argument ...` with the `See '... --help'` line."""
import re

from .errors import RawError

UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}
_PART = re.compile(r"(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)")


def seconds(text):
    """time.ParseDuration in seconds, or the Go error text."""
    body = text[1:] if text[:1] in "+-" else text
    sign = -1 if text[:1] == "-" else 1
    if body == "0":
        return 0
    if not body:
        raise ValueError(f'time: invalid duration "{text}"')
    total, pos = 0.0, 0
    while pos < len(body):
        match = _PART.match(body, pos)
        if match is None:
            number = re.match(r"\d+\.?\d*|\.\d+", body[pos:])
            if number and pos + number.end() == len(body):
                raise ValueError(f'time: missing unit in duration "{text}"')
            if number:
                unit = re.match(r"[^\d.]*", body[pos + number.end():]).group()
                raise ValueError(f'time: unknown unit "{unit}" in duration "{text}"')
            raise ValueError(f'time: invalid duration "{text}"')
        total += float(match.group(1)) * UNITS[match.group(2)]
        pos = match.end()
    return sign * total


def flag(ctx, name):
    """The value of a duration flag in seconds (a negative one counts as 0, no timeout, as
    ContextWithOptionalTimeout takes it); a bad value fails as cobra fails on flag errors."""
    text = ctx.opts[name]
    try:
        return max(0.0, seconds(text))
    except ValueError as e:
        raise RawError(f'Error: invalid argument "{text}" for "--{name}" flag: {e}\n'
                       f"See '{ctx.path} --help' for usage.")
