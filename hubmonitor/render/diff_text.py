"""Two contracts' differences (``contract.diff.ContractDiff``) in words: for the terminal
(``diff_text``), and the words and threshold texts the diff page shares (``DIFF_TEXTS``,
``threshold_words``, ``figure_text``). Receives a finished diff (and, with ``--data``, each
target's figure under both contracts); computes nothing."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from hubmonitor.contract.diff import ContractDiff, ContractSide, FieldChange, TargetChange, TargetSide
from hubmonitor.render.format import (
    COMPARISON_TEXT,
    GRANT_KINDS,
    UNCERTAIN_TEXT,
    number,
    result_value_text,
    shown_status,
    status_label,
    status_text,
    title,
    value_text,
)
from hubmonitor.render.terminal import fit
from hubmonitor.report import TargetResult

# Each target's figure under the old and the new contract on the same data (None: not in that contract).
Figures = Mapping[str, tuple[TargetResult | None, TargetResult | None]]

DIFF_TEXTS: dict[str, dict[str, str]] = {
    "da": {
        "heading": "Ændringer fra {old} til {new}",
        "before": "før",
        "after": "efter",
        "targets": "Mål",
        "qualitative": "Indsatsområder",
        "contract": "Kontrakten",
        "added": "ny",
        "removed": "fjernet",
        "changed": "ændret",
        "unchanged": "uændret",
        "threshold": "målsætning",
        "rule": "beregning",
        "wording": "ordlyd",
        "origin": "oprindelse",
        "not_set": "(ikke angivet)",
        "not_in_contract": "ikke i kontrakten",
        "municipalities_added": "kommuner tilføjet",
        "municipalities_removed": "kommuner fjernet",
        "hub_changed": "Bemærk: kontrakterne gælder to forskellige erhvervshuse ({old} → {new}).",
        "identical": "Ingen ændringer: de to kontrakter er ens.",
        "unchanged_line": "Uændrede mål ({n})",
        "same_data": "på samme data",
        "framework": "rammeaftalen",
        "hub": "erhvervshuset",
        "overridden": "ændret af erhvervshuset: {keys}",
        "from": "fra {origin}",
        "was": "var",
        "all": "alle kommuner",
        "baseline": "basislinjen {name}",
        "read": "læses fra data",
        "previous_year": "sidste års værdi",
        "step": "trin for {year}",
        "of_span": "af {first}–{last}",
        "change_one": "ændring",
        "change_many": "ændringer",
        # the forms after a count of targets or items (singular, plural)
        "n_added": "nyt|nye",
        "n_removed": "fjernet|fjernede",
        "n_changed": "ændret|ændrede",
        "n_unchanged": "uændret|uændrede",
    },
    "en": {
        "heading": "Changes from {old} to {new}",
        "before": "before",
        "after": "after",
        "targets": "Targets",
        "qualitative": "Focus areas",
        "contract": "The contract",
        "added": "new",
        "removed": "removed",
        "changed": "changed",
        "unchanged": "unchanged",
        "threshold": "threshold",
        "rule": "rule",
        "wording": "wording",
        "origin": "origin",
        "not_set": "(not set)",
        "not_in_contract": "not in the contract",
        "municipalities_added": "municipalities added",
        "municipalities_removed": "municipalities removed",
        "hub_changed": "Note: the contracts are for two different hubs ({old} → {new}).",
        "identical": "No changes: the two contracts are the same.",
        "unchanged_line": "Unchanged targets ({n})",
        "same_data": "on the same data",
        "framework": "the framework",
        "hub": "the hub",
        "overridden": "overridden by the hub: {keys}",
        "from": "from {origin}",
        "was": "was",
        "all": "all municipalities",
        "baseline": "the baseline {name}",
        "read": "read from the data",
        "previous_year": "last year's value",
        "step": "step for {year}",
        "of_span": "of {first}–{last}",
        "change_one": "change",
        "change_many": "changes",
        "n_added": "new|new",
        "n_removed": "removed|removed",
        "n_changed": "changed|changed",
        "n_unchanged": "unchanged|unchanged",
    },
}
ARROW = " → "


def words(key: str, lang: str) -> str:
    return DIFF_TEXTS["en" if lang == "en" else "da"][key]


def counted(n: int, key: str, lang: str) -> str:
    """A count with the word's singular or plural form: '1 nyt', '2 nye'."""
    one, many = words(key, lang).split("|")
    return f"{number(n, 0, lang)} {one if n == 1 else many}"


