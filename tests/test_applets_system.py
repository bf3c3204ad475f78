"""System and network applets inside pods, as busybox 1.36.1 prints them: ip addr/link/route, ifconfig, route,
netstat (the pod's listening sockets), df and mount (the container's mounts as a kind node's containerd makes
them: overlay /, runc's /dev and /proc mounts, the CRI bind mounts, volumes on the node's disk or tmpfs), du,
free, top -b and uptime; a hostNetwork pod sees the node's devices and routes."""
import re
import shlex

import pytest

from engine.cluster import Cluster

PODS = """
apiVersion: v1
kind: Pod
metadata: {name: srv}
spec:
  containers:
  - name: nc
    image: busybox
    command: [nc, -lk, -p, "8080"]
  - name: shell
    image: busybox
    command: [sleep, "3600"]
    volumeMounts:
    - {name: data, mountPath: /data}
    - {name: cache, mountPath: /cache}
    - {name: conf, mountPath: /etc/conf, readOnly: true}
  volumes:
  - {name: data, emptyDir: {}}
  - name: cache
    emptyDir: {medium: Memory, sizeLimit: 64Mi}
  - {name: conf, configMap: {name: cfg, optional: true}}
---
apiVersion: v1
kind: Pod
metadata: {name: limited}
spec:
  containers:
  - name: main
    image: busybox
    command: [sleep, "3600"]
    resources: {limits: {memory: 128Mi}}
    volumeMounts:
    - {name: scratch, mountPath: /scratch}
  volumes:
  - name: scratch
    emptyDir: {medium: Memory}
---
apiVersion: v1
kind: Pod
metadata: {name: hostbb}
spec:
  hostNetwork: true
  containers:
  - {name: bb, image: busybox, command: [sleep, "3600"]}
"""


@pytest.fixture(scope="module")
def c():
    cluster = Cluster(workers=1)
    cluster.kubectl("run bb --image=busybox -- sleep 3600")
    cluster.kubectl("run web --image=nginx")
    cluster.apply(PODS)
    cluster.advance(10)
    return cluster


def run(c, target, command):
    """(stdout, stderr, exit code) of a command exec'd in a pod ("pod" or "pod -c container")."""
    r = c.kubectl(f"exec {target} -- {command}")
    suffix = f"command terminated with exit code {r.exit_code}\n"
    return r.stdout, r.stderr[:-len(suffix)] if r.stderr.endswith(suffix) else r.stderr, r.exit_code


def sh(c, target, script):
    return run(c, target, "sh -c " + shlex.quote(script))


def pod_ip(c, name):
    return c.api.get("pods", name, "default")["status"]["podIP"]


def eui64(mac):
    """fe80:: address of a MAC, computed the RFC 4291 way (flip the U/L bit, insert ff:fe)."""
    b = [int(x, 16) for x in mac.split(":")]
    groups = [0xfe80, 0, 0, 0, ((b[0] ^ 2) << 8) | b[1], (b[2] << 8) | 0xff, 0xfe00 | b[3], (b[4] << 8) | b[5]]
    text = ":".join(f"{g:x}" for g in groups)
    return text.replace(":0:0:0:", "::", 1)


# ---- ip
def test_ip_addr_shows_loopback_and_the_pods_veth_end_with_its_ip(c):
    out, err, code = run(c, "bb", "ip addr")
    ip = pod_ip(c, "bb")
    mac = re.search(r"link/ether (\S+) brd", out).group(1)
    peer = re.search(r"3: eth0@if(\d+):", out).group(1)
    assert (err, code) == ("", 0)
    assert out == (
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n"
        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
        "    inet 127.0.0.1/8 scope host lo\n"
        "       valid_lft forever preferred_lft forever\n"
        "    inet6 ::1/128 scope host \n"
        "       valid_lft forever preferred_lft forever\n"
        f"3: eth0@if{peer}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1450 qdisc noqueue \n"
        f"    link/ether {mac} brd ff:ff:ff:ff:ff:ff\n"
        f"    inet {ip}/24 brd {ip.rsplit('.', 1)[0]}.255 scope global eth0\n"
        "       valid_lft forever preferred_lft forever\n"
        f"    inet6 {eui64(mac)}/64 scope link \n"
        "       valid_lft forever preferred_lft forever\n")
    assert int(mac.split(":")[0], 16) & 3 == 2  # locally administered, unicast
    assert run(c, "bb", "ip a")[0] == out
    assert run(c, "bb", "ip address show")[0] == out


