"""Several hubs' data folders as one ``Dataset``: a contract over the whole country (or any set of
municipalities) evaluated on every hub's data (``evaluate CONTRACT --data A --data B``).

Each folder is read on its own, with its own profile and ``hubmonitor.yaml`` (``load_dataset``);
``combine_datasets`` then puts them together:

- the rows of each source are concatenated, each file named with its folder in front
  (``hovedstaden/crm_activities_2025.csv``), in the frames, the findings, the quarantined rows and
  the accounting, so that every finding stays traceable to its folder; a company guided by two hubs
  is one company (its id is the same in both folders: the distinct companies count it once);
- the external figures of a year are one set: a figure the folders give alike is one figure; one
  they give differently (each hub's own awareness survey) is kept per folder (``parts``,
  ``differs``): a share of two counts is then pooled over the folders by the external target, and
  a single figure is not judged, saying why (engine/metrics/external.py); milestone evidence is
  put together (dated items from every folder), and a done flag is done when every folder that
  gives it says done;
- the data date is the earliest of the folders' (``data_dates``): the country is complete only up
  to the hub whose data end first;
- ``data_dir`` is the folders' names joined with ", " (what the results record).

Nothing here reads a file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from hubmonitor.errors import DataError, HubmonitorError, said
from hubmonitor.findings import SAMPLE_PER_CODE, finding, shown_place
from hubmonitor.io.canonical import FLAG, ID_SHAPES, SourceTable, first_distinct, first_in, joined
from hubmonitor.io.dataset import Dataset
from hubmonitor.io.external import DoneFlag, EvidenceItem, ExternalFigures
from hubmonitor.report import Finding

Part = tuple[str, str | None]


def folder_label(data_dir: str) -> str:
    """The name a folder's files are prefixed with: its own name (as the results record one folder)."""
    return Path(data_dir).resolve().name or str(data_dir)


def combine_datasets(datasets: Sequence[Dataset], data_dates: Sequence[date | None] = ()) -> Dataset:
    """One dataset from several folders' (see the module). ``data_dates``: each folder's data date
    (``hubmonitor.data_date``), in the same order; the combined one is the earliest. It counts as
    declared (``declared_date``) only when every folder declares its date in its hubmonitor.yaml:
    a date taken from rows leaves a finished year to the calendar (``clock``), as one folder's would.
    One dataset is returned as it is."""
    if len(datasets) == 1:
        return datasets[0]
    if not datasets:
        raise HubmonitorError(said("ingen datamapper", "no data folders"))
    labels = [folder_label(d.data_dir) for d in datasets]
    _distinct_labels(labels, datasets)
    schema = datasets[0].schema
    for label, dataset in zip(labels[1:], datasets[1:], strict=True):
        if dataset.schema != schema:
            raise DataError(label, said(f"mappen læses med andre kolonner end {labels[0]} (profilens eller kontraktens "
                                        "data:-blok); læg de to mappers data med samme kolonner",
                                        f"the folder is read with other columns than {labels[0]} (the profile's or "
                                        "the contract's data: block); give both folders the same columns"),
                            code="folders-differ")
    tables = {source: _table([(label, d.tables[source]) for label, d in zip(labels, datasets, strict=True)])
              for source in schema}
    dates = [d for d in data_dates if d is not None]
    profiles = list(dict.fromkeys(d.profile for d in datasets))
    return Dataset(
        data_dir=", ".join(labels), tables=tables, external=_external(labels, datasets),
        profile=", ".join(profiles),
        unread_files=sorted(f"{label}/{name}" for label, d in zip(labels, datasets, strict=True)
                            for name in d.unread_files),
        schema=schema, declared_date=min(dates) if dates and all(d.declared_date is not None for d in datasets)
        else None)


def named_in_folder(exc: DataError, data_dir: str) -> DataError:
    """A problem found reading one of several folders, its file named with the folder in front (as
    the combined dataset names every file), unless the file's name says its folder already."""
    label = folder_label(data_dir)
    if label in Path(exc.file).parts:
        return exc
    return DataError(_named(label, exc.file), exc.message, exc.code)


