"""busybox 1.36's nslookup asks the nameservers of the container's /etc/resolv.conf in turn (or the one named on
its command line) and prints "Server:/Address:" only once a reply arrives; a silent server is a 5 s timeout."""
from engine import Cluster

TIMED_OUT = ";; connection timed out; no servers could be reached\n\n"
KUBERNETES = "kubernetes.default.svc.cluster.local"


def pod(name, nameserver):
    return f"""
apiVersion: v1
kind: Pod
metadata: {{name: {name}}}
spec:
  dnsPolicy: None
  dnsConfig:
    nameservers: [{nameserver}]
    searches: [default.svc.cluster.local, svc.cluster.local, cluster.local]
  containers: [{{name: bb, image: "busybox:1.36", command: [sleep, "3600"]}}]
"""


DNS2 = """
apiVersion: v1
kind: Service
metadata: {name: dns2, namespace: kube-system}
spec:
  clusterIP: 10.96.0.100
  selector: {k8s-app: kube-dns}
  ports: [{name: dns, port: 53, protocol: UDP, targetPort: 53}]
"""


def lookup(c, pod_name, *args):
    start = c.now
    result = c.kubectl(["exec", pod_name, "--", "nslookup", *args])
    return result.stdout, result.stderr, result.exit_code, c.now - start


def answer(server):
    return (f"Server:\t\t{server}\nAddress:\t{server}:53\n\n"
            f"Name:\t{KUBERNETES}\nAddress: 10.96.0.1\n\n\n")


def test_a_nameserver_that_nobody_answers_times_out_without_naming_it():
    c = Cluster(workers=1)
    c.apply(pod("lost", "10.96.0.100"))
    c.advance(15)
    assert c.kubectl("exec lost -- cat /etc/resolv.conf").stdout == (
        "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.100\n")
    assert lookup(c, "lost", KUBERNETES) == (TIMED_OUT, "command terminated with exit code 1\n", 1, 5)


def test_the_pods_own_nameserver_is_asked_and_named():
    c = Cluster(workers=1)
    c.apply(DNS2)
    c.apply(pod("custom", "10.96.0.100"))
    c.kubectl("run plain --image=busybox:1.36 -- sleep 3600")
    c.advance(15)
    assert lookup(c, "custom", KUBERNETES)[:3] == (answer("10.96.0.100"), "", 0)
    assert lookup(c, "plain", KUBERNETES)[:3] == (answer("10.96.0.10"), "", 0)


def test_a_server_on_the_command_line_is_the_one_asked():
    c = Cluster(workers=1)
    c.kubectl("run plain --image=busybox:1.36 -- sleep 3600")
    c.advance(15)
    assert lookup(c, "plain", KUBERNETES, "10.96.0.100") == (
        TIMED_OUT, "command terminated with exit code 1\n", 1, 5)
    c.apply(DNS2)
    c.advance(2)
    assert lookup(c, "plain", KUBERNETES, "10.96.0.100")[:3] == (answer("10.96.0.100"), "", 0)


def test_coredns_scaled_to_zero_prints_only_the_timeout():
    c = Cluster(workers=1)
    c.kubectl("run plain --image=busybox:1.36 -- sleep 3600")
    c.advance(15)
    c.kubectl("scale deployment coredns -n kube-system --replicas=0")
    c.advance(40)
    assert lookup(c, "plain", "kubernetes") == (TIMED_OUT, "command terminated with exit code 1\n", 1, 5)
