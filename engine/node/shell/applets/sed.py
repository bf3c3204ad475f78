"""sed: busybox 1.36.1's and GNU sed 4.9's (Debian) stream editor: addresses, ranges, s///, y, d, p, a/i/c,
q, =, n, h/H/g/G/x, N/D/P, r/w, -n, -e, -f, -i[SUFFIX], -E/-r; each flavor's wording for script errors."""
import re

from ...runtime.fs import FsError
from ...runtime.context import program
from .common import BUSYBOX_USAGE, gnu
from .regex import translate

BUSYBOX_SED_USAGE = BUSYBOX_USAGE.format(
    "sed [-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...\nor: sed [-i[SFX]] [-nrE] CMD [FILE]...\n\n"
    "\t-e CMD\tAdd CMD to sed commands to be executed\n\t-f FILE\tAdd FILE contents to sed commands to be executed\n"
    "\t-i[SFX]\tEdit files in-place (otherwise write to stdout)\n\t\tOptionally back files up, appending SFX\n"
    "\t-n\tSuppress automatic printing of pattern space\n\t-r,-E\tUse extended regex syntax\n\n"
    "If no -e or -f, the first non-option argument is the sed command string.\n"
    "Remaining arguments are input files (stdin if none).").rstrip("\n") + "\n"
GNU_SED_USAGE = "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n"
GNU_SED_HELP = (
    "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n"
    "\n"
    "  -n, --quiet, --silent\n"
    "                 suppress automatic printing of pattern space\n"
    "      --debug\n"
    "                 annotate program execution\n"
    "  -e script, --expression=script\n"
    "                 add the script to the commands to be executed\n"
    "  -f script-file, --file=script-file\n"
    "                 add the contents of script-file to the commands to be executed\n"
    "  --follow-symlinks\n"
    "                 follow symlinks when processing in place\n"
    "  -i[SUFFIX], --in-place[=SUFFIX]\n"
    "                 edit files in place (makes backup if SUFFIX supplied)\n"
    "  -l N, --line-length=N\n"
    "                 specify the desired line-wrap length for the `l' command\n"
    "  --posix\n"
    "                 disable all GNU extensions.\n"
    "  -E, -r, --regexp-extended\n"
    "                 use extended regular expressions in the script\n"
    "                 (for portability use POSIX -E).\n"
    "  -s, --separate\n"
    "                 consider files as separate rather than as a single,\n"
    "                 continuous long stream.\n"
    "      --sandbox\n"
    "                 operate in sandbox mode (disable e/r/w commands).\n"
    "  -u, --unbuffered\n"
    "                 load minimal amounts of data from the input files and flush\n"
    "                 the output buffers more often\n"
    "  -z, --null-data\n"
    "                 separate lines by NUL characters\n"
    "      --help     display this help and exit\n"
    "      --version  output version information and exit\n"
    "\n"
    "If no -e, --expression, -f, or --file option is given, then the first\n"
    "non-option argument is taken as the sed script to interpret.  All\n"
    "remaining arguments are names of input files; if no input files are\n"
    "specified, then the standard input is read.\n"
    "\n"
    "GNU sed home page: <https://www.gnu.org/software/sed/>.\n"
    "General help using GNU software: <https://www.gnu.org/gethelp/>.\n")


class SedError(Exception):
    """A script error: `busybox` and `gnu` are the two wordings (GNU's without its expression prefix)."""

    def __init__(self, busybox, gnu_text, pos):
        super().__init__(busybox)
        self.busybox, self.gnu, self.pos = busybox, gnu_text, pos


class Command:
    def __init__(self):
        self.addr1 = self.addr2 = None
        self.negate = False
        self.name = ""
        self.args = None
        self.active = False  # inside its range
        self.end_line = None  # last line of a +N range


