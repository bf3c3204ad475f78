"""ProbeTimeline and c.probe_results: every probe outcome the kubelet recorded, Ready changes and restarts."""
from engine import Cluster
from engine.viz import ProbeTimeline

FLAKY = """apiVersion: v1
kind: Pod
metadata: {name: flaky}
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"]
    livenessProbe:
      exec: {command: ["cat", "/tmp/healthy"]}
      initialDelaySeconds: 5
      periodSeconds: 5
    readinessProbe:
      exec: {command: ["cat", "/tmp/healthy"]}
      periodSeconds: 5
"""


def test_probe_results_and_timeline_of_a_liveness_restart():
    c = Cluster(workers=1)
    view = ProbeTimeline(c, "flaky")
    c.apply(FLAKY)
    for _ in range(30):
        c.advance(3)
    results = c.probe_results("flaky")
    liveness = results[("app", "liveness")]
    assert [r for _, r, _ in liveness].count("failure") >= 3
    assert liveness[0][1] == "success"
    failure = next(output for _, r, output in liveness if r == "failure")
    assert "No such file or directory" in failure
    model = view.model()
    (app,) = model.containers
    assert [kind for kind, _ in app.probes] == ["liveness", "readiness"]
    assert app.restarts and app.restarts[0] > 30
    assert [ready for _, ready in app.ready][:3] == [False, True, False]
    page = view.html()
    assert page.count("<circle") == sum(len(outcomes) for _, outcomes in app.probes)
    assert "restarted at" in page and 'fill="#d62728"' in page
    view.close()


def test_a_pod_without_probes_and_a_missing_pod():
    c = Cluster(workers=1)
    c.kubectl("run plain --image=nginx")
    c.advance(10)
    assert c.probe_results("plain") == {}
    view = ProbeTimeline(c, "pod/plain")
    assert [ct.probes for ct in view.model().containers] == [()]
    c.kubectl("delete pod plain --now")
    c.advance(5)
    assert "default/plain" in view.html()
    view.close()
