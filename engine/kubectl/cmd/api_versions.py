"""`kubectl api-versions`: every served group/version (aggregated ones included), one per line, sorted."""
from ...api import discovery
from ..errors import UsageError
from . import Command


def run(ctx):
    if ctx.args:
        raise UsageError(f"unexpected arguments: [{' '.join(ctx.args)}]\nSee '{ctx.path} -h' for help and examples")
    versions = {f"{g}/{v}" if g else v for g, v in discovery.group_versions(ctx.api.registry)}
    versions |= set(discovery.aggregated(ctx.api))
    ctx.io.write("".join(v + "\n" for v in sorted(versions)))
    return 0


COMMAND = Command("api-versions", run, [])