class Parser:
    """Parse a script into Commands (busybox and GNU agree on the syntax used here)."""

    def __init__(self, script, extended):
        self.s, self.i, self.extended = script, 0, extended

    def error(self, busybox, gnu_text, pos=None):
        raise SedError(busybox, gnu_text, self.i + 1 if pos is None else pos)

    def peek(self):
        return self.s[self.i] if self.i < len(self.s) else ""

    def skip_space(self):
        while self.peek() in (" ", "\t"):
            self.i += 1

    def parse(self):
        """Commands in order; `{` holds the index just past its `}` (where an unselected block jumps)."""
        commands, opened = [], []
        while True:
            while self.peek() in (" ", "\t", "\n", ";"):
                self.i += 1
            if self.i >= len(self.s):
                if opened:
                    self.error("unterminated {", "unmatched `{'", 0)
                return commands
            if self.peek() == "}":
                if not opened:
                    self.error("unsupported command }", "unexpected `}'")
                self.i += 1
                commands[opened.pop()].args = len(commands)
                continue
            commands.append(self.command())
            if commands[-1].name == "{":
                opened.append(len(commands) - 1)

    def regex_until(self, delim, what):
        """Text up to the next unescaped `delim` (outside brackets); the index moves past it."""
        start, i, bracket = self.i, self.i, False
        while i < len(self.s):
            c = self.s[i]
            if c == "\\" and not bracket:
                i += 2
                continue
            if c == "[" and not bracket:
                bracket = True
                if self.s[i + 1:i + 2] == "^":
                    i += 1
                if self.s[i + 1:i + 2] == "]":
                    i += 1
            elif c == "]" and bracket:
                bracket = False
            elif c == delim and not bracket:
                self.i = i + 1
                return self.s[start:i]
            i += 1
        self.i = len(self.s)
        self.error(f"unmatched '{delim}'", f"unterminated {what}", len(self.s))

    def compile(self, text, flags=0):
        if text == "":
            return None  # the last regex used
        text = text.replace("\\n", "\n") if not self.extended else text
        try:
            return re.compile(translate(text, self.extended), flags)
        except re.error:
            self.error("bad regex", "Invalid preceding regular expression")

    def address(self):
        c = self.peek()
        if c.isdigit():
            m = re.match(r"(\d+)(?:~(\d+))?", self.s[self.i:])
            self.i += m.end()
            return int(m.group(1)) if m.group(2) is None else ("~", int(m.group(1)), int(m.group(2)))
        if c == "$":
            self.i += 1
            return "$"
        if c in ("/", "\\"):
            self.i += 1
            delim = "/"
            if c == "\\":
                delim = self.peek()
                self.i += 1
            text = self.regex_until(delim, "address regex")
            flags = 0
            while self.peek() in ("I",):
                flags |= re.I
                self.i += 1
            return self.compile(text.replace("\\" + delim, delim) if delim != "/" else text, flags) or ""
        return None

    def command(self):
        cmd = Command()
        cmd.addr1 = self.address()
        if self.peek() == ",":
            self.i += 1
            if self.peek() == "+" and self.s[self.i + 1:self.i + 2].isdigit():
                m = re.match(r"\+(\d+)", self.s[self.i:])
                self.i += m.end()
                cmd.addr2 = ("+", int(m.group(1)))
            else:
                cmd.addr2 = self.address()
                if cmd.addr2 is None:
                    self.error("no address after comma", "unexpected `,'", self.i)
        self.skip_space()
        if self.peek() == "!":
            cmd.negate = True
            self.i += 1
            self.skip_space()
        if not self.peek():
            self.error("missing command", "missing command", len(self.s))
        cmd.name = self.peek()
        self.i += 1
        if cmd.name == "{":
            return cmd
        handler = getattr(self, "cmd_" + {"=": "equals"}.get(cmd.name, cmd.name), None) if cmd.name.isalpha() or \
            cmd.name == "=" else None
        if handler is None:
            self.error(f"unsupported command {cmd.name}", f"unknown command: `{cmd.name}'", self.i)
        if cmd.addr2 is not None and cmd.name in "aiq=" and not gnu_two_address(cmd.name):
            self.error(f"command '{cmd.name}' uses only one address", "command only uses one address")
        cmd.args = handler()
        self.end_of_command(cmd.name)
        return cmd

    def end_of_command(self, name):
        self.skip_space()
        if self.peek() not in ("", ";", "\n", "}", "#"):
            self.error(f"unsupported command {self.peek()}", "extra characters after command")

    def cmd_s(self):
        delim = self.peek()
        if not delim or delim in ("\n", "\\"):
            self.error("bad format in substitution expression", "unterminated `s' command", len(self.s))
        self.i += 1
        pattern = self.regex_until(delim, "`s' command")
        replacement = self.replacement(delim)
        glob, nth, show, flags = False, 1, False, 0
        while self.peek() and self.peek() not in (";", "\n", "}", " ", "\t", "#"):
            c = self.peek()
            if c == "g":
                glob = True
            elif c == "p":
                show = True
            elif c in ("I", "i"):
                flags |= re.I
            elif c.isdigit():
                m = re.match(r"\d+", self.s[self.i:])
                nth = int(m.group())
                self.i += m.end() - 1
            else:
                self.error("bad option in substitution expression", "unknown option to `s'")
            self.i += 1
        if delim != "/":
            pattern = pattern.replace("\\" + delim, delim)
        return self.compile(pattern, flags), replacement, glob, nth, show

    def replacement(self, delim):
        start, i = self.i, self.i
        while i < len(self.s):
            c = self.s[i]
            if c == "\\":
                i += 2
                continue
            if c == delim:
                self.i = i + 1
                return self.s[start:i]
            i += 1
        self.i = len(self.s)
        self.error(f"unmatched '{delim}'", "unterminated `s' command", len(self.s))

    def cmd_y(self):
        delim = self.peek()
        self.i += 1
        source = self.replacement_y(delim)
        dest = self.replacement_y(delim)
        if len(source) != len(dest):
            self.error("strings for y command are different lengths",
                       "strings for `y' command are different lengths", self.i)
        return dict(zip(source, dest))

    def replacement_y(self, delim):
        out, i = [], self.i
        while i < len(self.s):
            c = self.s[i]
            if c == "\\" and i + 1 < len(self.s):
                nxt = self.s[i + 1]
                out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(nxt, nxt))
                i += 2
                continue
            if c == delim:
                self.i = i + 1
                return "".join(out)
            out.append(c)
            i += 1
        self.i = len(self.s)
        self.error(f"unmatched '{delim}'", "unterminated `y' command", len(self.s))

    def text_argument(self):
        """a, i, c: `a text`, `a\\` newline text (GNU's one-liner form too); up to the end of the line."""
        self.skip_space()
        if self.peek() == "\\":
            self.i += 1
            if self.peek() == "\n":
                self.i += 1
        end = self.s.find("\n", self.i)
        end = len(self.s) if end < 0 else end
        text = self.s[self.i:end]
        self.i = end
        return re.sub(r"\\(.)", r"\1", text)

    cmd_a = cmd_i = cmd_c = text_argument

    def file_argument(self):
        """r and w: the rest of the line names the file."""
        self.skip_space()
        end = self.s.find("\n", self.i)
        end = len(self.s) if end < 0 else end
        name, self.i = self.s[self.i:end], end
        if not name:
            self.error("empty filename", "missing filename in r/R/w/W commands", self.i)
        return name

    cmd_r = cmd_w = file_argument

    def no_argument(self):
        return None

    cmd_d = cmd_p = cmd_n = cmd_N = cmd_D = cmd_P = cmd_h = cmd_H = cmd_g = cmd_G = cmd_x = no_argument
    cmd_equals = no_argument

    def cmd_q(self):
        self.skip_space()
        m = re.match(r"\d+", self.s[self.i:])
        if m:
            self.i += m.end()
            return int(m.group())
        return 0


