"""Resolving what the user typed (`pods`, `deploy,svc`, `po/web`, `all`) to served resources,
as kubectl's resource builder does with discovery (here: `api.registry`)."""
from .errors import CmdError, NoResourceMatch


def resolve_type(api, text):
    """One resource type (`po`, `deployments.apps`, `deploy.v1.apps`); NoResourceMatch if unknown."""
    if text == "":
        raise NoResourceMatch(text)
    resource = api.registry.lookup(text)
    if resource is None:
        raise NoResourceMatch(text)
    return resource


def resolve_types(api, text):
    """Comma-separated types; `all` expands to the `all` category in discovery order."""
    resources = []
    for part in text.split(","):
        if part == "all":
            found = api.registry.category("all")
        else:
            found = [resolve_type(api, part)]
        for r in found:
            if r not in resources:
                resources.append(r)
    return resources


def slash_form(args):
    return any("/" in a for a in args)


def selector_with_names_error(args):
    """What the builder says when names and a selector (or --all) are both given."""
    if slash_form(args):
        return CmdError("selectors and the all flag cannot be used when passing resource/name arguments")
    return CmdError("name cannot be provided when a selector is specified")


def type_name_args(api, args):
    """(resource, name or None) pairs from `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...` arguments."""
    if any("/" in a for a in args):
        pairs = []
        for arg in args:
            if "/" not in arg:
                raise CmdError("there is no need to specify a resource type as a separate argument when passing "
                               "arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' "
                               "instead of 'kubectl get resource resource/<resource_name>'")
            if arg.count("/") > 1:
                raise CmdError("arguments in resource/name form may not have more than one slash")
            type_, _, name = arg.partition("/")
            if not type_ or not name or "," in type_:
                raise CmdError("arguments in resource/name form must have a single resource and name")
            pairs.append((resolve_type(api, type_), name))
        return pairs
    types = resolve_types(api, args[0])
    names = args[1:]
    if not names:
        return [(r, None) for r in types]
    return [(r, n) for r in types for n in names]
