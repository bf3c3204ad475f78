"""Unit and integration checks of the kubelet: status derivation, IPAM, DNS files, env, volumes,
probes, termination timing, logs/exec errors, OOM kills, heartbeats and static pods."""
import base64
import json

import pytest

from engine import Cluster
from engine.network.ipam import HostLocal
from engine.node.kubelet import Kubelet, pod_status
from engine.node.kubelet.backoff import Backoff
from engine.node.kubelet.images import go_duration


def pod_yaml(name, containers, extra=""):
    return f"apiVersion: v1\nkind: Pod\nmetadata: {{name: {name}}}\nspec:\n  containers:\n{containers}{extra}"


def events(c, name, reason=None):
    items = [e for e in c.api.list("events", "default")["items"] if e["involvedObject"].get("name") == name]
    items.sort(key=lambda e: (e.get("firstTimestamp") or e.get("eventTime") or "", e["metadata"]["name"]))
    return [e for e in items if reason is None or e["reason"] == reason]


def status(c, name):
    return c.api.get("pods", name)["status"]


def get_row(c, name):
    return c.kubectl(f"get pod {name} --no-headers").stdout.split()


# ---- pure derivations
def st(state, last=None, ready=False, started=False):
    return {"state": state, "lastState": {"terminated": last} if last else {}, "ready": ready, "started": started}


RUN = {"running": {"startedAt": "x"}}
OK = {"terminated": {"exitCode": 0}}
BAD = {"terminated": {"exitCode": 1}}
WAIT = {"waiting": {"reason": "ContainerCreating"}}


@pytest.mark.parametrize("policy,init,regular,terminal,expected", [
    ("Always", {}, {"a": st(WAIT)}, False, "Pending"),
    ("Always", {}, {"a": st(RUN)}, False, "Running"),
    ("Always", {}, {"a": st(BAD)}, False, "Running"),
    ("Always", {}, {"a": st(OK)}, True, "Succeeded"),
    ("Never", {}, {"a": st(OK)}, False, "Succeeded"),
    ("Never", {}, {"a": st(BAD)}, False, "Failed"),
    ("OnFailure", {}, {"a": st(BAD)}, False, "Running"),
    ("OnFailure", {}, {"a": st(OK)}, False, "Succeeded"),
    ("Always", {}, {"a": st({"waiting": {"reason": "CrashLoopBackOff"}}, last={"exitCode": 1})}, False, "Running"),
    ("Always", {"i": st(RUN)}, {"a": st(WAIT)}, False, "Pending"),
    ("Never", {"i": st(BAD)}, {"a": st(WAIT)}, False, "Failed"),
    ("Always", {"i": st({"waiting": {"reason": "CrashLoopBackOff"}}, last={"exitCode": 1})}, {"a": st(WAIT)}, False,
     "Pending"),
    ("Always", {"i": st(OK)}, {"a": st(RUN), "b": st(RUN)}, False, "Running"),
    ("Always", {}, {"a": st(RUN), "b": st(BAD)}, False, "Running"),
])
def test_phase(policy, init, regular, terminal, expected):
    spec = {"restartPolicy": policy, "initContainers": [{"name": n} for n in init],
            "containers": [{"name": n} for n in regular]}
    assert pod_status.phase(spec, init, regular, terminal) == expected


def test_conditions_keep_transition_times_and_messages():
    spec = {"initContainers": [{"name": "i1"}, {"name": "i2"}], "containers": [{"name": "a"}]}
    init = {"i1": st(OK), "i2": st(WAIT)}
    regular = {"a": st(WAIT)}
    gen = pod_status.conditions(spec, init, regular, "Pending", True)
    assert gen == [("PodReadyToStartContainers", "True", None, None),
                   ("Initialized", "False", "ContainersNotInitialized", "containers with incomplete status: [i2]"),
                   ("Ready", "False", "ContainersNotReady", "containers with unready status: [a]"),
                   ("ContainersReady", "False", "ContainersNotReady", "containers with unready status: [a]"),
                   ("PodScheduled", "True", None, None)]
    old = [{"type": "PodScheduled", "status": "True", "lastProbeTime": None, "lastTransitionTime": "T0"},
           {"type": "Initialized", "status": "False", "lastProbeTime": None, "lastTransitionTime": "T1"}]
    merged = pod_status.merge_conditions(old, gen, "T2")
    by_type = {c["type"]: c for c in merged}
    assert by_type["Initialized"]["lastTransitionTime"] == "T1"
    assert by_type["Ready"]["lastTransitionTime"] == "T2"
    assert by_type["PodScheduled"]["lastTransitionTime"] == "T0"
    assert [c["type"] for c in merged] == ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
                                          "PodScheduled"]


