"""/proc inside containers, as a Linux 6.1 kernel shows it in a pod's PID namespace: a directory per process
(cmdline, comm, status, environ, cgroup, mounts), /proc/self for the reader, the node's meminfo, cpuinfo,
loadavg, uptime and version, /proc/mounts as `mount` prints it, net/tcp with the pod's listening sockets;
nothing can be created, removed or written."""
import shlex

import pytest

from engine.cluster import Cluster

PODS = """
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  securityContext: {runAsUser: 1000, runAsGroup: 3000}
  containers:
  - name: main
    image: busybox
    command: [sleep, "3600"]
    env: [{name: GREETING, value: hello}]
---
apiVersion: v1
kind: Pod
metadata: {name: srv}
spec:
  containers:
  - {name: nc, image: busybox, command: [nc, -lk, -p, "8080"]}
  - {name: shell, image: busybox, command: [sleep, "3600"]}
"""

STATUS_TAIL = (
    "VmPeak:\t    4404 kB\nVmSize:\t    4404 kB\nVmLck:\t       0 kB\nVmPin:\t       0 kB\nVmHWM:\t     900 kB\n"
    "VmRSS:\t     900 kB\nRssAnon:\t      90 kB\nRssFile:\t     810 kB\nRssShmem:\t       0 kB\n"
    "VmData:\t      90 kB\nVmStk:\t     132 kB\nVmExe:\t     968 kB\nVmLib:\t      16 kB\nVmPTE:\t      44 kB\n"
    "VmSwap:\t       0 kB\nHugetlbPages:\t       0 kB\nCoreDumping:\t0\nTHP_enabled:\t1\nThreads:\t1\n"
    "SigQ:\t0/31615\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\nSigBlk:\t0000000000000000\n"
    "SigIgn:\t0000000000000000\nSigCgt:\t0000000000000000\nCapInh:\t0000000000000000\n")


@pytest.fixture(scope="module")
def c():
    cluster = Cluster(workers=1)
    cluster.kubectl("run bb --image=busybox -- sleep 3600")
    cluster.apply(PODS)
    cluster.advance(10)
    return cluster


def run(c, target, command):
    """(stdout, stderr, exit code) of a command exec'd in a pod."""
    r = c.kubectl(f"exec {target} -- {command}")
    suffix = f"command terminated with exit code {r.exit_code}\n"
    return r.stdout, r.stderr[:-len(suffix)] if r.stderr.endswith(suffix) else r.stderr, r.exit_code


def sh(c, target, script):
    return run(c, target, "sh -c " + shlex.quote(script))


def container(c, pod):
    for kubelet in c.network.kubelets.values():
        for worker in kubelet.workers.values():
            if worker.pod["metadata"]["name"] == pod:
                return worker.records[0].instance
    raise AssertionError(pod)


def next_pid(c, pod):
    return container(c, pod)._next_pid


def test_pid_1_shows_its_command_line_nul_separated_and_its_name(c):
    assert run(c, "bb", "cat /proc/1/cmdline") == ("sleep\x003600\x00", "", 0)
    assert run(c, "bb", "cat /proc/1/comm") == ("sleep\n", "", 0)
    assert run(c, "bb", "cat /proc/1/cgroup") == ("0::/\n", "", 0)
    assert sh(c, "bb", "tr '\\0' ' ' < /proc/1/cmdline") == ("sleep 3600 ", "", 0)


def test_ls_proc_lists_the_live_pids_the_reader_included_and_the_files(c):
    pid = next_pid(c, "bb")
    assert run(c, "bb", "ls /proc") == (
        f"1\n{pid}\ncpuinfo\nloadavg\nmeminfo\nmounts\nnet\nself\nuptime\nversion\n", "", 0)
    pid = next_pid(c, "bb")
    out, _, code = run(c, "bb", "ls -l /proc")
    assert code == 0
    assert out.splitlines()[5:9] == [
        "-r--r--r--    1 root     root             0 Jan  1 00:00 meminfo",
        "lrwxrwxrwx    1 root     root             0 Jan  1 00:00 mounts -> self/mounts",
        "lrwxrwxrwx    1 root     root             0 Jan  1 00:00 net -> self/net",
        f"lrwxrwxrwx    1 root     root             0 Jan  1 00:00 self -> {pid}"]
    assert run(c, "bb", "ls /proc/1") == ("cgroup\ncmdline\ncomm\nenviron\nmounts\nnet\nstatus\n", "", 0)


