"""`kubectl logs` and `kubectl exec` against running simulated containers: default containers,
TYPE/NAME targets, --tail/--since/--prefix/--all-containers/-p/-f in virtual time, exit codes and errors."""
import pytest

from engine import Cluster

PODS = """
apiVersion: v1
kind: Pod
metadata: {name: lifecycle-demo}
spec:
  containers:
  - name: lifecycle-demo-container
    image: nginx
    lifecycle:
      postStart:
        exec:
          command: [/bin/sh, -c, echo Hello from the postStart handler > /usr/share/message]
      preStop:
        exec:
          command: [/bin/sh, -c, nginx -s quit; while killall -0 nginx; do sleep 1; done]
---
apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  initContainers:
  - {name: init, image: "busybox:1.28", command: [sh, -c, echo init done]}
  containers:
  - {name: a, image: "busybox:1.28", command: [sh, -c, 'i=0; while true; do echo line $i; i=$((i+1)); sleep 1; done']}
  - {name: b, image: "busybox:1.28", command: [sh, -c, sleep 3600]}
"""


@pytest.fixture(scope="module")
def c():
    cluster = Cluster(workers=1)
    cluster.apply(PODS)
    cluster.kubectl("create deployment web --image=nginx --replicas=2")
    cluster.advance(30)
    return cluster


def run(c, command):
    r = c.kubectl(command)
    return r.stdout, r.stderr, r.exit_code


def test_exec_reads_the_post_start_message(c):
    assert run(c, "exec lifecycle-demo -- cat /usr/share/message") == ("Hello from the postStart handler\n", "", 0)


def test_exec_exit_codes_and_usage(c):
    assert run(c, "exec lifecycle-demo -- cat /nope") == (
        "", "cat: /nope: No such file or directory\ncommand terminated with exit code 1\n", 1)
    assert run(c, "exec lifecycle-demo -- sh -c 'exit 3'") == ("", "command terminated with exit code 3\n", 3)
    assert run(c, "exec lifecycle-demo cat x") == (
        "", "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n"
            "See 'kubectl exec -h' for help and examples\n", 1)
    assert run(c, "exec lifecycle-demo") == ("", "error: you must specify at least one command for the container\n", 1)
    assert run(c, "exec") == ("", "error: pod, type/name or --filename must be specified\n", 1)
    assert run(c, "exec nope -- ls") == ("", 'Error from server (NotFound): pods "nope" not found\n', 1)


def test_exec_defaults_to_the_first_container_and_takes_stdin(c):
    assert run(c, "exec two -- hostname") == ("two\n", 'Defaulted container "a" out of: a, b, init (init)\n', 0)
    assert run(c, "exec -it two -c b -- echo hi") == (
        "hi\n", "Unable to use a TTY - input is not a terminal or the right kind of file\n", 0)
    r = c.kubectl("exec -i two -c b -- cat", stdin="from stdin\n")
    assert (r.stdout, r.exit_code) == ("from stdin\n", 0)
    assert run(c, "exec two -c zzz -- ls") == ("", 'error: unable to upgrade connection: container not found ("zzz")\n', 1)
    out, err, code = run(c, "exec deploy/web -- nginx -v")
    assert (out, err, code) == ("", "nginx version: nginx/1.27.3\n", 0)


def test_logs_of_one_container(c):
    out, err, code = run(c, "logs two --tail=2")
    assert (out, err, code) == (run(c, "logs two -c a --tail=2")[0], 'Defaulted container "a" out of: a, b, init (init)\n', 0)
    assert len(out.splitlines()) == 2 and out.startswith("line ")
    assert run(c, "logs two -c init") == ("init done\n", "", 0)
    assert run(c, "logs two init") == ("init done\n", "", 0)
    lines = run(c, "logs two -c a")[0].splitlines()
    assert lines[:2] == ["line 0", "line 1"] and len(lines) >= 25
    assert run(c, "logs two -c a --tail=2")[0].splitlines() == lines[-2:]
    assert run(c, "logs two -c a --since=5s")[0].splitlines() == lines[-5:]


def test_logs_of_many_containers_and_pods(c):
    out = run(c, "logs two --all-containers --prefix --tail=1")[0]
    assert out.splitlines()[0] == "[pod/two/init] init done"
    assert out.splitlines()[1].startswith("[pod/two/a] line ")
    assert len(out.splitlines()) == 2  # b printed nothing
    pods = sorted(p["metadata"]["name"] for p in c.api.list("pods", "default", label_selector="app=web")["items"])
    out, err, code = run(c, "logs deploy/web")
    assert err.startswith("Found 2 pods, using pod/web-") and code == 0
    assert out.startswith("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration\n")
    out = run(c, "logs -l app=web --prefix")[0]  # a selector shows the last 10 lines of each pod
    assert [line.split("]")[0][1:] for line in out.splitlines()] == [f"pod/{p}/nginx" for p in pods for _ in range(10)]


def test_logs_errors(c):
    assert run(c, "logs nope") == ("", 'error: error from server (NotFound): pods "nope" not found in namespace "default"\n', 1)
    assert run(c, "logs") == ("", "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
                                  "POD or TYPE/NAME is a required argument for the logs command\n"
                                  "See 'kubectl logs -h' for help and examples\n", 1)
    assert run(c, "logs -l app=web two") == ("", "error: only a selector (-l) or a POD name is allowed\n"
                                                 "See 'kubectl logs -h' for help and examples\n", 1)
    assert run(c, "logs two -c zzz") == ("", "error: container zzz is not valid for pod two\n", 1)
    assert run(c, "logs two -c a --all-containers") == (
        "", "error: --all-containers=true should not be specified with container name a\n", 1)
    assert run(c, "logs two -c a --previous") == (
        "", 'Error from server (BadRequest): previous terminated container "a" in pod "two" not found\n', 1)
    assert run(c, "logs -l app=none") == ("", "No resources found in default namespace.\n", 0)


def test_logs_follow_runs_virtual_time():
    c = Cluster(workers=1)
    c.apply("""
apiVersion: v1
kind: Pod
metadata: {name: counter}
spec:
  restartPolicy: Never
  containers:
  - {name: count, image: "busybox:1.28", command: [sh, -c, 'for i in 1 2 3 4 5; do echo $i; sleep 2; done']}
""")
    c.advance(4)
    start = c.now
    out, err, code = run(c, "logs counter -f --tail=1")
    assert out == "".join(f"{i}\n" for i in range(int(out.split()[0]), 6)) and out.endswith("4\n5\n")
    assert code == 0 and 6 <= c.now - start <= 12  # the clock ran until the container exited
    start = c.now
    assert run(c, "logs counter -f --request-timeout=3s") == ("1\n2\n3\n4\n5\n", "", 0)
    assert c.now == start  # nothing left to follow
