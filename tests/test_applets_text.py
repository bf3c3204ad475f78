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
    (LINES + "sed '1!G;h;$!d'", "w\nz\ny\nx\n"),
    (LINES + "sed 'N;s/\\n/,/'", "x,y\nz,w\n"),
    (LINES + "sed '$!N;P;D'", "x\ny\nz\nw\n"),
    (LINES + "sed -n 'h;n;G;p'", "y\nx\nw\nz\n"),
    (LINES + "sed -n '/y/w /tmp/sed-w' && echo hi > /tmp/r && sed '$r /tmp/r' /tmp/sed-w", "y\nhi\n"),
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


TREE = "mkdir -p /tmp/t/d/e && cd /tmp/t && echo hi > a.txt && echo x > d/b.TXT && : > d/e/empty && ln -sf a.txt lnk; "


@pytest.mark.parametrize("script, expected", [
    ("find .", ".\n./a.txt\n./d\n./d/b.TXT\n./d/e\n./d/e/empty\n./lnk\n"),
    ("find . -name '*.txt'", "./a.txt\n"),
    ("find . -iname '*.txt'", "./a.txt\n./d/b.TXT\n"),
    ("find . -type d", ".\n./d\n./d/e\n"),
    ("find . -type l", "./lnk\n"),
    ("find . -maxdepth 1 -type f", "./a.txt\n"),
    ("find . -mindepth 2", "./d/b.TXT\n./d/e\n./d/e/empty\n"),
    ("find . -empty", "./d/e/empty\n"),
    ("find . ! -type d -a ! -type l", "./a.txt\n./d/b.TXT\n./d/e/empty\n"),
    ("find . \\( -name a.txt -o -name b.TXT \\)", "./a.txt\n./d/b.TXT\n"),
    ("find d -name e -prune -o -print", "d\nd/b.TXT\n"),
    ("find . -path './d/*' -type f", "./d/b.TXT\n./d/e/empty\n"),
    ("find d -name b.TXT -exec cat {} \\;", "x\n"),
    ("find . -type f -exec echo {} +", "./a.txt ./d/b.TXT ./d/e/empty\n"),
    ("find d/e -type f -delete; find d", "d\nd/b.TXT\nd/e\n"),
    ("find . -type f | xargs", "./a.txt ./d/b.TXT ./d/e/empty\n"),
    ("find d -type f | xargs -n 1 echo f:", "f: d/b.TXT\nf: d/e/empty\n"),
    ("find d -type f | xargs -I{} echo [{}]", "[d/b.TXT]\n[d/e/empty]\n"),
    ("find . -type f -print0 | xargs -0 cat", "hi\nx\n"),
    ("printf '' | xargs -r echo none; printf '' | xargs echo none", "none\n"),
])
@pytest.mark.parametrize("pod", ["bb", "web"])
def test_find_and_xargs(c, pod, script, expected):
    assert sh(c, pod, "rm -rf /tmp/t; " + TREE + script) == (expected, "", 0)


@pytest.mark.parametrize("script, busybox, gnu", [
    ("find /nofile", "find: /nofile: No such file or directory\n", "find: '/nofile': No such file or directory\n"),
    ("find . -type q", "find: invalid argument 'q' to '-type'\n", "find: Unknown argument to -type: q\n"),
    ("find . -name", "find: -name requires an argument\n", "find: missing argument to `-name'\n"),
    ("find . -exec echo", "find: -exec requires an argument\n", "find: missing argument to `-exec'\n"),
    ("echo a | xargs -n1 nothere", "xargs: nothere: No such file or directory\n",
     "xargs: nothere: No such file or directory\n"),
])
def test_find_and_xargs_errors(c, script, busybox, gnu):
    assert sh(c, "bb", script)[1:] == (busybox, 1 if "xargs" not in script else 127)
    assert sh(c, "web", script)[1:] == (gnu, 1 if "xargs" not in script else 127)


