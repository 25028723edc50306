"""Two contracts compared target by target (``hubmonitor diff OLD NEW``): what a new contract year,
a renegotiation or an edit changes.

Both contracts are as ``hubmonitor.load_contract`` gives them (the framework merged, overrides
applied). Targets are matched by id; a target whose id changed cannot be told from one removed and
another added, and is reported as exactly that (docs/decisions.md). For a target in both,
every field of its model is compared as ``model_dump(mode="json")`` gives it and sorted into one
of four aspects:

- ``threshold``: ``THRESHOLD_FIELDS`` (and the grant of an allocation: ``THRESHOLD_FIELDS_OF_KIND``);
  a threshold stated alike that comes to another value (``TargetSide.goal``: a contract's baseline,
  the hub's municipalities for ``all``, another year's step) is a change at ``GOAL_PATH``;
- ``wording``: ``WORDING_FIELDS``, the words that change no figure;
- ``rule``: every other field (kind, source, where, exclude, group_by, groups, groups_needed, unit,
  pace, min_answers, over, answered_by, the columns of a duration …): whatever changes what is
  counted, derived from the model, so that a new key of a new kind is a rule without a list to keep;
- ``origin``: where the target comes from (the framework or the hub, the keys a hub overrides).

Nested values are compared key by key (``where.segment``, ``threshold.change``); a list is one value.
Nothing here makes words in a language: the renderers do (``render/diff_text.py``,
``render/html/diff_page.py``); each value carries a short, language-neutral text in YAML's flow
style, as a contract writes it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, JsonValue

from hubmonitor.contract.model import Contract, TargetOrigin
from hubmonitor.contract.target_base import BaselineThreshold, PreviousYearThreshold, StepsThreshold
from hubmonitor.contract.targets import Qualitative, Target
from hubmonitor.reference import load_registry
from hubmonitor.report import TargetResult

Aspect = Literal["threshold", "rule", "wording", "origin"]
ASPECTS: tuple[Aspect, ...] = ("threshold", "rule", "wording", "origin")
Change = Literal["added", "removed", "changed", "unchanged"]
Basis = Literal["fixed", "all", "baseline", "previous_year", "step"]

# The fields of a target declared once: its words (they change no figure) and its threshold. Every
# other field of a target's model is its rule. ``id`` is what matches two targets, never a change.
WORDING_FIELDS = frozenset({"title", "title_en", "quote", "explanation", "ref", "status_text"})
THRESHOLD_FIELDS = frozenset({"threshold", "comparison"})
# the allocation's threshold is its grant: ``total`` (the contract requires threshold == total)
THRESHOLD_FIELDS_OF_KIND: Mapping[str, frozenset[str]] = {"allocation": frozenset({"total"})}
MATCHED_BY = "id"
# A threshold stated alike in both that comes to another value (a baseline's value, the number of the
# hub's municipalities for ``all`` or the year's step changed) is a threshold change at this path:
GOAL_PATH = "goal"
# The contract's own keys compared (the targets and qualitative items apart; the files are the
# header; the municipalities as added and removed).
CONTRACT_FIELDS = ("id", "title", "title_en", "source", "hub", "erhvervshus", "period", "span", "framework",
                   "framework_en",  # (the framework's English title: the English page showed only the Danish)
                   "baselines", "baselines_read", "data", "signals")  # (signals: a review found its change unsaid)
SHORT_LIMIT = 160  # characters of a value's short text; the value itself is kept whole beside it


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldChange(_Frozen):
    """One value that differs: its dotted path (``where.segment``, ``groups_needed``), the old and new
    values as JSON (None: not set) and each as short text (None: not set)."""

    path: str
    old: JsonValue = None
    new: JsonValue = None
    old_text: str | None = None
    new_text: str | None = None


class AspectChange(_Frozen):
    """The changes of one aspect of a target, in the model's field order."""

    aspect: Aspect
    fields: tuple[FieldChange, ...]


