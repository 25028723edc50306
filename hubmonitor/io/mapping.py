"""Apply a mapping profile: find a source's files and sheets, and give their rows canonical names.

The result is a text frame per file (or sheet) with the canonical columns (values exactly as in
the export; normalising them is ``hubmonitor.io.canonical``'s job), read one at a time so that
the text of one file can be let go once it is typed, and where each row came from:
``_file``, ``_sheet`` (workbooks only) and ``_row``, the row number as Excel or a text editor
shows it (header = row 1 unless the profile says otherwise). Completely blank rows are skipped;
a CSV row with more fields than the header or a NUL byte is kept with ``_row_problem`` and
quarantined (a file where most rows are ragged is refused). A column the profile cannot find
stops the run with a message naming the column and every name the profile tried; a file can be
named by several patterns and is still read once. Without ``sheets:`` in the profile, the one
visible sheet holding the source's columns is read; two such sheets stop the run
(``ambiguous-sheet``) rather than one being guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from hubmonitor.errors import DataError, in_language, said
from hubmonitor.findings import SAMPLE_PER_CODE, finding, mask, private_look
from hubmonitor.io.columns import ROW_PROBLEM, TOTALS, cell_key
from hubmonitor.io.reading import display_name, reading
from hubmonitor.io.text_files import RowProblem, read_text_csv, row_problem_column
from hubmonitor.io.xlsx import MERGES_SHOWN, Workbook
from hubmonitor.numbers import spoken
from hubmonitor.profile.model import (
    TEXT_SUFFIXES,
    WORKBOOK_SUFFIXES,
    FileSpec,
    SheetSpec,
    SourceMapping,
    canonical_value,
    format_note,
    pattern_matches,
)
from hubmonitor.report import Finding
from hubmonitor.schema import SourceSchema
from hubmonitor.vocabulary import answer_key


class MissingColumnError(DataError):
    """A required canonical column is in none of the names the profile tried."""

    code = "missing-column"


@dataclass
class RawSource:
    """A source's rows with canonical column names, as text, before any validation.

    ``parts`` reads the files when iterated (once), one frame per file or sheet with rows (one
    empty frame if none has any);
    ``inputs``, ``findings`` and ``counts`` are complete once it is exhausted."""

    parts: Iterator[Part]
    inputs: list[tuple[str, str | None]] = field(default_factory=list)  # (file, sheet) read, in order, empty too
    findings: list[Finding] = field(default_factory=list)  # about files and cells, not values
    counts: dict[str, int] = field(default_factory=dict)
    # canonical column → the (file, sheet) parts that do not have it (the export has no such column)
    absent: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    # (file, sheet) → the rows the profile's skip_rows left out of it (not read: ``_skipped_rows``)
    skipped: dict[tuple[str, str | None], int] = field(default_factory=dict)
    # (file, sheet) → canonical column → the heading the file gives it, where the two differ ("Dato" for
    # date): a finding names the column as the export heads it (``_note_headings``)
    headings: dict[tuple[str, str | None], dict[str, str]] = field(default_factory=dict)

    def note(self, code: str, file: str, row: int | None = None, column: str | None = None,
             value: str | None = None, sheet: str | None = None) -> None:
        self.counts[code] = self.counts.get(code, 0) + 1
        if self.counts[code] <= SAMPLE_PER_CODE:
            self.findings.append(finding(code, file, row, column, value, sheet=sheet))


@dataclass(frozen=True)
class Part:
    """One file's (or sheet's) rows: canonical columns + _file, _sheet, _row, _cell_error; and the
    canonical columns it does not have (null in ``frame``, not read as empty cells)."""

    frame: pl.DataFrame
    absent: frozenset[str] = frozenset()


def empty_part(source: SourceSchema) -> pl.DataFrame:
    """A part without rows: what a source with no files (or only empty ones) is typed from."""
    return pl.DataFrame(schema={c: pl.String for c in source.names} | {
        "_row": pl.Int64, "_file": pl.String, "_sheet": pl.String, "_cell_error": pl.String})


def _display(path: Path, base: Path) -> str:
    return display_name(path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path))


def _key(name: str) -> str:
    return answer_key(str(name))


def _constant_text(source: SourceSchema, column: str, value: object) -> str:
    canonical = canonical_value(source[column], value)
    if isinstance(canonical, bool):
        return "ja" if canonical else "nej"
    return canonical


def _file_spec(mapping: SourceMapping, name: str) -> FileSpec | None:
    """The ``files:`` entry with constants, column names or a header row whose pattern names the file;
    two such entries for one file would leave one of them without effect, so that stops the run."""
    entries = [f for f in mapping.files if (f.constants or f.columns or f.header_row is not None
                                            or f.skip_rows is not None) and pattern_matches(f.pattern, name)]
    if len(entries) > 1:
        da, en = (" og ".join(repr(f.pattern) for f in entries), " and ".join(repr(f.pattern) for f in entries))
        raise DataError(name, said(f"filen passer på {da} under files:, som begge giver konstanter, kolonner, "
                                   "header_row eller skip_rows; lad kun ét mønster passe på den",
                                   f"the file matches {en} under files:, which both give constants, columns, "
                                   "header_row or skip_rows; let only one pattern match it"))
    return entries[0] if entries else None


def _map_columns(frame: pl.DataFrame, source: SourceSchema, mapping: SourceMapping, file_spec: FileSpec | None,
                 sheet: SheetSpec | None, where: str, profile: str, more: tuple[str, str] = ("", ""),
                 ) -> tuple[list[pl.Expr], dict[str, str], frozenset[str]]:
    """Select expressions giving every canonical column, which export column gave which, and the
    canonical columns the file does not have. A required column that is not found stops the run
    (``more``: a Danish and an English hint added to the message); another is absent (null), and
    the targets that read it say so."""
    present = _headings(frame)
    constants = {**mapping.constants, **(file_spec.constants if file_spec else {}),
                 **(sheet.constants if sheet else {})}
    exprs: list[pl.Expr] = []
    used: dict[str, str] = {}
    absent: set[str] = set()
    missing: list[tuple[str, list[str]]] = []
    for column in source.names:
        if column in constants:
            exprs.append(pl.lit(_constant_text(source, column, constants[column]), pl.String).alias(column))
            continue
        candidates = mapping.column_candidates(column, sheet, file_spec)
        found = None if column in mapping.absent else next(
            (_one(present[_key(c)], c, column, where, frame) for c in candidates if _key(c) in present), None)
        if found is None:
            if column in source.required:
                missing.append((column, candidates))
            absent.add(column)
            exprs.append(pl.lit(None, pl.String).alias(column))
            continue
        # a heading given for two fields (a slip copying a profile's line): one would be read as the other, a
        # figure wrong without a word (a review: the referral rate 24,9 % for 83,2 %). A company known by its
        # CVR number alone (a CRM without ids of its own) may give both the id and the CVR number.
        if found in used and {used[found], column} != _ID_AND_CVR:
            raise DataError(where, said(
                f"kolonnen {found!r} er efter profilen {profile!r} både {used[found]} og {column}; en kolonne giver "
                "ét felt: ret navnet under det ene af dem i profilen",
                f"the column {found!r} is both {used[found]} and {column} under profile {profile!r}; a column gives "
                "one field: correct the name under one of them in the profile"), code="shared-column")
        used[found] = column
        exprs.append(pl.col(found).cast(pl.String).alias(column))
    if missing:
        da = ", ".join(f"{c} (prøvede {', '.join(map(repr, tried))})" for c, tried in missing)
        en = ", ".join(f"{c} (tried {', '.join(map(repr, tried))})" for c, tried in missing)
        # an empty heading is named by the reader ('__UNNAMED__3', '_duplicated_0'): said as empty; a
        # heading seen twice ('Nej', 'Nej_duplicated_0') once; a "heading" that is a row of data (the header
        # row set too low for this file) masked where it may be a company's (its name, its id: a review)
        named = [c for c in frame.columns if c.strip() and not c.startswith(("__UNNAMED__", "_duplicated_"))]
        empty = len(frame.columns) - len(named)
        # on one line: a heading with a line break in its cell ("Virksomheds-⏎ID") as the profile may write it
        # ("Virksomheds- ID": white space is matched as one space), not masked for its control character (a review)
        shown = list(dict.fromkeys(" ".join(_DUPLICATED.sub("", c).split()) for c in named))
        found_cols = (", ".join(repr(mask(c)) if _company_look(c) else repr(c) for c in shown) or "-") + (
            f" og {empty} tomme overskrifter" if empty > 1 else " og 1 tom overskrift" if empty else "")
        # a title above the headings: the reader takes the title line for them
        hint = ((" (står overskrifterne længere nede? Sæt header_row i profilen)",
                 " (are the headings further down? Set header_row in the profile)")
                if empty * 2 >= len(frame.columns) and not more[0] else ("", ""))
        raise MissingColumnError(where, said(f"mangler kolonne(r) efter profilen {profile!r}: {da}; fandt {found_cols}"
                                        f"{hint[0]}{more[0]}", f"missing column(s) under profile {profile!r}: {en}; "
                                        f"found {found_cols}{hint[1]}{more[1]}"))
    return exprs, used, frozenset(absent)


_ID_AND_CVR = {"company_id", "cvr"}  # the one pair of fields one heading may give (``_map_columns``)
_DUPLICATED = re.compile(r"_duplicated_\d+$")  # polars' name for a heading seen before in the row


def _company_look(heading: str) -> bool:
    """A "heading" that may be a company's data (a row of data read as the header): a CVR-like run of
    digits, a company form, an e-mail address (``findings``' look, not its length: a header line read
    as one heading, the separator wrong, is long and is shown)."""
    return private_look(unicodedata.normalize("NFKC", heading))


def _as_written(name: str, columns: Sequence[str]) -> str:
    """A column's heading as the file writes it: a repeat's name from the reader ('Kommune_duplicated_0',
    ``xlsx.repeats_named`` for a workbook) without its ending, where the heading itself is a column."""
    if found := _DUPLICATED.search(name):
        for heading in (name[:found.start()], name[:found.start()].strip()):  # (headings are read trimmed)
            if heading in columns:
                return heading
    return name


def _headings(frame: pl.DataFrame) -> dict[str, list[str]]:
    """The file's columns by what a profile's name matches them by (``_heading_key``): headings that differ
    only in case or white space share a key; so do a heading and its repeats further along the row
    ('Kommune_duplicated_0'). ``_one`` picks among them."""
    present: dict[str, list[str]] = {}
    for name in frame.columns:
        present.setdefault(_heading_key(name, frame.columns), []).append(name)
    return present


def _heading_key(name: str, columns: Sequence[str]) -> str:
    """What a column is matched by: its heading as written (``_as_written``), case and spaces aside."""
    return _key(_as_written(name, columns))


def _same_cells(a: pl.Series, b: pl.Series) -> bool:
    """Two columns that read the same in every row: cell for cell, trimmed (every value is read
    trimmed; an empty cell and a blank one alike)."""
    def read(values: pl.Series) -> pl.Series:
        return values.cast(pl.String).str.strip_chars().fill_null("")
    return read(a).equals(read(b))


def _one(headings: list[str], candidate: str, column: str, where: str, frame: pl.DataFrame) -> str:
    """The export column a candidate name picks: the one heading it matches, or among headings that
    differ only in case or white space the one written exactly so; one heading written twice or more
    (an export with the company's 'Kommune' and the event's 'Kommune') is read where the columns are
    the same cell for cell (a column repeated), and else stops the run as the headings that differ
    only in case do: reading the first of them was a figure wrong with no word of it (a review: the
    spread 10 → 0 municipalities). Else the file is ambiguous."""
    if len(headings) == 1:
        return headings[0]
    written = {h: _as_written(h, frame.columns) for h in headings}
    exact = [h for h in headings if written[h] == candidate]
    if not exact and len(set(written.values())) == 1:  # one heading, written as the profile's in other case
        exact = headings
    if len(exact) == 1:
        return exact[0]
    if exact and all(_same_cells(frame[h], frame[exact[0]]) for h in exact[1:]):
        return exact[0]  # the same column repeated: nothing to choose between
    if exact:
        heading = written[exact[0]]
        raise DataError(where, said(
            f"overskriften {heading!r} står {len(exact)} gange i filen, og kolonnerne holder ikke de samme værdier; "
            f"profilens navn {candidate!r} for {column} passer på dem alle: omdøb de andre i eksporten (eller "
            f"fjern dem), så den kolonne, der skal læses som {column}, er den eneste med navnet",
            f"the heading {heading!r} is written {len(exact)} times in the file and the columns do not hold the same "
            f"values; the profile's name {candidate!r} for {column} matches them all: rename the others in the "
            f"export (or remove them) so that the column to be read as {column} is the only one by that name"),
            code="ambiguous-column")
    shown = ", ".join(repr(h) for h in dict.fromkeys(written.values()))
    raise DataError(where, said(f"kolonnerne {shown} kan ikke skelnes (store/små bogstaver og mellemrum tæller ikke), "
                                f"og profilens navn {candidate!r} for {column} passer på dem alle; omdøb én af dem i "
                                "eksporten",
                                f"columns {shown} cannot be told apart (case and spaces do not count), and the "
                                f"profile's name {candidate!r} for {column} matches them all; rename one of them in "
                                "the export"), code="ambiguous-column")


def _note_unmapped(raw: RawSource, frame: pl.DataFrame, used: dict[str, str], file: str, sheet: str | None) -> None:
    """Columns of the file that map to no canonical column: listed once each, not dropped in silence, by
    their heading as written (a heading seen twice, 'Nej' and polars' 'Nej_duplicated_0', is 'Nej' both
    times). A column with an empty heading is listed by its place ('#12') when it holds a value (a review
    found one ignored without a word, and two named by the reader's internal '_duplicated_0'); an empty
    one without data is the sheet's formatting, not a column."""
    read_by_key = {_heading_key(c, frame.columns): c for c in used}
    for place, column in enumerate(frame.columns, 1):
        if column in used:
            continue
        # a heading read, in another case or spacing ('Date' beside 'date'), or written again: the same column
        # cell for cell is read; another is named as such, not as a column of no field (a review)
        namesake = read_by_key.get(_heading_key(column, frame.columns))
        if namesake is not None:
            if not _same_cells(frame[column], frame[namesake]):
                heading = _DUPLICATED.sub("", column)
                raw.note("namesake-column", file, None, heading, heading, sheet=sheet)
            continue
        heading = " ".join(_DUPLICATED.sub("", column).split())  # on one line, as the missing column's are said
        if heading and not heading.startswith("__UNNAMED__"):
            raw.note("unmapped-column", file, None, heading, heading, sheet=sheet)
        elif _holds_value(frame[column]):
            raw.note("unmapped-column", file, None, f"#{place}", "", sheet=sheet)


def _holds_value(values: pl.Series) -> bool:
    """A cell of the column holds more than white space."""
    return bool(values.cast(pl.String).str.strip_chars().fill_null("").str.len_chars().gt(0).any())


def _skipped_rows(raw: RawSource, frame: pl.DataFrame, used: Mapping[str, str], mapping: SourceMapping,
                  file_spec: FileSpec | None, file: str, sheet: str | None, where: str, profile: str,
                  flagged: Sequence[int] = ()) -> tuple[pl.Series | None, dict[str, str]]:
    """The rows the profile's ``skip_rows`` leaves out (True; None: no row), and the headings it reads
    (not columns of no field, ``_note_unmapped``). Each heading is found as a column's is (case and white
    space aside, a heading written twice as ``_one`` allows it); a file without it stops the run, as its rows
    could not be told apart, and so does a heading a canonical column is read from (``used``): answers could
    be left out by their value (a review: every score below 7 skipped, the NPS "met"). A row the reader
    found broken (``flagged``, its index in ``frame``: a ragged row, a NUL byte) is quarantined as it would
    be, never skipped. How many rows each value left out is said once per file and value (``skipped-rows``,
    information; its count is of rows), and the file's total kept (``RawSource.skipped``). A file's own
    ``skip_rows`` (``files:``) is read in place of the source's."""
    rules = mapping.skip_rows_of(file_spec)
    if not rules:
        return None, {}
    present = _headings(frame)
    masks: list[pl.Expr] = []
    read: dict[str, str] = {}
    said_of: list[tuple[str, str]] = []  # (heading as written, the profile's value), as counted
    counted: list[pl.Expr] = []
    broken = pl.int_range(pl.len()).is_in(list(flagged)) if flagged else pl.lit(False)
    for heading, values in rules.items():
        if _key(heading) not in present:
            raise MissingColumnError(where, said(
                f"mangler kolonnen {heading!r}, som profilen {profile!r} springer rækker over efter (skip_rows)",
                f"missing the column {heading!r} the profile {profile!r} skips rows by (skip_rows)"))
        found = _one(present[_key(heading)], heading, "skip_rows", where, frame)
        if found in used:
            raise DataError(where, said(
                f"profilen {profile!r} springer rækker over efter kolonnen {found!r} (skip_rows), som læses som "
                f"{used[found]}: rækker må ikke udelades efter en værdi, et mål regner med; giv en kolonne, der ikke "
                "er data (fx en status)",
                f"the profile {profile!r} skips rows by the column {found!r} (skip_rows), which is read as "
                f"{used[found]}: rows may not be left out by a value a target counts; give a column that is not "
                "data (e.g. a status)"), code="shared-column")
        read[found] = "skip_rows"
        keys = {_key(v): v for v in values}
        cell = cell_key(pl.col(found).cast(pl.String))
        masks.append(cell.is_in(list(keys)).fill_null(False))
        for key, value in keys.items():  # a row two headings leave out is counted under the first (a review)
            counted.append(((cell == key).fill_null(False) & ~pl.any_horizontal(pl.lit(False), *masks[:-1])
                            & ~broken).sum().alias(str(len(counted))))
            said_of.append((_as_written(found, frame.columns), value))
    skipped = frame.select(pl.any_horizontal(masks) & ~broken).to_series()
    total = int(skipped.sum())
    if not total:
        return None, read
    raw.skipped[(file, sheet)] = raw.skipped.get((file, sheet), 0) + total
    for (heading, value), n in zip(said_of, frame.select(counted).row(0), strict=True):
        if n:
            raw.counts["skipped-rows"] = raw.counts.get("skipped-rows", 0) + n
            raw.findings.append(finding("skipped-rows", file, None, heading, value, sheet=sheet,
                                        detail=(f"{spoken(n, 'da')} {'række' if n == 1 else 'rækker'}",
                                                f"{spoken(n, 'en')} {'row' if n == 1 else 'rows'}")))
    return skipped, read


def _note_headings(raw: RawSource, frame: pl.DataFrame, exprs: Sequence[pl.Expr], file: str,
                   sheet: str | None) -> None:
    """The file's own heading of each canonical column it is read into (``exprs``: a canonical column each,
    read from a column of the frame or a constant; one column may give two, company_id and cvr), where it is
    not the canonical name: "Dato" for date, "Kunde-nr." for company_id.
    The director finds a finding's cell by it (a review: "date: ugyldig dato" in an export headed Dato).
    A heading wrapped over lines in its cell ("Møde-\ndato") is shown on one line; one that looks like a
    company's data is left out (the canonical name is said)."""
    read = {e.meta.output_name(): roots[0] for e in exprs if (roots := e.meta.root_names())}
    own = {canonical: heading for canonical, column in read.items()
           if (heading := " ".join(_as_written(column, frame.columns).split())) != canonical
           and not _company_look(heading)}
    if own:
        raw.headings[(file, sheet)] = own


def _note_absent(raw: RawSource, absent: frozenset[str], file: str, sheet: str | None) -> None:
    for column in absent:
        raw.absent.setdefault(column, []).append((file, sheet))


def _finish(frame: pl.DataFrame, exprs: list[pl.Expr], used: dict[str, str], file: str, sheet: str | None,
            first_row: int, errors: Sequence[tuple[int, str, str]],
            problems: Sequence[RowProblem] = (), skipped: pl.Series | None = None) -> pl.DataFrame:
    """The part's rows: canonical columns, where each came from, its error cells and (where the
    reader found any) ``_row_problem``; completely blank rows dropped, never a row with a problem
    (a ragged row whose first fields are empty is still quarantined and counted); the rows the profile
    skips (``skipped``, ``_skipped_rows``) left out, their row numbers with them."""
    # the canonical columns first: an export column may be named like one of ours ("_row")
    numbered = frame.select(exprs).with_row_index("_row", offset=first_row).with_columns(pl.col("_row").cast(pl.Int64))
    by_row: dict[int, list[str]] = {}
    for row, col, value in errors:  # every error cell of a row, "column: value; column: value"
        if col in used:
            by_row.setdefault(row, []).append(f"{used[col]}: {value}")
    error_map = {row: "; ".join(cells) for row, cells in by_row.items()}
    out = numbered.select(
        *(pl.col(e.meta.output_name()) for e in exprs), "_row",
        pl.lit(file, pl.String).alias("_file"), pl.lit(sheet, pl.String).alias("_sheet"),
        pl.col("_row").replace_strict(error_map, default=None, return_dtype=pl.String).alias("_cell_error")
        if error_map else pl.lit(None, pl.String).alias("_cell_error"),
        *([row_problem_column(list(problems))] if problems else []),
    )
    if skipped is not None:
        out = out.filter(~skipped)
    if not used:
        return out
    totals = totals_rows(out, list(used.values()))
    if totals:  # marked as a row problem: quarantined under that one code (``columns.TOTALS``)
        said = pl.col("_row").replace_strict({row: f"{TOTALS}: {word}" for row, word in totals.items()},
                                             default=None, return_dtype=pl.String)
        out = out.with_columns((pl.coalesce(pl.col(ROW_PROBLEM), said) if problems else said).alias(ROW_PROBLEM))
    # Both readers give null for an empty cell; an error cell is empty to them but not blank.
    blank = pl.all_horizontal(pl.col(c).is_null() for c in used.values()) & pl.col("_cell_error").is_null()
    if problems or totals:
        blank = blank & pl.col(ROW_PROBLEM).is_null()
    # filtering copies every column: only when there is a blank row to drop (there rarely is)
    return out.filter(~blank) if out.select(blank.any()).item() else out


# A cell that says its row sums the rows above: a spreadsheet's totals row left in an export ("I alt",
# "Total:", "I alt 2026", "Sum 2026-03"), or a survey tool's count under its answers ("Antal respondenter:
# 738", "Antal besvarelser 1.204"; a review found it quarantined for its date and warned for its segment)
_TOTALS = re.compile(r"^(?:i ?alt|total|totalt|totaler|sum|subtotal|grand total|hovedtotal|samlet|i alt i alt"
                     r"|antal(?: respondenter| besvarelser| svar| rækker| aktiviteter)?)"
                     r"\s*:?\s*(?:[0-9]{4}(?:[-/.][0-9]{1,2})?|[0-9]{1,3}(?:[.,]?[0-9]{3})*)?\s*$")


_TOTAL_WORDS = ["alt", "total", "sum", "samlet", "antal"]  # a word each totals cell holds (``_TOTALS``)


def totals_rows(part: pl.DataFrame, columns: Sequence[str]) -> dict[int, str]:
    """The part's rows (``_row`` → the cell as written) that are a totals row: no date, and a cell that
    is only a totals word ("I alt", "Total", "Sum:"). Quarantined as such, once, not as a row missing
    its date, municipality, type and segment whose "id" repeats in every month's file (a director's
    review: five findings for each month's "I alt"). Only the rows without a date are looked at."""
    cells = [c for c in columns if part.schema[c] == pl.String]
    if "date" not in columns or "date" not in cells:
        return {}
    # no date: an empty cell (both readers give null for it), or the totals word itself in the date column
    # (where "Dato" is the first column); the rows taken first (few), the words looked for in them only:
    # one query would look at every cell of every row (polars joins two filters into one)
    said_of = [pl.col(c).str.strip_chars().str.to_lowercase().str.contains(_TOTALS.pattern).fill_null(False)
               for c in cells]
    # (a totals word in the date column looked for by its words first: a regular expression over every date
    # of a 2M-row file would cost a tenth of a second)
    worded = part["date"].str.contains_any(_TOTAL_WORDS, ascii_case_insensitive=True).fill_null(False)
    empty = part["date"].is_null() | worded
    if not empty.any():
        return {}
    undated = part.select("_row", *cells).filter(empty)
    # and no company: a real activity of a company named "Total" keeps its findings (a review). A totals row's
    # company id is empty, the word, or a count ("425" under Kunde-nr.: the director's export); a count could be a
    # numeric id, so then the row has no municipality either
    company = pl.lit(True)
    if "company_id" in cells:
        counted = pl.col("company_id").str.strip_chars().str.contains(r"^[0-9]+$").fill_null(False)
        located = pl.col("municipality").is_null() if "municipality" in cells else pl.lit(True)
        company = pl.col("company_id").is_null() | said_of[cells.index("company_id")] | (counted & located)
    found: dict[int, str] = {}
    for row in undated.filter(pl.any_horizontal(said_of) & company).iter_rows():
        found[row[0]] = next(str(v).strip() for v in row[1:] if isinstance(v, str)
                             and _TOTALS.fullmatch(v.strip().casefold()))
    return found


def read_source(source: SourceSchema, mapping: SourceMapping, paths: Sequence[Path], base: Path,
                profile: str, others: Mapping[Path, frozenset[str]] | None = None) -> RawSource:
    """Every file of one source through the profile, read as ``parts`` is iterated. ``others``: per
    workbook, the sheets (``sheet_keys``) that other sources of the profile read from it."""
    raw = RawSource(iter(()))
    raw.parts = _parts(source, mapping, paths, base, profile, raw, others or {})
    return raw


def sheet_keys(mappings: Sequence[SourceMapping | None]) -> frozenset[str]:
    """Every sheet name the mappings' ``sheets:`` give, as sheets are compared (``_key``)."""
    return frozenset(_key(n) for m in mappings if m is not None for spec in m.sheets or [] for n in spec.name)


def _parts(source: SourceSchema, mapping: SourceMapping, paths: Sequence[Path], base: Path, profile: str,
           raw: RawSource, others: Mapping[Path, frozenset[str]]) -> Iterator[Part]:
    """The parts that have rows, or one empty part when none has: a source without rows is typed
    the same way. Each frame is let go here once the caller has it (it holds its file's text)."""
    empty = True
    for part in _frames(source, mapping, paths, base, profile, raw, others):
        if part.frame.height:
            empty = False
            yield part
        del part
    if empty:
        yield Part(empty_part(source))


def _frames(source: SourceSchema, mapping: SourceMapping, paths: Sequence[Path], base: Path, profile: str,
            raw: RawSource, others: Mapping[Path, frozenset[str]]) -> Iterator[Part]:
    for path in paths:
        name = _display(path, base)
        suffix = path.suffix.lower()
        file_spec = _file_spec(mapping, name)
        if suffix in WORKBOOK_SUFFIXES:
            yield from _read_workbook(source, mapping, file_spec, path, name, profile, raw,
                                      others.get(path, frozenset()))
        elif suffix in TEXT_SUFFIXES:
            if any(sheet.constants or sheet.columns for sheet in mapping.sheets or []):
                raise DataError(name, said(f"profilen {profile!r} giver konstanter eller kolonner under sheets:, men "
                                      "filen er en tekstfil uden ark; giv dem under kildens constants:/columns: "
                                      "eller under filen (files: - pattern: …)", f"the profile {profile!r} gives "
                                      "constants or columns under sheets:, but this is a text file without sheets; "
                                      "give them under the source's constants:/columns: or under the file "
                                      "(files: - pattern: …)"))
            try:
                with reading(name):
                    # a ragged row or a NUL byte quarantines its row, not the file (docs/decisions.md, "Hostile input")
                    table = read_text_csv(path, name, encoding=mapping.encoding, separator=mapping.sep,
                                          header_row=_header_row(mapping, file_spec), row_problems="quarantine")
            except DataError as exc:  # most rows longer than the "header": a title line above the headings?
                row = _text_header_row(source, mapping, file_spec, path, name) if exc.code == "ragged-row" else None
                if row is None:
                    raise
                hint = _header_hint(row, profile=profile, file=_alone(row, mapping, file_spec, name))
                raise DataError(exc.file, said(in_language(exc.message, "da") + hint[0],
                                               in_language(exc.message, "en") + hint[1]), code=exc.code) from None
            try:
                exprs, used, absent = _map_columns(table.frame, source, mapping, file_spec, None, name, profile)
            except MissingColumnError:
                row = _text_header_row(source, mapping, file_spec, path, name)
                if row is None:
                    raise
                _map_columns(table.frame, source, mapping, file_spec, None, name, profile,
                             _header_hint(row, profile=profile, file=_alone(row, mapping, file_spec, name)))
                raise
            raw.inputs.append((name, None))
            _note_absent(raw, absent, name, None)
            _note_headings(raw, table.frame, exprs, name, None)
            skipped, skip_headings = _skipped_rows(raw, table.frame, used, mapping, file_spec, name, None, name,
                                                   profile, [p.row - table.first_data_row for p in table.row_problems])
            _note_unmapped(raw, table.frame, used | skip_headings, name, None)
            if table.cp1252_lines:
                raw.counts["mixed-encoding"] = raw.counts.get("mixed-encoding", 0) + len(table.cp1252_lines)
                raw.findings.extend(finding("mixed-encoding", name, line)
                                    for line in table.cp1252_lines[:SAMPLE_PER_CODE])
            frame = _finish(table.frame, exprs, used, name, None, table.first_data_row, (), table.row_problems,
                            skipped)
            del table  # the file's own columns, before the next file is read
            yield Part(frame, absent)
            del frame  # nor kept here while the next one is read
        elif suffix == ".xls":
            raise DataError(name, said("det gamle .xls-format læses ikke; gem filen som .xlsx i Excel",
                                  "the old .xls format is not supported; save as .xlsx"))
        elif (note := format_note(name)) is not None:
            raise DataError(name, said(f"{note[0]}", f"{note[1]}"))
        else:
            raise DataError(name, said(f"ukendt filtype {suffix!r}; forventet .csv eller .xlsx",
                                  f"unknown file type {suffix!r}; expected .csv or .xlsx"))


def _find_sheet(spec: SheetSpec, workbook: Workbook) -> str | None:
    """The sheet a ``sheets:`` entry names: its first name that a visible sheet has, else its first
    name that a hidden one has (a profile may name a hidden sheet; it is then read)."""
    for available in (workbook.visible, workbook.sheet_names):
        by_key = {_key(s): s for s in available}
        found = next((by_key[_key(n)] for n in spec.name if _key(n) in by_key), None)
        if found is not None:
            return found
    return None


def _holds_columns(headings: Sequence[str], source: SourceSchema, mapping: SourceMapping,
                   file_spec: FileSpec | None) -> bool:
    """A header row holds every column the source requires, as ``_map_columns`` looks for them (the
    profile's names, case and white space aside; a constant needs no column)."""
    keys = {_key(h) for h in headings}
    constants = {**mapping.constants, **(file_spec.constants if file_spec else {})}
    return all(column not in mapping.absent
               and any(_key(c) in keys for c in mapping.column_candidates(column, None, file_spec))
               for column in source.required if column not in constants)


def _header_row(mapping: SourceMapping, file_spec: FileSpec | None) -> int:
    """The row a file's headings are on: its own (``files: - pattern: … header_row: N``, a file laid out
    apart from the others, e.g. last year's CSV beside this year's report workbook), else the source's."""
    return file_spec.header_row if file_spec is not None and file_spec.header_row is not None else mapping.header_row


def _sheet_to_read(source: SourceSchema, mapping: SourceMapping, file_spec: FileSpec | None, workbook: Workbook,
                   name: str, profile: str) -> str | None:
    """The sheet read when the profile names none: the one visible sheet whose header row holds the
    source's columns and that has rows below it; else the first visible sheet holding the columns
    (without rows: a template), else the first visible sheet (whose columns are then reported
    missing). Two visible sheets holding the columns and rows stop the run: reading either would be
    a guess (R16: an old copy of the data kept as the first sheet)."""
    visible = workbook.visible
    if len(visible) < 2:
        return visible[0] if visible else None
    holding: list[tuple[str, bool]] = []
    for sheet in visible:
        with reading(f"{name} [{sheet}]"):
            head = workbook.head(sheet, _header_row(mapping, file_spec))
        if _holds_columns(head.headings, source, mapping, file_spec):
            holding.append((sheet, head.has_rows))
    with_rows = [sheet for sheet, has_rows in holding if has_rows]
    if len(with_rows) > 1:
        raise _ambiguous(source, with_rows, name, profile)
    return (with_rows or [sheet for sheet, _ in holding] or visible)[0]


_HEADER_ROWS_LOOKED_AT = 20  # rows below the header row looked through for the headings (a title, a blank row)


def _alone(row: int, mapping: SourceMapping, file_spec: FileSpec | None, name: str) -> str | None:
    """The file to give a header row of its own (``_header_hint``): where its headings stand above the
    row the profile reads them on, which the source's other files need (a title above theirs)."""
    return name if row < _header_row(mapping, file_spec) else None


def _rows_to_look_at(header_row: int) -> list[int]:
    """The rows looked through for the headings when they are not on ``header_row``: the rows above it
    (a file of a source whose other files have a title above the headings, read by the source's
    header_row), then the ``_HEADER_ROWS_LOOKED_AT`` below it."""
    return [*range(1, header_row), *range(header_row + 1, header_row + 1 + _HEADER_ROWS_LOOKED_AT)]


def _header_hint(row: int, sheet: str | None = None, *, others: Sequence[tuple[str, int]] = (),
                 profile: str = "", file: str | None = None) -> tuple[str, str]:
    """The words for headings found on another row: ``row`` (of ``sheet``, another sheet; and of
    ``others``, more sheets holding the columns, which a profile must then choose among; ``file``: a
    file to give a header row of its own, ``_alone``)."""
    where = ("i profilen", "in the profile") if profile != "canonical" else (
        "i en profil (docs/real-hub.md viser hvordan)", "in a profile (docs/real-hub.md shows how)")
    if sheet is None:
        alone = ((f" (kun for denne fil: files: [{{pattern: {_yaml_quoted(file)}, header_row: {row}}}])",
                  f" (for this file only: files: [{{pattern: {_yaml_quoted(file)}, header_row: {row}}}])")
                 if file is not None else ("", ""))
        return (f"; overskrifterne står i række {row}: skriv header_row: {row} {where[0]}{alone[0]}",
                f"; the headings are on row {row}: write header_row: {row} {where[1]}{alone[1]}")
    also_da = "".join(f"; også arket {name!r} har kolonnerne (række {at})" for name, at in others)
    also_en = "".join(f"; sheet {name!r} has the columns too (row {at})" for name, at in others)
    return (f"; arket {sheet!r} har overskrifterne i række {row}{also_da}: skriv header_row: {row} og sheets: "
            f"[{{name: {_yaml_quoted(sheet)}}}] {where[0]}",
            f"; sheet {sheet!r} has the headings on row {row}{also_en}: write header_row: {row} and sheets: "
            f"[{{name: {_yaml_quoted(sheet)}}}] {where[1]}")


def _text_header_row(source: SourceSchema, mapping: SourceMapping, file_spec: FileSpec | None, path: Path,
                       name: str) -> int | None:
    """The first line other than the profile's header row that holds the source's columns
    (``_rows_to_look_at``: a title or a note above the headings, as a report export writes them; or a
    file headed on row 1 beside files with a title), read as the header would be: None when none does.
    Only where the columns are missing: the file is read again."""
    for row in _rows_to_look_at(_header_row(mapping, file_spec)):
        try:
            with reading(name):
                table = read_text_csv(path, name, encoding=mapping.encoding, separator=mapping.sep,
                                      header_row=row, row_problems="quarantine")
        except DataError:  # not readable so (a second title line: ragged; a note's quote): the next row may
            continue       # be the headings (a review: two title lines above them hid the hint)
        if _holds_columns(table.frame.columns, source, mapping, file_spec):
            return row
    return None


def _sheet_header_rows(source: SourceSchema, mapping: SourceMapping, file_spec: FileSpec | None,
                        workbook: Workbook, name: str, sheets: Sequence[str]) -> list[tuple[str, int]]:
    """Each of ``sheets`` that holds the source's columns on another row than the profile's header row
    (``_rows_to_look_at``), with that row (read from the start of the sheet only); none: empty."""
    found = []
    for sheet in sheets:
        for row in _rows_to_look_at(_header_row(mapping, file_spec)):
            with reading(f"{name} [{sheet}]"):
                try:
                    head = workbook.head(sheet, row)
                except DataError:
                    break
            if _holds_columns(head.headings, source, mapping, file_spec):
                found.append((sheet, row))
                break
    return found


def _hidden_holding(source: SourceSchema, mapping: SourceMapping, file_spec: FileSpec | None, workbook: Workbook,
                    name: str) -> list[str]:
    """The hidden sheets whose header row holds the source's columns (a sheet that cannot be read
    so is left out): named when the visible sheet read lacks them."""
    holding = []
    for sheet in workbook.sheet_names:
        if sheet in workbook.visible:
            continue
        with reading(f"{name} [{sheet}]"):
            try:
                headings = workbook.head(sheet, _header_row(mapping, file_spec)).headings
            except DataError:
                continue
        if _holds_columns(headings, source, mapping, file_spec):
            holding.append(sheet)
    return holding


_SHOWN_SHEETS = 5  # sheets an ambiguous-sheet message names


def _ambiguous(source: SourceSchema, sheets: list[str], name: str, profile: str) -> DataError:
    shown = [repr(s) for s in sheets[:_SHOWN_SHEETS]]
    two = len(sheets) == 2
    if len(sheets) > len(shown):
        listed_da = listed_en = ", ".join(shown) + f", … ({len(sheets)})"
    else:
        listed_da, listed_en = (", ".join(shown[:-1]) + word + shown[-1] for word in (" og ", " and "))
    src = source.source
    required = ", ".join(c for c in source.names if c in source.required)
    examples = [f"sheets: [{{name: {_yaml_quoted(s)}}}]" for s in sheets[:2]]
    return DataError(
        name, said(f"arkene {listed_da} har {'begge' if two else 'alle'} kolonnerne til {src} ({required}), og "
                   f"profilen "
              f"{profile!r} siger ikke, hvilket ark der skal læses; skjul eller slet de ark, der ikke skal læses, "
              f"eller nævn arket i en profil under sources: {src}:, fx {' eller '.join(examples)}", f"sheets "
                                                                                                    f"{listed_en} "
              f"{'both' if two else 'all'} hold the columns of {src} ({required}) and profile {profile!r} does not "
              f"say which to "
              f"read; hide or delete the sheets not to read, or name the sheet in a profile under sources: {src}:, "
              f"e.g. {' or '.join(examples)}"), code="ambiguous-sheet")


def _yaml_quoted(text: str) -> str:
    """A sheet name as a single-quoted YAML scalar (any name Excel allows)."""
    return "'" + text.replace("'", "''") + "'"


def _read_workbook(source: SourceSchema, mapping: SourceMapping, file_spec: FileSpec | None, path: Path, name: str,
                   profile: str, raw: RawSource, others: frozenset[str] = frozenset()) -> Iterator[Part]:
    with reading(name):
        workbook = Workbook(path, name)
    available = workbook.sheet_names
    if mapping.sheets is None:  # one visible sheet; a hidden sheet is never read in place of a visible one
        if available and not workbook.visible:
            raise DataError(name, said("projektmappen har intet synligt ark; vis arket med dataene i Excel, eller nævn "
                                  "det under sheets: i profilen", "the workbook has no visible sheet; unhide the "
                                  "sheet holding the data, or name it under sheets: in the profile"),
                            code="missing-sheet")
        first = _sheet_to_read(source, mapping, file_spec, workbook, name, profile)
        wanted: list[tuple[SheetSpec | None, str]] = [(None, first)] if first is not None else []
        for other in available:
            if other != first:
                raw.note("unread-sheet", name, None, None, other, sheet=other)
    else:
        wanted = []
        for spec in mapping.sheets:
            found = _find_sheet(spec, workbook)
            if found is None and not spec.optional:
                raise DataError(name, said(f"intet ark hedder {' eller '.join(repr(n) for n in spec.name)} "
                                      f"(profilen {profile!r}); projektmappen har {', '.join(map(repr, available))}",
                                      f"no sheet named {' or '.join(repr(n) for n in spec.name)} (profile "
                                      f"{profile!r}); the workbook has {', '.join(map(repr, available))}"),
                                code="missing-sheet")
            if found is not None and found not in {name for _, name in wanted}:  # named twice: read once
                wanted.append((spec, found))
        # a sheet the profile does not name (a month forgotten) is said, not skipped; one named beside another
        # that was read (``name: [Aktiviteter, Aktiviteter 2023]``: the first found) is said as such; one another
        # source reads from the same workbook is that source's
        read, named = {found for _, found in wanted}, sheet_keys([mapping])
        for other in available:
            if other not in read and _key(other) not in others:
                raw.note("alternative-sheet" if _key(other) in named else "unlisted-sheet", name, None, None, other,
                         sheet=other)
    for sheet_spec, sheet_name in wanted:
        with reading(f"{name} [{sheet_name}]"):
            sheet = workbook.read(sheet_name, _header_row(mapping, file_spec))
        where = f"{name} [{sheet_name}]"
        raw.inputs.append((name, sheet_name))
        if not sheet.frame.columns:  # an empty sheet: read, no rows
            continue
        try:
            exprs, used, absent = _map_columns(sheet.frame, source, mapping, file_spec, sheet_spec, where, profile)
        except MissingColumnError:
            below = _sheet_header_rows(source, mapping, file_spec, workbook, name,
                                        [sheet_name] if sheet_spec is not None else workbook.visible)
            if below:
                _map_columns(sheet.frame, source, mapping, file_spec, sheet_spec, where, profile,
                             _header_hint(below[0][1], None if below[0][0] == sheet_name else below[0][0],
                                          others=below[1:], profile=profile))
            hidden = [] if sheet_spec is not None else _hidden_holding(source, mapping, file_spec, workbook, name)
            if not hidden:
                raise
            _map_columns(sheet.frame, source, mapping, file_spec, sheet_spec, where, profile, (
                f"; det skjulte ark {hidden[0]!r} har kolonnerne: vis det i Excel, eller nævn det under sheets: i en "
                "profil", f"; the hidden sheet {hidden[0]!r} has the columns: unhide it in Excel, or name it under "
                "sheets: in a profile"))
            raise
        _note_absent(raw, absent, name, sheet_name)
        _note_headings(raw, sheet.frame, exprs, name, sheet_name)
        skipped, skip_headings = _skipped_rows(raw, sheet.frame, used, mapping, file_spec, name, sheet_name, where,
                                               profile)
        _note_unmapped(raw, sheet.frame, used | skip_headings, name, sheet_name)
        # merges down a column read (a review: a report's company cells merged down lost 317 rows unexplained; a
        # second: a merge in a column not read is none of the data's)
        merged = [(row, ref) for row, ref, covered in sheet.merged if any(c in used for c in covered)]
        if merged:
            more = f" +{len(merged) - MERGES_SHOWN}" if len(merged) > MERGES_SHOWN else ""
            raw.note("merged-cells", name, merged[0][0], None,
                     ", ".join(ref for _, ref in merged[:MERGES_SHOWN]) + more, sheet=sheet_name)
        frame = _finish(sheet.frame, exprs, used, name, sheet_name, sheet.first_data_row, sheet.errors, (), skipped)
        del sheet
        yield Part(frame, absent)
        del frame
