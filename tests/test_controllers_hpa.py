"""The horizontal pod autoscaler: metrics from the metrics server, the replica calculation with its
tolerance, min/max, the 5-minute scale-down stabilization, behavior policies, conditions and events."""
import pytest

from engine import Cluster

HPA_V2 = "autoscaling/v2/horizontalpodautoscalers"


def out(c, command):
    r = c.kubectl(command)
    assert r.exit_code == 0, r.stderr
    return r.stdout


def hpa_events(c):
    return [(e["type"], e["reason"], e["message"]) for e in c.api.list("events", "default")["items"]
            if e["involvedObject"]["kind"] == "HorizontalPodAutoscaler"]


def conditions(c, name="nginx"):
    status = c.api.get(HPA_V2, name)["status"]
    return [(x["type"], x["status"], x["reason"], x["message"]) for x in status.get("conditions", [])]


def nginx(c, cpu="200m", replicas=1):
    """What `kubectl create deployment nginx --image=nginx` makes, with a CPU request."""
    resources = f"{{requests: {{cpu: {cpu}}}}}" if cpu else "{}"
    assert c.apply(f"""
apiVersion: apps/v1
kind: Deployment
metadata: {{name: nginx, labels: {{app: nginx}}}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: nginx}}}}
  template:
    metadata: {{labels: {{app: nginx}}}}
    spec: {{containers: [{{name: nginx, image: nginx, resources: {resources}}}]}}
""").exit_code == 0
    c.advance(30)


def table(*rows):
    head = "NAME    REFERENCE          TARGETS{}MINPODS   MAXPODS   REPLICAS   AGE\n"
    width = max(len(r[0]) for r in rows) + 3
    text = head.format(" " * (width - len("TARGETS")))
    for targets, replicas, age in (r for r in rows):
        text += f"nginx   Deployment/nginx   {targets.ljust(width)}3         5         {replicas}          {age}\n"
    return text


def test_scales_up_under_load_and_down_after_the_stabilization_window():
    c = Cluster(workers=1)
    nginx(c)
    assert out(c, "autoscale deployment nginx --min=3 --max=5 --cpu-percent=80") == \
        "horizontalpodautoscaler.autoscaling/nginx autoscaled\n"
    assert out(c, "get hpa") == table(("cpu: <unknown>/80%", 0, "0s"))
    c.advance(15)  # first sync: below minReplicas, no metrics read
    assert out(c, "get hpa") == table(("cpu: <unknown>/80%", 1, "15s"))
    c.advance(45)
    assert out(c, "get hpa") == table(("cpu: 0%/80%", 3, "60s"))
    assert out(c, "get deploy nginx") == ("NAME    READY   UP-TO-DATE   AVAILABLE   AGE\n"
                                          "nginx   3/3     3            3           90s\n")

    c.set_load("deployment/nginx", "900m")  # 300m per pod: 150% of the 200m request
    c.advance(30)
    assert out(c, "get hpa") == table(("cpu: 150%/80%", 3, "90s"))
    assert conditions(c)[2] == ("ScalingLimited", "True", "TooManyReplicas",
                                "the desired replica count is more than the maximum replica count")
    c.advance(30)
    assert out(c, "get hpa") == table(("cpu: 90%/80%", 5, "2m"))  # 900m over 5 pods
    assert out(c, "get deploy nginx") == ("NAME    READY   UP-TO-DATE   AVAILABLE   AGE\n"
                                          "nginx   5/5     5            5           2m30s\n")

    c.set_load("deployment/nginx", "0")
    c.advance(300)  # every recommendation of the last 5 minutes still includes a 5 or more
    assert out(c, "get hpa") == table(("cpu: 0%/80%", 5, "7m"))
    assert conditions(c)[0] == ("AbleToScale", "True", "ScaleDownStabilized",
                                "recent recommendations were higher than current one, applying the highest recent recommendation")
    c.advance(45)
    assert out(c, "get hpa") == table(("cpu: 0%/80%", 3, "7m45s"))
    assert hpa_events(c) == [
        ("Normal", "SuccessfulRescale", "New size: 3; reason: Current number of replicas below Spec.MinReplicas"),
        ("Normal", "SuccessfulRescale", "New size: 5; reason: cpu resource utilization (percentage of request) above target"),
        ("Normal", "SuccessfulRescale", "New size: 3; reason: All metrics below target"),
    ]
    assert out(c, "get events --field-selector reason=SuccessfulRescale").splitlines()[0].split() == \
        ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]


