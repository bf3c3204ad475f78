"""The images a kubeadm cluster runs itself: etcd, the control-plane components, kube-proxy, CoreDNS and
flannel. Their containers are stand-ins that serve the health endpoints the probes ask for; the work
those components do is the engine's own (engine/store, engine/api, engine/controllers, ...)."""
from ..context import program
from ..network import HttpResponse
from ..process import Listen, Sleep
from .base import BUILD_TIME, Image
from .common import wait_for_signal
from ....store import backup, etcdctl
from ..fs import split

# program name -> (ports it listens on, health paths answered "ok", first log line)
COMPONENTS = {
    "etcd": ((2379, 2380, 2381), ("/livez", "/readyz", "/health"),
             '{"level":"info","ts":"{time}","caller":"etcdmain/etcd.go:73","msg":"Running: ","args":{args}}'),
    "kube-apiserver": ((6443,), ("/livez", "/readyz", "/healthz"),
                       'I{klog}       1 options.go:238] external host was not specified, using 172.18.0.2'),
    "kube-controller-manager": ((10257,), ("/healthz",),
                                'I{klog}       1 serving.go:386] Generated self-signed cert in-memory'),
    "kube-scheduler": ((10259,), ("/healthz", "/livez", "/readyz"),
                       'I{klog}       1 serving.go:386] Generated self-signed cert in-memory'),
    "kube-proxy": ((10249, 10256), ("/healthz", "/livez"),
                   'I{klog}       1 server_linux.go:66] "Using iptables proxy"'),
    "coredns": ((53, 8080, 8181, 9153), ("/health", "/ready"), ".:53\nCoreDNS-1.11.3\nlinux/amd64, go1.21.11, a6338e9"),
    "flanneld": ((), (), 'I{klog}       1 main.go:212] CLI flags config: {etcdEndpoints:http://127.0.0.1:4001,'
                           'http://127.0.0.1:2379 etcdPrefix:/coreos.com/network ipMasq:true subnetFile:/run/flannel/subnet.env '
                           'kubeSubnetMgr:true}'),
}


def _klog_time(ctx):
    """klog's header time: MMDD hh:mm:ss.uuuuuu"""
    return ctx.clock.datetime().strftime("%m%d %H:%M:%S.%f")


def _component(name):
    ports, paths, first_line = COMPONENTS[name]

    def run(ctx, argv):
        if name == "etcd" and ("--version" in argv or "-version" in argv):
            ctx.out(_etcd_version())
            return 0
        if name == "etcd":
            _open_data_dir(ctx, argv)
        line = first_line.replace("{klog}", _klog_time(ctx)).replace("{time}", ctx.clock.micro_timestamp())
        ctx.err(line.replace("{args}", "[" + ",".join(f'"{a}"' for a in argv) + "]") + "\n")
        ctx.handle("SIGTERM", "SIGINT")

        def health(request):
            path = request.path.split("?", 1)[0]
            return HttpResponse(200, "ok") if path in paths else HttpResponse(404, "404 page not found\n")

        for port in ports:
            yield Listen(port, "TCP", http=health)
        yield from wait_for_signal("SIGTERM", "SIGINT")
        return 0

    return run


for _name in COMPONENTS:
    program(_name)(_component(_name))


def _open_data_dir(ctx, argv):
    """etcd opens --data-dir: the store serves what that folder holds (a restored snapshot's content)."""
    store, raft = getattr(ctx.network, "etcd", (None, None))
    data_dir = next((a.split("=", 1)[1] for a in argv if a.startswith("--data-dir=")), None)
    if store is None or data_dir is None:
        return
    mounted = ctx.fs.mounts.get(tuple(split(data_dir)))
    backup.open_data_dir(store, raft, mounted[0] if mounted else None)


@program("etcdutl")
def etcdutl_program(ctx, argv):
    """The image's etcdutl: snapshot status and restore on files of the container."""
    result = backup.etcdutl(argv, ctx, ctx.clock)
    ctx.out(result.stdout)
    ctx.err(result.stderr)
    return result.exit_code
    yield  # a program is a generator


