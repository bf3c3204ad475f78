"""kubectl debug (ephemeral containers through pods/ephemeralcontainers, --copy-to, node/NAME),
kubectl attach and kubectl cp against the simulated cluster, with kubectl v1.32's messages."""
import pytest

from engine import Cluster

LEGACY = ('--profile=legacy is deprecated and will be removed in the future. It is recommended to '
          'explicitly specify a profile, for example "--profile=general".\n')
PROMPT = "If you don't see a command prompt, try pressing enter.\n"
NO_TTY = "Unable to use a TTY - input is not a terminal or the right kind of file\n"


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(workers=1)
    c.kubectl("run web --image=nginx --labels=app=web")
    c.kubectl("run ticker --image=busybox -- sh -c 'i=0; while true; do echo tick $i; i=$((i+1)); sleep 3; done'")
    c.advance(10)
    return c


def test_debug_adds_an_ephemeral_container_and_attaches(cluster):
    r = cluster.kubectl("debug -it web --image=busybox --target=web -c dbg", stdin="echo hi from debug\nhostname\n")
    assert r.stdout == ('Targeting container "web". If you don\'t see processes from this container it may be '
                        "because the container runtime doesn't support this feature.\n"
                        "/ # hi from debug\n/ # web\n/ # \n")
    assert r.stderr == LEGACY + NO_TTY + PROMPT
    assert r.exit_code == 0
    cluster.advance(2)  # the exit is seen at the next PLEG relist
    pod = cluster.api.get("pods", "web", "default")
    [ec] = pod["spec"]["ephemeralContainers"]
    assert (ec["name"], ec["image"], ec["targetContainerName"], ec["stdin"], ec["tty"]) == ("dbg", "busybox", "web", True, True)
    [status] = pod["status"]["ephemeralContainerStatuses"]
    assert status["name"] == "dbg" and status["state"]["terminated"]["reason"] == "Completed"
    assert "started" not in status and status["ready"] is False
    assert pod["status"]["phase"] == "Running"
    events = [(e["reason"], e["involvedObject"].get("fieldPath"), e["message"])
              for e in cluster.api.list("events", "default")["items"] if e["involvedObject"]["name"] == "web"]
    assert ("Started", "spec.ephemeralContainers{dbg}", "Started container dbg") in events


def test_a_running_ephemeral_container_is_never_ready(cluster):
    cluster.kubectl("debug ticker --image=busybox -c sleeper -- sleep 3600")
    cluster.advance(3)
    pod = cluster.api.get("pods", "ticker", "default")
    [status] = [s for s in pod["status"]["ephemeralContainerStatuses"] if s["name"] == "sleeper"]
    assert "running" in status["state"] and status["ready"] is False and "started" not in status
    assert cluster.kubectl("get pod ticker --no-headers").stdout.split()[1] == "1/1"
    assert cluster.kubectl("exec ticker -c sleeper -- echo inside").stdout == "inside\n"


def test_debug_default_name_and_logs_of_a_finished_container(cluster):
    r = cluster.kubectl("debug ticker --image=busybox --profile=general --attach -- sh -c 'echo one; echo two'")
    name = r.stdout.split("Defaulting debug container name to ")[1].split(".\n")[0]
    assert name.startswith("debugger-") and len(name) == len("debugger-") + 5
    assert r.stdout.endswith("one\ntwo\n") and r.stderr == PROMPT or r.stdout.endswith(".\none\ntwo\n")
    pod = cluster.api.get("pods", "ticker", "default")
    ec = pod["spec"]["ephemeralContainers"][-1]
    assert ec["securityContext"] == {"capabilities": {"add": ["SYS_PTRACE"]}}  # the general profile
    assert cluster.kubectl(f"logs ticker -c {name}").stdout == "one\ntwo\n"


