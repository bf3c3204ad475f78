"""The image catalog: which repositories and tags exist, their digests and sizes, and the pull errors
containerd gives the kubelet for anything else (unknown repository, unknown tag, unreachable registry)."""
from .images import all_images
from .reference import InvalidReference, parse

PULL_BANDWIDTH = 25_000_000  # bytes per virtual second from a registry
PULL_LATENCY = 0.6


class PullError(Exception):
    """A failed pull. `reason` is the kubelet's (ErrImagePull or InvalidImageName); `str()` is the message
    the kubelet puts after `Failed to pull image "X": ` (for InvalidImageName, its whole message)."""

    def __init__(self, reason, message):
        super().__init__(message)
        self.reason, self.message = reason, message


class PulledImage:
    """A resolved image: what a container is created from."""

    def __init__(self, ref, image, tag):
        self.ref, self.image, self.tag = ref, image, tag
        self.config = image.config(tag)
        self.digest = image.digest(tag)
        self.size = image.size(tag)

    @property
    def name(self):
        return str(self.ref)

    @property
    def image_id(self):
        """What the kubelet reports as imageID: repository@sha256:..."""
        return f"{self.ref.repository}@{self.digest}"

    @property
    def pull_seconds(self):
        """How long a pull takes in virtual time: latency plus size over bandwidth."""
        return round(PULL_LATENCY + self.size / PULL_BANDWIDTH, 3)

    def root_fs(self):
        return self.image.root_fs(self.tag)


class Catalog:
    def __init__(self, images=None):
        self.repos = {}
        for image in images if images is not None else all_images():
            self.repos.setdefault(image.repository, []).append(image)

    def repositories(self):
        return sorted(self.repos)

    def tags(self, repository):
        return sorted({tag for image in self.repos.get(repository, []) for tag in image.tags})

    def lookup(self, image_string):
        """The PulledImage for an image reference, or PullError with containerd's wording."""
        try:
            ref = parse(image_string)
        except InvalidReference as err:
            raise PullError("InvalidImageName", f"Failed to apply default image tag \"{image_string}\": {err}") from None
        images = self.repos.get(ref.repository) or self.repos.get(ALIASES.get(ref.domain, "-") + "/" + ref.path)
        if not images:
            raise PullError("ErrImagePull", self.missing_repository(ref))
        if ref.digest:
            for image in images:
                for tag in image.tags:
                    if image.digest(tag) == ref.digest and (not ref.tag or ref.tag == tag):
                        return PulledImage(ref, image, tag)
            raise PullError("ErrImagePull", not_found(ref))
        for image in images:
            if ref.tag in image.tags:
                return PulledImage(ref, image, ref.tag)
        raise PullError("ErrImagePull", not_found(ref))

    def missing_repository(self, ref):
        pull = ref.pull_ref
        prefix = f'rpc error: code = Unknown desc = failed to pull and unpack image "{pull}": '
        if ref.domain == "docker.io":
            return (prefix + f'failed to resolve reference "{pull}": pull access denied, repository does not exist or '
                    "may require authorization: server message: insufficient_scope: authorization failed")
        if ref.domain in KNOWN_REGISTRIES:
            return not_found(ref)
        host = ref.domain.split(":")[0]
        url = f"https://{ref.domain}/v2/{ref.path}/manifests/{ref.tag or ref.digest}"
        if host in ("localhost", "127.0.0.1"):
            port = ref.domain.split(":")[1] if ":" in ref.domain else "443"
            return (prefix + f'failed to resolve reference "{pull}": failed to do request: Head "{url}": '
                    f"dial tcp 127.0.0.1:{port}: connect: connection refused")
        return (prefix + f'failed to resolve reference "{pull}": failed to do request: Head "{url}": '
                f"dial tcp: lookup {host} on 8.8.8.8:53: no such host")


# k8s.gcr.io is frozen and redirects to registry.k8s.io, so old manifests' images still pull.
ALIASES = {"k8s.gcr.io": "registry.k8s.io"}
KNOWN_REGISTRIES = {"registry.k8s.io", "gcr.io", "quay.io", "ghcr.io", "us-docker.pkg.dev", "k8s.gcr.io",
                    "mcr.microsoft.com", "public.ecr.aws"}


def not_found(ref):
    pull = ref.pull_ref
    return (f'rpc error: code = NotFound desc = failed to pull and unpack image "{pull}": failed to resolve reference '
            f'"{pull}": {pull}: not found')


_DEFAULT = None


def default_catalog():
    """The shared catalog (building image filesystems is cached per image, so share it)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Catalog()
    return _DEFAULT
