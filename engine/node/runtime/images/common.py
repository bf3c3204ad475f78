"""Helpers image behaviours share: log time formats, a server main loop that waits for signals,
and HTTP date headers."""
from ..process import Signal, WaitForever


def go_log_time(ctx):
    """Go's log package prefix: 2025/01/01 00:00:00"""
    return ctx.clock.datetime().strftime("%Y/%m/%d %H:%M:%S")


def clf_time(ctx):
    """Common Log Format time: 01/Jan/2025:00:00:05 +0000"""
    return ctx.clock.datetime().strftime("%d/%b/%Y:%H:%M:%S +0000")


def http_date(ctx, at=None):
    return ctx.clock.datetime(at).strftime("%a, %d %b %Y %H:%M:%S GMT")


def wait_for_signal(*names):
    """Block until one of `names` arrives (the program must have called ctx.handle for them); return it."""
    while True:
        try:
            yield WaitForever()
        except Signal as sig:
            if not names or sig.name in names:
                return sig.name


def cpus(ctx):
    return getattr(ctx.container, "cpus", 4) if ctx.container is not None else 4


def pod_ip(ctx):
    return getattr(ctx.container, "pod_ip", "") or "127.0.0.1"
