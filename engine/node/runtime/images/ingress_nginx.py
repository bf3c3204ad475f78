"""The ingress-nginx images: the controller (registry.k8s.io/ingress-nginx/controller), whose
/nginx-ingress-controller serves /healthz on 10254 and hands what arrives on 80/443 to the cluster's ingress-nginx
(engine/network/ingress), and kube-webhook-certgen, whose `create` and `patch` Jobs make the admission webhook's
certificate Secret and put its CA into the ValidatingWebhookConfiguration, through the API as its ServiceAccount."""
import base64
import hashlib
import json

from ....api.errors import ApiError
from ..context import program
from ..network import HttpResponse
from ..process import Listen
from .base import BUILD_TIME, Image
from .common import wait_for_signal

REPOSITORY = "registry.k8s.io/ingress-nginx/controller"
# tag -> (release, short commit, the nginx inside, the image digest the release's deploy.yaml pins)
RELEASES = {"v1.12.0": ("v1.12.0", "8ee4384", "1.25.5",
                        "sha256:e6b8de175acda6ca913891f0f727bca4527e797d52688cbe9fec9040d6f6b6fa")}
HEALTH_PORT = 10254
CERTGEN = "registry.k8s.io/ingress-nginx/kube-webhook-certgen"
CERTGEN_RELEASES = {"v1.5.0": ("1.5.0", "sha256:aaafd456bda110628b2d4ca6296f38731a3aaf0bf7581efae824a41c770a8fc4")}


def banner(tag):
    release, commit, nginx, _ = RELEASES[tag]
    return ("-------------------------------------------------------------------------------\n"
            "NGINX Ingress controller\n"
            f"  Release:       {release}\n"
            f"  Build:         {commit}\n"
            "  Repository:    https://github.com/kubernetes/ingress-nginx\n"
            f"  nginx version: nginx/{nginx}\n\n"
            "-------------------------------------------------------------------------------\n\n")


@program("nginx-ingress-controller")
def nginx_ingress_controller(ctx, argv):
    """The controller process: its work (watching Ingresses, routing) is engine/network/ingress's, found
    through the pod's network; here are its sockets and its log."""
    tag = (getattr(ctx.container, "config", None) or {}).get("tag", "v1.12.0")
    ctx.out(banner(tag if tag in RELEASES else "v1.12.0"))
    ctx.handle("SIGTERM", "SIGQUIT")

    def health(request):
        path = request.path.split("?", 1)[0]
        return HttpResponse(200, "ok") if path == "/healthz" else HttpResponse(404, "404 page not found\n")

    def serve(port):
        def handle(request):
            ingress = getattr(ctx.network, "ingress", None)
            if ingress is None:
                from ....network.ingress.pages import error_response
                return error_response(404)
            return ingress.serve(ctx, request, port)
        return handle

    yield Listen(HEALTH_PORT, "TCP", http=health)
    if any(arg.startswith("--validating-webhook=") for arg in argv):
        yield Listen(8443, "TCP", http=lambda request: HttpResponse(200, "{}"))
    for port in (80, 443):
        yield Listen(port, "TCP", http=serve(port))
    yield from wait_for_signal("SIGTERM", "SIGQUIT")
    return 0


@program("wait-shutdown")
def wait_shutdown(ctx, argv):
    """The preStop hook: asks the controller to shut down gracefully (here it just stops on the SIGTERM that follows)."""
    return 0
    yield  # a program is a generator


def _flags(args):
    return {arg[2:].split("=", 1)[0]: arg.split("=", 1)[1] for arg in args if arg.startswith("--") and "=" in arg}


def _pem(kind, seed):
    """A stand-in PEM block, fixed per seed (the simulation needs no real keys)."""
    text = base64.b64encode(hashlib.sha512(seed.encode()).digest() * 3).decode()
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    return f"-----BEGIN {kind}-----\n" + "\n".join(lines) + f"\n-----END {kind}-----\n"


