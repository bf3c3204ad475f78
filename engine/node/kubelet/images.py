"""The kubelet's image manager: pull policy (Always, IfNotPresent, Never), the node's image cache,
pulls serialized one at a time (serializeImagePulls: true) and the per-pod pull back-off (10 s to 5 min)."""
from ..runtime import PullError, default_catalog
from .backoff import Backoff
from ...api.gofmt import go_duration as _go_duration

FAILED_PULL_SECONDS = 0.9  # a registry answering "not found" or "denied": one round trip and a token
MANIFEST_SECONDS = 0.6  # pulling an image whose layers are all present: the manifest round trip


def go_duration(seconds):
    """The pull time as the kubelet prints it: truncated to milliseconds ("612ms", "2.345s", "1m2.5s")."""
    return _go_duration(int(seconds * 1000 + 1e-6) / 1000)


class ImageManager:
    """One node's images. `ensure(...)` is a sync step: `image, error = yield from manager.ensure(...)`."""

    def __init__(self, clock, catalog=None, preloaded=()):
        self.clock = clock
        self.catalog = catalog or default_catalog()
        self.present = {}  # resolved name (docker.io/library/nginx:1.14.2) -> PulledImage
        self.backoff = Backoff(10.0, 300.0)
        self.free_at = 0.0  # when the (serial) puller is free again
        self.queued = set()  # images a queued pull will bring (later pulls of them fetch only the manifest)
        for name in preloaded:
            try:
                image = self.catalog.lookup(name)
                self.present[image.name] = image
            except PullError:
                pass

    def images(self):
        """node.status.images: [{names: [repo@digest, name], sizeBytes}] biggest first, as the kubelet lists them."""
        out = [{"names": [img.image_id, img.name], "sizeBytes": img.size} for img in self.present.values()]
        return sorted(out, key=lambda i: (-i["sizeBytes"], i["names"][1]))

    def ensure(self, pod, container, event):
        """EnsureImageExists: returns (PulledImage, None) or (None, (reason, message)). `event(type, reason,
        message)` records on the container's reference."""
        name = container.get("image", "")
        policy = container.get("imagePullPolicy") or "IfNotPresent"
        try:
            image, error = self.catalog.lookup(name), None
        except PullError as err:
            if err.reason == "InvalidImageName":
                event("Warning", "InspectFailed", str(err))
                return None, ("InvalidImageName", str(err))
            image, error = None, err
        present = image is not None and image.name in self.present
        if policy == "Never" or (policy == "IfNotPresent" and present):
            if present:
                event("Normal", "Pulled", f'Container image "{name}" already present on machine')
                return image, None
            msg = f'Container image "{name}" is not present with pull policy of Never'
            event("Warning", "ErrImageNeverPull", msg)
            return None, ("ErrImageNeverPull", msg)
        key = f"{pod['metadata'].get('uid', '')}_{name}"
        if self.backoff.in_backoff_since_update(key, self.clock.now):
            msg = f'Back-off pulling image "{name}"'
            event("Normal", "BackOff", msg)
            return None, ("ImagePullBackOff", msg)
        event("Normal", "Pulling", f'Pulling image "{name}"')
        started = self.clock.now
        begin = max(self.clock.now, self.free_at)
        # one pull at a time: wait for the puller, then pull (a pull queued behind one of the same image
        # finds the layers already there and only fetches the manifest)
        if image is None:
            duration = FAILED_PULL_SECONDS
        elif image.name in self.present or image.name in self.queued:
            duration = min(image.pull_seconds, MANIFEST_SECONDS)
        else:
            duration = image.pull_seconds
            self.queued.add(image.name)
        self.free_at = begin + duration
        yield self.free_at - self.clock.now
        if error is not None:
            event("Warning", "Failed", f'Failed to pull image "{name}": {error}')
            self.backoff.next(key, self.clock.now)
            return None, ("ErrImagePull", str(error))
        self.present[image.name] = image
        event("Normal", "Pulled", f'Successfully pulled image "{name}" in {go_duration(duration)} '
                                  f"({go_duration(self.clock.now - started)} including waiting). "
                                  f"Image size: {image.size} bytes.")
        return image, None
