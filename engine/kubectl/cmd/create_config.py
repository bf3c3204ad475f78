"""`kubectl create configmap` and `kubectl create secret generic|tls|docker-registry`: data from
--from-literal, --from-file (files or a folder of the working directory) and --from-env-file, with
kubectl's key checks and messages, --append-hash, and the typed objects' field order."""
import base64
import hashlib
import json
import os
import re

from ..errors import CmdError
from ..flags import Flag
from . import Command
from .create import common_flags, create_generated, exactly_one_name

KEY = re.compile(r"^[-._a-zA-Z0-9]+$")
ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")


def _key_errors(key):
    """validation.IsConfigMapKey."""
    errs = []
    if len(key) > 253:
        errs.append("must be no more than 253 characters")
    if not KEY.match(key):
        errs.append("a valid config key must consist of alphanumeric characters, '-', '_' or '.' "
                    "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")
    if key == ".":
        errs.append("must not be '.'")
    elif key == "..":
        errs.append("must not be '..'")
    elif key.startswith(".."):
        errs.append("must not start with '..'")
    return errs


class Data:
    """The Data and BinaryData being built, with validateNewConfigMap/validateNewSecret's checks."""

    def __init__(self, kind, name):
        self.kind, self.name = kind, name
        self.text, self.binary = {}, {}

    def add(self, key, value):
        errs = _key_errors(key)
        if errs:
            raise CmdError(f'"{key}" is not a valid key name for a {self.kind}: {",".join(errs)}' if self.kind == "ConfigMap"
                           else f'"{key}" is not valid key name for a Secret {";".join(errs)}')
        where = self.text if isinstance(value, str) else self.binary
        for existing, label in ((self.text, "Data"), (self.binary, "BinaryData")):
            if key in existing:
                if self.kind == "ConfigMap":
                    raise CmdError(f'cannot add key "{key}", another key by that name already exists in {label} '
                                   f'for ConfigMap "{self.name}"')
                raise CmdError(f'cannot add key {key}, another key by that name already exists')
        where[key] = value


def from_literals(data, sources):
    for source in sources:
        key, sep, value = source.partition("=")
        if not sep or source.startswith("="):
            raise CmdError(f"invalid literal source {source}, expected key=value")
        data.add(key, value)


def _file_source(source):
    count = source.count("=")
    if count == 0:
        return os.path.basename(source.rstrip("/")) or source, source
    if count == 1 and source.startswith("="):
        raise CmdError(f"key name for file path {source[1:]} missing")
    if count == 1 and source.endswith("="):
        raise CmdError(f"file path for key name {source[:-1]} missing")
    if count > 1:
        raise CmdError("key names or file paths cannot contain '='")
    key, path = source.split("=")
    return key, path


def from_files(data, sources, as_bytes):
    for source in sources:
        key, path = _file_source(source)
        if not os.path.exists(path):
            raise CmdError(f"error reading {path}: no such file or directory")
        if os.path.isdir(path):
            if "=" in source:
                raise CmdError("cannot give a key name for a directory path")
            for entry in sorted(os.listdir(path)):
                item = os.path.join(path, entry)
                if os.path.isfile(item) and not os.path.islink(item):
                    _add_file(data, entry, item, as_bytes)
        else:
            _add_file(data, key, path, as_bytes)


def _add_file(data, key, path, as_bytes):
    with open(path, "rb") as f:
        raw = f.read()
    if as_bytes:
        data.add(key, raw)
        return
    try:
        data.add(key, raw.decode("utf-8"))
    except UnicodeDecodeError:
        data.add(key, raw)


def from_env_files(data, sources, as_bytes):
    for source in sources:
        if not os.path.exists(source):
            raise CmdError(f"error reading {source}: no such file or directory")
        if os.path.isdir(source):
            raise CmdError("env config file cannot be a directory" if data.kind == "ConfigMap"
                           else "env secret file cannot be a directory")
        with open(source, "rb") as f:
            lines = f.read().split(b"\n")
        for number, line in enumerate(lines):
            if number == len(lines) - 1 and not line:
                break
            if number == 0:
                line = line.removeprefix(b"\xef\xbb\xbf")
            text = line.decode("utf-8", "replace").rstrip("\r").lstrip()
            if not text or text.startswith("#"):
                continue
            key, sep, value = text.partition("=")
            if not ENV_NAME.match(key):
                raise CmdError(f'"{key}" is not a valid key name: a valid environment variable name must consist of '
                               "alphabetic characters, digits, '_', '-', or '.', and must not start with a digit "
                               "(e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation "
                               "is '[-._a-zA-Z][-._a-zA-Z0-9]*')")
            # (a line without `=` takes the variable from kubectl's environment: the simulated one is empty)
            data.add(key, value.encode() if as_bytes else value)


def _hash(encoded):
    """hash.encodeHash: the first 10 hex digits of sha256, with 0 1 3 a e replaced by g h k m t."""
    digest = hashlib.sha256(encoded.encode()).hexdigest()[:10]
    return digest.translate(str.maketrans("013ae", "ghkmt"))


def _go_json(value):
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False) \
        .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _b64(raw):
    return base64.b64encode(raw).decode()


