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
            if spec.get("serviceAccountName") or spec.get("serviceAccount"):
                raise forbidden(resource, obj, None, "a mirror pod may not reference service accounts")
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
