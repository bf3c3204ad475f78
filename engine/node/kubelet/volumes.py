"""The kubelet's volume manager: builds each pod volume as a runtime `Tree` (emptyDir, configMap,
secret, downwardAPI, hostPath, projected, persistentVolumeClaim) and the mounts of each container."""
import base64
import hashlib
import json
import posixpath
import random

from ...api.errors import ApiError
from ..runtime import Tree
from . import envvars, host_root

MOUNT_BACKOFF_INITIAL = 0.5  # nestedpendingoperations: 500ms doubling...
MOUNT_BACKOFF_MAX = 122.0  # ... to 2m2s
MOUNT_TIMEOUT = 123.0  # WaitForAttachAndMount gives up after 2m3s
TOKEN_AUDIENCE = "https://kubernetes.default.svc.cluster.local"


class MountError(Exception):
    """SetUp failed for one volume (the FailedMount event's message after `volume "x" : `)."""


class Unbound(Exception):
    """A claim not bound yet: the pod waits (the attach/mount timeout reports it)."""


def _get(api, plural, name, namespace=None):
    try:
        return api.get(plural, name, namespace)
    except ApiError as e:
        if e.code == 404:
            return None
        raise


class PodVolumes:
    """The volumes of one pod: Trees kept for the pod's lifetime (emptyDir survives container restarts)."""

    def __init__(self):
        self.trees = {}  # volume name -> Tree
        self.failures = {}  # volume name -> [attempts, next retry time]


