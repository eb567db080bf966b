"""What each forecast feature does: a small linear-trend forecast over uploaded monthly sales.

The names are reports.config.yaml's; their very different popularity comes from the users.
"""

import random

FEATURES = ("upload_data", "run_forecast", "adjust_params", "download_chart", "compare_scenarios", "share_link")


class FeatureError(Exception):
    """A feature that failed on the server side (answered 500, logged as `error`)."""


class ForecastState:
    """Per-user data and parameters, in memory."""

    def __init__(self, error_rate: float = 0.05):
        self.series: dict[str, list[float]] = {}
        self.growth: dict[str, float] = {}
        self.error_rate = error_rate


def forecast(series: list[float], months: int, growth: float) -> list[float]:
    """Least-squares trend of the series, continued `months` ahead and scaled by `growth` per month."""
    n = len(series)
    mean_x, mean_y = (n - 1) / 2, sum(series) / n
    var = sum((i - mean_x) ** 2 for i in range(n)) or 1
    slope = sum((i - mean_x) * (y - mean_y) for i, y in enumerate(series)) / var
    return [round((mean_y + slope * (n + k - mean_x)) * (1 + growth) ** (k + 1), 1) for k in range(months)]


def run_feature(state: ForecastState, name: str, user: str, params: dict) -> dict:
    """Runs a feature for a user; raises FeatureError when it fails."""
    series = state.series.setdefault(user, [100 + 10 * i + random.uniform(-5, 5) for i in range(12)])
    growth = state.growth.get(user, 0.0)
    if name == "upload_data":
        values = params.get("values")
        if isinstance(values, list) and len(values) >= 2:
            state.series[user] = [float(v) for v in values]
        return {"points": len(state.series[user])}
    if name == "adjust_params":
        state.growth[user] = max(-0.5, min(0.5, float(params.get("growth", 0.02))))
        return {"growth": state.growth[user]}
    if name == "run_forecast":
        return {"forecast": forecast(series, 6, growth)}
    if name == "compare_scenarios":
        return {"low": forecast(series, 6, growth - 0.05), "base": forecast(series, 6, growth), "high": forecast(series, 6, growth + 0.05)}
    if name == "download_chart":
        if random.random() < state.error_rate:
            raise FeatureError("download_chart failed: chart renderer timed out")
        return {"csv": "\n".join(f"{i + 1},{v}" for i, v in enumerate(forecast(series, 6, growth)))}
    return {"link": f"/app/?shared={user}"}
