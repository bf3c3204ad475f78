"""kubectl apply view-last-applied: the last-applied-configuration annotation as YAML or JSON, kubectl's errors."""
from engine import Cluster

CM = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {color: blue}\n"


def test_view_last_applied():
    c = Cluster(workers=0, addons=False, wait=False)
    c.apply(CM)
    c.kubectl("create configmap plain --from-literal=a=b")
    assert c.kubectl("apply view-last-applied configmap settings").stdout == (
        "apiVersion: v1\ndata:\n  color: blue\nkind: ConfigMap\nmetadata:\n  annotations: {}\n  name: settings\n"
        "  namespace: default\n")
    assert c.kubectl("apply view-last-applied cm/settings -o json").stdout.startswith('{\n  "apiVersion": "v1",\n')
    missing = c.kubectl("apply view-last-applied configmap plain")
    assert (missing.stderr, missing.exit_code) == (
        "error: no last-applied-configuration annotation found on resource: plain\n", 1)
    bad = c.kubectl("apply view-last-applied cm settings -o wide")
    assert bad.stderr == ("error: Unexpected -o output mode: wide, the flag 'output' must be one of yaml|json\n"
                          "See 'kubectl apply view-last-applied -h' for help and examples\n")
    assert c.kubectl("apply view-last-applied --help").stdout.startswith(
        "View the latest last-applied-configuration annotations by type/name or file.")
