"""The app's event lines (design.md, Data conventions): one JSON object per line on stdout.

Timestamps strictly increase within the process, so no two lines of one stream share an
instant (Loki keeps only one of identical lines).
"""

import json
import sys
import threading
import time
from datetime import datetime, timezone

_FIELDS = ("ts", "level", "event", "user", "session", "feature", "duration_ms", "instance", "msg")


class EventLog:
    """Writes events as JSON lines, fields in the conventional order, absent ones left out."""

    def __init__(self, write=None, clock=time.time):
        self._write = write or (lambda line: (sys.stdout.write(line), sys.stdout.flush()))
        self._clock = clock
        self._last_ms = 0
        self._lock = threading.Lock()

    def emit(self, event: str, msg: str, level: str = "info", **fields) -> dict:
        """Writes one event; returns the object written."""
        with self._lock:
            ms = max(int(self._clock() * 1000), self._last_ms + 1)
            self._last_ms = ms
            ts = datetime.fromtimestamp(ms / 1000, tz=timezone.utc).isoformat(timespec="milliseconds")
            values = {"ts": ts.replace("+00:00", "Z"), "level": level, "event": event, "msg": msg, **fields}
            record = {k: values[k] for k in _FIELDS if values.get(k) is not None}
            self._write(json.dumps(record, separators=(",", ":")) + "\n")
            return record
