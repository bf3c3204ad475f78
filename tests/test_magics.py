"""The notebook magics (%kubectl, %%kubectl, %%apply) in a real IPython shell, and the
`python -m engine` terminal, against the session's current cluster."""
import io
import subprocess
import sys

import pytest
from IPython.core.interactiveshell import InteractiveShell

import engine
from engine import Cluster
from engine.shell import main

POD = """apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx:1.14.2
"""


@pytest.fixture(scope="module")
def ip():
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "engine")
    return shell


def test_line_magic_runs_on_the_cluster_made_last(ip, capsys):
    Cluster(workers=1)
    c = Cluster(workers=1)
    assert engine.current() is c
    ip.run_line_magic("kubectl", "get nodes")
    assert capsys.readouterr().out == (
        "NAME            STATUS   ROLES           AGE   VERSION\n"
        "control-plane   Ready    control-plane   27s   v1.32.0\n"
        "worker-1        Ready    <none>          27s   v1.32.0\n")
    ip.run_line_magic("kubectl", "get pods")
    assert capsys.readouterr().err == "No resources found in default namespace.\n"


def test_cell_magics_apply_then_commands_with_sleep(ip, capsys):
    c = engine.use(Cluster(workers=1))
    ip.run_cell_magic("apply", "", POD)
    assert capsys.readouterr().out == "pod/web created\n"
    ip.run_cell_magic("kubectl", "", "# where is it?\nget pod web\n\nsleep 30\nkubectl get pod web -o jsonpath={.status.phase}\n")
    out = capsys.readouterr().out
    assert out == "NAME   READY   STATUS    RESTARTS   AGE\nweb    0/1     Pending   0          0s\nRunning"
    assert c.now == 27 + 30


def test_apply_magic_takes_flags_and_reports_errors(ip, capsys):
    engine.use(Cluster(workers=1))
    ip.run_cell_magic("apply", "--dry-run=server -o name", POD)
    assert capsys.readouterr().out == "pod/web\n"
    ip.run_cell_magic("apply", "", "kind: Pod\n")
    assert capsys.readouterr().err == "error: error validating \"STDIN\": error validating data: apiVersion not set; " \
                                      "if you choose to ignore these errors, turn validation off with --validate=false\n"


def test_sleep_lines_as_coreutils_reads_them(ip, capsys):
    c = engine.use(Cluster(workers=1, wait=False))
    ip.run_cell_magic("kubectl", "", "sleep 1m 30\nsleep 0.5\nsleep soon\nsleep\n")
    assert c.now == 90.5
    assert capsys.readouterr().err == "sleep: invalid time interval 'soon'\nsleep: missing operand\n"


def test_terminal_runs_typed_lines_and_never_the_host_shell():
    out, err = io.StringIO(), io.StringIO()
    script = "kubectl get ns kube-system -o name\nsleep 10\nrm -rf /\nkubectl get nope\nexit\nkubectl get ns\n"
    assert main(["--workers", "1"], stdin=io.StringIO(script), out=out, err=err) == 0
    assert out.getvalue() == "namespace/kube-system\n"
    assert err.getvalue() == 'bash: rm: command not found\nerror: the server doesn\'t have a resource type "nope"\n'
    assert engine.current().now == 37


def test_python_dash_m_engine_is_the_terminal():
    done = subprocess.run([sys.executable, "-m", "engine", "--workers", "0"], input="kubectl get nodes -o name\n",
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (0, "node/control-plane\n", "")
