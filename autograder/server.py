"""The grading server of a class run: one clean process that imported the engine forks each grading run
the kernels of `python -m autograder autograde` ask for, so no kernel starts a fork server of its own.

The CLI starts it (`running()`) and names it to the kernels in AUTOGRADER_SERVER (a Unix socket path and a
key); autograder.grading uses it when that is set and its own fork server otherwise."""
import contextlib
import os
import secrets
import select
import socket
import subprocess
import sys
import tempfile
from multiprocessing.connection import Connection, answer_challenge, deliver_challenge

ENV = "AUTOGRADER_SERVER"
SERVE = "import sys; from autograder.server import serve; serve(sys.argv[1], bytes.fromhex(sys.argv[2]), int(sys.argv[3]))"
PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def serve(path, key, stop_fd):
    """Accept grading requests on `path` until `stop_fd` (the CLI's end of a pipe) closes; fork one run per request."""
    from . import worker  # the engine, imported once before any run
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(path)
    listener.listen(64)
    os.write(1, b"ready\n")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # nobody reads the pipe after this line
    while True:
        ready, _, _ = select.select([listener, stop_fd], [], [], 1.0)
        _reap()  # (so the runs' CPU time counts in this process's children, and the CLI's)
        if stop_fd in ready:
            _reap(block=True)
            return
        if listener in ready:
            connection, _ = listener.accept()
            if os.fork() == 0:
                listener.close()
                _run(worker, Connection(connection.detach()), key)
            connection.close()


def _reap(block=False):
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, 0 if block else os.WNOHANG)[0]:
            pass


def _run(worker, conn, key):
    """In the forked run: authenticate the kernel, tell it this run's pid (to kill on a timeout), grade."""
    try:
        deliver_challenge(conn, key)
        answer_challenge(conn, key)
        conn.send(os.getpid())
        spec, answer = conn.recv()
        worker.run_and_send(spec, answer, conn)
    finally:
        os._exit(0)


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
        stop_read, stop_write = os.pipe()
        process = subprocess.Popen([sys.executable, "-c", SERVE, path, key.hex(), str(stop_read)], cwd=PACKAGE_PARENT,
                                   pass_fds=(stop_read,), stdout=subprocess.PIPE)
        os.close(stop_read)
        before = os.environ.get(ENV)
        try:
            if process.stdout.readline() != b"ready\n":
                raise RuntimeError("the grading server did not start")
            os.environ[ENV] = f"{path}:{key.hex()}"
            yield
        finally:
            if before is None:
                os.environ.pop(ENV, None)
            else:
                os.environ[ENV] = before
            os.close(stop_write)
            process.wait()
            process.stdout.close()

