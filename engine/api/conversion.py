"""Conversion between served versions of a kind: autoscaling/v1 <-> v2 HorizontalPodAutoscaler."""


def hpa_v2_to_v1(obj):
    raise NotImplementedError


def hpa_v1_to_v2(obj):
    raise NotImplementedError
