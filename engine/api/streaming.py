"""pods/exec and pods/attach over an upgraded connection (SPDY or WebSocket in Kubernetes): kubectl in a
terminal passes a `Stream` as stdin and gets the kubelet's live session back instead of collected output."""


class Stream:
    """The client's half of the connection: its stdin stays open and output arrives as it is written;
    `tty` asks the kubelet for a terminal (stderr then goes over stdout)."""

    def __init__(self, tty=False):
        self.tty = tty