def test_ip_addr_filters_by_family_and_device(c):
    ip = pod_ip(c, "bb")
    out, _, _ = run(c, "bb", "ip -4 addr show eth0")
    assert out == (re.search(r"3: eth0@if\d+: [^\n]*\n", out).group(0) +
                   f"    inet {ip}/24 brd {ip.rsplit('.', 1)[0]}.255 scope global eth0\n"
                   "       valid_lft forever preferred_lft forever\n")
    assert run(c, "bb", "ip addr show dev eth9") == ("", "ip: can't find device 'eth9'\n", 1)
    assert run(c, "bb", "ip a eth0") == ("", "ip: invalid argument 'eth0' to 'ip'\n", 1)


def test_ip_link_lists_devices_without_addresses(c):
    out, _, code = run(c, "bb", "ip link")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 4
    assert lines[:2] == ["1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000",
                         "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00"]
    assert re.fullmatch(r"3: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1450 qdisc noqueue ", lines[2])


def test_ip_route_goes_through_the_cni0_gateway(c):
    ip = pod_ip(c, "bb")
    net = ip.rsplit(".", 1)[0]
    assert run(c, "bb", "ip route") == (
        f"default via {net}.1 dev eth0 \n10.244.0.0/16 via {net}.1 dev eth0 \n"
        f"{net}.0/24 dev eth0 scope link  src {ip} \n", "", 0)
    assert run(c, "bb", "ip r")[0] == run(c, "bb", "ip route show")[0]
    assert run(c, "bb", "route -n") == (
        "Kernel IP routing table\n"
        "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n"
        f"0.0.0.0         {net + '.1':<15} 0.0.0.0         UG    0      0        0 eth0\n"
        f"10.244.0.0      {net + '.1':<15} 255.255.0.0     UG    0      0        0 eth0\n"
        f"{net + '.0':<15} 0.0.0.0         255.255.255.0   U     0      0        0 eth0\n", "", 0)


def test_ip_without_a_command_prints_its_usage(c):
    out, err, code = run(c, "bb", "ip")
    assert (out, code) == ("", 1)
    assert err.startswith("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
                          "Usage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n")


def test_host_network_pod_sees_the_nodes_devices_and_routes(c):
    node = c.api.get("pods", "hostbb", "default")["spec"]["nodeName"]
    node_ip = pod_ip(c, "hostbb")
    cidr = c.api.get("nodes", node)["spec"]["podCIDR"]
    gateway = cidr.replace(".0/24", ".1")
    out, _, code = run(c, "hostbb", "ip addr")
    heads = re.findall(r"^\d+: \S+", out, re.M)
    assert code == 0
    assert heads[:4] == ["1: lo:", "2: eth0@if" + heads[1].split("@if")[1], "3: flannel.1:", "4: cni0:"]
    veths = [h for h in heads[4:] if re.fullmatch(r"\d+: veth[0-9a-f]{8}@if3:", h)]
    pods_here = [p for p in c.api.list("pods", namespace="default")["items"]
                 if p["spec"]["nodeName"] == node and not p["spec"].get("hostNetwork")]
    assert len(veths) == len(heads) - 4 == len(pods_here) + sum(
        1 for p in c.api.list("pods")["items"]
        if p["metadata"]["namespace"] != "default" and p["spec"].get("nodeName") == node
        and not p["spec"].get("hostNetwork"))
    assert f"    inet {node_ip}/16 brd 172.18.255.255 scope global eth0\n" in out
    assert f"    inet {gateway}/24 brd {cidr.replace('.0/24', '.255')} scope global cni0\n" in out
    assert f"    inet {cidr.replace('/24', '')}/32 scope global flannel.1\n" in out
    assert "link/ether 02:42:ac:12:00:%02x brd" % int(node_ip.rsplit(".", 1)[1]) in out
    routes = run(c, "hostbb", "ip route")[0]
    assert routes.startswith("default via 172.18.0.1 dev eth0 \n")
    assert f"{cidr} dev cni0 scope link  src {gateway} \n" in routes
    assert routes.endswith(f"172.18.0.0/16 dev eth0 scope link  src {node_ip} \n")


