"""`kubectl config set|unset PROPERTY` (clientcmd's navigation of the Config by dotted names, map keys
found by the next known field), set-cluster, set-credentials, delete-cluster and delete-user."""
import base64
import binascii
import os

from ..errors import CmdError, UsageError
from ..flags import Flag
from ..kubectl import help_text
from . import Command
from .cp import inside_working_folder

# clientcmd's internal api types: fields by json name, each with its Go type (what error messages show)
TYPES = {
    "api.Config": {"kind": "string", "apiVersion": "string", "preferences": "api.Preferences",
                   "clusters": "map[string]*api.Cluster", "users": "map[string]*api.AuthInfo",
                   "contexts": "map[string]*api.Context", "current-context": "string",
                   "extensions": "map[string]runtime.Object"},
    "api.Preferences": {"colors": "bool", "extensions": "map[string]runtime.Object"},
    "api.Cluster": {"server": "string", "tls-server-name": "string", "insecure-skip-tls-verify": "bool",
                    "certificate-authority": "string", "certificate-authority-data": "[]uint8", "proxy-url": "string",
                    "disable-compression": "bool", "extensions": "map[string]runtime.Object"},
    "api.AuthInfo": {"client-certificate": "string", "client-certificate-data": "[]uint8", "client-key": "string",
                     "client-key-data": "[]uint8", "token": "string", "tokenFile": "string", "act-as": "string",
                     "act-as-uid": "string", "act-as-groups": "[]string",
                     "act-as-user-extra": "map[string][]string", "username": "string", "password": "string",
                     "auth-provider": "*api.AuthProviderConfig", "exec": "*api.ExecConfig",
                     "extensions": "map[string]runtime.Object"},
    "api.Context": {"cluster": "string", "user": "string", "namespace": "string",
                    "extensions": "map[string]runtime.Object"},
}
V1_NAMES = {"act-as": "as", "act-as-uid": "as-uid", "act-as-groups": "as-groups"}  # what the file calls them
B64 = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def _config(ctx):
    return ctx.kubectl.kubeconfig


def _help_error(ctx, message):
    ctx.io.write(help_text(ctx.path))
    raise CmdError(message)


def _args(args):
    return "[" + " ".join(args) + "]"


# ---- set / unset
def run_set(ctx):
    if len(ctx.args) != 2:
        _help_error(ctx, f"Unexpected args: {_args(ctx.args)}")
    name, value = ctx.args
    if not value:
        raise CmdError("you cannot use set to unset a property")
    if not name:
        raise CmdError("you must specify a property")
    raw = ctx.opts["set-raw-bytes"] not in ("", "false")
    _modify(_config(ctx), _steps(name), value, False, raw)
    ctx.io.write(f'Property "{name}" set.\n')
    return 0


def run_unset(ctx):
    if len(ctx.args) != 1:
        _help_error(ctx, f"Unexpected args: {_args(ctx.args)}")
    name = ctx.args[0]
    if not name:
        raise CmdError("you must specify a property")
    _modify(_config(ctx), _steps(name), "", True, False)
    ctx.io.write(f'Property "{name}" unset.\n')
    return 0


def _steps(path):
    """newNavigationSteps: [(name, Go type)]; a map key runs up to the next known field name."""
    parts, steps, kind, i = path.split("."), [], "api.Config", 0
    while i < len(parts):
        if kind.startswith("map[string]*"):
            value_kind = kind[len("map[string]*"):]
            known = TYPES[value_kind]
            rest = parts[i + 1:]
            count = next((n + 1 for n, part in enumerate(rest) if part in known), len(parts) - i)
            step = ".".join(parts[i:i + count])
            steps.append((step, value_kind))
            i, kind = i + count, value_kind
        elif kind in TYPES:
            if parts[i] not in TYPES[kind]:
                shown = " ".join("{" + f"{n} {t}" + "}" for n, t in steps)
                raise CmdError(f"unable to parse {path} after [{shown}] at {kind}")
            steps.append((parts[i], TYPES[kind][parts[i]]))
            i, kind = i + 1, TYPES[kind][parts[i]]
        else:
            raise CmdError(f"unable to parse one or more field values of {path}")
    return steps


