"""`kubectl version`: the simulated kubectl v1.32.0 and the API server's /version (v1.32.0 release
build info), as text, YAML or JSON; --client needs no server."""
import json

from ..errors import CmdError, UsageError
from ..flags import Flag
from ..printers import yaml as yaml_printer
from . import Command

RELEASE = {"major": "1", "minor": "32", "gitVersion": "v1.32.0", "gitCommit": "70d3cc986aa8221cd1dfb1121852688902d3bf53",
           "gitTreeState": "clean", "buildDate": "", "goVersion": "go1.23.3", "compiler": "gc", "platform": "linux/amd64"}
CLIENT = dict(RELEASE, buildDate="2024-12-11T18:04:20Z")  # built with kubeadm and kubelet, as its release shows
SERVER = dict(RELEASE, buildDate="2024-12-11T17:59:15Z")  # kube-apiserver's /version
KUSTOMIZE = "v5.5.0"


def run(ctx):
    opts = ctx.opts
    if ctx.args:
        raise UsageError(f"unexpected arguments: [{' '.join(ctx.args)}]\nSee '{ctx.path} -h' for help and examples")
    if opts["output"] not in ("", "yaml", "json"):
        raise CmdError("--output must be 'yaml' or 'json'")
    info = {"clientVersion": CLIENT, "kustomizeVersion": KUSTOMIZE}
    if not opts["client"]:
        info["serverVersion"] = SERVER
    if opts["output"] == "json":
        ctx.io.write(json.dumps(info, indent=2) + "\n")
    elif opts["output"] == "yaml":
        ctx.io.write(yaml_printer.dumps(info) + "\n")
    else:
        text = f"Client Version: {CLIENT['gitVersion']}\nKustomize Version: {KUSTOMIZE}\n"
        if not opts["client"]:
            text += f"Server Version: {SERVER['gitVersion']}\n"
        ctx.io.write(text)
    return 0


COMMAND = Command("version", run, [Flag("client", kind="bool"), Flag("output", "o")])
