"""Processes of simulated containers: signals as Linux delivers them (PID 1 ignores unhandled SIGTERM),
traps, logs with virtual timestamps, volumes (read-only mounts, an emptyDir shared by two containers)."""
import pytest

from engine.clock import Clock
from engine.node.runtime import (Capture, Container, Context, Mounts, Process, Sleep, StartError, Tree,
                                 WaitForever, command_line, default_catalog)
from engine.node.runtime.fs import FsError


def start(script, image="busybox", clock=None, **kw):
    clock = clock or Clock()
    c = Container(clock, default_catalog().lookup(image), command=["sh", "-c", script], hostname="pod", **kw)
    return clock, c, c.start()


def test_pid1_shell_ignores_sigterm_and_dies_only_by_sigkill():
    clock, c, proc = start("sleep 3600")
    clock.advance(1)
    c.signal("SIGTERM")
    clock.advance(30)  # the grace period
    assert not proc.done
    c.signal("SIGKILL")
    assert proc.done and proc.exit_code == 137 and proc.signaled == "SIGKILL"
    assert not c.processes


def test_non_pid1_processes_die_of_sigterm_with_143():
    clock, c, proc = start("sleep 3600")
    exec_proc, _, _ = c.exec(["sleep", "100"])
    assert exec_proc.pid != 1
    exec_proc.signal("SIGTERM")
    assert exec_proc.done and exec_proc.exit_code == 143


def test_trap_runs_when_the_shell_waits_and_after_a_foreground_command():
    clock, c, proc = start("trap 'echo caught; exit 0' TERM; sleep 3600 & wait")
    clock.advance(2)
    c.signal("SIGTERM")
    assert proc.done and proc.exit_code == 0
    assert c.log.lines() == [(2.0, "stdout", "caught")]
    clock, c, proc = start("trap 'echo caught' TERM; sleep 10; echo after; exit 4")
    clock.advance(2)
    c.signal("SIGTERM")
    assert not proc.done  # sh runs the trap only once its foreground sleep returns
    clock.advance(10)
    assert proc.exit_code == 4
    assert [(t, line) for t, _, line in c.log.lines()] == [(10.0, "caught"), (10.0, "after")]


def test_trap_with_empty_action_ignores_and_exit_trap_runs():
    clock, c, proc = start("trap '' TERM; trap 'echo bye' EXIT; sleep 5; echo done")
    c.signal("SIGTERM")
    clock.advance(6)
    assert proc.exit_code == 0
    assert c.log.text() == "done\nbye\n"


def test_nginx_exits_quickly_on_sigterm_and_gracefully_on_sigquit():
    for signal, first in (("SIGTERM", "signal 15 (SIGTERM) received, exiting"),
                          ("SIGQUIT", "signal 3 (SIGQUIT) received, shutting down")):
        clock = Clock()
        c = Container(clock, default_catalog().lookup("nginx"))
        proc = c.start()
        clock.advance(3)
        c.signal(signal)
        assert proc.done and proc.exit_code == 0 and proc.finished_at == 3.0
        assert f"2025/01/01 00:00:03 [notice] 1#1: {first}" in c.log.text()
        assert c.log.text().endswith("2025/01/01 00:00:03 [notice] 1#1: exit\n")


def test_logs_keep_virtual_timestamps_and_streams():
    clock, c, proc = start("echo start; sleep 2; echo oops >&2; sleep 3; echo -n partial")
    clock.advance(10)
    assert proc.exit_code == 0
    assert c.log.lines() == [(0.0, "stdout", "start"), (2.0, "stderr", "oops"), (5.0, "stdout", "partial")]
    assert c.log.lines(since=2.0) == [(2.0, "stderr", "oops"), (5.0, "stdout", "partial")]


def test_exec_output_goes_to_pid1_log_through_proc_fd():
    clock, c, proc = start("sleep 3600")
    result = c.run_exec(["sh", "-c", "echo to-log > /proc/1/fd/1; echo to-exec"])
    assert result.stdout == "to-exec\n"
    assert c.log.text() == "to-log\n"


