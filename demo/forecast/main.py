"""Sales Forecast, the stack's second demo app (Shiny for Python behind Starlette and Uvicorn).

Same conventions as dice: JSON event lines on stdout, /metrics, /healthz, app_start on start and
app_stop on SIGTERM/SIGINT, POST /admin/crash with ALLOW_CRASH=1. Environment: PORT (8080; 0 =
any free port), HOST (0.0.0.0), APP (forecast), INSTANCE (default HOST:PORT, the hostname when
HOST is 0.0.0.0), ERROR_RATE (0.05), SESSION_IDLE_MINUTES (30).
"""

import asyncio
import contextlib
import os
import socket
import sys

import uvicorn
from starlette.applications import Starlette
from starlette.routing import Mount

from api import build_routes
from events import EventLog
from features import ForecastState
from metrics import MetricsMiddleware
from sessions import Sessions
from shiny_ui import build_shiny


def main() -> None:
    env = os.environ
    app_id = env.get("APP", "forecast")
    host = env.get("HOST", "0.0.0.0")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, int(env.get("PORT", "8080"))))
    port = sock.getsockname()[1]
    # Listening before Uvicorn starts: connections made right after app_start wait, not fail.
    sock.listen(128)
    instance = env.get("INSTANCE") or f"{socket.gethostname() if host == '0.0.0.0' else host}:{port}"
    idle_s = float(env.get("SESSION_IDLE_MINUTES", "30")) * 60

    log = EventLog()
    sessions = Sessions()
    state = ForecastState(float(env.get("ERROR_RATE", "0.05")))

    async def sweep():
        while True:
            await asyncio.sleep(60)
            for session, duration in sessions.sweep(idle_s):
                log.emit("session_end", "session timed out", user=session.user, session=session.id, duration_ms=duration)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        task = asyncio.create_task(sweep())
        log.emit("app_start", f"{app_id} listening on port {port}", instance=instance)
        yield
        task.cancel()
        log.emit("app_stop", f"{app_id} stopping", instance=instance)

    routes = build_routes(log, sessions, state, env.get("ALLOW_CRASH") == "1")
    app = Starlette(routes=[*routes, Mount("/app", app=build_shiny(log, sessions, state))], lifespan=lifespan)
    config = uvicorn.Config(MetricsMiddleware(app), log_level="warning", access_log=False, lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    sys.exit(main())