# --- a threshold and a figure in words -----------------------------------------------------------

def _signed(text: str, negative: bool) -> str:
    return f"{'−' if negative else '+'} {text}"


def _step(change: float | None, relative: float | None, unit: str, lang: str) -> str:
    """What is added to a baseline or last year's value: '+ 10,0 procentpoint', '+ 15 %' (nothing: '')."""
    if relative is not None:
        pct = abs(relative) * 100
        return " " + _signed(f"{number(pct, 0 if float(pct).is_integer() else 1, lang)} %", relative < 0)
    if not change:
        return ""
    if unit == "share":  # a share's change is in points of the share
        return " " + _signed(value_text(abs(change) * 100, "pp", lang), change < 0)
    return " " + _signed(value_text(abs(change), unit, lang), change < 0)


def threshold_words(side: TargetSide, lang: str = "da") -> str:
    """A target's threshold as one contract states it, e.g. '≥ 50,0 %', '40,0 % – 60,0 %',
    '≥ 19 (alle kommuner)', '≥ 70,0 % (basislinjen b2020 60,0 % + 10,0 procentpoint)',
    '≥ sidste års værdi + 5 %', 'bevilling 41.679 t.kr.'."""
    unit, goal = side.unit, side.goal
    if side.kind in GRANT_KINDS:
        return f"{status_text('grant', lang)} {value_text(goal, unit, lang)}"
    if side.comparison == "between" and isinstance(goal, list) and len(goal) == 2:
        return f"{value_text(goal[0], unit, lang)} – {value_text(goal[1], unit, lang)}"
    symbol = COMPARISON_TEXT["da"].get(side.comparison, side.comparison)
    th: Any = side.threshold if isinstance(side.threshold, dict) else {}
    if side.basis == "previous_year":
        p = th.get("previous_year") or {}
        return f"{symbol} {words('previous_year', lang)}{_step(p.get('change'), p.get('relative'), unit, lang)}"
    if side.basis == "baseline":
        name = words("baseline", lang).format(name=th.get("baseline", ""))
        step = _step(th.get("change"), th.get("relative"), unit, lang)
        if goal is None:
            return f"{symbol} {name}{step} ({words('read', lang)})"
        base = value_text(side.base, unit, lang)
        return f"{symbol} {value_text(goal, unit, lang)} ({name} {base}{step})"
    note = {"all": f" ({words('all', lang)})", "step": f" ({words('step', lang).format(year=side.year)})"}
    return f"{symbol} {value_text(goal, unit, lang)}{note.get(side.basis, '')}"


def figure_text(result: TargetResult | None, lang: str = "da") -> str:
    """A target's figure under one contract: value and status ('80,5 % ✔ opfyldt'; '(usikker)' when
    its interval holds the target); 'ikke i kontrakten' without one."""
    if result is None:
        return words("not_in_contract", lang)
    uncertain = f" ({UNCERTAIN_TEXT[lang]})" if result.uncertain else ""
    return f"{result_value_text(result, lang)} {status_label(shown_status(result), lang)}{uncertain}"


def value_or_unset(text: str | None, lang: str) -> str:
    return words("not_set", lang) if text is None else text


def field_value(value: Any, text: str | None, lang: str, path: str = "") -> str:
    """A changed value as the reader's language writes it: a number with its own decimals in the
    language's marks ("0,85", "43.363"; the contract file's "0.85" and "43363" read as English next to
    "≥ 85,0 %"), but a year as a year; an empty list as not set, anything else as the contract writes it
    (``text``)."""
    a_year = path.rsplit(".", 1)[-1].endswith(("year", "years"))
    if isinstance(value, int | float) and not isinstance(value, bool) and not a_year:
        written = repr(value)  # 1e-05, inf, nan and 2**60 stay as the contract writes them
        if math.isfinite(value) and "e" not in written and abs(value) < 2 ** 53:
            places = len(written.partition(".")[2]) if isinstance(value, float) else 0
            return number(value, places, lang)
    if value == [] or value == {}:
        return words("not_set", lang)
    return value_or_unset(text, lang)


