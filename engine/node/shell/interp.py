"""The sh interpreter: runs parsed scripts as a generator in virtual time (commands yield Sleep...),
with expansions, redirections, traps, `set -e`, background jobs and a CPU budget so loops stay bounded."""
import copy
import fnmatch

from ..runtime.context import PROGRAMS, NotFound, resolve, spawn
from ..runtime.fs import FsError
from ..runtime.process import Capture, Input, Interrupt, Null, Signal, Sleep, WaitForever
from .builtins import BUILTIN_NAMES, BUILTIN_PROGRAMS, Builtins
from .control import Exit, LoopControl, Return
from .expand import Expansions
from .parser import ShellSyntaxError, parse

STEP_COST = 1e-4  # virtual CPU seconds one command costs
SPIN_COST = 0.01  # each iteration of a loop past SPIN_AFTER iterations: keeps busy loops cheap to simulate
SPIN_AFTER = 1000
MAX_DEPTH = 60  # nested function calls (each costs Python generator frames)


class FileStream:
    """Output redirected to a file: every write lands in the file at once."""

    def __init__(self, fs, path):
        self.fs, self.path = fs, path

    def write(self, text):
        try:
            self.fs.write(self.path, text, append=True)
        except FsError:
            pass


class Shell(Builtins, Expansions):
    """One shell (or subshell). `flavor` picks the error wording: ash (busybox), dash or bash."""

    def __init__(self, ctx, name="sh", flavor="ash", args=()):
        self.ctx = ctx
        self.root_ctx = ctx
        self.vars = dict(ctx.env)
        self.exported = set(ctx.env)
        self.vars.setdefault("IFS", " \t\n")
        self.vars.setdefault("PWD", ctx.cwd)
        self.name, self.flavor = name, flavor
        self.positional = list(args)
        self.status = 0
        self.subst_status = None
        self.functions = {}
        self.traps = {}
        self.errexit = False
        self.xtrace = False  # set -x
        self.nounset = False  # set -u
        self.pipefail = False  # set -o pipefail
        self.jobs = []
        self.last_bg = None
        self.debt = 0.0
        self.condition = 0
        self.loop_depth = 0
        self.depth = 0
        self.exec_last = False  # `sh -c`: the last simple command replaces the shell, as dash and ash do
        self.exec_now = False
        self.changes = 0  # bumps when a variable is set: loops that change nothing are spinning
        self.lineno = 1  # dash counts the lines an interactive shell read (None: bash at a prompt)

    def set_flags(self, letters, on=True):
        for letter in letters:
            if letter in "exu":
                setattr(self, {"e": "errexit", "x": "xtrace", "u": "nounset"}[letter], on)

    # ---- messages and time
    def error(self, text):
        if self.flavor == "bash":
            prefix = f"{self.name}: " if self.lineno is None else f"{self.name}: line 1: "
        elif self.flavor == "dash":
            prefix = f"{self.name}: {self.lineno or 1}: "
        else:
            prefix = f"{self.name}: "
        self.ctx.err(prefix + text + "\n")

    def not_found(self, name):
        self.error(f"{name}: command not found" if self.flavor == "bash" else f"{name}: not found")

    def tick(self, cost=STEP_COST):
        self.debt += cost
        if self.debt >= 0.01:
            debt, self.debt = self.debt, 0.0
            try:
                yield Sleep(debt, cpu=True)
            except Signal as sig:
                yield from self.run_trap(sig.name)

    @property
    def process(self):
        return self.root_ctx.process

    # ---- entry points
    def run_script(self, src):
        """Run a whole script; the result is the shell's exit status (EXIT trap included)."""
        try:
            tree = parse(src)
        except ShellSyntaxError as err:
            self.error(f"syntax error: {err}")
            return 2
        if self.exec_last:
            mark_last_command(tree)
        try:
            self.status = yield from self.exec_node(tree)
        except Exit as ex:
            self.status = ex.code
        except (LoopControl, Return):
            pass
        except Interrupt:  # Ctrl-C: raise_interrupt ends a shell that is not interactive with 128+SIGINT
            self.status = 130
        except ShellSyntaxError as err:  # found while expanding (a here-document's `${`)
            self.error(f"syntax error: {err}")
            self.status = 2
        if "EXIT" in self.traps:
            action = self.traps.pop("EXIT")
            try:
                yield from self.eval_string(action)
            except Exit as ex:
                self.status = ex.code
        return self.status & 0xFF

    def interactive(self):
        """A shell reading commands from an open stdin (`kubectl run -it ... -- sh`) until it closes."""
        tty = getattr(self.ctx, "tty", False)
        self.lineno = None if tty and self.flavor == "bash" else 0
        self.ctx.interactive = tty  # Ctrl-C ends the command in the foreground, not the shell
        while True:
            if tty:
                self.ctx.out(self.prompt())
            line = self.ctx.stdin.complete_line()
            while line is None:
                if self.ctx.stdin.at_end():
                    rest = self.ctx.stdin.read_all()
                    if rest.strip():
                        line = rest
                        break
                    if tty:  # end of input (Ctrl-D) at a prompt
                        self.ctx.err("exit\n" if self.flavor == "bash" else "\n")
                    return self.status
                self.ctx.stdin.waiter = self.process.wake if self.process else None
                try:
                    yield WaitForever()
                except Interrupt:
                    pass
                except Signal as sig:
                    try:
                        yield from self.run_trap(sig.name)
                    except Exit as ex:
                        return ex.code
                line = self.ctx.stdin.complete_line()
            if self.lineno is not None:
                self.lineno += 1
            try:
                self.status = yield from self.eval_string(line)
            except Exit as ex:
                if tty and self.flavor == "bash":
                    self.ctx.err("exit\n")
                return ex.code
            except (LoopControl, Return):
                pass
            except Interrupt:
                self.ctx.err("\n")
                self.status = 130

    def prompt(self):
        """PS1 as each shell sets it for root or a user: busybox's `\\w \\$ `, dash's `# `, and Debian's
        bash.bashrc `\\u@\\h:\\w\\$ `, with the home directory shown as ~."""
        uid = self.ctx.fs.identity[0]
        sign = "#" if uid == 0 else "$"
        if self.flavor == "dash":
            return sign + " "
        cwd, home = self.ctx.cwd, self.vars.get("HOME", "")
        if home and home != "/" and (cwd == home or cwd.startswith(home + "/")):
            cwd = "~" + cwd[len(home):]
        if self.flavor == "bash":
            return f"{self.user_name(uid)}@{self.ctx.hostname.split('.')[0]}:{cwd}{sign} "
        return f"{cwd} {sign} "

    def user_name(self, uid):
        try:
            passwd = self.ctx.fs.read("/etc/passwd")
        except FsError:
            passwd = ""
        for entry in passwd.splitlines():
            fields = entry.split(":")
            if len(fields) > 2 and fields[2] == str(uid):
                return fields[0]
        return "root" if uid == 0 else "I have no name!"

    def eval_string(self, src):
        try:
            tree = parse(src)
        except ShellSyntaxError as err:
            self.error(f"syntax error: {err}")
            return 2
        return (yield from self.exec_node(tree))

    def subshell(self):
        sub = copy.copy(self)
        sub.vars = dict(self.vars)
        sub.exported = set(self.exported)
        sub.functions = dict(self.functions)
        sub.traps = {k: v for k, v in self.traps.items() if v == ""}
        sub.positional = list(self.positional)
        sub.jobs = []
        return sub

    # ---- execution
    def exec_node(self, node):
        return getattr(self, "exec_" + node.kind)(node)

    def exec_list(self, node):
        status = 0
        for andor, background in node.items:
            if background:
                self.start_job(andor)
                status = 0
            else:
                status = yield from self.exec_andor(andor)
            self.status = status
        return status

    def exec_andor(self, node):
        if node.rest:
            status = yield from self.in_condition(node.first)
        else:
            status = yield from self.exec_pipeline(node.first)
        last = node.first
        for i, (op, pipeline) in enumerate(node.rest):
            if (op == "&&") == (status == 0):
                final = i == len(node.rest) - 1
                status = yield from (self.exec_pipeline(pipeline) if final else self.in_condition(pipeline))
                last = pipeline
        if status and self.errexit and not self.condition and not last.negate and last is (
                node.rest[-1][1] if node.rest else node.first):
            raise Exit(status)
        return status

    def in_condition(self, node):
        self.condition += 1
        try:
            return (yield from self.exec_node(node))
        finally:
            self.condition -= 1

    def exec_pipeline(self, node):
        if len(node.cmds) == 1:
            status = yield from self.exec_node(node.cmds[0])
        else:
            data, failed = None, 0
            for i, cmd in enumerate(node.cmds):
                sub = self.subshell()
                out = Capture() if i < len(node.cmds) - 1 else self.ctx.stdout
                sub.ctx = self.ctx.derive(stdout=out, owner=self.ctx.owner)
                if data is not None:
                    sub.ctx.stdin = Input(data)
                try:
                    status = yield from sub.exec_node(cmd)
                except Exit as ex:
                    status = ex.code
                except (LoopControl, Return):
                    status = 0
                failed = status or failed if self.pipefail else status
                data = out.text if i < len(node.cmds) - 1 else None
            status = failed if self.pipefail else status
        if node.negate:
            return 0 if status else 1
        return status

    def exec_simple(self, node):
        yield from self.tick()
        self.subst_status = None
        words = []
        for word in node.words:
            words += yield from self.expand(word)
        assigns = []
        for text in node.assigns:
            name, _, value = text.partition("=")
            assigns.append((name, (yield from self.expand_str(value, tilde=True))))
        subst_status = self.subst_status
        if self.xtrace:
            self.ctx.err("+ " + " ".join([f"{k}={trace_quote(v)}" for k, v in assigns] +
                                         [trace_quote(w) for w in words]) + "\n")
        ctx = yield from self.redirect_ctx(node.redirs)
        if ctx is None:
            return 1
        if not words:
            for name, value in assigns:
                self.set_var(name, value)
            return subst_status or 0
        old, self.ctx = self.ctx, ctx
        self.exec_now = getattr(node, "last", False) and not any(self.traps.values())
        try:
            return (yield from self.run_command(words, assigns))
        finally:
            self.ctx = old
            self.exec_now = False

    def run_command(self, words, assigns=()):
        name, args = words[0], words[1:]
        if name in self.functions:
            return (yield from self.call_function(name, args))
        builtin = getattr(self, "bi_" + BUILTIN_NAMES.get(name, "-"), None)
        if builtin is not None:
            for key, value in assigns:
                self.set_var(key, value)
            return (yield from builtin(args))
        env = {k: self.vars[k] for k in self.exported if k in self.vars}
        env.update(assigns)
        if self.exec_now and self.root_ctx.owner and self.process is not None and self.process.defer_depth == 0:
            self.process.dispositions = {k: v for k, v in self.process.dispositions.items() if v == "ignore"}
            return (yield from self.run_program(words, env, owner=True))
        return (yield from self.run_program(words, env))

    def find_program(self, name, env):
        if name == "[[" and self.flavor == "dash":  # a bashism busybox ash accepts and dash doesn't
            raise NotFound(name)
        if name in BUILTIN_PROGRAMS:
            return name, PROGRAMS[name]
        return resolve(self.ctx.derive(env=env), name)

    def run_program(self, words, env, owner=False):
        name = words[0]
        try:
            path, func = self.find_program(name, env)
        except NotFound:
            if "/" in name and self.ctx.fs.exists(self.ctx.path(name)):
                self.error(f"{name}: Permission denied")
                return 126
            self.not_found(name)
            return 127
        child = self.ctx.derive(env=env, owner=owner, shell=self.flavor)
        process = self.process if not owner else None
        if process is not None:
            process.defer_depth += 1
        try:
            status = yield from func(child, list(words))
        finally:
            if process is not None:
                process.defer_depth -= 1
        yield from self.check_traps()
        return status if isinstance(status, int) else 0

    def check_traps(self):
        process = self.process
        if process is not None and self.root_ctx.owner and not process.defer_depth:
            for name in process.take_pending():
                yield from self.run_trap(name)

    def run_trap(self, name):
        action = self.traps.get(name[3:] if name.startswith("SIG") else name)
        if action:
            saved = self.status
            yield from self.eval_string(action)
            self.status = saved

    def call_function(self, name, args):
        if self.depth >= MAX_DEPTH:  # ash recurses until its stack overflows: the shell dies of SIGSEGV
            raise Exit(139)
        saved = self.positional
        self.positional = list(args)
        self.depth += 1
        try:
            return (yield from self.exec_node(self.functions[name]))
        except Return as ret:
            return ret.code
        finally:
            self.positional = saved
            self.depth -= 1

    def exec_funcdef(self, node):
        self.functions[node.name] = node.body
        return 0
        yield

    def exec_redirected(self, node):
        ctx = yield from self.redirect_ctx(node.redirs)
        if ctx is None:
            return 1
        old, self.ctx = self.ctx, ctx
        try:
            return (yield from self.exec_node(node.node))
        finally:
            self.ctx = old

    def exec_group(self, node):
        return (yield from self.exec_node(node.body))

    def exec_subshell(self, node):
        sub = self.subshell()
        try:
            return (yield from sub.exec_node(node.body))
        except Exit as ex:
            return ex.code
        except (LoopControl, Return):
            return 0

    def exec_if(self, node):
        for cond, body in node.clauses:
            if (yield from self.in_condition(cond)) == 0:
                return (yield from self.exec_node(body))
        if node.else_body is not None:
            return (yield from self.exec_node(node.else_body))
        return 0

    def loop_iteration(self, state):
        """Charge a loop that makes no progress (no variable or file changes, no waiting) extra CPU time,
        so `while true; do :; done` costs the host little per virtual second."""
        mark = (self.changes, self.ctx.fs.writes)
        if mark != state[1] or self.ctx.clock.now - state[2] > 0.02:
            state[0] = 0
        else:
            state[0] += 1
        state[1], state[2] = mark, self.ctx.clock.now
        if state[0] > SPIN_AFTER:
            yield from self.tick(SPIN_COST)

    def exec_loop(self, node):
        status, state = 0, [0, None, 0.0]
        self.loop_depth += 1
        try:
            while True:
                yield from self.loop_iteration(state)
                cond = yield from self.in_condition(node.cond)
                if (cond == 0) == node.until:
                    break
                try:
                    status = yield from self.exec_node(node.body)
                except LoopControl as ctl:
                    if ctl.count > 1:
                        ctl.count -= 1
                        raise
                    if ctl.kind == "break":
                        break
        finally:
            self.loop_depth -= 1
        return status

    def exec_for(self, node):
        if node.words is None:
            items = list(self.positional)
        else:
            items = []
            for word in node.words:
                items += yield from self.expand(word)
        status, state = 0, [0, None, 0.0]
        self.loop_depth += 1
        try:
            for item in items:
                yield from self.loop_iteration(state)
                self.set_var(node.var, item)
                try:
                    status = yield from self.exec_node(node.body)
                except LoopControl as ctl:
                    if ctl.count > 1:
                        ctl.count -= 1
                        raise
                    if ctl.kind == "break":
                        break
        finally:
            self.loop_depth -= 1
        return status

    def exec_case(self, node):
        word = yield from self.expand_str(node.word)
        for patterns, body in node.items:
            for pattern in patterns:
                pat = yield from self.expand_pattern(pattern)
                if fnmatch.fnmatchcase(word, pat):
                    return (yield from self.exec_node(body))
        return 0

    # ---- background jobs
    def start_job(self, andor):
        sub = self.subshell()

        def job(ctx, argv):
            sub.ctx = sub.root_ctx = ctx
            try:
                return (yield from sub.exec_andor(andor))
            except Exit as ex:
                return ex.code
            except (LoopControl, Return):
                return 0

        proc = spawn(self.ctx, job, [self.name])
        self.jobs.append(proc)
        self.last_bg = proc
        return proc

    # ---- variables
    def set_var(self, name, value):
        self.changes += 1
        self.vars[name] = value
        if name in self.root_ctx.env or name in self.exported:
            self.exported.add(name)

    def get_special(self, name):
        if name == "?":
            return str(self.status)
        if name == "$":
            return str(self.process.pid if self.process else 1)
        if name == "#":
            return str(len(self.positional))
        if name == "!":
            return str(self.last_bg.pid) if self.last_bg else ""
        if name == "-":
            flags = (("e", self.errexit), ("c", self.exec_last), ("x", self.xtrace), ("u", self.nounset))
            return "".join(letter for letter, on in flags if on)  # in ash's option order
        if name == "RANDOM" and name not in self.vars:
            return str(self.random())
        if name in ("@", "*"):
            return " ".join(self.positional)
        if name.isdigit():
            index = int(name)
            if index == 0:
                return self.name
            return self.positional[index - 1] if index <= len(self.positional) else ""
        return self.vars.get(name)

    # ---- redirections
    def redirect_ctx(self, redirs):
        if not redirs:
            return self.ctx
        ctx = self.ctx.derive(owner=self.ctx.owner)
        for r in redirs:
            op = r.op
            default_fd = 0 if op in ("<", "<<", "<<-", "<&") else 1
            fd = r.fd if r.fd is not None else default_fd
            if op in ("<<", "<<-"):
                body, expand = r.heredoc or ("", True)
                text = (yield from self.expand_heredoc(body)) if expand else body
                ctx.stdin = Input(text)
                continue
            target = yield from self.expand_str(r.target, tilde=True)
            if op in (">&", "<&") and target in ("0", "1", "2", "-"):
                streams = {"0": None, "1": ctx.stdout, "2": ctx.stderr, "-": Null()}
                if fd == 1:
                    ctx.stdout = streams[target] or ctx.stdout
                elif fd == 2:
                    ctx.stderr = streams[target] or ctx.stderr
                continue
            if op == "<":
                try:
                    ctx.stdin = Input(self.special_read(ctx, target))
                except FsError:
                    self.error(f"can't open {target}: no such file")
                    return None
                continue
            stream = self.open_output(ctx, target, append=op == ">>")
            if stream is None:
                return None
            if op in ("&>", ">&"):
                ctx.stdout = ctx.stderr = stream
            elif fd == 2:
                ctx.stderr = stream
            elif fd == 1:
                ctx.stdout = stream
        return ctx

    def special_read(self, ctx, target):
        if target == "/dev/null":
            return ""
        return ctx.fs.read(ctx.path(target))

    def open_output(self, ctx, target, append):
        special = {"/dev/null": Null(), "/dev/stdout": ctx.stdout, "/dev/stderr": ctx.stderr}
        if target in special:
            return special[target]
        container = ctx.container
        if container is not None and target in ("/proc/1/fd/1", "/proc/1/fd/2"):
            return container.main_stream("stdout" if target.endswith("1") else "stderr")
        path = ctx.path(target)
        try:
            if append:
                ctx.fs.write(path, "", append=True)
            else:
                ctx.fs.write(path, "")
        except FsError as err:
            reason = "nonexistent directory" if err.errno == "ENOENT" else err.strerror
            self.error(f"can't create {target}: {reason}")
            return None
        return FileStream(ctx.fs, path)