def test_find_unknown_predicate(c):
    out, err, code = sh(c, "bb", "find . -foo")
    assert err.startswith("find: unrecognized: -foo\nBusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
                          "Usage: find [-HL] [PATH]... [OPTIONS] [ACTIONS]\n\nSearch for files and perform actions")
    assert sh(c, "web", "find . -foo") == ("", "find: unknown predicate `-foo'\n", 1)


@pytest.mark.parametrize("script, expected", [
    ("echo hi | base64", "aGkK\n"),
    ("echo aGkK | base64 -d", "hi\n"),
    ("printf '%060d' 0 | base64 | head -1 | wc -c", "77\n"),
    ("printf 'hello world' | base64 -w 8", "aGVsbG8g\nd29ybGQ=\n"),
    ("echo hi | base64 -w0", "aGkK"),
    ("echo hi | md5sum", "764efa883dda1e11db47671c4a3bbd9e  -\n"),
    ("echo hi > /tmp/h; sha256sum /tmp/h",
     "98ea6e4f216f2fb4b69fff9b3a44842c38686ca685f3f55dc48c5d3fb1107be4  /tmp/h\n"),
    ("echo hi > /tmp/h; md5sum /tmp/h > /tmp/sums; md5sum -c /tmp/sums", "/tmp/h: OK\n"),
    ("cd /tmp && echo hi > h && ln -sf h l && readlink l && readlink -f l && realpath l && cat l",
     "h\n/tmp/h\n/tmp/h\nhi\n"),
    ("cd /tmp && echo hi > h && ln -f h hard && echo more >> hard && cat h", "hi\nmore\n"),
    ("cd /tmp && echo hi > h && mkdir -p dd && ln -sf /tmp/h dd && readlink dd/h", "/tmp/h\n"),
    ("echo hi > /tmp/h; chmod 640 /tmp/h; stat -c '%n %s %a %A %U %G %F' /tmp/h /tmp",
     "/tmp/h 3 640 -rw-r----- root root regular file\n/tmp 4096 1777 drwxrwxrwt root root directory\n"),
    ("printf 'a\\nb\\nc\\n' | tac", "c\nb\na\n"),
    ("printf 'a\\nb\\n' | nl", "     1\ta\n     2\tb\n"),
    ("printf 'a\\nb\\n' > /tmp/p; paste /tmp/p /tmp/p; paste -s -d, /tmp/p", "a\ta\nb\tb\na,b\n"),
    ("echo abcdefgh | fold -w 3", "abc\ndef\ngh\n"),
    ("mktemp -d | cut -c1-9", "/tmp/tmp.\n"),
    ("sync; echo done", "done\n"),
])
@pytest.mark.parametrize("pod", ["bb", "web"])
def test_coreutils(c, pod, script, expected):
    assert sh(c, pod, script) == (expected, "", 0)


@pytest.mark.parametrize("script, busybox, gnu", [
    ("echo 'aGk@@K' | base64 -d", ("hi\n", "", 0), ("hi", "base64: invalid input\n", 1)),
    ("base64 /nofile", ("", "base64: can't open '/nofile': No such file or directory\n", 1),
     ("", "base64: /nofile: No such file or directory\n", 1)),
    ("cd /tmp; touch f; ln -s f l2; ln -s f l2", ("", "ln: l2: File exists\n", 1),
     ("", "ln: failed to create symbolic link 'l2': File exists\n", 1)),
    ("ln /nofile x", ("", "ln: /nofile: No such file or directory\n", 1),
     ("", "ln: failed to access '/nofile': No such file or directory\n", 1)),
    ("stat /nofile", ("", "stat: can't stat '/nofile': No such file or directory\n", 1),
     ("", "stat: cannot statx '/nofile': No such file or directory\n", 1)),
    ("readlink /etc/hostname", ("", "", 1), ("", "", 1)),
    ("chroot /nope true", ("", "chroot: can't change root directory to '/nope': No such file or directory\n", 1),
     ("", "chroot: cannot change root directory to '/nope': No such file or directory\n", 125)),
])
def test_coreutils_errors(c, script, busybox, gnu):
    assert sh(c, "bb", script) == busybox
    assert sh(c, "web", script) == gnu