def test_succeeded_pod_conditions_say_pod_completed():
    spec = {"containers": [{"name": "a"}]}
    gen = pod_status.conditions(spec, {}, {"a": st(OK)}, "Succeeded", False)
    assert gen[2] == ("Ready", "False", "PodCompleted", None)
    assert gen[0] == ("PodReadyToStartContainers", "False", None, None)


def test_go_duration():
    assert [go_duration(s) for s in (0.612, 2.345, 5.0, 62.5, 300, 3725.001, 0.0004)] == \
        ["612ms", "2.345s", "5s", "1m2.5s", "5m0s", "1h2m5.001s", "0s"]


def test_backoff_doubles_caps_and_resets_after_quiet_period():
    b = Backoff(10, 300)
    delays = [b.next("k", t, t) for t in (0, 1, 2, 3, 4, 5, 6)]
    assert delays == [10, 20, 40, 80, 160, 300, 300]
    assert b.in_backoff_since("k", 6, 100) and not b.in_backoff_since("k", 6, 306)
    assert b.next("k", 700, 700) == 10  # quiet for more than 2 x 300 s


def test_host_local_ipam_round_robin():
    ipam = HostLocal("10.244.1.0/24")
    assert [ipam.allocate(n) for n in "abc"] == ["10.244.1.2", "10.244.1.3", "10.244.1.4"]
    assert ipam.allocate("a") == "10.244.1.2"
    ipam.release("b")
    assert ipam.allocate("d") == "10.244.1.5"  # after the last reserved, not the freed one
    small = HostLocal("10.0.0.0/30")
    small.allocate("x")
    with pytest.raises(Exception) as err:
        small.allocate("y")
    assert "no IP addresses available in range set: 10.0.0.2-10.0.0.2" in str(err.value)


# ---- through a cluster
@pytest.fixture(scope="module")
def c():
    cluster = Cluster(wait=False, seed=3)
    cluster.apply("""apiVersion: v1
kind: ConfigMap
metadata: {name: app-config}
data: {MODE: fast, LEVEL: "3", app.conf: "port=8080\\n"}
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
data: {password: """ + base64.b64encode(b"s3cr3t").decode() + """}
---
apiVersion: v1
kind: Service
metadata: {name: my-db}
spec:
  ports: [{port: 5432, name: pg}]
  selector: {app: db}
---
apiVersion: v1
kind: Pod
metadata: {name: env-demo, labels: {app: demo}}
spec:
  hostAliases: [{ip: 10.1.2.3, hostnames: [foo.local, bar.local]}]
  hostname: envhost
  subdomain: sub
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, "echo $(GREETING) $NAME; sleep 3600"]
    envFrom: [{configMapRef: {name: app-config}, prefix: CFG_}]
    env:
    - {name: NAME, value: world}
    - {name: GREETING, value: "hello-$(NAME)-$$(NAME)"}
    - name: POD_NAME
      valueFrom: {fieldRef: {fieldPath: metadata.name}}
    - name: POD_IP
      valueFrom: {fieldRef: {fieldPath: status.podIP}}
    - name: PASSWORD
      valueFrom: {secretKeyRef: {name: creds, key: password}}
    - name: MEM_LIMIT
      valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}
    resources: {limits: {memory: 64Mi, cpu: 500m}}
    volumeMounts:
    - {name: cfg, mountPath: /etc/cfg}
    - {name: sec, mountPath: /etc/sec}
    - {name: info, mountPath: /etc/info}
    - {name: one, mountPath: /etc/app.conf, subPath: app.conf}
  volumes:
  - {name: cfg, configMap: {name: app-config}}
  - {name: sec, secret: {secretName: creds}}
  - name: info
    downwardAPI:
      items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]
  - {name: one, configMap: {name: app-config}}
---
apiVersion: v1
kind: Pod
metadata: {name: dns-none}
spec:
  dnsPolicy: None
  dnsConfig: {nameservers: [1.1.1.1], searches: [corp.example], options: [{name: ndots, value: "2"}]}
  containers: [{name: app, image: busybox:1.36, command: [sleep, "3600"]}]
""")
    cluster.advance(20)
    return cluster


