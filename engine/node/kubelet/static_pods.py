"""Static pods: manifests the kubelet runs itself (kubeadm's control plane in /etc/kubernetes/manifests)
and the mirror pods it creates for them in the API, named `<name>-<node>`."""
import copy
import hashlib
import json

import yaml

from ...api.errors import ApiError
from ..runtime.fs import FsError, split

CONFIG_HASH = "kubernetes.io/config.hash"
CONFIG_MIRROR = "kubernetes.io/config.mirror"
CONFIG_SEEN = "kubernetes.io/config.seen"
CONFIG_SOURCE = "kubernetes.io/config.source"
MANIFESTS = "/etc/kubernetes/manifests"
FILE_CHECK_FREQUENCY = 20.0  # --file-check-frequency: how often the kubelet re-reads the manifests folder


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


def watch_manifests(kubelet, tree):
    """The kubelet's file source: every FILE_CHECK_FREQUENCY seconds it re-reads MANIFESTS in the node's
    root `tree` and restarts each static pod whose manifest changed."""
    if kubelet.watched_root is tree:
        return
    kubelet.watched_root = tree

    def check():
        if not kubelet.stopped:
            reload_manifests(kubelet, tree)
            sync_mirrors(kubelet)
        kubelet.clock.call_later(FILE_CHECK_FREQUENCY, check)
    kubelet.clock.call_later(FILE_CHECK_FREQUENCY, check)


def reload_manifests(kubelet, tree):
    """Restart the static pods whose file in MANIFESTS no longer matches what runs (a file that does not
    parse is skipped, as the kubelet logs and skips it)."""
    try:
        folder = tree.lookup(split(MANIFESTS))
    except FsError:
        return
    for file_name, node in sorted((folder.entries or {}).items()):
        if node.kind != "file" or not file_name.endswith((".yaml", ".yml", ".json")):
            continue
        if kubelet.manifest_texts.get(file_name) == node.data:
            continue  # read before: it runs as it says, or it did not parse then either
        kubelet.manifest_texts[file_name] = node.data
        try:
            manifest = yaml.safe_load(node.data)
        except yaml.YAMLError:
            continue
        if not isinstance(manifest, dict) or not isinstance(manifest.get("metadata"), dict):
            continue
        for index, current in enumerate(kubelet.static_manifests):
            if current["metadata"].get("name") == manifest["metadata"].get("name") and current != manifest:
                _restart(kubelet, index, manifest)


def _restart(kubelet, index, manifest):
    """The old pod is killed and the new one started under its new config hash (a new mirror pod)."""
    old = kubelet.static_manifests[index]["metadata"]
    key = kubelet._static_key(old.get("namespace", "default"), f"{old['name']}-{kubelet.node_name}")
    worker = kubelet.workers.get(key)
    if worker is not None:
        worker.kill_now()
        kubelet.forget(worker)
    kubelet.static_manifests[index] = manifest
    if not kubelet.stopped:
        kubelet._start_static_pods()


def sync_mirrors(kubelet):
    """A mirror pod that is not of the running manifest (a restored etcd brought an old one back) is
    deleted and created again, as syncPod does when IsMirrorPodOf fails."""
    for manifest in kubelet.static_manifests:
        mirror = mirror_pod(manifest, kubelet.node_name, kubelet.node_uid, kubelet.clock)
        meta = mirror["metadata"]
        worker = kubelet.workers.get(kubelet._static_key(meta["namespace"], meta["name"]))
        current = (worker.pod["metadata"].get("annotations") or {}).get(CONFIG_HASH) if worker else None
        try:
            stored = kubelet.api.get("pods", meta["name"], meta["namespace"])
        except ApiError:  # no mirror: the kubelet's own sync creates it
            continue
        if worker is not None and current == meta["annotations"][CONFIG_HASH] and \
                (stored["metadata"].get("annotations") or {}).get(CONFIG_HASH) != current:
            created = kubelet._ensure_mirror(mirror)
            if created is not None:
                worker.pod, worker.last_written = created, None
                worker.write_status()
