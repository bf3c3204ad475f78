"""`-f http(s)://...`: cli-runtime's URLVisitor fetching a manifest with Go's http.Get from the workstation
(redirects followed, three tries a second apart on errors and 5xx answers); errors worded as kubectl words them."""
from urllib.parse import urljoin, urlsplit

from ..api.errors import go_quote
from ..node.runtime.network import NetError, split_url
from .errors import CmdError, RawError

ATTEMPTS = 3  # cli-runtime's defaultHttpGetAttempts
RETRY_WAIT = 1.0  # readHttpWithRetries sleeps a second before every retry
MAX_REDIRECTS = 10  # net/http's default CheckRedirect
REDIRECTS = (301, 302, 303, 307, 308)
DIAL_TIMEOUT = 30.0  # http.DefaultTransport's dialer


def is_url(name):
    return name.startswith(("http://", "https://"))


def read_url(workstation, url):
    """The body of `url` (status 200), or CmdError worded as kubectl words it."""
    err = None
    for attempt in range(ATTEMPTS):
        if attempt and workstation is not None:
            workstation.spend(RETRY_WAIT)
        try:
            response = http_get(workstation, url)
        except GoError as e:
            err = e
            continue
        if response.status == 200:
            return response.body
        err = CmdError(f"unable to read URL {go_quote(url)}, server reported {response.status} {response.reason}, "
               f"status code={response.status}")
        if not 500 <= response.status < 600:
            break
    raise err


class GoError(RawError):
    """An error http.Get returns (a *url.Error: `Get "URL": why`), as kubectl's StandardErrorMessage words it."""

    def __init__(self, url, why):
        self.url, self.why = url, why
        if "connection refused" in why:
            host = urlsplit(url).netloc.rsplit("@", 1)[-1]
            super().__init__(f"The connection to the server {host} was refused - "
                             "did you specify the right host or port?")
        else:
            super().__init__(f"Unable to connect to the server: {why}")


def http_get(workstation, url):
    """http.Get: the final HttpResponse after redirects, or GoError."""
    for _ in range(MAX_REDIRECTS + 1):
        response = _get_once(workstation, url)
        location = response.headers.get("Location")
        if response.status not in REDIRECTS or not location:
            return response
        url = urljoin(url, location)
    raise GoError(url, f"stopped after {MAX_REDIRECTS} redirects")


def _get_once(workstation, url):
    from ..network.workstation import RESOLVER, EmptyReply  # (the workstation module imports kubectl's Result)
    scheme, host, port, _ = split_url(url)
    if workstation is None:  # a Kubectl outside any Cluster: no network at all
        raise GoError(url, f"dial tcp: lookup {host} on {RESOLVER}: no such host")
    attempts = []
    try:
        response = workstation.request("GET", url, {"User-Agent": "Go-http-client/1.1"}, DIAL_TIMEOUT,
                                       attempts=attempts)
    except NetError as e:
        first = next((err for _, err in attempts if err is not None), e)
        workstation.spend(first.elapsed)
        raise GoError(url, _dial_error(first, host, port, RESOLVER))
    except EmptyReply:
        raise GoError(url, "EOF")
    workstation.spend(response.elapsed)
    if scheme == "https" and response.ip not in workstation.network.dns.internet.by_ip:
        raise GoError(url, "http: server gave HTTP response to HTTPS client")
    return response


def _dial_error(err, host, port, resolver):
    if err.kind == "bad address":
        return f"dial tcp: lookup {host} on {resolver}: no such host"
    address = f"[{err.ip}]:{port}" if ":" in err.ip else f"{err.ip}:{port}"
    why = {"refused": "connect: connection refused", "unreachable": "connect: no route to host",
           "reset": "read: connection reset by peer"}.get(err.kind)
    return f"dial tcp {address}: {why}" if why else f"dial tcp {address}: i/o timeout"
