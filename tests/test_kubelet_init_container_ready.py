"""Init containers that are not sidecars report ready only once they exited 0, as the kubelet's prober
manager sets it: not while they run, and not after they failed."""
import json

from engine import Cluster

POD = """
apiVersion: v1
kind: Pod
metadata:
  name: init-ready
spec:
  initContainers:
  - name: first
    image: busybox
    command: ["sh", "-c", "sleep 5"]
  - name: second
    image: busybox
    command: ["sh", "-c", "exit 1"]
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "sleep 3600"]
"""


def init_ready(c):
    pod = json.loads(c.kubectl("get pod init-ready -o json").stdout)
    return {s["name"]: (next(iter(s["state"])), s["ready"]) for s in pod["status"]["initContainerStatuses"]}


def test_init_container_is_ready_only_after_it_succeeded():
    c = Cluster(workers=1)
    c.apply(POD)
    c.advance(3)
    assert init_ready(c) == {"first": ("running", False), "second": ("waiting", False)}
    c.advance(5)
    assert init_ready(c) == {"first": ("terminated", True), "second": ("terminated", False)}
    assert "    Ready:          True\n    Restart Count:  0\n" in c.kubectl("describe pod init-ready").stdout
