"""The shell of simulated containers: each construct and applet, busybox's error texts, sleep in
virtual time and busy loops that stay bounded."""
import time

import pytest

from engine.clock import Clock
from engine.node.runtime import Container, HttpResponse, NetError, Network, default_catalog


def container(image="busybox", **kw):
    clock = Clock()
    return clock, Container(clock, default_catalog().lookup(image), command=["sleep", "3600"], hostname="pod-1", **kw)


def sh(script, image="busybox", timeout=60, **kw):
    clock, c = container(image, **kw)
    c.start()
    result = c.run_exec(["sh", "-c", script], timeout=timeout)
    return result


def out(script, **kw):
    result = sh(script, **kw)
    assert result.stderr == ""
    return result.stdout


@pytest.mark.parametrize("script, expected", [
    ("echo hello world", "hello world\n"),
    ("echo -n a; echo b", "ab\n"),
    (r"echo -e 'a\tb\nc'", "a\tb\nc\n"),
    (r"echo 'a\nb'", "a\\nb\n"),
    ("printf '%s-%d|%5s|%-3s|\\n' x 42 r l", "x-42|    r|l  |\n"),
    ("printf '%s\\n' a b c", "a\nb\nc\n"),
    ("echo one; echo two", "one\ntwo\n"),
    ("true && echo yes || echo no", "yes\n"),
    ("false && echo yes || echo no", "no\n"),
    ("false; echo $?", "1\n"),
    ("X=1; Y=\"$X two\"; echo \"$Y\" '$Y'", "1 two $Y\n"),
    ("echo ${UNSET:-default} ${UNSET-d2} ${HOME:+set}", "default d2 set\n"),
    ("A=abc.tar.gz; echo ${A%%.*} ${A#*.} ${#A} ${A%.gz}", "abc tar.gz 10 abc.tar\n"),
    ("echo $((3 + 4 * 2)) $((7 / 2)) $((-7 % 3)) $((2 > 1))", "11 3 -1 1\n"),
    ("i=5; i=$((i - 1)); echo $i", "4\n"),
    ("echo $(echo nested $(echo deep)) `echo old`", "nested deep old\n"),
    ("echo \"a   b\" a   b", "a   b a b\n"),
    ("V='x y'; for w in $V; do echo [$w]; done", "[x]\n[y]\n"),
    ("for i in 1 2 3; do echo -n $i; done; echo", "123\n"),
    ("i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo $i; done", "1\n2\n3\n"),
    ("i=0; until [ $i -ge 2 ]; do i=$((i+1)); done; echo $i", "2\n"),
    ("for i in 1 2 3 4; do [ $i = 3 ] && break; echo $i; done", "1\n2\n"),
    ("for i in 1 2 3; do [ $i = 2 ] && continue; echo $i; done", "1\n3\n"),
    ("if [ 1 -eq 2 ]; then echo a; elif [ 2 -eq 2 ]; then echo b; else echo c; fi", "b\n"),
    ("if false; then echo a; else echo c; fi", "c\n"),
    ("case hello.txt in *.log) echo log;; *.txt|*.md) echo text;; esac", "text\n"),
    ("greet() { echo \"hi $1\"; return 4; }; greet bob; echo $?", "hi bob\n4\n"),
    ("echo a | tr a-z A-Z | cat", "A\n"),
    ("echo abc > /tmp/f; echo def >> /tmp/f; cat /tmp/f", "abc\ndef\n"),
    ("cat /nope 2>&1 | wc -l", "1\n"),
    ("echo x 2>/dev/null 1>&2", ""),
    ("cat <<EOF\nhi $HOSTNAME\nEOF", "hi pod-1\n"),
    ("cat <<'EOF'\nhi $HOSTNAME\nEOF", "hi $HOSTNAME\n"),
    ("echo line1 > /tmp/i; read v < /tmp/i; echo got $v", "got line1\n"),
    ("printf 'a\\nb\\n' > /tmp/l; while read x; do echo \"<$x>\"; done < /tmp/l", "<a>\n<b>\n"),
    ("(X=inner; echo $X); echo ${X:-outer}", "inner\nouter\n"),
    ("{ echo a; echo b; } > /tmp/g; cat /tmp/g", "a\nb\n"),
    ("! false && echo negated", "negated\n"),
    ("set -- a b c; echo $# $2 \"$@\"", "3 b a b c\n"),
    ("export FOO=bar; sh -c 'echo $FOO'", "bar\n"),
    ("eval 'echo evaluated'", "evaluated\n"),
])
def test_constructs(script, expected):
    assert out(script) == expected


