"""Volume controllers: the persistent-volume-binder of kube-controller-manager and the external
local-path provisioner that serves the default `standard` StorageClass."""
from .persistentvolume import PersistentVolumeController
from .provisioner import LocalPathProvisioner

__all__ = ["PersistentVolumeController", "LocalPathProvisioner"]