class TargetSide(_Frozen):
    """A target as one of the two contracts states it: what a renderer needs to put its threshold
    in words. ``goal`` is the value the threshold comes to in the contract's year without any data
    (a number, a band [low, high], true; the number of the hub's municipalities for ``all``; a
    baseline's value plus its change; the year's step), None when only the data can say
    (``previous_year``, a baseline read from an earlier year's file). ``base``: the baseline's
    value typed in the contract."""

    kind: str
    ref: str
    unit: str
    comparison: str
    threshold: JsonValue
    goal: JsonValue = None
    basis: Basis = "fixed"
    base: float | None = None
    year: int
    origin: Literal["framework", "hub"]
    overridden: tuple[str, ...] = ()


class TargetChange(_Frozen):
    """One target of either contract: added, removed, changed (``aspects`` says how) or unchanged.
    ``kind``, ``title`` and ``title_en`` are the new contract's, else the old one's."""

    id: str
    change: Change
    kind: str
    title: str
    title_en: str | None = None
    old: TargetSide | None = None
    new: TargetSide | None = None
    aspects: tuple[AspectChange, ...] = ()

    def aspect(self, name: Aspect) -> AspectChange | None:
        return next((a for a in self.aspects if a.aspect == name), None)


class QualitativeChange(_Frozen):
    """A part of the contract with no computed status, added, removed or changed (its fields)."""

    id: str
    change: Literal["added", "removed", "changed"]
    title: str
    title_en: str | None = None
    fields: tuple[FieldChange, ...] = ()


class Municipality(_Frozen):
    code: str  # kommunekode, as the reference data has it ("751")
    name: str


class ContractSide(_Frozen):
    """One of the two contracts: the file as given and what a header names."""

    file: str
    id: str
    title: str
    title_en: str | None = None
    hub: str
    erhvervshus: str
    year: int
    span: tuple[int, int] | None = None
    framework: str | None = None
    municipalities: int  # how many


class ContractChanges(_Frozen):
    """The contract's own keys that differ (``CONTRACT_FIELDS``, dotted paths as for targets:
    ``period.year``, ``baselines.green_awareness_2020``) and the municipalities added and removed."""

    fields: tuple[FieldChange, ...] = ()
    municipalities_added: tuple[Municipality, ...] = ()
    municipalities_removed: tuple[Municipality, ...] = ()


class Summary(_Frozen):
    """Counts per change: targets added, removed, changed, unchanged; the changed ones per aspect
    (a target changed in two aspects counts in both); qualitative items; contract keys (a
    municipality added or removed counts one). ``unchanged`` lists the unchanged targets by id."""

    added: int
    removed: int
    changed: int
    unchanged_count: int
    threshold: int
    rule: int
    wording: int
    origin: int
    qualitative_added: int
    qualitative_removed: int
    qualitative_changed: int
    contract: int
    hub_changed: bool  # the two contracts are for different hubs (erhvervshus)
    identical: bool  # nothing differs: no target, qualitative item or contract key
    unchanged: tuple[str, ...] = ()


class DiffFigures(_Frozen):
    """Both contracts' figures on the same data (``hubmonitor diff --data``): each contract
    evaluated as if signed for ``year`` on the folder ``data``; per target id (old, new), None where
    a contract lacks the target."""

    data: str
    year: int
    as_of: date
    pairs: dict[str, tuple[TargetResult | None, TargetResult | None]]


class ContractDiff(_Frozen):
    """What ``diff_contracts`` finds. ``targets`` holds every target of either contract: the new
    contract's order, each removed target after the target it followed in the old contract.
    ``figures``: both contracts on the same data, when computed (the command's ``--data``)."""

    document: Literal["contract-diff"] = "contract-diff"
    schema_version: Literal[1] = 1
    old: ContractSide
    new: ContractSide
    contract: ContractChanges
    summary: Summary
    targets: tuple[TargetChange, ...]
    qualitative: tuple[QualitativeChange, ...] = ()
    figures: DiffFigures | None = None

    def changed_targets(self) -> list[TargetChange]:
        """The targets added, removed or changed, in ``targets``' order."""
        return [t for t in self.targets if t.change != "unchanged"]


