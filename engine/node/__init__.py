"""kubelet and container runtime: node registration, pod sandboxes, containers, probes and hooks."""
