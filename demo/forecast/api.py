"""The JSON API and plain pages (the same contract as the dice app, which the traffic generator uses)."""

import os
import re

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

import metrics
from features import FEATURES, FeatureError, ForecastState, run_feature
from sessions import COOKIE, Sessions

USER = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
LOGIN_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sales Forecast</title></head>
<body style="font-family:system-ui,sans-serif;margin:2rem"><h1>Sales Forecast</h1>
<form method="post" action="/api/login"><label>User name <input name="user" required></label> <button>Log in</button></form></body></html>"""


def build_routes(log, sessions: Sessions, state: ForecastState, allow_crash: bool) -> list[Route]:
    """The routes, bound to the app's event log, sessions and state."""

    async def body(request: Request) -> dict:
        if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            return dict(await request.form())
        raw = await request.body()
        if not raw.strip():
            return {}
        try:
            value = await request.json()
        except ValueError:
            value = None
        return value if isinstance(value, dict) else {}

    async def login(request: Request) -> Response:
        user = (await body(request)).get("user")
        if not isinstance(user, str) or not USER.match(user):
            return JSONResponse({"error": "user must be 1-64 letters, digits or ._@-"}, 400)
        session = sessions.open(user)
        log.emit("session_start", "session started", user=user, session=session.id)
        log.emit("login", "user logged in", user=user, session=session.id)
        form = request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded")
        response = RedirectResponse("/app/", 303) if form else JSONResponse({"user": user, "session": session.id})
        response.set_cookie(COOKIE, session.id, httponly=True, samesite="lax")
        return response

    async def logout(request: Request) -> Response:
        session = sessions.touch(request.cookies.get(COOKIE))
        if not session:
            return JSONResponse({"error": "log in first"}, 401)
        duration = sessions.close(session)
        log.emit("logout", "user logged out", user=session.user, session=session.id)
        log.emit("session_end", "session ended", user=session.user, session=session.id, duration_ms=duration)
        response = JSONResponse({"ok": True})
        response.delete_cookie(COOKIE)
        return response

    async def feature(request: Request) -> Response:
        session = sessions.touch(request.cookies.get(COOKIE))
        if not session:
            return JSONResponse({"error": "log in first"}, 401)
        name = request.path_params["name"]
        if name not in FEATURES:
            return JSONResponse({"error": f"no feature {name}; features: {', '.join(FEATURES)}"}, 404)
        try:
            result = run_feature(state, name, session.user, await body(request))
        except FeatureError as error:
            log.emit("error", str(error), level="error", user=session.user, session=session.id, feature=name)
            return JSONResponse({"error": str(error)}, 500)
        log.emit("feature_used", f"used {name}", user=session.user, session=session.id, feature=name)
        return JSONResponse({"feature": name, "result": result})

    async def home(request: Request) -> Response:
        return RedirectResponse("/app/" if sessions.touch(request.cookies.get(COOKIE)) else "/login", 303)

    async def crash(_request: Request) -> Response:
        if not allow_crash:
            return JSONResponse({"error": "not found"}, 404)
        log.emit("error", "crash requested: exiting without a graceful shutdown", level="error")
        os._exit(70)

    return [
        Route("/", home),
        Route("/login", lambda _r: HTMLResponse(LOGIN_PAGE)),
        Route("/healthz", lambda _r: JSONResponse({"status": "ok"})),
        Route("/metrics", lambda _r: Response(metrics.exposition(), media_type="text/plain; version=0.0.4")),
        Route("/api/features", lambda _r: JSONResponse({"features": list(FEATURES)})),
        Route("/api/login", login, methods=["POST"]),
        Route("/api/logout", logout, methods=["POST"]),
        Route("/api/features/{name}", feature, methods=["POST"]),
        Route("/admin/crash", crash, methods=["POST"]),
    ]
