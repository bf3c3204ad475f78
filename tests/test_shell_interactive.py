"""Interactive sessions in the `python -m engine` shell: `kubectl exec -it`, `run -it [--rm]`, `attach -it` and
`debug -it` open the container's prompt (busybox ash, dash, Debian's bash), keep the shell's state between lines,
end with `exit` or Ctrl-D and kubectl's closing lines; without a terminal (a notebook) -t only warns and -i reads
the given stdin. The terminal is a fake whose isatty() is true and which echoes typed lines as a terminal does."""
import io

import pytest

import engine
from engine import KUBERNETES_VERSION, Cluster
from engine.shell import BANNER, main

NO_TTY = "Unable to use a TTY - input is not a terminal or the right kind of file\n"
HINT = "If you don't see a command prompt, try pressing enter.\n"
TWO = """apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  containers:
  - name: app
    image: busybox
    command: ["sleep", "3600"]
  - name: web
    image: nginx
"""


class FakeTTY:
    """Typed lines; "^C" is Ctrl-C, "^D" Ctrl-D; the end of the list is Ctrl-D for good."""

    def __init__(self, lines, screen):
        self.lines, self.screen = list(lines), screen

    def isatty(self):
        return True

    def readline(self):
        if not self.lines:
            return ""
        line = self.lines.pop(0)
        if line == "^C":
            raise KeyboardInterrupt
        if line == "^D":
            return ""
        self.screen.write(line + "\n")  # the terminal echoes what is typed
        return line + "\n"


def transcript(*lines, workers=1):
    """What the screen shows after the banner, and the shell's exit code."""
    screen = io.StringIO()
    code = main(["--workers", str(workers)], stdin=FakeTTY(lines, screen), out=screen, err=screen)
    banner = BANNER.format(version=KUBERNETES_VERSION, nodes=workers + 1)
    assert screen.getvalue().startswith(banner)
    return screen.getvalue()[len(banner):], code


def test_exec_it_opens_busybox_sh_that_keeps_its_state_between_lines():
    text, code = transcript("kubectl run bb --image=busybox -- sleep 3600", "sleep 10",
                            "kubectl exec -it bb -- sh", "echo hi", "cd /tmp", "pwd", "export A=1", "echo $A",
                            "cd", "date +%s; sleep 30; date +%s", "ls /nope", "exit 3", "kubectl get pod bb -o name")
    assert text == ("$ kubectl run bb --image=busybox -- sleep 3600\npod/bb created\n"
                    "$ sleep 10\n"
                    "$ kubectl exec -it bb -- sh\n"
                    "/ # echo hi\nhi\n"
                    "/ # cd /tmp\n"
                    "/tmp # pwd\n/tmp\n"
                    "/tmp # export A=1\n"
                    "/tmp # echo $A\n1\n"
                    "/tmp # cd\n"
                    "~ # date +%s; sleep 30; date +%s\n1735689637\n1735689667\n"  # the clock ran 30 s
                    "~ # ls /nope\nls: /nope: No such file or directory\n"
                    "~ # exit 3\n"
                    "command terminated with exit code 3\n"
                    "$ kubectl get pod bb -o name\npod/bb\n"
                    "$ \n")
    assert code == 0
    assert engine.current().now == 27 + 10 + 30


def test_ctrl_d_ends_the_session_with_the_last_status_and_ctrl_c_gives_a_fresh_prompt():
    text, _ = transcript("kubectl run bb --image=busybox -- sleep 3600", "sleep 10",
                         "kubectl exec -it bb -- sh", "^C", "true", "exit",
                         "kubectl exec -it bb -- sh", "nope")
    assert text.split("$ sleep 10\n")[1] == (
        "$ kubectl exec -it bb -- sh\n"
        "/ # \n"  # Ctrl-C at the prompt: the line is dropped, a new prompt
        "/ # true\n"
        "/ # exit\n"
        "$ kubectl exec -it bb -- sh\n"
        "/ # nope\nsh: nope: not found\n"
        "/ # \n"  # Ctrl-D: ash ends the line and exits with the last status
        "command terminated with exit code 127\n"
        "$ \n")


def test_read_and_cat_wait_for_typed_lines_and_ctrl_d_ends_only_cat():
    text, _ = transcript("kubectl run bb --image=busybox -- sleep 3600", "sleep 10",
                         "kubectl exec -it bb -- sh", "read -p 'name? ' n; echo hi $n", "bob",
                         "cat > /tmp/notes", "one", "two", "^D", "cat /tmp/notes", "^D")
    assert text.split("$ sleep 10\n")[1] == (
        "$ kubectl exec -it bb -- sh\n"
        "/ # read -p 'name? ' n; echo hi $n\n"
        "name? bob\n"
        "hi bob\n"
        "/ # cat > /tmp/notes\n"
        "one\ntwo\n"  # cat waits for each line; Ctrl-D ends its input, not the shell's
        "/ # cat /tmp/notes\none\ntwo\n"
        "/ # \n"
        "$ \n")