def _modify(config, steps, value, unset, raw):
    root = {"preferences": config.preferences, "clusters": config.clusters, "users": config.users,
            "contexts": config.contexts, "current-context": config.current}
    _walk(root, "api.Config", steps, value, unset, raw)
    config.current = root.get("current-context") or ""


def _walk(holder, kind, steps, value, unset, raw):
    """modifyConfig: `holder` is the struct (a dict) whose field the first step names."""
    (name, field_kind), rest = steps[0], steps[1:]
    key = V1_NAMES.get(name, name)
    if not rest and unset:
        if field_kind.startswith("map["):
            holder.get(key, {}).clear()
        else:
            holder.pop(key, None)
            if key == "current-context":
                holder[key] = ""
        return
    if field_kind.startswith("map[string]*"):
        table = holder.setdefault(key, {})
        if not rest:
            raise CmdError(f"can't set a map to a value: {_go_map(table)}")
        (entry, entry_kind), rest = rest[0], rest[1:]
        if not rest:
            if not unset:
                raise CmdError(f"can't set a map to a value: {_go_map(table)}")
            table.pop(entry, None)
            return
        if entry not in table:
            if unset:
                raise CmdError(f"current map key `{entry}` is invalid")
            table[entry] = {}
        return _walk(table[entry], entry_kind, rest, value, unset, raw)
    if rest and field_kind in TYPES:  # a struct field (preferences)
        return _walk(holder.setdefault(key, {}), field_kind, rest, value, unset, raw)
    if rest:
        raise CmdError(f"unable to parse one or more field values of {'.'.join(n for n, _ in steps)}")
    holder[key] = _leaf(field_kind, value, raw)


def _leaf(kind, value, raw):
    if kind == "string":
        return value
    if kind == "bool":
        parsed = {"1": True, "t": True, "T": True, "TRUE": True, "true": True, "True": True,
                  "0": False, "f": False, "F": False, "FALSE": False, "false": False, "False": False}.get(value)
        if parsed is None:
            raise CmdError(f'strconv.ParseBool: parsing "{value}": invalid syntax')
        return parsed
    if kind == "[]uint8":
        data = value.encode() if raw else _go_b64decode(value)
        return base64.b64encode(data).decode()
    raise CmdError(f"unrecognized slice type. {kind[2:]}" if kind.startswith("[]") else
                   f"can't set a value of type {kind}")


def _go_b64decode(text):
    for i, ch in enumerate(text):
        if ch not in B64 and ch != "=":
            raise CmdError(f"error decoding input value: illegal base64 data at input byte {i}")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        at = text.find("=") if "=" in text.rstrip("=") else len(text) - (len(text) % 4 or 4)
        raise CmdError(f"error decoding input value: illegal base64 data at input byte {max(at, 0)}")


def _go_map(table):
    """fmt's %v of a map of pointers: keys sorted, each value an address (made up, but stable)."""
    return "map[" + " ".join(f"{k}:0xc{0x000680000 + 0x80 * i:09x}" for i, k in enumerate(sorted(table))) + "]"


