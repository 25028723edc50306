"""Read a contract file, follow ``extends``, apply overrides and validate everything.

Every problem is collected (not just the first) and reported with file, line and YAML path:
``contracts/midtjylland/2024.yaml:41 targets[3].threshold: ...``. An override is validated
merged with the framework target it changes; a problem in an overridden key points at the
override, a problem in an inherited key at the framework.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from hubmonitor.contract.baselines import BaselineFromFile
from hubmonitor.contract.filters import Condition
from hubmonitor.contract.messages import Msg, excerpt, number_hint, translate
from hubmonitor.contract.model import (
    Contract,
    ContractDocument,
    FrameworkDocument,
    Period,
    PeriodDocument,
    TargetOrigin,
)
from hubmonitor.contract.target_base import StepsThreshold
from hubmonitor.contract.targets import (
    AllocationTarget,
    BaselineThreshold,
    Qualitative,
    Target,
    outside_unit,
)
from hubmonitor.contract.yaml_source import MAX_BYTES, PathKey, YamlDocument, format_path, read_yaml
from hubmonitor.errors import ContractError, DataError, Problem, said
from hubmonitor.extension import DataBlock, Schema, extend
from hubmonitor.io.reading import note_read, read_limited, reading
from hubmonitor.numbers import spoken
from hubmonitor.reference import MunicipalityRegistry, load_registry
from hubmonitor.schema import SCHEMA

_TARGET = TypeAdapter(Target)
M = TypeVar("M", bound=BaseModel)


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


class ProblemCollector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # new sources of a data: block that could not be read (their problem is said at the block): a
        # target reading one is not checked, rather than said to read an unknown source
        self.broken_sources: set[str] = set()

    def add(self, doc: YamlDocument, path: PathKey, da: str, en: str) -> None:
        self.problems.append(Problem(doc.file, doc.line(path), format_path(path), da, en))

    def validation(self, exc: ValidationError, locate: Any, data: Any) -> None:
        """Turn pydantic errors into problems; ``locate(loc)`` gives (doc, path) for a loc.
        ``data`` is what was validated, to tell its keys from the union tags pydantic adds.
        Pydantic reports a value that fits no member of a union once per member; those
        collapse into one problem at that path."""
        errors = exc.errors()
        locs = [_yaml_loc(err["loc"], data, missing=err["type"] == "missing") for err in errors]
        per_path = Counter(locs)
        reported: set[PathKey] = set()
        for err, loc in zip(errors, locs, strict=True):
            if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
                loc = (*loc, "kind")
            cause = (err.get("ctx") or {}).get("error")
            if isinstance(cause, Msg):
                loc = (*loc, *cause.at)
            doc, path = locate(loc)
            da, en = translate(err)
            if not isinstance(cause, Msg) and per_path[loc] > 1 and err["type"] != "missing":
                if loc in reported:
                    continue
                reported.add(loc)
                value = excerpt(err.get("input"))
                hint = number_hint(err.get("input"))
                da = f"ugyldig værdi {value}: forkert type eller form{hint[0]}"
                en = f"invalid value {value}: wrong type or form{hint[1]}"
            self.add(doc, path, da, en)


def _yaml_loc(loc: tuple[Any, ...], data: Any, missing: bool) -> PathKey:
    """``loc`` without the parts that are not keys of ``data``: the tags pydantic adds for the
    member of a union it tried (``nps``, ``bool``, ``BaselineThreshold``). A missing key is kept."""
    out: list[str | int] = []
    for j, part in enumerate(loc):
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if in_list or (isinstance(data, dict) and part in data):
            data = data[part]
        elif not (missing and j == len(loc) - 1):
            continue
        out.append(part)
    return tuple(out)


def validate_model(model: type[M], doc: YamlDocument, out: ProblemCollector) -> M | None:
    if not isinstance(doc.data, dict):
        out.add(doc, (), "filen skal indeholde en YAML-mapping (nøgle: værdi)",
                "the file must hold a YAML mapping (key: value)")
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        out.validation(exc, lambda loc: (doc, loc), doc.data)
        return None


def load_document(path: Path | str) -> tuple[YamlDocument, str]:
    """Read a YAML contract file; return it with its ``document`` type."""
    path = Path(path)
    doc = read_yaml(path, display_path(path))
    return doc, document_kind(doc)


def _note_extends(path: Path, doc: YamlDocument) -> None:
    """The file a contract extends is one the run reads (``reading.note_read``), even where the contract
    is refused before it is followed: no refusal is written into it (a review: ``2>> framework``)."""
    extends = doc.data.get("extends") if isinstance(doc.data, dict) else None
    if isinstance(extends, str):
        note_read(path.parent / extends)


# The frameworks read in this process, by file and content: every hub's contract of a year extends
# the same framework, read once per run (``evaluate --years``, the demo: 24 contracts, 4 frameworks).
# Keyed by the bytes' digest, not the file's time (a file rewritten within a clock tick): a changed
# file is read again. Nothing here is modified after reading.
_FRAMEWORKS: dict[tuple[str, str, bytes], tuple[YamlDocument, str]] = {}


def _framework_document(path: Path) -> tuple[YamlDocument, str]:
    """``load_document`` of a file a contract extends, read once while its content is the same."""
    try:
        digest = hashlib.blake2b(read_limited(path, MAX_BYTES, display_path(path)), digest_size=16).digest()
    except (OSError, ValueError, DataError):
        return load_document(path)  # read_yaml says what is wrong
    key = (str(path), display_path(path), digest)
    if key not in _FRAMEWORKS:
        if len(_FRAMEWORKS) >= 32:
            _FRAMEWORKS.clear()
        _FRAMEWORKS[key] = load_document(path)
    return _FRAMEWORKS[key]


def document_kind(doc: YamlDocument) -> str:
    """A contract file's ``document`` type: ``contract`` or ``framework``. ``ContractError`` if
    neither: at the ``document:`` key when it names something else, and for a file without one
    (any other YAML file) what hubmonitor reads instead (``document`` "file": not a contract)."""
    if not isinstance(doc.data, dict) or "document" not in doc.data:
        raise ContractError([Problem(doc.file, None, "", *_NOT_A_DOCUMENT)], document="file")
    kind = doc.data["document"]
    if kind not in ("contract", "framework"):
        shown = excerpt(kind)
        da, en = ((f"{shown} er en profil, ikke en kontrakt; brug den med --profile",
                   f"{shown} is a profile, not a contract; use it with --profile") if kind == "profile" else
                  (f"skal være 'contract' (en kontrakt), 'framework' (en rammeaftale) eller 'profile' (en profil), "
                   f"ikke {shown}", f"must be 'contract' (a contract), 'framework' (a framework) or 'profile' "
                                    f"(a profile), not {shown}"))
        raise ContractError([Problem(doc.file, doc.line(("document",)), "document", da, en)])
    return str(kind)


_NOT_A_DOCUMENT = (
    "filen er ikke en kontrakt, en rammeaftale eller en profil (den har ingen linje document: contract, framework "
    "eller profile); hubmonitor validate tager også en datamappes external-<år>.yaml og hubmonitor.yaml",
    "the file is not a contract, a framework or a profile (it has no line document: contract, framework or "
    "profile); hubmonitor validate also takes a data folder's external-<year>.yaml and hubmonitor.yaml")


def validate_file(path: Path | str, doc: YamlDocument | None = None) -> Contract | FrameworkDocument:
    """Validate a contract (with what it extends) or a framework on its own; ``doc`` is the file
    if it has already been read (with ``display_path`` as its name)."""
    if doc is None:
        doc, kind = load_document(path)
    else:
        kind = document_kind(doc)
    with reading(doc.file):
        if kind == "contract":
            return _load_contract(Path(path), doc, validating=True)
        return _validate_framework(doc)


def _validate_framework(doc: YamlDocument) -> FrameworkDocument:
    out = ProblemCollector()
    fw = validate_model(FrameworkDocument, doc, out)
    if fw is not None:
        _targets(fw.targets, doc, ("targets",), out, _schema(SCHEMA, fw.data, doc, out))
        _qualitative(fw.qualitative, doc, out)
        _framework_duplicates(fw, doc, out)
    if out.problems:
        raise ContractError(out.problems)
    assert fw is not None
    return fw


def load_contract(path: Path | str, year: int | None = None) -> Contract:
    """Load, merge and validate a hub contract, for ``year`` (a contract over several years must be
    given one of its years; a one-year contract: its year, or None). Raises ``ContractError`` with
    every problem."""
    doc, kind = load_document(path)
    if kind != "contract":
        raise ContractError([doc.problem(("document",),
                                         said("dette er en rammeaftale; evaluér en kontrakt der udvider den",
                                              "this is a framework; evaluate a contract that extends it"))])
    with reading(doc.file):
        return _load_contract(Path(path), doc, year)


def load_for_year(path: Path | str, year: int | None = None) -> Contract:
    """``load_contract`` for ``year``, by default the contract's first year (a draft or a contract
    compared over several years is taken at its first)."""
    if year is None:
        covered = contract_years(path)
        year = covered[0] if covered else None
    return load_contract(path, year)


def contract_years(path: Path | str) -> list[int]:
    """The years a contract document covers (its ``period``), read without loading the contract;
    [] when the file is not a valid contract (loading it says why)."""
    doc, kind = load_document(path)
    period = doc.data.get("period") if kind == "contract" and isinstance(doc.data, dict) else None
    try:
        return PeriodDocument.model_validate(period).all_years()
    except ValidationError:
        return []


def _year(hub: ContractDocument, doc: YamlDocument, year: int | None, validating: bool,
          out: ProblemCollector) -> int:
    """The year to load the contract for: ``year`` (one of the document's years), else its only year;
    a contract over several years is validated for its first and refused unnamed otherwise."""
    years = hub.period.all_years()
    if year is None:
        if len(years) > 1 and not validating:
            out.add(doc, ("period", "years"), f"kontrakten gælder {years[0]}–{years[-1]}: vælg år med --years, "
                    f"fx --years {years[0]}-{years[-1]}", f"the contract covers {years[0]}–{years[-1]}: choose "
                    f"the years with --years, e.g. --years {years[0]}-{years[-1]}")
            raise ContractError(out.problems)
        return years[0]
    if year not in years:
        key = "years" if len(years) > 1 else "year"
        out.add(doc, ("period", key), f"kontrakten gælder {_span_text(years)}, ikke {year}",
                f"the contract covers {_span_text(years)}, not {year}")
        raise ContractError(out.problems)
    return year


def _span_text(years: list[int]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def _targets(items: list[Any], doc: YamlDocument, base: PathKey, out: ProblemCollector, schema: Schema,
             first: int = 0) -> list[Target]:
    result = []
    for i, item in enumerate(items, start=first):
        if _reads_broken(item, out):
            continue
        try:
            result.append(_TARGET.validate_python(item, context={"schema": schema}))
        except ValidationError as exc:
            out.validation(exc, lambda loc, i=i: (doc, (*base, i, *loc)), item)
    return result


def _is_valid_target(item: Any, schema: Schema) -> bool:
    try:
        _TARGET.validate_python(item, context={"schema": schema})
    except ValidationError:
        return False
    return True


def _reads_broken(item: Any, out: ProblemCollector) -> bool:
    """The target reads a new source whose description in a data: block is wrong (said there)."""
    return isinstance(item, dict) and isinstance(item.get("source"), str) and item["source"] in out.broken_sources


def _schema(base: Schema, block: DataBlock, doc: YamlDocument, out: ProblemCollector) -> Schema:
    """``base`` with a document's ``data:`` block; a contradiction is a problem at its line. Each
    source of the block is taken on its own: one wrong does not leave out the others, and a new one
    that is wrong is noted (``ProblemCollector.broken_sources``) so that its targets are not each
    said to read an unknown source. Of a source the schema has already (more columns or values of
    the activities), each column and the values are taken on their own too: one wrong column does
    not make the targets reading the others say they read an unknown column."""
    schema = base
    for source, spec in (block or {}).items():
        if source not in schema:
            pieces = [spec]
        else:
            pieces = [spec.model_copy(update={"columns": {name: column}, "values": {}})
                      for name, column in spec.columns.items()]
            pieces += [spec.model_copy(update={"columns": {}, "values": {name: values}})
                       for name, values in spec.values.items()]
        for piece in pieces:
            try:
                schema = extend(schema, {source: piece})
            except Msg as exc:
                out.add(doc, exc.at, exc.da, exc.en)
                if source not in schema:
                    out.broken_sources.add(source)
    return schema


def _qualitative(items: list[Any], doc: YamlDocument, out: ProblemCollector) -> list[Qualitative]:
    result = []
    for i, item in enumerate(items):
        try:
            result.append(Qualitative.model_validate(item))
        except ValidationError as exc:
            out.validation(exc, lambda loc, i=i: (doc, ("qualitative", i, *loc)), item)
    return result


def _load_contract(path: Path, doc: YamlDocument, year: int | None = None, validating: bool = False) -> Contract:
    _note_extends(path, doc)
    out = ProblemCollector()
    hub = validate_model(ContractDocument, doc, out)
    if hub is None:
        raise ContractError(out.problems)
    year = _year(hub, doc, year, validating, out)
    years = hub.period.all_years()

    targets: list[Target] = []
    qualitative: list[Qualitative] = []
    origins: dict[str, TargetOrigin] = {}
    files = [doc.file]
    framework_title = framework_title_en = None
    schema: Schema = SCHEMA
    blocks: list[DataBlock] = []
    framework_twice: set[str] = set()
    framework_given: set[str] = set()  # the framework's target ids (none without extends:)

    if hub.extends is not None:
        try:
            fw_path = (path.parent / hub.extends).resolve()
            found = fw_path.exists()  # anything else there (a FIFO, a device, a folder, too large): read_yaml says
        except (OSError, ValueError):  # a NUL in it, a name too long
            out.add(doc, ("extends",), f"{excerpt(hub.extends)} kan ikke bruges som filsti",
                    f"{excerpt(hub.extends)} cannot be used as a file path")
            raise ContractError(out.problems) from None
        if not found:
            shown = excerpt(display_path(fw_path), 100, quote=False)
            out.add(doc, ("extends",), f"peger på {shown}, som ikke findes", f"points to {shown}, which does not exist")
            raise ContractError(out.problems)
        try:
            fw_doc, fw_kind = _framework_document(fw_path)
        except ContractError as exc:
            # said at the contract's extends: line first (a review: a folder, a data file or a YAML file of
            # another kind was named alone, as if it had been the file validated); what is wrong with the
            # file after it, unless it is simply no contract document (the line says what it must be)
            shown = excerpt(display_path(fw_path), 100, quote=False)
            out.add(doc, ("extends",), f"peger på {shown}, som ikke kan læses som en rammeaftale (document: framework)",
                    f"points to {shown}, which cannot be read as a framework (document: framework)")
            raise ContractError(out.problems + ([] if exc.document == "file" else exc.problems)) from None
        if fw_kind != "framework":
            out.add(doc, ("extends",), "skal pege på en rammeaftale (document: framework)",
                    "must point to a framework (document: framework)")
            raise ContractError(out.problems)
        files.append(fw_doc.file)
        fw = validate_model(FrameworkDocument, fw_doc, out)
        if fw is None:
            raise ContractError(out.problems)
        framework_title, framework_title_en = fw.title, fw.title_en
        schema = _schema(schema, fw.data, fw_doc, out)
        blocks.append(fw.data)
        outside = [y for y in years if fw.years is not None and y not in fw.years]
        if outside:
            key = "years" if len(years) > 1 else "year"
            out.add(doc, ("period", key), f"rammeaftalen gælder {fw.years}, ikke {', '.join(map(str, outside))}",
                    f"the framework covers {fw.years}, not {', '.join(map(str, outside))}")
        fw_ids = [t.get("id") if isinstance(t, dict) else None for t in fw.targets]
        framework_twice = _framework_duplicates(fw, fw_doc, out)
        framework_given = {str(tid) for tid in fw_ids}
        for key in hub.overrides:
            if key not in fw_ids:
                out.add(doc, ("overrides", key), f"intet mål {excerpt(key)} i rammeaftalen",
                        f"no target {excerpt(key)} in the framework")
            elif key in hub.remove:  # one of the two is a mistake (a review: the override was dropped unsaid)
                out.add(doc, ("overrides", key), f"{excerpt(key)} fjernes (remove) og ændres (overrides) i samme "
                        "kontrakt: behold det ene", f"{excerpt(key)} is both removed (remove) and overridden "
                        "(overrides) in one contract: keep one of them")
        for i, key in enumerate(hub.remove):
            if key not in fw_ids:
                out.add(doc, ("remove", i), f"intet mål {excerpt(key)} i rammeaftalen",
                        f"no target {excerpt(key)} in the framework")
        schema = _schema(schema, hub.data, doc, out)  # the contract's own block applies to all its targets
        for i, raw in enumerate(fw.targets):
            tid = fw_ids[i]
            if tid in hub.remove:
                continue
            override = hub.overrides.get(str(tid)) if tid is not None else None
            if _reads_broken({**raw, **(override or {})} if isinstance(raw, dict) else raw, out):
                continue
            if override is None:
                got = _targets([raw], fw_doc, ("targets",), out, schema, first=i)
                targets += got
                origins.update({t.id: TargetOrigin(source="framework", file=fw_doc.file) for t in got})
                continue
            for fixed in ("id", "kind"):
                if fixed in override:
                    out.add(doc, ("overrides", str(tid), fixed), f"{fixed} kan ikke ændres",
                            f"{fixed} cannot be overridden")
            merged = {**raw, **override} if isinstance(raw, dict) else raw
            try:
                t = _TARGET.validate_python(merged, context={"schema": schema})
                targets.append(t)
                origins[t.id] = TargetOrigin(source="framework", file=fw_doc.file,
                                             overridden=tuple(sorted(override)))
            except ValidationError as exc:
                fw_valid = _is_valid_target(raw, schema)  # then the override broke it

                def locate(loc: PathKey, i: int = i, tid: Any = tid, override: dict[str, Any] = override,
                           fw_valid: bool = fw_valid) -> tuple[YamlDocument, PathKey]:
                    if loc and loc[0] in override:
                        return doc, ("overrides", str(tid), *loc)
                    if fw_valid:
                        return doc, ("overrides", str(tid))
                    return fw_doc, ("targets", i, *loc)
                out.validation(exc, locate, merged)
        qualitative += _qualitative(fw.qualitative, fw_doc, out)

    if hub.extends is None:
        schema = _schema(schema, hub.data, doc, out)
    blocks.append(hub.data)
    local = _targets(hub.targets, doc, ("targets",), out, schema)
    targets += local
    origins.update({t.id: TargetOrigin(source="hub", file=doc.file) for t in local})
    qualitative += _qualitative(hub.qualitative, doc, out)

    municipalities = _municipalities(hub, doc, out)
    _cross_checks(hub, doc, targets, qualitative, municipalities, out, said=framework_twice,
                  framework_ids=framework_given)
    _steps(doc, targets, years, out, hub)
    if out.problems:
        raise ContractError(out.problems)
    # the targets are checked again as parts of the contract, against the same schema
    return Contract.model_validate(dict(
        id=hub.id, title=hub.title, title_en=hub.title_en, source=hub.source, hub=hub.hub,
        erhvervshus=hub.erhvervshus, period=Period(year=year), municipalities=municipalities,
        span=(years[0], years[-1]) if len(years) > 1 else None,
        framework=framework_title, framework_en=framework_title_en,
        baselines={k: float(v) for k, v in hub.baselines.items() if not isinstance(v, BaselineFromFile)},
        baselines_read={k: v for k, v in hub.baselines.items() if isinstance(v, BaselineFromFile)},
        targets=tuple(targets), qualitative=tuple(qualitative), origins=origins, files=tuple(files),
        data=tuple(b for b in blocks if b), signals=hub.signals,
    ), context={"schema": schema})


def _municipalities(hub: ContractDocument, doc: YamlDocument, out: ProblemCollector) -> tuple[str, ...]:
    """The contract's municipalities: every one of the reference data (``all``: a national contract,
    whose ``erhvervshus`` need name no hub), the list given (official names, codes or spellings the
    reference data resolves, each once), or the members of the hub ``erhvervshus`` names."""
    registry = load_registry()
    if hub.municipalities == "all":
        return tuple(m.name for m in registry.all)
    if hub.municipalities is None:
        members = registry.members(hub.erhvervshus)
        if not members:
            out.add(doc, ("erhvervshus",), f"intet erhvervshus {excerpt(hub.erhvervshus)} i referencedata; "
                    f"kendte: {', '.join(registry.hubs)} (en kontrakt for hele landet: municipalities: all)",
                    f"no hub {excerpt(hub.erhvervshus)} in the reference data; known: {', '.join(registry.hubs)} "
                    "(a contract over the whole country: municipalities: all)")
        return tuple(m.name for m in members)
    names = []
    for i, name in enumerate(hub.municipalities):
        m = registry.resolve(name)
        if m is None:
            out.add(doc, ("municipalities", i), f"ukendt kommune {excerpt(name)}",
                    f"unknown municipality {excerpt(name)}")
        elif m.name in names:
            out.add(doc, ("municipalities", i), f"{m.name} står to gange", f"{m.name} is listed twice")
        else:
            names.append(m.name)
    return tuple(names)


def _baseline(hub: ContractDocument, doc: YamlDocument, t: Target, out: ProblemCollector) -> None:
    """A target's baseline is given by the contract and lies in the range of the target's unit, and
    so does the threshold it gives (baseline plus change, or times 1 + relative; a share's: 0 to 1)."""
    assert isinstance(t.threshold, BaselineThreshold)
    name = t.threshold.baseline
    if name not in hub.baselines:
        out.add(doc, ("baselines",), f"{t.id} bruger basislinjen {excerpt(name)}, som kontrakten ikke angiver",
                f"{t.id} uses the baseline {excerpt(name)}, which the contract does not give")
        return
    base, shown = hub.baselines[name], excerpt(name, quote=False)
    if isinstance(base, BaselineFromFile):  # read when evaluated: its year only can be checked here
        first = hub.period.all_years()[0]
        if base.year >= first:
            out.add(doc, ("baselines", name, "year"),
                    f"basislinjen {shown} skal læses fra et tidligere år end kontraktens {first}",
                    f"the baseline {shown} must be read from a year before the contract's {first}")
        return
    outside = outside_unit(t.unit, base, (f"basislinjen {shown}", f"the baseline {shown}"))
    if outside is not None:
        out.add(doc, ("baselines", name), f"{outside[0]} ({t.id} har unit: {t.unit})",
                f"{outside[1]} ({t.id} has unit: {t.unit})")
        return
    outside = t.threshold.outside(t.unit, base, shown)  # the threshold it gives, as the engine resolves it
    if outside is not None:
        out.add(doc, ("baselines", name), f"{outside[0]} ({t.id})", f"{outside[1]} ({t.id})")


def _cross_checks(hub: ContractDocument, doc: YamlDocument, targets: list[Target],
                  qualitative: list[Qualitative], municipalities: tuple[str, ...],
                  out: ProblemCollector, said: set[str] | None = None,
                  framework_ids: set[str] | None = None) -> None:
    """The checks across targets: ids used once (``said``: ids the framework gives twice, said at the
    framework already), baselines, numbers of municipalities, a grant's table, filters on municipalities."""
    seen: set[str] = set()
    in_hub = {raw["id"]: (key, i, "id") for key in ("targets", "qualitative")  # the last one
              for i, raw in enumerate(getattr(hub, key)) if isinstance(raw, dict) and isinstance(raw.get("id"), str)}
    for item in [*targets, *qualitative]:
        if item.id in seen and item.id not in (said or set()):
            # a local target with a framework target's id: what to write instead (a review)
            shadow = (("; målet findes i rammeaftalen: ændr det under overrides:",
                       "; the target is the framework's: change it under overrides:")
                      if item.id in (framework_ids or set()) else ("", ""))
            out.add(doc, in_hub.get(item.id, ()), f"id {excerpt(item.id)} bruges to gange{shadow[0]}",
                    f"id {excerpt(item.id)} is used twice{shadow[1]}")
        seen.add(item.id)
    local_ids = _local_ids(hub)
    registry = load_registry()
    for t in targets:
        where: PathKey = ("targets", local_ids[t.id]) if t.id in local_ids else ("overrides", t.id)
        if isinstance(t.threshold, BaselineThreshold):
            _baseline(hub, doc, t, out)
        if t.counts_municipalities():
            _within_municipalities(doc, t, where, len(municipalities), out)
        _filtered_municipalities(doc, t, where, municipalities, registry, out)
        if isinstance(t, AllocationTarget) and t.table is not None:
            named: dict[str, str] = {}
            for name in t.table:
                m = registry.resolve(name)
                if m is None or m.name not in municipalities:
                    out.add(doc, (*where, "table", name), f"{excerpt(name)} er ikke en af erhvervshusets kommuner",
                            f"{excerpt(name)} is not one of the hub's municipalities")
                elif m.name in named:  # 'Aarhus' and 'Aarhus Kommune' (or '751'): one amount would replace the other
                    out.add(doc, (*where, "table", name), f"{m.name} står to gange (også som {excerpt(named[m.name])})",
                            f"{m.name} appears twice (also as {excerpt(named[m.name])})")
                else:
                    named[m.name] = name
            missing = [m for m in municipalities if m not in named]
            if missing:
                out.add(doc, (*where, "table"), f"mangler beløb for {', '.join(missing)}",
                        f"no amount for {', '.join(missing)}")


def _framework_duplicates(fw: FrameworkDocument, doc: YamlDocument, out: ProblemCollector) -> set[str]:
    """The ids a framework gives twice (its targets and qualitative items together), each said at its
    second place in the framework's file: validated alone it passed, and a contract extending it was
    told of the id at its own second line (a review)."""
    seen: set[str] = set()
    twice: set[str] = set()
    for key in ("targets", "qualitative"):
        for i, raw in enumerate(getattr(fw, key)):
            tid = raw.get("id") if isinstance(raw, dict) else None
            if not isinstance(tid, str):
                continue
            if tid in seen:
                twice.add(tid)
                out.add(doc, (key, i, "id"), f"id {excerpt(tid)} bruges to gange i rammeaftalen",
                        f"id {excerpt(tid)} is used twice in the framework")
            seen.add(tid)
    return twice


def _local_ids(hub: ContractDocument) -> dict[str, int]:
    """Each target this file gives, by id, with its place in the file's ``targets:`` list."""
    return {t["id"]: i for i, t in enumerate(hub.targets) if isinstance(t, dict) and isinstance(t.get("id"), str)}


def _filtered_municipalities(doc: YamlDocument, t: Target, where: PathKey, municipalities: tuple[str, ...],
                             registry: MunicipalityRegistry, out: ProblemCollector) -> None:
    """A filter on a municipality that is not one of the contract's (a line copied from another hub's
    contract: ``municipality: Aarhus`` in Sydjylland's) counts no row of the hub: said (a review found it
    counted 0 with no word of Aarhus anywhere)."""
    # every filter of the target: ``where``, a ratio's numerator and each of its denominator's terms (a
    # review found those let through)
    filters: list[tuple[PathKey, object]] = [(("where",), getattr(t, "where", None)),
                                             (("numerator",), getattr(t, "numerator", None))]
    denominator = getattr(t, "denominator", None)
    if isinstance(denominator, list):
        filters += [(("denominator", i), term) for i, term in enumerate(denominator)]
    for at, spec in filters:
        condition = spec.get("municipality") if isinstance(spec, dict) else None
        named = ([condition] if isinstance(condition, str) else
                 list(condition.in_) if isinstance(condition, Condition) and condition.in_ else [])
        for name in named:
            m = registry.resolve(str(name))
            if m is not None and m.name not in municipalities:
                out.add(doc, (*where, *at, "municipality"),
                        f"{excerpt(str(name))} er ikke en af kontraktens kommuner, så filteret finder ingen af "
                        "erhvervshusets rækker med den (en linje fra et andet erhvervshus' kontrakt?)",
                        f"{excerpt(str(name))} is not one of the contract's municipalities, so the filter finds none "
                        "of the hub's rows with it (a line from another hub's contract?)")


def _within_municipalities(doc: YamlDocument, t: Target, where: PathKey, count: int, out: ProblemCollector) -> None:
    """A number of the hub's municipalities (the spread, a milestone's distinct municipalities) set as
    more than the hub has can never be met: said, as a threshold outside its unit is."""
    given, comparison = t.threshold, t.comparison
    if comparison in ("<=", "<"):
        return  # at most N: always within reach
    values = (list(given.by_year.values()) if isinstance(given, StepsThreshold) else
              [given[0]] if isinstance(given, list) and given and isinstance(given[0], int | float) else
              [given] if isinstance(given, int | float) and not isinstance(given, bool) else [])
    # a band needs its lower edge reached; more than N needs N + 1
    over = [v for v in values if v > count or (comparison == ">" and v >= count)]
    if over:
        more = ("mere end ", "more than ") if comparison == ">" else ("", "")
        out.add(doc, (*where, "threshold"), f"{t.id}: {more[0]}{spoken(max(over))} kommuner kan aldrig nås: kontrakten "
                f"har {count} kommuner (threshold: all er dem alle)", f"{t.id}: {more[1]}{spoken(max(over), 'en')} "
                f"municipalities can never be reached: the contract has {count} municipalities (threshold: all is "
                "every one of them)")


def _steps(doc: YamlDocument, targets: list[Target], years: list[int], out: ProblemCollector,
           hub: ContractDocument) -> None:
    """A threshold given per year (``by_year``) has a step for every year the contract covers, and a
    count over the period (``over: period``) needs a contract over several years."""
    local = _local_ids(hub)
    for t in targets:
        if t.over == "period" and len(years) == 1:
            out.add(doc, ("period",), f"{t.id}: over: period kræver en kontrakt over flere år (period: years: "
                    "[FØRSTE, SIDSTE])", f"{t.id}: over: period needs a contract over several years (period: "
                    "years: [FIRST, LAST])")
        if isinstance(t.threshold, StepsThreshold):
            missing = [y for y in years if y not in t.threshold.by_year]
            if missing:
                shown = ", ".join(map(str, missing))
                # at the target's threshold where this file gives it (a review found it at the period),
                # else at the period (a framework's target: its steps are the framework's)
                where: PathKey = ("targets", local[t.id], "threshold") if t.id in local else ("period",)
                out.add(doc, where, f"{t.id}: threshold.by_year har intet trin for {shown}",
                        f"{t.id}: threshold.by_year has no step for {shown}")


__all__ = ["contract_years", "display_path", "format_path", "load_contract", "validate_file"]
