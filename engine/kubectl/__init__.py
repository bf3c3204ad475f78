"""The kubectl command line of the simulated cluster: `Kubectl(api, clock).run("get pods")`.

Verbs live in cmd/ (one module each), output formats in printers/, manifests in manifests.py."""
from .kubectl import Kubectl
from .result import Result

__all__ = ["Kubectl", "Result"]