def test_command_and_args_override_entrypoint_and_cmd():
    config = {"entrypoint": ["/docker-entrypoint.sh"], "cmd": ["nginx", "-g", "daemon off;"]}
    assert command_line(config) == ["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]
    assert command_line(config, args=["nginx-debug"]) == ["/docker-entrypoint.sh", "nginx-debug"]
    assert command_line(config, command=["sh"]) == ["sh"]
    assert command_line(config, command=["sh"], args=["-c", "true"]) == ["sh", "-c", "true"]


def test_missing_executables_fail_like_runc():
    clock = Clock()
    c = Container(clock, default_catalog().lookup("busybox"), command=["nosuch"])
    with pytest.raises(StartError) as err:
        c.start()
    assert str(err.value) == ("failed to create containerd task: failed to create shim task: OCI runtime create failed: "
                              "runc create failed: unable to start container process: exec: \"nosuch\": executable file "
                              "not found in $PATH: unknown")
    c = Container(clock, default_catalog().lookup("busybox"), command=["/app/run"])
    with pytest.raises(StartError) as err:
        c.start()
    assert 'exec: "/app/run": no such file or directory: unknown' in str(err.value)
    c = Container(clock, default_catalog().lookup("busybox"), command=["sleep", "60"])
    c.start()
    result = c.run_exec(["bash"])
    assert result.exit_code == 126
    assert result.stderr == ("OCI runtime exec failed: exec failed: unable to start container process: exec: \"bash\": "
                             "executable file not found in $PATH: unknown\n")


def test_read_only_mounts_refuse_writes_with_busybox_wording():
    config = Tree()
    config.add("/app.conf", "mode=prod\n")
    clock, c, proc = start("sleep 3600", volumes=[("/etc/config", config, True)])
    assert c.run_exec(["cat", "/etc/config/app.conf"]).stdout == "mode=prod\n"
    result = c.run_exec(["sh", "-c", "echo x > /etc/config/app.conf"])
    assert (result.stderr, result.exit_code) == ("sh: can't create /etc/config/app.conf: Read-only file system\n", 1)
    assert c.run_exec(["touch", "/etc/config/new"]).stderr == "touch: /etc/config/new: Read-only file system\n"
    assert c.run_exec(["rm", "/etc/config/app.conf"]).stderr == ("rm: can't remove '/etc/config/app.conf': "
                                                                 "Read-only file system\n")
    assert c.run_exec(["ls", "/etc/config"]).stdout == "app.conf\n"


def test_empty_dir_is_shared_between_containers_of_a_pod():
    clock = Clock()
    shared = Tree()
    writer = Container(clock, default_catalog().lookup("busybox"), name="writer", volumes=[("/data", shared, False)],
                       command=["sh", "-c", "while true; do date >> /data/log.txt; sleep 5; done"])
    reader = Container(clock, default_catalog().lookup("nginx"), name="web",
                       volumes=[("/usr/share/nginx/html", shared, False)])
    writer.start()
    reader.start()
    clock.advance(11)
    assert reader.fs.read("/usr/share/nginx/html/log.txt") == ("Wed Jan  1 00:00:00 UTC 2025\n"
                                                              "Wed Jan  1 00:00:05 UTC 2025\n"
                                                              "Wed Jan  1 00:00:10 UTC 2025\n")
    assert reader.run_exec(["ls", "/usr/share/nginx/html"]).stdout == "log.txt\n"
    assert not reader.fs.exists("/usr/share/nginx/html/index.html")  # the mount hides the image's files


def test_filesystem_modes_mtimes_and_errors():
    clock = Clock()
    fs = Mounts(Tree(), clock)
    fs.mkdir("/a/b", parents=True)
    clock.advance(7)
    fs.write("/a/b/f", "hi")
    node = fs.node("/a/b/f")
    assert (node.mode, node.mtime, node.size) == (0o644, 7.0, 2)
    with pytest.raises(FsError) as err:
        fs.read("/a/b")
    assert str(err.value) == "Is a directory"
    with pytest.raises(FsError) as err:
        fs.remove("/a")
    assert err.value.errno == "ENOTEMPTY"
    fs.remove("/a", recursive=True)
    assert not fs.exists("/a/b/f")


def test_a_python_program_protocol():
    """Programs are generators: yield Sleep/WaitForever, handle signals, return an exit code."""
    def server(ctx, argv):
        ctx.handle("SIGTERM")
        ctx.out("up\n")
        yield Sleep(2)
        ctx.out("ready\n")
        try:
            yield WaitForever()
        except Exception as sig:
            ctx.out(f"stopping on {sig.name}\n")
            yield Sleep(1)
            return 0

    clock, out = Clock(), Capture()
    proc = Process(clock, server, ["server"], Context(clock, Mounts(Tree(), clock), stdout=out)).start()
    clock.advance(5)
    proc.signal("SIGTERM")
    assert not proc.done
    clock.advance(1)
    assert proc.done and proc.exit_code == 0 and proc.finished_at == 6.0
    assert out.text == "up\nready\nstopping on SIGTERM\n"


def test_containers_of_one_image_do_not_share_writes():
    clock = Clock()
    image = default_catalog().lookup("nginx")
    first, second = Container(clock, image), Container(clock, image)
    first.fs.write("/usr/share/nginx/html/index.html", "changed\n")
    first.fs.mkdir("/srv/new")
    assert second.fs.read("/usr/share/nginx/html/index.html").startswith("<!DOCTYPE html>")
    assert not second.fs.exists("/srv/new")
    assert Container(clock, image).fs.read("/usr/share/nginx/html/index.html").startswith("<!DOCTYPE html>")


def test_kubelet_files_and_hostname_are_written_into_the_container():
    clock = Clock()
    hosts = "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n10.244.1.5\tweb-0\n"
    c = Container(clock, default_catalog().lookup("busybox"), command=["sleep", "60"], hostname="web-0",
                  files={"/etc/hosts": hosts})
    c.start()
    assert c.run_exec(["cat", "/etc/hostname", "/etc/hosts"]).stdout == "web-0\n" + hosts


def test_prestop_loop_from_the_lifecycle_example():
    clock = Clock()
    c = Container(clock, default_catalog().lookup("nginx"))
    proc = c.start()
    clock.advance(1)
    hook = c.run_exec(["/bin/sh", "-c", "nginx -s quit; while killall -0 nginx; do sleep 1; done"], timeout=30)
    assert hook.exit_code == 0  # the Debian image has no killall: the loop ends at once, as on a real node
    assert hook.stderr.endswith("sh: 1: killall: not found\n")
    assert proc.done and proc.exit_code == 0


def test_a_shell_with_open_stdin_waits_for_commands():
    clock = Clock()
    c = Container(clock, default_catalog().lookup("busybox"), stdin=True, tty=True, hostname="bb")
    proc = c.start()
    clock.advance(60)
    assert not proc.done  # `kubectl run -it busybox` keeps running at its prompt
    c.stdin.feed("hostname\n")
    c.stdin.feed("sleep 3; echo slept; exit 3\n")
    clock.advance(2)
    assert not proc.done
    clock.advance(2)
    assert proc.exit_code == 3 and proc.finished_at == 63.0
    assert c.log.text() == "/ # bb\n/ # slept\n"
    clock = Clock()
    c = Container(clock, default_catalog().lookup("busybox"))
    proc = c.start()
    assert proc.done and proc.exit_code == 0  # without stdin, sh reads /dev/null and ends at once


def test_sh_c_execs_its_last_command_unless_traps_are_set():
    clock = Clock()
    c = Container(clock, default_catalog().lookup("nginx"), command=["sh", "-c", "nginx -g 'daemon off;'"])
    proc = c.start()
    clock.advance(1)
    c.signal("SIGTERM")
    assert proc.done and proc.exit_code == 0  # nginx replaced the shell as PID 1 and handled SIGTERM
    c = Container(clock, default_catalog().lookup("nginx"), command=["sh", "-c", "trap 'echo t' TERM; nginx -g 'daemon off;'"])
    proc = c.start()
    c.signal("SIGTERM")
    assert not proc.done  # the shell stays PID 1 to run its trap after nginx; nginx never saw the signal


def test_logs_render_like_kubectl_logs():
    clock, c, proc = start("echo one; sleep 1.5; echo two; sleep 1; echo three")
    clock.advance(5)
    assert c.log.render(clock) == "one\ntwo\nthree\n"
    assert c.log.render(clock, timestamps=True, tail=2) == ("2025-01-01T00:00:01.500000000Z two\n"
                                                           "2025-01-01T00:00:02.500000000Z three\n")
    assert c.log.render(clock, since=2.0) == "three\n"
    assert c.log.render(clock, tail=0) == ""
    assert c.log.render(clock, limit_bytes=6) == "one\ntw"


def test_pid1_cannot_be_killed_from_inside_its_container():
    clock, c, proc = start("sleep 3600")
    assert c.run_exec(["kill", "-9", "1"]).exit_code == 0
    clock.advance(1)
    assert not proc.done  # the kernel protects a namespace's init from its own processes
    c.signal("SIGKILL")  # the runtime, outside the namespace, can
    assert proc.done and proc.exit_code == 137


def test_logging_sidecar_example_streams_a_shared_file():
    clock, logs = Clock(), Tree()
    script = ('i=0;\nwhile true;\ndo\n  echo "$i: $(date)" >> /var/log/1.log;\n'
              '  echo "$(date) INFO $i" >> /var/log/2.log;\n  i=$((i+1));\n  sleep 1;\ndone')
    writer = Container(clock, default_catalog().lookup("busybox:1.28"), command=["/bin/sh", "-c", "--"],
                       args=[script], volumes=[("/var/log", logs, False)])
    sidecar = Container(clock, default_catalog().lookup("busybox:1.28"),
                        command=["/bin/sh", "-c", "tail -n+1 -F /var/log/1.log"], volumes=[("/var/log", logs, False)])
    writer.start()
    sidecar.start()
    clock.advance(2.5)
    assert sidecar.log.lines() == [(0.0, "stdout", "0: Wed Jan  1 00:00:00 UTC 2025"),
                                   (1.0, "stdout", "1: Wed Jan  1 00:00:01 UTC 2025"),
                                   (2.0, "stdout", "2: Wed Jan  1 00:00:02 UTC 2025")]
    assert logs.lookup(["2.log"]).data.splitlines()[-1] == "Wed Jan  1 00:00:02 UTC 2025 INFO 2"


def test_interactive_exec_and_log_followers():
    from engine.node.runtime.process import Input
    clock, c, proc = start("while true; do echo tick; sleep 10; done")
    followed = []
    c.log.followers.append(followed.append)
    stdin = Input("", open=True)
    shell, out, err = c.exec(["sh"], stdin=stdin, tty=True)
    stdin.feed("echo $HOSTNAME\n")
    clock.advance(1)
    assert out.text == "/ # pod\n/ # "
    stdin.close()
    clock.advance(1)
    assert shell.done and shell.exit_code == 0
    clock.advance(10)
    assert followed == [(10.0, "stdout", "tick")]


def test_container_usage_for_kubectl_top():
    clock = Clock()
    c = Container(clock, default_catalog().lookup("nginx"))
    c.start()
    assert c.usage() == (0.0, 7 << 20)
    busy = Container(clock, default_catalog().lookup("busybox"), command=["sh", "-c", "while true; do :; done"])
    busy.start()
    clock.advance(60)
    cpu, memory = busy.usage()
    assert 59 < cpu <= 61 and memory == 1 << 20  # one core, busy


def test_scripts_from_volumes_run_by_their_shebang_when_executable():
    scripts = Tree()
    scripts.add("/run.sh", "#!/bin/sh\necho running as $0 with $1\n", mode=0o755)
    scripts.add("/plain.sh", "#!/bin/sh\necho hi\n", mode=0o644)
    clock = Clock()
    c = Container(clock, default_catalog().lookup("busybox"), command=["/scripts/run.sh", "arg"],
                  volumes=[("/scripts", scripts, True)])
    c.start()
    assert c.log.text() == "running as /scripts/run.sh with arg\n"
    c = Container(clock, default_catalog().lookup("busybox"), command=["/scripts/plain.sh"],
                  volumes=[("/scripts", scripts, True)])
    with pytest.raises(StartError) as err:
        c.start()
    assert str(err.value).endswith('exec: "/scripts/plain.sh": permission denied: unknown')
    c = Container(clock, default_catalog().lookup("busybox"), command=["sleep", "60"], volumes=[("/scripts", scripts, True)])
    c.start()
    result = c.run_exec(["sh", "-c", "/scripts/plain.sh; sh /scripts/plain.sh"])
    assert (result.stdout, result.stderr) == ("hi\n", "sh: /scripts/plain.sh: Permission denied\n")


def test_security_context_user_groups_and_read_only_root():
    clock = Clock()
    demo = Tree()
    demo.root.mode, demo.root.gid = 0o2777, 2000  # an emptyDir as the kubelet prepares it for fsGroup 2000
    c = Container(clock, default_catalog().lookup("busybox:1.28"), command=["sh", "-c", "sleep 1h"],
                  volumes=[("/data/demo", demo, False)], user=(1000, 3000, (2000, 3000)))
    c.start()
    assert c.run_exec(["id"]).stdout == "uid=1000 gid=3000 groups=2000,3000\n"
    assert c.run_exec(["ps"]).stdout.splitlines()[1] == "    1 1000      0:00 sh -c sleep 1h"
    assert c.run_exec(["sh", "-c", "echo hello > /data/demo/testfile"]).exit_code == 0
    assert c.run_exec(["ls", "-l", "/data/demo"]).stdout == (
        "total 4\n-rw-r--r--    1 1000     2000             6 Jan  1 00:00 testfile\n")
    assert c.run_exec(["ls", "-ld", "/data/demo"]).stdout.startswith("drwxrwsrwx    2 root     2000 ")
    denied = c.run_exec(["sh", "-c", "echo x > /testfile; cat /etc/shadow 2>&1; touch /etc/passwd"])
    assert denied.stderr == "sh: can't create /testfile: Permission denied\ntouch: /etc/passwd: Permission denied\n"
    locked = Container(clock, default_catalog().lookup("busybox"), command=["sleep", "60"], read_only_root=True,
                       volumes=[("/tmp", Tree(), False)])
    locked.start()
    result = locked.run_exec(["sh", "-c", "touch /x; touch /tmp/x && echo ok"])
    assert (result.stdout, result.stderr) == ("ok\n", "touch: /x: Read-only file system\n")
