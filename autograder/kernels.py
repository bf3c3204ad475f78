"""Kernels for a class run, forked from one process that has imported ipykernel and the engine: every notebook
nbgrader executes still gets a kernel of its own that never ran anything else, without Python's start-up.

The CLI installs a kernel spec (KERNEL_NAME) whose process is a small client: it asks the kernel server to fork
a kernel on the notebook's connection file, forwards interrupts to it and ends when it ends."""
import contextlib
import json
import os
import random
import signal
import socket
import sys
import tempfile
import threading

from . import forking

KERNEL_NAME = "k8s-course-grading"
SERVE = "import sys; from autograder.kernels import serve; serve(sys.argv[1], int(sys.argv[2]))"
# the kernel spec's process: its stdin/out/err and a request, then SIGINT forwarded as b"I", the kernel's end read
# as EOF
CLIENT = """\
import json, os, signal, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
socket.send_fds(s, [b"F"], [0, 1, 2])
s.sendall(json.dumps({"connection_file": sys.argv[2], "cwd": os.getcwd(), "env": dict(os.environ)}).encode() + b"\\n")
signal.signal(signal.SIGINT, lambda *_: s.send(b"I"))
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
while s.recv(1):
    pass
"""


def serve(path, stop_fd):
    """Fork a kernel for each request on `path` until `stop_fd` (the CLI's end of a pipe) closes."""
    import ipykernel.kernelapp  # noqa: F401 (imported once, before any fork)
    from . import grading, worker  # noqa: F401 (the engine, which the notebooks' %load_ext autograder needs)
    forking.serve(path, stop_fd, _kernel)


def _kernel(connection):
    """In the forked kernel: take the client's stdio, folder and environment, follow its signals, run ipykernel."""
    _, fds, _, _ = socket.recv_fds(connection, 1, 3)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    request = json.loads(connection.makefile("rb").readline())
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    random.seed()  # not the state every sibling kernel inherited
    threading.Thread(target=_follow, args=(connection,), daemon=True).start()
    from ipykernel.kernelapp import IPKernelApp
    # parent_handle as jupyter_client's JPY_PARENT_PID would have set it: no banner, and it ends with its parent
    IPKernelApp.launch_instance(argv=["-f", request["connection_file"], f"--IPKernelApp.parent_handle={os.getppid()}"])


def _follow(connection):
    """The client's b"I" interrupts the kernel; the client gone (killed, shut down) ends it."""
    while True:
        data = connection.recv(1)
        if not data:
            os._exit(0)
        os.kill(os.getpid(), signal.SIGINT)


@contextlib.contextmanager
def running():
    """A kernel server and the kernel spec KERNEL_NAME that uses it, on this process's JUPYTER_PATH (so
    nbgrader in the CLI's workers finds it), for the duration of the block."""
    with tempfile.TemporaryDirectory(prefix="autograder-kernels-") as folder:
        path = os.path.join(folder, "kernels.sock")
        spec = os.path.join(folder, "kernels", KERNEL_NAME)
        os.makedirs(spec)
        with open(os.path.join(spec, "kernel.json"), "w", encoding="utf-8") as out:
            json.dump({"argv": [sys.executable, "-I", "-S", "-c", CLIENT, path, "{connection_file}"],
                       "display_name": "Python 3 (course grading)", "language": "python",
                       "interrupt_mode": "signal"}, out)
        jupyter_path = os.pathsep.join(p for p in (folder, os.environ.get("JUPYTER_PATH")) if p)
        with forking.started(SERVE, [path], "kernel server"), forking.environment("JUPYTER_PATH", jupyter_path):
            yield KERNEL_NAME
