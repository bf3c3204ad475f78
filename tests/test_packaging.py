"""The set-up files agree: environment.yml asks conda for what pyproject.toml asks pip for."""
import re
from pathlib import Path

import yaml

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
# pip name -> conda-forge name, where they differ
CONDA_NAMES = {"graphviz": "python-graphviz"}


def _split(requirement):
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    return m.group(1).lower(), m.group(2).replace(" ", "")


def pip_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(_split(r) for r in reqs if ";" not in r)


def conda_requirements():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    return dict(_split(d) for d in env["dependencies"] if isinstance(d, str))


def test_environment_yml_matches_pyproject():
    conda = conda_requirements()
    for name, spec in pip_requirements().items():
        conda_name = CONDA_NAMES.get(name, name)
        assert conda_name in conda, f"{conda_name} is in pyproject.toml but not in environment.yml"
        assert conda[conda_name] == spec, f"{name}: pyproject.toml says {spec!r}, environment.yml {conda[conda_name]!r}"
    extra = set(conda) - {CONDA_NAMES.get(n, n) for n in pip_requirements()} - {"python", "pip", "graphviz"}
    assert not extra, f"environment.yml has packages pyproject.toml lacks: {sorted(extra)}"


def test_environment_yml_brings_graphviz_itself_and_python():
    conda = conda_requirements()
    assert "graphviz" in conda and conda["python"] == ">=3.10"


def test_layout_of_the_design_card_exists():
    for name in ["README.md", "environment.yml", "pyproject.toml", "engine", "course", "solutions", "exercises",
                 "autograder", "tests", "benchmarks"]:
        assert (ROOT / name).exists(), name


def test_course_py_explains_its_two_commands():
    import subprocess
    import sys
    ok = subprocess.run([sys.executable, str(ROOT / "course.py"), "help"], capture_output=True, text=True)
    assert ok.returncode == 0 and "python3 course.py start" in ok.stdout and "python3 course.py test" in ok.stdout
    bad = subprocess.run([sys.executable, str(ROOT / "course.py"), "bogus"], capture_output=True, text=True)
    assert bad.returncode == 2


def test_readme_gives_the_two_commands_course_py_runs():
    readme = (ROOT / "README.md").read_text()
    assert "`python3 course.py start`" in readme and "`python3 course.py test`" in readme
    assert "bash .ci/run" in readme or ".ci/run" in readme