# ---- ifconfig
def test_ifconfig_prints_busybox_blocks(c):
    ip = pod_ip(c, "bb")
    out, _, code = run(c, "bb", "ifconfig eth0")
    mac = re.search(r"HWaddr (\S+)", out).group(1)
    assert code == 0 and mac == mac.upper()
    assert out == (
        f"eth0      Link encap:Ethernet  HWaddr {mac}  \n"
        f"          inet addr:{ip}  Bcast:{ip.rsplit('.', 1)[0]}.255  Mask:255.255.255.0\n"
        f"          inet6 addr: {eui64(mac.lower())}/64 Scope:Link\n"
        "          UP BROADCAST RUNNING MULTICAST  MTU:1450  Metric:1\n"
        "          RX packets:0 errors:0 dropped:0 overruns:0 frame:0\n"
        "          TX packets:0 errors:0 dropped:0 overruns:0 carrier:0\n"
        "          collisions:0 txqueuelen:0 \n"
        "          RX bytes:0 (0.0 B)  TX bytes:0 (0.0 B)\n\n")
    lo = run(c, "bb", "ifconfig lo")[0]
    assert lo.startswith("lo        Link encap:Local Loopback  \n"
                         "          inet addr:127.0.0.1  Mask:255.0.0.0\n"
                         "          inet6 addr: ::1/128 Scope:Host\n"
                         "          UP LOOPBACK RUNNING  MTU:65536  Metric:1\n")
    assert run(c, "bb", "ifconfig eth1") == ("", "ifconfig: eth1: error fetching interface information: "
                                                 "Device not found\n", 1)


# ---- netstat
HEADER = ("Active Internet connections (only servers)\n"
          "Proto Recv-Q Send-Q Local Address           Foreign Address         State       ")


def test_netstat_lists_the_pods_listening_sockets(c):
    assert run(c, "srv -c nc", "netstat -tlnp") == (
        HEADER + "PID/Program name    \n"
        "tcp        0      0 0.0.0.0:8080            0.0.0.0:*               LISTEN      1/nc\n", "", 0)
    # the other container shares the network namespace, not the PID namespace
    assert run(c, "srv -c shell", "netstat -tln") == (
        HEADER + "\ntcp        0      0 0.0.0.0:8080            0.0.0.0:*               LISTEN      \n", "", 0)
    assert run(c, "srv -c shell", "netstat -tlnp")[0].endswith("LISTEN      -\n")
    assert run(c, "bb", "netstat -tln") == (HEADER + "\n", "", 0)
    out, err, code = run(c, "bb", "netstat -z")
    assert (out, code) == ("", 1) and err.startswith("netstat: invalid option -- 'z'\nBusyBox v1.36.1 ")
    assert "Usage: netstat [-ral] [-tuwx] [-enWp]\n\nDisplay networking information\n\n\t-r\tRouting table\n" in err


# ---- df and mount
DISK = "61202244  19138536  38940448  33%"


def test_df_shows_the_containers_mounts(c):
    assert run(c, "bb", "df") == (
        "Filesystem           1K-blocks      Used Available Use% Mounted on\n"
        f"overlay               {DISK} /\n"
        "tmpfs                    65536         0     65536   0% /dev\n"
        f"/dev/sda1             {DISK} /etc/hosts\n"
        f"/dev/sda1             {DISK} /dev/termination-log\n"
        f"/dev/sda1             {DISK} /etc/hostname\n"
        f"/dev/sda1             {DISK} /etc/resolv.conf\n"
        "shm                      65536         0     65536   0% /dev/shm\n"
        "tmpfs                  8148216        12   8148204   0% /var/run/secrets/kubernetes.io/serviceaccount\n"
        "tmpfs                  4074108         0   4074108   0% /proc/acpi\n"
        "tmpfs                    65536         0     65536   0% /proc/kcore\n"
        "tmpfs                    65536         0     65536   0% /proc/keys\n"
        "tmpfs                    65536         0     65536   0% /proc/timer_list\n"
        "tmpfs                  4074108         0   4074108   0% /proc/scsi\n"
        "tmpfs                  4074108         0   4074108   0% /sys/firmware\n", "", 0)


def test_df_human_readable_with_types_and_paths(c):
    assert run(c, "bb", "df -h /") == (
        "Filesystem                Size      Used Available Use% Mounted on\n"
        "overlay                  58.4G     18.3G     37.1G  33% /\n", "", 0)
    assert run(c, "bb", "df -hT /etc/hosts /var/run/secrets/kubernetes.io/serviceaccount/token") == (
        "Filesystem           Type            Size      Used Available Use% Mounted on\n"
        "/dev/sda1            ext4           58.4G     18.3G     37.1G  33% /etc/hosts\n"
        "tmpfs                tmpfs           7.8G     12.0K      7.8G   0% /var/run/secrets/kubernetes.io/serviceaccount\n",
        "", 0)
    out, err, code = run(c, "bb", "df -z")
    assert (out, code) == ("", 1) and err.startswith(
        "df: invalid option -- 'z'\nBusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
        "Usage: df [-PkmhTai] [-B SIZE] [-t TYPE] [FILESYSTEM]...\n\nPrint filesystem usage statistics\n\n\t-P\t")
    assert run(c, "bb", "df -k /nope") == (
        "Filesystem           1K-blocks      Used Available Use% Mounted on\n", "df: /nope: can't find mount point\n", 1)


