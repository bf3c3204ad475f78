"""The aggregation layer (kube-aggregator): API groups served by extension API servers registered in
`APIServer.api_services`, such as metrics.k8s.io by the metrics server."""
from ..errors import ApiError


def extension(api, group_version, resource):
    """The server behind `group_version`, or the 404 a client gets when no APIService serves it
    (`resource` is how the error names the request, e.g. `get pods.metrics.k8s.io`)."""
    server = api.api_services.get(group_version)
    if server is None:
        raise ApiError(404, "NotFound", f"the server could not find the requested resource ({resource})", {})
    return server
