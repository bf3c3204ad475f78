"""etcdctl inside the etcd static pod (`kubectl exec -n kube-system etcd-control-plane -- etcdctl ...`): the
TLS flags kubeadm's etcd demands, etcd v3.5.16's failures without them, `etcd --version`, and JSON status."""
import json

import pytest

from engine import Cluster

EXEC = "-n kube-system exec etcd-control-plane -- "
PKI = "/etc/kubernetes/pki/etcd"
TLS = f"--cacert={PKI}/ca.crt --cert={PKI}/server.crt --key={PKI}/server.key"
WARN = ('{"level":"warn","ts":"2025-01-01T00:00:32.000000Z","logger":"etcd-client",'
        '"caller":"v3@v3.5.16/retry_interceptor.go:63","msg":"retrying of unary invoker failed",'
        '"target":"etcd-endpoints://0xc0002b4000/127.0.0.1:2379","attempt":0,"error":"rpc error: code = DeadlineExceeded desc = ')


@pytest.fixture(scope="module")
def c():
    return Cluster(workers=0)


def test_with_the_certificates_etcdctl_reads_the_registry(c):
    r = c.kubectl(EXEC + f"etcdctl --endpoints=https://127.0.0.1:2379 {TLS} get /registry/namespaces --prefix --keys-only")
    assert (r.stdout, r.stderr, r.exit_code) == (
        "/registry/namespaces/default\n\n/registry/namespaces/kube-flannel\n\n/registry/namespaces/kube-node-lease\n\n"
        "/registry/namespaces/kube-public\n\n/registry/namespaces/kube-system\n\n", "", 0)


def test_https_without_cacert_fails_on_the_unknown_authority_after_the_command_timeout():
    c = Cluster(workers=0)
    assert c.now == 27
    r = c.kubectl(EXEC + "etcdctl --endpoints=https://127.0.0.1:2379 get /registry/pods --prefix --keys-only")
    assert r.stdout == ""
    assert r.stderr == (WARN + 'latest balancer error: last connection error: connection error: desc = \\"transport: '
                        'authentication handshake failed: tls: failed to verify certificate: x509: certificate signed '
                        'by unknown authority\\""}\nError: context deadline exceeded\ncommand terminated with exit code 1\n')
    assert r.exit_code == 1
    assert c.now == 32  # etcdctl waited its 5 s --command-timeout


def test_plain_endpoint_without_flags_times_out(c):
    r = c.kubectl(EXEC + "etcdctl get /registry/pods --prefix --keys-only")
    warn, error, terminated, _ = r.stderr.split("\n")
    assert json.loads(warn)["error"] == "rpc error: code = DeadlineExceeded desc = context deadline exceeded"
    assert (r.stdout, error, terminated, r.exit_code) == (
        "", "Error: context deadline exceeded", "command terminated with exit code 1", 1)


def test_a_ca_without_client_certificate_is_rejected(c):
    r = c.kubectl(EXEC + f"etcdctl --cacert={PKI}/ca.crt get /registry/pods --prefix --keys-only")
    assert r.stderr.endswith("\nError: context deadline exceeded\ncommand terminated with exit code 1\n")
    assert r.exit_code == 1


def test_cert_without_key_is_a_bad_argument(c):
    r = c.kubectl(EXEC + f"etcdctl --cacert={PKI}/ca.crt --cert={PKI}/server.crt member list")
    assert r.stderr == (f"Error: KeyFile and CertFile must both be present[key: , cert: {PKI}/server.crt]\n"
                        "command terminated with exit code 128\n")


