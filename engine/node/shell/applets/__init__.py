"""busybox-style applets; importing this package registers them in the runtime's PROGRAMS table."""
from . import archive, files, net, system, text  # noqa: F401
from . import awk, coreutils, findutils, sed  # noqa: F401
from . import disk, iproute, procps  # noqa: F401

# Every applet a busybox image links into /bin (the names its filesystem lists).
APPLETS = sorted({"cat", "ls", "touch", "rm", "rmdir", "mkdir", "cp", "mv", "chmod", "echo", "printf", "true",
                  "false", "test", "[", "grep", "egrep", "fgrep", "head", "tail", "wc", "seq", "expr", "tee",
                  "sort", "uniq", "cut", "tr", "basename", "dirname", "yes", "sleep", "date", "env", "printenv",
                  "hostname", "pwd", "id", "whoami", "uname", "which", "kill", "killall", "pkill", "ps",
                  "timeout", "wget", "nslookup", "nc", "ping", "tar", "sh", "ash"}
                 | {"sed", "find", "xargs", "base64", "ln", "md5sum", "sha256sum", "stat", "readlink", "realpath", "rev",
                    "tac", "nl", "paste", "fold", "mktemp", "sync", "usleep", "time", "nohup", "chroot", "awk", "od"}
                 | {"df", "mount", "du", "free", "top", "uptime", "ip", "ifconfig", "route", "netstat"})