# --- values ------------------------------------------------------------------------------------

def dumped(model: BaseModel) -> dict[str, Any]:
    """A model as the diff compares it: JSON values, keys as a contract writes them (``in``, not
    ``in_``), keys not set left out."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def same(a: Any, b: Any) -> bool:
    """Equal as a contract means it: 70 and 70.0 alike, true never 1, a dict key missing and None alike."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return all(same(a.get(k), b.get(k)) for k in _keys(a, b))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and bool(a == b)


def _keys(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[str]:
    return [*a, *(k for k in b if k not in a)]


_NESTED_UNSAFE = set(",[]{}:#\"'")


def _plain(text: str, nested: bool) -> bool:
    """Can ``text`` be shown without quotes: not empty, no edge spaces or line breaks, not read as
    a number, true, false or null; inside a list or mapping, none of YAML's flow marks either."""
    if not text or text != text.strip() or "\n" in text or text in ("true", "false", "null"):
        return False
    try:
        float(text)
        return False
    except ValueError:
        pass
    return not (nested and _NESTED_UNSAFE & set(text))


def _flow(value: Any, nested: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v, True) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v, True)}" for k, v in value.items()) + "}"
    text = str(value)
    return text if _plain(text, nested) else json.dumps(text, ensure_ascii=False)