def run(c, pod, *argv):
    return c.api.pod_exec(pod, list(argv))


def test_env_vars_as_the_kubelet_builds_them(c):
    out, _, code = run(c, "env-demo", "env")
    env = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
    ip = status(c, "env-demo")["podIP"]
    assert env["CFG_MODE"] == "fast" and env["CFG_LEVEL"] == "3"
    assert env["GREETING"] == "hello-world-$(NAME)"
    assert env["POD_NAME"] == "env-demo" and env["POD_IP"] == ip
    assert env["PASSWORD"] == "s3cr3t"
    assert env["MEM_LIMIT"] == "64"
    assert env["MY_DB_SERVICE_HOST"] == c.api.get("services", "my-db")["spec"]["clusterIP"]
    assert env["MY_DB_SERVICE_PORT_PG"] == "5432"
    assert env["KUBERNETES_SERVICE_HOST"] == "10.96.0.1" and env["KUBERNETES_SERVICE_PORT"] == "443"
    assert env["KUBERNETES_PORT_443_TCP"] == "tcp://10.96.0.1:443"
    # the kubelet expands $(GREETING) in the command; the value's own "$(NAME)" then reaches the shell as a
    # command substitution, as on a real node
    log = c.api.pod_log("env-demo")
    assert "hello-world- world\n" in log and "sh: NAME: not found\n" in log


def test_volumes_configmap_secret_downward_subpath(c):
    assert run(c, "env-demo", "cat", "/etc/cfg/MODE")[0] == "fast"
    assert run(c, "env-demo", "cat", "/etc/sec/password")[0] == "s3cr3t"
    assert run(c, "env-demo", "cat", "/etc/info/labels")[0] == 'app="demo"'
    assert run(c, "env-demo", "cat", "/etc/app.conf")[0] == "port=8080\n"
    token = run(c, "env-demo", "cat", "/var/run/secrets/kubernetes.io/serviceaccount/token")[0]
    assert token.count(".") == 2 and token.startswith("eyJ")
    assert run(c, "env-demo", "cat", "/var/run/secrets/kubernetes.io/serviceaccount/namespace")[0] == "default"


def test_dns_files(c):
    ip = status(c, "env-demo")["podIP"]
    assert run(c, "env-demo", "cat", "/etc/resolv.conf")[0] == (
        "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n")
    hosts = run(c, "env-demo", "cat", "/etc/hosts")[0]
    assert hosts.startswith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n")
    assert f"{ip}\tenvhost.sub.default.svc.cluster.local\tenvhost\n" in hosts
    assert hosts.endswith("\n# Entries added by HostAliases.\n10.1.2.3\tfoo.local\tbar.local\n")
    assert run(c, "env-demo", "hostname")[0] == "envhost\n"
    assert run(c, "dns-none", "cat", "/etc/resolv.conf")[0] == "search corp.example\nnameserver 1.1.1.1\noptions ndots:2\n"


def test_pod_ips_from_the_node_pod_cidr(c):
    pod = c.api.get("pods", "env-demo")
    node = c.api.get("nodes", pod["spec"]["nodeName"])
    prefix = node["spec"]["podCIDR"].rsplit(".", 2)[0]
    assert pod["status"]["podIP"].startswith(prefix + ".")
    assert pod["status"]["podIPs"] == [{"ip": pod["status"]["podIP"]}]
    internal = next(a["address"] for a in node["status"]["addresses"] if a["type"] == "InternalIP")
    assert pod["status"]["hostIP"] == internal and pod["status"]["hostIPs"] == [{"ip": internal}]


def test_exec_and_log_errors(c):
    from engine.api.errors import ApiError
    with pytest.raises(ApiError) as err:
        c.api.pod_log("env-demo", previous=True)
    assert 'previous terminated container "app" in pod "env-demo" not found' in str(err.value)


