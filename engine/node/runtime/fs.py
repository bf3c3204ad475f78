"""In-memory filesystems of simulated containers: a Tree per image layer stack or volume, and a
Mounts view that joins a container's root Tree with its volume mounts (read-only ones refuse writes) and /proc."""
import posixpath

STRERROR = {
    "ENOENT": "No such file or directory",
    "EROFS": "Read-only file system",
    "EISDIR": "Is a directory",
    "ENOTDIR": "Not a directory",
    "EEXIST": "File exists",
    "ENOTEMPTY": "Directory not empty",
    "EACCES": "Permission denied",
    "EBUSY": "Resource busy",
    "EINVAL": "Invalid argument",
    "EPERM": "Operation not permitted",
    "EIO": "I/O error",
}


class FsError(Exception):
    """A failed file operation; `str()` is the C library's strerror text."""

    def __init__(self, errno_name, path=""):
        super().__init__(STRERROR[errno_name])
        self.errno = errno_name
        self.path = path

    @property
    def strerror(self):
        return STRERROR[self.errno]


class Node:
    """A file, directory or symlink; `program` names what runs when a file is executed."""

    __slots__ = ("kind", "mode", "mtime", "data", "entries", "program", "target", "owner", "uid", "gid")

    def __init__(self, kind, mode, mtime, data="", program=None, target=None, owner=None, uid=0, gid=0):
        self.kind, self.mode, self.mtime = kind, mode, mtime
        self.data = data
        self.entries = {} if kind == "dir" else None
        self.program = program
        self.target = target
        self.owner = owner  # the Tree allowed to change this node in place (others copy it first)
        self.uid, self.gid = uid, gid

    @property
    def is_dir(self):
        return self.kind == "dir"

    @property
    def size(self):
        if self.kind == "dir":
            return 4096
        return len(self.data.encode()) if self.kind == "file" else len(self.target or "")

    def clone(self, owner):
        node = Node(self.kind, self.mode, self.mtime, self.data, self.program, self.target, owner, self.uid, self.gid)
        if self.kind == "dir":
            node.entries = dict(self.entries)
        return node


def split(path):
    return [part for part in posixpath.normpath("/" + path).split("/") if part]


class Tree:
    """One filesystem (an image's merged layers, an emptyDir, a configMap volume...)."""

    def __init__(self, mtime=0.0):
        self.root = Node("dir", 0o755, mtime, owner=self)

    def copy(self):
        tree = Tree()
        tree.root = self.root
        return tree

    def writable(self, parts):
        """The node at `parts`, made private to this tree (copied along the path if shared)."""
        if self.root.owner is not self:
            self.root = self.root.clone(self)
        node = self.root
        for part in parts:
            if node.kind != "dir":
                raise FsError("ENOTDIR")
            child = node.entries.get(part)
            if child is None:
                raise FsError("ENOENT")
            if child.owner is not self:
                child = node.entries[part] = child.clone(self)
            node = child
        return node

    def lookup(self, parts):
        node = self.root
        for part in parts:
            if node.kind != "dir":
                raise FsError("ENOTDIR")
            node = node.entries.get(part)
            if node is None:
                raise FsError("ENOENT")
        return node

    def add(self, path, data="", mode=0o644, mtime=0.0, program=None):
        """Put a file at `path` (creating parent directories): used to build image layers and volumes."""
        parts = split(path)
        parent = self.add_dir("/".join(parts[:-1]), mtime=mtime)
        parent.entries[parts[-1]] = Node("file", mode, mtime, data, program, owner=self)

    def add_dir(self, path, mode=0o755, mtime=0.0):
        parts = split(path)
        node = self.writable([])
        for i, part in enumerate(parts):
            child = node.entries.get(part)
            if child is None:
                child = node.entries[part] = Node("dir", mode, mtime, owner=self)
            elif child.owner is not self:
                child = self.writable(parts[: i + 1])
            if child.kind != "dir":
                raise FsError("ENOTDIR", "/" + "/".join(parts[: i + 1]))
            node = child
        return node

    def add_symlink(self, path, target, mtime=0.0):
        parts = split(path)
        parent = self.add_dir("/".join(parts[:-1]), mtime=mtime)
        parent.entries[parts[-1]] = Node("link", 0o777, mtime, target=target, owner=self)


