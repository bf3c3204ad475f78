"""The outside world the cluster's nodes and the workstation reach: a resolver at 172.18.0.1 that knows a few
well-known names, and web servers with fixed pages (the downloads `kubectl apply -f URL` fetches among them,
generated from what the engine knows, with the real hosts' redirects). Nothing here ever touches the host."""

GATEWAY = "172.18.0.1"  # the nodes' default route and resolver (kind's docker network)
NODE_NETWORK = "172.18.0.0/16"

INFO_CERN_CH = """\
<html><head></head><body><header>
<title>http://info.cern.ch</title>
</header>

<h1>http://info.cern.ch - home of the first website</h1>
<p>From here you can:</p>
<ul>
<li><a href="http://info.cern.ch/hypertext/WWW/TheProject.html">Browse the first website</a></li>
<li><a href="http://line-mode.cern.ch/www/hypertext/WWW/TheProject.html">Browse the first website using the line-mode browser simulator</a></li>
<li><a href="http://home.web.cern.ch/topics/birth-web">Learn about the birth of the web</a></li>
<li><a href="http://home.web.cern.ch/about">Learn about CERN, the physics laboratory where the web was born</a></li>
</ul>
</body></html>
"""

EXAMPLE_COM = """\
<!doctype html>
<html>
<head>
    <title>Example Domain</title>

    <meta charset="utf-8" />
    <meta http-equiv="Content-type" content="text/html; charset=utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
</head>

<body>
<div>
    <h1>Example Domain</h1>
    <p>This domain is for use in illustrative examples in documents. You may use this
    domain in literature without prior coordination or asking for permission.</p>
    <p><a href="https://www.iana.org/domains/example">More information...</a></p>
</div>
</body>
</html>
"""

KUBERNETES_IO = """\
<!doctype html><html lang=en><head><title>Kubernetes</title></head>
<body><h1>Production-Grade Container Orchestration</h1></body></html>
"""

# The docs' examples the course uses, as kubernetes/website's content/en/examples has them (k8s.io/examples/...).
DOCS_EXAMPLES = {
    "application/php-apache.yaml": """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: php-apache
spec:
  selector:
    matchLabels:
      run: php-apache
  template:
    metadata:
      labels:
        run: php-apache
    spec:
      containers:
      - name: php-apache
        image: registry.k8s.io/hpa-example
        ports:
        - containerPort: 80
        resources:
          limits:
            cpu: 500m
          requests:
            cpu: 200m
---
apiVersion: v1
kind: Service
metadata:
  name: php-apache
  labels:
    run: php-apache
spec:
  ports:
  - port: 80
  selector:
    run: php-apache
""",
}


class Redirect:
    """A page that answers `status` with a Location header (and `body`: GitHub's are empty, nginx's a page)."""

    def __init__(self, location, status=302, body=""):
        self.location, self.status, self.body = location, status, body


def _flannel():
    from ..bootstrap import flannel
    return flannel.manifest()


def _ingress_nginx():
    from ..bootstrap import ingress_nginx
    return ingress_nginx.manifest()


FLANNEL_RELEASE = "/flannel-io/flannel/releases/download/v0.26.1/kube-flannel.yml"
# where github.com sends a release download: a signed S3-style address on objects.githubusercontent.com
FLANNEL_ASSET = ("/github-production-release-asset-2e65be/51433917/kube-flannel-v0.26.1?"
                 "response-content-disposition=attachment%3B%20filename%3Dkube-flannel.yml"
                 "&response-content-type=application%2Foctet-stream")
GITHUB = {
    "/": "<!DOCTYPE html><html lang=\"en\"><head><title>GitHub</title></head></html>\n",
    "/flannel-io/flannel/releases/latest/download/kube-flannel.yml": Redirect("https://github.com" + FLANNEL_RELEASE),
    FLANNEL_RELEASE: Redirect("https://objects.githubusercontent.com" + FLANNEL_ASSET),
}
RAW_GITHUB = {
    "/flannel-io/flannel/master/Documentation/kube-flannel.yml": _flannel,
    "/kubernetes/ingress-nginx/controller-v1.12.0/deploy/static/provider/cloud/deploy.yaml": _ingress_nginx,
    **{f"/kubernetes/website/main/content/en/examples/{name}": text for name, text in DOCS_EXAMPLES.items()},
}