def test_status_shape_and_conditions():
    c = Cluster(workers=1)
    nginx(c, replicas=3)
    out(c, "autoscale deployment nginx --min=3 --max=5 --cpu-percent=80")
    c.set_load("deployment/nginx", "510m")  # 170m per pod: 85%, within the 10% tolerance of 80%
    c.advance(90)
    hpa = c.api.get(HPA_V2, "nginx")
    status = hpa["status"]
    assert status["currentReplicas"] == status["desiredReplicas"] == 3
    assert "lastScaleTime" not in status
    assert status["currentMetrics"] == [{"type": "Resource", "resource": {
        "name": "cpu", "current": {"averageValue": "170m", "averageUtilization": 85}}}]
    assert conditions(c) == [
        ("AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size"),
        ("ScalingActive", "True", "ValidMetricFound",
         "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)"),
        ("ScalingLimited", "False", "DesiredWithinRange", "the desired count is within the acceptable range"),
    ]
    v1 = c.api.get("autoscaling/v1/horizontalpodautoscalers", "nginx")
    assert v1["status"]["currentCPUUtilizationPercentage"] == 85
    assert hpa_events(c) == []


def test_missing_cpu_request_fails_to_get_the_resource_metric():
    c = Cluster(workers=1)
    nginx(c, cpu=None)
    out(c, "autoscale deployment nginx --max=5")
    c.advance(30)
    pod = c.api.list("pods", "default")["items"][0]["metadata"]["name"]
    problem = f"failed to get cpu utilization: missing request for cpu in container nginx of Pod {pod}"
    assert conditions(c)[1] == ("ScalingActive", "False", "FailedGetResourceMetric",
                                f"the HPA was unable to compute the replica count: {problem}")
    assert ("Warning", "FailedGetResourceMetric", problem) in hpa_events(c)
    assert ("Warning", "FailedComputeMetricsReplicas",
            f"invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: {problem}") \
        in hpa_events(c)
    assert c.api.get(HPA_V2, "nginx")["status"]["currentMetrics"] == [{"type": ""}]
    assert out(c, "get hpa") == ("NAME    REFERENCE          TARGETS              MINPODS   MAXPODS   REPLICAS   AGE\n"
                                 "nginx   Deployment/nginx   cpu: <unknown>/80%   1         5         1          30s\n")


def test_without_the_metrics_api_the_resource_metric_is_unknown():
    c = Cluster(workers=1, addons=False)
    nginx(c)
    out(c, "autoscale deployment nginx --max=5 --cpu-percent=50")
    c.advance(15)
    problem = ("failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from "
               "resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)")
    assert conditions(c)[1][2:] == ("FailedGetResourceMetric", f"the HPA was unable to compute the replica count: {problem}")
    assert hpa_events(c)[0] == ("Warning", "FailedGetResourceMetric", problem)


def test_missing_target_fails_to_get_the_scale():
    c = Cluster(workers=1)
    out(c, "create deployment nginx --image=nginx")
    out(c, "autoscale deployment nginx --max=3")
    out(c, "delete deployment nginx")
    c.advance(15)
    assert conditions(c) == [("AbleToScale", "False", "FailedGetScale",
                              'the HPA controller was unable to get the target\'s current scale: deployments.apps "nginx" not found')]
    assert hpa_events(c) == [("Warning", "FailedGetScale", 'deployments.apps "nginx" not found')]


def test_zero_replicas_disable_scaling():
    c = Cluster(workers=1)
    nginx(c)
    out(c, "autoscale deployment nginx --max=3")
    out(c, "scale deployment nginx --replicas=0")
    c.advance(15)
    assert conditions(c)[1] == ("ScalingActive", "False", "ScalingDisabled",
                                "scaling is disabled since the replica count of the target is zero")
    assert c.api.get("deployments", "nginx")["spec"]["replicas"] == 0


def test_behavior_policies_limit_the_scale_up_rate():
    c = Cluster(workers=1)
    nginx(c, replicas=2)
    c.apply("""
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: nginx}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: nginx}
  minReplicas: 2
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
  behavior:
    scaleUp:
      policies: [{type: Pods, value: 1, periodSeconds: 60}]
""")
    hpa = c.api.get(HPA_V2, "nginx")
    assert hpa["spec"]["behavior"]["scaleDown"] == {"selectPolicy": "Max", "policies": [
        {"type": "Percent", "value": 100, "periodSeconds": 15}]}
    c.set_load("deployment/nginx", "2")  # 1 core per pod: 500% of the request
    c.advance(45)
    replicas = []
    for _ in range(8):
        c.advance(15)
        replicas.append(c.api.get("deployments", "nginx")["spec"]["replicas"])
    # one pod more per 60 s (at 72, 132 and 192 s), whatever the load asks for
    assert replicas == [3, 4, 4, 4, 4, 5, 5, 5]
    assert conditions(c)[2] == ("ScalingLimited", "True", "ScaleUpLimit",
                                "the desired replica count is increasing faster than the maximum scale rate")


