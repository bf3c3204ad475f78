"""The ingress-nginx controller image (registry.k8s.io/ingress-nginx/controller): /nginx-ingress-controller
serves /healthz on 10254 and hands what arrives on 80/443 to the cluster's ingress-nginx (engine/network/ingress)."""
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
    for port in (80, 443):
        yield Listen(port, "TCP", http=serve(port))
    yield from wait_for_signal("SIGTERM", "SIGQUIT")
    return 0


@program("wait-shutdown")
def wait_shutdown(ctx, argv):
    """The preStop hook: asks the controller to shut down gracefully (here it just stops on the SIGTERM that follows)."""
    return 0
    yield  # a program is a generator


class ControllerImage(Image):
    """Pinned by digest in the release manifests, so the digest is the real one."""

    def digest(self, tag):
        return RELEASES[tag][3]


def _layer(tree, version, tag):
    tree.add("/nginx-ingress-controller", "", 0o755, BUILD_TIME, program="nginx-ingress-controller")
    tree.add("/wait-shutdown", "", 0o755, BUILD_TIME, program="wait-shutdown")


def images():
    return [ControllerImage(REPOSITORY, {tag: release[0] for tag, release in RELEASES.items()}, "alpine",
                            cmd=["/nginx-ingress-controller"], layer=_layer, stop_signal="SIGTERM",
                            size=115_000_000, ports=[80, 443, 8443], memory=95 << 20)]
