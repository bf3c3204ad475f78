"""Builtins that change the shell itself: exit, return, break, continue, export, local, unset, set, shift,
cd, trap, eval, source, exec, read, wait, type, command, let."""
from ..runtime.context import NotFound, resolve
from ..runtime.fs import FsError
from ..runtime.process import Signal, Wait, signal_name
from . import arith
from .control import Exit, LoopControl, Return

# commands the shell runs itself even when no file provides them
BUILTIN_PROGRAMS = {"echo", "printf", "test", "[", "[[", "true", "false", "kill", "pwd"}


class Builtins:
    """The builtin half of Shell (mixed into it); `bi_<name>` runs builtin <name> with its arguments."""

    def bi_colon(self, args):
        return 0
        yield

    def bi_exit(self, args):
        code = self.status
        if args:
            if not args[0].lstrip("-").isdigit():
                self.error(f"exit: Illegal number: {args[0]}")
                raise Exit(2)
            code = int(args[0]) & 0xFF
        raise Exit(code)
        yield

    def bi_return(self, args):
        raise Return(int(args[0]) & 0xFF if args and args[0].isdigit() else self.status)
        yield

    def bi_break(self, args, kind="break"):
        if not self.loop_depth:
            return 0
        raise LoopControl(kind, int(args[0]) if args and args[0].isdigit() else 1)
        yield

    def bi_continue(self, args):
        return (yield from self.bi_break(args, "continue"))

    def bi_export(self, args):
        for arg in args:
            name, eq, value = arg.partition("=")
            if eq:
                self.vars[name] = value
            self.exported.add(name)
        if not args:
            for name in sorted(self.exported):
                if name in self.vars:
                    self.ctx.out(f"export {name}='{self.vars[name]}'\n")
        return 0
        yield

    def bi_local(self, args):
        for arg in args:
            name, eq, value = arg.partition("=")
            self.vars[name] = value if eq else self.vars.get(name, "")
        return 0
        yield

    def bi_unset(self, args):
        for name in args:
            if name in ("-v", "-f"):
                continue
            self.vars.pop(name, None)
            self.exported.discard(name)
            self.functions.pop(name, None)
        return 0
        yield

    def bi_readonly(self, args):
        return (yield from self.bi_local(args))

    def bi_set(self, args):
        rest = list(args)
        while rest and rest[0][:1] in ("-", "+") and rest[0] not in ("-", "--"):
            flag = rest.pop(0)
            on = flag[0] == "-"
            if flag in ("-o", "+o") and rest:
                option = rest.pop(0)
                if option == "pipefail":
                    self.pipefail = on
                self.set_flags({"errexit": "e", "xtrace": "x", "nounset": "u"}.get(option, ""), on)
                continue
            self.set_flags(flag[1:], on)
        if rest and rest[0] in ("-", "--"):
            rest.pop(0)
            self.positional = rest
        elif rest:
            self.positional = rest
        elif not args:
            for name in sorted(self.vars):
                self.ctx.out(f"{name}='{self.vars[name]}'\n")
        return 0
        yield

    def bi_shift(self, args):
        count = int(args[0]) if args and args[0].isdigit() else 1
        if count > len(self.positional):
            self.error("shift: can't shift that many")
            return 2
        self.positional = self.positional[count:]
        return 0
        yield

    def bi_cd(self, args):
        target = args[0] if args else self.vars.get("HOME", "/")
        path = self.ctx.path(target)
        if not self.ctx.fs.is_dir(path):
            reason = "Not a directory" if self.ctx.fs.exists(path) else "No such file or directory"
            self.error(f"cd: can't cd to {target}: {reason}" if self.flavor == "ash" else f"cd: {target}: {reason}")
            return 1 if self.flavor != "ash" else 2
        for ctx in {id(c): c for c in (self.ctx, self.root_ctx)}.values():
            ctx.cwd = path
        self.vars["PWD"] = path
        return 0
        yield

    def bi_trap(self, args):
        if not args:
            for name, action in sorted(self.traps.items()):
                self.ctx.out(f"trap -- '{action}' {name}\n")
            return 0
        if len(args) == 1 or args[0] == "-":
            action, names = None, args[1:] if args[0] == "-" else args
        else:
            action, names = args[0], args[1:]
        for raw in names:
            name = "EXIT" if raw in ("0", "EXIT") else signal_name(raw)
            if name is None:
                self.error(f"trap: {raw}: invalid signal specification" if self.flavor != "ash"
                           else f"{raw}: invalid signal specification")
                return 1
            short = name if name == "EXIT" else name[3:]
            if action is None:
                self.traps.pop(short, None)
                if name != "EXIT":
                    self.root_ctx.default(name)
            else:
                self.traps[short] = action
                if name != "EXIT":
                    (self.root_ctx.ignore if action == "" else self.root_ctx.handle)(name)
        return 0
        yield

    def bi_eval(self, args):
        return (yield from self.eval_string(" ".join(args)))

    def bi_source(self, args):
        if not args:
            return 0
        try:
            src = self.ctx.fs.read(self.ctx.path(args[0]))
        except FsError:
            if self.flavor == "bash":
                self.error(f"{args[0]}: No such file or directory")
                raise Exit(1) from None
            self.error(f".: {args[0]}: not found")
            raise Exit(127 if self.flavor == "ash" else 2) from None
        return (yield from self.eval_string(src))

    def bi_exec(self, args):
        if not args:
            self.root_ctx.stdout, self.root_ctx.stderr = self.ctx.stdout, self.ctx.stderr
            self.root_ctx.stdin = self.ctx.stdin
            return 0
        env = {k: self.vars[k] for k in self.exported if k in self.vars}
        owner = self.root_ctx.owner and self.process is not None
        if owner:  # the new program starts with default dispositions, except ignored signals
            self.process.dispositions = {k: v for k, v in self.process.dispositions.items() if v == "ignore"}
        status = yield from self.run_program(args, env, owner=owner)
        raise Exit(status)

    def bi_read(self, args):
        args, names = list(args), []
        while args:
            arg = args.pop(0)
            if arg == "-p" and args:  # the prompt shows on a terminal
                prompt = args.pop(0)
                if getattr(self.ctx, "tty", False):
                    self.ctx.err(prompt)
            elif not arg.startswith("-"):
                names.append(arg)
        names = names or ["REPLY"]
        stdin = self.ctx.stdin
        yield from self.ctx.wait_for_line()
        line = None if stdin.eof and not stdin.has_line() and stdin.at_end() else stdin.read_line()
        if line is None:
            for name in names:
                self.set_var(name, "")
            return 1
        parts = line.split(None, len(names) - 1) if names[-1] != "REPLY" or len(names) > 1 else [line]
        for k, name in enumerate(names):
            self.set_var(name, parts[k] if k < len(parts) else "")
        return 0

    def bi_wait(self, args):
        targets = self.jobs
        if args:
            wanted = {a for a in args}
            targets = [j for j in self.jobs if str(j.pid) in wanted]
        if not targets:
            return 127 if args else 0
        try:
            yield Wait(targets)
        except Signal as sig:
            yield from self.run_trap(sig.name)
            return 128 + sig.number
        return targets[-1].exit_code or 0

    def bi_type(self, args):
        status = 0
        for name in args:
            if name in self.functions:
                self.ctx.out(f"{name} is a function\n")
            elif name in BUILTIN_NAMES or name in BUILTIN_PROGRAMS:
                self.ctx.out(f"{name} is a shell builtin\n")
            else:
                try:
                    path, _ = resolve(self.ctx, name)
                    self.ctx.out(f"{name} is {path}\n")
                except NotFound:
                    self.ctx.out(f"{name}: not found\n")
                    status = 127
        return status
        yield

    def bi_command(self, args):
        if args and args[0] == "-v":
            for name in args[1:]:
                if name in BUILTIN_NAMES or name in BUILTIN_PROGRAMS or name in self.functions:
                    self.ctx.out(name + "\n")
                    continue
                try:
                    self.ctx.out(resolve(self.ctx, name)[0] + "\n")
                except NotFound:
                    return 1
            return 0
        if not args:
            return 0
        env = {k: self.vars[k] for k in self.exported if k in self.vars}
        return (yield from self.run_program(args, env))

    def bi_let(self, args):
        value = 0
        for expr in args:
            value = arith.evaluate(expr, self.arith_vars, self.set_var)
        return 0 if value else 1
        yield


BUILTIN_NAMES = {":": "colon", "exit": "exit", "return": "return", "break": "break", "continue": "continue",
                 "export": "export", "local": "local", "unset": "unset", "set": "set", "shift": "shift",
                 "cd": "cd", "trap": "trap", "eval": "eval", ".": "source", "source": "source", "exec": "exec",
                 "read": "read", "wait": "wait", "type": "type", "command": "command", "readonly": "readonly",
                 "let": "let"}