def test_exit_codes_and_set_e():
    assert sh("exit 7").exit_code == 7
    assert sh("false").exit_code == 1
    result = sh("set -e; echo before; false; echo after")
    assert (result.stdout, result.exit_code) == ("before\n", 1)
    assert sh("set -e; false || true; echo survived").stdout == "survived\n"
    assert sh("set -e; if false; then :; fi; echo ok").stdout == "ok\n"


def test_busybox_error_wording():
    result = sh("cat /tmp/healthy")
    assert result.stderr == "cat: can't open '/tmp/healthy': No such file or directory\n"
    assert result.exit_code == 1
    result = sh("foo --bar")
    assert (result.stderr, result.exit_code) == ("sh: foo: not found\n", 127)
    assert sh("if true; then echo x; fi; fi").stderr == 'sh: syntax error: unexpected "fi"\n'
    assert sh("if true; then echo x").stderr == 'sh: syntax error: unexpected end of file (expecting "fi")\n'
    assert sh("echo 'abc").stderr == "sh: syntax error: unterminated quoted string\n"
    assert sh("rm /tmp/none").stderr == "rm: can't remove '/tmp/none': No such file or directory\n"
    assert sh("rm -f /tmp/none").exit_code == 0
    assert sh("mkdir /tmp; echo $?").stderr == "mkdir: can't create directory '/tmp': File exists\n"
    assert sh("mkdir /a/b").stderr == "mkdir: can't create directory '/a/b': No such file or directory\n"
    assert sh("ls /missing").stderr == "ls: /missing: No such file or directory\n"
    assert sh("echo x > /no/such/file").stderr == "sh: can't create /no/such/file: nonexistent directory\n"
    assert sh("sleep abc").stderr == "sleep: invalid number 'abc'\n"
    assert sh("kill 4242").stderr == "sh: can't kill pid 4242: No such process\n"
    assert sh("[ abc -eq 1 ]").stderr == "sh: abc: bad number\n"
    assert sh("[ 1 -eq 1").stderr == "sh: missing ]\n"
    assert sh("echo ${X:?}").stderr == "sh: X: parameter not set or null\n"
    assert sh("cd /nowhere").stderr == "sh: cd: can't cd to /nowhere: No such file or directory\n"
    assert sh("exit abc").stderr == "sh: exit: Illegal number: abc\n"


def test_debian_images_use_dash_and_coreutils_wording():
    result = sh("cat /tmp/x; nslookup web", image="nginx")
    assert result.stderr == "cat: /tmp/x: No such file or directory\nsh: 1: nslookup: not found\n"
    result = sh("foo", image="ubuntu")
    assert result.stderr == "sh: 1: foo: not found\n"
    clock, c = container("ubuntu")
    c.start()
    assert c.run_exec(["bash", "-c", "foo"]).stderr == "bash: line 1: foo: command not found\n"


