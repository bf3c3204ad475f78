"""nslookup when nameservers stay silent: busybox 1.36 sends its queries to each resolv.conf nameserver in turn,
5 s apiece, and names the first that replies; BIND 9.18's nslookup (dnsutils) tries the first server three
times and every further one once, 5 s a try, printing a `communications error` line for each."""
import pytest

from engine import Cluster

KUBERNETES = "kubernetes.default.svc.cluster.local"
BUSYBOX_TIMED_OUT = ";; connection timed out; no servers could be reached\n\n"
TERMINATED = "command terminated with exit code 1\n"
DEAD, DEAD2, COREDNS = "10.96.0.100", "10.96.0.101", "10.96.0.10"


def pod(name, image, *nameservers):
    return f"""
apiVersion: v1
kind: Pod
metadata: {{name: {name}}}
spec:
  dnsPolicy: None
  dnsConfig:
    nameservers: [{", ".join(nameservers)}]
    searches: [default.svc.cluster.local, svc.cluster.local, cluster.local]
    options: [{{name: ndots, value: "5"}}]
  containers: [{{name: c, image: "{image}", command: [sleep, "3600"]}}]
"""


@pytest.fixture(scope="module")
def c():
    c = Cluster(workers=1)
    for name, servers in (("dead-first", (DEAD, COREDNS)), ("all-dead", (DEAD, DEAD2)), ("fine", (COREDNS,))):
        c.apply(pod(f"bb-{name}", "busybox:1.36", *servers))
        c.apply(pod(f"bind-{name}", "registry.k8s.io/e2e-test-images/jessie-dnsutils:1.7", *servers))
    c.advance(20)
    return c


def lookup(c, pod_name, *args):
    start = c.now
    result = c.kubectl(["exec", pod_name, "--", "nslookup", *args])
    return result.stdout, result.stderr, result.exit_code, c.now - start


def test_busybox_asks_the_next_nameserver_after_five_silent_seconds(c):
    assert lookup(c, "bb-dead-first", KUBERNETES) == (
        f"Server:\t\t{COREDNS}\nAddress:\t{COREDNS}:53\n\nName:\t{KUBERNETES}\nAddress: 10.96.0.1\n\n\n", "", 0, 5)


def test_busybox_gives_up_after_every_nameserver_had_its_five_seconds(c):
    assert lookup(c, "bb-all-dead", KUBERNETES) == (BUSYBOX_TIMED_OUT, TERMINATED, 1, 10)


def test_busybox_exits_1_on_nxdomain(c):
    assert lookup(c, "bb-fine", "nosuch.default.svc.cluster.local") == (
        f"Server:\t\t{COREDNS}\nAddress:\t{COREDNS}:53\n\n"
        "** server can't find nosuch.default.svc.cluster.local: NXDOMAIN\n\n"
        "** server can't find nosuch.default.svc.cluster.local: NXDOMAIN\n\n", TERMINATED, 1, 0)


def test_bind_tries_a_silent_server_three_times(c):
    assert lookup(c, "bind-fine", KUBERNETES, DEAD) == (
        f";; communications error to {DEAD}#53: timed out\n" * 3 + ";; no servers could be reached\n\n\n",
        TERMINATED, 1, 15)


def test_bind_gives_a_second_server_the_one_try_left(c):
    assert lookup(c, "bind-all-dead", KUBERNETES) == (
        f";; communications error to {DEAD}#53: timed out\n" * 3
        + f";; communications error to {DEAD2}#53: timed out\n;; no servers could be reached\n\n\n",
        TERMINATED, 1, 20)


def test_bind_answers_from_the_server_that_replies(c):
    assert lookup(c, "bind-dead-first", "kubernetes.default") == (
        f";; communications error to {DEAD}#53: timed out\n" * 3
        + f"Server:\t\t{COREDNS}\nAddress:\t{COREDNS}#53\n\nName:\t{KUBERNETES}\nAddress: 10.96.0.1\n\n", "", 0, 15)


def test_bind_searches_until_a_name_exists_and_names_the_last_one_it_asked(c):
    assert lookup(c, "bind-fine", "kubernetes")[:3] == (
        f"Server:\t\t{COREDNS}\nAddress:\t{COREDNS}#53\n\nName:\t{KUBERNETES}\nAddress: 10.96.0.1\n\n", "", 0)
    assert lookup(c, "bind-fine", "nosuch") == (
        f"Server:\t\t{COREDNS}\nAddress:\t{COREDNS}#53\n\n** server can't find nosuch: NXDOMAIN\n\n",
        TERMINATED, 1, 0)


def test_bind_follows_the_attempts_and_timeout_options(c):
    c.apply(pod("bind-quick", "registry.k8s.io/e2e-test-images/jessie-dnsutils:1.7", DEAD).replace(
        '[{name: ndots, value: "5"}]', '[{name: attempts, value: "2"}, {name: timeout, value: "1"}]'))
    c.advance(10)
    assert "options attempts:2 timeout:1" in c.kubectl("exec bind-quick -- cat /etc/resolv.conf").stdout
    assert lookup(c, "bind-quick", KUBERNETES) == (
        f";; communications error to {DEAD}#53: timed out\n" * 2 + ";; no servers could be reached\n\n\n",
        TERMINATED, 1, 2)
