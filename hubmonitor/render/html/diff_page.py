"""The page "Ændringer fra <old> til <new>": two contracts compared target by target
(``contract.diff.ContractDiff``), and with ``--data`` each target's figure under both contracts on
the same data. HTML only; its words are ``render/diff_text.py``'s (the terminal says the same) and
``PAGE_TEXTS`` below. Every text from a contract or the data goes through ``esc``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hubmonitor.contract.diff import WORDING_FIELDS, ContractDiff, FieldChange, QualitativeChange, TargetChange, shown
from hubmonitor.render.diff_text import (
    Figures,
    change_label,
    counted,
    field_value,
    figures_note,
    origin_words,
    other_summary_lines,
    summary_line,
    threshold_words,
    words,
    year_label,
)
from hubmonitor.render.format import UNCERTAIN_TEXT, result_value_text, shown_status, title
from hubmonitor.render.html.document import esc, table
from hubmonitor.render.html.report_page import badge
from hubmonitor.report import TargetResult

PAGE_TEXTS: dict[str, dict[str, str]] = {
    "da": {
        "overview": "Overblik",
        "details": "Ændringer pr. mål",
        "side": "Kontrakt",
        "file": "Fil",
        "hub": "Erhvervshus",
        "year": "År",
        "id": "Id",
        "target": "Mål",
        "change": "Ændring",
        "threshold_before": "Målsætning før",
        "threshold_after": "Målsætning efter",
        "figure_before": "Før: tal og status",
        "figure_after": "Efter: tal og status",
        "aspect": "Del",
        "key": "Nøgle",
        "before": "Før",
        "after": "Efter",
        "item": "Indsatsområde",
        "same_data_note": "Tallene er beregnet på de samme data, efter hver kontrakts regler og mål.",
        "kind": "Art",
    },
    "en": {
        "overview": "At a glance",
        "details": "Changes per target",
        "side": "Contract",
        "file": "File",
        "hub": "Business hub",
        "year": "Year",
        "id": "Id",
        "target": "Target",
        "change": "Change",
        "threshold_before": "Threshold before",
        "threshold_after": "Threshold after",
        "figure_before": "Before: figure and status",
        "figure_after": "After: figure and status",
        "aspect": "Aspect",
        "key": "Key",
        "before": "Before",
        "after": "After",
        "item": "Focus area",
        "same_data_note": "The figures are computed on the same data, by each contract's rules and targets.",
        "kind": "Kind",
    },
}


def _t(key: str, lang: str) -> str:
    return PAGE_TEXTS["en" if lang == "en" else "da"][key]


def diff_heading(diff: ContractDiff, lang: str = "da") -> str:
    """The page's heading (plain text): 'Ændringer fra <old file> til <new file>'."""
    return words("heading", lang).format(old=diff.old.file, new=diff.new.file)


def diff_subtitle(diff: ContractDiff, lang: str = "da") -> str:
    """The page's subtitle (plain text): 'Erhvervshus Midtjylland 2024 → Erhvervshus Midtjylland 2025'."""
    return (f"{diff.old.hub} {year_label(diff.old, lang)} → {diff.new.hub} {year_label(diff.new, lang)}")


def _sides(diff: ContractDiff, lang: str) -> str:
    """The two contracts: file, hub, year and id, before and after (rows headed)."""
    rows = [("file", diff.old.file, diff.new.file), ("hub", diff.old.hub, diff.new.hub),
            ("year", year_label(diff.old, lang), year_label(diff.new, lang)), ("id", diff.old.id, diff.new.id)]
    body = "\n".join(f'<tr><th scope="row">{esc(_t(key, lang))}</th><td>{esc(old)}</td><td>{esc(new)}</td></tr>'
                     for key, old, new in rows)
    head = "".join(f'<th scope="col">{esc(_t(k, lang))}</th>' for k in ("side", "before", "after"))
    return (f'<div class="scroll"><table class="data"><thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n'
            f"</tbody></table></div>\n")


def _tiles(diff: ContractDiff, lang: str) -> str:
    s = diff.summary
    items = []
    for n, key in ((s.added, "n_added"), (s.removed, "n_removed"), (s.changed, "n_changed"),
                   (s.unchanged_count, "n_unchanged")):
        count, word = counted(n, key, lang).split(" ", 1)
        items.append(f'<li><span class="n">{esc(count)}</span>{esc(word)}</li>')
    return f'<ul class="tiles" aria-label="{esc(words("targets", lang))}">{"".join(items)}</ul>'