def run_configmap(ctx):
    opts = ctx.opts
    name = exactly_one_name(ctx)
    if opts["from-env-file"] and (opts["from-file"] or opts["from-literal"]):
        raise CmdError("from-env-file cannot be combined with from-file or from-literal")
    data = Data("ConfigMap", name)
    from_files(data, opts["from-file"], as_bytes=False)
    from_literals(data, opts["from-literal"])
    from_env_files(data, opts["from-env-file"], as_bytes=False)
    binary = {k: _b64(v) for k, v in data.binary.items()}
    if opts["append-hash"]:
        encoded = {"data": data.text, "kind": "ConfigMap", "name": name}
        if binary:
            encoded["binaryData"] = binary
        name = f"{name}-{_hash(_go_json(encoded))}"
    meta = {"name": name}
    if ctx.explicit_namespace:
        meta["namespace"] = ctx.namespace
    meta["creationTimestamp"] = None
    obj = {"kind": "ConfigMap", "apiVersion": "v1", "metadata": meta}
    if data.text:
        obj["data"] = dict(sorted(data.text.items()))
    if binary:
        obj["binaryData"] = dict(sorted(binary.items()))
    return create_generated(ctx, "configmaps", obj, failure="failed to create configmap")


def _secret(ctx, name, secret_type, data, append_hash):
    """The typed Secret (`type` omitted when empty, as generic without --type leaves it)."""
    encoded_data = {k: _b64(v) for k, v in sorted(data.items())}
    if append_hash:
        name = f"{name}-{_hash(_go_json({'data': encoded_data, 'kind': 'Secret', 'name': name, 'type': secret_type}))}"
    meta = {"name": name}
    if ctx.explicit_namespace:
        meta["namespace"] = ctx.namespace
    meta["creationTimestamp"] = None
    obj = {"kind": "Secret", "apiVersion": "v1", "metadata": meta}
    if encoded_data:
        obj["data"] = encoded_data
    if secret_type:
        obj["type"] = secret_type
    return create_generated(ctx, "secrets", obj, failure="failed to create secret")


def run_secret_generic(ctx):
    opts = ctx.opts
    name = exactly_one_name(ctx)
    if opts["from-env-file"] and (opts["from-file"] or opts["from-literal"]):
        raise CmdError("from-env-file cannot be combined with from-file or from-literal")
    data = Data("Secret", name)
    from_files(data, opts["from-file"], as_bytes=True)
    from_literals(data, [s for s in opts["from-literal"]])
    from_env_files(data, opts["from-env-file"], as_bytes=True)
    values = {k: (v.encode() if isinstance(v, str) else v) for k, v in {**data.text, **data.binary}.items()}
    return _secret(ctx, name, opts["type"], values, opts["append-hash"])


def run_secret_tls(ctx):
    opts = ctx.opts
    name = exactly_one_name(ctx)
    if not opts["cert"] or not opts["key"]:
        raise CmdError("key and cert must be specified")
    files = {}
    for path in (opts["cert"], opts["key"]):
        try:
            with open(path, "rb") as f:
                files[path] = f.read()
        except OSError:
            raise CmdError(f"Cannot read file {path}, open {path}: no such file or directory")
    if b"-----BEGIN" not in files[opts["cert"]] or b"-----BEGIN" not in files[opts["key"]]:
        raise CmdError("tls: failed to find any PEM data in certificate input")
    return _secret(ctx, name, "kubernetes.io/tls", {"tls.crt": files[opts["cert"]], "tls.key": files[opts["key"]]},
                   opts["append-hash"])


def run_secret_docker_registry(ctx):
    opts = ctx.opts
    name = exactly_one_name(ctx)
    if not opts["from-file"]:
        missing = [flag for flag in ("docker-username", "docker-password") if not opts[flag]]
        if missing:
            raise CmdError(f"either --from-file or the combination of --docker-username, --docker-password and "
                           f"--docker-server is required")
        server = opts["docker-server"]
        auth = {"username": opts["docker-username"], "password": opts["docker-password"]}
        if opts["docker-email"]:
            auth["email"] = opts["docker-email"]
        auth["auth"] = _b64(f"{opts['docker-username']}:{opts['docker-password']}".encode())
        config = json.dumps({"auths": {server: auth}}, separators=(",", ":"))
        data = {".dockerconfigjson": config.encode()}
    else:
        holder = Data("Secret", name)
        from_files(holder, opts["from-file"], as_bytes=True)
        data = holder.binary
    return _secret(ctx, name, "kubernetes.io/dockerconfigjson", data, opts["append-hash"])


SOURCES = [Flag("from-file", kind="slice"), Flag("from-literal", kind="array"), Flag("from-env-file", kind="slice"),
           Flag("append-hash", kind="bool")]
CONFIGMAP = Command("configmap", run_configmap, common_flags() + SOURCES)
GENERIC = Command("generic", run_secret_generic, common_flags() + SOURCES + [Flag("type")])
TLS = Command("tls", run_secret_tls, common_flags() + [Flag("cert"), Flag("key"), Flag("append-hash", kind="bool")])
DOCKER = Command("docker-registry", run_secret_docker_registry, common_flags() + [
    Flag("docker-server", default="https://index.docker.io/v1/"), Flag("docker-username"), Flag("docker-password"),
    Flag("docker-email"), Flag("from-file", kind="slice"), Flag("append-hash", kind="bool")])


def run_secret(ctx):
    """A bare `create secret` prints its help to stderr and fails, as cobra does for a parent command."""
    from ..kubectl import help_text
    ctx.io.error(help_text(ctx.path))
    return 1


SECRET = Command("secret", run_secret, [], subcommands={"generic": GENERIC, "tls": TLS, "docker-registry": DOCKER})
