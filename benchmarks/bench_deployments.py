"""Deployments benchmark (issue 4): D Deployments x R replicas on N worker nodes created and all
available, then a rolling update (new image) of every one, with pods scheduled, started and made
Ready by the simulated kubelets. Prints a markdown table per phase: wall and CPU time, virtual time,
etcd writes and Event objects (created or bumped), and their rates per wall second.

Run: `python benchmarks/bench_deployments.py [--deployments 100] [--replicas 100] [--nodes 200] [--no-addons]`."""
import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import Cluster  # noqa: E402

STEP = 5  # virtual seconds between completion checks


def deployment(name, replicas):
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "labels": {"app": name}},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": {"containers": [{"name": "app", "image": "nginx",
                                                           "resources": {"requests": {"cpu": "1m", "memory": "1Mi"}}}]}}}}


class EventCount:
    """Event objects written (created, or bumped with a new count), counted from a watch."""

    def __init__(self, api):
        self.written = 0
        self.watch = api.watch("events", self._event)

    def _event(self, kind, event):
        if kind != "DELETED":
            self.written += 1


def all_done(c, names, replicas):
    for name in names:
        d = c.api.get("deployments", name, "default")
        s = d.get("status") or {}
        if s.get("observedGeneration") != d["metadata"]["generation"] or s.get("updatedReplicas") != replicas \
                or s.get("availableReplicas") != replicas or s.get("replicas") != replicas:
            return False
    return True


def phase(c, events, label, action, names, replicas):
    rev, written, start_v = c.store.revision, events.written, c.now
    started, cpu = time.perf_counter(), time.process_time()
    action()
    limit = c.now + 3600
    while not all_done(c, names, replicas):
        if c.now > limit:
            raise SystemExit(f"{label}: not done after an hour of virtual time")
        c.advance(STEP)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"phase": label, "wall": wall, "cpu": cpu, "virtual": c.now - start_v,
            "writes": c.store.revision - rev, "events": events.written - written}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--deployments", type=int, default=100)
    parser.add_argument("--replicas", type=int, default=100)
    parser.add_argument("--nodes", type=int, default=200)
    parser.add_argument("--no-addons", action="store_true", help="Cluster(addons=False): no kube-proxy/flannel DaemonSets")
    args = parser.parse_args()
    started, cpu = time.perf_counter(), time.process_time()
    c = Cluster(workers=args.nodes, addons=not args.no_addons)
    boot, boot_cpu = time.perf_counter() - started, time.process_time() - cpu
    events = EventCount(c.api)
    names = [f"app-{i}" for i in range(args.deployments)]

    def create():
        for name in names:
            c.api.create("deployments", deployment(name, args.replicas), "default")

    def roll():
        for name in names:
            c.api.patch("deployments", name, {"spec": {"template": {"spec": {"containers": [
                {"name": "app", "image": "nginx:1.27"}]}}}}, namespace="default")
    rows = [phase(c, events, "create, all available", create, names, args.replicas),
            phase(c, events, "rolling update of all", roll, names, args.replicas)]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = f"{args.deployments} × {args.replicas} on {args.nodes} nodes" + (" (no addons)" if args.no_addons else "")
    print(f"{size}: boot {boot:.1f} s wall, {boot_cpu:.1f} s CPU; peak RSS {rss:.0f} MiB\n")
    print("| size | phase | wall s | CPU s | virtual s | etcd writes | writes/s | writes/CPU s | Events | Events/s |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {size} | {r['phase']} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['virtual']:.0f} | {r['writes']:,} | "
              f"{r['writes'] / r['wall']:,.0f} | {r['writes'] / r['cpu']:,.0f} | {r['events']:,} | {r['events'] / r['wall']:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