def trace_quote(word):
    """How `set -x` shows a word: single-quoted when it holds spaces or shell syntax."""
    if word and all(ch.isalnum() or ch in "-_./:=,@%+" for ch in word):
        return word
    return "'" + word.replace("'", "'\"'\"'") + "'"


def mark_last_command(tree):
    """Flag the simple command that ends a `-c` script (the shell execs it instead of forking)."""
    if tree.kind != "list" or not tree.items:
        return
    andor, background = tree.items[-1]
    if background:
        return
    pipeline = andor.rest[-1][1] if andor.rest else andor.first
    if len(pipeline.cmds) == 1 and not pipeline.negate and pipeline.cmds[0].kind == "simple":
        pipeline.cmds[0].last = True


def shell_program(flavor):
    """A program entry (ctx, argv) for sh/bash: `-c script [name args...]`, a script file, or stdin."""
    def run(ctx, argv):
        name = argv[0].rsplit("/", 1)[-1] if argv else "sh"
        args, flags = argv[1:], set()
        while args and (args[0] == "--login" or (args[0][:1] == "-" and args[0][1:].isalpha())):
            flags.update(args.pop(0)[1:])
        if "c" in flags:
            if args[:1] == ["--"]:
                args = args[1:]
            if not args:
                ctx.err(f"{name}: -c requires an argument\n")
                return 2
            script, rest = args[0], args[1:]
            shell = Shell(ctx, name=rest[0] if rest else name, flavor=flavor, args=rest[1:])
            shell.set_flags(flags)
            shell.exec_last = True
            _catch_interrupt(ctx, flavor)
            return (yield from shell.run_script(script))
        if args:
            try:
                script = ctx.fs.read(ctx.path(args[0]))
            except FsError:
                ctx.err(f"{name}: can't open '{args[0]}': No such file or directory\n" if flavor == "ash"
                        else f"{name}: {args[0]}: No such file or directory\n")
                return 127 if flavor != "dash" else 2
            shell = Shell(ctx, name=args[0], flavor=flavor, args=args[1:])
            shell.set_flags(flags)
            _catch_interrupt(ctx, flavor)
            return (yield from shell.run_script(script))
        shell = Shell(ctx, name=name, flavor=flavor)
        shell.set_flags(flags)
        if ctx.stdin.open:
            return (yield from shell.interactive())
        return (yield from shell.run_script(ctx.read_all()))
    return run


def _catch_interrupt(ctx, flavor):
    """ash and dash catch SIGINT when they run `-c` or a script (setsignal: iflag || minusc || !sflag), so Ctrl-C
    on their terminal kills the foreground command and then the shell, even as PID 1; bash is left as it was."""
    if flavor in ("ash", "dash"):
        ctx.catches_interrupt = True


def run_script_file(ctx, argv):
    """An executable script file: run it with the interpreter named on its #! line."""
    path = ctx.path(argv[0])
    first = ctx.fs.read(path).split("\n", 1)[0][2:].strip().split()
    interpreter = first[0] if first else "/bin/sh"
    flavor = "bash" if interpreter.endswith("bash") else "ash"
    return (yield from shell_program(flavor)(ctx, [interpreter] + first[1:] + [argv[0]] + argv[1:]))


PROGRAMS["sh"] = shell_program("ash")
PROGRAMS["dash"] = shell_program("dash")
PROGRAMS["bash"] = shell_program("bash")
PROGRAMS["script"] = run_script_file
PROGRAMS["ash"] = shell_program("ash")
