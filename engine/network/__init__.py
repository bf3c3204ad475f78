"""The cluster network: pod IP address management (host-local, as flannel's CNI delegates to), and later
the overlay, kube-proxy and DNS."""
