"""`kubectl expose` against a cluster (generator output and errors are compared with the real kubectl in
tests/golden/expose-*.json): services from live objects, their endpoints, and what cannot be exposed."""
from engine import Cluster


def test_expose_a_deployment_and_its_endpoints_follow():
    c = Cluster(workers=1)
    c.kubectl("create deployment nginx --image=nginx:1.14.2 --replicas=2 --port=80")
    assert c.kubectl("expose deployment nginx --type=NodePort").stdout == "service/nginx exposed\n"
    c.advance(20)
    svc = c.api.get("services", "nginx", "default")
    assert svc["spec"]["selector"] == {"app": "nginx"} and svc["spec"]["type"] == "NodePort"
    assert svc["spec"]["ports"][0]["port"] == 80 and 30000 <= svc["spec"]["ports"][0]["nodePort"] <= 32767
    endpoints = c.api.get("endpoints", "nginx", "default")
    assert len(endpoints["subsets"][0]["addresses"]) == 2
    again = c.kubectl("expose deployment nginx")
    assert (again.stderr, again.exit_code) == ('Error from server (AlreadyExists): services "nginx" already exists\n', 1)


def test_expose_errors_on_live_objects():
    c = Cluster(workers=1, wait=False)
    c.kubectl("create deployment plain --image=nginx")
    r = c.kubectl("expose deployment plain")
    assert (r.stderr, r.exit_code) == ("error: couldn't find port via --port flag or introspection\n", 1)
    assert c.kubectl("expose deployment plain --port=8080 --name=web -o jsonpath={.spec.ports[0].targetPort}").stdout == "8080"
    r = c.kubectl("expose configmap kube-root-ca.crt --port=80")
    assert r.stderr == "error: cannot expose a ConfigMap\n"
    r = c.kubectl("expose deployment nope --port=80")
    assert r.stderr == 'Error from server (NotFound): deployments.apps "nope" not found\n'
