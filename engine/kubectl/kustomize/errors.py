"""The error kustomize returns; kubectl reports it as `"command failed" err="..."`."""


class KustomizeError(Exception):
    """A kustomize build error, worded as kustomize words it."""
