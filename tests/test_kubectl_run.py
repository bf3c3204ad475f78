"""`kubectl run` against a cluster: pods and --expose services created, and -i/--attach waiting in
virtual time for the container, showing its output, returning its exit code and --rm cleaning up.
(The generator's output and errors are compared with the real kubectl in tests/golden/run-*.json.)"""
import pytest

from engine import Cluster


@pytest.fixture(scope="module")
def c():
    return Cluster(workers=1)


def run(c, command):
    r = c.kubectl(command)
    return r.stdout, r.stderr, r.exit_code


def test_run_creates_a_pod_that_runs(c):
    assert run(c, "run web --image=nginx:1.14.2 --port=80 --expose") == ("service/web created\npod/web created\n", "", 0)
    c.advance(10)
    pod = c.api.get("pods", "web", "default")
    assert pod["metadata"]["labels"] == {"run": "web"} and pod["status"]["phase"] == "Running"
    assert c.api.get("services", "web", "default")["spec"]["selector"] == {"run": "web"}
    assert run(c, "run web --image=nginx") == ("", 'Error from server (AlreadyExists): pods "web" already exists\n', 1)


def test_attached_run_prints_the_output_and_removes_the_pod(c):
    start = c.now
    out, err, code = run(c, "run hello -i --rm --restart=Never --image=busybox:1.28 -- sh -c 'echo hello; echo world'")
    assert (out, err, code) == ('hello\nworld\npod "hello" deleted\n', "", 0)
    assert c.now > start  # the clock ran while kubectl waited for the pod
    assert c.kubectl("get pod hello").stderr == 'Error from server (NotFound): pods "hello" not found\n'


def test_attached_run_returns_the_container_exit_code(c):
    out, err, code = run(c, "run fail -i --restart=Never --image=busybox:1.28 -- sh -c 'echo bad >&2; exit 3'")
    assert (out, err, code) == ("bad\n", "pod default/fail terminated (Error)\n", 3)
    assert c.api.get("pods", "fail", "default")["status"]["phase"] == "Failed"  # no --rm: it stays


def test_attached_run_of_a_long_running_container_attaches(c):
    out, err, code = run(c, "run counter -it --rm --image=busybox:1.28 --restart=Never -- "
                            "sh -c 'for i in 1 2 3; do echo $i; sleep 5; done'")
    assert out == '1\n2\n3\npod "counter" deleted\n' and code == 0
    assert err == ("Unable to use a TTY - input is not a terminal or the right kind of file\n"
                   "If you don't see a command prompt, try pressing enter.\n")


def test_run_with_overrides_and_server_dry_run(c):
    out, err, code = run(c, """run pinned --image=nginx --overrides='{"spec":{"nodeName":"worker-1"}}' --dry-run=server -o jsonpath={.spec.nodeName}""")
    assert (out, err, code) == ("worker-1", "", 0)
    assert c.kubectl("get pod pinned").exit_code == 1
