"""What the rollout view shows, as plain data: a Deployment's ReplicaSets over virtual time (each one's
spec replicas, ready and available pods, sampled at every change the watch delivers) and the bounds the
RollingUpdate strategy keeps: at least replicas - maxUnavailable available, at most replicas + maxSurge pods."""
import math
from dataclasses import dataclass, field


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


def scaled(value, total, round_up):
    """intstr.GetScaledValueFromIntOrPercent, as the deployment controller resolves maxSurge/maxUnavailable."""
    if isinstance(value, str) and value.endswith("%"):
        amount = int(value[:-1]) * total / 100
        return math.ceil(amount) if round_up else math.floor(amount)
    return int(value)


def bounds(deployment):
    spec = deployment.get("spec") or {}
    replicas = spec.get("replicas", 1)
    strategy = spec.get("strategy") or {}
    if strategy.get("type", "RollingUpdate") != "RollingUpdate":
        return replicas, "Recreate", 0, replicas
    rolling = strategy.get("rollingUpdate") or {}
    surge = scaled(rolling.get("maxSurge", "25%"), replicas, True)
    unavailable = scaled(rolling.get("maxUnavailable", "25%"), replicas, False)
    if surge == 0 and unavailable == 0:
        unavailable = 1
    return replicas, "RollingUpdate", replicas - unavailable, replicas + surge