def test_exec_into_a_pod_with_two_containers_debian_bash_and_dash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "two.yaml").write_text(TWO)
    text, _ = transcript("kubectl apply -f two.yaml", "sleep 15",
                         "kubectl exec -it two -- hostname",
                         "kubectl exec -it two -c web -- bash", "cd /etc/nginx", "foo", "exit 2",
                         "kubectl exec -it two -c web -- sh", "foo", "cd /tmp", "foo", "exit")
    assert text.split("$ sleep 15\n")[1] == (
        "$ kubectl exec -it two -- hostname\n"
        'Defaulted container "app" out of: app, web\n'
        "two\n"
        "$ kubectl exec -it two -c web -- bash\n"
        "root@two:/# cd /etc/nginx\n"
        "root@two:/etc/nginx# foo\nbash: foo: command not found\n"
        "root@two:/etc/nginx# exit 2\nexit\n"  # an interactive bash says exit
        "command terminated with exit code 2\n"
        "$ kubectl exec -it two -c web -- sh\n"
        "# foo\nsh: 1: foo: not found\n"  # dash numbers the lines it read
        "# cd /tmp\n"
        "# foo\nsh: 3: foo: not found\n"
        "# exit\n"  # exit without a number: the last command's status
        "command terminated with exit code 127\n"
        "$ \n")


def test_run_it_rm_attaches_then_deletes_the_pod():
    text, _ = transcript("kubectl run -it --rm busybox --image=busybox -- sh", "hostname", "exit",
                         "kubectl get pod busybox")
    assert text == ("$ kubectl run -it --rm busybox --image=busybox -- sh\n"
                    + HINT +
                    "/ # hostname\nbusybox\n"
                    "/ # exit\n"
                    "Session ended, resume using 'kubectl attach busybox -c busybox -i -t' command "
                    "when the pod is running\n"
                    'pod "busybox" deleted\n'
                    "$ kubectl get pod busybox\n"  # deleted without --wait: sh ignores SIGTERM as PID 1
                    "NAME      READY   STATUS        RESTARTS   AGE\n"
                    "busybox   1/1     Terminating   0          2s\n"
                    "$ \n")


def test_run_it_never_returns_the_exit_code_and_the_log_keeps_the_echo():
    text, _ = transcript("kubectl run -it once --image=busybox --restart=Never -- sh", "echo bye", "exit 4",
                         "kubectl logs once", "kubectl get pod once --no-headers")
    assert text == ("$ kubectl run -it once --image=busybox --restart=Never -- sh\n"
                    + HINT +
                    "/ # echo bye\nbye\n"
                    "/ # exit 4\n"
                    "pod default/once terminated (Error)\n"
                    "$ kubectl logs once\n"
                    "/ # echo bye\nbye\n/ # exit 4\n"  # a TTY's echo is part of the container's output
                    "$ kubectl get pod once --no-headers\n"
                    "once   0/1   Error   0     3s\n"
                    "$ \n")


def test_attach_it_redraws_the_prompt_and_says_how_to_come_back():
    text, _ = transcript("kubectl run -it keep --image=busybox -- sh", "echo one", "exit", "sleep 20",
                         "kubectl attach -it keep", "echo back", "exit")
    assert text.split("$ sleep 20\n")[1] == (
        "$ kubectl attach -it keep\n"
        + HINT +
        "/ # echo back\nback\n"
        "/ # exit\n"
        "Session ended, resume using 'kubectl attach keep -c keep -i -t' command when the pod is running\n"
        "$ \n")


def test_debug_it_attaches_to_the_ephemeral_container():
    text, _ = transcript("kubectl run web --image=nginx", "sleep 10",
                         "kubectl debug -it web --image=busybox --target=web -c dbg --profile=general", "ps",
                         "exit")
    assert text.split("$ sleep 10\n")[1] == (
        "$ kubectl debug -it web --image=busybox --target=web -c dbg --profile=general\n"
        'Targeting container "web". If you don\'t see processes from this container it may be because the '
        "container runtime doesn't support this feature.\n"
        + HINT +
        "/ # ps\nPID   USER     TIME  COMMAND\n    1 root      0:00 sh\n"
        "/ # exit\n"
        "Session ended, the ephemeral container will not be restarted but may be reattached using "
        "'kubectl attach web -c dbg -i -t' if it is still running\n"
        "$ \n")


def test_exec_i_without_t_runs_the_typed_lines_without_a_prompt():
    text, _ = transcript("kubectl run bb --image=busybox -- sleep 3600", "sleep 10",
                         "kubectl exec -i bb -- sh", "echo quiet", "ls /nope")
    assert text.split("$ sleep 10\n")[1] == (
        "$ kubectl exec -i bb -- sh\n"
        "echo quiet\nquiet\n"
        "ls /nope\nls: /nope: No such file or directory\n"
        "command terminated with exit code 1\n"
        "$ \n")


def test_without_a_terminal_the_shell_warns_as_kubectl_does():
    out, err = io.StringIO(), io.StringIO()
    script = "kubectl run bb --image=busybox -- sleep 3600\nsleep 10\nkubectl exec -it bb -- sh\n"
    assert main(["--workers", "1"], stdin=io.StringIO(script), out=out, err=err) == 0
    assert (out.getvalue(), err.getvalue()) == ("pod/bb created\n", NO_TTY)


