"""Image behaviours, one module per family (entrypoints holds shared entrypoint scripts);
`all_images()` lists every repository the catalog knows."""
from . import (databases, distros, entrypoints, httpd, ingress_nginx, nginx, perl, php_apache, probes, python,  # noqa: F401
               redis, stress, system)  # (entrypoints registers programs)


def all_images():
    images = []
    for module in (nginx, distros, perl, python, httpd, php_apache, redis, databases, probes, stress, system,
                   ingress_nginx):
        images += module.images()
    return images