def test_busybox_only_applets(c):
    assert sh(c, "bb", "echo abc | rev; usleep 1000; time sleep 1.5") == (
        "cba\n", "real\t0m 1.50s\nuser\t0m 0.00s\nsys\t0m 0.00s\n", 0)
    assert sh(c, "web", "echo abc | rev") == ("", "sh: 1: rev: not found\n", 127)
    assert sh(c, "bb", "ln")[1].startswith("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
                                           "Usage: ln [-sfnbtv] [-S SUF] TARGET... LINK|DIR\n")
    assert sh(c, "web", "ln") == ("", "ln: missing file operand\nTry 'ln --help' for more information.\n", 1)


def test_stat_default_format(c):
    out, err, code = sh(c, "bb", "echo hi > /tmp/s; stat /tmp/s")
    lines = out.splitlines()
    assert lines[0] == "  File: /tmp/s"
    assert lines[1] == "  Size: 3         \tBlocks: 8          IO Block: 4096   regular file"
    assert lines[3] == "Access: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)"
    assert lines[5].startswith("Modify: 20") and lines[5].endswith(".000000000 +0000") and len(lines) == 7


def test_chroot_into_the_node_edits_a_static_pod_manifest(c):
    """kubeadm's "edit etcd.yaml with sed" from `kubectl debug node/control-plane --image=busybox`: chroot /host
    runs the node's own GNU sed; the kubelet sees the new manifest and restarts etcd with it."""
    script = ("s/--listen-metrics-urls=http:\\/\\/127.0.0.1:2381/"
              "--listen-metrics-urls=http:\\/\\/0.0.0.0:2381/")
    r = c.kubectl("debug node/control-plane --image=busybox -q -- chroot /host sed -i " + shlex.quote(script)
                  + " /etc/kubernetes/manifests/etcd.yaml")
    assert (r.stdout, r.exit_code) == ("", 0)
    c.advance(30)
    etcd = c.api.get("pods", "etcd-control-plane", "kube-system")
    assert "--listen-metrics-urls=http://0.0.0.0:2381" in etcd["spec"]["containers"][0]["command"]
    r = c.kubectl("debug node/control-plane --image=busybox -- chroot /host sed s/a/b/ /nofile")
    debugger = r.stdout.split()[3]  # "Creating debugging pod NAME with container debugger on node ..."
    c.advance(5)
    assert c.kubectl(f"logs {debugger}").stdout == "sed: can't read /nofile: No such file or directory\n"


ROWS = "printf 'a b c\\n1 2 3\\nx y\\n' | "


