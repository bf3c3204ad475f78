"""04-controllers' autoscaling exercise graded by behaviour: other correct answers get full marks, partial
answers the expected points and feedback in Kubernetes terms (the solution itself is graded in
tests/test_assignments.py)."""
from tests.test_assignments import grade

SET_REQUESTS = "kubectl set resources deployment web --requests=cpu=100m\n"


def test_a_json_patch_of_the_request_in_cores_and_other_flag_spellings_also_count():
    patch = ("kubectl patch deployment web --type=json -p '[{\"op\": \"add\", \"path\": "
             "\"/spec/template/spec/containers/0/resources\", \"value\": {\"requests\": {\"cpu\": \"0.1\"}}}]'\n")
    assert grade("04-controllers", "autoscale-web", patch + "kubectl autoscale deploy/web --max 6 --min 2 "
                 "--cpu-percent 50") == (4, [])


def test_an_hpa_without_cpu_requests_cannot_compute_utilization():
    assert grade("04-controllers", "autoscale-web", "kubectl autoscale deployment web --min=2 --max=6 --cpu-percent=50") == (1, [
        "under 800m of CPU load, Deployment web stayed at 2 replicas: HorizontalPodAutoscaler web has the condition "
        "ScalingActive False (FailedGetResourceMetric): the HPA was unable to compute the replica count: failed to "
        "get cpu utilization: missing request for cpu in container nginx of Pod web-64c8bdf64c-b8sr4",
        "HorizontalPodAutoscaler web never scaled Deployment web above 2 replicas, so it had nothing to scale down"])


def test_a_higher_maximum_lets_the_load_grow_the_deployment_past_six():
    assert grade("04-controllers", "autoscale-web", SET_REQUESTS + "kubectl autoscale deployment web --min=2 --max=10 "
                 "--cpu-percent=50") == (1, ["HorizontalPodAutoscaler web keeps between 2 and 10 replicas, not between 2 and 6",
                                             "under 800m of CPU load, Deployment web grew to 10 replicas, more than 6"])


def test_the_default_minimum_scales_down_to_one():
    assert grade("04-controllers", "autoscale-web", SET_REQUESTS + "kubectl autoscale deployment web --max=6 "
                 "--cpu-percent=80") == (2, [
                     "HorizontalPodAutoscaler web keeps between 1 and 6 replicas, not between 2 and 6",
                     "HorizontalPodAutoscaler web aims at 80% CPU utilization, not 50%",
                     "420 s after the load stopped, Deployment web runs 1 replica, not 2"])


def test_scaling_by_hand_is_no_autoscaler():
    assert grade("04-controllers", "autoscale-web", SET_REQUESTS + "kubectl scale deployment web --replicas=6") == (0, [
        "there is no HorizontalPodAutoscaler named web in namespace default"])