def gnu_two_address(name):
    return name in "ai"  # GNU and busybox accept ranges for a and i; = and q take one


def expand(replacement, match):
    out, i = [], 0
    while i < len(replacement):
        c = replacement[i]
        if c == "\\" and i + 1 < len(replacement):
            nxt = replacement[i + 1]
            if nxt.isdigit():
                out.append(match.group(int(nxt)) or "")
            else:
                out.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
            i += 2
            continue
        out.append(match.group(0) if c == "&" else c)
        i += 1
    return "".join(out)


class Editor:
    """Runs commands over lines; `lines` are (text, had_newline); output collects what sed prints."""

    def __init__(self, commands, quiet):
        self.commands, self.quiet = commands, quiet
        self.last_regex = None
        self.quit = None
        self.missing = False  # the last output line had no newline
        self.hold = ""

    def regex(self, compiled):
        if compiled == "" or compiled is None:
            if self.last_regex is None:
                raise SedError("no previous regexp", "no previous regular expression", 0)
            return self.last_regex
        self.last_regex = compiled
        return compiled

    def matches(self, addr, line, number, last):
        if addr == "$":
            return last
        if isinstance(addr, int):
            return number == addr
        if isinstance(addr, tuple):  # first~step
            _, first, step = addr
            return number == first if step == 0 else number >= first and (number - first) % step == 0
        return self.regex(addr).search(line) is not None

    def selected(self, cmd, line, number, last):
        if cmd.addr1 is None:
            hit = True
        elif cmd.addr2 is None:
            hit = self.matches(cmd.addr1, line, number, last)
        elif cmd.active:
            hit = True
            addr2 = cmd.addr2
            if isinstance(addr2, tuple):
                cmd.active = number < cmd.end_line
            elif isinstance(addr2, int):
                cmd.active = number < addr2
            else:
                cmd.active = not self.matches(addr2, line, number, last)
        else:
            hit = self.matches(cmd.addr1, line, number, last)
            if hit:
                addr2 = cmd.addr2
                if isinstance(addr2, tuple):
                    cmd.end_line = number + addr2[1]
                    cmd.active = number < cmd.end_line
                elif isinstance(addr2, int):
                    cmd.active = number < addr2
                elif addr2 == "$":
                    cmd.active = not last
                else:
                    cmd.active = True
        return hit != cmd.negate

    def run(self, lines, write):
        """Edit `lines` (a list of (text, newline)); `write(text)` gets the output. A last line without its
        newline is printed without one, unless more output follows (as both seds do)."""
        def out(text, pattern=False):
            if self.missing:
                write("\n")
            self.missing = pattern and not newline
            write(text[:-1] if self.missing else text)
        index, restart = 0, None
        while index < len(lines) and self.quit is None:
            text, newline = lines[index]
            number = self.number = self.base + index + 1
            last = index == len(lines) - 1 and self.final
            space, appended, deleted = (text if restart is None else restart), [], False
            restart = None
            pc = 0
            while pc < len(self.commands):
                cmd = self.commands[pc]
                pc += 1
                if not self.selected(cmd, space, number, last):
                    if cmd.name == "{":
                        pc = cmd.args
                    continue
                name = cmd.name
                if name == "s":
                    space, shown = self.substitute(cmd.args, space)
                    if shown:
                        out(space + "\n", True)
                elif name == "d":
                    deleted = True
                    break
                elif name == "p":
                    out(space + "\n", True)
                elif name == "y":
                    space = "".join(cmd.args.get(ch, ch) for ch in space)
                elif name == "a":
                    appended.append(cmd.args + "\n")
                elif name == "r":
                    appended.append(self.read_file(cmd.args))
                elif name == "w":
                    self.write_file(cmd.args, space + "\n")
                elif name == "i":
                    out(cmd.args + "\n")
                elif name == "c":
                    if not cmd.active or cmd.negate:
                        out(cmd.args + "\n")
                    deleted = True
                    break
                elif name == "=":
                    out(f"{number}\n")
                elif name == "q":
                    self.quit = cmd.args
                    break
                elif name in ("h", "H", "g", "G", "x"):
                    space = self.hold_space(name, space)
                elif name == "P":
                    out(space.split("\n", 1)[0] + "\n", True)
                elif name == "D":
                    if "\n" in space:
                        restart = space.split("\n", 1)[1]
                        index -= 1  # the cycle starts again on what is left, reading no new line
                    deleted = True
                    break
                elif name == "N":
                    if index + 1 >= len(lines):
                        break  # no next line: both seds print the pattern space and end
                    index += 1
                    text, newline = lines[index]
                    space += "\n" + text
                    number = self.number = self.base + index + 1
                    last = index == len(lines) - 1 and self.final
                elif name == "n":
                    if index + 1 >= len(lines):
                        break
                    if not self.quiet:
                        out(space + "\n", True)
                    index += 1
                    space, newline = lines[index]
                    number = self.number = self.base + index + 1
                    last = index == len(lines) - 1 and self.final
            if not deleted and not self.quiet:
                out(space + "\n", True)
            for text in appended:
                out(text)
            index += 1
        self.base += len(lines)

    def read_file(self, name):
        try:
            return self.fs.read(self.path(name))
        except FsError:
            return ""  # a file r cannot read is silently skipped

    def write_file(self, name, text):
        path = self.path(name)
        try:
            self.fs.write(path, text, append=path in self.written)
        except FsError:
            return
        self.written.add(path)

    def hold_space(self, name, space):
        if name == "h":
            self.hold = space
        elif name == "H":
            self.hold += "\n" + space
        elif name == "g":
            return self.hold
        elif name == "G":
            return space + "\n" + self.hold
        else:
            self.hold, space = space, self.hold
        return space

    def substitute(self, args, space):
        compiled, replacement, glob, nth, show = args
        regex = self.regex(compiled)
        count, pieces, pos, changed = 0, [], 0, False
        for m in regex.finditer(space):
            count += 1
            if count < nth:
                continue
            pieces.append(space[pos:m.start()])
            pieces.append(expand(replacement, m))
            pos = m.end()
            changed = True
            if not glob:
                break
        if not changed:
            return space, False
        pieces.append(space[pos:])
        return "".join(pieces), show


