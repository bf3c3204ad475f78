"""configMapGenerator and secretGenerator: data from literals, files and env files, named with the
content hash kustomize's hasher computes (sha256 of a JSON encoding, first ten hex digits re-lettered)."""
import base64
import hashlib
import json
import os

from . import loader
from .errors import KustomizeError


def hash_suffix(obj):
    """hasher.Hash: the encoding looks up the field `metadata/name`, which never exists, so name is ""."""
    if obj["kind"] == "ConfigMap":
        encoded = {"kind": "ConfigMap", "name": "", "data": obj.get("data") or ""}
        if isinstance(obj.get("binaryData"), dict):
            encoded["binaryData"] = obj["binaryData"]
    else:
        encoded = {"kind": "Secret", "type": obj.get("type", ""), "name": "", "data": obj.get("data") or ""}
        if isinstance(obj.get("stringData"), dict):
            encoded["stringData"] = obj["stringData"]
    text = json.dumps(encoded, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    digest = hashlib.sha256(text.encode()).hexdigest()
    return digest[:10].translate(str.maketrans("013ae", "ghkmt"))


def literal(source):
    key, sep, value = source.partition("=")
    if not sep or not key:
        raise KustomizeError(f"loading KV pairs: literal sources [{source}]: invalid literal source {source}, "
                             "expected key=value")
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return key, value


def env_pairs(root, path):
    pairs = []
    text = loader.read_text(root, path, lambda why: f"loading KV pairs: env source files: [{path}]: {why}")
    for line in text.split("\n"):
        line = line.lstrip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        pairs.append((key, value))  # (a bare KEY takes the host's $KEY in kustomize: never read here)
    return pairs


def file_pair(root, source):
    key, sep, path = source.partition("=")
    if not sep:
        key, path = os.path.basename(source), source
    return key, loader.read_bytes(root, path, lambda why: f"loading KV pairs: file sources: [{source}]: {why}")


def make(kind, args, options, root):
    """One generated object (unnamespaced until the namespace transformer runs)."""
    name = args.get("name", "")
    obj = {"apiVersion": "v1", "kind": kind, "metadata": {"name": name}}
    if args.get("namespace"):
        obj["metadata"]["namespace"] = args["namespace"]
    data = {}
    for key, value in [p for e in args.get("envs") or ([args["env"]] if args.get("env") else []) for p in env_pairs(root, e)]:
        data[key] = value.encode()
    for source in args.get("literals") or []:
        key, value = literal(source)
        data[key] = value.encode()
    for source in args.get("files") or []:
        key, value = file_pair(root, source)
        data[key] = value
    if kind == "ConfigMap":
        text, binary = {}, {}
        for key, value in data.items():
            try:
                text[key] = value.decode("utf-8")
            except UnicodeDecodeError:
                binary[key] = base64.b64encode(value).decode()
        if text:
            obj["data"] = text
        if binary:
            obj["binaryData"] = binary
    else:
        obj["type"] = args.get("type") or "Opaque"
        if data:
            obj["data"] = {k: base64.b64encode(v).decode() for k, v in data.items()}
    merged = merge_options(options, args.get("options") or {})
    if merged["immutable"]:
        obj["immutable"] = True
    meta = obj["metadata"]
    if merged.get("labels"):
        meta["labels"] = dict(merged["labels"])
    if merged.get("annotations"):
        meta["annotations"] = dict(merged["annotations"])
    return obj, not merged.get("disableNameSuffixHash", False), args.get("behavior") or "create"


def merge_options(general, own):
    out = dict(general)
    for key in ("labels", "annotations"):
        if own.get(key) or general.get(key):
            out[key] = dict(general.get(key) or {}, **(own.get(key) or {}))
    for key in ("disableNameSuffixHash", "immutable"):  # either level's true wins
        out[key] = bool(general.get(key) or own.get(key))
    return out
