"""`kubectl certificate approve|deny (-f FILENAME | NAME)...`: adds the Approved or Denied condition to
CertificateSigningRequests through their approval subresource (--force writes it again)."""
from ...api.errors import ApiError
from .. import printers, targets
from ..errors import CmdError, render
from ..flags import Flag
from . import Command

FLAGS = [
    Flag("force", kind="bool"), Flag("filename", "f", "slice"), Flag("recursive", "R", "bool"), Flag("kustomize", "k"),
    Flag("output", "o"), Flag("allow-missing-template-keys", kind="bool", default=True),
    Flag("show-managed-fields", kind="bool"), Flag("template"),
]
ACTIONS = {  # verb: (condition it adds, the one it refuses, reason, message)
    "approve": ("Approved", "Denied", "KubectlApprove", "This CSR was approved by kubectl certificate approve."),
    "deny": ("Denied", "Approved", "KubectlDeny", "This CSR was denied by kubectl certificate deny."),
}


def run_group(ctx):
    from ..kubectl import help_text
    ctx.io.write(help_text("kubectl certificate"))
    return 0


def runner(verb):
    def run(ctx):
        opts = ctx.opts
        if not ctx.args and not opts["filename"] and not opts["kustomize"]:
            raise CmdError("one or more CSRs must be specified as <name> or -f <filename>")
        output = printers.OutputFormat.parse(opts["output"], printers.GENERIC_FORMATS, template=opts["template"])
        names = [a if "/" in a else f"certificatesigningrequests/{a}" for a in ctx.args]
        found, errs = targets.find(ctx, names, opts["filename"], opts["recursive"])
        done = 0
        for target in found:
            try:
                _modify(ctx, verb, target, output)
                done += 1
            except (CmdError, ApiError) as e:
                errs.append(e)
        if not done and not errs:
            ctx.io.write("No resources found\n")
        if errs:
            ctx.io.error(render(errs))
            return 1
        return 0
    return run


def _modify(ctx, verb, target, output):
    wanted, refused, reason, message = ACTIONS[verb]
    if target.resource.kind != "CertificateSigningRequest":
        group = f".{target.resource.group}" if target.resource.group else ""
        raise CmdError(f"can only handle CertificateSigningRequest.certificates.k8s.io objects, got "
                       f"{target.resource.kind}{group}")
    shown = target.obj  # kubectl prints the object it fetched, not the updated one
    for _ in range(10):
        try:
            csr = ctx.api.get("certificatesigningrequests", target.name)
        except ApiError as e:
            if e.code == 404:
                raise CmdError(f"could not find v1 version of {target.name}: {e.message}")
            raise
        conditions = (csr.get("status") or {}).get("conditions") or []
        if any(c.get("type") == refused for c in conditions):
            raise CmdError(f'certificate signing request "{target.name}" is already {refused}')
        present = any(c.get("type") == wanted for c in conditions)
        if present and not ctx.opts["force"]:
            break
        if not present:
            conditions.append({"type": wanted, "status": "True", "reason": reason, "message": message,
                               "lastUpdateTime": ctx.clock.timestamp()})
        csr.setdefault("status", {})["conditions"] = conditions
        try:
            ctx.api.update("certificatesigningrequests", csr, subresource="approval")
        except ApiError as e:
            if e.code == 409:
                continue
            raise
        break
    if output.kind:
        ctx.io.write(output.render(shown, lambda o: target.resource))
    else:
        ctx.io.write(f"certificatesigningrequest.certificates.k8s.io/{target.name} {wanted.lower()}\n")


COMMAND = Command("certificate", run_group, subcommands={
    "approve": Command("approve", runner("approve"), FLAGS),
    "deny": Command("deny", runner("deny"), FLAGS),
})
