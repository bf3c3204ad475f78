"""HorizontalPodAutoscaler served as autoscaling/v1 and v2 from one stored v2 object: the CPU target maps to
targetCPUUtilizationPercentage, everything else rides in autoscaling.alpha.kubernetes.io annotations."""
import json

import pytest

from engine import Cluster
from engine.api.conversion import hpa_v1_to_v2, hpa_v2_to_v1

V1 = "autoscaling/v1/horizontalpodautoscalers"
V2 = "autoscaling/v2/horizontalpodautoscalers"
REF = {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"}


@pytest.fixture
def c():
    return Cluster(workers=0, seed=0)


def hpa(version, name, spec):
    return {"apiVersion": f"autoscaling/{version}", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": name}, "spec": spec}


def test_v1_cpu_target_reads_back_in_both_versions(c):
    created = c.api.create(V1, hpa("v1", "web", {"scaleTargetRef": REF, "maxReplicas": 5,
                                                 "targetCPUUtilizationPercentage": 50}))
    meta = created["metadata"]
    assert created == {"apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": meta,
                       "spec": {"scaleTargetRef": REF, "minReplicas": 1, "maxReplicas": 5,
                                "targetCPUUtilizationPercentage": 50},
                       "status": {"currentReplicas": 0, "desiredReplicas": 0}}
    assert c.api.get(V1, "web") == created
    v2 = c.api.get(V2, "web")
    assert v2 == {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": meta,
                  "spec": {"scaleTargetRef": REF, "minReplicas": 1, "maxReplicas": 5, "metrics": [
                      {"type": "Resource", "resource": {"name": "cpu", "target": {
                          "type": "Utilization", "averageUtilization": 50}}}]},
                  "status": {"desiredReplicas": 0, "currentMetrics": None}}


def test_v1_without_target_gets_the_default_80_percent(c):
    created = c.api.create(V1, hpa("v1", "web", {"scaleTargetRef": REF, "maxReplicas": 3}))
    assert created["spec"]["targetCPUUtilizationPercentage"] == 80
    assert c.api.get(V2, "web")["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"] == 80


def test_v2_other_metrics_go_to_the_v1_annotation_and_back(c):
    metrics = [
        {"type": "Resource", "resource": {"name": "memory", "target": {"type": "AverageValue", "averageValue": "512Mi"}}},
        {"type": "Pods", "pods": {"metric": {"name": "requests_per_second"},
                                  "target": {"type": "AverageValue", "averageValue": "1k"}}},
        {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 60}}},
    ]
    behavior = {"scaleDown": {"stabilizationWindowSeconds": 300}}
    c.api.create(V2, hpa("v2", "web", {"scaleTargetRef": REF, "minReplicas": 2, "maxReplicas": 10,
                                       "metrics": metrics, "behavior": behavior}))
    v1 = c.api.get(V1, "web")
    assert v1["spec"] == {"scaleTargetRef": REF, "minReplicas": 2, "maxReplicas": 10,
                          "targetCPUUtilizationPercentage": 60}
    annotations = v1["metadata"]["annotations"]
    assert annotations["autoscaling.alpha.kubernetes.io/metrics"] == (
        '[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"512Mi"}},'
        '{"type":"Pods","pods":{"metricName":"requests_per_second","targetAverageValue":"1k"}}]')
    assert json.loads(annotations["autoscaling.alpha.kubernetes.io/behavior"]) == {
        "ScaleUp": {"StabilizationWindowSeconds": 0, "SelectPolicy": "Max", "Policies": [
            {"Type": "Pods", "Value": 4, "PeriodSeconds": 15}, {"Type": "Percent", "Value": 100, "PeriodSeconds": 15}]},
        "ScaleDown": {"StabilizationWindowSeconds": 300, "SelectPolicy": "Max", "Policies": [
            {"Type": "Percent", "Value": 100, "PeriodSeconds": 15}]}}
    # writing the v1 form back (as `kubectl edit` on v1 would) keeps every v2 field
    v1["spec"]["maxReplicas"] = 12
    c.api.update(V1, v1)
    v2 = c.api.get(V2, "web")
    assert v2["spec"]["maxReplicas"] == 12
    assert v2["spec"]["metrics"] == metrics  # others first, then the CPU target, as the real conversion orders them
    assert v2["spec"]["behavior"]["scaleDown"]["stabilizationWindowSeconds"] == 300
    assert "annotations" not in v2["metadata"]


def test_status_round_trip_through_annotations():
    v2 = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "web"},
          "spec": {"scaleTargetRef": REF, "minReplicas": 1, "maxReplicas": 4, "metrics": [
              {"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization", "averageUtilization": 70}}}]},
          "status": {"currentReplicas": 2, "desiredReplicas": 3,
                     "currentMetrics": [{"type": "Resource", "resource": {"name": "cpu", "current": {
                         "averageValue": "150m", "averageUtilization": 75}}}],
                     "conditions": [{"type": "AbleToScale", "status": "True", "lastTransitionTime": "2025-01-01T00:00:00Z",
                                     "reason": "SucceededRescale", "message": "the HPA controller was able to update the target scale to 3"}]}}
    v1 = hpa_v2_to_v1(v2)
    assert v1["status"] == {"currentReplicas": 2, "desiredReplicas": 3, "currentCPUUtilizationPercentage": 75}
    assert v1["metadata"]["annotations"] == {
        "autoscaling.alpha.kubernetes.io/current-metrics":
            '[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":75,"currentAverageValue":"150m"}}]',
        "autoscaling.alpha.kubernetes.io/conditions":
            '[{"type":"AbleToScale","status":"True","lastTransitionTime":"2025-01-01T00:00:00Z",'
            '"reason":"SucceededRescale","message":"the HPA controller was able to update the target scale to 3"}]'}
    assert hpa_v1_to_v2(v1) == v2


def test_external_and_object_metrics_in_the_v1_annotation():
    v2 = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "q"},
          "spec": {"scaleTargetRef": REF, "minReplicas": 1, "maxReplicas": 4, "metrics": [
              {"type": "External", "external": {"metric": {"name": "queue<depth>"},
                                                "target": {"type": "Value", "value": "30"}}},
              {"type": "Object", "object": {"describedObject": {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                                                                "name": "main"},
                                            "metric": {"name": "rps"}, "target": {"type": "Value", "value": "2k"}}}]}}
    v1 = hpa_v2_to_v1(v2)
    assert "targetCPUUtilizationPercentage" not in v1["spec"]
    assert v1["metadata"]["annotations"]["autoscaling.alpha.kubernetes.io/metrics"] == (
        '[{"type":"External","external":{"metricName":"queue\\u003cdepth\\u003e","targetValue":"30"}},'
        '{"type":"Object","object":{"target":{"kind":"Ingress","name":"main","apiVersion":"networking.k8s.io/v1"},'
        '"metricName":"rps","targetValue":"2k"}}]')
    back = hpa_v1_to_v2(v1)
    assert back["spec"]["metrics"] == v2["spec"]["metrics"]