def split_lines(text):
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
        return [(line, True) for line in lines]
    return [(line, True) for line in lines[:-1]] + [(lines[-1], False)]


def parse_args(ctx, argv):
    """(scripts, files, quiet, extended, in_place suffix or None) or an exit code after an error."""
    scripts, files, quiet, extended, in_place = [], [], False, False, None
    args, i = argv[1:], 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            files += args[i:]
            break
        if arg.startswith("--"):
            key, eq, value = arg[2:].partition("=")
            if key in ("quiet", "silent"):
                quiet = True
            elif key == "regexp-extended":
                extended = True
            elif key == "in-place":
                in_place = value
            elif key == "expression":
                if not eq:
                    value, i = (args[i] if i < len(args) else ""), i + 1
                scripts.append(value)
            elif key in ("posix", "separate", "debug", "sandbox", "follow-symlinks"):
                pass
            else:
                return unknown_option(ctx, arg)
            continue
        if not arg.startswith("-") or arg == "-":
            files.append(arg)
            continue
        j = 1
        while j < len(arg):
            ch = arg[j]
            j += 1
            if ch == "n":
                quiet = True
            elif ch in ("r", "E"):
                extended = True
            elif ch == "s" or ch == "u":
                pass
            elif ch == "i":
                in_place = arg[j:]
                break
            elif ch in ("e", "f"):
                value = arg[j:]
                if not value:
                    if i >= len(args):
                        ctx.err(f"sed: option requires an argument -- '{ch}'\n" + (
                            GNU_SED_USAGE if gnu(ctx) else BUSYBOX_SED_USAGE))
                        return 1
                    value, i = args[i], i + 1
                if ch == "e":
                    scripts.append(value)
                else:
                    try:
                        scripts.append(ctx.fs.read(ctx.path(value)).rstrip("\n"))
                    except FsError as err:
                        ctx.err(f"sed: couldn't open file {value}: {err.strerror}\n" if gnu(ctx)
                                else f"sed: can't open '{value}': {err.strerror}\n")
                        return 1 if not gnu(ctx) else 4
                break
            else:
                return unknown_option(ctx, "-" + ch)
    return scripts, files, quiet, extended, in_place


