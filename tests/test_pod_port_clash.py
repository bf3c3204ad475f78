"""A pod's containers share one network namespace: a port bound by one container is taken for the others,
and nginx fails to bind as it does on a real node (5 tries, then 'still could not bind()', exit 1)."""
from engine import Cluster

TWO_NGINX = """apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  containers:
  - {name: a, image: nginx}
  - {name: b, image: nginx}
"""


def test_second_nginx_in_a_pod_cannot_bind_port_80():
    c = Cluster(workers=1)
    c.apply(TWO_NGINX)
    c.advance(20)
    pod = c.api.get("pods", "two", "default")
    states = {s["name"]: s for s in pod["status"]["containerStatuses"]}
    assert states["a"]["ready"] and not states["b"]["ready"]
    assert states["b"]["lastState"]["terminated"]["exitCode"] == 1
    log = c.kubectl("logs two -c b --previous").stdout.splitlines()
    bind_lines = [line for line in log if "[emerg]" in line]
    assert len(bind_lines) == 22  # 5 tries x 2 addresses x 2 lines, then 'still could not bind()' twice
    assert bind_lines[0].endswith("[emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address already in use)")
    assert bind_lines[1] == "nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)"
    assert bind_lines[2].endswith("[emerg] 1#1: bind() to [::]:80 failed (98: Address already in use)")
    assert bind_lines[-1] == "nginx: [emerg] still could not bind()"
    assert len({line[:19] for line in bind_lines if line[0].isdigit()}) == 1  # nginx's cached time
    assert not any("[notice]" in line for line in log)


def test_other_ports_and_other_pods_do_not_clash():
    c = Cluster(workers=1)
    c.apply(TWO_NGINX.replace("two", "one"))  # one pod with two nginx on 80
    c.kubectl("run web --image=nginx")  # another pod on the same node, its own namespace
    c.kubectl("run client --image=busybox -- sleep 3600")
    c.advance(20)
    assert c.kubectl("get pod web -o jsonpath={.status.containerStatuses[0].ready}").stdout == "true"
    assert c.kubectl("exec one -c a -- curl -s localhost").stdout.startswith("<!DOCTYPE html>")