def shown(value: Any, limit: int | None = SHORT_LIMIT) -> str | None:
    """A value as short text in YAML's flow style (``{activity_type: individuel}``, ``[drift, vækst]``,
    ``0.8``), cut at ``limit`` characters with "…" (None: whole); None for a value not set. A text
    is shown as it is unless quotes are needed to read it."""
    if value is None:
        return None
    text = _flow(value)
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def _joined(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _field_changes(old: Any, new: Any, path: str = "") -> list[FieldChange]:
    """The leaves that differ between two JSON values, with dotted paths; dicts compared key by key."""
    if same(old, new):
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        return [c for k in _keys(old, new) for c in _field_changes(old.get(k), new.get(k), _joined(path, k))]
    return [FieldChange(path=path, old=old, new=new, old_text=shown(old), new_text=shown(new))]


# --- targets ----------------------------------------------------------------------------------

def aspect_of(field: str, kinds: Iterable[str]) -> Aspect:
    """The aspect a top-level field of a target of ``kinds`` (old and new) belongs to."""
    if field in WORDING_FIELDS:
        return "wording"
    if field in THRESHOLD_FIELDS or any(field in THRESHOLD_FIELDS_OF_KIND.get(k, ()) for k in kinds):
        return "threshold"
    return "rule"


def _goal(t: Target, contract: Contract) -> tuple[JsonValue, Basis, float | None]:
    """The value a threshold comes to without data (``TargetSide.goal``), how, and the baseline's value."""
    th = t.threshold
    if isinstance(th, str):  # all: every municipality of the hub
        return len(contract.municipalities), "all", None
    if isinstance(th, BaselineThreshold):
        base = contract.baselines.get(th.baseline)
        return (None if base is None else th.resolve(base)), "baseline", base
    if isinstance(th, PreviousYearThreshold):
        return None, "previous_year", None
    if isinstance(th, StepsThreshold):
        return th.by_year.get(contract.period.year), "step", None
    return (list(th) if isinstance(th, list) else th), "fixed", None


def _side(t: Target, contract: Contract) -> TargetSide:
    goal, basis, base = _goal(t, contract)
    origin = contract.origins.get(t.id) or TargetOrigin(source="hub", file="")
    return TargetSide(kind=t.kind, ref=t.ref, unit=t.unit, comparison=t.comparison, threshold=dumped(t)["threshold"],
                      goal=goal, basis=basis, base=base, year=contract.period.year, origin=origin.source,
                      overridden=origin.overridden)


def _origin(side: TargetSide) -> dict[str, Any]:
    return {"source": side.origin, "overridden": list(side.overridden)}


def _field_order(new: BaseModel, old: BaseModel, a: Mapping[str, Any], b: Mapping[str, Any]) -> list[str]:
    """The keys of two dumped targets in the new model's field order, then the old one's (a kind changed)."""
    declared = [f.alias or name for m in (new, old) for name, f in type(m).model_fields.items()]
    return [k for k in dict.fromkeys([*declared, *_keys(a, b)]) if k in a or k in b]


def _aspects(old: Target, new: Target, old_side: TargetSide, new_side: TargetSide) -> tuple[AspectChange, ...]:
    """A matched target's changes, grouped by aspect (in ``ASPECTS``' order), fields in the model's order."""
    a, b = dumped(old), dumped(new)
    kinds = (old.kind, new.kind)
    grouped: dict[Aspect, list[FieldChange]] = {aspect: [] for aspect in ASPECTS}
    for key in _field_order(new, old, a, b):
        if key != MATCHED_BY:
            grouped[aspect_of(key, kinds)] += _field_changes(a.get(key), b.get(key), key)
    if not grouped["threshold"] and not same(old_side.goal, new_side.goal):  # a baseline, the hub, the year
        grouped["threshold"] += _field_changes(old_side.goal, new_side.goal, GOAL_PATH)
    grouped["origin"] += _field_changes(_origin(old_side), _origin(new_side), "origin")
    return tuple(AspectChange(aspect=k, fields=tuple(v)) for k, v in grouped.items() if v)


def _target_change(tid: str, old: Contract, new: Contract, before: Target | None, after: Target | None
                   ) -> TargetChange:
    shown_t = after if after is not None else before
    assert shown_t is not None
    old_side = _side(before, old) if before is not None else None
    new_side = _side(after, new) if after is not None else None
    aspects: tuple[AspectChange, ...] = ()
    if before is None:
        change: Change = "added"
    elif after is None:
        change = "removed"
    else:
        assert old_side is not None and new_side is not None
        aspects = _aspects(before, after, old_side, new_side)
        change = "changed" if aspects else "unchanged"
    return TargetChange(id=tid, change=change, kind=shown_t.kind, title=shown_t.title, title_en=shown_t.title_en,
                        old=old_side, new=new_side, aspects=aspects)


def merged_order(old_ids: Sequence[str], new_ids: Sequence[str]) -> list[str]:
    """Every id once: the new order, each id only in the old order right after the id it followed
    there (after the nearest earlier one the new order has; at the start if none)."""
    order = list(new_ids)
    kept = set(new_ids)
    anchor: str | None = None  # the last old id placed, shared or removed
    for tid in old_ids:
        if tid in kept:
            anchor = tid
            continue
        order.insert(order.index(anchor) + 1 if anchor is not None else 0, tid)
        anchor = tid
    return order


def _targets(old: Contract, new: Contract) -> tuple[TargetChange, ...]:
    before = {t.id: t for t in old.targets}
    after = {t.id: t for t in new.targets}
    ids = merged_order([t.id for t in old.targets], [t.id for t in new.targets])
    return tuple(_target_change(tid, old, new, before.get(tid), after.get(tid)) for tid in ids)


# --- qualitative items and the contract's own keys --------------------------------------------------

def _qualitative(old: Sequence[Qualitative], new: Sequence[Qualitative]) -> tuple[QualitativeChange, ...]:
    before = {q.id: q for q in old}
    after = {q.id: q for q in new}
    out: list[QualitativeChange] = []
    for qid in merged_order(list(before), list(after)):
        a, b = before.get(qid), after.get(qid)
        item = b if b is not None else a
        assert item is not None
        if a is None or b is None:
            out.append(QualitativeChange(id=qid, change="added" if a is None else "removed", title=item.title,
                                         title_en=item.title_en))
            continue
        da, db = dumped(a), dumped(b)
        fields = [c for k in _keys(da, db) if k != MATCHED_BY for c in _field_changes(da.get(k), db.get(k), k)]
        if fields:
            out.append(QualitativeChange(id=qid, change="changed", title=item.title, title_en=item.title_en,
                                         fields=tuple(fields)))
    return tuple(out)


def _municipalities(names: Iterable[str]) -> tuple[Municipality, ...]:
    """Municipalities by name, with their codes, in code order."""
    registry = load_registry()
    found = [Municipality(code=m.code if (m := registry.by_name.get(n)) else "", name=n) for n in names]
    return tuple(sorted(found, key=lambda m: (int(m.code) if m.code.isdigit() else 10_000, m.name)))


def _contract_changes(old: Contract, new: Contract) -> ContractChanges:
    a, b = (c.model_dump(mode="json", by_alias=True, exclude_none=True, include=set(CONTRACT_FIELDS))
            for c in (old, new))
    fields = [c for key in CONTRACT_FIELDS for c in _field_changes(a.get(key), b.get(key), key)]
    before, after = set(old.municipalities), set(new.municipalities)
    return ContractChanges(fields=tuple(fields), municipalities_added=_municipalities(after - before),
                           municipalities_removed=_municipalities(before - after))


def _contract_side(c: Contract, file: str) -> ContractSide:
    return ContractSide(file=file, id=c.id, title=c.title, title_en=c.title_en, hub=c.hub, erhvervshus=c.erhvervshus,
                        year=c.period.year, span=c.span, framework=c.framework, municipalities=len(c.municipalities))


def _summary(old: Contract, new: Contract, contract: ContractChanges, targets: Sequence[TargetChange],
             qualitative: Sequence[QualitativeChange]) -> Summary:
    def n(change: str) -> int:
        return sum(t.change == change for t in targets)

    def q(change: str) -> int:
        return sum(item.change == change for item in qualitative)

    def aspect(name: Aspect) -> int:
        return sum(t.aspect(name) is not None for t in targets)

    contract_count = (len(contract.fields) + len(contract.municipalities_added)
                      + len(contract.municipalities_removed))
    unchanged = tuple(t.id for t in targets if t.change == "unchanged")
    return Summary(added=n("added"), removed=n("removed"), changed=n("changed"), unchanged_count=len(unchanged),
                   threshold=aspect("threshold"), rule=aspect("rule"), wording=aspect("wording"),
                   origin=aspect("origin"), qualitative_added=q("added"), qualitative_removed=q("removed"),
                   qualitative_changed=q("changed"), contract=contract_count,
                   hub_changed=old.erhvervshus != new.erhvervshus,
                   identical=contract_count == 0 and not qualitative and len(unchanged) == len(targets),
                   unchanged=unchanged)


def diff_contracts(old: Contract, new: Contract, old_file: str, new_file: str) -> ContractDiff:
    """What changes from ``old`` to ``new`` (contracts as loaded), target by target; ``old_file`` and
    ``new_file`` name them as the user gave them. Two contracts of different hubs or years are
    compared like any others (the hub, the year and the municipalities are contract changes)."""
    contract = _contract_changes(old, new)
    targets = _targets(old, new)
    qualitative = _qualitative(old.qualitative, new.qualitative)
    return ContractDiff(old=_contract_side(old, old_file), new=_contract_side(new, new_file), contract=contract,
                        summary=_summary(old, new, contract, targets, qualitative), targets=targets,
                        qualitative=qualitative)


__all__ = [
    "ASPECTS",
    "CONTRACT_FIELDS",
    "GOAL_PATH",
    "THRESHOLD_FIELDS",
    "THRESHOLD_FIELDS_OF_KIND",
    "WORDING_FIELDS",
    "AspectChange",
    "ContractChanges",
    "ContractDiff",
    "ContractSide",
    "FieldChange",
    "Municipality",
    "QualitativeChange",
    "Summary",
    "TargetChange",
    "TargetSide",
    "aspect_of",
    "diff_contracts",
    "merged_order",
    "same",
    "shown",
]
