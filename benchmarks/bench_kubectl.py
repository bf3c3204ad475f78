"""kubectl latency (issue 6): median wall and CPU time of `get pods`, `get pods -o wide -A`, `describe pod`
and `apply -f` of a 3-document manifest, on a cluster running 1,000 pods (10 Deployments x 100 replicas
on 20 workers, all Ready). Target: under 20 ms each. Prints a markdown table.

Run: `python benchmarks/bench_kubectl.py [--pods 1000] [--runs 21]`."""
import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import Cluster  # noqa: E402

MANIFEST = """apiVersion: v1
kind: ConfigMap
metadata:
  name: bench-config
data:
  greeting: hello
---
apiVersion: v1
kind: Service
metadata:
  name: bench-svc
spec:
  selector:
    app: app-0
  ports:
  - port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: bench-web
spec:
  replicas: 0
  selector:
    matchLabels:
      app: bench-web
  template:
    metadata:
      labels:
        app: bench-web
    spec:
      containers:
      - name: web
        image: nginx
"""


def cluster(pods):
    c = Cluster(workers=max(1, pods // 50))
    deployments = max(1, pods // 100)
    for i in range(deployments):
        c.kubectl(f"create deployment app-{i} --image=nginx --replicas={pods // deployments}")
    while len([p for p in c.api.list("pods", "default")["items"]
               if any(x["type"] == "Ready" and x["status"] == "True" for x in p["status"].get("conditions", []))]) < pods:
        c.advance(5)
    return c


def measure(c, command, runs, before=None):
    walls, cpus = [], []
    for i in range(runs):
        if before:
            before(i)
        wall, cpu = time.perf_counter(), time.process_time()
        result = c.kubectl(command)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        assert result.exit_code == 0, result.stderr
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000, result.stdout


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pods", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    c = cluster(args.pods)
    pod = c.api.list("pods", "default")["items"][0]["metadata"]["name"]
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "three.yaml")
    with open(path, "w") as f:
        f.write(MANIFEST)
    commands = ["get pods", "get pods -o wide -A", f"describe pod {pod}", f"apply -f {path}"]
    total = len(c.api.list("pods")["items"])
    print(f"{total:,} pods in the cluster ({args.pods:,} in default), median of {args.runs} runs\n")
    print("| command | rows/lines | median wall ms | median CPU ms |")
    print("|---|---:|---:|---:|")
    def edit(i):  # every apply changes the ConfigMap: configured, unchanged, unchanged (created the first time)
        with open(path, "w") as f:
            f.write(MANIFEST.replace("greeting: hello", f"greeting: hello-{i}"))
    for command in commands:
        wall, cpu, out = measure(c, command, args.runs, edit if command.startswith("apply") else None)
        shown = command.replace(path, "three.yaml")
        print(f"| `kubectl {shown}` | {out.count(chr(10)):,} | {wall:.1f} | {cpu:.1f} |", flush=True)


if __name__ == "__main__":
    main()
