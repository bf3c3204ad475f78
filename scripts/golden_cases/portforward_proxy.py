"""Golden cases for kubectl port-forward and kubectl proxy: the usage and flag errors the real kubectl v1.32
gives before it needs a server, and both commands' --help texts."""

CASES = [
    ("portforward-no-args", "port-forward", {}, None),
    ("portforward-one-arg", "port-forward pod/web", {}, None),
    ("portforward-bad-timeout", "port-forward web 8080:80 --pod-running-timeout=soon", {}, None),
    ("portforward-unknown-flag", "port-forward web 8080:80 --frobnicate", {}, None),
    ("proxy-bad-port", "proxy --port=http", {}, None),
    ("proxy-bad-keepalive", "proxy --keepalive=forever", {}, None),
    ("proxy-unix-socket-and-port", "proxy --unix-socket=/tmp/kubectl.sock --port=8002", {}, None),
    ("proxy-unix-socket-port-no-filter", "proxy --disable-filter --unix-socket=/tmp/k.sock -p 9001", {}, None),
    ("proxy-unknown-flag", "proxy --frobnicate", {}, None),
]
HELP = ["port-forward", "proxy"]