@program("kube-webhook-certgen")
def kube_webhook_certgen(ctx, argv):
    """create: a CA and a serving certificate in the Secret --secret-name (unless it exists); patch: that CA into
    the webhook configuration --webhook-name. Logs as logrus's JSON formatter with the filename hook."""
    command, flags = (argv[1] if len(argv) > 1 else ""), _flags(argv[2:])
    api = getattr(ctx.network, "api", None)

    def log(msg, source, level="info", **fields):
        entry = dict(fields, level=level, msg=msg, source=source, time=ctx.clock.datetime().strftime("%Y-%m-%dT%H:%M:%SZ"))
        ctx.out(json.dumps(entry, sort_keys=True, separators=(",", ":")) + "\n")

    namespace, name = flags.get("namespace", ""), flags.get("secret-name", "")
    secret = None
    if api is not None:
        try:
            secret = api.get("secrets", name, namespace)
        except ApiError as err:
            log("no secret found", "k8s/k8s.go:229", err=str(err))
    if command == "create":
        if secret is not None:
            log("secret already exists", "cmd/create.go:33")
            return 0
        log("creating new secret", "cmd/create.go:28")
        data = {"ca": _pem("CERTIFICATE", f"ca/{namespace}/{name}"), "cert": _pem("CERTIFICATE", f"cert/{flags.get('host')}"),
                "key": _pem("EC PRIVATE KEY", f"key/{namespace}/{name}")}
        api.create("secrets", {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name, "namespace": namespace},
                               "data": {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}}, namespace)
        return 0
    if command == "patch":
        if secret is None:
            log(f"no secret with '{name}' in '{namespace}'", "cmd/patch.go:106", level="fatal")
            return 1
        webhook, policy = flags.get("webhook-name", ""), flags.get("patch-failure-policy", "")
        mutating = flags.get("patch-mutating", "true") == "true"
        validating = flags.get("patch-validating", "true") == "true"
        log(f"patching webhook configurations '{webhook}' mutating={str(mutating).lower()}, "
            f"validating={str(validating).lower()}, failurePolicy={policy}", "k8s/k8s.go:118")
        if validating:
            config = api.get("validatingwebhookconfigurations", webhook)
            for hook in config.get("webhooks") or ():
                hook.setdefault("clientConfig", {})["caBundle"] = secret["data"]["ca"]
                if policy:
                    hook["failurePolicy"] = policy
            api.update("validatingwebhookconfigurations", config)
        log("Patched hook(s)", "k8s/k8s.go:138")
        return 0
    ctx.err(f'Error: unknown command "{command}" for "kube-webhook-certgen"\n')
    return 1
    yield  # a program is a generator


class ControllerImage(Image):
    """Pinned by digest in the release manifests, so the digest is the real one."""

    def __init__(self, *args, digests, **kwargs):
        super().__init__(*args, **kwargs)
        self.digests = digests

    def digest(self, tag):
        return self.digests[tag]


def _layer(tree, version, tag):
    tree.add("/nginx-ingress-controller", "", 0o755, BUILD_TIME, program="nginx-ingress-controller")
    tree.add("/wait-shutdown", "", 0o755, BUILD_TIME, program="wait-shutdown")


def _certgen_layer(tree, version, tag):
    tree.add("/kube-webhook-certgen", "", 0o755, BUILD_TIME, program="kube-webhook-certgen")


def images():
    return [ControllerImage(REPOSITORY, {tag: release[0] for tag, release in RELEASES.items()}, "alpine",
                            cmd=["/nginx-ingress-controller"], layer=_layer, stop_signal="SIGTERM",
                            size=115_000_000, ports=[80, 443, 8443], memory=95 << 20,
                            digests={tag: release[3] for tag, release in RELEASES.items()}),
            ControllerImage(CERTGEN, {tag: release[0] for tag, release in CERTGEN_RELEASES.items()}, "scratch",
                            entrypoint=["/kube-webhook-certgen"], layer=_certgen_layer, size=28_000_000,
                            memory=8 << 20, digests={tag: release[1] for tag, release in CERTGEN_RELEASES.items()})]
