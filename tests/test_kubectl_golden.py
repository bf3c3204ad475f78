"""The simulated kubectl against golden outputs recorded from the real kubectl v1.32.

The golden files in tests/golden/ are written by `python scripts/record_golden.py` (needs the real
kubectl v1.32 on PATH, no cluster); re-record after adding a case there, then run these tests."""
import glob
import json
import os
import re

import pytest

from engine import Cluster
from engine.kubectl.printers import yaml as yaml_printer

GOLDEN = os.path.join(os.path.dirname(__file__), "golden")
KLOG = re.compile(r"^([EWI])\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ ", re.M)


def load(name):
    with open(os.path.join(GOLDEN, name + ".json")) as f:
        return json.load(f)


def command_cases():
    names = sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(GOLDEN, "*.json")))
    return [n for n in names if not n.startswith("yaml-dumper-")]


@pytest.mark.parametrize("name", command_cases())
def test_command_matches_real_kubectl(name, tmp_path, monkeypatch):
    case = load(name)
    for path, text in case["files"].items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    monkeypatch.chdir(tmp_path)
    c = Cluster(wait=False)  # every case is a dry run or an error: the t=0 cluster answers as well
    revision = c.store.revision
    result = c.kubectl(case["args"], stdin=case["stdin"])
    assert result.stdout == case["stdout"]
    assert KLOG.sub(r"\1MMDD HH:MM:SS.UUUUUU PID ", result.stderr) == case["stderr"]
    assert result.exit_code == case["exit_code"]
    assert c.store.revision == revision  # every golden case is a dry run or an error


def dumper_cases():
    return sorted(os.path.basename(p)[len("yaml-dumper-"):-len("-yaml.json")]
                  for p in glob.glob(os.path.join(GOLDEN, "yaml-dumper-*-yaml.json")))


@pytest.mark.parametrize("name", dumper_cases())
def test_yaml_printer_matches_kubectl(name):
    """kubectl printed the same typed object as JSON and as YAML; our YAML of its JSON must match."""
    as_json = json.loads(load(f"yaml-dumper-{name}-json")["stdout"])
    assert yaml_printer.dumps(as_json) == load(f"yaml-dumper-{name}-yaml")["stdout"]


def test_golden_files_exist():
    assert len(command_cases()) >= 50
    assert len(dumper_cases()) >= 8