def test_file_applets():
    assert out("mkdir -p /data/a/b && touch /data/a/b/f && ls /data/a/b") == "f\n"
    assert out("echo hi > /tmp/x; cp /tmp/x /tmp/y; mv /tmp/y /tmp/z; cat /tmp/z; ls /tmp") == "hi\nx\nz\n"
    assert out("mkdir /tmp/d; touch /tmp/d/f; rm -r /tmp/d; ls /tmp") == ""
    assert sh("mkdir /tmp/d; rm /tmp/d").stderr == "rm: '/tmp/d' is a directory\n"
    listing = out("echo hello > /tmp/h; ls -l /tmp")
    assert listing == "total 4\n-rw-r--r--    1 root     root             6 Jan  1 00:00 h\n"
    assert out("ls -a /tmp") == ".\n..\n"
    assert out("cd /etc && pwd") == "/etc\n"
    assert out("echo a > /tmp/1; echo b > /tmp/2; cat /tmp/*") == "a\nb\n"
    assert out("test -d /tmp && [ -f /etc/passwd ] && [ ! -e /nope ] && echo yes") == "yes\n"


def test_text_applets():
    assert out("printf 'b\\na\\nc\\n' | sort | head -n 2") == "a\nb\n"
    assert out("seq 1 5 | tail -n 2") == "4\n5\n"
    assert out("seq 3") == "1\n2\n3\n"
    assert out("printf 'a b\\nc\\n' | wc -l") == "2\n"
    assert out("echo hi there > /tmp/a; wc /tmp/a; wc -l /tmp/a") == "        1         2         9 /tmp/a\n1 /tmp/a\n"
    assert out("echo 'error here' | grep -c error") == "1\n"
    assert sh("echo abc | grep -q zzz").exit_code == 1
    assert out("expr 3 + 4") == "7\n"
    assert out("echo hi | tee /tmp/t > /dev/null; cat /tmp/t") == "hi\n"
    assert out("echo a:b:c | cut -d: -f2") == "b\n"
    assert out("printf 'a\\na\\nb\\n' | uniq -c") == "      2 a\n      1 b\n"
    assert out("basename /a/b/c.txt .txt; dirname /a/b/c.txt") == "c\n/a/b\n"


def test_system_applets():
    assert out("hostname") == "pod-1\n"
    assert out("date") == "Wed Jan  1 00:00:00 UTC 2025\n"
    assert out("date +%s") == "1735689600\n"
    assert out("date -u +%Y-%m-%dT%H:%M:%SZ") == "2025-01-01T00:00:00Z\n"
    assert out("printenv HOSTNAME") == "pod-1\n"
    assert "HOSTNAME=pod-1\n" in out("env")
    assert out("id") == "uid=0(root) gid=0(root) groups=0(root),10(wheel)\n"
    processes = out("ps")
    assert processes.startswith("PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n")


def test_env_from_the_container_spec():
    clock = Clock()
    c = Container(clock, default_catalog().lookup("busybox"), command=["sh", "-c", "echo $GREETING $HOSTNAME"],
                  env={"GREETING": "hello"}, hostname="demo")
    c.start()
    clock.advance(1)
    assert c.log.text() == "hello demo\n"


def test_sleep_runs_in_virtual_time():
    clock, c = container()
    c.start()
    before = time.perf_counter()
    result = c.run_exec(["sh", "-c", "date +%s; sleep 90; date +%s"])
    assert time.perf_counter() - before < 1
    assert result.stdout == "1735689600\n1735689690\n"
    assert clock.now == 90


def test_exec_timeout_leaves_the_process_running():
    clock, c = container()
    c.start()
    result = c.run_exec(["sh", "-c", "sleep 10; echo late"], timeout=3)
    assert result.timed_out and result.exit_code is None
    assert clock.now == 3


def test_busy_loops_are_bounded():
    clock, c = container()
    c.start()
    before = time.perf_counter()
    result = c.run_exec(["sh", "-c", "while true; do :; done"], timeout=60)
    assert result.timed_out
    assert time.perf_counter() - before < 10
    assert clock.now == 60
    counted = c.run_exec(["sh", "-c", "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo $i"], timeout=3600)
    assert counted.stdout == "20000\n"
    assert 0 < clock.now - 60 < 3600  # it took virtual CPU time, not zero and not forever


