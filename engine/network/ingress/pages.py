"""The pages nginx itself answers with in ingress-nginx (server_tokens off, so the footer says just "nginx"):
404 from the default backend, 503 for a backend without endpoints, 502/504 when an upstream fails."""
from ...node.runtime.network import HttpResponse

REASONS = {404: "Not Found", 502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Time-out"}


def error_page(status):
    title = f"{status} {REASONS[status]}"
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
            "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")


def error_response(status, date=None):
    body = error_page(status)
    headers = {"Date": date} if date else {}
    headers.update({"Content-Type": "text/html", "Content-Length": str(len(body)), "Connection": "keep-alive"})
    return HttpResponse(status, body, headers, reason=REASONS[status])