# ---- set-cluster / set-credentials
def run_set_cluster(ctx):
    opts = ctx.opts
    if len(ctx.args) != 1:
        _help_error(ctx, f"Unexpected args: {_args(ctx.args)}")
    name = ctx.args[0]
    if not name:
        raise CmdError("you must specify a non-empty cluster name")
    ca = opts["certificate-authority"]
    if opts["insecure-skip-tls-verify"] and ca:
        raise CmdError("you cannot specify a certificate authority and insecure mode at the same time")
    if opts["embed-certs"]:
        if not ca:
            raise CmdError("you must specify a --certificate-authority to embed")
        _stat("certificate-authority", ca)
    cluster = _config(ctx).clusters.setdefault(name, {"server": ""})
    if opts.changed("server"):
        cluster["server"] = opts["server"]
        cluster.pop("tls-server-name", None)
    if opts.changed("tls-server-name"):
        cluster["tls-server-name"] = opts["tls-server-name"]
    if opts.changed("insecure-skip-tls-verify"):
        cluster["insecure-skip-tls-verify"] = opts["insecure-skip-tls-verify"]
        if opts["insecure-skip-tls-verify"]:
            cluster.pop("certificate-authority", None)
            cluster.pop("certificate-authority-data", None)
    if opts.changed("certificate-authority"):
        _set_file(cluster, "certificate-authority", ca, opts["embed-certs"])
        if opts["embed-certs"] or ca:
            cluster.pop("insecure-skip-tls-verify", None)
    if opts.changed("proxy-url"):
        cluster["proxy-url"] = opts["proxy-url"]
    ctx.io.write(f'Cluster "{name}" set.\n')
    return 0


def run_set_credentials(ctx):
    opts = ctx.opts
    if len(ctx.args) != 1:
        _help_error(ctx, f"unexpected args: {_args(ctx.args)}")
    provider_args, provider_remove = _pairs(opts["auth-provider-arg"], "auth-provider-arg")
    env, env_remove = _pairs(opts["exec-env"], "exec-env")
    name = ctx.args[0]
    if not name:
        raise CmdError("you must specify a non-empty user name")
    methods = (["--token"] if opts["token"] else []) + \
        (["--username/--password"] if opts["username"] or opts["password"] else [])
    if len(methods) > 1:
        raise CmdError("you cannot specify more than one authentication method at the same time: " + ", ".join(methods))
    cert, key = opts["client-certificate"], opts["client-key"]
    if opts["embed-certs"]:
        if not cert and not key:
            raise CmdError("you must specify a --client-certificate or --client-key to embed")
        for flag, path in (("client-certificate", cert), ("client-key", key)):
            if path:
                _stat(flag, path)
    if opts.changed("exec-interactive-mode") and opts["exec-interactive-mode"] not in ("IfAvailable", "Always", "Never"):
        raise CmdError("invalid interactive mode type, can be only IfAvailable, Never, Always")
    user = _config(ctx).users.setdefault(name, {})
    for flag in ("client-certificate", "client-key"):
        if opts.changed(flag):
            _set_file(user, flag, opts[flag], opts["embed-certs"])
    set_token = set_basic = False
    if opts.changed("token"):
        user["token"] = opts["token"]
        set_token = bool(opts["token"])
    for flag in ("username", "password"):
        if opts.changed(flag):
            user[flag] = opts[flag]
            set_basic = set_basic or bool(opts[flag])
    _auth_provider(user, opts, provider_args, provider_remove)
    _exec(user, opts, env, env_remove)
    if set_token or set_basic:
        if not set_token:
            user.pop("token", None)
        if not set_basic:
            user.pop("username", None)
            user.pop("password", None)
    ctx.io.write(f'User "{name}" set.\n')
    return 0


def _pairs(values, flag):
    """cmdutil.ParsePairs with removal: KEY=VALUE sets, KEY- removes."""
    new, remove = {}, []
    for value in values:
        if "=" in value:
            key, _, val = value.partition("=")
            if not key:
                raise CmdError(f"invalid {flag}: '{value}'")
            new[key] = val
        elif value.endswith("-"):
            remove.append(value[:-1])
        else:
            raise CmdError(f"invalid {flag}: '{value}'")
    return new, remove


def _auth_provider(user, opts, args, remove):
    if opts.changed("auth-provider"):
        if (user.get("auth-provider") or {}).get("name") != opts["auth-provider"]:
            user["auth-provider"] = {"name": opts["auth-provider"]}
    provider = user.get("auth-provider")
    if provider is not None:
        config = provider.setdefault("config", {})
        for key in remove:
            config.pop(key, None)
        config.update(args)
        if not config:
            provider.pop("config")


