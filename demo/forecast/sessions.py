"""Logged-in sessions in memory: the session id (the cookie) maps to its user and start."""

import secrets
import time
from dataclasses import dataclass

COOKIE = "forecast_session"


@dataclass
class Session:
    """One user's session."""

    id: str
    user: str
    started: float
    last_seen: float


class Sessions:
    """Sessions by id; idle ones are ended by `sweep`."""

    def __init__(self, clock=time.time):
        self._by_id: dict[str, Session] = {}
        self._clock = clock

    def open(self, user: str) -> Session:
        now = self._clock()
        session = Session(f"s-{secrets.token_hex(6)}", user, now, now)
        self._by_id[session.id] = session
        return session

    def touch(self, sid: str | None) -> Session | None:
        session = self._by_id.get(sid or "")
        if session:
            session.last_seen = self._clock()
        return session

    def close(self, session: Session) -> int:
        """Ends a session; returns its length in ms."""
        self._by_id.pop(session.id, None)
        return round((self._clock() - session.started) * 1000)

    def sweep(self, idle_s: float) -> list[tuple[Session, int]]:
        """Removes sessions idle for longer than idle_s; their length ends at the last activity."""
        now = self._clock()
        idle = [s for s in self._by_id.values() if now - s.last_seen > idle_s]
        for s in idle:
            self._by_id.pop(s.id, None)
        return [(s, round((s.last_seen - s.started) * 1000)) for s in idle]
