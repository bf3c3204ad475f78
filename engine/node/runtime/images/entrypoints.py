"""Entrypoint scripts several images share: exec the arguments (docker-entrypoint.sh of redis) and
curlimages/curl's (prepend `curl` when the first argument is an option or not a command)."""
from ..context import NotFound, program, resolve


def exec_command(ctx, args):
    if not args:
        return 0
    try:
        _, func = resolve(ctx, args[0])
    except NotFound:
        ctx.err(f"/usr/local/bin/docker-entrypoint.sh: line 1: exec: {args[0]}: not found\n")
        return 127
    return (yield from func(ctx, args))


@program("exec-args")
def exec_args(ctx, argv):
    """An entrypoint that just execs its arguments (redis's docker-entrypoint.sh, for our purposes)."""
    return (yield from exec_command(ctx, argv[1:]))


@program("curl-entrypoint")
def curl_entrypoint(ctx, argv):
    args = argv[1:]
    if not args or args[0].startswith("-"):
        args = ["curl"] + args
    else:
        try:
            resolve(ctx, args[0])
        except NotFound:
            args = ["curl"] + args
    return (yield from exec_command(ctx, args))