def _exec(user, opts, env, remove):
    if opts.changed("exec-command"):
        if user.get("exec") is None:
            user["exec"] = {"command": opts["exec-command"]}
        else:
            user["exec"]["command"] = opts["exec-command"]
            user["exec"].pop("args", None)
    spec = user.get("exec")
    if spec is None:
        return
    if opts.changed("exec-api-version"):
        spec["apiVersion"] = opts["exec-api-version"]
    if opts["exec-arg"]:
        spec["args"] = list(opts["exec-arg"])
    if opts.changed("exec-interactive-mode"):
        spec["interactiveMode"] = opts["exec-interactive-mode"]
    if opts.changed("exec-provide-cluster-info"):
        spec["provideClusterInfo"] = opts["exec-provide-cluster-info"]
    variables = [v for v in spec.get("env") or [] if v["name"] not in remove]
    for key, value in env.items():
        found = next((v for v in variables if v["name"] == key), None)
        if found:
            found["value"] = value
        else:
            variables.append({"name": key, "value": value})
    if variables or "env" in spec or env or remove:
        spec["env"] = variables
    order = ("command", "args", "env", "apiVersion", "installHint", "provideClusterInfo", "interactiveMode")
    user["exec"] = dict({k: spec[k] for k in order if k in spec}, provideClusterInfo=spec.get("provideClusterInfo", False))
    user["exec"] = {k: user["exec"][k] for k in order if k in user["exec"]}


def _stat(flag, path):
    if not os.path.exists(path):
        raise CmdError(f"could not stat {flag} file {path}: stat {path}: no such file or directory")


def _set_file(entry, flag, path, embed):
    """A path stored absolute, or with --embed-certs the file's bytes (read only inside the working folder)."""
    if embed:
        try:
            with open(inside_working_folder(path), "rb") as f:
                entry[f"{flag}-data"] = base64.b64encode(f.read()).decode()
        except OSError as e:
            raise CmdError(f"read {path}: {(e.strerror or str(e)).lower()}")
        entry.pop(flag, None)
        return
    entry[flag] = os.path.abspath(path) if path else ""
    if path:
        entry.pop(f"{flag}-data", None)


# ---- delete-cluster / delete-user
def run_delete_cluster(ctx):
    config = _config(ctx)
    if len(ctx.args) != 1:
        ctx.io.write(help_text(ctx.path))
        return 0
    name = ctx.args[0]
    if name not in config.clusters:
        raise CmdError(f"cannot delete cluster {name}, not in {config.path}")
    del config.clusters[name]
    ctx.io.write(f"deleted cluster {name} from {config.path}\n")
    return 0


def run_delete_user(ctx):
    config = _config(ctx)
    if len(ctx.args) != 1:
        raise UsageError(f"user to delete is required\nSee '{ctx.path} -h' for help and examples")
    name = ctx.args[0]
    if name not in config.users:
        raise CmdError(f"cannot delete user {name}, not in {config.path}")
    del config.users[name]
    ctx.io.write(f"deleted user {name} from {config.path}\n")
    return 0


COMMANDS = {
    "set": Command("set", run_set, [Flag("set-raw-bytes", default="", no_opt_default="true")]),
    "unset": Command("unset", run_unset),
    "set-cluster": Command("set-cluster", run_set_cluster, [
        Flag("server"), Flag("certificate-authority"), Flag("insecure-skip-tls-verify", kind="bool"),
        Flag("tls-server-name"), Flag("proxy-url"), Flag("embed-certs", kind="bool")]),
    "set-credentials": Command("set-credentials", run_set_credentials, [
        Flag("client-certificate"), Flag("client-key"), Flag("token"), Flag("username"), Flag("password"),
        Flag("auth-provider"), Flag("auth-provider-arg", kind="slice"), Flag("exec-command"),
        Flag("exec-api-version"), Flag("exec-arg", kind="slice"), Flag("exec-env", kind="array"),
        Flag("exec-interactive-mode"), Flag("exec-provide-cluster-info", kind="bool"),
        Flag("embed-certs", kind="bool")]),
    "delete-cluster": Command("delete-cluster", run_delete_cluster),
    "delete-user": Command("delete-user", run_delete_user),
}
