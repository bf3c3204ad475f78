"""NetworkPolicies are accepted and, as on a real flannel cluster, not enforced: traffic still flows, and a
trace says so on the hop of each pod a policy selects."""
from engine import Cluster

PODS = """
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  containers: [{name: web, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: client, labels: {app: client}}
spec:
  containers: [{name: client, image: busybox, command: [sleep, "3600"]}]
"""

DENY_WEB = """
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-web}
spec:
  podSelector: {matchLabels: {app: web}}
"""

NOTE = "flannel does not enforce NetworkPolicy"


def cluster():
    c = Cluster(workers=2)
    c.apply(PODS)
    c.advance(15)
    return c


def rules_at(trace, vertex):
    return [hop.rule for hop in trace.hops if hop.vertex == vertex]


def test_a_selected_pod_still_answers_and_the_trace_says_why():
    c = cluster()
    web_ip = c.api.get("pods", "web")["status"]["podIP"]
    assert NOTE not in str(c.trace("client", f"http://{web_ip}/"))
    assert c.apply(DENY_WEB).stdout == "networkpolicy.networking.k8s.io/deny-web created\n"
    trace = c.trace("client", f"http://{web_ip}/")
    assert trace.delivered
    assert rules_at(trace, "pod/default/web")[0] == (
        f"eth0 {web_ip} (NetworkPolicy default/deny-web selects this pod; flannel does not enforce NetworkPolicy)")
    assert NOTE not in " ".join(rules_at(trace, "pod/default/client"))  # an Ingress policy: not on the way out
    result = c.kubectl(f"exec client -- wget -qO- http://{web_ip}/")
    assert result.exit_code == 0 and "<title>Welcome to nginx!</title>" in result.stdout
    c.kubectl("delete networkpolicy deny-web")
    assert NOTE not in str(c.trace("client", f"http://{web_ip}/"))


def test_egress_policies_note_the_leaving_pod_and_selectors_are_honoured():
    c = cluster()
    web_ip = c.api.get("pods", "web")["status"]["podIP"]
    c.apply("""
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: no-egress}
spec:
  podSelector: {matchExpressions: [{key: app, operator: In, values: [client]}]}
  policyTypes: [Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: all-pods}
spec:
  podSelector: {}
  egress: [{}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: elsewhere, namespace: kube-system}
spec:
  podSelector: {}
""")
    trace = c.trace("client", f"http://{web_ip}/")
    assert trace.delivered
    assert rules_at(trace, "pod/default/client")[0].endswith(
        "(NetworkPolicies default/all-pods, default/no-egress select this pod; flannel does not enforce NetworkPolicy)")
    assert rules_at(trace, "pod/default/web")[0] == (
        f"eth0 {web_ip} (NetworkPolicy default/all-pods selects this pod; flannel does not enforce NetworkPolicy)")