def test_output_of_a_runaway_loop_is_capped():
    clock, c = container()
    c.start()
    result = c.run_exec(["sh", "-c", "while true; do echo spam spam spam; done"], timeout=30)
    assert result.timed_out
    assert 0 < len(result.stdout) <= 4 * 1024 * 1024


class FakeNetwork(Network):
    """Two names: web (10.96.0.5, serving), down (10.96.0.9, refusing); slow times out."""

    def resolve(self, ctx, name):
        table = {"web": "10.96.0.5", "web.default.svc.cluster.local": "10.96.0.5", "down": "10.96.0.9",
                 "slow": "10.96.0.7"}
        if name not in table:
            raise NetError("bad address")
        return [table[name]]

    def fqdn(self, ctx, name):
        return name if "." in name else f"{name}.default.svc.cluster.local"

    def http(self, ctx, method, url, headers=None, timeout=None):
        host = url.split("//")[-1].split("/")[0].split(":")[0]
        ip = self.resolve(ctx, host)[0]
        if host == "down":
            raise NetError("refused", ip)
        if host == "slow":
            raise NetError("timeout", ip, elapsed=timeout or 30)
        if url.endswith("/missing"):
            return HttpResponse(404, "nope", ip=ip)
        return HttpResponse(200, "hello from web\n", ip=ip)

    def connect(self, ctx, host, port, timeout=None):
        ip = self.resolve(ctx, host)[0]
        if host != "web":
            raise NetError("refused", ip)
        return ip


def test_wget_through_the_network():
    net = FakeNetwork()
    assert sh("wget -qO- http://web", network=net).stdout == "hello from web\n"
    result = sh("wget -q -O - down", network=net)
    assert (result.stderr, result.exit_code) == ("wget: can't connect to remote host (10.96.0.9): Connection refused\n", 1)
    assert sh("wget -qO- nginy", network=net).stderr == "wget: bad address 'nginy'\n"
    assert sh("wget -qO- web/missing", network=net).stderr == "wget: server returned error: HTTP/1.1 404 Not Found\n"
    clock, c = container(network=net)
    c.start()
    result = c.run_exec(["wget", "-q", "-T", "2", "-O", "-", "http://slow"])
    assert (result.stderr, clock.now) == ("wget: download timed out\n", 2)
    result = c.run_exec(["wget", "http://web/index.html"])
    assert result.stderr == ("Connecting to web (10.96.0.5:80)\nsaving to 'index.html'\n"
                             "index.html           100% |********************************|    15  0:00:00 ETA\n"
                             "'index.html' saved\n")
    assert c.run_exec(["cat", "index.html"]).stdout == "hello from web\n"
    assert c.run_exec(["wget", "http://web/index.html"]).stderr.endswith("wget: can't open 'index.html': File exists\n")
    assert sh("wget -q --spider http://web && echo up", network=net).stdout == "up\n"


def test_nslookup_and_nc_through_the_network():
    net = FakeNetwork()
    assert out("nslookup web", network=net) == ("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
                                               "Name:\tweb.default.svc.cluster.local\nAddress: 10.96.0.5\n\n")
    result = sh("nslookup nope", network=net)
    assert result.exit_code == 1
    assert result.stdout.endswith("** server can't find nope.default.svc.cluster.local: NXDOMAIN\n\n")
    assert sh("nc -z web 80 && echo open", network=net).stdout == "open\n"
    assert sh("nc -z down 80", network=net).exit_code == 1


def test_kill_and_killall_signal_processes_of_the_container():
    clock, c = container()
    c.start()
    c.run_exec(["sh", "-c", "sleep 1000 & echo started"])
    sleepers = [p for p in c.processes.values() if p.pid != 1]
    assert len(sleepers) == 1
    assert c.run_exec(["killall", "sh"]).exit_code == 0
    clock.advance(1)
    assert sleepers[0].done and sleepers[0].exit_code == 143
    assert c.run_exec(["killall", "nothing"]).stderr == "killall: nothing: no process killed\n"


