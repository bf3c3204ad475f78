"""kustomize v5.5.0 as `kubectl kustomize` embeds it: a kustomization directory built into a list of
objects (resources, generators, transformers, name references, the legacy kind order)."""
from .build import KustomizeError, build, render

__all__ = ["KustomizeError", "build", "render"]
