"""engine.viz: ipywidgets views of the cluster that only read the API server and redraw.

Each view has a pure model (what would be drawn, plain data) and a widget; all render as static HTML too."""
from .cluster_map import ClusterMap
from .etcd_view import EtcdView
from .event_stream import EventStream
from .manifest_editor import ManifestEditor
from .probe_timeline import ProbeTimeline
from .trace_view import NetworkTraceView
from .rollout_view import RolloutView
from .scheduler_view import SchedulerView
from .time_controls import TimeControls

__all__ = ["ClusterMap", "EtcdView", "EventStream", "ManifestEditor", "NetworkTraceView", "ProbeTimeline", "RolloutView", "SchedulerView", "TimeControls"]