def test_proc_self_is_the_reading_process(c):
    pid = next_pid(c, "bb")
    assert run(c, "bb", "readlink /proc/self") == (f"{pid}\n", "", 0)
    pid = next_pid(c, "bb")
    assert run(c, "bb", "cat /proc/self/cmdline") == ("cat\x00/proc/self/cmdline\x00", "", 0)
    out, _, _ = run(c, "bb", "cat /proc/self/status")
    assert out.startswith(f"Name:\tcat\nUmask:\t0022\nState:\tR (running)\nTgid:\t{pid + 1}\n")


def test_status_prints_the_kernels_fields_for_a_root_process(c):
    out, err, code = run(c, "bb", "cat /proc/1/status")
    assert (err, code) == ("", 0)
    assert out == (
        "Name:\tsleep\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t1\nNgid:\t0\nPid:\t1\nPPid:\t0\nTracerPid:\t0\n"
        "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t64\nGroups:\t0 10 \nNStgid:\t1\nNSpid:\t1\nNSpgid:\t1\n"
        "NSsid:\t1\n" + STATUS_TAIL +
        "CapPrm:\t00000000a80425fb\nCapEff:\t00000000a80425fb\nCapBnd:\t00000000a80425fb\n"
        "CapAmb:\t0000000000000000\nNoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n"
        "Speculation_Store_Bypass:\tthread vulnerable\nSpeculationIndirectBranch:\tconditional enabled\n"
        "Cpus_allowed:\tf\nCpus_allowed_list:\t0-3\n"
        "Mems_allowed:\t" + "00000000," * 31 + "00000001\nMems_allowed_list:\t0\n"
        "voluntary_ctxt_switches:\t1\nnonvoluntary_ctxt_switches:\t0\n")
    assert sh(c, "bb", "grep -E '^(Name|State|Pid|Uid)' /proc/1/status") == (
        "Name:\tsleep\nState:\tS (sleeping)\nPid:\t1\nUid:\t0\t0\t0\t0\n", "", 0)


def test_a_non_root_process_shows_its_ids_and_no_capabilities(c):
    out, _, code = sh(c, "app", "grep -E '^(Uid|Gid|Groups|Cap)' /proc/1/status")
    assert code == 0
    assert out == ("Uid:\t1000\t1000\t1000\t1000\nGid:\t3000\t3000\t3000\t3000\nGroups:\t3000 \n"
                   "CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\n"
                   "CapBnd:\t00000000a80425fb\nCapAmb:\t0000000000000000\n")
    assert run(c, "app", "ls -l /proc/1/environ") == (
        "-r--------    1 1000     3000             0 Jan  1 00:00 /proc/1/environ\n", "", 0)


def test_environ_holds_the_processs_variables(c):
    out, _, code = run(c, "app", "cat /proc/1/environ")
    assert code == 0
    entries = out.split("\0")
    assert entries[0] == "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    assert entries[1] == "HOSTNAME=app" and "GREETING=hello" in entries
    assert entries[-2:] == ["HOME=/root", ""]


def test_proc_mounts_is_the_table_mount_prints(c):
    mounts, err, code = run(c, "bb", "cat /proc/mounts")
    listed = run(c, "bb", "mount")[0]
    assert (err, code) == ("", 0)
    assert [line.rsplit(" 0 0", 1)[0].split(" ") for line in mounts.splitlines()] == [
        [dev, path, kind, opts[1:-1]] for dev, _, path, _, kind, opts in (l.split(" ") for l in listed.splitlines())]
    assert mounts.splitlines()[1:3] == ["proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0",
                                        "tmpfs /dev tmpfs rw,nosuid,size=65536k,mode=755 0 0"]
    assert run(c, "bb", "cat /proc/self/mounts")[0] == mounts
    assert run(c, "bb", "readlink /proc/mounts") == ("self/mounts\n", "", 0)


