"""What an image of the catalog is: its tags, config (ENTRYPOINT, CMD, ENV, STOPSIGNAL...) and the files
of its layers; plus the base layers (busybox, alpine, Debian) the families build on."""
import hashlib

from ..fs import Tree

# A layer's files appear with the image's build time (ls -l shows it); a fixed instant before EPOCH.
BUILD_TIME = -86400.0 * 40

DEBIAN_TOOLS = ["cat", "ls", "touch", "rm", "rmdir", "mkdir", "cp", "mv", "chmod", "echo", "printf", "true",
                "false", "test", "[", "head", "tail", "wc", "seq", "expr", "tee", "sort", "uniq", "cut", "tr",
                "basename", "dirname", "yes", "sleep", "date", "env", "printenv", "pwd", "id", "whoami", "uname",
                "timeout", "grep", "egrep", "fgrep", "hostname", "which", "tar"] + [
                "sed", "find", "xargs", "base64", "ln", "md5sum", "sha256sum", "stat", "readlink", "realpath", "tac",
                "nl", "paste", "fold", "mktemp", "sync", "nohup", "chroot", "awk", "od"] + ["df", "du", "mount"]


def digest_of(text):
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


class Image:
    """A repository: `tags` maps each tag to the version it carries; `layer(tree, version)` adds its files;
    `programs` are the image's own executables (path -> program name)."""

    def __init__(self, repository, tags, base, entrypoint=(), cmd=(), env=None, layer=None, stop_signal="SIGTERM",
                 workdir="/", size=50_000_000, flavor=None, ports=(), extra=None, memory=1 << 20):
        self.repository, self.tags, self.base = repository, dict(tags), base
        self.entrypoint, self.cmd = entrypoint, cmd
        self.env = env or {}
        self.layer, self.stop_signal, self.workdir = layer, stop_signal, workdir
        self.base_size = size
        self.flavor = flavor or ("gnu" if base == "debian" else "busybox")
        self.ports = list(ports)
        self.memory = memory  # typical working set in bytes once started (what `kubectl top` shows)
        self.extra = extra  # version -> more config (e.g. which busybox the applets imitate)
        self._trees = {}

    def config(self, tag):
        version = self.tags[tag]

        def value(field):
            return field(version) if callable(field) else field
        return {"entrypoint": list(value(self.entrypoint)), "cmd": list(value(self.cmd)), "env": dict(value(self.env)),
                "workdir": self.workdir, "stop_signal": value(self.stop_signal), "flavor": self.flavor,
                "version": version, "ports": self.ports, "tag": tag, "memory": self.memory, **(value(self.extra) or {})}

    def size(self, tag):
        """Compressed size in bytes (what the kubelet's "Image size" shows): stable per tag."""
        fraction = int(hashlib.sha256(f"{self.repository}:{tag}".encode()).hexdigest()[:6], 16) / 0xFFFFFF
        return int(self.base_size * (0.95 + 0.1 * fraction))

    def digest(self, tag):
        return digest_of(f"{self.repository}:{self.tags[tag]}:{tag if tag.endswith('alpine') else ''}")

    def root_fs(self, tag):
        """A fresh copy of the image's merged layers."""
        version = self.tags[tag]
        if version not in self._trees:
            tree = Tree(BUILD_TIME)
            BASES[self.base](tree, tag)
            if self.layer is not None:
                self.layer(tree, version, tag)
            self._trees[version] = tree
        return self._trees[version].copy()


ROOT_DIRS = {  # what `ls /` shows in each base image
    "busybox": ("bin", "dev", "etc", "home", "lib", "lib64", "proc", "root", "sys", "tmp", "usr", "var"),
    "alpine": ("bin", "dev", "etc", "home", "lib", "media", "mnt", "opt", "proc", "root", "run", "sbin", "srv",
               "sys", "tmp", "usr", "var"),
    "debian": ("boot", "dev", "etc", "home", "media", "mnt", "opt", "proc", "root", "run", "srv", "sys", "tmp",
               "usr", "var"),
}


def base_dirs(tree, base="busybox"):
    for name in ROOT_DIRS[base]:
        tree.add_dir("/" + name, mtime=BUILD_TIME)
    for path in ("/var/log", "/var/run", "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/lib"):
        tree.add_dir(path, mtime=BUILD_TIME)
    tree.lookup(["tmp"]).mode = 0o1777
    tree.add("/etc/hostname", "", mtime=BUILD_TIME)
    tree.add("/etc/hosts", "127.0.0.1\tlocalhost\n", mtime=BUILD_TIME)
    tree.add("/etc/resolv.conf", "", mtime=BUILD_TIME)


def busybox_base(tree, tag, base="busybox"):
    from ...shell.applets import APPLETS  # imported late: the shell package imports the runtime
    base_dirs(tree, base)
    tree.add("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\n"
             "nobody:x:65534:65534:nobody:/home:/bin/false\n", mtime=BUILD_TIME)
    for applet in APPLETS:
        tree.add("/bin/" + applet, "", 0o755, BUILD_TIME, program=applet)


def alpine_base(tree, tag):
    busybox_base(tree, tag, "alpine")
    tree.add("/etc/alpine-release", "3.21.0\n", mtime=BUILD_TIME)
    tree.add("/etc/os-release", 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.21.0\nPRETTY_NAME="Alpine Linux v3.21"\n'
             'HOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n',
             mtime=BUILD_TIME)


def debian_base(tree, tag):
    base_dirs(tree, "debian")
    tree.add("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
             "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n", mtime=BUILD_TIME)
    tree.add("/etc/os-release", 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\n'
             'VERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n', mtime=BUILD_TIME)
    tree.add("/etc/debian_version", "12.8\n", mtime=BUILD_TIME)
    for tool in DEBIAN_TOOLS:
        tree.add("/usr/bin/" + tool, "", 0o755, BUILD_TIME, program=tool)
    tree.add("/usr/bin/dash", "", 0o755, BUILD_TIME, program="dash")
    tree.add("/usr/bin/bash", "", 0o755, BUILD_TIME, program="bash")
    tree.add("/usr/bin/sh", "", 0o755, BUILD_TIME, program="dash")
    for name in ("bin", "sbin", "lib", "lib64"):
        tree.add_symlink("/" + name, "usr/" + name, BUILD_TIME)


def scratch_base(tree, tag):
    for path in ("/proc", "/dev", "/sys", "/etc", "/tmp"):
        tree.add_dir(path, mtime=BUILD_TIME)
    tree.add("/etc/hosts", "127.0.0.1\tlocalhost\n", mtime=BUILD_TIME)


BASES = {"busybox": busybox_base, "alpine": alpine_base, "debian": debian_base, "scratch": scratch_base}
