"""The pace chart of a counting target during the year (for the director): the value reached by
each month end against the target spread evenly over the year and against the hub's own seasonal
profile, with the year-end forecast and its range. A pure function of the result's ``progress``
(see ``engine/pace.py``); it computes nothing but display text.
"""

from __future__ import annotations

from datetime import date, timedelta

from hubmonitor.days import date_text, short_date
from hubmonitor.render.format import forecast_text, season_years, status_label, title, value_text
from hubmonitor.render.html.document import ChartData, describe
from hubmonitor.render.html.figures import words
from hubmonitor.render.html.palette import GRID, INK, MUTED, STATUS_COLOUR, esc, layout, outline, status_ink
from hubmonitor.render.html.plain import PlainFigure, trace
from hubmonitor.render.html.texts import text
from hubmonitor.report import Report, TargetResult, is_number

PRORATA_COLOUR = "#595959"
SEASONAL_COLOUR = "#009E73"  # Okabe-Ito bluish green
FORECAST_COLOUR = "#CC79A7"  # Okabe-Ito reddish purple


def paced_targets(report: Report) -> list[TargetResult]:
    """Counting targets with a course through the year and a single number as their target."""
    return [t for t in report.targets if t.progress and is_number(t.target)]


def _hover(name: str, day: date, value: float, unit: str, lang: str) -> str:
    return f"{esc(name)}<br>{short_date(day, lang)}: <b>{esc(value_text(value, unit, lang))}</b>"


def _cell(v: float | list[float] | None, unit: str, lang: str) -> str:
    """A point's value (a band as 'low–high'), whole units as in the chart's hover text."""
    if v is None:
        return words(lang)["none"]
    if isinstance(v, list):
        return "–".join(value_text(x, unit, lang) for x in v)
    return value_text(v, unit, lang)  # (rounded once: 1.623,0528 rounded to 1.623,05 first showed 1.623,0)


def pace_data(t: TargetResult, lang: str) -> ChartData:
    """The pace chart's text alternative: how far the target is by the data date, against the
    target and the forecast, and a row per month end with the reached, pro rata and seasonal values."""
    reached = [p for p in t.progress if p.value is not None]
    seasonal = t.season is not None and all(p.seasonal is not None for p in t.progress)
    summary = title(t, lang)
    if reached:
        summary += (f": {text('reached', lang).lower()} {_cell(reached[-1].value, t.unit, lang)} "
                    f"({short_date(reached[-1].date, lang)})")
    summary += f"; {text('target', lang).lower()} {value_text(t.target, t.unit, lang)}"
    if t.forecast is not None:
        summary += f"; {text('forecast', lang).lower()} {forecast_text(t.forecast, t.unit, lang)}"
    summary += f": {status_label(t.status, lang)}."
    headers: tuple[str, ...] = (("Dato" if lang == "da" else "Date"), text("reached", lang), text("prorated", lang))
    if seasonal:
        headers += (text("seasonal", lang),)
    rows = tuple((short_date(p.date, lang), _cell(p.value, t.unit, lang), _cell(p.prorated, t.unit, lang))
                 + ((_cell(p.seasonal, t.unit, lang),) if seasonal else ()) for p in t.progress)
    return ChartData(summary, headers, rows, lang=lang, numeric=frozenset(range(1, len(headers))))