def _distinct_labels(labels: list[str], datasets: Sequence[Dataset]) -> None:
    """Each folder once, and no two with the same name: the names tell their files apart."""
    seen: dict[str, str] = {}
    for label, dataset in zip(labels, datasets, strict=True):
        if label in seen:
            same = Path(seen[label]).resolve() == Path(dataset.data_dir).resolve()
            raise DataError(dataset.data_dir, said(
                "mappen er givet to gange med --data; dens data ville tælle dobbelt",
                "the folder is given twice with --data; its data would count twice") if same else said(
                f"to datamapper hedder {label}; omdøb den ene, så hver mappes filer kan kendes fra de andres",
                f"two data folders are named {label}; rename one, so that each folder's files can be told apart"),
                code="folder-given-twice")
        seen[label] = dataset.data_dir


def _named(label: str, file: str) -> str:
    return f"{label}/{file}"


def _table(parts: list[tuple[str, SourceTable]]) -> SourceTable:
    """One source's tables, each file named with its folder; ``_seq`` numbered on over the folders
    (it orders rows, and tells them apart)."""
    frames: list[pl.DataFrame] = []
    quarantined: list[pl.DataFrame] = []
    offset = 0
    seq_type = parts[0][1].frame.schema["_seq"]
    for label, table in parts:
        frame = table.frame.with_columns(
            pl.concat_str(pl.lit(label + "/"), pl.col("_file")).alias("_file"),
            (pl.col("_seq").cast(pl.Int64) + offset).cast(seq_type).alias("_seq"))
        frames.append(frame)
        if table.frame.height:
            offset += int(table.frame["_seq"].max()) + 1  # type: ignore[arg-type]
        if table.quarantined_rows is not None:
            quarantined.append(table.quarantined_rows.with_columns(
                pl.concat_str(pl.lit(label + "/"), pl.col("file")).alias("file")))
    first = parts[0][1]
    flags = sorted({c for f in frames for c in f.columns if c.startswith(FLAG)})
    order = list(dict.fromkeys(c for f in frames for c in (*f.columns, *flags)))  # as a diagonal concat orders them
    # a flag a folder lacks as values (not a literal: ``canonical.joined``)
    frame = joined([f.with_columns(*(pl.repeat(False, f.height, eager=True).alias(c) for c in flags
                                     if c not in f.columns)).select(order) for f in frames])
    counts: dict[str, int] = {}
    for _, table in parts:
        for code, n in table.counts.items():
            counts[code] = counts.get(code, 0) + n
    unread = [t.unread_ids for _, t in parts if t.unread_ids is not None]  # hashes of the ids of rows not read
    clashes = _id_clashes(frame)
    if clashes:
        counts["company-id-in-folders"] = counts.get("company-id-in-folders", 0) + len(clashes)
    frame, copies = _copies_across(frame, first.id_column)
    if copies:
        counts["duplicate-row"] = counts.get("duplicate-row", 0) + len(copies)
    return SourceTable(
        first.source, frame,
        files=[(_named(label, f), s) for label, t in parts for f, s in t.files],
        findings=[*(_finding(label, f, _places(t.files)) for label, t in parts for f in t.findings), *clashes,
                  *(finding("duplicate-row", file, row=row, value=None if value is None else str(value), sheet=sheet,
                            detail=first_in(f"{shown_place(first_file, first_sheet)}:{first_row}"))
                    for file, sheet, row, value, first_file, first_sheet, first_row in copies[:SAMPLE_PER_CODE])],
        counts=counts,
        quarantined_rows=pl.concat(quarantined, how="diagonal") if quarantined else None,
        absent=_absent(parts),
        exported=any(t.exported for _, t in parts),
        id_column=first.id_column,
        company_columns=frozenset().union(*(t.company_columns for _, t in parts)),
        company_values=pl.concat([t.company_values for _, t in parts]),
        first_ids=first_distinct(pl.concat([t.first_ids for _, t in parts]), ID_SHAPES),
        since=max((t.since for _, t in parts if t.since is not None), default=None),
        until=min((t.until for _, t in parts if t.until is not None), default=None),
        early={(_named(label, f), s): n for label, t in parts for (f, s), n in t.early.items()},
        late={(_named(label, f), s): n for label, t in parts for (f, s), n in t.late.items()},
        skipped={(_named(label, f), s): n for label, t in parts for (f, s), n in t.skipped.items()},
        headings={(_named(label, f), s): h for label, t in parts for (f, s), h in t.headings.items()},
        unread_ids=pl.concat(unread) if unread else None,
        after=min((t.after for _, t in parts if t.after is not None), default=None),
        after_known=all(t.after_known for _, t in parts),
        folders=tuple(label for label, _ in parts),
    )



