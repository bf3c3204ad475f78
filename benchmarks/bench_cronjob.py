"""CronJob benchmark (issue 4: "an hour of schedules runs in well under a second"): a one-worker cluster with
the notes' `hello` CronJob every minute, advanced one virtual hour (60 Jobs, each a pod pulled, run and
completed, history limits cleaning up), against the same cluster idle for an hour. Prints a markdown table.

Run: `python benchmarks/bench_cronjob.py [--runs 3]`."""
import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import Cluster  # noqa: E402


def hour(with_cronjob):
    c = Cluster(workers=1)
    if with_cronjob:
        c.kubectl("create cronjob hello --image=busybox --schedule='*/1 * * * *' -- date")
    writes, wall, cpu = c.store.revision, time.perf_counter(), time.process_time()
    c.advance(3600)
    jobs = len(c.api.list("jobs", "default")["items"])
    return time.perf_counter() - wall, time.process_time() - cpu, c.store.revision - writes, jobs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| virtual hour | wall s | CPU s | etcd writes | Jobs kept |")
    print("|---|---:|---:|---:|---:|")
    for label, with_cronjob in (("idle cluster", False), ("`hello` every minute", True)):
        runs = sorted(hour(with_cronjob) for _ in range(args.runs))
        wall, cpu, writes, jobs = runs[len(runs) // 2]
        print(f"| {label} | {wall:.2f} | {cpu:.2f} | {writes:,} | {jobs} |", flush=True)


if __name__ == "__main__":
    main()