class OldStyleNetwork(FakeNetwork):
    def reverse(self, ctx, ip):
        return {"10.96.0.10": "kube-dns.kube-system.svc.cluster.local",
                "10.96.0.5": "web.default.svc.cluster.local"}.get(ip)


def test_busybox_1_28_nslookup_prints_the_old_format():
    net = OldStyleNetwork()
    result = sh("nslookup web", image="busybox:1.28", network=net)
    assert result.stdout == ("Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
                             "Name:      web\nAddress 1: 10.96.0.5 web.default.svc.cluster.local\n")
    result = sh("nslookup nope", image="busybox:1.28", network=net)
    assert (result.stderr, result.exit_code) == ("nslookup: can't resolve 'nope'\n", 1)


class RedirectingNetwork(FakeNetwork):
    def http(self, ctx, method, url, headers=None, timeout=None):
        if url.startswith("http://web/old"):
            return HttpResponse(301, "", {"Location": "https://web/new"}, ip="10.96.0.5")
        return super().http(ctx, method, url, headers, timeout)


def test_wget_follows_redirects():
    result = sh("wget -O /tmp/page http://web/old && cat /tmp/page", network=RedirectingNetwork())
    assert result.stdout == "hello from web\n"
    assert result.stderr.startswith("Connecting to web (10.96.0.5:80)\nConnecting to web (10.96.0.5:443)\n"
                                    "wget: note: TLS certificate validation not implemented\nsaving to '/tmp/page'\n")


def test_signal_zero_only_checks_that_a_process_exists():
    assert sh("kill -0 1 && echo alive").stdout == "alive\n"
    assert sh("killall -0 sleep && echo alive").stdout == "alive\n"
    assert sh("kill -0 999").exit_code == 1


class DnsNetwork(FakeNetwork):
    """Answers single DNS questions like CoreDNS: cluster names authoritative, AAAA empty."""

    def query(self, ctx, fqdn, qtype):
        """(rcode, [(record type, owner, value)], authoritative)"""
        if fqdn == "web.default.svc.cluster.local":
            return "NOERROR", [("A", fqdn, "10.96.0.5")] if qtype == "A" else [], True
        if fqdn == "example.com":
            return "NOERROR", [("A", fqdn, "93.184.215.14")] if qtype == "A" else [], False
        if fqdn == "docs":  # an ExternalName: the CNAME, then the target's addresses
            return "NOERROR", [("CNAME", fqdn, "kubernetes.io")] + (
                [("A", "kubernetes.io", "147.75.40.148")] if qtype == "A" else []), True
        return "NXDOMAIN", [], True


def test_nslookup_queries_each_search_domain_like_busybox():
    resolv = "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n"
    clock, c = container(network=DnsNetwork(), files={"/etc/resolv.conf": resolv})
    c.start()
    result = c.run_exec(["nslookup", "web"])
    assert result.stdout == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
        "Name:\tweb.default.svc.cluster.local\nAddress: 10.96.0.5\n\n"
        "** server can't find web.svc.cluster.local: NXDOMAIN\n\n"
        "** server can't find web.cluster.local: NXDOMAIN\n\n"
        "\n"
        "** server can't find web.svc.cluster.local: NXDOMAIN\n\n"
        "** server can't find web.cluster.local: NXDOMAIN\n\n")
    assert result.exit_code == 1  # busybox reports the NXDOMAIN answers even though one name resolved
    dotted = c.run_exec(["nslookup", "web.default"])  # a dotted name is sent as is: the busybox 1.29+ trap
    assert dotted.stdout.endswith("** server can't find web.default: NXDOMAIN\n\n")
    external = c.run_exec(["nslookup", "example.com"])
    assert external.stdout.endswith("Non-authoritative answer:\nName:\texample.com\nAddress: 93.184.215.14\n\n\n")
    assert external.exit_code == 0