def _k8s_io(path):
    """k8s.io's nginx: everything but its health check moves to kubernetes.io (k8s.io/configmap-nginx.yaml)."""
    return "ok" if path == "/_healthz" else Redirect("https://kubernetes.io" + path, 301, NGINX_301)


# name -> (address, {path: page} or route(path) -> page); a page is its body (or a function that makes it) or
# a Redirect; every host answers HTTP on port 80 (and 443, unencrypted here)
HOSTS = {
    "info.cern.ch": ("188.184.100.182", {"/": INFO_CERN_CH}),
    "example.com": ("93.184.215.14", {"/": EXAMPLE_COM}),
    "www.example.com": ("93.184.215.14", {"/": EXAMPLE_COM}),
    "kubernetes.io": ("147.75.40.148", {"/": KUBERNETES_IO, **{f"/examples/{name}": text
                                                              for name, text in DOCS_EXAMPLES.items()}}),
    "k8s.io": ("34.107.204.206", _k8s_io),
    "github.com": ("140.82.121.4", GITHUB),
    "objects.githubusercontent.com": ("185.199.108.133", {FLANNEL_ASSET.split("?")[0]: _flannel}),
    "raw.githubusercontent.com": ("185.199.111.133", RAW_GITHUB),
    "www.google.com": ("142.250.185.68", {"/": "<!doctype html><html><head><title>Google</title></head></html>\n"}),
    "dns.google": ("8.8.8.8", {}),
}
# hosts that answer plain http with a redirect to https (the others serve both alike)
HTTPS_ONLY = ("k8s.io", "github.com", "objects.githubusercontent.com", "raw.githubusercontent.com")
NOT_FOUND = "<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1>" \
            "</center>\n</body>\n</html>\n"
NGINX_301 = NOT_FOUND.replace("404 Not Found", "301 Moved Permanently")
PORTS = (80, 443)
HOPS = 12  # routers between a node and the outside hosts: the TTL of their replies is 64 - HOPS


class Internet:
    """What the gateway's resolver answers and what the outside hosts serve."""

    def __init__(self):
        self.by_ip = {}
        for name, (ip, pages) in HOSTS.items():
            self.by_ip.setdefault(ip, {"name": name, "pages": pages})

    def lookup(self, name):
        """A records of a public name ([] for an unknown one: NXDOMAIN)."""
        entry = HOSTS.get(name.rstrip(".").lower())
        return [entry[0]] if entry else []

    def reverse(self, ip):
        entry = self.by_ip.get(ip)
        return entry["name"] if entry else None

    def listens(self, ip, port):
        return ip in self.by_ip and int(port) in PORTS

    def respond(self, ip, path, port=None):
        """(status, body, headers) of a GET on an outside host: a redirect carries its Location."""
        entry = self.by_ip[ip]
        if port == 80 and entry["name"] in HTTPS_ONLY:
            body = NGINX_301 if entry["name"] == "k8s.io" else ""
            return self._redirect(Redirect(f"https://{entry['name']}{path}", 301, body))
        pages = entry["pages"]
        plain = path.split("?", 1)[0]
        page = pages(plain) if callable(pages) else pages.get(plain)
        if page is None:
            return 404, NOT_FOUND, {"Content-Type": "text/html"}
        if isinstance(page, Redirect):
            return self._redirect(page)
        body = page() if callable(page) else page
        kind = "text/plain; charset=utf-8" if plain.endswith((".yaml", ".yml")) else "text/html"
        return 200, body, {"Content-Type": kind}

    @staticmethod
    def _redirect(page):
        return page.status, page.body, {"Content-Type": "text/html", "Location": page.location}
