"""Prometheus metrics with the names obs-report queries, as the dice app has them.

http_requests_total{code,method,route}, http_request_duration_seconds (le 0.005..10) and the
process metrics (process_start_time_seconds among them), on a registry of the app's own.
"""

import time

from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector, disable_created_metrics, generate_latest

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

# The *_created series would double every counter for no use here.
disable_created_metrics()
registry = CollectorRegistry()
ProcessCollector(registry=registry)
_LABELS = ("code", "method", "route")
requests = Counter("http_requests_total", "HTTP requests answered, by status code, method and route.", _LABELS, registry=registry)
duration = Histogram("http_request_duration_seconds", "Time to answer an HTTP request, in seconds.", _LABELS, buckets=LATENCY_BUCKETS, registry=registry)


def exposition() -> bytes:
    """The metrics in the Prometheus text format."""
    return generate_latest(registry)


def route_of(path: str) -> str:
    """The route pattern of a path: bounded label values, whatever the paths requested."""
    if path.startswith("/api/features/"):
        return "/api/features/{name}"
    if path in ("/", "/healthz", "/login", "/api/login", "/api/logout", "/api/features", "/admin/crash"):
        return path
    return "/app" if path.startswith("/app") else "unmatched"


class MetricsMiddleware:
    """ASGI middleware counting and timing every HTTP answer except /metrics."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] == "/metrics":
            return await self.app(scope, receive, send)
        started = time.perf_counter()
        status = {"code": 500}

        async def send_and_note(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            labels = {"code": str(status["code"]), "method": scope["method"], "route": route_of(scope["path"])}
            requests.labels(**labels).inc()
            duration.labels(**labels).observe(time.perf_counter() - started)
