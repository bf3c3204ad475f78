"""The class run's processes: the grading server (autograder/server.py), from which the kernels of `python -m
autograder autograde` fork their grading runs with the same grades and time limits, and the kernel server
(autograder/kernels.py), which forks each notebook a kernel of its own."""
import multiprocessing
import os

import pytest

from autograder import grade, server

WEB_POD = "apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: web}}\nspec:\n  containers: [{name: web, image: nginx:1.27}]\n"
SPEC = {"kind": "manifest", "settle": 10, "checks": [
    {"check": "pod_count", "args": {"selector": {"app": "web"}, "count": 1}, "points": 2},
    {"check": "pod_running", "args": {"name": "web", "image": "nginx:1.26"}}]}


def test_runs_on_the_server_grade_as_runs_in_the_kernel():
    alone = grade(WEB_POD, SPEC)
    assert server.ENV not in os.environ
    with server.running():
        path, key = os.environ[server.ENV].rsplit(":", 1)
        assert os.path.exists(path) and len(key) == 64
        served = grade(WEB_POD, SPEC)
        blank = grade("", SPEC)
    assert server.ENV not in os.environ and not os.path.exists(path)
    assert (served.points, served.max_points, served.feedback) == (alone.points, alone.max_points, alone.feedback)
    assert (served.points, served.max_points, served.feedback) == (2, 3, ["pod web runs the image nginx:1.27, not nginx:1.26"])
    assert blank.points == 0


def test_a_run_past_its_time_is_stopped_and_the_server_keeps_serving():
    spec = {"kind": "commands", "settle": 0, "checks": [{"check": "pod_count", "args": {"selector": {"run": "x"}, "count": 1}}]}
    with server.running():
        stopped = grade("sleep 10", spec, timeout=0.01)
        after = grade("kubectl run x --image=busybox -- sleep 3600", spec)
    assert (stopped.points, stopped.feedback) == (0, [
        "grading stopped: your answer ran for more than 0.01 s of real time, so this exercise scores zero"])
    assert (after.points, after.feedback) == (1, [])


def test_a_client_without_the_key_is_refused():
    with server.running():
        path, key = os.environ[server.ENV].rsplit(":", 1)
        os.environ[server.ENV] = f"{path}:{'00' * 32}"
        try:
            with pytest.raises(multiprocessing.AuthenticationError):
                server.request(SPEC, WEB_POD)
        finally:
            os.environ[server.ENV] = f"{path}:{key}"
        assert grade(WEB_POD, SPEC).points == 2


def test_a_kernel_told_of_the_server_starts_no_fork_server_of_its_own():
    import subprocess
    import sys
    code = ("import multiprocessing.forkserver as f, tests.test_grading_server as t\n"
            "from autograder import grade, server\n"
            "with server.running():\n"
            "    result = grade(t.WEB_POD, t.SPEC)\n"
            "print(result.points, f._forkserver._forkserver_pid)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert (done.stdout, done.returncode) == ("2 None\n", 0), done.stderr


def _output(client, code):
    out = []
    reply = client.execute_interactive(code, timeout=60, output_hook=lambda m: out.append(m["content"].get("text", "")))
    return reply["content"]["status"], "".join(out)


def test_each_forked_kernel_is_its_own_fresh_process_in_the_clients_folder(tmp_path, monkeypatch):
    from jupyter_client.manager import start_new_kernel
    from autograder import kernels
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COURSE_MARK", "seen")
    before = os.environ.get("JUPYTER_PATH")
    with kernels.running() as name:
        assert name == "k8s-course-grading" and os.environ["JUPYTER_PATH"] != before
        first, first_client = start_new_kernel(kernel_name=name)
        second, second_client = start_new_kernel(kernel_name=name)
        try:
            assert _output(first_client, "secret = 42; import os; print(os.getcwd(), os.environ['COURSE_MARK'])") == (
                "ok", f"{tmp_path} seen\n")
            assert _output(second_client, "print('secret' in globals())") == ("ok", "False\n")
            assert _output(first_client, "import os; print(os.getpid())")[1] != \
                _output(second_client, "import os; print(os.getpid())")[1]
            first_client.execute("print('sleeping', flush=True); import time; time.sleep(60)")
            while "sleeping" not in first_client.get_iopub_msg(timeout=30)["content"].get("text", ""):
                pass  # (a SIGINT before the cell runs is ignored by ipykernel, as in any kernel)
            first.interrupt_kernel()
            reply = first_client.get_shell_msg(timeout=30)
            assert (reply["content"]["status"], reply["content"]["ename"]) == ("error", "KeyboardInterrupt")
        finally:
            first.shutdown_kernel(now=False)
            second.shutdown_kernel(now=False)
        assert not first.is_alive() and not second.is_alive()
    assert os.environ.get("JUPYTER_PATH") == before