def test_ephemeral_containers_cannot_change_or_duplicate(cluster):
    r = cluster.kubectl("debug web --image=busybox -c web")
    assert r.stderr == LEGACY + 'The Pod "web" is invalid: spec.ephemeralContainers[1].name: Duplicate value: "web"\n'
    r = cluster.kubectl("debug web --image=busybox -c x --target=nope -q")
    assert r.stdout == ""
    assert r.stderr.endswith('The Pod "web" is invalid: spec.ephemeralContainers[1].targetContainerName: Not found: "nope"\n')
    with pytest.raises(Exception) as e:
        cluster.api.patch("pods", "web", {"spec": {"ephemeralContainers": [{"name": "p", "image": "busybox",
                          "ports": [{"containerPort": 80}]}]}}, namespace="default", subresource="ephemeralcontainers")
    assert "].ports: Forbidden: cannot be set for an Ephemeral Container" in str(e.value)
    # the main resource may not add them
    r = cluster.kubectl("patch pod web -p '{\"spec\":{\"ephemeralContainers\":[{\"name\":\"z\",\"image\":\"busybox\"}]}}'")
    assert r.exit_code == 1 and "Forbidden: pod updates may not change fields other than" in r.stderr


def test_debug_copy_to_share_processes_and_set_image(cluster):
    r = cluster.kubectl("debug web --image=busybox --copy-to=web-copy --share-processes -c dbg -- sleep 1d")
    assert (r.stdout, r.stderr, r.exit_code) == ("", LEGACY, 0)
    cluster.advance(10)
    copy = cluster.api.get("pods", "web-copy", "default")
    assert copy["spec"]["shareProcessNamespace"] is True
    assert [c["name"] for c in copy["spec"]["containers"]] == ["web", "dbg"]
    assert "labels" not in copy["metadata"]  # the legacy profile drops them
    assert copy["status"]["phase"] == "Running"
    r = cluster.kubectl("debug web --copy-to=web2 --set-image=*=busybox:1.36 --replace")
    assert r.exit_code == 0
    assert cluster.api.get("pods", "web2", "default")["spec"]["containers"][0]["image"] == "busybox:1.36"
    assert cluster.kubectl("get pod web").stderr == 'Error from server (NotFound): pods "web" not found\n'


def test_debug_node_runs_in_the_host_namespaces():
    c = Cluster(workers=1)
    r = c.kubectl("debug node/worker-1 -it --image=busybox -q", stdin="echo $HOSTNAME\n")
    assert r.stdout == "/ # worker-1\n/ # \n" and r.stderr == LEGACY
    [pod] = [p for p in c.api.list("pods", "default")["items"]]
    name = pod["metadata"]["name"]
    assert name.startswith("node-debugger-worker-1-") and len(name) == len("node-debugger-worker-1-") + 5
    spec = pod["spec"]
    assert (spec["hostNetwork"], spec["hostPID"], spec["hostIPC"], spec["nodeName"]) == (True, True, True, "worker-1")
    assert spec["volumes"][0] == {"name": "host-root", "hostPath": {"path": "/", "type": ""}}
    assert spec["containers"][0]["volumeMounts"][0] == {"name": "host-root", "mountPath": "/host"}
    assert spec["tolerations"] == [{"operator": "Exists"}] and spec["restartPolicy"] == "Never"
    r = c.kubectl("debug node/control-plane -it --image=busybox -q",
                  stdin="ls /host/etc/kubernetes/manifests\ncat /host/etc/hostname\n")
    assert r.stdout == ("/ # etcd.yaml\nkube-apiserver.yaml\nkube-controller-manager.yaml\nkube-scheduler.yaml\n"
                        "/ # control-plane\n/ # \n")
    r = c.kubectl("debug -n kube-system etcd-control-plane --image=busybox -q --profile=general")
    assert r.stderr == ('The Pod "etcd-control-plane" is invalid: : Forbidden: static pods do not support '
                        "ephemeral containers\n")
    r = c.kubectl("debug node/worker-1 --image=busybox")
    assert r.stdout.startswith("Creating debugging pod node-debugger-worker-1-")
    assert r.stdout.endswith(" with container debugger on node worker-1.\n")


