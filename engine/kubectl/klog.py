"""klog lines as kubectl writes them to stderr (`W0101 00:00:00.000000       1 helpers.go:702] ...`),
stamped with the cluster's virtual time and a fixed pid so output stays deterministic."""
from datetime import timedelta

PID = 1


def line(clock, severity, location, message):
    moment = clock.epoch + timedelta(seconds=clock.now)
    return f"{severity}{moment.strftime('%m%d %H:%M:%S.%f')} {PID:7d} {location}] {message}\n"