def test_df_shows_volumes_sorted_before_the_cri_mounts(c):
    out = run(c, "srv -c shell", "df")[0].splitlines()
    assert out[3:7] == [f"/dev/sda1             {DISK} /data",
                        "tmpfs                    65536         0     65536   0% /cache",
                        f"/dev/sda1             {DISK} /etc/conf",
                        f"/dev/sda1             {DISK} /etc/hosts"]
    # a memory-backed emptyDir without sizeLimit is capped by the pod's memory limit, like the token volume
    lines = run(c, "limited", "df /scratch /var/run/secrets/kubernetes.io/serviceaccount")[0].splitlines()
    assert lines[1:] == ["tmpfs                   131072         0    131072   0% /scratch",
                         "tmpfs                   131072        12    131060   0% /var/run/secrets/kubernetes.io/serviceaccount"]


def test_mount_prints_the_mount_table(c):
    out, err, code = run(c, "srv -c shell", "mount")
    lines = out.splitlines()
    assert (err, code) == ("", 0)
    assert re.fullmatch(r"overlay on / type overlay \(rw,relatime,lowerdir=/var/lib/containerd/io\.containerd\."
                        r"snapshotter\.v1\.overlayfs/snapshots/\d+/fs,upperdir=\S+/snapshots/(\d+)/fs,"
                        r"workdir=\S+/snapshots/\1/work\)", lines[0])
    assert lines[1:] == [
        "proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)",
        "tmpfs on /dev type tmpfs (rw,nosuid,size=65536k,mode=755)",
        "devpts on /dev/pts type devpts (rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666)",
        "mqueue on /dev/mqueue type mqueue (rw,nosuid,nodev,noexec,relatime)",
        "sysfs on /sys type sysfs (ro,nosuid,nodev,noexec,relatime)",
        "cgroup on /sys/fs/cgroup type cgroup2 (ro,nosuid,nodev,noexec,relatime)",
        "/dev/sda1 on /data type ext4 (rw,relatime)",
        "tmpfs on /cache type tmpfs (rw,relatime,size=65536k)",
        "/dev/sda1 on /etc/conf type ext4 (ro,relatime)",
        "/dev/sda1 on /etc/hosts type ext4 (rw,relatime)",
        "/dev/sda1 on /dev/termination-log type ext4 (rw,relatime)",
        "/dev/sda1 on /etc/hostname type ext4 (rw,relatime)",
        "/dev/sda1 on /etc/resolv.conf type ext4 (rw,relatime)",
        "shm on /dev/shm type tmpfs (rw,nosuid,nodev,noexec,relatime,size=65536k)",
        "tmpfs on /var/run/secrets/kubernetes.io/serviceaccount type tmpfs (ro,relatime,size=8148216k)",
        "proc on /proc/bus type proc (ro,nosuid,nodev,noexec,relatime)",
        "proc on /proc/fs type proc (ro,nosuid,nodev,noexec,relatime)",
        "proc on /proc/irq type proc (ro,nosuid,nodev,noexec,relatime)",
        "proc on /proc/sys type proc (ro,nosuid,nodev,noexec,relatime)",
        "proc on /proc/sysrq-trigger type proc (ro,nosuid,nodev,noexec,relatime)",
        "tmpfs on /proc/acpi type tmpfs (ro,relatime)",
        "tmpfs on /proc/kcore type tmpfs (rw,nosuid,size=65536k,mode=755)",
        "tmpfs on /proc/keys type tmpfs (rw,nosuid,size=65536k,mode=755)",
        "tmpfs on /proc/timer_list type tmpfs (rw,nosuid,size=65536k,mode=755)",
        "tmpfs on /proc/scsi type tmpfs (ro,relatime)",
        "tmpfs on /sys/firmware type tmpfs (ro,relatime)"]
    assert run(c, "bb", "mount -t ext4")[0].count("\n") == 4
    assert run(c, "bb", "mount /dev/sda1 /mnt") == ("", "mount: permission denied (are you root?)\n", 1)
    assert run(c, "bb", "mount /mnt") == ("", "mount: can't find /mnt in /etc/fstab\n", 1)


