"""Image references parsed as the kubelet does (distribution/reference's ParseNormalizedNamed):
`nginx` is docker.io/library/nginx:latest; errors carry the kubelet's wording for InvalidImageName."""
import re

_ALNUM = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_COMPONENT = rf"{_ALNUM}(?:{_SEPARATOR}{_ALNUM})*"
_DOMAIN_PART = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = rf"(?:{_DOMAIN_PART}(?:\.{_DOMAIN_PART})*|\[(?:[a-fA-F0-9:]+)\])"
_DOMAIN = rf"{_HOST}(?::[0-9]+)?"
_NAME = rf"(?:{_DOMAIN}/)?{_COMPONENT}(?:/{_COMPONENT})*"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}"
REFERENCE_RE = re.compile(rf"^({_NAME})(?::({_TAG}))?(?:@({_DIGEST}))?$")
ANCHORED_NAME_RE = re.compile(rf"^(?:({_DOMAIN})/)?({_COMPONENT}(?:/{_COMPONENT})*)$")
IDENTIFIER_RE = re.compile(r"^[a-f0-9]{64}$")
DIGEST_LENGTHS = {"sha256": 64, "sha384": 96, "sha512": 128}


class InvalidReference(Exception):
    """`str()` is the kubelet's message: couldn't parse image name "X": <reason>."""


class Reference:
    """A normalized reference: domain, path, tag (None with a bare digest), digest."""

    __slots__ = ("domain", "path", "tag", "digest", "original")

    def __init__(self, domain, path, tag, digest, original):
        self.domain, self.path, self.tag, self.digest, self.original = domain, path, tag, digest, original

    @property
    def repository(self):
        """docker.io/library/nginx"""
        return f"{self.domain}/{self.path}"

    @property
    def familiar(self):
        """nginx, hashicorp/http-echo, registry.k8s.io/liveness (how `docker` shows names)."""
        if self.domain == "docker.io":
            path = self.path
            if path.startswith("library/") and "/" not in path[8:]:
                path = path[8:]
            return path
        return self.repository

    def __str__(self):
        """The reference containerd pulls: docker.io/library/nginx:1.14.2, or name@digest."""
        text = self.repository
        if self.tag:
            text += f":{self.tag}"
        if self.digest:
            text += f"@{self.digest}"
        return text

    @property
    def pull_ref(self):
        """What containerd's pull errors name: the digest form when there is one, else name:tag."""
        if self.digest:
            return f"{self.repository}@{self.digest}"
        return f"{self.repository}:{self.tag}"

    def __repr__(self):
        return f"Reference({str(self)!r})"


def _split_domain(name):
    first, slash, rest = name.partition("/")
    if not slash:
        return "docker.io", "library/" + name
    if first == "index.docker.io":
        domain, remote = "docker.io", rest
    elif first == "localhost" or "." in first or ":" in first or first.lower() != first:
        domain, remote = first, rest
    else:
        domain, remote = "docker.io", name
    if domain == "docker.io" and "/" not in remote:
        remote = "library/" + remote
    return domain, remote


def _reason(image):
    if IDENTIFIER_RE.match(image):
        return f"invalid repository name ({image}), cannot specify 64-byte hexadecimal strings"
    domain, remainder = _split_domain(image)
    remote = remainder.split(":", 1)[0] if ":" in remainder else remainder
    if remote.lower() != remote:
        return f"invalid reference format: repository name ({remote}) must be lowercase"
    full = f"{domain}/{remainder}"
    m = REFERENCE_RE.match(full)
    if not m:
        lowered = full.lower()
        if lowered != full and REFERENCE_RE.match(lowered):
            return "repository name must be lowercase"
        return "invalid reference format"
    name_match = ANCHORED_NAME_RE.match(m.group(1))
    if name_match and len(name_match.group(2)) > 255:
        return "repository name must not be more than 255 characters"
    digest = m.group(3)
    if digest:
        algorithm, _, hexpart = digest.partition(":")
        if algorithm not in DIGEST_LENGTHS:
            return "unsupported digest algorithm"
        if len(hexpart) != DIGEST_LENGTHS[algorithm]:
            return "invalid checksum digest length"
        if hexpart.lower() != hexpart:
            return "invalid checksum digest format"
    return None


def parse(image):
    """Reference for an image string, or InvalidReference with the kubelet's message."""
    reason = _reason(image)
    if reason:
        raise InvalidReference(f"couldn't parse image name {_quote(image)}: {reason}")
    domain, remainder = _split_domain(image)
    m = REFERENCE_RE.match(f"{domain}/{remainder}")
    name_match = ANCHORED_NAME_RE.match(m.group(1))
    tag, digest = m.group(2), m.group(3)
    if not tag and not digest:
        tag = "latest"
    return Reference(name_match.group(1), name_match.group(2), tag, digest, image)


def _quote(text):
    """Go's %q for the printable strings image names are."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
