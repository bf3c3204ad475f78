"""Image behaviours, one module per family (entrypoints holds shared entrypoint scripts);
`all_images()` lists every repository the catalog knows."""
from . import (databases, distros, entrypoints, httpd, ingress_nginx, nginx, perl, probes, python, redis,  # noqa: F401
               stress, system)  # (entrypoints registers programs)


def all_images():
    images = []
    for module in (nginx, distros, perl, python, httpd, redis, databases, probes, stress, system, ingress_nginx):
        images += module.images()
    return images
