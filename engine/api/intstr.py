"""k8s.io/apimachinery/pkg/util/intstr: an int-or-string field as a count of `total`
(maxSurge, maxUnavailable, a PodDisruptionBudget's minAvailable)."""
import math


def scaled_value(value, total, round_up):
    """GetScaledValueFromIntOrPercent: an int as is, "N%" of `total` rounded up or down."""
    if isinstance(value, int):
        return value
    if value is None:
        return 0
    text = str(value)
    if not text.endswith("%"):
        raise ValueError("invalid value for IntOrString: invalid type: string is not a percentage")
    exact = int(text[:-1]) * total / 100
    return math.ceil(exact) if round_up else math.floor(exact)
