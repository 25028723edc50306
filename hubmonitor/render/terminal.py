"""The report as a plain-text table for the terminal. Receives a finished report; computes nothing."""

from __future__ import annotations

from collections.abc import Sequence

from hubmonitor.render.format import STATUS_ICON, number, status_text, target_text, title, value_text
from hubmonitor.report import DataQuality, Report

_HEAD = {
    "da": ("Id", "Mål", "Titel", "Værdi", "Målsætning", "Status"),
    "en": ("Id", "Ref", "Title", "Value", "Target", "Status"),
}
_TITLE_WIDTH = 48


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _table(rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def render(report: Report, lang: str = "da") -> str:
    da = lang == "da"
    p = report.period
    lines = [
        report.contract,
        (f"{report.hub} · periode {p.start} – {p.end} · data til og med {p.as_of}" if da else
         f"{report.hub} · period {p.start} – {p.end} · data up to {p.as_of}"),
        "",
    ]
    rows = [_HEAD[lang]]
    for t in report.targets:
        status = f"{STATUS_ICON.get(t.status, ' ')} {status_text(t.status, lang)}"
        rows.append((t.id, t.ref, _clip(title(t, lang), _TITLE_WIDTH), value_text(t.value, t.unit, lang),
                     target_text(t, lang), status))
    lines += _table(rows, right={3})
    counts = {s: sum(t.status == s for t in report.targets) for s in ("met", "not_met", "insufficient_data")}
    lines += ["", (f"{counts['met']} opfyldt, {counts['not_met']} ikke opfyldt, "
                   f"{counts['insufficient_data']} mangler data" if da else
                   f"{counts['met']} met, {counts['not_met']} not met, "
                   f"{counts['insufficient_data']} insufficient data")]
    missing = [t for t in report.targets if t.status == "insufficient_data" and t.reason]
    for t in missing:
        lines.append(f"  ? {t.id}: {t.reason if da else t.reason_en}")
    dialogue = [g.key for t in report.targets for g in t.groups if g.dialogue]
    if dialogue:
        lines.append(("Kommuner under båndet (inviteres til dialog): " if da else
                      "Municipalities below the band (invite to dialogue): ") + ", ".join(dialogue))
    lines += ["", *quality_lines(report.data_quality, lang)]
    return "\n".join(lines) + "\n"


def quality_lines(q: DataQuality, lang: str = "da") -> list[str]:
    da = lang == "da"
    lines = [("Datakvalitet" if da else "Data quality") + f": {number(q.rows_read, 0, lang)} "
             + ("rækker læst, " if da else "rows read, ") + f"{number(q.rows_used, 0, lang)} "
             + ("brugt" if da else "used")]
    for i in q.inputs:
        place = f"{i.file} [{i.sheet}]" if i.sheet else i.file
        lines.append(
            f"  {place}: {number(i.rows_read, 0, lang)} = {number(i.rows_used, 0, lang)} "
            + ("brugt" if da else "used") + f" + {number(i.quarantined, 0, lang)} "
            + ("i karantæne" if da else "quarantined") + f" + {number(i.duplicates, 0, lang)} "
            + ("dubletter" if da else "duplicates") + f" + {number(i.outside_period, 0, lang)} "
            + ("uden for perioden" if da else "outside the period")
        )
    for s in q.summary:
        kind = {("quarantine", True): "karantæne", ("quarantine", False): "quarantine",
                ("warning", True): "advarsel", ("warning", False): "warning"}[(s.severity, da)]
        lines.append(f"  {s.code} ({kind}): {number(s.count, 0, lang)}")
    quarantined = [f for f in q.findings if f.severity == "quarantine"][:10]
    for f in quarantined:
        place = f"{f.file} [{f.sheet}]" if f.sheet else f.file
        where = f"{place}:{f.row}" if f.row else place
        lines.append(f"    {where} {f.column or ''}: {f.message if da else f.message_en}")
    return lines


def scoreboard(rows: Sequence[tuple[str, int, Report]], lang: str = "da") -> str:
    """One line per hub-year: how many targets have each status (pace columns only mid-year)."""
    da = lang == "da"
    statuses = ["met", "not_met", "insufficient_data"]
    statuses += [s for s in ("on_track", "behind") if any(t.status == s for _, _, r in rows for t in r.targets)]
    header = ["Erhvervshus" if da else "Hub", "År" if da else "Year",
              *(status_text(s, lang).capitalize() for s in statuses), "Karantæne" if da else "Quarantined"]
    body = []
    for hub, year, report in rows:
        counts: list[str] = [t.status for t in report.targets]
        body.append([hub, str(year), *(number(counts.count(s), lang=lang) for s in statuses),
                     number(report.data_quality.quarantined_rows, lang=lang)])
    return "\n".join(_table([header, *body], right=set(range(1, len(header))))) + "\n"
