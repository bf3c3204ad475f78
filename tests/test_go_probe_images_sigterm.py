"""The Go servers of the probe examples (registry.k8s.io/liveness, goproxy) have no signal handling, but
Go's runtime catches SIGTERM even as PID 1 and exits with status 2: a liveness kill does not wait for SIGKILL."""
import json

from engine import Cluster

LIVENESS_HTTP = """
apiVersion: v1
kind: Pod
metadata:
  name: liveness-http
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/liveness
    args: ["/server"]
    livenessProbe:
      httpGet:
        path: /healthz
        port: 8080
      initialDelaySeconds: 3
      periodSeconds: 3
"""


def test_liveness_server_exits_2_on_sigterm_and_restarts_at_once():
    c = Cluster(workers=1)
    c.apply(LIVENESS_HTTP)
    c.advance(25)
    status = json.loads(c.kubectl("get pod liveness-http -o json").stdout)["status"]["containerStatuses"][0]
    assert status["restartCount"] == 1
    assert status["lastState"]["terminated"]["exitCode"] == 2
    assert status["lastState"]["terminated"]["reason"] == "Error"