@pytest.mark.parametrize("args, error", [
    ("debug web", "error: you must specify --image when not using --copy-to.\n"),
    ("debug --image=busybox", "error: NAME or filename is required for debug\n"),
    ("debug web --image=busybox --replace", "error: --replace may only be used with --copy-to.\n"),
    ("debug web --image=busybox --set-image=a=b", "error: --set-image may only be used with --copy-to.\n"),
    ("debug web --copy-to=x", "error: you must specify --image, --set-image or command arguments.\n"),
    ("debug web --image=Bad:image", 'error: invalid image name "Bad:image": invalid reference format\n'),
    ("debug web --image=busybox -t", "error: -i/--stdin is required for containers with -t/--tty=true\n"),
    ("debug web --image=busybox --copy-to=x --target=web",
     "error: --target is incompatible with --copy-to. Use --share-processes instead.\n"),
    ("debug web --attach", "error: you must specify --container or create a new container using --image in order to attach.\n"),
    ("debug web --image=busybox --env=X", 'Error: invalid argument "X" for "--env" flag: X must be formatted as key=value\n'
                                         "See 'kubectl debug --help' for usage.\n"),
])
def test_debug_client_side_errors(cluster, args, error):
    r = cluster.kubectl(args)
    assert (r.stderr, r.exit_code) == (error, 1)


def test_debug_of_an_unsupported_kind(cluster):
    cluster.kubectl("create deployment d --image=nginx")
    r = cluster.kubectl("debug deploy/d --image=busybox")
    assert r.stderr == LEGACY + 'error: "apps/v1, Kind=Deployment" not supported by debug\n'


def test_attach_follows_the_output(cluster):
    before = cluster.now
    r = cluster.kubectl("attach ticker")
    assert cluster.now == before + 60  # followed for 60 virtual seconds, as logs -f
    lines = r.stdout.splitlines()
    assert len(lines) == 20 and all(line.startswith("tick ") for line in lines)
    first = int(lines[0].split()[1])
    assert lines == [f"tick {first + i}" for i in range(20)]  # from the attach on, not the earlier log
    assert r.stderr.startswith('Defaulted container "ticker" out of: ticker, sleeper (ephem), debugger-')
    assert r.stderr.endswith(" (ephem)\n" + PROMPT)
    r = cluster.kubectl("attach ticker -it -c ticker")
    assert r.stderr == "error: Unable to use a TTY - container ticker did not allocate one\n" + PROMPT
    r = cluster.kubectl("attach pod ticker -q -c ticker --request-timeout=7s")
    assert r.stderr == "" and len(r.stdout.splitlines()) in (2, 3)


@pytest.mark.parametrize("args, error", [
    ("attach", "error: at least 1 argument is required for attach\n"),
    ("attach a b c", "error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw 3: [a b c]\n"),
    ("attach ticker -c nope", "error: cannot attach to the container: container nope not found in pod ticker\n"),
    ("attach nope", 'Error from server (NotFound): pods "nope" not found\n'),
    ("attach ticker --pod-running-timeout=0", "error: --pod-running-timeout must be higher than zero\n"
                                              "See 'kubectl attach -h' for help and examples\n"),
])
def test_attach_errors(cluster, args, error):
    r = cluster.kubectl(args)
    assert (r.stderr, r.exit_code) == (error, 1)


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("hello\n")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x").write_text("x\n")
    (tmp_path / "d" / "y").write_text("y\n")
    return tmp_path