def pace_figure(t: TargetResult, start: date, lang: str, ends: date | None = None) -> PlainFigure:
    """The course of ``t`` from the start of the year (0) to the year end; ``ends``: the day the data
    end, when that is before the day evaluated to (the line at that day then names both)."""
    points = t.progress
    end = points[-1].date
    reached = [p for p in points if p.value is not None]
    colour = STATUS_COLOUR.get(t.status, STATUS_COLOUR["insufficient_data"])
    fig = PlainFigure.of(layout(
        lang, 340, showlegend=True, margin={"l": 56, "r": 20, "t": 16, "b": 40},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0, "font": {"size": 12}},
        xaxis={"type": "date", "range": [start.isoformat(), (end + timedelta(days=12)).isoformat()],
               "showgrid": False, "tickformat": "%b", "dtick": "M1", "ticklabelmode": "period", "fixedrange": True},
        yaxis={"rangemode": "tozero", "gridcolor": GRID, "zeroline": True, "zerolinecolor": GRID,
               "tickformat": ",~r", "fixedrange": True},
    ))

    def line(name: str, days: list[date], values: list[float], colour: str, dash: str, mode: str = "lines",
             ink: str | None = None) -> None:
        """A line from the start of the year (where every count is 0) through ``days``; ``ink``: where
        the markers (the month ends reached) are in a status's light colour, the line and their
        outline are drawn in its dark ink (WCAG 1.4.11: at least 3:1 on white)."""
        xs, ys = [start, *days], [0.0, *(round(v, 2) for v in values)]  # rounded: the page stays small
        fig.add_trace(trace(
            "scatter", x=[d.isoformat() for d in xs], y=ys, name=name, mode=mode,
            line={"color": ink or colour, "width": 3 if mode != "lines" else 2, "dash": dash},
            marker={"size": 7, "color": colour} | ({"line": outline(ink)} if ink else {}),
            hovertext=[_hover(name, d, v, t.unit, lang) for d, v in zip(xs, ys, strict=True)], hoverinfo="text"))

    days = [p.date for p in points]
    prorated = [p.prorated for p in points]
    if all(isinstance(v, int | float) for v in prorated):
        line(text("prorated", lang), days, [float(v) for v in prorated if isinstance(v, int | float)],
             PRORATA_COLOUR, "dot")
    seasonal = [p.seasonal for p in points]
    if t.season is not None and all(isinstance(v, int | float) for v in seasonal):
        line(f"{text('seasonal', lang)} ({season_years(t.season)})", days,
             [float(v) for v in seasonal if isinstance(v, int | float)], SEASONAL_COLOUR, "dash")
    if t.forecast is not None and reached:
        f, last = t.forecast, reached[-1]
        name = text("forecast", lang)
        span = forecast_text(f, t.unit, lang)
        fig.add_trace(trace(
            "scatter", x=[last.date.isoformat(), end.isoformat()], y=[last.value, round(f.value, 2)],
            name=f"{name} {span}",
            mode="lines+markers", line={"color": FORECAST_COLOUR, "width": 2, "dash": "dashdot"},
            marker={"symbol": ["circle-open", "diamond"], "size": [1, 10], "color": FORECAST_COLOUR},
            error_y={"type": "data", "symmetric": False, "array": [0, round(f.high - f.value, 2)],
                     "arrayminus": [0, round(f.value - f.low, 2)], "color": FORECAST_COLOUR, "thickness": 2,
                     "width": 8},
            hovertext=["", f"{esc(name)}: <b>{esc(span)}</b>"],
            hoverinfo="text"))
    line(f"{text('reached', lang)} ({status_label(t.status, lang)})", [p.date for p in reached],
         [float(p.value) for p in reached if p.value is not None], colour, "solid", "lines+markers",
         status_ink(t.status))
    assert isinstance(t.target, int | float)
    fig.add_hline(float(t.target), line={"color": INK, "width": 2},
                  annotation={"text": f"{text('target', lang)} {esc(value_text(t.target, t.unit, lang))}",
                              "xanchor": "left", "x": 0, "yanchor": "bottom", "font": {"size": 12}})
    if reached and reached[-1].date < end:
        # long dashes: the pro-rata line is grey and dotted too, and the legend's two samples looked alike (a review)
        data_line = {"color": MUTED, "width": 1.5, "dash": "longdash"}
        fig.add_vline(reached[-1].date.isoformat(), line=data_line)
        # named in the legend, not beside the line: a label in the chart lay across the achieved line
        # where it runs low, a hub behind (a review), and no place in the chart is free of lines at every pace
        fig.add_trace(trace(
            "scatter", x=[None], y=[None], mode="lines", line=data_line, hoverinfo="skip",
            name=f"{text('data_date', lang)} {date_text(reached[-1].date, lang)}"
            if ends is None else  # ``ends``: the data end before the day evaluated to
            f"{text('evaluated_to', lang)} {date_text(reached[-1].date, lang)} · "
            f"{text('data_ends', lang)} {date_text(ends, lang)}"))
    return describe(fig, pace_data(t, lang))


__all__ = ["pace_figure", "paced_targets"]