def test_meminfo_is_the_nodes_and_agrees_with_free(c):
    out, _, code = run(c, "bb", "cat /proc/meminfo")
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "MemTotal:        8148216 kB"
    assert [line[:16] for line in lines[:5]] == ["MemTotal:       ", "MemFree:        ", "MemAvailable:   ",
                                                  "Buffers:        ", "Cached:         "]
    values = {line.split(":")[0]: int(line.split()[1]) for line in lines}
    free = run(c, "bb", "free")[0].splitlines()[1].split()
    assert int(free[1]) == values["MemTotal"] and int(free[3]) == values["MemFree"]
    assert int(free[6]) == values["MemAvailable"] and int(free[5]) == values["Buffers"] + values["Cached"]
    assert lines[-9:] == ["HugePages_Total:       0", "HugePages_Free:        0", "HugePages_Rsvd:        0",
                          "HugePages_Surp:        0", "Hugepagesize:       2048 kB", "Hugetlb:               0 kB",
                          "DirectMap4k:      190464 kB", "DirectMap2M:     8154360 kB", "DirectMap1G:           0 kB"]


def test_cpuinfo_has_a_block_per_node_cpu(c):
    assert sh(c, "bb", "cat /proc/cpuinfo | grep processor | wc -l") == ("4\n", "", 0)
    out, _, _ = run(c, "bb", "head -5 /proc/cpuinfo")
    assert out == ("processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\n"
                   "model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\n")
    assert sh(c, "bb", "grep -c '^power management:$' /proc/cpuinfo") == ("4\n", "", 0)


def test_loadavg_uptime_and_version(c):
    pid = next_pid(c, "bb")
    out, _, code = run(c, "bb", "cat /proc/loadavg")
    assert code == 0 and out.startswith("0.00 0.00 0.00 1/") and out.endswith(f" {pid}\n")
    top = run(c, "bb", "top -b -n 1")[0].splitlines()[2]
    assert top.split()[5] == out.split()[3]  # the same task count
    now = c.clock.now
    assert run(c, "bb", "cat /proc/uptime") == (f"{now:.2f} {now * 4 * 0.97:.2f}\n", "", 0)
    assert run(c, "bb", "cat /proc/version") == (
        "Linux version 6.1.0-28-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, "
        "GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)\n", "", 0)


def test_ps_and_proc_list_the_same_processes(c):
    first = next_pid(c, "bb")
    out, _, code = sh(c, "bb", "sleep 100 & ls /proc | grep '^[0-9]'; echo; ps | awk 'NR > 1 {print $1}'; kill $!")
    assert code == 0
    listed, shown = out.split("\n\n")
    assert listed.split() == shown.split() == ["1", str(first), str(first + 1)]
    pid = first + 1
    assert run(c, "bb", f"cat /proc/{pid}/cmdline") == ("", f"cat: can't open '/proc/{pid}/cmdline': "
                                                          "No such file or directory\n", 1)


def test_nothing_can_be_created_removed_or_written(c):
    assert sh(c, "bb", "echo x > /proc/foo") == ("", "sh: can't create /proc/foo: Permission denied\n", 1)
    assert run(c, "bb", "mkdir /proc/x") == ("", "mkdir: can't create directory '/proc/x': "
                                                 "Operation not permitted\n", 1)
    assert run(c, "bb", "rm /proc/meminfo") == ("", "rm: can't remove '/proc/meminfo': Operation not permitted\n", 1)
    assert sh(c, "app", "echo x > /proc/meminfo") == ("", "sh: can't create /proc/meminfo: Permission denied\n", 1)
    assert run(c, "bb", "head -1 /proc/meminfo") == ("MemTotal:        8148216 kB\n", "", 0)
    assert run(c, "bb", "cat /proc/1/nothing") == ("", "cat: can't open '/proc/1/nothing': "
                                                       "No such file or directory\n", 1)


def test_net_tcp_lists_the_pods_listening_sockets_as_netstat_does(c):
    out, err, code = run(c, "srv -c shell", "cat /proc/net/tcp")
    lines = out.split("\n")
    assert (err, code) == ("", 0)
    assert [len(line) for line in lines] == [149, 149, 0]
    assert lines[0].rstrip() == ("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
                                 "timeout inode")
    assert lines[1].startswith("   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0"
                               "        0 ")
    assert lines[1].rstrip().endswith(" 1 0000000000000000 100 0 0 10 0")
    assert "0.0.0.0:8080" in run(c, "srv -c shell", "netstat -tln")[0]
    assert run(c, "bb", "cat /proc/net/tcp")[0] == lines[0] + "\n"
    assert run(c, "bb", "cat /proc/net/tcp6")[0] == (
        "  sl  local_address                         remote_address                        st tx_queue "
        "rx_queue tr tm->when retrnsmt   uid  timeout inode\n")