@pytest.fixture(scope="module")
def c():
    c = Cluster(workers=1)
    c.kubectl("run bb --image=busybox -- sleep 3600")
    c.advance(10)
    return c


def test_notebook_exec_i_runs_the_given_stdin(c):
    r = c.kubectl("exec -i bb -- sh", stdin="echo hi\ncd /tmp\npwd\nexit 3\necho never\n")
    assert (r.stdout, r.stderr, r.exit_code) == ("hi\n/tmp\n", "command terminated with exit code 3\n", 3)
    r = c.kubectl("exec -it bb -- sh", stdin="echo hi\n")
    assert (r.stdout, r.stderr, r.exit_code) == ("hi\n", NO_TTY, 0)
    r = c.kubectl("exec -t bb -- echo no stdin, no warning")
    assert (r.stdout, r.stderr, r.exit_code) == ("no stdin, no warning\n", "", 0)


def test_notebook_run_i_writes_stdin_to_the_container_then_closes_it(c):
    start = c.now
    r = c.kubectl("run -i --rm t --image=busybox --restart=Never -- sh", stdin="echo hi from stdin\n")
    assert (r.stdout, r.stderr, r.exit_code) == ('hi from stdin\npod "t" deleted\n', HINT, 0)
    assert c.now - start < 30  # not a day spent waiting for input that never comes
    r = c.kubectl("run -it --rm t2 --image=busybox -- sh", stdin="exit\n")
    assert (r.stdout, r.stderr, r.exit_code) == ('/ # \npod "t2" deleted\n', NO_TTY + HINT, 0)


class ScriptedTerminal:
    """kubectl's stdin as the shell's Terminal offers it; Ctrl-C is pressed once while `sleep` runs."""

    def __init__(self, *lines, press_after="sleep 1000\n"):
        self.lines, self.screen, self.pressed, self.press_after = list(lines), [], False, press_after

    def isatty(self):
        return True

    def read_line(self, prompt):
        self.screen.append(prompt)
        if not self.lines:
            return None
        self.screen.append(self.lines[0] + "\n")
        return self.lines.pop(0)

    def write(self, text):
        self.screen.append(text)

    error = write

    def interrupted(self):
        if self.pressed or not "".join(self.screen).endswith(self.press_after):
            return False
        self.pressed = True
        return True

    def session(self):
        import contextlib
        return contextlib.nullcontext(self)


def test_ctrl_c_ends_the_running_command_and_the_shell_prompts_again(c):
    start = c.now
    term = ScriptedTerminal("sleep 1000", "echo $?", "exit")
    r = c.kubectl("exec -it bb -- sh", stdin=term)
    assert "".join(term.screen) == "/ # sleep 1000\n\n/ # echo $?\n130\n/ # exit\n"
    assert (r.stdout, r.stderr, r.exit_code) == ("", "", 0)
    assert c.now - start == 1  # the command ran one virtual second before Ctrl-C
    term = ScriptedTerminal(press_after="")
    r = c.kubectl("exec -it bb -- sleep 1000", stdin=term)  # not a shell: SIGINT ends it
    assert ("".join(term.screen), r.exit_code) == ("command terminated with exit code 130\n", 130)


def test_a_second_ctrl_c_detaches_from_a_program_that_ignores_it(c):
    c.apply({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "quiet"},  # nginx never reads its stdin
             "spec": {"containers": [{"name": "quiet", "image": "nginx", "stdin": True, "tty": True}]}})
    c.advance(10)
    term = ScriptedTerminal(press_after="")
    term.interrupted = lambda: True  # pressed again and again: nginx's main process ignores SIGINT as PID 1
    r = c.kubectl("attach -it quiet -c quiet", stdin=term)
    assert r.exit_code == 0
    assert "".join(term.screen).startswith(HINT)
    assert c.api.get("pods", "quiet", "default")["status"]["phase"] == "Running"


def test_ctrl_c_ends_a_sh_c_loop_and_run_rm_deletes_its_pod(c):
    """The HPA walkthrough's load generator: ash running `-c` catches SIGINT, so Ctrl-C kills the running
    command and then the shell (130), even as PID 1; kubectl deletes the pod, then reports its end."""
    term = ScriptedTerminal(press_after="tick\ntick\n")
    r = c.kubectl('run -it --rm loop --image=busybox --restart=Never -- sh -c "while sleep 1; do echo tick; done"',
                  stdin=term)
    assert "".join(term.screen) == (HINT + "tick\ntick\n" + 'pod "loop" deleted\n'
                                    "pod default/loop terminated (Error)\n")
    assert (r.stdout, r.stderr, r.exit_code) == ("", "", 130)
    term = ScriptedTerminal(press_after="")
    r = c.kubectl("exec -it bb -- sh -c 'sleep 1000; echo never'", stdin=term)
    assert ("".join(term.screen), r.exit_code) == ("command terminated with exit code 130\n", 130)