def test_cp_to_and_from_a_container(cluster, workdir):
    cluster.kubectl("run files --image=nginx")
    cluster.advance(10)
    r = cluster.kubectl("cp a.txt files:/tmp/a.txt")
    assert (r.stdout, r.stderr, r.exit_code) == ("", "", 0)
    assert cluster.kubectl("exec files -- cat /tmp/a.txt").stdout == "hello\n"
    assert cluster.kubectl("cp d files:/tmp").exit_code == 0  # an existing directory: copied into it
    assert cluster.kubectl("exec files -- cat /tmp/d/x /tmp/d/y").stdout == "x\ny\n"
    r = cluster.kubectl("cp default/files:/tmp/d copy")
    assert (r.stdout, r.stderr, r.exit_code) == ("tar: Removing leading `/' from member names\n", "", 0)
    assert sorted(p.name for p in (workdir / "copy").iterdir()) == ["x", "y"]
    assert (workdir / "copy" / "y").read_text() == "y\n"
    r = cluster.kubectl("cp ticker:/etc/hostname h -c ticker")
    assert r.stdout == "tar: removing leading '/' from member names\n"  # busybox's tar says it its way
    assert (workdir / "h").read_text() == "ticker\n"
    r = cluster.kubectl("cp ticker:/etc/hostname . -c ticker")  # a file needs a file name, as in kubectl
    assert (r.stderr, r.exit_code) == ("error: open .: is a directory\n", 1)
    r = cluster.kubectl("cp ticker:/tmp/nope n -c ticker")
    assert r.stdout == "tar: removing leading '/' from member names\ntar: /tmp/nope: No such file or directory\n"
    assert (r.stderr, r.exit_code) == ("command terminated with exit code 1\n", 1)


def test_cp_never_leaves_the_working_folder(cluster, workdir):
    outside = "kubectl in this simulated cluster only reads and writes files inside the folder it runs in\n"
    r = cluster.kubectl("cp ../secret ticker:/tmp")
    assert (r.stderr, r.exit_code) == ('error: "../secret" is outside the working folder: ' + outside, 1)
    r = cluster.kubectl("cp ticker:/etc/hostname /etc/hostname-copy -c ticker")
    assert r.stderr == 'error: "/etc/hostname-copy" is outside the working folder: ' + outside
    (workdir / "link").symlink_to("/etc/passwd")
    r = cluster.kubectl("cp link ticker:/tmp/p -c ticker")
    assert r.stderr == 'error: "link" is outside the working folder: ' + outside
    assert cluster.kubectl(f"cp {workdir}/a.txt ticker:/tmp/a -c ticker").exit_code == 0  # absolute, but inside


@pytest.mark.parametrize("args, error", [
    ("cp a.txt", "error: source and destination are required\n"),
    (":a b", "error: filespec must match the canonical format: [[namespace/]pod:]file/path\n"),
    ("a/b/c:x y", "error: filespec must match the canonical format: [[namespace/]pod:]file/path\n"),
    ("a.txt b", "error: one of src or dest must be a remote file specification\n"),
    ("a:x b:y", "error: one of src or dest must be a local file specification\n"),
    ("nope ticker:/tmp", "error: nope doesn't exist in local filesystem\n"),
    ("ticker: x", "error: filepath can not be empty\n"),
    ("a.txt nope:/tmp", 'Error from server (NotFound): pods "nope" not found\n'),
])
def test_cp_errors(cluster, workdir, args, error):
    r = cluster.kubectl(args if args.startswith("cp ") else "cp " + args)
    assert (r.stderr, r.exit_code) == (error, 1)


def test_debug_custom_profile_is_merged_into_the_container(cluster, workdir):
    (workdir / "custom.yaml").write_text("env:\n- name: DEBUG\n  value: '1'\nsecurityContext:\n"
                                         "  capabilities:\n    add: [NET_ADMIN]\n")
    r = cluster.kubectl("debug ticker --image=busybox -c custom --custom=custom.yaml -- sleep 100")
    assert (r.stdout, r.stderr, r.exit_code) == ("", LEGACY, 0)
    [ec] = [c for c in cluster.api.get("pods", "ticker", "default")["spec"]["ephemeralContainers"] if c["name"] == "custom"]
    assert ec["env"] == [{"name": "DEBUG", "value": "1"}]
    assert ec["securityContext"] == {"capabilities": {"add": ["NET_ADMIN"]}}
    assert ec["command"] == ["sleep", "100"]
