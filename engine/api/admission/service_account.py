"""ServiceAccount: a new pod runs as its namespace's `default` ServiceAccount unless it names one,
which must exist, and gets the projected `kube-api-access-xxxxx` token volume mounted in every
container at /var/run/secrets/kubernetes.io/serviceaccount."""
from .common import forbidden, lookup, wait_for

DEFAULT = "default"
MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount"
VOLUME_PREFIX = "kube-api-access-"
MIRROR_ANNOTATION = "kubernetes.io/config.mirror"
# names.SimpleNameGenerator's alphabet (no vowels, no confusable characters)
ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
# serviceaccount.WarnOnlyBoundTokenExpirationSeconds: one hour plus 7 s, so tokens are refreshed in time
TOKEN_EXPIRATION_SECONDS = 3607


def token_volume(name):
    return {"name": name, "projected": {"defaultMode": 420, "sources": [
        {"serviceAccountToken": {"expirationSeconds": TOKEN_EXPIRATION_SECONDS, "path": "token"}},
        {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
        {"downwardAPI": {"items": [{"path": "namespace",
                                    "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}},
    ]}}


class ServiceAccount:
    def __init__(self, server):
        self.server = server

    def admit(self, operation, resource, obj, old, dry_run):
        if operation != "CREATE" or resource.kind != "Pod" or resource.group != "":
            return
        meta, spec = obj["metadata"], obj.setdefault("spec", {})
        if MIRROR_ANNOTATION in (meta.get("annotations") or {}):
            self._check_mirror(resource, obj, spec)
            return
        name = spec.get("serviceAccountName") or spec.get("serviceAccount") or DEFAULT
        spec["serviceAccountName"] = name
        spec["serviceAccount"] = name  # the deprecated alias, set on output as v1 conversion does
        namespace = meta.get("namespace", "default")
        account = self._account(namespace, name)
        if account is None:
            raise forbidden(resource, obj, None,
                            f'error looking up service account {namespace}/{name}: serviceaccount "{name}" not found')
        if self._automount(account, spec):
            self._mount_token(spec)
        if not spec.get("imagePullSecrets") and account.get("imagePullSecrets"):
            spec["imagePullSecrets"] = [dict(s) for s in account["imagePullSecrets"]]

    @staticmethod
    def _check_mirror(resource, obj, spec):
        """Static pods the kubelet mirrors may not use accounts, secrets or token projections."""
        if spec.get("serviceAccountName") or spec.get("serviceAccount"):
            raise forbidden(resource, obj, None, "a mirror pod may not reference service accounts")
        if _secret_names(spec):
            raise forbidden(resource, obj, None, "a mirror pod may not reference secrets")
        for volume in spec.get("volumes") or []:
            if any("serviceAccountToken" in s for s in (volume.get("projected") or {}).get("sources") or []):
                raise forbidden(resource, obj, None, "a mirror pod may not use ServiceAccountToken volume projections")

    def _account(self, namespace, name):
        found = lookup(self.server, "serviceaccounts", name, namespace)
        if found is None and name == DEFAULT:
            # the real plug-in retries the default account for a while: the controller makes it
            wait_for(self.server, lambda: lookup(self.server, "serviceaccounts", name, namespace) is not None)
            found = lookup(self.server, "serviceaccounts", name, namespace)
        return found

    @staticmethod
    def _automount(account, spec):
        if spec.get("automountServiceAccountToken") is not None:
            return bool(spec["automountServiceAccountToken"])
        if account.get("automountServiceAccountToken") is not None:
            return bool(account["automountServiceAccountToken"])
        return True

    def _mount_token(self, spec):
        volumes = spec.get("volumes") or []
        existing = next((v["name"] for v in volumes if str(v.get("name", "")).startswith(VOLUME_PREFIX)), None)
        volume_name = existing or VOLUME_PREFIX + "".join(self.server.rng.choice(ALPHABET) for _ in range(5))
        mount = {"name": volume_name, "readOnly": True, "mountPath": MOUNT_PATH}
        needs_volume = False
        for field in ("initContainers", "containers"):
            for container in spec.get(field) or []:
                mounts = container.get("volumeMounts") or []
                if any(m.get("mountPath") == MOUNT_PATH for m in mounts):
                    continue
                container["volumeMounts"] = mounts + [dict(mount)]
                needs_volume = True
        if needs_volume and existing is None:
            spec["volumes"] = volumes + [token_volume(volume_name)]


def _secret_names(spec):
    """The secrets a pod spec refers to (podutil.VisitPodSecretNames)."""
    names = [s.get("name") for s in spec.get("imagePullSecrets") or []]
    for field in ("initContainers", "containers", "ephemeralContainers"):
        for c in spec.get(field) or []:
            names += [(e.get("secretRef") or {}).get("name") for e in c.get("envFrom") or []]
            names += [((e.get("valueFrom") or {}).get("secretKeyRef") or {}).get("name") for e in c.get("env") or []]
    for volume in spec.get("volumes") or []:
        names.append((volume.get("secret") or {}).get("secretName"))
        names += [(s.get("secret") or {}).get("name") for s in (volume.get("projected") or {}).get("sources") or []]
        for kind in ("azureFile", "cephfs", "cinder", "flexVolume", "rbd", "scaleIO", "iscsi", "storageos", "csi"):
            ref = (volume.get(kind) or {})
            names.append(ref.get("secretName") or (ref.get("secretRef") or {}).get("name")
                         or (ref.get("nodePublishSecretRef") or {}).get("name"))
    return [n for n in names if n]
