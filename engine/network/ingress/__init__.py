"""ingress-nginx, the Ingress controller add-on (engine/bootstrap/ingress_nginx.py installs it): while a
controller pod runs, its process watches Ingresses and routes HTTP arriving at the pod by their rules.

`IngressNginx(api, clock, network)` is created by ClusterNetwork (`c.network.ingress`); the controller image's
program calls `serve`, and `c.trace` calls `follow` to show the hop where nginx decided (host, path, backend)."""
from .classes import CONTROLLER  # noqa: F401
from .controller import IMAGE, NAMESPACE, IngressNginx  # noqa: F401
from .pages import error_page  # noqa: F401
