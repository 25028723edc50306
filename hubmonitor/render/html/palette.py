"""Colours, symbols and the common figure layout of the dashboards.

Colours are from the Okabe–Ito palette (safe for the common colour-vision deficiencies), and
no status is shown by colour alone: every status also has an icon or marker shape, a fill
pattern where it calls for action, and a text label.
"""

from __future__ import annotations

import html
from typing import Any

STATUS_COLOUR = {
    "met": "#0072B2",  # blue
    "not_met": "#D55E00",  # vermillion
    "insufficient_data": "#999999",  # grey
    "on_track": "#56B4E9",  # sky blue
    "behind": "#E69F00",  # orange
}
# A marker shape per status (as the icons: ✔ ● , ✘ ×, ↗ ▲, ↘ ▼, ? ○), so status never rests on colour:
# the plotly symbol and the character that draws it in a legend, from one table so the two agree.
_STATUS_MARKER = {"met": ("circle", "●"), "not_met": ("x", "✖"), "on_track": ("triangle-up", "▲"),
                  "behind": ("triangle-down", "▼"), "insufficient_data": ("circle-open", "○")}
STATUS_SYMBOL = {status: symbol for status, (symbol, _) in _STATUS_MARKER.items()}
STATUS_MARKER_ICON = {status: icon for status, (_, icon) in _STATUS_MARKER.items()}
# Position of a municipality against the band (the contract's tolerance).
BAND_COLOUR = {"below": "#D55E00", "within": "#56B4E9", "above": "#0072B2"}
BAND_SYMBOL = {"below": "triangle-down", "within": "circle", "above": "triangle-up"}
BAND_ICON = {"below": "▼", "within": "●", "above": "▲"}
BAND_ORDER = ("below", "within", "above")
# The light fill and dark ink of each status (the badges, the heat-table and the workbook's cells;
# style.css holds the same values as --<status>-bg and --<status>-ink, tests/test_chart_contrast.py
# keeps the two equal): each ink at least 4.5:1 on its fill and on white.
STATUS_BG = {"met": "#DCEBF6", "not_met": "#FBE3D3", "insufficient_data": "#ECECEC", "on_track": "#E1F1FB",
             "behind": "#FCEFD2"}
STATUS_INK = {"met": "#00466F", "not_met": "#8A3B00", "insufficient_data": "#3D3D3D", "on_track": "#0B4F73",
              "behind": "#6B4A00"}
# A municipality's position against the band takes the pairs of the status it reads as.
_BAND_STATUS = {"below": "not_met", "within": "on_track", "above": "met"}
BAND_BG = {band: STATUS_BG[status] for band, status in _BAND_STATUS.items()}
BAND_INK = {band: STATUS_INK[status] for band, status in _BAND_STATUS.items()}
# A mark in a status colour gets an outline in the status's ink, so that every mark stands out at
# least 3:1 from the white plot (WCAG 2.1 1.4.11): sky blue, orange and grey fills alone do not.
OUTLINE_WIDTH = 1.5
# Statuses that call for action also get a hatch pattern in bars and map fills.
PATTERN = {"not_met": "/", "behind": "/", "below": "/"}

INK = "#222222"
TARGET_INK = "#111111"  # a target line or mark
MUTED = "#595959"
GRID = "#E3E3E3"
TRACK = "#EFEFEF"
# plotly's template "none" as plotly.py writes it: no styling but a scatter trace's type.
NO_TEMPLATE: dict[str, Any] = {"data": {"scatter": [{"type": "scatter"}]}}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


def separators(lang: str) -> str:
    """plotly's ``layout.separators``: decimal mark then thousands separator."""
    return ",." if lang == "da" else ".,"


def layout(lang: str, height: int, **extra: Any) -> dict[str, Any]:
    """The layout every figure starts from: no template (small JSON), system fonts (no web
    fonts offline), the language's number separators."""
    base: dict[str, Any] = {
        "template": NO_TEMPLATE,
        "height": height,
        "autosize": True,
        "separators": separators(lang),
        "font": {"family": FONT, "size": 13, "color": INK},
        "paper_bgcolor": "#FFFFFF",
        "plot_bgcolor": "#FFFFFF",
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "hoverlabel": {"font": {"family": FONT, "size": 13}, "namelength": -1},
        "showlegend": False,
    }
    base.update(extra)
    return base


def pattern(shapes: str | list[str], colours: str | list[str], fg: str = "#FFFFFF") -> dict[str, Any]:
    """A hatch of ``fg`` lines on the bar's own colour, so the colour stays (``bgcolor`` must be
    given: plotly cannot take an array of marker colours as the pattern's background)."""
    return {"shape": shapes, "bgcolor": colours, "fgcolor": fg, "fgopacity": 0.75, "solidity": 0.35}


def esc(text: str) -> str:
    """Text from contracts or data, made inert for plotly's HTML-like labels (which understand
    <b>, <br>, <a>…): '<' and '&' are escaped and shown literally."""
    return html.escape(text, quote=False)


def wrap(text: str, width: int) -> str:
    """Break an (already escaped) label into lines of at most ``width`` characters with <br>."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return "<br>".join(lines)


def status_ink(status: str) -> str:
    """The outline of a mark in ``status``'s colour (an unknown status reads as insufficient data)."""
    return STATUS_INK.get(status, STATUS_INK["insufficient_data"])


def outline(colours: str | list[str]) -> dict[str, Any]:
    """A mark's ``line``: the given ink(s) at ``OUTLINE_WIDTH``."""
    return {"color": colours, "width": OUTLINE_WIDTH}
