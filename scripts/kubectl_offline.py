"""Run the real kubectl v1.32 without a cluster, for recording its output: writes a discovery
cache (from the engine's registry) where `kubectl --cache-dir=DIR` finds it, so generators such as
`kubectl run ... --dry-run=client -o yaml` and `kubectl api-resources --cached` work offline.

Usage: python scripts/kubectl_offline.py -- run nginx --image=nginx --dry-run=client -o yaml"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from engine.api import discovery  # noqa: E402
from engine.api.registry import Registry  # noqa: E402


def write_cache(cache_dir):
    """The disk cache client-go's cached discovery reads for http://localhost:8080 (kubectl's default)."""
    registry = Registry()
    base = os.path.join(cache_dir, "discovery", "localhost_8080")
    groups = discovery.api_group_list(registry)
    core = {"name": "", "versions": [{"groupVersion": "v1", "version": "v1"}],
            "preferredVersion": {"groupVersion": "v1", "version": "v1"}}
    groups["groups"].insert(0, core)
    os.makedirs(base, exist_ok=True)
    lists = [discovery.api_resource_list(registry, group, version)
             for group, version in discovery.group_versions(registry)]
    for group_version, resources in discovery.AGGREGATED.items():  # the metrics server a Cluster registers
        group, version = group_version.split("/")
        groups["groups"].append({"name": group, "versions": [{"groupVersion": group_version, "version": version}],
                                 "preferredVersion": {"groupVersion": group_version, "version": version}})
        lists.append({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version, "resources": resources})
    with open(os.path.join(base, "servergroups.json"), "w") as f:
        json.dump(groups, f)
    for listed in lists:
        path = os.path.join(base, *listed["groupVersion"].split("/"))
        os.makedirs(path, exist_ok=True)
        with open(os.path.join(path, "serverresources.json"), "w") as f:
            json.dump(listed, f)
    return cache_dir


def kubectl(args, stdin=None):
    """(stdout, stderr, exit code) of the real kubectl with the offline discovery cache."""
    with tempfile.TemporaryDirectory() as tmp:
        cache = write_cache(os.path.join(tmp, "cache"))
        env = dict(os.environ, HOME=tmp, KUBECONFIG=os.path.join(tmp, "none"))
        done = subprocess.run(["kubectl", f"--cache-dir={cache}", *args], input=stdin, capture_output=True,
                              text=True, env=env, cwd=tmp)
        return done.stdout, done.stderr, done.returncode


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    out, err, code = kubectl(args)
    sys.stdout.write(out)
    sys.stderr.write(err)
    sys.exit(code)
