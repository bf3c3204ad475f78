"""The perl image: enough perl for the Kubernetes Job example (`perl -Mbignum=bpi -wle 'print bpi(2000)'`
computes pi exactly), plain `print` one-liners, `sleep` and `-v`."""
import re

from ..context import program
from ..process import Sleep
from .base import BUILD_TIME, Image

PERL_TAGS = {"latest": "5.40.0", "5": "5.40.0", "5.40": "5.40.0", "5.40.0": "5.40.0", "slim": "5.40.0",
             "5.38": "5.38.2", "5.38.2": "5.38.2", "5.36": "5.36.3", "5.34": "5.34.3", "5.34.0": "5.34.0",
             "5.32": "5.32.1", "5.30": "5.30.3"}


def pi_digits(significant):
    """pi rounded to `significant` significant digits, as Math::BigFloat's bpi(N) prints it."""
    guard = 12
    scale = 10 ** (significant + guard)

    def arctan_inv(x):
        total, term, k, sign = 0, scale // x, 1, 1
        x2 = x * x
        while term:
            total += sign * (term // k)
            term //= x2
            k += 2
            sign = -sign
        return total

    pi = 4 * (4 * arctan_inv(5) - arctan_inv(239))  # Machin's formula, pi * 10**(significant+guard)
    digits = pi // 10 ** (guard + 1)  # keep `significant` digits: one before the point
    remainder = pi % 10 ** (guard + 1)
    half = 5 * 10 ** guard
    if remainder > half or (remainder == half and digits % 2):
        digits += 1
    text = str(digits)
    return text[0] + "." + text[1:]


def cpu_cost(expr):
    """Virtual CPU seconds pure-Perl bignum spends on bpi(N): quadratic in the digits."""
    m = re.search(r"bpi\(\s*(\d+)\s*\)", expr)
    return round((int(m.group(1)) / 1000) ** 2 * 1.5, 3) if m else 0


def layer(tree, version, tag):
    tree.add("/usr/local/bin/perl", "", 0o755, BUILD_TIME, program="perl")


def _split_flags(args):
    """(module options, switches, script or None, rest)."""
    modules, switches, script = [], set(), None
    rest = list(args)
    while rest and rest[0].startswith("-") and rest[0] != "-":
        arg = rest.pop(0)
        if arg.startswith("-M") or arg.startswith("-m"):
            modules.append(arg[2:] or (rest.pop(0) if rest else ""))
            continue
        letters = arg[1:]
        for i, ch in enumerate(letters):
            if ch in "eE":
                script = letters[i + 1:] or (rest.pop(0) if rest else "")
                break
            switches.add(ch)
        if script is not None:
            break
    return modules, switches, script, rest


def _evaluate(expr, modules):
    expr = expr.strip()
    m = re.fullmatch(r"bpi\(\s*(\d+)\s*\)", expr)
    if m and any(mod.startswith("bignum") or mod.startswith("Math::BigFloat") for mod in modules):
        return pi_digits(int(m.group(1)))
    m = re.fullmatch(r'"((?:[^"\\]|\\.)*)"', expr, re.S)
    if m:
        return m.group(1).replace("\\n", "\n").replace("\\t", "\t").replace('\\"', '"')
    m = re.fullmatch(r"'((?:[^'\\]|\\.)*)'", expr, re.S)
    if m:
        return m.group(1)
    if re.fullmatch(r"[\d+\-*/ ().]+", expr):
        try:
            value = eval(expr, {"__builtins__": {}})  # digits and operators only
            return str(int(value) if float(value).is_integer() else value)
        except Exception:
            return None
    return None


@program("perl")
def perl(ctx, argv):
    modules, switches, script, rest = _split_flags(argv[1:])
    if "v" in switches:
        version = (ctx.container.config.get("version") if ctx.container is not None else None) or "5.40.0"
        major, minor, patch = version.split(".")
        ctx.out(f"\nThis is perl {major}, version {minor}, subversion {patch} (v{version}) built for "
                "x86_64-linux-gnu\n\nCopyright 1987-2024, Larry Wall\n")
        return 0
    if script is None:
        if rest:
            try:
                script = ctx.fs.read(ctx.path(rest[0]))
            except Exception:
                ctx.err(f'Can\'t open perl script "{rest[0]}": No such file or directory\n')
                return 2
        else:
            script = ctx.read_all()
    newline = "\n" if "l" in switches else ""
    for statement in [s.strip() for s in script.split(";") if s.strip()]:
        m = re.fullmatch(r"print\s*(.*)", statement, re.S)
        if m:
            cost = cpu_cost(m.group(1))
            if cost:
                yield Sleep(cost, cpu=True)  # Math::BigFloat is slow: the Job example runs for seconds
            parts = [_evaluate(p, modules) for p in _split_args(m.group(1))] if m.group(1) else [""]
            if any(p is None for p in parts):
                ctx.err(f"syntax error at -e line 1, near \"{statement}\"\nExecution of -e aborted due to compilation errors.\n")
                return 255
            ctx.out("".join(parts) + newline)
            continue
        m = re.fullmatch(r"sleep\s*\(?\s*(\d+)\s*\)?", statement)
        if m:
            yield Sleep(int(m.group(1)))
            continue
        m = re.fullmatch(r"exit\s*\(?\s*(\d*)\s*\)?", statement)
        if m:
            return int(m.group(1) or 0)
        m = re.fullmatch(r"die\s*(.*)", statement, re.S)
        if m:
            text = _evaluate(m.group(1), modules) or "Died"
            ctx.err(text if text.endswith("\n") else f"{text} at -e line 1.\n")
            return 255
        ctx.err(f"syntax error at -e line 1, near \"{statement}\"\nExecution of -e aborted due to compilation errors.\n")
        return 255
    return 0


def _split_args(text):
    parts, depth, quote, start = [], 0, None, 0
    for i, ch in enumerate(text):
        if quote:
            if ch == quote and text[i - 1] != "\\":
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def images():
    env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "PERL_VERSION": "5.40.0"}
    return [Image("docker.io/library/perl", PERL_TAGS, "debian", cmd=["perl"], env=env, layer=layer,
                  size=336_000_000, memory=18 << 20)]
