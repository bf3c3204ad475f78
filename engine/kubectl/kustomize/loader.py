"""kustomize's file loader: LoadRestrictionsRootOnly (a file a kustomization reads must be in or below
its directory; bases may live anywhere) and kyaml's YAML 1.2 reading of resources and patches."""
import os
import re

import yaml

from .. import manifests
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


class KyamlLoader(manifests.GoYAMLLoader):
    """Resources and patches as kyaml (go-yaml v3, YAML 1.2) reads them: only true/false are booleans,
    so `y`, `yes`, `on` stay strings (the kustomization file itself is read as go-yaml v2 reads it)."""


KyamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in manifests.GoYAMLLoader.yaml_implicit_resolvers.items()}
KyamlLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                  list("tTfF"))


def parse_documents(text, source):
    """The JSON values of a YAML (or JSON) stream, empty documents dropped."""
    out = []
    try:
        chunks = manifests.split_yaml(text)
    except manifests.StreamError as e:
        raise KustomizeError(str(e))
    for chunk in chunks:
        try:
            loaded = yaml.load(chunk, Loader=KyamlLoader)
            value = manifests._Converter().convert(loaded)
        except yaml.YAMLError as e:
            raise KustomizeError(f"{manifests.go_yaml_error(e, chunk)} in {source}")
        except (manifests.InvalidMapKey, manifests.StreamError, ValueError, RecursionError) as e:
            raise KustomizeError(f"yaml: {e} in {source}")
        if value is not None:
            out.append(value)
    return out