def test_missing_configmap_env_is_create_container_config_error():
    c = Cluster(wait=False)
    c.apply(pod_yaml("cfgerr", "  - name: app\n    image: busybox:1.36\n    command: [sleep, '3600']\n"
                     "    env: [{name: X, valueFrom: {configMapKeyRef: {name: nope, key: k}}}]\n"))
    c.advance(10)
    assert get_row(c, "cfgerr")[2] == "CreateContainerConfigError"
    waiting = status(c, "cfgerr")["containerStatuses"][0]["state"]["waiting"]
    assert waiting == {"reason": "CreateContainerConfigError", "message": 'configmap "nope" not found'}
    assert [e["message"] for e in events(c, "cfgerr", "Failed")] == ['Error: configmap "nope" not found']
    from engine.api.errors import ApiError
    with pytest.raises(ApiError) as err:
        c.api.pod_log("cfgerr")
    assert 'container "app" in pod "cfgerr" is waiting to start: CreateContainerConfigError' in str(err.value)
    c.apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nope}\ndata: {k: v}\n")
    c.advance(15)
    assert get_row(c, "cfgerr")[2] == "Running"


def test_missing_configmap_volume_failed_mount():
    c = Cluster(wait=False)
    c.apply(pod_yaml("mnt", "  - name: app\n    image: nginx\n    volumeMounts: [{name: v, mountPath: /cfg}]\n",
                     "  volumes: [{name: v, configMap: {name: absent}}]\n"))
    c.advance(30)
    assert get_row(c, "mnt")[2] == "ContainerCreating"
    failed = events(c, "mnt", "FailedMount")
    assert failed[0]["message"] == 'MountVolume.SetUp failed for volume "v" : configmap "absent" not found'
    assert failed[0]["type"] == "Warning" and failed[0]["count"] > 3
    c.advance(120)
    assert any(e["message"].startswith("Unable to attach or mount volumes: unmounted volumes=[v], unattached "
                                       "volumes=[], failed to process volumes=[]: timed out waiting for the condition")
               for e in events(c, "mnt", "FailedMount"))


def test_emptydir_shared_and_pvc_data_survives_pods():
    c = Cluster(wait=False)
    c.apply("""apiVersion: v1
kind: PersistentVolume
metadata: {name: pv-1}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: standard
  hostPath: {path: /tmp/pv-1}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
  volumeName: pv-1
""")
    c.apply(pod_yaml("writer", "  - name: w\n    image: busybox:1.36\n    command: [sh, -c, 'echo saved > /data/f; sleep 3600']\n"
                     "    volumeMounts: [{name: d, mountPath: /data}]\n",
                     "  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]\n"))
    c.advance(15)
    c.kubectl("delete pod writer")
    c.advance(40)
    c.apply(pod_yaml("reader", "  - name: r\n    image: busybox:1.36\n    command: [sleep, '3600']\n"
                     "    volumeMounts: [{name: d, mountPath: /data}]\n",
                     "  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]\n"))
    c.advance(15)
    assert c.api.pod_exec("reader", ["cat", "/data/f"])[0] == "saved\n"


def test_unbound_claim_keeps_pod_container_creating():
    c = Cluster(wait=False)
    c.apply("""apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: pending}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
""")
    # nodeName set by hand bypasses the scheduler (which would wait for the claim): the kubelet waits
    c.apply(pod_yaml("waits", "  - name: w\n    image: nginx\n    volumeMounts: [{name: d, mountPath: /data}]\n",
                     "  nodeName: worker-1\n  volumes: [{name: d, persistentVolumeClaim: {claimName: pending}}]\n"))
    c.advance(130)
    assert get_row(c, "waits")[2] == "ContainerCreating"
    assert any("failed to process volumes=[d]: error processing PVC default/pending: PVC is not bound" in e["message"]
               for e in events(c, "waits", "FailedMount"))


def test_readiness_probe_http_and_failure_message():
    c = Cluster(wait=False)
    c.apply(pod_yaml("ready", "  - name: web\n    image: nginx\n"
                     "    readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 2}\n"))
    c.apply(pod_yaml("unready", "  - name: web\n    image: nginx\n"
                     "    readinessProbe: {httpGet: {path: /healthz, port: 81}, periodSeconds: 2}\n"))
    c.advance(20)
    assert get_row(c, "ready")[1:3] == ["1/1", "Running"]
    assert get_row(c, "unready")[1:3] == ["0/1", "Running"]
    ip = status(c, "unready")["podIP"]
    msg = events(c, "unready", "Unhealthy")[0]["message"]
    assert msg == f'Readiness probe failed: Get "http://{ip}:81/healthz": dial tcp {ip}:81: connect: connection refused'
    cond = {x["type"]: x for x in status(c, "unready")["conditions"]}
    assert cond["Ready"]["status"] == "False" and cond["ContainersReady"]["reason"] == "ContainersNotReady"


