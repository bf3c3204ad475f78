"""Text and file applets inside pods: sed, awk, find, xargs, base64, ln, chroot and the small coreutils,
with busybox 1.36.1's wording in a busybox pod and GNU's (sed 4.9, mawk 1.3.4, findutils 4.9, coreutils
9.1) in a Debian-based nginx pod; and the kubeadm step "edit etcd.yaml with sed" from a node debug pod."""
import shlex

import pytest

from engine.cluster import Cluster


@pytest.fixture(scope="module")
def c():
    cluster = Cluster(workers=1)
    cluster.kubectl("run bb --image=busybox -- sleep 3600")
    cluster.kubectl("run web --image=nginx")
    cluster.advance(10)
    return cluster


def sh(c, pod, script, stdin=None):
    """(stdout, stderr, exit code) of `sh -c SCRIPT` in the pod."""
    r = c.kubectl(f"exec {'-i ' if stdin is not None else ''}{pod} -- sh -c {shlex.quote(script)}", stdin=stdin)
    suffix = f"command terminated with exit code {r.exit_code}\n"  # kubectl's own line
    return r.stdout, r.stderr[:-len(suffix)] if r.stderr.endswith(suffix) else r.stderr, r.exit_code


LINES = "printf 'x\\ny\\nz\\nw\\n' | "


@pytest.mark.parametrize("script, expected", [
    (LINES + "sed 's/y/Y/'", "x\nY\nz\nw\n"),
    (LINES + "sed -n '2,$p'", "y\nz\nw\n"),
    (LINES + "sed '2d;$d'", "x\nz\n"),
    (LINES + "sed -n '/y/,/z/p'", "y\nz\n"),
    (LINES + "sed '/y/,+1d'", "x\nw\n"),
    (LINES + "sed '2!d'", "y\n"),
    (LINES + "sed -e 's/x/1/' -e 's/w/4/'", "1\ny\nz\n4\n"),
    (LINES + "sed '1i\\\ntop'", "top\nx\ny\nz\nw\n"),
    (LINES + "sed '$a end'", "x\ny\nz\nw\nend\n"),
    (LINES + "sed '2c\\\nC'", "x\nC\nz\nw\n"),
    (LINES + "sed y/xyz/XYZ/", "X\nY\nZ\nw\n"),
    (LINES + "sed 2q", "x\ny\n"),
    (LINES + "sed -n '$='", "4\n"),
    (LINES + "sed -n '/y/{s/y/Y/;p}'", "Y\n"),
    ("echo hello world | sed 's/o/0/g'", "hell0 w0rld\n"),
    ("echo hello world | sed 's/o/0/2'", "hello w0rld\n"),
    ("echo hello | sed 's/\\(l*\\)o/[\\1]/'", "he[ll]\n"),
    ("echo hello | sed -E 's/(l+)/<&>/'", "he<ll>o\n"),
    ("echo 'a  b' | sed 's/[[:space:]]\\+/_/'", "a_b\n"),
    ("echo HeLLo | sed 's/l/-/Ig'", "He--o\n"),
    ("echo /usr/bin | sed 's|/|:|g'", ":usr:bin\n"),
    ("printf 'a\\nb' | sed p", "a\na\nb\nb"),
])
@pytest.mark.parametrize("pod", ["bb", "web"])
def test_sed_edits_streams(c, pod, script, expected):
    assert sh(c, pod, script) == (expected, "", 0)


@pytest.mark.parametrize("script, busybox, gnu", [
    ("sed 's/a/b'", "sed: unmatched '/'\n", "sed: -e expression #1, char 5: unterminated `s' command\n"),
    ("sed 's/a/b/gx'", "sed: bad option in substitution expression\n",
     "sed: -e expression #1, char 8: unknown option to `s'\n"),
    ("sed k", "sed: unsupported command k\n", "sed: -e expression #1, char 1: unknown command: `k'\n"),
    ("sed '1,'", "sed: no address after comma\n", "sed: -e expression #1, char 2: unexpected `,'\n"),
    ("sed -i s/a/b/", "sed: -i requires an argument\n", "sed: no input files\n"),
    ("sed s/a/b/ /nofile", "sed: /nofile: No such file or directory\n",
     "sed: can't read /nofile: No such file or directory\n"),
])
def test_sed_errors_in_each_flavor(c, script, busybox, gnu):
    assert sh(c, "bb", script + " </dev/null")[1] == busybox
    assert sh(c, "web", script + " </dev/null")[1] == gnu


def test_sed_usage(c):
    out, err, code = sh(c, "bb", "sed")
    assert (out, code) == ("", 1)
    assert err.startswith("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
                          "Usage: sed [-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...\n")
    out, err, code = sh(c, "web", "sed")
    assert err.startswith("Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n"
                          "  -n, --quiet, --silent\n")
    assert err.endswith("General help using GNU software: <https://www.gnu.org/gethelp/>.\n") and code == 1


@pytest.mark.parametrize("pod", ["bb", "web"])
def test_sed_in_place_keeps_mode_and_backs_up(c, pod):
    script = ("printf 'image: etcd:3.5\\nport: 1\\n' > /tmp/m.yaml; chmod 600 /tmp/m.yaml; "
              "sed -i.bak 's/3.5/3.6/' /tmp/m.yaml; cat /tmp/m.yaml /tmp/m.yaml.bak; ls -l /tmp/m.yaml | cut -c1-10; "
              "sed -i -e '/port/d' /tmp/m.yaml && cat /tmp/m.yaml")
    assert sh(c, pod, script) == ("image: etcd:3.6\nport: 1\nimage: etcd:3.5\nport: 1\n-rw-------\n"
                                  "image: etcd:3.6\n", "", 0)
