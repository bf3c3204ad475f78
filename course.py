#!/usr/bin/env python3
"""Set up and run the course: `python3 course.py start` opens JupyterLab, `python3 course.py test`
runs the test suite. Both create (or reuse) the virtual environment `.venv` and install the project."""
import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")

DOT_HELP = """\
note: Graphviz's `dot` was not found; diagrams will say so and everything else works.
      Install it with one of:
        Debian/Ubuntu: sudo apt-get install graphviz
        conda:         conda install -c conda-forge graphviz
        macOS:         brew install graphviz"""


def _requirements_hash():
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_venv():
    """Create .venv if needed and (re)install the project when pyproject.toml changed."""
    if sys.version_info < (3, 10):
        sys.exit("The course needs Python 3.10 or newer.")
    if not PYTHON.exists():
        print("Creating the virtual environment .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    want = _requirements_hash()
    if not STAMP.exists() or STAMP.read_text() != want:
        print("Installing the course and its packages into .venv ...", flush=True)
        subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
        subprocess.run([str(PYTHON), "-m", "pip", "install", "-q", "-e", f"{ROOT}[test]"], check=True)
        STAMP.write_text(want)
    if shutil.which("dot") is None:
        print(DOT_HELP, flush=True)


def venv_env():
    """The environment for child processes: the venv's bin first on PATH (nbgrader runs alembic)."""
    env = dict(os.environ)
    env["PATH"] = str(BIN) + os.pathsep + env.get("PATH", "")
    env["VIRTUAL_ENV"] = str(VENV)
    env.pop("PYTHONHOME", None)
    return env


def main(argv):
    command = argv[0] if argv else "help"
    if command not in ("start", "test"):
        print(__doc__)
        print("usage: python3 course.py start [jupyter-lab options]\n       python3 course.py test [pytest options]")
        return 0 if command in ("help", "-h", "--help") else 2
    ensure_venv()
    if command == "start":
        # the whole project is reachable (exercises/ too); the browser opens on the lessons
        args = [str(PYTHON), "-m", "jupyter", "lab", "--notebook-dir", str(ROOT),
                "--LabApp.default_url=/lab/tree/course", *argv[1:]]
    else:
        args = [str(PYTHON), "-m", "pytest", *argv[1:]]
    return subprocess.run(args, cwd=ROOT, env=venv_env()).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
