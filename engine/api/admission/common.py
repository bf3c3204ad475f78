"""What the admission plug-ins share: the Forbidden error admission.NewForbidden builds, cheap
lookups through the server's caches, and letting the controllers catch up."""
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


def wait_for(server, predicate):
    """Give the controllers their moment, as the real plug-ins retry while a controller catches
    up: queued controller work runs now (no clock time passes) until `predicate()` holds. Never
    from inside a controller's own sync, which would re-enter it."""
    if predicate():
        return True
    manager = getattr(server, "controller_manager", None)
    if manager is None or manager.busy:
        return False
    return manager.drain(predicate)
