"""Image behaviours, one module per family; `all_images()` lists every repository the catalog knows."""
from . import distros, nginx, perl, probes, servers


def all_images():
    images = []
    for module in (nginx, distros, perl, servers, probes):
        images += module.images()
    return images