def unknown_option(ctx, arg):
    if arg.startswith("--"):
        ctx.err(f"sed: unrecognized option '{arg}'\n")
    else:
        ctx.err(f"sed: invalid option -- '{arg[1:]}'\n" if gnu(ctx) else f"sed: invalid option -- '{arg[1:]}'\n")
    ctx.err(GNU_SED_USAGE if gnu(ctx) else BUSYBOX_SED_USAGE)
    return 1


@program("sed")
def sed(ctx, argv):
    if argv[1:2] == ["--help"]:  # busybox shows its usage on stderr with status 0
        if gnu(ctx):
            ctx.out(GNU_SED_HELP + "E-mail bug reports to: <bug-sed@gnu.org>.\n")
        else:
            ctx.err(BUSYBOX_SED_USAGE)
        return 0
    parsed = parse_args(ctx, argv)
    if isinstance(parsed, int):
        return parsed
    scripts, files, quiet, extended, in_place = parsed
    if not scripts:
        if not files:
            ctx.err(GNU_SED_HELP if gnu(ctx) else BUSYBOX_SED_USAGE)
            return 1
        scripts = [files.pop(0)]
    try:
        commands = []
        for number, script in enumerate(scripts, 1):
            try:
                commands += Parser(script, extended).parse()
            except SedError as err:
                err.expression = number
                raise
    except SedError as err:
        ctx.err(f"sed: -e expression #{err.expression}, char {err.pos}: {err.gnu}\n" if gnu(ctx)
                else f"sed: {err.busybox}\n")
        return 1
    editor = Editor(commands, quiet)
    editor.fs, editor.path, editor.written = ctx.fs, ctx.path, set()
    for cmd in commands:  # w files are created (emptied) before any input is read
        if cmd.name == "w":
            editor.write_file(cmd.args, "")
    editor.base = 0
    if in_place is not None:
        return edit_in_place(ctx, editor, files, in_place)
    return stream(ctx, editor, files)
    yield