def _etcd_version():
    """`etcd --version` (etcdmain's printVersion)."""
    return (f"etcd Version: {etcdctl.VERSION}\nGit SHA: {etcdctl.GIT_SHA}\nGo Version: {etcdctl.GO_VERSION}\n"
            "Go OS/Arch: linux/amd64\n")


@program("etcdctl")
def etcdctl_program(ctx, argv):
    """The image's etcdctl: to the cluster's etcd over the pod's (host) network, which speaks only TLS
    with client certificates as kubeadm configures it."""
    store, raft = getattr(ctx.network, "etcd", (None, None))
    if store is None:
        ctx.err("Error: context deadline exceeded\n")
        return 1
    # only on the etcd member's own host (the static pod's host network) is 127.0.0.1:2379 etcd
    local = getattr(ctx.container, "pod_ip", "") == raft.members[0].ip
    result = etcdctl.run(store, argv, raft, ctx.clock, env=ctx.env, secure=True, local=local, ctx=ctx)
    if result.elapsed:
        yield Sleep(result.elapsed)
    ctx.out(result.stdout)
    ctx.err(result.stderr)
    return result.exit_code


def _binaries(*entries):
    def layer(tree, version, tag):
        for path, name in entries:
            tree.add(path, "", 0o755, BUILD_TIME, program=name)
    return layer


def images():
    k8s = {"v1.32.0": "v1.32.0"}
    return [
        Image("registry.k8s.io/etcd", {"3.5.16-0": "3.5.16"}, "scratch", cmd=["/usr/local/bin/etcd"],
              layer=_binaries(("/usr/local/bin/etcd", "etcd"), ("/usr/local/bin/etcdctl", "etcdctl"),
                             ("/usr/local/bin/etcdutl", "etcdutl")), size=57_680_000, ports=[2379, 2380, 2381],
              memory=60 << 20),
        Image("registry.k8s.io/kube-apiserver", k8s, "scratch", entrypoint=["/usr/local/bin/kube-apiserver"],
              layer=_binaries(("/usr/local/bin/kube-apiserver", "kube-apiserver")), size=28_600_000, memory=250 << 20),
        Image("registry.k8s.io/kube-controller-manager", k8s, "scratch",
              entrypoint=["/usr/local/bin/kube-controller-manager"],
              layer=_binaries(("/usr/local/bin/kube-controller-manager", "kube-controller-manager")), size=26_200_000,
              memory=50 << 20),
        Image("registry.k8s.io/kube-scheduler", k8s, "scratch", entrypoint=["/usr/local/bin/kube-scheduler"],
              layer=_binaries(("/usr/local/bin/kube-scheduler", "kube-scheduler")), size=20_600_000, memory=20 << 20),
        Image("registry.k8s.io/kube-proxy", k8s, "debian", entrypoint=["/usr/local/bin/kube-proxy"],
              layer=_binaries(("/usr/local/bin/kube-proxy", "kube-proxy"), ("/usr/sbin/iptables", "iptables"),
                              ("/usr/sbin/iptables-save", "iptables-save")), size=30_900_000, memory=20 << 20),
        Image("registry.k8s.io/coredns/coredns", {"v1.11.3": "1.11.3"}, "scratch", entrypoint=["/coredns"],
              layer=_binaries(("/coredns", "coredns")), size=18_600_000, ports=[53, 9153], memory=15 << 20),
        Image("docker.io/flannel/flannel", {"v0.26.1": "0.26.1"}, "alpine", cmd=["/opt/bin/flanneld"],
              layer=_binaries(("/opt/bin/flanneld", "flanneld")), size=32_400_000, memory=15 << 20),
        Image("docker.io/flannel/flannel-cni-plugin", {"v1.5.1-flannel2": "1.5.1"}, "alpine",
              layer=_binaries(("/flannel", "flannel-cni")), size=4_900_000),
    ]


@program("flannel-cni")
def flannel_cni(ctx, argv):
    """The CNI plugin binary itself: the kubelet's CNI calls it, nobody runs it as a container command."""
    ctx.err("CNI protocol versions supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0\n")
    return 1
    yield  # a program is a generator
