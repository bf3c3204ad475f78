"""API fidelity fixes: creating with a resourceVersion set, Secrets with bad base64, ComponentStatus.

Wording from the apiserver's etcd3 store, Go's encoding/base64 and the componentstatus REST storage."""
import pytest

from engine.cluster import Cluster

EXPORTED = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  resourceVersion: "123"\ndata:\n  a: b\n'


@pytest.fixture(scope="module")
def c():
    return Cluster(workers=1)


@pytest.mark.parametrize("command", ["create -f -", "apply -f -"])
def test_create_with_resource_version_is_refused_by_the_store(c, command):
    # etcd3 store Create returns a plain error: ErrorToAPIStatus makes it a 500 without a reason
    r = c.kubectl(command, stdin=EXPORTED)
    assert (r.stdout, r.stderr, r.exit_code) == (
        "", 'Error from server: error when creating "STDIN": resourceVersion should not be set on objects to be created\n', 1)
    assert c.kubectl("get configmap cm").exit_code == 1


def test_server_dry_run_never_reaches_the_store(c):
    r = c.kubectl("create -f - --dry-run=server", stdin=EXPORTED)
    assert (r.stdout, r.exit_code) == ("configmap/cm created (server dry run)\n", 0)


@pytest.mark.parametrize("version", ["0", "", "-1", "abc"])
def test_versions_that_parse_as_zero_or_not_at_all_are_ignored(c, version):
    r = c.kubectl("create -f -", stdin=EXPORTED.replace('"123"', f'"{version}"'))
    assert (r.stdout, r.exit_code) == ("configmap/cm created\n", 0)
    c.kubectl("delete configmap cm")
