"""What the rollout view shows, as plain data: a Deployment's ReplicaSets over virtual time (each one's
spec replicas, ready and available pods, sampled at every change the watch delivers) and the bounds the
RollingUpdate strategy keeps: at least replicas - maxUnavailable available, at most replicas + maxSurge pods."""
from dataclasses import dataclass, field

from ..controllers.deployment.util import is_rolling, resolve_fenceposts


@dataclass
class Series:
    name: str               # the ReplicaSet
    revision: str
    points: list = field(default_factory=list)  # (time, desired, ready, available)


@dataclass(frozen=True)
class RolloutModel:
    deployment: str
    replicas: int
    strategy: str           # RollingUpdate or Recreate
    min_available: int      # replicas - maxUnavailable (RollingUpdate)
    max_pods: int           # replicas + maxSurge (RollingUpdate)
    start: float
    end: float
    series: tuple           # Series, oldest ReplicaSet first
    totals: tuple           # (time, all pods desired, all available) across ReplicaSets


def bounds(deployment):
    """(replicas, strategy, replicas - maxUnavailable, replicas + maxSurge) as the controller resolves them."""
    replicas = (deployment.get("spec") or {}).get("replicas", 1)
    if not is_rolling(deployment):
        return replicas, "Recreate", 0, replicas
    surge, unavailable = resolve_fenceposts(deployment)
    return replicas, "RollingUpdate", replicas - unavailable, replicas + surge
