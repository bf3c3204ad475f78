"""Scheduler benchmark: bare pods on 1,000 nodes, created through the API and scheduled and bound in
virtual time. Prints a markdown table: wall time, pods/s and peak memory (max RSS of a fresh process
per size) at 1,000 / 10,000 / 30,000 pods.

Run: `python benchmarks/bench_scheduler.py [--nodes 1000] [--pods 1000 10000 30000]`."""
import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import Cluster  # noqa: E402
from engine.node.registration import node_object  # noqa: E402
from engine.scheduler import Scheduler  # noqa: E402

POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": ""},
       "spec": {"containers": [{"name": "app", "image": "registry.k8s.io/pause:3.10",
                                "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}}]}}


def add_worker(cluster, index):
    """A worker node; podCIDRs are carved from 10.0.0.0/8 since 10.244.0.0/16 holds only 256 nodes."""
    node = node_object(f"worker-{index}", index, False, cluster.clock.timestamp())
    cidr = f"10.{index // 256}.{index % 256}.0/24"
    node["spec"].update(podCIDR=cidr, podCIDRs=[cidr])
    cluster.api.create("nodes", node)


def run(nodes, pods):
    """One measurement in this process: returns timings, virtual time and peak RSS."""
    cluster = Cluster(workers=0, seed=1)
    for i in range(1, nodes + 1):
        add_worker(cluster, i)
    scheduler = getattr(cluster, "scheduler", None) or Scheduler(cluster.api, cluster.clock, cluster.rng).start()
    started = time.perf_counter()
    for i in range(pods):
        cluster.api.create("pods", {**POD, "metadata": {"name": f"pod-{i}"}})
    created = time.perf_counter()
    cluster.clock.run_until(lambda: len(scheduler.queue) == 0 and not scheduler.cache.assumed, timeout=3600)
    done = time.perf_counter()
    bound = len(cluster.api.list("pods", field_selector="spec.nodeName!=")["items"])
    return {"nodes": nodes, "pods": pods, "bound": bound, "create_s": created - started,
            "schedule_s": done - created, "virtual_s": cluster.clock.now,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--pods", type=int, nargs="+", default=[1000, 10000, 30000])
    parser.add_argument("--one", action="store_true", help="measure one size in this process, print JSON")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run(args.nodes, args.pods[0])))
        return
    print("| nodes | pods | bound | create (s) | schedule+bind (s) | pods/s | virtual time (s) | peak RSS (MiB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for pods in args.pods:
        out = subprocess.run([sys.executable, __file__, "--one", "--nodes", str(args.nodes), "--pods", str(pods)],
                             capture_output=True, text=True, check=True).stdout
        r = json.loads(out)
        rate = r["pods"] / r["schedule_s"] if r["schedule_s"] else float("inf")
        print(f"| {r['nodes']} | {r['pods']} | {r['bound']} | {r['create_s']:.1f} | {r['schedule_s']:.1f} | "
              f"{rate:.0f} | {r['virtual_s']:.1f} | {r['peak_mib']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