def stream(ctx, editor, files):
    status, texts = 0, []
    for name in files or ["-"]:
        if name == "-":
            texts.append(ctx.read_all())
            continue
        try:
            texts.append(ctx.fs.read(ctx.path(name)))
        except FsError as err:
            status = 2 if gnu(ctx) else 1
            ctx.err(f"sed: can't read {name}: {err.strerror}\n" if gnu(ctx) else f"sed: {name}: {err.strerror}\n")
    output = []
    for index, text in enumerate(texts):
        editor.final = index == len(texts) - 1
        lines = split_lines(text)
        if not editor.final and lines and not lines[-1][1]:
            lines[-1] = (lines[-1][0], True)  # files are joined: only the last one's missing newline shows
        try:
            editor.run(lines, output.append)
        except SedError as err:
            ctx.out("".join(output))
            ctx.err(f"sed: {err.gnu if gnu(ctx) else err.busybox}\n")
            return 4 if gnu(ctx) else 1
    ctx.out("".join(output))
    return editor.quit if editor.quit else status


def edit_in_place(ctx, editor, files, suffix):
    if not files:
        ctx.err("sed: no input files\n" if gnu(ctx) else "sed: -i requires an argument\n")
        return 1 if not gnu(ctx) else 4
    status = 0
    for name in files:
        path = ctx.path(name)
        try:
            text = ctx.fs.read(path)
        except FsError as err:
            status = 2 if gnu(ctx) else 1
            ctx.err(f"sed: can't read {name}: {err.strerror}\n" if gnu(ctx) else f"sed: {name}: {err.strerror}\n")
            continue
        output = []
        editor.base, editor.final = 0, True
        for cmd in editor.commands:
            cmd.active = False
        try:
            editor.run(split_lines(text), output.append)
        except SedError as err:
            ctx.err(f"sed: {err.gnu if gnu(ctx) else err.busybox}\n")
            return 4 if gnu(ctx) else 1
        try:
            mode = ctx.fs.node(path).mode
            if suffix:
                ctx.fs.write(path + suffix, text, mode=mode) if "*" not in suffix else \
                    ctx.fs.write(ctx.path(suffix.replace("*", name)), text, mode=mode)
            ctx.fs.write(path, "".join(output), mode=mode)
        except FsError as err:
            status = 4 if gnu(ctx) else 1
            ctx.err(f"sed: couldn't open temporary file {name}: {err.strerror}\n" if gnu(ctx)
                    else f"sed: can't create temp file '{name}XXXXXX': {err.strerror}\n")
        if editor.quit is not None:
            break
    return editor.quit if editor.quit else status