def test_tcp_liveness_restart_message():
    c = Cluster(wait=False)
    c.apply(pod_yaml("tcp", "  - name: web\n    image: nginx\n"
                     "    livenessProbe: {tcpSocket: {port: 8080}, periodSeconds: 3, failureThreshold: 1}\n"))
    c.advance(20)
    ip = status(c, "tcp")["podIP"]
    assert events(c, "tcp", "Unhealthy")[0]["message"] == \
        f"Liveness probe failed: dial tcp {ip}:8080: connect: connection refused"
    assert events(c, "tcp", "Killing")[0]["message"] == "Container web failed liveness probe, will be restarted"


def test_graceful_termination_timing():
    c = Cluster(wait=False)
    c.apply(pod_yaml("quick", "  - name: nginx\n    image: nginx\n"))
    c.apply(pod_yaml("stubborn", "  - name: app\n    image: busybox:1.36\n    command: [sleep, '3600']\n"))
    c.advance(15)
    c.kubectl("delete pod quick stubborn --wait=false")
    c.advance(0.5)
    assert get_row(c, "stubborn")[2] == "Terminating"
    c.advance(2)
    assert c.kubectl("get pod quick").stderr == 'Error from server (NotFound): pods "quick" not found\n'
    assert [e["message"] for e in events(c, "quick", "Killing")] == ["Stopping container nginx"]
    c.advance(25)
    assert get_row(c, "stubborn")[2] == "Terminating"  # sleep as PID 1 ignores SIGTERM: SIGKILL at 30 s
    c.advance(5)
    assert c.kubectl("get pod stubborn").exit_code == 1


def test_completed_and_error_with_restart_policy_never():
    c = Cluster(wait=False)
    c.apply(pod_yaml("ok", "  - name: a\n    image: busybox:1.36\n    command: [sh, -c, 'echo done']\n",
                     "  restartPolicy: Never\n"))
    c.apply(pod_yaml("bad", "  - name: a\n    image: busybox:1.36\n    command: [sh, -c, 'exit 3']\n",
                     "  restartPolicy: Never\n"))
    c.advance(15)
    assert get_row(c, "ok")[1:4] == ["0/1", "Completed", "0"]
    assert get_row(c, "bad")[1:4] == ["0/1", "Error", "0"]
    assert status(c, "ok")["phase"] == "Succeeded" and status(c, "bad")["phase"] == "Failed"
    term = status(c, "bad")["containerStatuses"][0]["state"]["terminated"]
    assert (term["exitCode"], term["reason"]) == (3, "Error")
    cond = {x["type"]: x for x in status(c, "ok")["conditions"]}
    assert cond["PodReadyToStartContainers"]["status"] == "False"
    assert cond["Ready"]["reason"] == "PodCompleted"


def test_init_container_failure_statuses():
    c = Cluster(wait=False)
    c.apply(pod_yaml("initfail", "  - name: a\n    image: nginx\n",
                     "  initContainers:\n  - name: i\n    image: busybox:1.36\n    command: [sh, -c, 'exit 1']\n"))
    c.apply(pod_yaml("initnever", "  - name: a\n    image: nginx\n",
                     "  restartPolicy: Never\n  initContainers:\n  - name: i\n    image: busybox:1.36\n"
                     "    command: [sh, -c, 'exit 1']\n"))
    seen = set()
    for _ in range(60):
        c.advance(1)
        seen.add(get_row(c, "initfail")[2])
    assert {"Init:0/1", "Init:Error", "Init:CrashLoopBackOff"} <= seen
    assert get_row(c, "initnever")[2] == "Init:Error"
    assert status(c, "initnever")["phase"] == "Failed"


def test_sidecar_runs_beside_the_main_container():
    c = Cluster(wait=False)
    c.apply(pod_yaml("side", "  - name: main\n    image: busybox:1.36\n    command: [sleep, '3600']\n",
                     "  initContainers:\n  - name: logger\n    image: busybox:1.36\n    restartPolicy: Always\n"
                     "    command: [sleep, '3600']\n"))
    c.advance(20)
    assert get_row(c, "side")[1:3] == ["2/2", "Running"]
    init = status(c, "side")["initContainerStatuses"][0]
    assert init["started"] is True and "running" in init["state"]


