"""What the admission plug-ins share: the Forbidden error admission.NewForbidden builds, cheap
lookups through the server's caches, and waiting (in virtual time) for the controllers."""
from .. import errors


def forbidden(resource, obj, old, why):
    """admission.NewForbidden: named after the object, its generateName, or "Unknown"."""
    meta = ((obj or old) or {}).get("metadata") or {}
    name = meta.get("name") or meta.get("generateName") or "Unknown"
    return errors.forbidden(resource, name, why)


def namespace_of(obj, old):
    return (((obj or old) or {}).get("metadata") or {}).get("namespace", "")


def lookup(server, ref, name, namespace=None):
    """The object or None, without raising."""
    try:
        return server.get(ref, name, namespace)
    except errors.ApiError:
        return None


def wait_for(server, predicate, timeout=1.0):
    """Let the controllers run for up to `timeout` virtual seconds until `predicate()` holds, as the
    real plug-ins retry while a controller catches up. Only from outside a controller's own work,
    where running the clock would re-enter it."""
    if predicate():
        return True
    manager = getattr(server, "controller_manager", None)
    if manager is None or manager.busy:
        return False
    return server.clock.run_until(predicate, timeout)
