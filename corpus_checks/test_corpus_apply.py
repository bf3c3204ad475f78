"""Every corpus manifest through `kubectl apply --dry-run=server -f` on a fresh cluster: what a
v1.32 cluster accepts is accepted, the rest is rejected with the real error (expected_rejections.yaml),
and kubectl's own parsing agrees with the real kubectl's, recorded in kubectl_parse.json."""
import json
from pathlib import Path

import pytest
import yaml

from engine import Cluster

from conftest import CORPUS, manifest_files

HERE = Path(__file__).resolve().parent
EXPECTED = yaml.safe_load((HERE / "expected_rejections.yaml").read_text())
RECORDED_PARSE = json.loads((HERE / "kubectl_parse.json").read_text())


def namespaces_of(path):
    """Namespaces the documents name (created first, as the corpus README asks)."""
    try:
        docs = list(yaml.safe_load_all((CORPUS / path).read_text()))
    except yaml.YAMLError:
        return []
    return sorted({d["metadata"]["namespace"] for d in docs if isinstance(d, dict)
                   and isinstance(d.get("metadata"), dict) and isinstance(d["metadata"].get("namespace"), str)})


@pytest.mark.parametrize("path", manifest_files())
def test_apply_dry_run_server(path):
    c = Cluster(workers=1)
    for ns in namespaces_of(path):
        c.kubectl(["create", "namespace", ns])
    before = c.store.revision
    r = c.kubectl(["apply", "--dry-run=server", "-f", path])
    assert c.store.revision == before, "a server dry run wrote to etcd"
    if path in EXPECTED:
        assert (r.exit_code, r.stderr) == (1, EXPECTED[path])
    else:
        # a valid manifest may still draw the API server's warnings (deprecated volume types, ...), as on a real cluster
        errors = [line for line in r.stderr.splitlines() if not line.startswith("Warning: ")]
        assert (r.exit_code, errors) == (0, [])


PARSE_ERRORS = ("error parsing", "unable to decode", "no objects passed")


@pytest.mark.parametrize("path", manifest_files())
def test_client_side_parsing_matches_real_kubectl(path):
    """Parse errors only: past parsing, the real kubectl needed a server the recording had not."""
    r = Cluster(workers=1).kubectl(["create", "-f", path, "--dry-run=client", "--validate=false", "-o", "name"])
    ours = r.stderr.rstrip("\n") if any(p in r.stderr for p in PARSE_ERRORS) else None
    assert ours == RECORDED_PARSE[path]
