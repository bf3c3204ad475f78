"""The error a kustomize build returns, worded as kustomize words it; `kubectl kustomize` reports it
as `"command failed" err="..."`, and -k on other verbs as `error: ...`."""


class KustomizeError(Exception):
    """A kustomize build error, worded as kustomize words it."""
