"""The grading server of a class run: one clean process that imported the engine forks each grading run
the kernels of `python -m autograder autograde` ask for, so no kernel starts a fork server of its own.

The CLI starts it (`running()`) and names it to the kernels in AUTOGRADER_SERVER (a Unix socket path and a
key); autograder.grading uses it when that is set and its own fork server otherwise."""
import contextlib
import os
import secrets
import socket
import tempfile
from multiprocessing.connection import Connection, answer_challenge, deliver_challenge

from . import forking

ENV = "AUTOGRADER_SERVER"
SERVE = "import sys; from autograder.server import serve; serve(sys.argv[1], bytes.fromhex(sys.argv[2]), int(sys.argv[3]))"


def serve(path, key, stop_fd):
    """Accept grading requests on `path` until `stop_fd` (the CLI's end of a pipe) closes; fork one run per request."""
    from . import worker  # the engine, imported once before any run
    forking.serve(path, stop_fd, lambda connection: _run(worker, Connection(connection.detach()), key))


def _run(worker, conn, key):
    """In the forked run: authenticate the kernel, tell it this run's pid (to kill on a timeout), grade."""
    deliver_challenge(conn, key)
    answer_challenge(conn, key)
    conn.send(os.getpid())
    spec, answer = conn.recv()
    worker.run_and_send(spec, answer, conn)


def request(spec, answer):
    """Start a grading run on the server named in AUTOGRADER_SERVER: (connection, the run's pid)."""
    path, key = os.environ[ENV].rsplit(":", 1)
    sock = socket.socket(socket.AF_UNIX)
    sock.connect(path)
    conn = Connection(sock.detach())
    answer_challenge(conn, bytes.fromhex(key))
    deliver_challenge(conn, bytes.fromhex(key))
    pid = conn.recv()
    conn.send((spec, answer))
    return conn, pid


@contextlib.contextmanager
def running():
    """A grading server for the duration of the block, named in this process's environment (so nbgrader's
    kernels inherit it); it stops when the block ends or this process dies."""
    key = secrets.token_bytes(32)
    with tempfile.TemporaryDirectory(prefix="autograder-") as folder:
        path = os.path.join(folder, "grading.sock")
        with forking.started(SERVE, [path, key.hex()], "grading server"), forking.environment(ENV, f"{path}:{key.hex()}"):
            yield