def field_line(change: FieldChange, lang: str) -> str:
    """'path: old → new', a value not set in words."""
    return (f"{change.path}: {field_value(change.old, change.old_text, lang, change.path)}{ARROW}"
            f"{field_value(change.new, change.new_text, lang, change.path)}")


def origin_words(side: TargetSide, lang: str) -> str:
    """Where a target comes from: 'fra rammeaftalen (ændret af erhvervshuset: quote)'."""
    text = words("from", lang).format(origin=words(side.origin, lang))
    if side.overridden:
        text += f" ({words('overridden', lang).format(keys=', '.join(side.overridden))})"
    return text


def year_label(side: ContractSide, lang: str) -> str:
    if side.span is None:
        return str(side.year)
    return f"{side.year} {words('of_span', lang).format(first=side.span[0], last=side.span[1])}"


def change_label(t: TargetChange, lang: str) -> str:
    """'ny', 'fjernet', 'uændret', or 'ændret: målsætning, ordlyd'."""
    label = words(t.change, lang)
    if t.change == "changed":
        label += ": " + ", ".join(words(a.aspect, lang) for a in t.aspects)
    return label


def summary_line(diff: ContractDiff, lang: str) -> str:
    """'Mål: 1 nyt, 0 fjernede, 3 ændrede, 16 uændrede (målsætning 1, beregning 2, ordlyd 1)'."""
    s = diff.summary
    parts = [counted(s.added, "n_added", lang), counted(s.removed, "n_removed", lang),
             counted(s.changed, "n_changed", lang), counted(s.unchanged_count, "n_unchanged", lang)]
    aspects = [f"{words(k, lang)} {number(v, 0, lang)}" for k, v in
               (("threshold", s.threshold), ("rule", s.rule), ("wording", s.wording), ("origin", s.origin)) if v]
    tail = f" ({', '.join(aspects)})" if aspects else ""
    return f"{words('targets', lang)}: {', '.join(parts)}{tail}"


def other_summary_lines(diff: ContractDiff, lang: str) -> list[str]:
    """The qualitative items' and the contract's own changes counted, when there are any."""
    s = diff.summary
    lines = []
    if s.qualitative_added or s.qualitative_removed or s.qualitative_changed:
        parts = [counted(s.qualitative_added, "n_added", lang), counted(s.qualitative_removed, "n_removed", lang),
                 counted(s.qualitative_changed, "n_changed", lang)]
        lines.append(f"{words('qualitative', lang)}: {', '.join(parts)}")
    if s.contract:
        noun = words("change_one" if s.contract == 1 else "change_many", lang)
        lines.append(f"{words('contract', lang)}: {number(s.contract, 0, lang)} {noun}")
    return lines


# --- the terminal --------------------------------------------------------------------------------

def _header(diff: ContractDiff, lang: str) -> list[str]:
    before, after = words("before", lang), words("after", lang)
    pad = max(len(before), len(after)) + 1
    lines = [words("heading", lang).format(old=diff.old.file, new=diff.new.file),
             f"  {(before + ':').ljust(pad)} {diff.old.hub} {year_label(diff.old, lang)} · {diff.old.id}",
             f"  {(after + ':').ljust(pad)} {diff.new.hub} {year_label(diff.new, lang)} · {diff.new.id}"]
    if diff.summary.hub_changed:
        lines.append(words("hub_changed", lang).format(old=diff.old.erhvervshus, new=diff.new.erhvervshus))
    return lines


def _contract_lines(diff: ContractDiff, lang: str) -> list[str]:
    c = diff.contract
    lines = [f"  {field_line(f, lang)}" for f in c.fields]
    for key, items in (("municipalities_added", c.municipalities_added),
                       ("municipalities_removed", c.municipalities_removed)):
        if items:
            named = ", ".join(f"{m.name} ({m.code})" if m.code else m.name for m in items)
            lines.append(f"  {words(key, lang)}: {named}")
    return [f"{words('contract', lang)}:", *lines] if lines else []


