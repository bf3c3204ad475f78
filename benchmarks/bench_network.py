"""kube-proxy benchmark: 1,000 Services x 10 endpoints on 100 nodes. For each mode (iptables, ipvs): the
rule generation (list+watch+first sync) per node, the resync of every node after one Service's endpoints
change, and lookups/s of service traffic through the node's rules (Proxier.route: a ClusterIP:port to the
DNAT target). CPU seconds of this process (time.process_time()); prints a markdown table.

Services have no selector: their EndpointSlices are written through the API, as a custom controller would,
so no pods or kubelets are needed; endpoint addresses are spread over the nodes' podCIDRs.

Run: `python benchmarks/bench_network.py [--services 1000] [--endpoints 10] [--nodes 100] [--lookups 20000]`."""
import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import Cluster  # noqa: E402
from engine.network.proxy.proxier import Proxier  # noqa: E402
from engine.node.registration import node_object  # noqa: E402


def cluster(nodes, services, endpoints, mode):
    c = Cluster(workers=0, addons=False, wait=False)
    if mode != "iptables":
        c.api.create("configmaps", {"apiVersion": "v1", "kind": "ConfigMap",
                                    "metadata": {"name": "kube-proxy", "namespace": "kube-system"},
                                    "data": {"config.conf": f"mode: {mode}\nclusterCIDR: 10.244.0.0/16\n"}},
                     namespace="kube-system")
    for i in range(1, nodes + 1):
        c.api.create("nodes", node_object(f"worker-{i}", i, False, c.clock.timestamp()))
    targets = []
    for s in range(services):
        svc = c.api.create("services", {"apiVersion": "v1", "kind": "Service", "metadata": {"name": f"svc-{s}"},
                                        "spec": {"ports": [{"name": "http", "port": 80, "targetPort": 8080}]}})
        eps = [{"addresses": [f"10.244.{1 + (s * endpoints + e) % nodes}.{2 + (s * endpoints + e) // nodes % 250}"],
                "conditions": {"ready": True, "serving": True, "terminating": False},
                "nodeName": f"worker-{1 + (s * endpoints + e) % nodes}"} for e in range(endpoints)]
        c.api.create("endpointslices", {
            "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
            "metadata": {"name": f"svc-{s}-abcde", "labels": {"kubernetes.io/service-name": f"svc-{s}"}},
            "endpoints": eps, "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]})
        targets.append(svc["spec"]["clusterIP"])
    return c, targets


def measure(mode, nodes, services, endpoints, lookups):
    c, targets = cluster(nodes, services, endpoints, mode)
    shared, proxiers, times = {}, [], []
    for i in range(1, nodes + 1):
        proxier = Proxier(c.api, c.clock, random.Random(i), f"worker-{i}", shared)
        started = time.process_time()
        proxier.start()
        proxier.programmed()  # the node's tables assembled, as the kernel would hold them
        times.append(time.process_time() - started)
        proxiers.append(proxier)
    # one Service's endpoints change: every node's kube-proxy resyncs that Service
    slice_ = c.api.get("endpointslices", "svc-0-abcde")
    slice_["endpoints"] = slice_["endpoints"][:-1]
    started = time.process_time()
    c.api.update("endpointslices", slice_)
    c.clock.advance(0)
    for proxier in proxiers:
        proxier.programmed()
    resync = (time.process_time() - started) / nodes
    rng, proxier = random.Random(0), proxiers[0]
    chosen = [rng.choice(targets) for _ in range(lookups)]
    started = time.process_time()
    for ip in chosen:
        proxier.route("10.244.1.2", ip, 80)
    lookup_s = time.process_time() - started
    rules = sum(len(chain) for table in proxier.programmed().chains.values() for chain in table.values()) \
        if mode == "iptables" else None
    return {"mode": mode, "first": times[0], "rest": sum(times[1:]) / max(1, len(times) - 1),
            "resync": resync, "lookups_per_s": lookups / lookup_s, "rules": rules}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=1000)
    parser.add_argument("--endpoints", type=int, default=10)
    parser.add_argument("--nodes", type=int, default=100)
    parser.add_argument("--lookups", type=int, default=20000)
    parser.add_argument("--modes", nargs="+", default=["iptables", "ipvs"])
    args = parser.parse_args()
    print(f"{args.services} Services x {args.endpoints} endpoints on {args.nodes} nodes (CPU seconds)\n")
    print("| mode | nat rules per node | first node: list+watch+sync | each other node | resync per node after one "
          "Service's endpoints change | lookups/s |")
    print("|---|---:|---:|---:|---:|---:|")
    for mode in args.modes:
        r = measure(mode, args.nodes, args.services, args.endpoints, args.lookups)
        rules = f"{r['rules']:,}" if r["rules"] is not None else "-"
        print(f"| {mode} | {rules} | {r['first'] * 1000:.0f} ms | {r['rest'] * 1000:.0f} ms | "
              f"{r['resync'] * 1000:.2f} ms | {r['lookups_per_s']:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
