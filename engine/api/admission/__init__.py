"""Admission: the plug-in chain every write passes (NamespaceLifecycle, ServiceAccount, LimitRanger,
ResourceQuota); mutating plug-ins run first, validating ones after validation."""


class Chain:
    def __init__(self, plugins):
        self.plugins = plugins

    def admit(self, operation, resource, obj, old, dry_run):
        for plugin in self.plugins:
            if hasattr(plugin, "admit"):
                plugin.admit(operation, resource, obj, old, dry_run)

    def validate(self, operation, resource, obj, old, dry_run):
        for plugin in self.plugins:
            if hasattr(plugin, "validate"):
                plugin.validate(operation, resource, obj, old, dry_run)


def default_chain(server):
    return Chain([])
