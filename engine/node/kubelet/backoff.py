"""client-go's flowcontrol.Backoff as the kubelet uses it (no jitter): per-key delays doubling to a
maximum, forgotten once an entry was quiet for twice the maximum."""

EPSILON = 1e-6  # a timer set for the expiry time finds the delay over, despite float rounding


class Backoff:
    def __init__(self, initial, maximum):
        self.initial, self.maximum = initial, maximum
        self.entries = {}  # key -> [delay, last update]

    def _expired(self, event_time, last_update):
        return event_time - last_update > 2 * self.maximum

    def next(self, key, event_time, now=None):
        """Step the delay (a fresh entry when expired); the entry's last update is `now`."""
        entry = self.entries.get(key)
        if entry is None or self._expired(event_time, entry[1]):
            entry = [self.initial, 0.0]
        else:
            entry = [min(entry[0] * 2, self.maximum), entry[1]]
        entry[1] = event_time if now is None else now
        self.entries[key] = entry
        return entry[0]

    def get(self, key):
        entry = self.entries.get(key)
        return entry[0] if entry else 0.0

    def in_backoff_since(self, key, event_time, now):
        """IsInBackOffSince: `now` is within the delay counted from `event_time` (a container's exit)."""
        entry = self.entries.get(key)
        if entry is None or self._expired(event_time, entry[1]):
            return False
        return now - event_time < entry[0] - EPSILON

    def in_backoff_since_update(self, key, now):
        entry = self.entries.get(key)
        if entry is None or self._expired(now, entry[1]):
            return False
        return now - entry[1] < entry[0] - EPSILON

    def reset(self, key):
        self.entries.pop(key, None)
