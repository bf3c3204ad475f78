"""kustomize's file loader with its default LoadRestrictionsRootOnly: a file a kustomization reads
must be in or below its directory (bases, which are directories, may live anywhere)."""
import os

from .errors import KustomizeError


def missing(full):
    return f"evalsymlink failure on '{full}' : lstat {full}: no such file or directory"


def check(root, path):
    """The absolute path of `path`, or the loader's error text (missing, or outside the root)."""
    full = os.path.normpath(os.path.join(root, path))
    if not os.path.exists(full):
        return full, missing(full)
    real, real_root = os.path.realpath(full), os.path.realpath(root)
    if real != real_root and not real.startswith(real_root.rstrip("/") + "/"):
        return full, f"security; file '{real}' is not in or below '{real_root}'"
    return full, None


def read_bytes(root, path, wrap=lambda text: text):
    """The file's bytes; KustomizeError(wrap(reason)) when the loader refuses it."""
    full, problem = check(root, path)
    if problem:
        raise KustomizeError(wrap(problem))
    try:
        with open(full, "rb") as f:
            return f.read()
    except OSError as e:
        raise KustomizeError(wrap(f"read {full}: {(e.strerror or str(e)).lower()}"))


def read_text(root, path, wrap=lambda text: text):
    return read_bytes(root, path, wrap).decode("utf-8", "replace")
