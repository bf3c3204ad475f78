"""The container runtime of simulated nodes: processes driven by the virtual clock, in-memory filesystems,
image references and the image catalog (see container.Container for what the kubelet uses)."""
from .. import shell  # noqa: F401  (registers the shell and its applets as programs)
from .catalog import Catalog, PulledImage, PullError, default_catalog
from .container import Container, ExecResult, StartError, command_line, exec_in
from .context import PROGRAMS, Context, program
from .fs import FsError, Mounts, Tree
from .network import HttpRequest, HttpResponse, NetError, Network, local_http
from .process import (Capture, Input, Listen, LogBuffer, Process, Signal, Sleep, Wait, WaitForever, signal_name)
from .reference import InvalidReference, Reference, parse

__all__ = [
    "Catalog", "PulledImage", "PullError", "default_catalog", "Container", "ExecResult", "StartError",
    "command_line", "exec_in", "PROGRAMS", "Context", "program", "FsError", "Mounts", "Tree", "HttpRequest",
    "HttpResponse", "NetError", "Network", "local_http", "Capture", "Input", "Listen", "LogBuffer", "Process",
    "Signal", "Sleep", "Wait", "WaitForever", "signal_name", "InvalidReference", "Reference", "parse",
]
