"""`kubectl kustomize DIR`: the kustomization built as kustomize v5.5.0 (embedded in kubectl v1.32) builds
it, printed as a YAML stream; errors as kubectl's `"command failed" err="..."` klog line."""
from ...api.errors import go_quote
from .. import klog
from ..flags import Flag
from ..kustomize import KustomizeError, build, render
from . import Command

FLAGS = [
    Flag("as-current-user", kind="bool"), Flag("enable-alpha-plugins", kind="bool"), Flag("enable-helm", kind="bool"),
    Flag("env", "e", "slice"), Flag("helm-api-versions", kind="slice"), Flag("helm-command", default="helm"),
    Flag("helm-debug", kind="bool"), Flag("helm-kube-version"),
    Flag("load-restrictor", default="LoadRestrictionsRootOnly"), Flag("mount", kind="slice"),
    Flag("network", kind="bool"), Flag("network-name", default="bridge"), Flag("output", "o"),
]


def failed(ctx, message):
    """run.go's klog line for an error a kustomize command returns; exit code 1."""
    if "\n" in message:  # klog's multi-line value: err=<, each line indented by a tab, then ` >`
        value = "<\n" + "".join(f"\t{line}\n" for line in message.split("\n")) + " >"
    else:
        value = go_quote(message)
    ctx.io.error(klog.line(ctx.clock, "E", "run.go:72", f'"command failed" err={value}'))
    return 1


def run(ctx):
    if len(ctx.args) > 1:
        return failed(ctx, "specify one path to kustomization.yaml")
    if ctx.opts["output"]:
        return failed(ctx, "--output is not supported by the simulated cluster (it would write a host file)")
    try:
        objects, _ = build(ctx.args[0] if ctx.args else ".", warn=lambda text: ctx.io.error(text + "\n"))
    except KustomizeError as e:
        return failed(ctx, str(e))
    ctx.io.write(render(objects))
    return 0


COMMAND = Command("kustomize", run, FLAGS)