@pytest.mark.parametrize("script, expected", [
    (ROWS + "awk '{print $1}'", "a\n1\nx\n"),
    (ROWS + "awk '{print $NF, NF, NR}'", "c 3 1\n3 3 2\ny 2 3\n"),
    ("echo 'a:b' | awk -F: '{print $2}'", "b\n"),
    (ROWS + "awk '/1/'", "1 2 3\n"),
    (ROWS + "awk 'NR==2{print $2*10}'", "20\n"),
    (ROWS + "awk '{s=s $1} END{print s, length(s)}'", "a1x 3\n"),
    (ROWS + "awk '{$2=\"Z\"; print; print NF}'", "a Z c\n3\n1 Z 3\n3\nx Z\n2\n"),
    (ROWS + "awk 'BEGIN { OFS=\"-\" } { $1=$1; print }'", "a-b-c\n1-2-3\nx-y\n"),
    (ROWS + "awk '{gsub(/[0-9]/,\"#\"); print}'", "a b c\n# # #\nx y\n"),
    (ROWS + "awk '{sub(\"b\",\"[&]\"); print}'", "a [b] c\n1 2 3\nx y\n"),
    (ROWS + "awk '$1 ~ /^[a-z]/ {print $2} $1 !~ /a/ {print \"no\"}'", "b\nno\ny\nno\n"),
    (ROWS + "awk 'NR==1,NR==2{print NR}'", "1\n2\n"),
    (ROWS + "awk '{ n[$1]++ } END { for (k in n) c++; print c }'", "3\n"),
    (ROWS + "awk 'NR==1{getline x; print x} END{print NR}'", "1 2 3\n3\n"),
    ("awk 'BEGIN{printf \"%d %s %5.2f|%-4s|%c\\n\", \"12abc\", 3.0, 3.14159, \"ab\", 65}'", "12 3  3.14|ab  |A\n"),
    ("awk 'BEGIN{x=1/3; print x, 0.1+0.2, 1e6, 123456789}'", "0.333333 0.3 1000000 123456789\n"),
    ("awk 'BEGIN{n=split(\"a:b:c\",arr,\":\"); print n, arr[3]}'", "3 c\n"),
    ("awk 'BEGIN{print substr(\"hello\",2,3), substr(\"hello\",0,2), index(\"hello\",\"ll\"), toupper(\"ab\")}'",
     "ell he 3 AB\n"),
    ("awk 'BEGIN{for(i=0;i<3;i++) s=s i; print s; while(j<2) j++; print j; do k++; while(k<5); print k}'",
     "012\n2\n5\n"),
    ("awk 'function f(a,b){return a+b} BEGIN{print f(2,3)}'", "5\n"),
    ("awk -v x=5 'BEGIN{print x+1}'", "6\n"),
    ("awk 'BEGIN{a=\"10\"; b=\"9\"; print (a<b), (a+0<b+0), sprintf(\"%03d\", 7)}'", "1 0 007\n"),
    ("awk 'BEGIN{print match(\"foobar\", /ob/), RSTART, RLENGTH}'", "3 3 2\n"),
    ("awk 'BEGIN{exit 3} END{print \"end\"}'; echo $?", "end\n3\n"),
])
@pytest.mark.parametrize("pod", ["bb", "web"])
def test_awk_programs(c, pod, script, expected):
    assert sh(c, pod, script) == (expected, "", 0)


@pytest.mark.parametrize("script, busybox, mawk", [
    ("awk '{'", ("", "awk: cmd. line:1: Unexpected end of string\n", 1),
     ("", "awk: line 2: missing } near end of file\n", 2)),
    ("awk 'BEGIN { print 1 +* 2 }'", ("", "awk: cmd. line:1: Unexpected token\n", 1),
     ("", "awk: line 1: syntax error at or near *\n", 2)),
    ("awk '{print}' /nofile", ("", "awk: can't open '/nofile': No such file or directory\n", 1),
     ("", "awk: cannot open /nofile (No such file or directory)\n", 2)),
    ("awk 'BEGIN{print 1/0}'", ("", "awk: cmd. line:1: Division by zero\n", 1), ("inf\n", "", 0)),
    ("awk 'BEGIN{printf \"%s\\n\"}'", ("", "awk: cmd. line:1: Too few arguments\n", 1),
     ("", 'awk: run time error: not enough arguments passed to printf("%s\n")\n\tFILENAME="" FNR=0 NR=0\n', 2)),
    ("awk 'BEGIN{print 100000*100000, 2^53}'", ("10000000000 9007199254740992\n", "", 0),
     ("1e+10 9.0072e+15\n", "", 0)),
])
def test_awk_flavors(c, script, busybox, mawk):
    assert sh(c, "bb", script) == busybox
    assert sh(c, "web", script) == mawk


