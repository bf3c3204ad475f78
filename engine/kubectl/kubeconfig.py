"""The kubeconfig the simulated kubectl reads: kubeadm's admin.conf (cluster `kubernetes`, user
`kubernetes-admin`), held in memory so that `kubectl config` never touches the host's ~/.kube."""
import base64
import hashlib

PATH = "/root/.kube/config"  # where kubeadm's instructions copy admin.conf
SERVER = "https://172.18.0.2:6443"
CLUSTER, USER = "kubernetes", "kubernetes-admin"
CONTEXT = f"{USER}@{CLUSTER}"
REDACTED = "DATA+OMITTED"
# Go field order of clientcmd's v1 types, used for JSON output
CLUSTER_FIELDS = ["server", "tls-server-name", "insecure-skip-tls-verify", "certificate-authority",
                  "certificate-authority-data", "proxy-url", "disable-compression"]
USER_FIELDS = ["client-certificate", "client-certificate-data", "client-key", "client-key-data", "token",
               "tokenFile", "as", "as-uid", "as-groups", "username", "password", "auth-provider", "exec"]
CONTEXT_FIELDS = ["cluster", "user", "namespace"]
REQUIRED = {"clusters": ("server",), "contexts": ("cluster", "user")}  # fields without omitempty
DATA_FIELDS = ("certificate-authority-data", "client-certificate-data", "client-key-data")


def fake_pem(label, seed, lines):
    """A PEM block of deterministic bytes: it looks like kubeadm's but signs nothing."""
    body, counter = b"", 0
    while len(body) < lines * 48:
        body += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    text = base64.b64encode(body[:lines * 48]).decode()
    rows = "".join(text[i:i + 64] + "\n" for i in range(0, len(text), 64))
    pem = f"-----BEGIN {label}-----\n{rows}-----END {label}-----\n"
    return base64.b64encode(pem.encode()).decode()


class KubeConfig:
    """clusters, users and contexts by name, and the current context."""

    def __init__(self):
        self.clusters, self.users, self.contexts = {}, {}, {}
        self.preferences = {}  # colors
        self.current = ""
        self.path = PATH

    @classmethod
    def kubeadm(cls):
        config = cls()
        config.clusters[CLUSTER] = {"server": SERVER,
                                    "certificate-authority-data": fake_pem("CERTIFICATE", "ca", 23)}
        config.users[USER] = {"client-certificate-data": fake_pem("CERTIFICATE", "admin", 24),
                              "client-key-data": fake_pem("RSA PRIVATE KEY", "admin-key", 32)}
        config.contexts[CONTEXT] = {"cluster": CLUSTER, "user": USER}
        config.current = CONTEXT
        return config

    def context(self, name=None):
        """The named context (the current one by default), or None."""
        return self.contexts.get(name or self.current)

    def namespace(self, name=None):
        """The namespace commands default to: the context's, else `default`."""
        return (self.context(name) or {}).get("namespace") or "default"

    def set_namespace(self, namespace):
        self.contexts.setdefault(self.current, {})["namespace"] = namespace

    def to_dict(self, raw=False, minify_context=None):
        """The v1 Config in Go field order; data fields redacted unless raw."""
        names = {"clusters": sorted(self.clusters), "users": sorted(self.users), "contexts": sorted(self.contexts)}
        if minify_context is not None:
            ctx = self.contexts.get(minify_context, {})
            names = {"clusters": [n for n in [ctx.get("cluster")] if n in self.clusters],
                     "users": [n for n in [ctx.get("user")] if n in self.users],
                     "contexts": [minify_context]}

        def entries(kind, table, fields):
            out = []
            for name in names[kind]:
                body = {k: table[name].get(k) for k in fields
                        if table[name].get(k) not in (None, "", False) or k in REQUIRED.get(kind, ())}
                body = {k: v if v is not None else "" for k, v in body.items()}
                if not raw:
                    body.update({k: REDACTED for k in DATA_FIELDS if k in body})
                out.append({"name": name, kind[:-1]: body})
            return out or None  # Go's nil slice

        return {"kind": "Config", "apiVersion": "v1", "preferences": dict(self.preferences),
                "clusters": entries("clusters", self.clusters, CLUSTER_FIELDS),
                "users": entries("users", self.users, USER_FIELDS),
                "contexts": entries("contexts", self.contexts, CONTEXT_FIELDS),
                "current-context": minify_context if minify_context is not None else self.current}