def test_nslookup_prints_a_cname_then_the_target_like_busybox():
    clock, c = container(network=DnsNetwork(), files={"/etc/resolv.conf": "nameserver 10.96.0.10\n"})
    c.start()
    result = c.run_exec(["nslookup", "docs"])
    assert result.stdout == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
        "docs\tcanonical name = kubernetes.io\nName:\tkubernetes.io\nAddress: 147.75.40.148\n\n"
        "docs\tcanonical name = kubernetes.io\n\n")
    assert result.exit_code == 0


def test_runaway_recursion_kills_the_shell_like_a_stack_overflow():
    assert sh("f() { f; }; f; echo after").exit_code == 139
    assert out("f() { if [ $1 -gt 0 ]; then f $(($1-1)); else echo bottom; fi; }; f 40") == "bottom\n"


def test_garbage_scripts_and_arguments_never_break_the_engine():
    import random
    rng = random.Random(7)
    words = ["echo", "'", '"', "$(", ")", "`", "${", "}", "$((", "))", "|", "&&", ";", "&", "<", ">", "2>&1", "if",
             "then", "fi", "for", "do", "done", "case", "esac", ";;", "(", "{", "$X", "*", "\\", "\n", "<<EOF", "EOF",
             "set -e", "cp", "-r", "", "/", "wget", "]", "nc", "head", "-c", "seq", "cut", "-f", "x-", "$((1/0))"]
    clock, c = container(network=FakeNetwork())
    c.start()
    for _ in range(400):
        script = " ".join(rng.choice(words) for _ in range(rng.randint(1, 10)))
        proc, _, _ = c.exec(["sh", "-c", script])
        clock.run_until(lambda: proc.done, 2)
        assert proc.error is None, script
        if not proc.done:
            proc.kill()


class PingNetwork(FakeNetwork):
    def ping(self, ctx, ip):
        return (0.000512, 62) if ip == "10.96.0.5" else None  # a pod answers; a ClusterIP does not


def test_ping_prints_busybox_statistics():
    result = sh("ping -c 2 web", network=PingNetwork())
    assert result.stdout == ("PING web (10.96.0.5): 56 data bytes\n"
                             "64 bytes from 10.96.0.5: seq=0 ttl=62 time=0.512 ms\n"
                             "64 bytes from 10.96.0.5: seq=1 ttl=62 time=0.512 ms\n\n"
                             "--- web ping statistics ---\n"
                             "2 packets transmitted, 2 packets received, 0% packet loss\n"
                             "round-trip min/avg/max = 0.512/0.512/0.512 ms\n")
    clock, c = container(network=PingNetwork())
    c.start()
    silent = c.run_exec(["ping", "-c", "3", "down"])
    assert silent.exit_code == 1 and clock.now == 12  # two intervals, then 10 s waiting for the last reply
    assert silent.stdout.endswith("3 packets transmitted, 0 packets received, 100% packet loss\n")
    assert sh("ping nowhere", network=PingNetwork()).stderr == "ping: bad address 'nowhere'\n"


def test_gnu_ls_long_listing_in_debian_images():
    assert out("ls -l /usr/share/nginx/html", image="nginx") == (
        "total 8\n"
        "-rw-r--r-- 1 root root 497 Nov 22 00:00 50x.html\n"
        "-rw-r--r-- 1 root root 615 Nov 22 00:00 index.html\n")
    assert out("ls -l /var/log/nginx", image="nginx") == (
        "total 0\n"
        "lrwxrwxrwx 1 root root 11 Nov 22 00:00 access.log -> /dev/stdout\n"
        "lrwxrwxrwx 1 root root 11 Nov 22 00:00 error.log -> /dev/stderr\n")


