"""Golden cases for `kubectl apply set-last-applied` / `apply edit-last-applied`: client-side errors and help
texts of kubectl v1.32 (the --as flags need a server: tests/test_authorization.py checks them)."""
DEPLOY = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
"""

HELP = ["apply set-last-applied", "apply edit-last-applied"]
CASES = [
    ("auth-apply-set-no-file", "apply set-last-applied", {}, None),
    ("auth-apply-set-args-only", "apply set-last-applied deploy web", {}, None),
    ("auth-apply-set-missing-file", "apply set-last-applied -f nofile.yaml", {}, None),
    ("auth-apply-set-bad-bool", "apply set-last-applied --create-annotation=maybe", {}, None),
    ("auth-apply-set-bad-output", "apply set-last-applied -f d.yaml -o wide", {"d.yaml": DEPLOY}, None),
    ("auth-apply-set-bad-dry-run", "apply set-last-applied -f d.yaml --dry-run=bad", {"d.yaml": DEPLOY}, None),
    ("auth-apply-set-unknown-flag", "apply set-last-applied -f d.yaml --nope", {"d.yaml": DEPLOY}, None),
    ("auth-apply-edit-no-args", "apply edit-last-applied", {}, None),
    ("auth-apply-edit-missing-file", "apply edit-last-applied -f nofile.yaml", {}, None),
    ("auth-apply-edit-output-patch", "apply edit-last-applied --output-patch deploy/web", {}, None),
    ("auth-apply-edit-unknown-flag", "apply edit-last-applied deploy/web --nope", {}, None),
]
