"""`-o name`: `kind.group/name` (`deployment.apps/nginx`, `pod/web`), as kubectl's NamePrinter."""


def resource_name(obj, resource=None):
    kind = (resource.kind if resource else obj.get("kind", "")).lower()
    group = resource.group if resource else obj.get("apiVersion", "").rpartition("/")[0]
    name = obj.get("metadata", {}).get("name", "")
    return f"{kind}.{group}/{name}" if group else f"{kind}/{name}"


def dumps(objs, resource_for=lambda obj: None):
    return "".join(resource_name(o, resource_for(o)) + "\n" for o in objs)
