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


def _secret(value, kind="Secret", field="data"):
    return f'apiVersion: v1\nkind: {kind}\nmetadata:\n  name: s\n{field}:\n  ok: aGVsbG8=\n  password: "{value}"\n'


@pytest.mark.parametrize("command", ["create -f -", "apply -f -", "create -f - --dry-run=server"])
def test_secret_data_that_is_not_base64_cannot_be_decoded(c, command):
    r = c.kubectl(command, stdin=_secret("hello world"))
    assert (r.stdout, r.stderr, r.exit_code) == ("", 'Error from server (BadRequest): error when creating "STDIN": Secret in '
                                                 'version "v1" cannot be handled as a Secret: illegal base64 data at input byte 5\n', 1)


# offsets checked against the real kubectl v1.32 decoding a kubeconfig's certificate-authority-data
@pytest.mark.parametrize("value,offset", [("QUE", 0), ("QUFBQ", 4), ("QQ=", 3), ("Q===", 1), ("QQ==x", 4),
                                          ("QU\\nE", 1), ("QUE=QUFB", 4), ("é", 0), ("not-base64!", 3)])
def test_the_offset_is_go_encoding_base64s(c, value, offset):
    r = c.kubectl("create -f -", stdin=_secret(value, "ConfigMap", "binaryData"))
    assert r.stderr == ('Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be '
                        f'handled as a ConfigMap: illegal base64 data at input byte {offset}\n')


@pytest.mark.parametrize("value,stored", [("QUFB\\r\\nQQ=\\n=", "QUFBQQ=="), ("QR==", "QQ=="), ("aGVsbG8=", "aGVsbG8=")])
def test_base64_is_stored_as_go_reencodes_it(c, value, stored):
    # newlines are skipped and padding bits ignored by Go's decoder; the bytes are encoded afresh
    r = c.kubectl("create -f - --dry-run=server -o jsonpath={.data.password}", stdin=_secret(value))
    assert (r.stdout, r.stderr) == (stored, "")



CS_WARNING = "Warning: v1 ComponentStatus is deprecated in v1.19+\n"


@pytest.mark.parametrize("command", ["get cs", "get componentstatuses"])
def test_componentstatuses_are_computed_and_deprecated(c, command):
    r = c.kubectl(command)
    assert (r.stdout, r.stderr, r.exit_code) == (
        "NAME                 STATUS    MESSAGE   ERROR\n"
        "scheduler            Healthy   ok        \n"
        "controller-manager   Healthy   ok        \n"
        "etcd-0               Healthy   ok        \n", CS_WARNING, 0)


def test_one_componentstatus(c):
    r = c.kubectl("get cs etcd-0 -o yaml")
    assert (r.stdout, r.stderr) == ("apiVersion: v1\nconditions:\n- message: ok\n  status: \"True\"\n  type: Healthy\n"
                                    "kind: ComponentStatus\nmetadata:\n  creationTimestamp: null\n  name: etcd-0\n", CS_WARNING)
    assert c.api.list("componentstatuses")["metadata"] == {}


def test_an_unknown_component_is_a_plain_error(c):
    r = c.kubectl("get cs kube-proxy")
    assert (r.stdout, r.stderr, r.exit_code) == ("", CS_WARNING + "Error from server: Component not found: kube-proxy\n", 1)


def test_componentstatuses_are_read_only(c):
    # no DELETE route: the 405 comes before the deprecated resource's handler could warn
    r = c.kubectl("delete cs scheduler")
    assert (r.stderr, r.exit_code) == (
        "Error from server (MethodNotAllowed): the server does not allow this method on the requested resource\n", 1)
