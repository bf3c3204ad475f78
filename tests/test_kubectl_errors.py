"""How kubectl renders errors (helpers.go checkErr / StandardErrorMessage / MultilineError)."""
from engine import Cluster
from engine.api import errors as api_errors
from engine.api.errors import ApiError, FieldError
from engine.kubectl import errors


def test_invalid_with_several_causes_is_multiline_through_kubectl():
    c = Cluster()
    revision = c.store.revision
    r = c.kubectl("create -f -", stdin="apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nginx\nspec:\n"
                                       "  template:\n    metadata:\n      labels: {app: x}\n")
    lines = r.stderr.split("\n")
    assert lines[0] == 'The Deployment "nginx" is invalid: '  # MultilineError keeps the space before the newline
    assert lines[1] == "* spec.selector: Required value"
    assert all(line.startswith("* ") for line in lines[1:-1]) and lines[-1] == ""
    assert r.exit_code == 1 and c.store.revision == revision


def test_render_invalid_causes_deduplicated():
    deployments = Cluster().api.resource("deployments")
    err = api_errors.invalid(deployments, "web", [FieldError.required("spec.selector"), FieldError.required("spec.selector"),
                                                  FieldError.invalid("spec.replicas", -1, "must be greater than or equal to 0")])
    assert errors.render(err) == ('The Deployment "web" is invalid: \n* spec.selector: Required value\n'
                                  '* spec.replicas: Invalid value: -1: must be greater than or equal to 0\n')
    single = api_errors.invalid(deployments, "web", [FieldError.required("spec.selector")])
    assert errors.render(single) == 'The Deployment "web" is invalid: spec.selector: Required value\n'


def test_render_invalid_without_details_and_plain_errors():
    assert errors.render(ApiError(422, "Invalid", "bad", None)) == "The request is invalid: bad\n"
    assert errors.render(ApiError(422, "Invalid", "bad", {"causes": [{"field": "f", "message": "m"}]})) == \
        "The request is invalid: f: m\n"
    assert errors.render(ApiError(500, "", "boom")) == "Error from server: boom\n"
    assert errors.render(ApiError(401, "Unauthorized", "no")) == "error: You must be logged in to the server (no)\n"
    assert errors.render(errors.CmdError("error: already prefixed")) == "error: already prefixed\n"
    assert errors.render([errors.CmdError("one")]) == "error: one\n"
    assert errors.render([errors.CmdError("one"), ApiError(404, "NotFound", "x not found")]) == \
        "one\nError from server (NotFound): x not found\n"


def test_with_source_keeps_status():
    e = errors.with_source("creating", "x.yaml", ApiError(409, "AlreadyExists", 'pods "a" already exists', {}))
    assert errors.render(e) == 'Error from server (AlreadyExists): error when creating "x.yaml": pods "a" already exists\n'