def _figure_line(t: TargetChange, figures: Figures | None, lang: str, indent: str = "  ") -> list[str]:
    if figures is None or t.id not in figures:
        return []
    old, new = figures[t.id]
    return [f"{indent}{words('same_data', lang)}: {figure_text(old, lang)}{ARROW}{figure_text(new, lang)}"]


def target_block(t: TargetChange, lang: str, figures: Figures | None = None) -> list[str]:
    """One target added, removed or changed: its id, title and change, then what changed per aspect."""
    lines = [f"{t.id} — {title(t, lang)} · {change_label(t, lang)}"]
    side = t.new or t.old
    if t.change in ("added", "removed") and side is not None:
        was = f"{words('was', lang)} " if t.change == "removed" else ""
        lines.append(f"  {side.kind}, {words('threshold', lang)} {was}{threshold_words(side, lang)}, "
                     f"{origin_words(side, lang)}")
    for aspect in t.aspects:
        head = f"  {words(aspect.aspect, lang)}:"
        if aspect.aspect == "threshold" and t.old is not None and t.new is not None:
            head += f" {threshold_words(t.old, lang)}{ARROW}{threshold_words(t.new, lang)}"
        lines.append(head)
        lines += [f"    {field_line(f, lang)}" for f in aspect.fields]
    return lines + _figure_line(t, figures, lang)


def _qualitative_lines(diff: ContractDiff, lang: str) -> list[str]:
    if not diff.qualitative:
        return []
    lines = [f"{words('qualitative', lang)}:"]
    for q in diff.qualitative:
        lines.append(f"  {q.id} — {title(q, lang)} · {words(q.change, lang)}")
        lines += [f"    {field_line(f, lang)}" for f in q.fields]
    return lines


def _unchanged_lines(diff: ContractDiff, lang: str, figures: Figures | None) -> list[str]:
    ids = diff.summary.unchanged
    if not ids:
        return []
    lines = [f"{words('unchanged_line', lang).format(n=number(len(ids), 0, lang))}: {', '.join(ids)}"]
    if figures is not None:
        for t in diff.targets:
            if t.change == "unchanged" and t.id in figures:
                old, new = figures[t.id]
                lines.append(f"  {t.id} {words('same_data', lang)}: {figure_text(old, lang)}{ARROW}"
                             f"{figure_text(new, lang)}")
    return lines


def diff_text(diff: ContractDiff, lang: str = "da", figures: Figures | None = None, width: int | None = None
              ) -> str:
    """The diff for the terminal: the header (the two files, hubs and years), the summary, the
    contract's own changes, one block per target added, removed or changed, the qualitative items
    and the unchanged targets on one line. ``figures``: each target's figure under both contracts on
    the same data, shown side by side. ``width``: the columns to fit (None: no limit)."""
    lines = [*_header(diff, lang), ""]
    if diff.summary.identical:
        return "\n".join(fit([*lines, words("identical", lang)], width)) + "\n"
    lines += [summary_line(diff, lang), *other_summary_lines(diff, lang)]
    sections: list[list[str]] = [_contract_lines(diff, lang)]
    sections += [target_block(t, lang, figures) for t in diff.changed_targets()]
    sections += [_qualitative_lines(diff, lang), _unchanged_lines(diff, lang, figures)]
    for section in sections:
        if section:
            lines += ["", *section]
    return "\n".join(fit(lines, width)) + "\n"


def figures_note(diff: ContractDiff, lang: str) -> str:
    """Which data the figures beside each contract come from (the diff must carry figures)."""
    f = diff.figures
    assert f is not None
    if lang == "da":
        return (f"Tallene er begge kontrakters regler på de samme data: {f.year} fra mappen {f.data} (til og med "
                f"{f.as_of.strftime('%d.%m.%Y')}), som om hver kontrakt var indgået for {f.year}.")
    return (f"The figures are both contracts' rules on the same data: {f.year} from the folder {f.data} (up to "
            f"{f.as_of.isoformat()}), as if each contract had been signed for {f.year}.")


__all__ = [
    "DIFF_TEXTS",
    "Figures",
    "change_label",
    "counted",
    "diff_text",
    "field_line",
    "figure_text",
    "figures_note",
    "origin_words",
    "other_summary_lines",
    "summary_line",
    "target_block",
    "threshold_words",
    "value_or_unset",
    "words",
]
