"""Image behaviours, one module per family (entrypoints holds shared entrypoint scripts);
`all_images()` lists every repository the catalog knows."""
from . import (databases, distros, entrypoints, httpd, nginx, perl, probes, python, redis, stress,  # noqa: F401
               system)  # (entrypoints registers programs)


def all_images():
    images = []
    for module in (nginx, distros, perl, python, httpd, redis, databases, probes, stress, system):
        images += module.images()
    return images