class VolumeManager:
    def __init__(self, kubelet):
        self.kl = kubelet
        self.host_paths = {}  # hostPath path -> Tree: the node's own filesystem, per node
        self.pv_trees = kubelet.pv_trees  # PV name -> Tree: the storage backend, shared by the cluster

    def setup(self, pod, volumes):
        """Mount what is missing; returns [(volume name, message, unbound)] for the volumes that failed."""
        failed = []
        for vol in pod["spec"].get("volumes") or []:
            name = vol["name"]
            if name in volumes.trees:
                continue
            try:
                tree = volumes.trees[name] = self._build(pod, vol)
                volumes.failures.pop(name, None)
                fs_group = (pod["spec"].get("securityContext") or {}).get("fsGroup")
                if fs_group is not None and ("emptyDir" in vol or "persistentVolumeClaim" in vol):
                    tree.root.mode, tree.root.gid = 0o2777, fs_group  # setgid: new files get the fsGroup
            except MountError as e:
                failed.append((name, str(e), False))
            except Unbound as e:
                failed.append((name, str(e), True))
        return failed

    def refresh(self, pod, volumes):
        """Re-project configMap/secret/downwardAPI/projected volumes (the kubelet's periodic sync): as
        AtomicWriter, only a changed payload is written, in a new timestamped directory `..data` swaps to."""
        for vol in pod["spec"].get("volumes") or []:
            if any(k in vol for k in ("configMap", "secret", "downwardAPI", "projected")) and vol["name"] in volumes.trees:
                current = volumes.trees[vol["name"]]
                try:
                    if self._payload_of(pod, vol) == _payload(current):
                        continue
                    fresh = self._build(pod, vol)
                except (MountError, Unbound, ApiError):  # the API unreachable: files stay as they are
                    continue
                current.root = fresh.root
                fresh.root.owner = current

    def _payload_of(self, pod, vol):
        """What the volume would hold now, built aside (its timestamped name drawn from a throwaway source,
        so a sync that changes nothing leaves the kubelet's random numbers alone)."""
        saved, self.kl.rng = self.kl.rng, random.Random(0)
        try:
            return _payload(self._build(pod, vol))
        finally:
            self.kl.rng = saved

    @staticmethod
    def refreshable(pod):
        """Whether the pod has a volume whose contents follow API objects (the service account's own
        kube-api-access volume aside: its token and CA do not change here)."""
        return any(any(k in vol for k in ("configMap", "secret", "downwardAPI", "projected"))
                   and not vol["name"].startswith("kube-api-access-") for vol in pod["spec"].get("volumes") or [])

    # ---- one volume
    def _build(self, pod, vol):
        ns = pod["metadata"]["namespace"]
        now = self.kl.clock.now
        if "emptyDir" in vol:
            return Tree(now)
        if "hostPath" in vol:
            return self._host_path(vol["hostPath"])
        if "configMap" in vol:
            src = vol["configMap"]
            files = self._config_map_files(src, ns)
            return self._atomic(files or {}, src.get("defaultMode", 0o644))
        if "secret" in vol:
            src = vol["secret"]
            files = self._secret_files(src, ns)
            return self._atomic(files or {}, src.get("defaultMode", 0o644))
        if "downwardAPI" in vol:
            src = vol["downwardAPI"]
            return self._atomic(self._downward_files(pod, src.get("items") or []), src.get("defaultMode", 0o644))
        if "projected" in vol:
            return self._atomic(self._projected_files(pod, vol["projected"]), vol["projected"].get("defaultMode", 0o644))
        if "persistentVolumeClaim" in vol:
            return self._claim(vol["persistentVolumeClaim"], ns)
        return Tree(now)  # other sources (nfs, csi...) mount as an empty filesystem here

    def _host_path(self, src):
        path = posixpath.normpath(src.get("path") or "/")
        kind = src.get("type") or ""
        tree = self.host_paths.get(path)
        if tree is None:
            if kind in ("Directory", "File", "Socket", "CharDevice", "BlockDevice"):
                what = {"Directory": "a directory", "File": "a file", "Socket": "a socket",
                        "CharDevice": "a character device", "BlockDevice": "a block device"}[kind]
                raise MountError(f"hostPath type check failed: {path} is not {what}")
            tree = self.host_paths[path] = Tree(self.kl.clock.now)
            host_root.populate(tree, self.kl, self.kl.clock.now, path)  # what the node holds there
        return tree

    def _config_map_files(self, src, ns):
        name = src.get("name", "")
        cm = _get(self.kl.api, "configmaps", name, ns)
        if cm is None:
            if src.get("optional"):
                return {}
            raise MountError(f'configmap "{name}" not found')
        data = dict(cm.get("data") or {})
        data.update({k: base64.b64decode(v).decode("utf-8", "replace") for k, v in (cm.get("binaryData") or {}).items()})
        return self._items(data, src.get("items"), lambda key: f"configmap references non-existent config key: {key}",
                           src.get("optional"))

    def _secret_files(self, src, ns):
        name = src.get("secretName", src.get("name", ""))
        secret = _get(self.kl.api, "secrets", name, ns)
        if secret is None:
            if src.get("optional"):
                return {}
            raise MountError(f'secret "{name}" not found')
        data = envvars._secret_data(secret)
        return self._items(data, src.get("items"), lambda key: f"references non-existent secret key: {key}",
                           src.get("optional"))

    @staticmethod
    def _items(data, items, missing, optional):
        if not items:
            return {key: (value, None) for key, value in data.items()}
        files = {}
        for item in items:
            key = item.get("key")
            if key not in data:
                if optional:
                    continue
                raise MountError(missing(key))
            files[item.get("path", key)] = (data[key], item.get("mode"))
        return files

    def _downward_files(self, pod, items):
        files = {}
        for item in items:
            if item.get("fieldRef"):
                value = envvars.field_value(pod, item["fieldRef"].get("fieldPath", ""))
            elif item.get("resourceFieldRef"):
                value = envvars.resource_value(pod, "", item["resourceFieldRef"], self.kl.allocatable())
            else:
                continue
            files[item["path"]] = (value, item.get("mode"))
        return files

    def _projected_files(self, pod, projected):
        files = {}
        ns = pod["metadata"]["namespace"]
        for source in projected.get("sources") or []:
            if "serviceAccountToken" in source:
                sat = source["serviceAccountToken"]
                files[sat.get("path", "token")] = (self.token(pod, sat), None)
            elif "configMap" in source:
                files.update(self._config_map_files(source["configMap"], ns))
            elif "secret" in source:
                files.update(self._secret_files(source["secret"], ns))
            elif "downwardAPI" in source:
                files.update(self._downward_files(pod, source["downwardAPI"].get("items") or []))
        return files

    def _claim(self, src, ns):
        name = src.get("claimName", "")
        pvc = _get(self.kl.api, "persistentvolumeclaims", name, ns)
        if pvc is None:
            raise MountError(f'persistentvolumeclaim "{name}" not found')
        volume = (pvc.get("spec") or {}).get("volumeName")
        if not volume:
            raise Unbound(f"error processing PVC {ns}/{name}: PVC is not bound")
        tree = self.pv_trees.get(volume)
        if tree is None:
            tree = self.pv_trees[volume] = Tree(self.kl.clock.now)
            pv = _get(self.kl.api, "persistentvolumes", volume)
            if pv is not None and (pv["metadata"].get("annotations") or {}).get(
                    "pv.kubernetes.io/provisioned-by") == "rancher.io/local-path":
                tree.root.mode = 0o777  # local-path's helper pod makes the directory with mkdir -m 0777
        return tree

    def _atomic(self, files, default_mode):
        """AtomicWriter's layout: files in `..<timestamp>`, `..data` pointing at it, a symlink per entry."""
        now = self.kl.clock.now
        tree = Tree(now)
        stamp = self.kl.clock.datetime().strftime("..%Y_%m_%d_%H_%M_%S.") + str(self.kl.rng.randrange(10 ** 9, 10 ** 10))
        tree.add_dir("/" + stamp, mtime=now)
        tops = set()
        for path, (value, mode) in sorted(files.items()):
            tree.add(f"/{stamp}/{path}", value, mode if mode is not None else default_mode, mtime=now)
            tops.add(path.split("/")[0])
        tree.add_symlink("/..data", stamp, mtime=now)
        for top in sorted(tops):
            tree.add_symlink("/" + top, f"..data/{top}", mtime=now)
        return tree

    def token(self, pod, source):
        """A bound service account token: a JWT-shaped string, deterministic for the pod."""
        meta, spec = pod["metadata"], pod["spec"]
        iat = int(self.kl.clock.epoch.timestamp() + self.kl.clock.now)
        expiry = int(source.get("expirationSeconds") or 3607)
        sa = spec.get("serviceAccountName") or "default"
        payload = {"aud": [source.get("audience") or TOKEN_AUDIENCE], "exp": iat + expiry, "iat": iat,
                   "iss": TOKEN_AUDIENCE, "jti": _uuid(meta.get("uid", "") + "jti"),
                   "kubernetes.io": {"namespace": meta["namespace"],
                                     "node": {"name": self.kl.node_name, "uid": self.kl.node_uid or ""},
                                     "pod": {"name": meta["name"], "uid": meta.get("uid", "")},
                                     "serviceaccount": {"name": sa, "uid": _uuid(meta["namespace"] + "/" + sa)},
                                     "warnafter": iat + 3600},
                   "nbf": iat, "sub": f"system:serviceaccount:{meta['namespace']}:{sa}"}
        header = {"alg": "RS256", "kid": _b64(hashlib.sha256(b"sa-key").digest())}
        signing = _b64(json.dumps(header, separators=(",", ":")).encode()) + "." + \
            _b64(json.dumps(payload, separators=(",", ":")).encode())
        digest = b"".join(hashlib.sha256(signing.encode() + bytes([i])).digest() for i in range(8))
        return signing + "." + _b64(digest)


