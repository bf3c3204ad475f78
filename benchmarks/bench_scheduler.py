"""Scheduler benchmark: bare pods on 1,000 nodes, scheduled in virtual time.

Prints a markdown table of wall time, pods/s and peak memory at 1,000 / 10,000 / 30,000 pods.
Run: `python benchmarks/bench_scheduler.py [--nodes 1000] [--pods 1000 10000 30000]`."""
import argparse
import gc
import time
import tracemalloc

from engine import Cluster
from engine.node.registration import node_object
from engine.scheduler import Scheduler

POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": ""},
       "spec": {"containers": [{"name": "app", "image": "registry.k8s.io/pause:3.10",
                                "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}}]}}


def add_worker(cluster, index):
    """A worker node; podCIDRs are carved from 10.0.0.0/8 since 10.244.0.0/16 holds only 256 nodes."""
    node = node_object(f"worker-{index}", index, False, cluster.clock.timestamp())
    cidr = f"10.{index // 256}.{index % 256}.0/24"
    node["spec"].update(podCIDR=cidr, podCIDRs=[cidr])
    cluster.api.create("nodes", node)


def run(nodes, pods, trace_memory=True):
    gc.collect()
    if trace_memory:
        tracemalloc.start()
    cluster = Cluster(workers=0, seed=1)
    for i in range(1, nodes + 1):
        add_worker(cluster, i)
    scheduler = Scheduler(cluster.api, cluster.clock, cluster.rng).start()
    started = time.perf_counter()
    for i in range(pods):
        body = {**POD, "metadata": {"name": f"pod-{i}"}}
        cluster.api.create("pods", body)
    created = time.perf_counter()
    cluster.clock.run_until(lambda: len(scheduler.queue) == 0 and not scheduler.cache.assumed, timeout=3600)
    done = time.perf_counter()
    bound = sum(1 for p in cluster.api.caches[cluster.api.resource("pods")].objects.values() if p[0]["spec"].get("nodeName"))
    peak = tracemalloc.get_traced_memory()[1] if trace_memory else 0
    if trace_memory:
        tracemalloc.stop()
    return {"nodes": nodes, "pods": pods, "bound": bound, "create_s": created - started,
            "schedule_s": done - created, "virtual_s": cluster.clock.now, "peak_mb": peak / 2 ** 20}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--pods", type=int, nargs="+", default=[1000, 10000, 30000])
    parser.add_argument("--no-memory", action="store_true", help="skip tracemalloc (it slows the run down)")
    args = parser.parse_args()
    print("| nodes | pods | bound | create (s) | schedule+bind (s) | pods/s | virtual time (s) | peak memory (MiB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for pods in args.pods:
        r = run(args.nodes, pods, trace_memory=not args.no_memory)
        rate = r["pods"] / r["schedule_s"] if r["schedule_s"] else float("inf")
        print(f"| {r['nodes']} | {r['pods']} | {r['bound']} | {r['create_s']:.1f} | {r['schedule_s']:.1f} | "
              f"{rate:.0f} | {r['virtual_s']:.1f} | {r['peak_mb']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