def _copies_across(frame: pl.DataFrame, id_col: str) -> tuple[pl.DataFrame, list[tuple[Any, ...]]]:
    """The rows that are exact copies of a usable row of an earlier folder (every value the same,
    the id with them: the same export given as two folders, a file copied into a second hub's
    folder) marked ``_duplicate`` like a copy within a folder, so that they are counted once; and
    (file, sheet, row, id, and the first row's file, sheet and row) of each, in order (a review: the copy
    named no first row, and its folder holds none). Compared by a 64-bit hash of the row's values, as the
    copies within a folder are (``canonical._duplicates``)."""
    values = [c for c in frame.columns if not c.startswith("_")]
    if frame.is_empty() or not values:
        return frame, []
    usable = ~pl.col("_quarantine") & ~pl.col("_duplicate")
    # the first usable row of each row's values (hashed once): where it is, and so whether the row is a copy
    firsts = [pl.col(c).filter(usable).first().over("_key").alias(f"_first{c}") for c in ("_file", "_sheet", "_row")]
    marks = (frame.lazy().select("_file", "_sheet", "_row", "_quarantine", "_duplicate",
                                 pl.struct(values).hash().alias("_key"))
             .select(*firsts, (usable & (pl.col("_file").str.split("/").list.first()
                                         != pl.col("_file").filter(usable).first().over("_key")
                                         .str.split("/").list.first())).fill_null(False).alias("_copy"))
             .collect())
    flagged = marks["_copy"]
    if not flagged.any():
        return frame, []
    found = frame.filter(flagged).select("_file", "_sheet", "_row",
                                         pl.col(id_col) if id_col in frame.columns else pl.lit(None))
    found = found.with_columns(marks.filter(flagged).drop("_copy"))
    marked = frame.with_columns((pl.col("_duplicate") | flagged).alias("_duplicate"))
    return marked, list(found.iter_rows())


def _id_clashes(frame: pl.DataFrame) -> list[Finding]:
    """Company ids in more than one folder whose rows give different CVR numbers: most likely two
    CRMs' own ids meeting by chance (a shared CRM's id is the same company everywhere). Counted as one
    company as the ids say, and warned of at the id's last row."""
    if not {"company_id", "cvr"} <= set(frame.columns) or frame.is_empty():
        return []
    folder = pl.col("_file").str.split("/").list.first()
    found = (frame.lazy().filter(pl.col("company_id").is_not_null())
             .group_by("company_id", maintain_order=True)
             .agg(folder.n_unique().alias("folders"), pl.col("cvr").drop_nulls().n_unique().alias("cvrs"),
                  pl.col("_file").last(), pl.col("_sheet").last(), pl.col("_row").last())
             .filter((pl.col("folders") > 1) & (pl.col("cvrs") > 1)).collect())
    return [finding("company-id-in-folders", r["_file"], row=r["_row"], column="company_id",
                    value=str(r["company_id"]), sheet=r["_sheet"]) for r in found.to_dicts()]


def _places(files: Sequence[tuple[str, str | None]]) -> list[str]:
    """A folder's files as a finding's detail names them, the longest first (``_in_folder``)."""
    return sorted({shown_place(f, s) for f, s in files}, key=len, reverse=True)