# ---- du
def test_du_sums_directories_in_blocks(c):
    script = "mkdir -p /data/a/b && printf 12345 > /data/a/f && printf x > /data/a/b/g && "
    assert sh(c, "srv -c shell", script + "du /data") == ("8\t/data/a/b\n16\t/data/a\n20\t/data\n", "", 0)
    assert sh(c, "srv -c shell", "du -s /data/a") == ("16\t/data/a\n", "", 0)
    assert sh(c, "srv -c shell", "du -sh /data /data/a/f") == ("20.0K\t/data\n4.0K\t/data/a/f\n", "", 0)
    assert sh(c, "srv -c shell", "du -a /data/a") == ("4\t/data/a/b/g\n8\t/data/a/b\n4\t/data/a/f\n16\t/data/a\n", "", 0)
    assert run(c, "bb", "du -s /nope") == ("", "du: /nope: No such file or directory\n", 1)


# ---- free, top, uptime
def test_free_shows_the_nodes_memory(c):
    out, err, code = run(c, "bb", "free")
    lines = out.splitlines()
    assert (err, code) == ("", 0)
    assert lines[0] == "              total        used        free      shared  buff/cache   available"
    total, used, free, shared, cache, available = (int(x) for x in lines[1].split()[1:])
    assert lines[1] == "Mem:   " + "".join(f"{v:>12}" for v in (total, used, free, shared, cache, available))
    assert total == 8148216 and used + free + cache == total
    assert lines[2] == "Swap:             0           0           0"
    human = run(c, "bb", "free -h")[0].splitlines()[1]
    assert human.startswith("Mem:           7.8G")
    assert run(c, "bb", "free -x") == ("", "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
                                           "Usage: free [-bkmgh]\n\nDisplay free and used memory\n", 1)


def test_top_batch_lists_the_containers_processes(c):
    out, err, code = run(c, "bb", "top -b -n 1")
    lines = out.splitlines()
    assert (err, code) == ("", 0)
    assert re.fullmatch(r"Mem: \d+K used, \d+K free, 4572K shrd, \d+K buff, \d+K cached", lines[0])
    assert lines[1] == "CPU:   0% usr   0% sys   0% nic 100% idle   0% io   0% irq   0% sirq"
    pid = int(lines[5].split()[0])
    assert re.fullmatch(rf"Load average: 0\.00 0\.00 0\.00 1/\d+ {pid}", lines[2])
    assert lines[3:] == ["  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND",
                         "    1     0 root     S     4404   0%   0   0% sleep 3600",
                         f"{pid:>5}     0 root     R     4404   0%   0   0% top -b -n 1"]
    assert run(c, "bb", "top -bn1")[0].splitlines()[3:5] == lines[3:5]
    assert run(c, "bb", "top -b -n x") == ("", "top: invalid number 'x'\n", 1)


def test_uptime_counts_from_the_nodes_boot(c):
    out, _, code = run(c, "bb", "uptime")
    now = c.clock.datetime()
    assert code == 0
    assert re.fullmatch(r" (\d\d:\d\d:\d\d) up (\d+) min,  0 users,  load average: \d\.\d\d, \d\.\d\d, \d\.\d\d\n", out)
    assert out[1:9] == f"{now:%H:%M:%S}" and f" up {int(c.clock.now) // 60} min," in out


# ---- where they are installed
@pytest.mark.parametrize("tool", ["ip", "ifconfig", "netstat", "route", "free", "top", "uptime"])
def test_debian_images_do_not_ship_the_procps_and_network_tools(c, tool):
    out, err, code = run(c, "web", tool)
    assert code == 126 and "executable file not found in $PATH" in err


# ---- GNU coreutils 9.1 / util-linux 2.38 in Debian images
def test_gnu_df_keeps_one_line_per_device(c):
    assert run(c, "web", "df") == (
        "Filesystem     1K-blocks     Used Available Use% Mounted on\n"
        "overlay         61202244 19138536  38940448  33% /\n"
        "tmpfs              65536        0     65536   0% /dev\n"
        "/dev/sda1       61202244 19138536  38940448  33% /etc/hosts\n"
        "shm                65536        0     65536   0% /dev/shm\n"
        "tmpfs            8148216       12   8148204   1% /var/run/secrets/kubernetes.io/serviceaccount\n"
        "tmpfs            4074108        0   4074108   0% /proc/acpi\n"
        "tmpfs            4074108        0   4074108   0% /proc/scsi\n"
        "tmpfs            4074108        0   4074108   0% /sys/firmware\n", "", 0)
    assert run(c, "web", "df -h")[0].splitlines()[:3] == [
        "Filesystem      Size  Used Avail Use% Mounted on",
        "overlay          59G   19G   38G  33% /",
        "tmpfs            64M     0   64M   0% /dev"]


