"""`kubectl uncordon`: clears a node's spec.unschedulable (shares cordon.py, as kubectl's drain
package serves cordon, uncordon and drain)."""
from .cordon import UNCORDON as COMMAND

__all__ = ["COMMAND"]
