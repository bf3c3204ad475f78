"""Integers outside an int32 or int64 field's range are refused as Go's JSON decoder refuses them."""
import pytest

from engine import Cluster
from engine.api.errors import ApiError


def pod(name, grace=None, port=80):
    spec = {"containers": [{"name": "a", "image": "nginx", "ports": [{"containerPort": port}]}]}
    if grace is not None:
        spec["terminationGracePeriodSeconds"] = grace
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": spec}


@pytest.fixture(scope="module")
def c():
    return Cluster(workers=0, addons=False, wait=False)


@pytest.mark.parametrize("grace", [2 ** 63, -2 ** 63 - 1, 2 ** 70])
def test_int64_overflow(c, grace):
    with pytest.raises(ApiError) as info:
        c.api.create("pods", pod("p", grace=grace), "default")
    assert (info.value.code, info.value.message) == (400, (
        'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number '
        f'{grace} into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64'))


def test_int32_overflow(c):
    with pytest.raises(ApiError) as info:
        c.api.create("pods", pod("q", port=2 ** 31), "default")
    assert info.value.message.endswith("json: cannot unmarshal number 2147483648 into Go struct field "
                                       "ContainerPort.spec.containers.ports.containerPort of type int32")


def test_extremes_fit(c):
    assert c.api.create("pods", pod("r", grace=2 ** 63 - 1), "default")["spec"]["terminationGracePeriodSeconds"] == 2 ** 63 - 1


def test_kubectl_apply_reports_it(c, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec:\n  terminationGracePeriodSeconds: "
                    "1180591620717411303424\n  containers: [{name: a, image: nginx}]\n")
    result = c.kubectl(f"create -f {path}")
    assert result.exit_code == 1
    assert result.stderr == ('Error from server (BadRequest): error when creating "' + str(path) + '": Pod in version "v1" '
                             'cannot be handled as a Pod: json: cannot unmarshal number 1180591620717411303424 into Go '
                             'struct field PodSpec.spec.terminationGracePeriodSeconds of type int64\n')