def test_gnu_df_with_files_and_errors(c):
    assert run(c, "web", "df -hT /etc/hosts /nope") == (
        "Filesystem     Type  Size  Used Avail Use% Mounted on\n"
        "/dev/sda1      ext4   59G   19G   38G  33% /etc/hosts\n", "df: /nope: No such file or directory\n", 1)
    assert run(c, "web", "df /nope") == ("", "df: /nope: No such file or directory\n", 1)
    assert run(c, "web", "df -z") == ("", "df: invalid option -- 'z'\nTry 'df --help' for more information.\n", 1)


def test_gnu_du_and_mount(c):
    assert run(c, "web", "du -sh /etc/nginx") == ("20K\t/etc/nginx\n", "", 0)
    assert run(c, "web", "du /etc/nginx") == ("8\t/etc/nginx/conf.d\n20\t/etc/nginx\n", "", 0)
    assert run(c, "web", "du /nope") == ("", "du: cannot access '/nope': No such file or directory\n", 1)
    # util-linux prints the table as busybox does; only the image's overlay layers differ
    assert run(c, "web", "mount")[0].splitlines()[1:] == run(c, "bb", "mount")[0].splitlines()[1:]
    assert run(c, "web", "mount /dev/sda1 /mnt") == (
        "", "mount: /mnt: permission denied.\n       dmesg(1) may have more information after failed mount "
            "system call.\n", 32)


def test_a_pod_without_net_admin_cannot_change_its_network(c):
    assert run(c, "bb", "ip addr add 10.0.0.9/24 dev eth0") == ("", "ip: RTNETLINK answers: Operation not permitted\n", 2)
    assert run(c, "bb", "ip route add 10.9.0.0/16 via 10.244.1.1") == (
        "", "ip: RTNETLINK answers: Operation not permitted\n", 2)
    assert run(c, "bb", "ip link set eth0 down") == ("", "ip: SIOCSIFFLAGS: Operation not permitted\n", 1)
    assert run(c, "bb", "ifconfig eth0 down") == ("", "ifconfig: SIOCSIFFLAGS: Operation not permitted\n", 1)
    assert run(c, "bb", "ifconfig eth0 10.0.0.9") == ("", "ifconfig: SIOCSIFADDR: Operation not permitted\n", 1)
    assert run(c, "bb", "route add default gw 10.244.1.1") == ("", "route: SIOCADDRT: Operation not permitted\n", 1)


def test_tmpfs_usage_follows_the_files_written(c):
    before = run(c, "srv -c shell", "df /cache")[0].splitlines()[1]
    assert before == "tmpfs                    65536         0     65536   0% /cache"
    sh(c, "srv -c shell", "seq 1 2000 > /cache/numbers && echo hi > /cache/small")  # 8893 bytes: 3 pages, 1 page
    assert run(c, "srv -c shell", "df /cache")[0].splitlines()[1] == \
        "tmpfs                    65536        16     65520   0% /cache"
    assert run(c, "srv -c shell", "du -s /cache") == ("20\t/cache\n", "", 0)


def test_ip_oneline_and_family_options(c):
    ip = pod_ip(c, "bb")
    assert run(c, "bb", "ip -o -4 addr show eth0") == (
        f"3: eth0    inet {ip}/24 brd {ip.rsplit('.', 1)[0]}.255 scope global eth0\\"
        "       valid_lft forever preferred_lft forever\n", "", 0)
    assert sh(c, "bb", "ip -o -4 a | awk '{print $4}'") == (f"127.0.0.1/8\n{ip}/24\n", "", 0)
    lines = run(c, "bb", "ip -o link")[0].splitlines()
    assert lines[0] == ("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\\"
                        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00")
    assert run(c, "bb", "ip -f link addr")[0] == run(c, "bb", "ip link")[0]
    assert run(c, "bb", "ip -f ipx addr") == ("", "ip: invalid argument 'ipx' to 'family'\n", 1)
    assert run(c, "bb", "ip -z addr")[1].startswith("BusyBox v1.36.1 ")