def _overview(diff: ContractDiff, lang: str) -> str:
    parts = [_sides(diff, lang)]
    if diff.summary.hub_changed:
        note = words("hub_changed", lang).format(old=diff.old.erhvervshus, new=diff.new.erhvervshus)
        parts.append(f"<p><strong>{esc(note)}</strong></p>")
    if diff.summary.identical:
        parts.append(f'<p>{esc(words("identical", lang))}</p>')
    else:
        parts.append(_tiles(diff, lang))
        parts += [f"<p>{esc(line)}</p>" for line in (summary_line(diff, lang), *other_summary_lines(diff, lang))]
    return f'<section id="overview"><h2>{esc(_t("overview", lang))}</h2>{"".join(parts)}</section>\n'


def _value(value: Any, lang: str, path: str) -> str:
    """A changed value, whole (``field_value``); a contract's wording in the other language than the
    page's (a ``title_en`` on a Danish page, a ``title`` or ``quote`` on an English one) marked as such."""
    shown_text = esc(field_value(value, shown(value, None), lang, path))
    if not isinstance(value, str) or not value:
        return shown_text
    field = path.rsplit(".", 1)[-1]
    written = "en" if field.endswith("_en") else "da" if field in WORDING_FIELDS or field == "framework" else None
    return f'<span lang="{written}">{shown_text}</span>' if written not in (None, lang) else shown_text


def _field_rows(fields: Sequence[FieldChange], lang: str, first: Sequence[str] = ()) -> list[list[str]]:
    """One row per changed value: ``first`` cells (already HTML), the key, the old and new value (whole)."""
    return [[*first, f"<code>{esc(f.path)}</code>", _value(f.old, lang, f.path), _value(f.new, lang, f.path)]
            for f in fields]


def _contract(diff: ContractDiff, lang: str) -> str:
    c = diff.contract
    if not (c.fields or c.municipalities_added or c.municipalities_removed):
        return ""
    parts = []
    if c.fields:
        headers = [esc(_t(k, lang)) for k in ("key", "before", "after")]
        parts.append(f'<div class="scroll">{table(headers, _field_rows(c.fields, lang))}</div>')
    for key, items in (("municipalities_added", c.municipalities_added),
                       ("municipalities_removed", c.municipalities_removed)):
        if items:
            named = ", ".join(f"{m.name} ({m.code})" if m.code else m.name for m in items)
            parts.append(f"<p>{esc(words(key, lang).capitalize())}: {esc(named)}</p>")
    return f'<section id="contract"><h2>{esc(words("contract", lang))}</h2>{"".join(parts)}</section>\n'


def _figure_cell(result: TargetResult | None, lang: str) -> str:
    """A figure under one contract: the value and its status as a badge (icon and words, not colour alone)."""
    if result is None:
        return f'<span class="note">{esc(words("not_in_contract", lang))}</span>'
    uncertain = f' <span class="note">({esc(UNCERTAIN_TEXT[lang])})</span>' if result.uncertain else ""
    return (f"<strong>{esc(result_value_text(result, lang))}</strong> "
            f"{badge(shown_status(result), lang)}{uncertain}")


def _target_row(t: TargetChange, lang: str, figures: Figures | None) -> str:
    name = esc(title(t, lang))
    if t.change != "unchanged":
        name = f'<a href="#change-{esc(t.id)}">{name}</a>'
    side = t.new or t.old
    ref = side.ref if side is not None else ""
    head = f'<th scope="row">{name} <span class="note">· {esc(ref)} · {esc(t.id)}</span></th>'
    label = esc(change_label(t, lang))
    css = "note" if t.change == "unchanged" else "changed"  # a change boxed, unchanged in grey
    cells = [f'<span class="{css}">{label}</span>',
             esc(threshold_words(t.old, lang)) if t.old is not None else "–",
             esc(threshold_words(t.new, lang)) if t.new is not None else "–"]
    if figures is not None:
        old, new = figures.get(t.id, (None, None))
        cells += [_figure_cell(old, lang), _figure_cell(new, lang)]
    return "<tr>" + head + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _targets(diff: ContractDiff, lang: str, figures: Figures | None) -> str:
    keys = ["target", "change", "threshold_before", "threshold_after"]
    keys += ["figure_before", "figure_after"] if figures is not None else []
    head = "".join(f'<th scope="col">{esc(_t(k, lang))}</th>' for k in keys)
    rows = "\n".join(_target_row(t, lang, figures) for t in diff.targets)
    note = f'<p class="note">{esc(_t("same_data_note", lang))}</p>' if figures is not None else ""
    return (f'<section id="targets"><h2>{esc(words("targets", lang))}</h2>{note}'
            f'<div class="scroll"><table class="data"><thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n'
            f"</tbody></table></div></section>\n")