def test_oom_killed_over_memory_limit():
    c = Cluster(wait=False)
    c.apply(pod_yaml("oom", "  - name: s\n    image: polinux/stress\n    command: [stress]\n"
                     "    args: [--vm, '1', --vm-bytes, 250M, --vm-hang, '1']\n"
                     "    resources: {limits: {memory: 100Mi}}\n"))
    c.advance(20)
    st = status(c, "oom")["containerStatuses"][0]
    term = st["lastState"].get("terminated") or st["state"].get("terminated")
    assert (term["exitCode"], term["reason"]) == (137, "OOMKilled")
    assert get_row(c, "oom")[2] in ("OOMKilled", "CrashLoopBackOff")


def test_heartbeats_and_stop_start():
    c = Cluster(wait=False)
    kubelet = c.kubelets["worker-1"]
    renew = lambda: c.clock.parse(c.api.get("leases", "worker-1", "kube-node-lease")["spec"]["renewTime"])  # noqa
    c.advance(35)
    assert 30 <= renew() <= 35
    kubelet.stop()
    c.advance(30)
    assert renew() <= 35
    assert "worker-1" not in c.api.node_connections
    kubelet.start()
    assert renew() == c.now
    assert c.api.node_connections["worker-1"] is kubelet


def test_stats_report_usage():
    c = Cluster(wait=False)
    c.apply(pod_yaml("busy", "  - name: a\n    image: nginx\n"))
    c.advance(15)
    node = c.api.get("pods", "busy")["spec"]["nodeName"]
    summary = c.kubelets[node].stats()
    pod = next(p for p in summary["pods"] if p["podRef"]["name"] == "busy")
    assert pod["containers"][0]["name"] == "a"
    assert pod["containers"][0]["memory"]["workingSetBytes"] > 0


def test_static_pod_and_mirror():
    c = Cluster(wait=False, workers=1)
    manifest = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "static-web", "namespace": "default"},
                "spec": {"containers": [{"name": "web", "image": "nginx", "ports": [{"containerPort": 80}]}]}}
    kubelet = c.kubelets["worker-1"]
    kubelet.stop()
    kubelet.static_manifests = [manifest]
    kubelet.start()
    c.advance(15)
    mirror = c.api.get("pods", "static-web-worker-1")
    ann = mirror["metadata"]["annotations"]
    assert ann["kubernetes.io/config.source"] == "file"
    assert ann["kubernetes.io/config.mirror"] == ann["kubernetes.io/config.hash"]
    assert mirror["metadata"]["ownerReferences"][0]["kind"] == "Node"
    assert mirror["status"]["phase"] == "Running"
    c.kubectl("delete pod static-web-worker-1")
    c.advance(5)
    again = c.api.get("pods", "static-web-worker-1")
    assert again["metadata"]["uid"] != mirror["metadata"]["uid"]
    assert again["status"]["containerStatuses"][0]["restartCount"] == 0
    assert Kubelet is type(kubelet)


def test_security_context_user_and_fs_group():
    c = Cluster(wait=False)
    c.apply(pod_yaml("sec", "  - name: app\n    image: busybox:1.36\n    command: [sh, -c, 'sleep 3600']\n"
                     "    volumeMounts: [{name: d, mountPath: /data/demo}]\n",
                     "  securityContext: {runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000}\n"
                     "  volumes: [{name: d, emptyDir: {}}]\n"))
    c.advance(15)
    out, _, code = c.api.pod_exec("sec", ["id"])
    assert code == 0 and out.startswith("uid=1000 gid=3000 groups=")
    assert "2000" in out


def test_resource_field_ref_without_a_divisor_divides_by_one():
    """The API server stores a left-out divisor as "0" (the zero Quantity); the kubelet reads it as 1 and rounds
    up, as ExtractContainerResourceValue does: limits.cpu 500m gives 1, requests.memory 32Mi its bytes."""
    c = Cluster(workers=1)
    c.apply("""
apiVersion: v1
kind: Pod
metadata:
  name: envres
spec:
  restartPolicy: Never
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "echo $CPU_LIMIT $MEM_REQUEST"]
    resources:
      requests: {memory: 32Mi}
      limits: {cpu: 500m}
    env:
    - {name: CPU_LIMIT, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}
    - {name: MEM_REQUEST, valueFrom: {resourceFieldRef: {resource: requests.memory}}}
""")
    c.advance(20)
    assert c.api.get("pods", "envres", "default")["spec"]["containers"][0]["env"][0]["valueFrom"] == \
        {"resourceFieldRef": {"divisor": "0", "resource": "limits.cpu"}}
    assert c.kubectl("logs envres").stdout == "1 33554432\n"
