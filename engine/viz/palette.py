"""Colours of the views: a pod's colour says its phase and readiness, a node's says whether it is Ready.

One category per colour, so a legend, the map and the tests all name the same few states."""

# category -> (fill colour, what it means), in legend order
POD_COLOURS = {
    "ready": ("#b7e1a1", "Running and Ready"),
    "not-ready": ("#ffe08a", "Running, not Ready"),
    "pending": ("#d0d7de", "Pending (scheduling, pulling, creating, init)"),
    "failing": ("#f4a6a6", "Failing (crash loop, image pull error, exited with error)"),
    "succeeded": ("#a8c8f0", "Succeeded (Completed)"),
    "failed": ("#e57373", "Failed"),
    "terminating": ("#eeeeee", "Terminating"),
    "unknown": ("#c9b3e6", "Unknown (node lost)"),
}
NODE_COLOURS = {
    "ready": "#f6f8fa",
    "not-ready": "#fde0e0",
}
# STATUS texts (kubectl get pods) that are part of a healthy start or stop, never an error
_CALM_STATUSES = {"Running", "Pending", "ContainerCreating", "PodInitializing", "Completed", "NotReady",
                  "SchedulingGated", "Terminating", "Unknown"}


def pod_category(pod, status_text):
    """The colour category of a pod, from its phase, Ready condition and kubectl STATUS text."""
    phase = (pod.get("status") or {}).get("phase", "")
    if status_text == "Unknown" or phase == "Unknown":
        return "unknown"
    if (pod.get("metadata") or {}).get("deletionTimestamp") and phase not in ("Succeeded", "Failed"):
        return "terminating"
    if phase == "Succeeded":
        return "succeeded"
    if phase == "Failed":
        return "failed"
    if status_text not in _CALM_STATUSES and not _init_progress(status_text):
        return "failing"
    if phase == "Running":
        return "ready" if _ready(pod) else "not-ready"
    return "pending"


def pod_fill(category):
    return POD_COLOURS[category][0]


def _ready(pod):
    return any(c.get("type") == "Ready" and c.get("status") == "True"
               for c in (pod.get("status") or {}).get("conditions") or [])


def _init_progress(text):
    """`Init:0/2`: init containers still running in order, not an error."""
    if not text.startswith("Init:"):
        return False
    done, _, total = text[len("Init:"):].partition("/")
    return done.isdigit() and total.isdigit()
