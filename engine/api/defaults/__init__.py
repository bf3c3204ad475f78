"""Defaulting: the fields the v1.32 apiserver fills in on create and update, per kind.

`apply(resource, obj)` is the entry point; each API group's defaults live in their own module."""
from . import apps, autoscaling, batch, core, others

_KINDS = {**core.KINDS, **apps.KINDS, **batch.KINDS, **others.KINDS}


def apply(resource, obj):
    """Fill in the defaults of `obj` (a `resource` object) in place."""
    if not isinstance(obj.get("metadata"), dict):
        return
    if resource.kind == "HorizontalPodAutoscaler":
        autoscaling.apply(resource, obj)
        return
    fn = _KINDS.get(resource.kind)
    if fn is not None:
        fn(obj)
