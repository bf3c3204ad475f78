"""Pods benchmark (issue 3): bare pods on 1,000 nodes, each node with its kubelet, created through the
API, scheduled, bound and started until Running, in virtual time. Prints markdown tables: wall and
CPU time, pods per CPU second and peak memory (max RSS of a fresh process per size) at 1,000 / 10,000 /
30,000 pods, and the time of each successive batch of the largest run (a flat column: a pod costs the
same however many pods are already placed). CPU time is this process's own: on a shared machine it
is the steadier measure.

Run: `python benchmarks/bench_pods.py [--nodes 1000] [--pods 1000 10000 30000] [--batch 1000]`."""
import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import Cluster  # noqa: E402
from engine.node.kubelet import Kubelet  # noqa: E402
from engine.node.registration import node_lease, node_object  # noqa: E402

POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": ""},
       "spec": {"containers": [{"name": "app", "image": "registry.k8s.io/pause:3.10",
                                "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}}]}}


def add_worker(cluster, index):
    """A worker node with its Lease and kubelet. Pod CIDRs and addresses are carved from 10.0.0.0/8 and
    172.18.0.0/16, since kubeadm's 10.244.0.0/16 and the kind network hold only 256 nodes."""
    name = f"worker-{index}"
    node = node_object(name, index, False, cluster.clock.timestamp())
    cidr = f"10.{index // 256}.{index % 256}.0/24"
    node["spec"].update(podCIDR=cidr, podCIDRs=[cidr])
    node["status"]["addresses"][0]["address"] = f"172.18.{index // 256}.{index % 256}"
    node = cluster.api.create("nodes", node)
    cluster.api.create("leases", node_lease(name, node["metadata"]["uid"], cluster.clock.micro_timestamp()),
                       namespace="kube-node-lease")
    cluster.kubelets[name] = Kubelet(cluster.api, cluster.clock, name, seed=cluster.seed,
                                     pv_trees=cluster.pv_trees).start()


class Running:
    """Counts the benchmark's pods that reached phase Running, from a watch (no lists while waiting)."""

    def __init__(self, api):
        self.names = set()
        self.watch = api.watch("pods", self._event, namespace="default")

    def _event(self, kind, pod):
        if kind != "DELETED" and pod["status"].get("phase") == "Running":
            self.names.add(pod["metadata"]["name"])


def run(nodes, pods, batch):
    """One measurement in this process: wall time per batch, virtual time, peak memory."""
    started = time.perf_counter()
    cluster = Cluster(workers=0, seed=1, addons=False)
    for i in range(1, nodes + 1):
        add_worker(cluster, i)
    cluster.advance(1)
    setup_s = time.perf_counter() - started
    running = Running(cluster.api)
    batches, created, v_start = [], 0, cluster.now
    started, cpu = time.perf_counter(), time.process_time()
    while created < pods:
        t0, c0, count = time.perf_counter(), time.process_time(), min(batch, pods - created)
        for i in range(created, created + count):
            cluster.api.create("pods", {**POD, "metadata": {"name": f"pod-{i}"}}, "default")
        created += count
        if not cluster.clock.run_until(lambda: len(running.names) >= created, timeout=3600):
            raise SystemExit(f"only {len(running.names)} of {created} pods Running after an hour")
        batches.append((time.perf_counter() - t0, time.process_time() - c0))
        print(f"{created - count} placed: batch of {count} in {batches[-1][0]:.2f} s wall, {batches[-1][1]:.2f} s CPU",
              file=sys.stderr, flush=True)  # progress, for a run stopped before the end
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"nodes": nodes, "pods": pods, "running": len(running.names), "setup_s": setup_s, "wall_s": wall, "cpu_s": cpu,
            "virtual_s": cluster.now - v_start, "batches": batches,
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--pods", type=int, nargs="+", default=[1000, 10000, 30000])
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--one", action="store_true", help="measure one size in this process, print JSON")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run(args.nodes, args.pods[0], args.batch)))
        return
    results = []
    print("| nodes | pods | Running | nodes+kubelets setup (s) | create to all Running: wall s | CPU s | pods per CPU s | virtual s "
          "| peak RSS (MiB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for pods in args.pods:
        out = subprocess.run([sys.executable, __file__, "--one", "--nodes", str(args.nodes), "--pods", str(pods),
                              "--batch", str(args.batch)], capture_output=True, text=True, check=True).stdout
        r = json.loads(out)
        results.append(r)
        print(f"| {r['nodes']:,} | {r['pods']:,} | {r['running']:,} | {r['setup_s']:.1f} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} | "
              f"{r['pods'] / r['cpu_s']:.0f} | {r['virtual_s']:.0f} | "
              f"{r['peak_rss_mib']:.0f} |", flush=True)
    largest = results[-1]
    print(f"\nWall time of each batch of {args.batch:,} pods in the {largest['pods']:,}-pod run "
          "(pods already placed -> seconds):\n")
    print("| pods already placed | batch wall s | batch CPU s | pods per CPU s |")
    print("|---:|---:|---:|---:|")
    for i, (seconds, cpu) in enumerate(largest["batches"]):
        print(f"| {i * args.batch:,} | {seconds:.2f} | {cpu:.2f} | {args.batch / cpu:.0f} |")


if __name__ == "__main__":
    main()
