"""API server benchmark: create N pods through the API, list them by namespace and by label,
watch from an old revision. Prints objects/s and memory per object; results go in README.md.
With --boot, the boot instead: `Cluster()` and `Cluster(workers=1)`, each in a fresh interpreter.

Run: .venv/bin/python benchmarks/bench_api.py [N ...]   (default: 1000 10000 100000)
     .venv/bin/python benchmarks/bench_api.py --boot [RUNS]   (default: 9 fresh processes per cluster)"""
import gc
import os
import resource
import statistics
import subprocess
import sys
import time

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))

from engine import Cluster  # noqa: E402

NAMESPACES = 10
APPS = 100


def pod(i):
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": f"pod-{i}", "namespace": f"ns-{i % NAMESPACES}",
                         "labels": {"app": f"app-{i % APPS}", "tier": "web" if i % 2 else "db"}},
            "spec": {"containers": [{"name": "app", "image": "nginx:1.27", "ports": [{"containerPort": 80}],
                                     "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}]}}


def rss_bytes():
    """Resident memory now (Linux /proc; tracemalloc would slow the creates it measures)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def timed(fn, repeat=1):
    start = time.perf_counter()
    for _ in range(repeat):
        result = fn()
    return (time.perf_counter() - start) / repeat, result


def run(n):
    gc.collect()
    c = Cluster(workers=3, seed=0)
    for i in range(NAMESPACES):
        c.api.create("namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": f"ns-{i}"}})
    c.advance(1)
    start_revision = c.store.revision
    gc.collect()
    before = rss_bytes()
    t0 = time.perf_counter()
    for i in range(n):
        c.api.create("pods", pod(i))
    create_s = time.perf_counter() - t0
    gc.collect()
    memory = rss_bytes() - before

    ns_s, ns_list = timed(lambda: c.api.list("pods", namespace="ns-3"), 3)
    label_s, label_list = timed(lambda: c.api.list("pods", label_selector="app=app-7"), 3)
    both_s, both_list = timed(lambda: c.api.list("pods", namespace="ns-7", label_selector="app=app-7,tier=web"), 3)
    seen = []
    watch_s, _ = timed(lambda: c.api.watch("pods", lambda t, o: seen.append(t), resource_version=str(start_revision)))
    return {
        "pods": n,
        "create_per_s": n / create_s,
        "bytes_per_pod": memory / n,
        "list_ns_ms": ns_s * 1000, "list_ns_items": len(ns_list["items"]),
        "list_label_ms": label_s * 1000, "list_label_items": len(label_list["items"]),
        "list_ns_label_ms": both_s * 1000, "list_ns_label_items": len(both_list["items"]),
        "watch_replay_ms": watch_s * 1000, "watch_events": len(seen),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(sizes):
    print("| pods | creates/s | memory/pod | list ns (items) | list label (items) | list ns+labels (items) | watch replay (events) | peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        r = run(n)
        print(f"| {r['pods']:,} | {r['create_per_s']:,.0f} | {r['bytes_per_pod'] / 1024:.1f} KiB "
              f"| {r['list_ns_ms']:.1f} ms ({r['list_ns_items']:,}) | {r['list_label_ms']:.1f} ms ({r['list_label_items']:,}) "
              f"| {r['list_ns_label_ms']:.2f} ms ({r['list_ns_label_items']:,}) "
              f"| {r['watch_replay_ms']:.0f} ms ({r['watch_events']:,}) | {r['peak_rss_mb']:,.0f} MB |", flush=True)


BOOT = """import sys, time
sys.path.insert(0, {root!r})
from engine import Cluster
cpu, wall = time.process_time(), time.perf_counter()
Cluster({args})
print(time.process_time() - cpu, time.perf_counter() - wall)"""


def boot(runs):
    """CPU and wall seconds of a cluster's boot (until every node and system pod is Ready) in fresh
    processes, the import of the engine left out: what a notebook's first `Cluster()` costs."""
    root = str(__import__("pathlib").Path(__file__).resolve().parent.parent)
    print("| cluster | runs | CPU s median | CPU s min–max | wall s median |")
    print("|---|---:|---:|---:|---:|")
    for args in ("", "workers=1"):
        times = [tuple(map(float, subprocess.run([sys.executable, "-c", BOOT.format(root=root, args=args)],
                                                 capture_output=True, text=True, check=True).stdout.split()))
                 for _ in range(runs)]
        cpu = [t[0] for t in times]
        print(f"| `Cluster({args})` | {runs} | {statistics.median(cpu):.3f} | {min(cpu):.3f}–{max(cpu):.3f} "
              f"| {statistics.median(t[1] for t in times):.3f} |", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--boot"]:
        boot(int(sys.argv[2]) if len(sys.argv) > 2 else 9)
    else:
        main([int(a) for a in sys.argv[1:]] or [1000, 10000, 100000])
