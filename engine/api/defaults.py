"""Defaulting: the fields the v1.32 apiserver fills in on create and update, per kind."""


def apply(resource, obj):
    """Fill in the defaults of `obj` (a `resource` object) in place."""