def test_echo_differs_between_dash_and_ash():
    assert out(r'echo "a\nb"; echo -e x', image="nginx") == "a\nb\n-e x\n"  # Debian's sh is dash
    assert out(r'echo "a\nb"; echo -e "x\ty"') == "a\\nb\nx\ty\n"  # busybox ash


def test_wget_output_follows_the_busybox_version():
    old = sh("wget -O /tmp/index.html http://web", image="busybox:1.28", network=FakeNetwork())
    assert old.stderr == ("Connecting to web (10.96.0.5:80)\n"
                          "index.html           100% |*******************************|    15   0:00:00 ETA\n")
    new = sh("wget -O /tmp/index.html http://web", network=FakeNetwork())
    assert new.stderr == ("Connecting to web (10.96.0.5:80)\nsaving to '/tmp/index.html'\n"
                          "index.html           100% |********************************|    15  0:00:00 ETA\n"
                          "'/tmp/index.html' saved\n")


def test_double_bracket_test_in_ash_but_not_dash():
    script = "if [[ -e /etc/hostname ]]; then echo -en '\\n\\n'; cat /etc/hostname; fi"
    assert out(script) == "\n\npod-1\n"  # the downward API example's loop body
    assert sh(script, image="nginx").stderr == "sh: 1: [[: not found\n"


def test_dnsutils_image_has_bind_nslookup_and_dig():
    result = sh("nslookup web; dig +short web", image="registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3",
                network=FakeNetwork())
    assert result.stdout == ("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"
                             "Name:\tweb.default.svc.cluster.local\nAddress: 10.96.0.5\n\n10.96.0.5\n")
    missing = sh("nslookup nope", image="registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3", network=FakeNetwork())
    assert missing.exit_code == 1 and missing.stdout.endswith("** server can't find nope: NXDOMAIN\n\n")


def test_tar_round_trip_as_kubectl_cp_uses_it():
    clock, source = container("nginx")
    source.start()
    packed = source.run_exec(["tar", "cf", "-", "/usr/share/nginx/html"])
    assert packed.exit_code == 0 and packed.stderr == "tar: Removing leading `/' from member names\n"
    target = Container(clock, default_catalog().lookup("busybox"), command=["sleep", "60"])
    target.start()
    unpacked = target.run_exec(["tar", "--no-same-permissions", "--no-same-owner", "-xmf", "-", "-C", "/tmp"],
                               stdin=packed.stdout)
    assert unpacked.exit_code == 0
    assert target.run_exec(["cat", "/tmp/usr/share/nginx/html/index.html"]).stdout.startswith("<!DOCTYPE html>")
    assert target.run_exec(["tar", "tf", "-"], stdin=packed.stdout).stdout == (
        "usr/share/nginx/html/\nusr/share/nginx/html/50x.html\nusr/share/nginx/html/index.html\n")


def test_set_x_u_and_pipefail():
    traced = sh('set -x; X="a b"; echo $X hi')
    assert (traced.stdout, traced.stderr) == ("a b hi\n", "+ X='a b'\n+ echo a b hi\n")
    assert sh("set -u; echo $NOPE; echo after").stderr == "sh: NOPE: parameter not set\n"
    assert out("set -u; echo ${NOPE:-fine}") == "fine\n"
    assert out("false | true; echo $?; set -o pipefail; false | true; echo $?") == "0\n1\n"
    assert sh("sh -eu -c 'echo $-'").stdout == "ecu\n"


def test_wget_header_option_takes_its_value():
    from engine.node.shell.applets.common import options
    opts, urls = options(["-qO-", "--header", "Host: shop.example.com", "http://10.0.0.1/"],
                         with_value=tuple("OTUYeP") + ("header",), letters="qcsS")
    assert (opts["header"], urls) == ("Host: shop.example.com", ["http://10.0.0.1/"])
