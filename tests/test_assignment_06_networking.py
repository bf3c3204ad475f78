"""06-networking graded by behaviour: other correct answers get full marks, partial answers the expected
points and feedback in Kubernetes terms (the solutions themselves are graded in tests/test_assignments.py)."""
import json

import pytest

from tests.test_assignments import ASSIGNMENTS, grade

NET = ASSIGNMENTS["06-networking"]
DNS_PATCH = [{"op": "replace", "path": "/spec/template/spec/dnsPolicy", "value": "ClusterFirst"},
             {"op": "remove", "path": "/spec/template/spec/dnsConfig"}]


def test_a_service_without_the_target_port_has_endpoints_but_refuses():
    points, feedback = grade("06-networking", "service-dns", NET.WRONG["service-dns"][0])
    assert points == 2
    assert len(feedback) == 1
    assert feedback[0].startswith("from pod frontend, wget http://backend.data does not reach the app: wget: can't "
                                  "connect to remote host (10.")
    assert feedback[0].endswith("): Connection refused")


def test_a_numeric_target_port_also_counts_and_the_wrong_namespace_does_not():
    numeric = "apiVersion: v1\nkind: Service\nmetadata: {name: backend, namespace: data}\nspec:\n" \
              "  selector: {app: backend}\n  ports: [{port: 80, targetPort: 9376}]\n"
    assert grade("06-networking", "service-dns", numeric) == (4, [])
    assert grade("06-networking", "service-dns", numeric.replace(", namespace: data", "")) == (0, [
        "there is no Service named backend in namespace data",
        "from pod frontend, wget http://backend.data does not reach the app: wget: bad address 'backend.data'"])


def test_dns_names_with_a_final_dot_and_any_case_count():
    assert grade("06-networking", "dns-names", "cache.shop.svc.cluster.local.\n"
                 "_redis._tcp.cache.shop.svc.cluster.local.\ncname") == (3, [])


def test_short_names_udp_and_a_records_lose_their_points():
    assert grade("06-networking", "dns-names", "cache.shop\n_redis._tcp.cache.shop.svc.cluster.local\nA") == (1, [
        "line 1: cache.shop is not a fully qualified name of Service cache in namespace shop",
        "line 3: CoreDNS does not answer docs.shop.svc.cluster.local with A"])
    assert grade("06-networking", "dns-names", "cache.shop.svc.cluster.local\n"
                 "_redis._udp.cache.shop.svc.cluster.local\nCNAME") == (2, [
        "line 2: CoreDNS has no SRV record _redis._udp.cache.shop.svc.cluster.local for port 6379 of Service cache"])


@pytest.mark.parametrize("answer, points", [("3, 2", 3), ("2\n3", 3), ("2", 0), ("2 3 4", 0), ("2 5", 0)])
def test_the_vxlan_requests_in_any_order(answer, points):
    assert grade("06-networking", "trace-vxlan", answer)[0] == points


def test_a_wrong_vxlan_prediction_points_at_the_trace():
    assert grade("06-networking", "trace-vxlan", "1 2") == (0, [
        "the cluster does not do what you predicted (requests 1, 2): trace them with c.trace and look for flannel.1"])


def test_coredns_back_alone_leaves_the_pods_asking_the_wrong_nameserver():
    points, feedback = grade("06-networking", "dns-trouble", "kubectl scale deployment coredns -n kube-system --replicas=2")
    assert points == 2
    assert len(feedback) == 4
    assert all(line.startswith("pod shop-") and line.endswith(" asks the nameserver 10.96.0.100 (its /etc/resolv.conf),"
                                                              " not the cluster DNS Service kube-dns (10.96.0.10)")
               for line in feedback[:2])
    assert all(line.startswith("from pod shop-") and line.endswith(
        ", nslookup kubernetes.default.svc.cluster.local gets no address: ;; connection timed out; no servers could "
        "be reached") for line in feedback[2:])


def test_the_pods_fixed_alone_still_find_no_coredns():
    points, feedback = grade("06-networking", "dns-trouble", f"kubectl patch deployment shop --type=json -p '{json.dumps(DNS_PATCH)}'")
    assert points == 1
    assert feedback[0] == ("the Service kube-dns in namespace kube-system has no ready endpoints: Deployment coredns "
                           "wants 0 replicas and has 0 available")


@pytest.mark.parametrize("fix", [
    "kubectl scale deploy/coredns -n kube-system --replicas 1\nkubectl patch deployment shop --type=json -p "
    """'[{"op": "replace", "path": "/spec/template/spec/dnsConfig/nameservers/0", "value": "10.96.0.10"}]'""",
    "kubectl scale deployment coredns -n kube-system --replicas=2\n"
    """kubectl patch deployment shop -p '{"spec":{"template":{"spec":{"dnsPolicy":"ClusterFirst"}}}}'""",
])
def test_other_dns_fixes_get_full_marks(fix):
    assert grade("06-networking", "dns-trouble", fix) == (4, [])


def test_a_nodeport_service_is_reached_on_the_nodes_but_has_no_load_balancer():
    nodeport = "apiVersion: v1\nkind: Service\nmetadata: {name: store}\nspec:\n  type: NodePort\n" \
               "  selector: {app: store}\n  ports: [{port: 80, nodePort: 30500}]\n"
    assert grade("06-networking", "outside-in", nodeport) == (2, [
        "Service store is of type NodePort, not LoadBalancer",
        "Service store has no external load-balancer address: it is of type NodePort"])


def test_a_load_balancer_on_a_random_node_port_misses_30500():
    random_port = "apiVersion: v1\nkind: Service\nmetadata: {name: store}\nspec:\n  type: LoadBalancer\n" \
                  "  selector: {app: store}\n  ports: [{port: 80}]\n"
    points, feedback = grade("06-networking", "outside-in", random_port)
    assert points == 1
    assert feedback[0].startswith("Service store is not reachable on node port 30500 (its node ports: 3")
    assert feedback[1:] == [f"from the workstation, curl http://172.18.0.{n}:30500 does not reach the app: curl: (7) "
                            f"Failed to connect to 172.18.0.{n} port 30500 after 0 ms: Couldn't connect to server"
                            for n in (2, 3)]


def test_the_notes_claims_taken_literally_score_nothing():
    assert grade("06-networking", "notes-network", "ipvs\n4789\n10.244.1.0/24") == (0, [
        "line 1: kube-proxy in this cluster does not run in ipvs mode (read its log or the kube-proxy ConfigMap)",
        "line 2: the packets from pod alpha to pod gamma do not cross between the nodes on UDP port 4789",
        "line 3: 10.244.1.0/24 is not the subnet of node worker-2's pods"])
    assert grade("06-networking", "notes-network", "IPTABLES\n8472\n10.244.2.0/24")[0] == 3


def test_no_other_module_registers_a_check_of_the_same_name():
    from autograder import checks_networking
    from autograder.checks import CHECKS
    mine = [name for name, fn in vars(checks_networking).items() if getattr(fn, "__module__", "") ==
            checks_networking.__name__ and not name.startswith("_") and callable(fn)]
    assert mine and all(CHECKS[name] is getattr(checks_networking, name) for name in mine)
