"""The Shiny page at /app/: the forecast features for people, logged as the API logs them."""

from shiny import App, reactive, render, ui

from features import FeatureError, run_feature
from sessions import COOKIE

page = ui.page_fluid(
    ui.h2("Sales Forecast"),
    ui.output_ui("who"),
    ui.input_file("upload_data", "Upload monthly sales (one number per line)"),
    ui.input_slider("growth", "Growth per month", min=-0.2, max=0.2, value=0.0, step=0.01),
    ui.input_action_button("run_forecast", "Run forecast"),
    ui.input_action_button("compare_scenarios", "Compare scenarios"),
    ui.input_action_button("share_link", "Share link"),
    ui.download_button("download_chart", "Download forecast"),
    ui.output_code("result"),
)


def build_shiny(log, sessions, state) -> App:
    """The Shiny app; each action is a feature_used event of the cookie's session."""

    def server(input, output, session):
        current = sessions.touch(session.http_conn.cookies.get(COOKIE))
        message = reactive.value("")
        if current:
            log.emit("page_view", "GET /app/", user=current.user, session=current.id)

        def use(name: str, params: dict) -> None:
            if not current:
                message.set("Log in first: /login")
                return
            sessions.touch(current.id)
            try:
                value = run_feature(state, name, current.user, params)
            except FeatureError as error:
                log.emit("error", str(error), level="error", user=current.user, session=current.id, feature=name)
                message.set(str(error))
                return
            log.emit("feature_used", f"used {name}", user=current.user, session=current.id, feature=name)
            message.set(str(value))

        @render.ui
        def who():
            return ui.p(f"Logged in as {current.user}") if current else ui.p(ui.a("Log in", href="/login"))

        @reactive.effect
        @reactive.event(input.upload_data)
        def _upload():
            files = input.upload_data() or []
            with open(files[0]["datapath"], encoding="utf-8") as f:
                values = [float(x) for x in f.read().split() if x.strip()]
            use("upload_data", {"values": values})

        @reactive.effect
        @reactive.event(input.growth, ignore_init=True)
        def _growth():
            use("adjust_params", {"growth": input.growth()})

        for name in ("run_forecast", "compare_scenarios", "share_link"):

            @reactive.effect
            @reactive.event(getattr(input, name))
            def _action(name=name):
                use(name, {})

        @render.download(filename="forecast.csv")
        def download_chart():
            use("download_chart", {})
            yield str(message.get())

        @render.code
        def result():
            return message.get()

    return App(page, server)
