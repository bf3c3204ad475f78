"""Controller benchmark: D Deployments x R replicas on N worker nodes created and all available,
then a rolling update (new image) of every one; pods run and turn Ready through the simulated
kubelets. Prints a markdown table: wall time, virtual time, etcd writes and writes/s, Events.

Run: `python benchmarks/bench_controllers.py [--deployments 100] [--replicas 100] [--nodes 200]`."""
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


def all_done(c, names, replicas):
    for name in names:
        d = c.api.get("deployments", name, "default")
        s = d.get("status") or {}
        if s.get("observedGeneration") != d["metadata"]["generation"] or s.get("updatedReplicas") != replicas \
                or s.get("availableReplicas") != replicas or s.get("replicas") != replicas:
            return False
    return True


def settle(c, names, replicas, limit):
    while not all_done(c, names, replicas):
        if c.now > limit:
            raise SystemExit(f"not done after {limit} virtual seconds")
        c.advance(STEP)


def phase(c, label, action, names, replicas):
    rev, events, start_v = c.store.revision, len(c.api.list("events", "default")["items"]), c.now
    started = time.perf_counter()
    action()
    settle(c, names, replicas, c.now + 3600)
    wall = time.perf_counter() - started
    writes = c.store.revision - rev
    new_events = len(c.api.list("events", "default")["items"]) - events
    return (label, wall, c.now - start_v, writes, writes / wall, new_events)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--deployments", type=int, default=100)
    parser.add_argument("--replicas", type=int, default=100)
    parser.add_argument("--nodes", type=int, default=200)
    args = parser.parse_args()
    started = time.perf_counter()
    c = Cluster(workers=args.nodes)
    boot = time.perf_counter() - started
    names = [f"app-{i}" for i in range(args.deployments)]

    def create():
        for name in names:
            c.api.create("deployments", deployment(name, args.replicas), "default")

    def roll():
        for name in names:
            c.api.patch("deployments", name, {"spec": {"template": {"spec": {"containers": [
                {"name": "app", "image": "nginx:1.27"}]}}}}, namespace="default")
    rows = [phase(c, "create, all available", create, names, args.replicas),
            phase(c, "rolling update of all", roll, names, args.replicas)]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.deployments} Deployments x {args.replicas} replicas on {args.nodes} nodes "
          f"(boot {boot:.1f} s, peak RSS {rss:.0f} MB); pods made Ready by the kubelets\n")
    print("| phase | wall s | virtual s | etcd writes | writes/s | Events |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, wall, virtual, writes, rate, events in rows:
        print(f"| {label} | {wall:.1f} | {virtual:.0f} | {writes:,} | {rate:,.0f} | {events:,} |")


if __name__ == "__main__":
    main()
