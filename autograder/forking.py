"""The fork servers of a class run (the grading server and the kernel server): a process that imported what its
children need once, then forks one child per connection on a Unix socket until the CLI closes its stop pipe."""
import contextlib
import os
import select
import socket
import subprocess
import sys

PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def serve(path, stop_fd, child):
    """Fork `child(connection)` for each connection on `path` until `stop_fd` closes; wait for the children then."""
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(path)
    listener.listen(64)
    os.write(1, b"ready\n")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # nobody reads the pipe after this line
    while True:
        ready, _, _ = select.select([listener, stop_fd], [], [], 1.0)
        reap()  # (so the children's CPU time counts in this process's children, and the CLI's)
        if stop_fd in ready:
            reap(block=True)
            return
        if listener in ready:
            connection, _ = listener.accept()
            if os.fork() == 0:
                listener.close()
                os.close(stop_fd)
                try:
                    child(connection)
                finally:
                    os._exit(0)
            connection.close()


def reap(block=False):
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, 0 if block else os.WNOHANG)[0]:
            pass


@contextlib.contextmanager
def started(script, args, what):
    """`python -c script *args STOP_FD` for the duration of the block, once it has printed "ready"; the end of
    the block (or of this process) closes its stop pipe and waits for it."""
    stop_read, stop_write = os.pipe()
    process = subprocess.Popen([sys.executable, "-c", script, *args, str(stop_read)], cwd=PACKAGE_PARENT,
                               pass_fds=(stop_read,), stdout=subprocess.PIPE)
    os.close(stop_read)
    try:
        if process.stdout.readline() != b"ready\n":
            raise RuntimeError(f"the {what} did not start")
        yield
    finally:
        os.close(stop_write)
        process.wait()
        process.stdout.close()


@contextlib.contextmanager
def environment(name, value):
    """os.environ[name] = value for the duration of the block (so nbgrader's kernels inherit it)."""
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before
