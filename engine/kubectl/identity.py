"""Whom a kubectl command's requests speak for: the kubeconfig user of its context (or --user), with --as,
--as-group and --as-uid impersonation; the API it talks to is the server as that user sees it."""
import base64
import os
from functools import lru_cache

from ..api import authorization
from ..api.authorization import AuthorizingView
from .cmd.cp import inside_working_folder
from .errors import CmdError, RawError, multiline
from .kubeconfig import USER, fake_pem

ADMIN_CERTIFICATE = fake_pem("CERTIFICATE", "admin", 24)  # kubeadm's admin.conf client certificate


def client_api(kubectl, opts, io, flags=()):
    """The API a command uses, through the authorizing view: kubeadm's admin.conf user known at once, any
    other identity authenticated at its first request as the apiserver would.
    `flags` are the command's own: its --user (`create rolebinding --user`) is not the kubeconfig's."""
    warn = _warning_printer(io)
    config = kubectl.kubeconfig
    context = config.context(opts.get("context")) or {}
    chosen = "" if any(f.name == "user" for f in flags) else opts.get("user") or ""
    opts = {k: opts.get(k) for k in ("as", "as-group", "as-uid")} | {"user": chosen}
    name = chosen or context.get("user", "")
    entry = config.users.get(name)
    impersonating = opts.get("as") or opts.get("as-group") or opts.get("as-uid")
    if name == USER and entry and entry.get("client-certificate-data") == ADMIN_CERTIFICATE \
            and not entry.get("token") and not entry.get("tokenFile") and not impersonating:
        return AuthorizingView(kubectl.api, _admin(), warn)  # (RBAC asked all the same: kubeadm:cluster-admins)
    return AuthorizingView(kubectl.api, lambda: _user(kubectl.api, opts, name, entry, io), warn)


@lru_cache(maxsize=1)
def _admin():
    return authorization.admin_user(ADMIN_CERTIFICATE)


def _warning_printer(io):
    """client-go's warning handler as kubectl sets it up: `Warning: text` on stderr, each text once."""
    seen = set()

    def warn(text):
        if text not in seen:
            seen.add(text)
            io.error(f"Warning: {text}\n")
    return warn


def _user(server, opts, name, entry, io):
    if opts.get("user") and entry is None:
        raise CmdError(f'auth info "{name}" does not exist')
    if not opts.get("as") and (opts.get("as-group") or opts.get("as-uid")):
        raise CmdError(f"requesting uid, groups or user-extra for {name} without impersonating a user")
    entry = entry or {}
    _check_files(name, entry)
    certificate, token = _certificate(entry), _token(entry)
    if not certificate and not token and not entry.get("username"):
        io.write("Please enter Username: ")  # client-go's basic-auth prompt, with no terminal to answer it
        raise CmdError("EOF")
    user = authorization.authenticate(server, certificate, token)
    if opts.get("as"):
        user = authorization.impersonate(server, user, opts["as"], opts.get("as-group") or [], opts.get("as-uid") or "")
    return user


def _check_files(name, entry):
    """client-go's validation of the user's certificate and key files, before any request."""
    problems = []
    for field, label in (("client-certificate", "client-cert"), ("client-key", "client-key")):
        path = entry.get(field)
        if path and not entry.get(f"{field}-data") and not os.path.exists(inside_working_folder(path)):
            problems.append(f"unable to read {label} {path} for {name} due to open {path}: no such file or directory")
    if problems:
        raise RawError(multiline("Error in configuration: ", problems))


def _certificate(entry):
    if entry.get("client-certificate-data"):
        try:
            return base64.b64decode(entry["client-certificate-data"]).decode("latin-1")
        except ValueError:
            return None
    return _read(entry.get("client-certificate"))


def _token(entry):
    return entry.get("token") or (_read(entry.get("tokenFile")) or "").strip() or None


def _read(path):
    """A file the kubeconfig names (inside the working folder)."""
    if not path:
        return None
    try:
        with open(inside_working_folder(path), encoding="latin-1") as f:
            return f.read()
    except OSError as e:
        raise CmdError(f"open {path}: {(e.strerror or str(e)).lower()}")