def _finding(label: str, found: Finding, places: Sequence[str]) -> Finding:
    """A folder's finding, its file named with the folder; and so the files its detail names (a duplicate's
    other row is in the same folder: "første gang i crm.csv:7" is "første gang i a/crm.csv:7", where another
    folder may hold a crm.csv too: a review)."""
    update: dict[str, object] = {"file": _named(label, found.file)}
    if found.detail is not None or found.detail_en is not None:
        update |= {key: _in_folder(text, label, places) for key, text in (("detail", found.detail),
                                                                          ("detail_en", found.detail_en)) if text}
    return found.model_copy(update=update)


def _in_folder(text: str, label: str, places: Sequence[str]) -> str:
    """``text`` with each of ``places`` that it names before a row ("i crm.csv:7", ": crm.csv [Data]:3")
    named with the folder ``label``."""
    for place in places:
        named = _named(label, place).replace("\\", "\\\\")  # (a backslash is the replacement's own mark)
        text = re.sub(rf"((?: i| in|:) ){re.escape(place)}(?=:\d)", rf"\g<1>{named}", text)
    return text


def _absent(parts: list[tuple[str, SourceTable]]) -> dict[str, list[Part]]:
    out: dict[str, list[Part]] = {}
    for label, table in parts:
        for column, missing in table.absent.items():
            out.setdefault(column, []).extend((_named(label, f), s) for f, s in missing)
    return out


def _external(labels: list[str], datasets: Sequence[Dataset]) -> dict[int, ExternalFigures]:
    years = sorted({year for d in datasets for year in d.external})
    out = {}
    for year in years:
        given = [(label, d.external[year]) for label, d in zip(labels, datasets, strict=True) if year in d.external]
        out[year] = _one_year([replace(figures, file=_named(label, figures.file)) for label, figures in given])
    return out


def _one_year(given: list[ExternalFigures]) -> ExternalFigures:
    """A year's external figures from every folder that has them: one value per figure. With one
    file, that file as it is (its lines name the figures); with several, the files' names joined
    and no lines (a line would name one of them)."""
    if len(given) == 1:
        return given[0]
    merged = ExternalFigures(file=", ".join(f.file for f in given), parts=list(given))
    for figures in given:
        for block, numbers in figures.figures.items():
            for name, value in numbers.items():
                dotted = f"{block}.{name}"
                if merged.figure(dotted) is not None or merged.differs(dotted):
                    continue  # given alike by an earlier folder, or kept per folder
                merged.figures.setdefault(block, {})[name] = value
                if dotted in figures.sampling:
                    merged.sampling[dotted] = figures.sampling[dotted]
                if dotted in figures.census:
                    merged.census.add(dotted)
        for name, evidence in figures.milestones.items():
            # no lines: a line would name one of the files joined (a finding said line 12 of both)
            merged.milestones[name] = _milestone(merged.milestones.get(name), evidence if isinstance(
                evidence, DoneFlag) else [replace(item, line=None) for item in evidence])
    return merged


def _milestone(earlier: list[EvidenceItem] | DoneFlag | None,
               evidence: list[EvidenceItem] | DoneFlag) -> list[EvidenceItem] | DoneFlag:
    """Dated evidence from every folder together (each item once); a done flag is done when every
    folder that gives it says done (the latest date), else not done; evidence of two forms: the
    dated items (they say more)."""
    if earlier is None:
        return evidence
    if isinstance(earlier, list) and isinstance(evidence, list):
        return [*earlier, *(item for item in evidence if item not in earlier)]
    if isinstance(earlier, DoneFlag) and isinstance(evidence, DoneFlag):
        if earlier.done and evidence.done:
            dates = [d for d in (earlier.date, evidence.date) if d is not None]
            return DoneFlag(True, max(dates) if dates else None)
        return DoneFlag(False)
    return earlier if isinstance(earlier, list) else evidence