def test_etcdctl_api_3_is_accepted_and_other_versions_are_not(c):
    member = c.etcd.members[0]
    line = f"{member.id:x}, started, control-plane, https://172.18.0.2:2380, https://172.18.0.2:2379, false\n"
    assert c.kubectl(EXEC + f"etcdctl {TLS} member list").stdout == line
    assert c.etcdctl("ETCDCTL_API=3 etcdctl member list").stdout == line
    r = c.etcdctl("ETCDCTL_API=4 etcdctl member list")
    assert (r.stdout, r.stderr, r.exit_code) == ("", "unsupported API version: 4\n", 1)
    r = c.kubectl("-n kube-system exec etcd-control-plane -- sh -c 'ETCDCTL_API=3 etcdctl member list'")
    assert r.exit_code == 126  # the image is distroless: no shell to set the variable with


def test_etcd_version_and_etcdctl_version(c):
    assert c.kubectl(EXEC + "etcd --version").stdout == (
        "etcd Version: 3.5.16\nGit SHA: f20bbad\nGo Version: go1.22.7\nGo OS/Arch: linux/amd64\n")
    assert c.kubectl(EXEC + "etcdctl version").stdout == "etcdctl version: 3.5.16\nAPI version: 3.5\n"
    image = c.kubectl("-n kube-system get pod etcd-control-plane -o jsonpath={.spec.containers[0].image}").stdout
    assert image == "registry.k8s.io/etcd:3.5.16-0"


def test_endpoint_status_json_has_etcdctls_shape(c):
    member = c.etcd.members[0]
    r = c.kubectl(EXEC + f"etcdctl --endpoints=https://127.0.0.1:2379 {TLS} endpoint status -w json")
    [status] = json.loads(r.stdout)
    assert list(status) == ["Endpoint", "Status"]
    assert status["Endpoint"] == "https://127.0.0.1:2379"
    assert list(status["Status"]) == ["header", "version", "dbSize", "leader", "raftIndex", "raftTerm",
                                      "raftAppliedIndex", "dbSizeInUse"]
    assert status["Status"]["header"] == {"cluster_id": c.etcd.cluster_id, "member_id": member.id,
                                          "revision": c.store.revision, "raft_term": 2}
    assert status["Status"]["leader"] == member.id and status["Status"]["version"] == "3.5.16"
    assert r.stdout.startswith('[{"Endpoint":"https://127.0.0.1:2379","Status":{"header":{"cluster_id":')


def test_endpoint_health_json(c):
    r = c.etcdctl("endpoint health -w json")
    [health] = json.loads(r.stdout)
    assert list(health) == ["endpoint", "health", "took"]
    assert health["endpoint"] == "127.0.0.1:2379" and health["health"] is True


def test_a_pod_of_its_own_network_finds_no_etcd_on_its_loopback(c):
    overrides = {"spec": {"tolerations": [{"operator": "Exists"}],  # the only node is the control plane
                          "volumes": [{"name": "pki", "hostPath": {"path": PKI}}],  # the node's etcd certificates
                          "containers": [{"name": "e", "image": "registry.k8s.io/etcd:3.5.16-0",
                                          "command": ["/usr/local/bin/etcd"],
                                          "volumeMounts": [{"name": "pki", "mountPath": PKI}]}]}}
    c.kubectl(["run", "e", "--image=registry.k8s.io/etcd:3.5.16-0", f"--overrides={json.dumps(overrides)}"])
    c.advance(20)
    assert c.kubectl("get pod e -o jsonpath={.status.phase}").stdout == "Running"
    r = c.kubectl(f"exec e -- etcdctl {TLS} get /registry/pods --prefix --keys-only")
    warn = json.loads(r.stderr.split("\n")[0])
    assert warn["error"] == ('rpc error: code = DeadlineExceeded desc = latest balancer error: last connection error: '
                             'connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:2379: '
                             'connect: connection refused"')
    assert r.exit_code == 1
    r = c.kubectl(f"exec e -- etcdctl --endpoints=https://172.18.0.2:2379 {TLS} get /registry/namespaces/default "
                  "--keys-only")
    assert (r.stdout, r.exit_code) == ("/registry/namespaces/default\n\n", 0)
