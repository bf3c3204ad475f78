"""kube-scheduler: a scheduling queue, filter and score plugins in the framework's shape, binding
through the API, FailedScheduling events and the per-node reasons behind every decision."""
from .scheduler import DEFAULT_SCHEDULER, Scheduler

__all__ = ["Scheduler", "DEFAULT_SCHEDULER"]