def _b64(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _uuid(seed):
    h = hashlib.sha256(seed.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


def container_mounts(container, volumes):
    """[(mountPath, Tree, readOnly)] and {path: text} for file subPaths, for one container."""
    mounts, files = [], {}
    for vm in container.get("volumeMounts") or []:
        tree = volumes.trees.get(vm.get("name"))
        if tree is None:
            continue
        sub = vm.get("subPath")
        if sub:
            node = _lookup(tree, sub)
            if node is not None and node.kind == "file":
                files[vm["mountPath"]] = node.data
                continue
            if node is not None and node.kind == "dir":
                part = Tree()
                part.root = node
                mounts.append((vm["mountPath"], part, bool(vm.get("readOnly"))))
                continue
            tree.add_dir("/" + sub)
            part = Tree()
            part.root = _lookup(tree, sub)
            mounts.append((vm["mountPath"], part, bool(vm.get("readOnly"))))
            continue
        mounts.append((vm["mountPath"], tree, bool(vm.get("readOnly"))))
    return mounts, files


def _lookup(tree, path):
    node = tree.root
    for part in [p for p in path.split("/") if p]:
        if node.kind == "link":
            node = _lookup(tree, node.target)
            if node is None:
                return None
        if node.kind != "dir":
            return None
        node = node.entries.get(part)
        if node is None:
            return None
    if node is not None and node.kind == "link":
        return _lookup(tree, posixpath.join("/", node.target))
    return node


def _payload(tree):
    """{path: (data, mode)} of the files an atomic volume's `..data` points at."""
    data = tree.root.entries.get("..data")
    if data is None or data.kind != "link":
        return None
    out, stack = {}, [("", tree.root.entries.get(data.target))]
    while stack:
        prefix, node = stack.pop()
        if node is None:
            continue
        if node.kind == "dir":
            stack += [(f"{prefix}/{name}", child) for name, child in node.entries.items()]
        else:
            out[prefix] = (node.data, node.mode)
    return out