def test_awk_array_order_follows_busybox_hash(c):
    script = "awk 'BEGIN { x[\"b\"]; x[\"a\"]; x[\"c\"]; x[1]; x[10]; x[2]; for (k in x) printf k \" \"; print \"\" }'"
    assert sh(c, "bb", script) == ("10 a b c 1 2 \n", "", 0)


def test_awk_usage(c):
    out, err, code = sh(c, "bb", "awk")
    assert (out, code) == ("", 1)
    assert err.startswith("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
                          "Usage: awk [OPTIONS] [AWK_PROGRAM] [FILE]...\n\n\t-v VAR=VAL\tSet variable\n")
    out, err, code = sh(c, "web", "awk")
    assert (out, code) == ("", 2) and err.startswith("Usage: mawk [Options] [Program] [file ...]\n")


@pytest.mark.parametrize("pod, expected", [
    ("bb", ("a.txt: FAILED\n", "md5sum: WARNING: 1 of 1 computed checksums did NOT match\n", 1)),
    ("web", ("a.txt: FAILED\n", "md5sum: WARNING: 1 computed checksum did NOT match\n", 1)),
])
def test_md5sum_check_failure(c, pod, expected):
    script = "cd /tmp && echo hi > a.txt && echo '764efa883dda1e11db47671c4a3bbd9f  a.txt' > s && md5sum -c s"
    assert sh(c, pod, script) == expected


def test_paste_columns_from_one_stdin(c):
    assert sh(c, "web", "printf 'a\\nb\\nc\\n' | paste -d: - -") == ("a:b\nc:\n", "", 0)
    assert sh(c, "web", "echo x > /tmp/no-sums; md5sum -c /tmp/no-sums") == (
        "", "md5sum: /tmp/no-sums: no properly formatted checksum lines found\n", 1)


@pytest.mark.parametrize("pod", ["bb", "web"])
def test_awk_runs_commands(c, pod):
    script = ("printf 'c\\na\\nb\\n' | awk '{print | \"sort\"} END{print \"end\"}'; "
              "awk 'BEGIN { \"echo hi; echo there\" | getline d; print d; "
              "r = system(\"echo inside; exit 3\"); print r }'")
    assert sh(c, pod, script) == ("a\nb\nc\nend\nhi\ninside\n3\n", "", 0)
    before = c.now
    assert sh(c, pod, "awk 'BEGIN { system(\"sleep 2\") }'") == ("", "", 0)
    assert c.now - before >= 2


@pytest.mark.parametrize("pod", ["bb", "web"])
def test_od(c, pod):
    assert sh(c, pod, "printf 'hi\\tthere\\n\\001' | od -c") == (
        "0000000   h   i  \\t   t   h   e   r   e  \\n 001\n0000012\n", "", 0)
    assert sh(c, pod, "printf 'hi\\n' | od; printf 'hix' | od -x; printf 'hi\\n' | od -An -b") == (
        "0000000 064550 000012\n0000003\n0000000 6968 0078\n0000003\n 150 151 012\n", "", 0)
    assert sh(c, pod, "printf '%042d' 0 | od -c") == (
        "0000000" + "   0" * 16 + "\n*\n0000040" + "   0" * 10 + "\n0000052\n", "", 0)
    assert sh(c, pod, "od /nofile") == ("", "od: /nofile: No such file or directory\n", 1)


def test_grep_and_expr_read_posix_regular_expressions_as_sed_does(c):
    """One translation of POSIX BRE/ERE for every applet: bracket classes, \\{n\\} in a BRE, {n} with -E."""
    script = "printf 'a1\\nbb\\nc22\\n' | grep '[[:digit:]]\\{2\\}'; printf 'a1\\nc22\\n' | grep -E '^[a-z][0-9]{1}$'"
    assert sh(c, "bb", script) == ("c22\na1\n", "", 0)
    assert sh(c, "bb", "expr abc123 : '[[:alpha:]]*'") == ("3\n", "", 0)
