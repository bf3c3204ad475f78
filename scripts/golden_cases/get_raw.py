"""kubectl get --raw: the client-side checks, recorded from the real kubectl v1.32."""
CASES = [
    ("get-raw-with-args", "get pods --raw /api", {}, None),
    ("get-raw-with-output", "get --raw /api -o yaml", {}, None),
    ("get-raw-with-selector", "get --raw /api -l app=web", {}, None),
    ("get-raw-with-watch", "get --raw /api -w", {}, None),
    ("get-raw-not-a-path", "get --raw api", {}, None),
]
