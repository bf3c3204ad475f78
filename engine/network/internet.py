"""The outside world the cluster's nodes reach through their default gateway: a resolver at 172.18.0.1 that
knows a few well-known names, and web servers with fixed pages. Nothing here ever touches the host."""

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

# name -> (address, {path: body}); every host answers HTTP on port 80 (and 443, unencrypted here)
HOSTS = {
    "info.cern.ch": ("188.184.100.182", {"/": INFO_CERN_CH}),
    "example.com": ("93.184.215.14", {"/": EXAMPLE_COM}),
    "www.example.com": ("93.184.215.14", {"/": EXAMPLE_COM}),
    "kubernetes.io": ("147.75.40.148", {"/": KUBERNETES_IO}),
    "www.google.com": ("142.250.185.68", {"/": "<!doctype html><html><head><title>Google</title></head></html>\n"}),
    "dns.google": ("8.8.8.8", {}),
}
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

    def serve(self, ip, path):
        """(status, body) of a GET on an outside host."""
        pages = self.by_ip[ip]["pages"]
        body = pages.get(path.split("?", 1)[0])
        if body is None:
            return 404, "<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1>" \
                        "</center>\n</body>\n</html>\n"
        return 200, body
