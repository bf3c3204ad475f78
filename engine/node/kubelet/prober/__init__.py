"""The kubelet's prober: one worker per (container, probe type) ticking every periodSeconds, the
exec/httpGet/tcpSocket/grpc checks and their results (readiness, liveness restarts, startup gating)."""
from .manager import ProbeManager

__all__ = ["ProbeManager"]
