"""ControllerManager: starts kube-controller-manager's controllers against the API server and
tells when their work queues have drained (how a fresh cluster finishes booting)."""
from .namespace import NamespaceController
from .resourcequota import ResourceQuotaController
from .root_ca_publisher import RootCAPublisher
from .serviceaccount import ServiceAccountController
from .volume_protection import PVCProtectionController, PVProtectionController

# in the order kube-controller-manager starts them; later issues append theirs
CONTROLLERS = [ServiceAccountController, RootCAPublisher, NamespaceController, ResourceQuotaController,
               PVCProtectionController, PVProtectionController]


class ControllerManager:
    def __init__(self, server, clock, controllers=None):
        self.server, self.clock = server, clock
        self.controllers = [cls(self) for cls in (controllers if controllers is not None else CONTROLLERS)]
        self.busy = 0  # > 0 while a controller's sync runs (admission must not run the clock then)

    def start(self):
        self.server.controller_manager = self
        for controller in self.controllers:
            controller.start()
        return self

    def stop(self):
        for controller in self.controllers:
            controller.stop()
        if getattr(self.server, "controller_manager", None) is self:
            self.server.controller_manager = None

    def idle(self):
        """No controller has a key waiting or in progress (delayed re-checks do not count)."""
        return all(c.idle() for c in self.controllers)

    def settle(self, timeout=1.0):
        """Run the clock until every work queue is empty, for at most `timeout` virtual seconds."""
        return self.clock.run_until(self.idle, timeout)

    def get(self, name):
        return next((c for c in self.controllers if c.name == name), None)