class Mounts:
    """A container's view of files: its root Tree plus volumes mounted at paths.

    Paths are resolved against the longest mount prefix; symlinks are followed."""

    def __init__(self, root, clock=None):
        self.clock = clock
        self.mounts = {(): (root, False)}
        self.identity = (0, 0, (0,))  # uid, gid, supplementary groups of the container's processes
        self.writes = 0  # bumps on every change; the shell uses it to notice busy loops

    def mount(self, path, tree, read_only=False):
        parts = tuple(self._resolve(path)[3])  # symlinks on the way are followed, as mount(2) does
        self.mounts[parts] = (tree, read_only)
        if parts:
            try:  # the mount point shows in its parent's listing; the mount works even where that fails
                self.mounts[()][0].add_dir("/" + "/".join(parts))
            except FsError:
                pass

    def mount_proc(self, container):
        """Mount the container's proc filesystem (computed from its processes) at /proc."""
        from .procfs import ProcTree
        self.mount("/proc", ProcTree(container))

    def now(self):
        return self.clock.now if self.clock else 0.0

    # -- resolution
    def _resolve(self, path, follow_last=True, depth=0):
        """(tree, read_only, parts inside the tree, absolute parts) after following symlinks."""
        parts = split(path)
        tree, ro = self.mounts[()]
        base, node = 0, tree.root
        nested = len(self.mounts) > 1
        for i, part in enumerate(parts):
            if nested:
                mounted = self.mounts.get(tuple(parts[: i + 1]))
                if mounted is not None:
                    tree, ro = mounted
                    base, node = i + 1, tree.root
                    continue
            if node is None or node.kind != "dir":
                node = None
                continue
            child = node.entries.get(part)
            if child is not None and child.kind == "link" and (follow_last or i < len(parts) - 1):
                if depth > 8:
                    raise FsError("ENOENT", path)
                parent = "/" + "/".join(parts[:i])
                target = child.target if child.target.startswith("/") else posixpath.join(parent, child.target)
                rest = "/".join(parts[i + 1:])
                return self._resolve(posixpath.join(target, rest) if rest else target, follow_last, depth + 1)
            node = child
        return tree, ro, parts[base:], parts

    def node(self, path, follow=True):
        tree, _, inner, _ = self._resolve(path, follow)
        try:
            return tree.lookup(inner)
        except FsError as err:
            raise FsError(err.errno, path) from None

    def _parent(self, path):
        tree, ro, inner, parts = self._resolve(path, follow_last=False)
        if not inner:  # the mount point itself
            raise FsError("EBUSY", path)
        if ro:
            return tree.lookup(inner[:-1]), inner[-1], ro
        parent = tree.writable(inner[:-1])
        if parent.kind != "dir":
            raise FsError("ENOTDIR", path)
        return parent, inner[-1], ro

    def _writable(self, path):
        """The node at `path` (symlinks followed), private to its tree so it can change in place."""
        tree, ro, inner, _ = self._resolve(path)
        if ro:
            raise FsError("EROFS", path)
        try:
            return tree.writable(inner)
        except FsError as err:
            raise FsError(err.errno, path) from None

    def _changed(self):
        self.writes += 1

    # -- queries
    def exists(self, path):
        try:
            self.node(path)
            return True
        except FsError:
            return False

    def is_dir(self, path):
        try:
            return self.node(path).is_dir
        except FsError:
            return False

    def is_file(self, path):
        try:
            return self.node(path).kind == "file"
        except FsError:
            return False

    def read(self, path):
        node = self.node(path)
        if node.is_dir:
            raise FsError("EISDIR", path)
        if not self._allowed(node, 4):
            raise FsError("EACCES", path)
        return node.data

    def _allowed(self, node, bit):
        """Unix permission check for the container's user (root may do anything)."""
        uid, gid, groups = self.identity
        if uid == 0:
            return True
        if node.uid == uid:
            return bool(node.mode & (bit << 6))
        if node.gid == gid or node.gid in groups:
            return bool(node.mode & (bit << 3))
        return bool(node.mode & bit)

    def _new(self, parent, kind, mode, data=""):
        """A node created by the container's user; a setgid directory passes its group down (fsGroup)."""
        uid, gid, _ = self.identity
        if not self._allowed(parent, 2):
            raise FsError("EACCES")
        group = parent.gid if parent.mode & 0o2000 else gid
        node = Node(kind, mode, self.now(), data, uid=uid, gid=group)
        if kind == "dir" and parent.mode & 0o2000:
            node.mode |= 0o2000
        return node

    def listdir(self, path):
        node = self.node(path)
        if not node.is_dir:
            raise FsError("ENOTDIR", path)
        names = set(node.entries)
        prefix = tuple(split(path))
        for mount in self.mounts:
            if len(mount) == len(prefix) + 1 and mount[:-1] == prefix:
                names.add(mount[-1])
        return sorted(names)

    def read_only(self, path):
        return self._resolve(path)[1]

    # -- changes
    def write(self, path, data, append=False, mode=0o644):
        try:
            node = self.node(path)
        except FsError as err:
            if err.errno != "ENOENT":
                raise
            node = None
        if node is not None:
            if node.is_dir:
                raise FsError("EISDIR", path)
            if not self._allowed(node, 2):
                raise FsError("EACCES", path)
            node = self._writable(path)
            node.data = node.data + data if append else data
            node.mtime = self.now()
        else:
            try:
                parent, name, ro = self._parent(path)
            except FsError as err:  # a directory without a create operation (/proc) refuses with EACCES
                if err.errno != "EPERM":
                    raise
                raise FsError("EACCES", path) from None
            if ro:
                raise FsError("EROFS", path)
            try:
                parent.entries[name] = self._new(parent, "file", mode, data)
            except FsError:
                raise FsError("EACCES", path) from None
            parent.mtime = self.now()
        self._changed()

    def touch(self, path):
        if self.exists(path):
            if not self._allowed(self.node(path), 2):
                raise FsError("EACCES", path)
            self._writable(path).mtime = self.now()
            self._changed()
        else:
            self.write(path, "")

    def mkdir(self, path, parents=False, mode=0o755):
        if parents:
            parts = split(path)
            for i in range(1, len(parts) + 1):
                sub = "/" + "/".join(parts[:i])
                if self.exists(sub):
                    if not self.is_dir(sub):
                        raise FsError("ENOTDIR", sub)
                    continue
                self.mkdir(sub, mode=mode)
            return
        if self.exists(path) or self._is_mount_point(path):
            raise FsError("EEXIST", path)
        parent, name, ro = self._parent(path)
        if ro:
            raise FsError("EROFS", path)
        try:
            parent.entries[name] = self._new(parent, "dir", mode)
        except FsError:
            raise FsError("EACCES", path) from None
        self._changed()

    def _is_mount_point(self, path):
        return tuple(split(path)) in self.mounts

    def remove(self, path, recursive=False):
        node = self.node(path, follow=False)
        if self._is_mount_point(path):
            raise FsError("EBUSY", path)
        if node.is_dir and node.entries and not recursive:
            raise FsError("ENOTEMPTY", path)
        parent, name, ro = self._parent(path)
        if ro:
            raise FsError("EROFS", path)
        if not self._allowed(parent, 2):
            raise FsError("EACCES", path)
        del parent.entries[name]
        self._changed()

    def rename(self, src, dst):
        node = self.node(src, follow=False)
        if self.is_dir(dst):
            dst = posixpath.join(dst, split(src)[-1])
        sparent, sname, sro = self._parent(src)
        dparent, dname, dro = self._parent(dst)
        if sro or dro:
            raise FsError("EROFS", dst if dro else src)
        if not (self._allowed(sparent, 2) and self._allowed(dparent, 2)):
            raise FsError("EACCES", dst)
        dparent.entries[dname] = node
        del sparent.entries[sname]
        self._changed()

    def chmod(self, path, mode):
        node = self.node(path)
        if self.identity[0] not in (0, node.uid) and not self.read_only(path):
            raise FsError("EPERM", path)
        self._writable(path).mode = mode
        self._changed()