@pytest.mark.parametrize("kind,manifest", [
    ("statefulset", """
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx, resources: {requests: {cpu: 100m}}}]}
"""),
    ("replicationcontroller", """
apiVersion: v1
kind: ReplicationController
metadata: {name: web}
spec:
  replicas: 1
  selector: {app: web}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx, resources: {requests: {cpu: 100m}}}]}
"""),
])
def test_scales_any_workload_through_its_scale_subresource(kind, manifest):
    c = Cluster(workers=1)
    c.apply(manifest)
    c.advance(20)
    assert out(c, f"autoscale {kind} web --min=2 --max=4") == "horizontalpodautoscaler.autoscaling/web autoscaled\n"
    c.advance(15)
    assert c.api.get(kind + "s", "web")["spec"]["replicas"] == 2
    assert hpa_events(c) == [("Normal", "SuccessfulRescale",
                              "New size: 2; reason: Current number of replicas below Spec.MinReplicas")]


def test_custom_metrics_without_an_adapter_and_the_resource_metric_still_scales():
    c = Cluster(workers=1)
    nginx(c, replicas=2)
    c.apply("""
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: nginx}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: nginx}
  minReplicas: 2
  maxReplicas: 4
  metrics:
  - type: Pods
    pods: {metric: {name: packets-per-second}, target: {type: AverageValue, averageValue: 1k}}
  - type: Object
    object:
      metric: {name: requests-per-second}
      describedObject: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: main-route}
      target: {type: Value, value: 10k}
  - type: External
    external:
      metric: {name: queue_messages_ready, selector: {matchLabels: {queue: worker_tasks}}}
      target: {type: AverageValue, averageValue: "30"}
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
""")
    c.set_load("deployment/nginx", "300m")  # 150m per pod: 75% of the request
    c.advance(60)
    no_adapter = "unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered"
    warnings = [e[1:] for e in hpa_events(c) if e[0] == "Warning"]
    assert warnings[:3] == [
        ("FailedGetPodsMetric", f"unable to get metric packets-per-second: {no_adapter}"),
        ("FailedGetObjectMetric", f"unable to get metric requests-per-second: Ingress on default main-route/{no_adapter}"),
        ("FailedGetExternalMetric", "unable to get external metric default/queue_messages_ready/&LabelSelector{"
         "MatchLabels:map[string]string{queue: worker_tasks,},MatchExpressions:[]LabelSelectorRequirement{},}: "
         "unable to fetch metrics from external metrics API: the server could not find the requested resource "
         "(get queue_messages_ready.external.metrics.k8s.io)"),
    ]
    # a valid metric asking for more replicas wins over the invalid ones (no scale-down is decided on them)
    assert c.api.get("deployments", "nginx")["spec"]["replicas"] == 3
    assert conditions(c)[1][:3] == ("ScalingActive", "True", "ValidMetricFound")
    status = c.api.get(HPA_V2, "nginx")["status"]["currentMetrics"]
    # 300m over the 3 pods now: 50%
    assert status[:3] == [{"type": ""}] * 3 and status[3]["resource"]["current"]["averageUtilization"] == 50
    assert out(c, "get hpa").splitlines()[1].split()[2:6] == ["<unknown>/1k,", "<unknown>/10k", "+", "2"]


def test_average_value_and_container_resource_targets():
    c = Cluster(workers=1)
    nginx(c, replicas=2)
    c.apply("""
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: nginx}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: nginx}
  minReplicas: 2
  maxReplicas: 5
  metrics:
  - type: Resource
    resource: {name: memory, target: {type: AverageValue, averageValue: 5Mi}}
  - type: ContainerResource
    containerResource: {name: cpu, container: nginx, target: {type: Utilization, averageUtilization: 60}}
""")
    c.advance(15)
    hpa = c.api.get(HPA_V2, "nginx")
    assert hpa["status"]["currentMetrics"] == [
        {"type": "Resource", "resource": {"name": "memory", "current": {"averageValue": "7340032"}}},
        {"type": "ContainerResource", "containerResource": {"name": "cpu", "container": "nginx", "current": {
            "averageValue": "0", "averageUtilization": 0}}}]
    # 7Mi per pod against 5Mi: ceil(2 * 1.4) = 3
    assert hpa_events(c) == [("Normal", "SuccessfulRescale", "New size: 3; reason: memory resource above target")]
    assert out(c, "get hpa").splitlines()[1].split()[2:5] == ["memory:", "7340032/5Mi,", "cpu:"]
