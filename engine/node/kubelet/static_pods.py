"""Static pods: manifests the kubelet runs itself (kubeadm's control plane in /etc/kubernetes/manifests)
and the mirror pods it creates for them in the API, named `<name>-<node>`."""
import copy
import hashlib
import json

CONFIG_HASH = "kubernetes.io/config.hash"
CONFIG_MIRROR = "kubernetes.io/config.mirror"
CONFIG_SEEN = "kubernetes.io/config.seen"
CONFIG_SOURCE = "kubernetes.io/config.source"


def config_hash(manifest, node_name):
    """The static pod's UID: a hash of the manifest as read from the file for this node."""
    text = json.dumps(manifest, sort_keys=True) + node_name
    return hashlib.md5(text.encode()).hexdigest()


def seen_stamp(clock):
    moment = clock.datetime()
    nanos = int(round((clock.now - int(clock.now)) * 1e9)) if clock.now >= 0 else 0
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{nanos:09d}Z"


def mirror_pod(manifest, node_name, node_uid, clock):
    """The mirror pod for a static pod manifest (a dict)."""
    pod = copy.deepcopy(manifest)
    pod.setdefault("apiVersion", "v1")
    pod.setdefault("kind", "Pod")
    meta = pod.setdefault("metadata", {})
    digest = config_hash(manifest, node_name)
    meta["name"] = f"{meta.get('name', '')}-{node_name}"
    meta.setdefault("namespace", "default")
    meta.pop("uid", None)
    meta.pop("resourceVersion", None)
    annotations = meta.setdefault("annotations", {})
    annotations.update({CONFIG_HASH: digest, CONFIG_MIRROR: digest, CONFIG_SEEN: seen_stamp(clock),
                        CONFIG_SOURCE: "file"})
    meta["ownerReferences"] = [{"apiVersion": "v1", "controller": True, "kind": "Node", "name": node_name,
                                "uid": node_uid}]
    spec = pod.setdefault("spec", {})
    spec["nodeName"] = node_name
    tolerations = spec.setdefault("tolerations", [])
    if {"effect": "NoExecute", "operator": "Exists"} not in tolerations:
        tolerations.append({"effect": "NoExecute", "operator": "Exists"})
    pod.pop("status", None)
    return pod


def is_mirror(pod):
    return CONFIG_MIRROR in ((pod.get("metadata") or {}).get("annotations") or {})