def _detail(t: TargetChange, lang: str, figures: Figures | None) -> str:
    side = t.new or t.old
    ref = side.ref if side is not None else ""
    parts = [f'<p class="note">{esc(ref)} · {esc(t.id)} · {esc(t.kind)} · '
             f'<span class="changed">{esc(change_label(t, lang))}</span></p>',
             f"<h3>{esc(title(t, lang))}</h3>"]
    if t.change in ("added", "removed") and side is not None:
        parts.append(f"<p>{esc(words('threshold', lang).capitalize())}: {esc(threshold_words(side, lang))}, "
                     f"{esc(origin_words(side, lang))}</p>")
    if t.old is not None and t.new is not None and t.aspect("threshold") is not None:
        parts.append(f"<p>{esc(words('threshold', lang).capitalize())}: {esc(threshold_words(t.old, lang))} → "
                     f"{esc(threshold_words(t.new, lang))}</p>")
    rows = [row for a in t.aspects for row in _field_rows(a.fields, lang, [esc(words(a.aspect, lang))])]
    if rows:
        headers = [esc(_t(k, lang)) for k in ("aspect", "key", "before", "after")]
        parts.append(f'<div class="scroll">{table(headers, rows)}</div>')
    if figures is not None and t.id in figures:
        old, new = figures[t.id]
        parts.append(f"<p>{esc(words('same_data', lang).capitalize())}: {_figure_cell(old, lang)} → "
                     f"{_figure_cell(new, lang)}</p>")
    return f'<article class="panel" id="change-{esc(t.id)}">{"".join(parts)}</article>\n'


def _details(diff: ContractDiff, lang: str, figures: Figures | None) -> str:
    changed = diff.changed_targets()
    if not changed:
        return ""
    return (f'<section id="details"><h2>{esc(_t("details", lang))}</h2>'
            f'{"".join(_detail(t, lang, figures) for t in changed)}</section>\n')


def _qualitative_rows(q: QualitativeChange, lang: str) -> list[list[str]]:
    first = [f"{esc(title(q, lang))} <span class=\"note\">· {esc(q.id)}</span>", esc(words(q.change, lang))]
    if not q.fields:
        return [[*first, "", "", ""]]
    return _field_rows(q.fields, lang, first)


def _qualitative(diff: ContractDiff, lang: str) -> str:
    if not diff.qualitative:
        return ""
    headers = [esc(_t(k, lang)) for k in ("item", "change", "key", "before", "after")]
    rows = [row for q in diff.qualitative for row in _qualitative_rows(q, lang)]
    return (f'<section id="qualitative"><h2>{esc(words("qualitative", lang))}</h2>'
            f'<div class="scroll">{table(headers, rows)}</div></section>\n')


def diff_body(diff: ContractDiff, lang: str = "da", figures: Figures | None = None) -> str:
    """The body of the page: the overview (the two contracts, the counts), the contract's own
    changes, every target with its change, thresholds before and after (and with ``figures`` its
    figure and status under each contract on the same data), each changed target's details and the
    qualitative items. Headings h2 per section, h3 per target (the page's h1 is ``diff_heading``).
    Without ``figures``, those the diff carries (``diff.figures``), said with their year and data."""
    if figures is None and diff.figures is not None:
        figures = diff.figures.pairs
    parts = [_overview(diff, lang)]
    if diff.figures is not None:
        parts.append(f'<p class="note">{esc(figures_note(diff, lang))}</p>')
    if not diff.summary.identical:
        parts += [_contract(diff, lang), _targets(diff, lang, figures), _details(diff, lang, figures),
                  _qualitative(diff, lang)]
    elif figures is not None:
        parts.append(_targets(diff, lang, figures))
    return "".join(parts)


__all__ = ["PAGE_TEXTS", "diff_body", "diff_heading", "diff_subtitle", "figures_note"]
