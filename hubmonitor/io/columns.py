"""How each kind of column is typed and checked: the schema's ``Kind`` → polars expressions.

A column of the input schema (``hubmonitor.schema``) says what it holds; this module turns that
into the typed value of every row and the checks that raise the column's finding codes. Values
are normalised with vectorised expressions: rules that repeat (dates, answers, yes/no) are worked
out on the distinct values of a column only and looked up for every row, never a Python loop
over rows. Spellings come from the schema's vocabulary plus the profile's aliases.

A rule (``_date``, ``_enum``, ``_boolean`` …) is a function of one value alone, given the column
and the source's mapping: not of the other values of its file, nor of the file. That is what lets
a read keep each rule's results over its files (``RuleResults``); a rule that looked at its
neighbours would have to say so there.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import NamedTuple

import polars as pl

from hubmonitor.days import MONTH_WORDS, TIME_OF_DAY
from hubmonitor.profile.model import SourceMapping, strftime_of, swapped_day_month
from hubmonitor.reference import MunicipalityRegistry
from hubmonitor.schema import Column, Kind
from hubmonitor.spreadsheet import TEXT_MARK
from hubmonitor.vocabulary import FALSE_WORDS, TRUE_WORDS, answer_key, enum_table

_CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
_TOPICS = pl.List(pl.String)
DTYPES: dict[Kind, pl.DataType] = {
    Kind.ID: pl.String(), Kind.DATE: pl.Date(), Kind.DATETIME: pl.Datetime("us"), Kind.MUNICIPALITY: pl.String(),
    Kind.CVR: pl.String(), Kind.ENUM: pl.String(), Kind.BOOLEAN: pl.Boolean(), Kind.INTEGER: pl.Int64(),
    Kind.NUMBER: pl.Float64(), Kind.TAGS: _TOPICS, Kind.TEXT: pl.String(),
}


def cell_key(x: pl.Expr) -> pl.Expr:
    """The answer key of a text value: trimmed, lower-case, inner white space collapsed."""
    return x.str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()


def _blank(x: pl.Expr) -> pl.Expr:
    return x.str.strip_chars() == ""


def _blank_or(unanswered: list[str]) -> Callable[[pl.Expr], pl.Expr]:
    """A blank cell, or one of the profile's spellings of no answer (``SourceMapping.unanswered``)."""
    def fn(x: pl.Expr) -> pl.Expr:
        return _blank(x) | cell_key(x).is_in(unanswered)
    return fn


def _apply(values: pl.Series, fn: Callable[[pl.Expr], pl.Expr], dtype: pl.DataType) -> pl.Series:
    return values.to_frame("_in").select(fn(pl.col("_in")).cast(dtype)).to_series()


class RuleResults:
    """Each rule's result per distinct value, kept over the parts (files, sheets) of one source's read:
    a rule depends on the value alone, and the parts of a read repeat their values (every month's file
    its segments and yes/no words, each file of a year its dates). A part then works a rule out on its
    new values only: in a folder of monthly files the rules cost a quarter of the read, each part
    paying polars' fixed cost of a query per column. Columns of more than ``LIMIT`` distinct values
    in a part (registration times) are worked out whole, as before: looking them up one by one in
    Python would cost more than the rule."""

    LIMIT = 5_000
    KEPT = 500  # values of a part kept when the part brings mostly new ones (a week's dates, not its times)

    def __init__(self) -> None:
        self._by_rule: dict[tuple[str, str], dict[str, object]] = {}

    def results(self, col: str, values: pl.Series, fn: Callable[[pl.Expr], pl.Expr], dtype: pl.DataType
                ) -> pl.Series:
        """``fn`` of each of ``values`` (distinct texts of ``col``), in their order, as ``dtype``. A rule
        is known by its column and its function's name (``_date.<locals>.fn``): one typer makes each
        column's rules from the same schema and mapping for every part. A part whose values are
        mostly new has the rule worked out on all of them (kept for the next parts when they are
        few): building its results from Python values would cost more than the rule."""
        if values.len() > self.LIMIT:
            return _apply(values, fn, dtype)
        known = self._by_rule.setdefault((col, fn.__qualname__), {})
        texts = values.to_list()
        new = [text for text in texts if text not in known]
        if 2 * len(new) > len(texts):
            out = _apply(values, fn, dtype)
            if len(texts) <= self.KEPT:
                known.update(zip(texts, out.to_list(), strict=True))
            return out
        if new:
            known.update(zip(new, _apply(pl.Series(new, dtype=pl.String), fn, dtype).to_list(), strict=True))
        return pl.Series([known[text] for text in texts], dtype=dtype)


class _Lookups:
    """Rules worked out on the distinct values of a column only (a few hundred, not a million:
    dates, segments, answers, yes/no repeat); each row then takes its value's results by position.
    Nulls read as "". Use: build the typed expressions with ``on``, then add ``indexes()`` to the
    frame before them: one hash look-up per row and column, however many rules read it. ``results``:
    the rules' results on the parts read before (``RuleResults``)."""

    def __init__(self, frame: pl.DataFrame, results: RuleResults | None = None,
                 found: Mapping[str, LookedUp] | None = None) -> None:
        self._frame = frame
        self._results = results
        # ``found``: columns of this frame already looked up (``PartTyper.dates``), not looked up again
        self._found = dict(found or {})
        self._distinct: dict[str, pl.Series] = {col: known.distinct for col, known in self._found.items()}

    def prepare(self, cols: list[str]) -> None:
        """Find the distinct values of ``cols`` in one pass over the frame (the columns in parallel),
        before ``on`` asks for them one by one."""
        cols = [c for c in dict.fromkeys(cols) if c not in self._distinct]
        if cols:
            found = self._frame.select(pl.col(c).fill_null("").unique().implode() for c in cols)
            self._distinct |= {c: found[c][0].rename(c) for c in cols}

    def distinct(self, col: str) -> pl.Series:
        """The distinct values of ``col`` (null read as "")."""
        self.prepare([col])
        return self._distinct[col]

    def on(self, col: str, fn: Callable[[pl.Expr], pl.Expr], dtype: pl.DataType) -> pl.Expr:
        """``fn`` (a rule: a function of the value alone) of each row's ``col``."""
        self.prepare([col])
        values = self._distinct[col]
        results = (self._results.results(col, values, fn, dtype) if self._results is not None
                   else _apply(values, fn, dtype))
        return pl.lit(results).gather(pl.col(f"_at_{col}"))

    def indexes(self) -> dict[str, pl.Expr]:
        """``_at_<col>``: the row's value's position among the column's distinct values. Found by
        casting to an ``Enum`` of those values (its physical value is that position): a
        ``replace_strict`` with the same mapping costs 12 × as much where values hardly repeat (the
        registration times: 0.96 against 0.08 s for 2.1M rows of 140,000 distinct values)."""
        return {f"_at_{col}": pl.lit(self._found[col].positions) if col in self._found
                else pl.col(col).fill_null("").cast(pl.Enum(values)).to_physical().cast(pl.UInt32)
                if values.len() else pl.lit(0, pl.UInt32)  # no rows (no categories to look up in)
                for col, values in self._distinct.items()}

    def looked_up(self, col: str, positions: pl.Series) -> LookedUp:
        """``col``'s distinct values and each row's position among them (its ``_at_<col>``), for a
        ``_Lookups`` of the same frame."""
        return LookedUp(self._distinct[col], positions)


class LookedUp(NamedTuple):
    """A column of a frame looked up (``_Lookups``): its distinct values, each row's position among them."""

    distinct: pl.Series
    positions: pl.Series


def _enum(column: Column, mapping: SourceMapping) -> Callable[[pl.Expr], pl.Expr]:
    table = {**enum_table(column), **{k: str(v) for k, v in mapping.aliases(column).items()}}
    return lambda x: cell_key(x).replace_strict(table, default=None, return_dtype=pl.String)


def _boolean(column: Column, mapping: SourceMapping) -> Callable[[pl.Expr], pl.Expr]:
    """Empty means false; other spellings through the vocabulary and the profile's aliases."""
    table = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False), **mapping.aliases(column)}
    return lambda x: (pl.when(_blank(x)).then(pl.lit(False))
                      .otherwise(cell_key(x).replace_strict(table, default=None, return_dtype=pl.Boolean)))


def _topics(column: Column, mapping: SourceMapping) -> Callable[[pl.Expr], pl.Expr]:
    """The canonical tags as a list, split on the profile's separator, through the aliases, and
    split again on ";" (the canonical separator, also read where a profile lists with another one);
    null where the cell holds no tag (empty, or separators and spaces only), as an empty cell of any
    other column: a filter's ``present: false`` finds it (a review: an empty list was "present")."""
    aliases = {**column.aliases, **{k: str(v) for k, v in mapping.aliases(column).items()}}
    cleaned = cell_key(pl.element())

    def fn(x: pl.Expr) -> pl.Expr:
        joined = x.str.split(mapping.list_separator).list.eval(
            cleaned.replace(aliases).filter(cleaned != "")).list.join(";")
        return pl.when(joined == "").then(pl.lit(None, _TOPICS)).otherwise(joined.str.split(";"))
    return fn


def tag_vocabulary(column: Column, mapping: SourceMapping) -> list[str]:
    """The tags a tags column knows: its values and every tag a spelling (the schema's or the
    profile's) leads to. Any other tag is read as it stands and raises the column's ``invalid``."""
    targets = [*column.values, *column.aliases.values(), *(str(v) for v in mapping.aliases(column).values())]
    return sorted({answer_key(t) for t in targets})


def _unknown_tags(column: Column, mapping: SourceMapping) -> Callable[[pl.Expr], pl.Expr]:
    """The row's tags outside the vocabulary, joined by "; " (null when there are none)."""
    tags, known = _topics(column, mapping), tag_vocabulary(column, mapping)

    def fn(x: pl.Expr) -> pl.Expr:
        unknown = tags(x).list.eval(pl.element().filter(~pl.element().is_in(known))).list.join("; ")
        return pl.when(unknown != "").then(unknown)
    return fn


# A date before or after these is a typing error or a placeholder (0000-01-01, 9999-12-31), not the
# date of an activity or an answer: it is read as an impossible date.
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2099, 12, 31)


# A date with a time of day after it (an Excel date cell read as "2024-05-03 00:00:00", a CRM's "03-05-2024
# 10:15" or "2024-05-03T10:00"): the date alone is read, in the profile's formats (a review found the
# times quarantining rows as bad-date unless written in ISO with seconds)
_DATE_AND_TIME = rf"^(.*[0-9])(?:T|\s+(?:kl\.?\s*)?){TIME_OF_DAY}$"  # the date may hold spaces (1. jan. 2024 kl. 14:05)


def _plausible_date(value: pl.Expr) -> pl.Expr:
    return pl.when(value.is_between(FIRST_DATE, LAST_DATE)).then(value)


SWAPPED_AT_LEAST = 3  # distinct dates only the other way round reads, at least, to say a format is swapped
ISO_DATE = "%Y-%m-%d"  # read in every date column, whatever the profile's formats (a workbook's date cell reads so)


def _date(mapping: SourceMapping) -> Callable[[pl.Expr], pl.Expr]:
    """The profile's formats in order, then ISO; a date cell from Excel reads as ISO date-time.
    Digits are ASCII digits; a date outside ``FIRST_DATE`` … ``LAST_DATE`` is not read."""
    formats = list(dict.fromkeys([*mapping.strftime_formats(), ISO_DATE]))

    def fn(x: pl.Expr) -> pl.Expr:
        text = x.str.strip_chars().str.replace(_DATE_AND_TIME, "$1")
        if mapping.month_words:
            text = month_numbers(text)

        def plausible(fmt: str) -> pl.Expr | None:
            separated = any(sep in fmt for sep in "-./, ")
            if MONTH_MARK in fmt and not separated:  # 02AUG2023: the mark, which no other format reads, guards
                return None
            if not separated:  # YYYYMMDD: exactly its digits
                digits = len(fmt.replace("%Y", "YYYY").replace("%y", "YY").replace("%m", "MM").replace("%d", "DD"))
                return text.str.contains(rf"^[0-9]{{{digits}}}$")
            # %Y alone would take "1-2-3" as year 1
            return text.str.contains(r"(^|[^0-9])[0-9]{4}([^0-9]|$)") if "%Y" in fmt else None

        read = [text.str.to_date(fmt, strict=False) if (guard := plausible(fmt)) is None
                else pl.when(guard).then(text.str.to_date(fmt, strict=False)) for fmt in formats]
        if mapping.excel_serial:  # 45352 or 45352.0 (a number cell): days after Excel's day 0, 1899-12-30
            serial = text.str.extract(r"^([0-9]{5})(?:\.0+)?$", 1).cast(pl.Int64, strict=False)
            read.append(pl.lit(_EXCEL_DAY_0) + pl.duration(days=serial))
        return _plausible_date(pl.coalesce(read))
    return fn


MONTH_MARK = "M"  # before a month word's number: only the format's MMM reads it (``profile.model.strftime_of``)


def month_numbers(text: pl.Expr) -> pl.Expr:
    """Each month written as a word (``days.MONTH_WORDS``: "jan.", "Maj", "October") as ``MONTH_MARK`` and
    its number, "M01" … "M12": "1. jan. 2024" → "1. M01 2024", which the profile's ``DD. MMM YYYY`` reads as
    ``%d. M%m %Y``. The mark keeps the word where the format puts MMM: "Oct 03 2024" under ``DD MMM YYYY`` is
    not read (as 10 March), nor a word date by a numeric format beside it (``MM-DD-YYYY``). A whole word
    only, no letter touching it ("Marts" is March, "Martsvej" is no month; a digit may: "02AUG2023"); a dot
    after it is taken with it where a space or another separator follows (the abbreviation's: "jan. 2024",
    "2024-jan.-05"), kept where it separates ("02.aug.2023")."""
    for number, words in enumerate(MONTH_WORDS, start=1):
        alternatives = "|".join(sorted(words, key=len, reverse=True))
        text = text.str.replace_all(rf"(?i)(^|[^\p{{L}}])(?:{alternatives})(?:\.(\s|[-/,])|([^\p{{L}}])|$)",
                                    f"${{1}}{MONTH_MARK}{number:02d}${{2}}${{3}}")
    return text


_EXCEL_DAY_0 = date(1899, 12, 30)  # Excel's serial day numbers count from here (its 1900 leap-year bug included)


def _whole_number(mapping: SourceMapping) -> Callable[[pl.Expr], pl.Expr]:
    """``751``, ``751.0`` or ``751,0`` → ``"751"``; anything else unchanged. After the profile's decimal
    mark any number of zeros; after the other mark one or two (``7,0`` from a Danish spreadsheet read with
    the standard ``decimal: "."``), never three: ``7.000`` may be seven thousand written the Danish way."""
    mark = "\\" + mapping.decimal
    return lambda x: x.str.strip_chars().str.replace(rf"^([0-9]+)(?:{mark}0+|[.,]0{{1,2}})$", "$1")


def cvr_problem(cvr: pl.Expr, number: pl.Expr) -> pl.Expr:
    """"format" (not 8 digits), "checksum" (fails modulus 11) or null (fine, or empty), of a CVR
    number already through ``_whole_number`` and its value as UInt32 (null if it is not one). The
    digits by integer arithmetic; "8 digits" means ASCII digits (``\\d`` would take any script's)."""
    weighted = functools.reduce(operator.add, (number // 10 ** (7 - i) % 10 * weight
                                               for i, weight in enumerate(_CVR_WEIGHTS)))
    eight_digits = (cvr.str.len_bytes() == 8) & number.is_not_null() & ~cvr.str.starts_with("+")
    return (pl.when(cvr == "").then(None)
            .when(~eight_digits).then(pl.lit("format"))
            .when(weighted % 11 != 0).then(pl.lit("checksum")))


class Check(NamedTuple):
    """A rule on rows: the finding ``code`` where ``problem`` holds, reported against ``column``."""

    code: str
    column: str
    problem: pl.Expr
    cells: bool = False  # the column holds "column: value; …" of Excel error cells
    sample: str | None = None  # the column a finding shows the value of, when not ``column``
    row_level: bool = False  # about the whole row: ``column`` holds "code: detail", the finding no column


# A part may carry ``_row_problem``: "code: detail" for a row the file reader could not read as the
# header says (``hubmonitor.io.text_files.RowProblem``); the row is quarantined with that code.
ROW_PROBLEM = "_row_problem"
TOTALS = "totals-row"  # a row that sums the others (``mapping.totals_rows``): this finding only, no other check's
ROW_PROBLEM_CODES = ("ragged-row", "nul-byte", TOTALS)


def totals_row() -> pl.Expr:
    """Is the row a totals row (its ``ROW_PROBLEM`` says so)."""
    return pl.col(ROW_PROBLEM).str.starts_with(f"{TOTALS}:").fill_null(False)


def row_problem_checks() -> list[Check]:
    return [Check(code, ROW_PROBLEM, pl.col(ROW_PROBLEM).str.starts_with(f"{code}:"), row_level=True)
            for code in ROW_PROBLEM_CODES]


def cell_error_check() -> Check:
    return Check("excel-error", "_cell_error", pl.col("_cell_error").is_not_null(), cells=True)



# A CVR number as people write it: in groups ("12 34 56 78", "1234-5678", "12.34.56.78") or as the
# VAT number ("DK12345678", "DK-12 34 56 78"); read as its eight digits (a review found 790 such cells
# of a real export warned as "not 8 digits" and their CVR lost to the signals)
_CVR_WRITTEN = r"^(?i:dk)?[\s\-]*\d(?:[\s.\-]?\d){7}$"


def _text_marked(frame: pl.DataFrame, col: str) -> tuple[bool, bool]:
    """Does some value of ``col`` begin with the spreadsheet's text mark (the apostrophe check-data's
    quarantine CSV puts before every id and CVR number, ``'007123``)? Such an identifier is read without
    it: rows fixed in that file and read again are the same companies (a review: each id with its mark
    was a new company, each CVR number a bad format). And does some value begin with ``=``, as a
    spreadsheet's text formula does (``="007123"``, how exports keep a leading zero in a CSV file:
    ``_unformula``)? Looked for once per part, in one pass; stripped only then."""
    marked, formula = frame.select(pl.col(col).str.starts_with(TEXT_MARK).any().alias("marked"),
                                   pl.col(col).str.starts_with(_FORMULA_START).any().alias("formula")).row(0)
    return bool(marked), bool(formula)


# how a text formula begins: looked for as a prefix (five times cheaper than a search within each value: 0.04
# against 0.2 s for a column of 10M rows), so a part whose every such cell has white space before it is not unwrapped
_FORMULA_START = "="


def _unformula(text: pl.Expr) -> pl.Expr:
    """A cell written as a spreadsheet's text formula, ``="ACC-106745"``, as the text it shows (a review: an
    export whose 2024 ids were written so counted every company of 2024 as new, with no word); any other
    cell as it is. ``text`` is stripped of white space already."""
    return text.str.replace(r'^="(.*)"$', "${1}").str.strip_chars()


def _whole_number_column(frame: pl.DataFrame, col: str, mapping: SourceMapping) -> pl.Expr:
    """``_whole_number`` of a column whose values hardly repeat (the CVR number), on every row;
    the regular expression only when some value holds the decimal mark at all. A CVR number written
    in groups or with "DK" (longer than eight characters: the others are not looked at) is its digits."""
    text = pl.col(col).fill_null("")
    # what the column holds, in one pass over it (not one per question: the values hardly repeat): a text
    # mark, a decimal mark (either: ``_whole_number`` reads both), a value longer than eight characters
    # (as written: one that is longer only with its spaces or its mark makes ``grouped`` below false)
    text_marked, formula, decimal, long = frame.select(
        text.str.starts_with(TEXT_MARK).any().alias("marked"),
        text.str.starts_with(_FORMULA_START).any().alias("formula"),
        text.str.contains(r"[.,]").any().alias("decimal"), (text.str.len_bytes() > 8).any().alias("long")).row(0)
    if text_marked:  # as an id is: "' 12345674" is 12345674
        text = text.str.strip_chars().str.strip_prefix(TEXT_MARK)
    if formula:  # as an id is: '="12345674"' is 12345674
        text = _unformula(text.str.strip_chars())
    number = _whole_number(mapping)(text) if decimal else text.str.strip_chars()
    if not long:
        return number
    grouped = (number.str.len_bytes() > 8) & number.str.contains(_CVR_WRITTEN)
    return pl.when(grouped).then(number.str.replace_all(r"\D", "")).otherwise(number)



def _number(column: Column, mapping: SourceMapping, dtype: pl.DataType) -> Callable[[pl.Expr], pl.Expr]:
    """A whole number (``751``, ``751.0``) or, as Float64, a decimal number in the profile's mark;
    null when it cannot be read or lies outside the column's range."""
    aliases = {k: str(v) for k, v in mapping.aliases(column).items()} if column.kind is Kind.INTEGER else {}

    def fn(x: pl.Expr) -> pl.Expr:
        if aliases:  # the profile's spellings of a whole number ("10 - Meget sandsynligt": 10)
            key = cell_key(x)
            x = pl.when(key.is_in(list(aliases))).then(key.replace(aliases)).otherwise(x)
        if dtype == pl.Int64():
            number = _whole_number(mapping)(x).cast(pl.Int64, strict=False)
            return pl.when(_in_range(column, number)).then(number)
        number = x.str.strip_chars().str.replace(mapping.decimal, ".", literal=True).cast(pl.Float64, strict=False)
        return pl.when(_in_range(column, number) & number.is_finite()).then(number)  # no NaN, inf or 1e400
    return fn


# What a cell must look like for a date-time format to have a chance of reading it: each field a run
# of digits (chrono skips whitespace before a number and takes a sign), a space any whitespace, the
# fraction of a second optional, every other character itself. A superset of what the parser reads
# (tests/test_datetime_parse.py holds the result equal to trying every format on every cell): a cell
# that does not fit is never handed to a format that would fail on it (a failing parse costs twice a
# succeeding one, and a column usually fits one format of the several tried before it).
_FIELD = r"\s*[+-]?\d+"
# (``%y`` has no shape: the parser takes any two characters that start with a digit there)
_SHAPES = {"%Y": _FIELD, "%m": _FIELD, "%d": _FIELD, "%H": _FIELD, "%M": _FIELD, "%S": _FIELD,
           "%.f": r"(?:\.\d*)?", " ": r"\s*"}


def _shape(fmt: str) -> str | None:
    """The regular expression of cells ``fmt`` may read (None: a directive without a shape: no filter)."""
    parts = []
    for token in re.findall(r"%\.f|%.|.", fmt, flags=re.DOTALL):
        if token in _SHAPES:
            parts.append(_SHAPES[token])
        elif token.startswith("%"):
            return None
        else:
            parts.append(re.escape(token))
    return "^" + "".join(parts) + "$"


def _datetime(mapping: SourceMapping) -> Callable[[pl.Expr], pl.Expr]:
    """ISO date-time (``2024-12-31 14:05``, with seconds or ``T``), or a date in the profile's
    formats followed by the time of day."""
    formats = [f"{d}{sep}{t}" for d in ["%Y-%m-%d", *mapping.strftime_formats()] for sep in (" ", "T")
               for t in ("%H:%M:%S%.f", "%H:%M:%S", "%H:%M", "%H.%M.%S", "%H.%M")]  # "kl. 14.05": the Danish dot
    first, last = datetime.combine(FIRST_DATE, datetime.min.time()), datetime.combine(LAST_DATE, datetime.max.time())

    ordered = [(fmt, _shape(fmt)) for fmt in dict.fromkeys(formats)]

    def parse(column: pl.Series) -> pl.Series:
        """The first format that reads each cell (as a coalesce of every format would pick), each
        format tried only on the cells the ones before it could not read and that have its shape:
        a column in one format (the usual export) costs one parse, not one per format."""
        text = column.str.strip_chars()
        if text.str.contains_any(["kl", "Kl", "KL"]).any():  # "1. jan. 2024 kl. 14:05": the date, then the time
            text = text.str.replace(r"(?i)^(.*[0-9]),?\s+kl\.?\s*([0-9])", "${1} ${2}")
        value = pl.repeat(None, text.len(), dtype=pl.Datetime("us"), eager=True)
        left = (text.is_not_null() & (text.str.len_bytes() > 0)).arg_true()  # the cells not read yet
        for fmt, shape in ordered:
            if left.len() == 0:
                break
            cells = text if left.len() == text.len() else text.gather(left)  # every cell left: no copy
            tried = left
            if shape is not None:
                fits = cells.str.contains(shape)
                tried, cells = left.filter(fits), cells.filter(fits)
            if tried.len() == 0:
                continue
            parsed = cells.str.to_datetime(fmt, strict=False, time_unit="us")
            read = parsed.is_not_null()
            if not read.any():
                continue
            done = tried.filter(read)
            value = value.scatter(done, parsed.filter(read))
            left = left.filter(~left.is_in(done.implode()))
        return value.to_frame("v").select(pl.when(pl.col("v").is_between(first, last)).then(pl.col("v")))["v"]

    def fn(x: pl.Expr) -> pl.Expr:
        # the range check inside: an expression using the parse twice would run it twice
        return (month_numbers(x) if mapping.month_words else x).map_batches(parse, return_dtype=pl.Datetime("us"))
    return fn


def _in_range(column: Column, value: pl.Expr) -> pl.Expr:
    inside = pl.lit(True)
    if column.minimum is not None:
        inside = inside & (value >= column.minimum)
    if column.maximum is not None:
        inside = inside & (value <= column.maximum)
    return inside


def value_name(column: Column) -> str:
    return f"_v_{column.name}"


def blank_name(column: Column) -> str:
    return f"_blank_{column.name}"


def _unknown_name(column: Column) -> str:
    return f"_unknown_{column.name}"


class PartTyper:
    """Types one part (a file or sheet) of a source: every column's value ``_v_<name>`` and the
    flags its checks read, in three ``with_columns`` steps; ``checks`` are the same for every part
    (a column the part does not have is never flagged there)."""

    def __init__(self, columns: tuple[Column, ...], mapping: SourceMapping, registry: MunicipalityRegistry,
                 id_column: str = "") -> None:
        self.columns = columns
        self.id_column = id_column  # the row's id: taken as it is (canonical as it is; a million values)
        self.mapping = mapping
        self.registry = registry
        self.checks = ([check for column in columns for check in self._checks(column)] + [cell_error_check()]
                       + row_problem_checks())
        self.results = RuleResults()  # the rules' results over the parts this typer types
        self._dates: dict[str, pl.Series] = {}  # the part typed last: each date column's distinct values

    def _checks(self, column: Column) -> list[Check]:
        value, blank = pl.col(value_name(column)), pl.col(blank_name(column))
        name = column.name
        if column.kind is Kind.CVR:
            problem = pl.col(f"_problem_{name}")
            return [Check("bad-cvr-format", name, problem == "format"),
                    Check("bad-cvr-checksum", name, problem == "checksum")]
        if column.kind is Kind.TAGS:  # a tag outside the vocabulary (an open list without ``invalid``)
            return [Check(column.invalid, name, pl.col(_unknown_name(column)).is_not_null(),
                          sample=_unknown_name(column))] if column.invalid else []
        checks = []
        if column.blank == "missing" and column.missing:
            checks.append(Check(column.missing, name, blank))
        if column.invalid:
            unreadable = value.is_null()  # a number outside its range is null too
            # an empty cell is "invalid" only where the schema says so; a yes/no is never null when empty
            checks.append(Check(column.invalid, name, unreadable if column.blank in ("invalid", "false")
                                else ~blank & unreadable))
        return checks

    def _needs_blank(self, column: Column) -> bool:
        return column.kind not in (Kind.CVR, Kind.TAGS) and (
            column.blank == "missing" or (column.invalid is not None and column.blank == "allowed"))

    def type(self, frame: pl.DataFrame, absent: frozenset[str], unchecked: frozenset[str] = frozenset(),
             found: Mapping[str, LookedUp] | None = None) -> tuple[pl.DataFrame, list[Check]]:
        """The part with every column's typed value and check flags, and the checks as they apply to
        it. ``unchecked``: columns typed without their checks (their flags never set), where no
        finding of those rows is reported (``canonical.Lean``). ``found``: columns of this very frame
        already looked up (``dates``), not looked up again."""
        lookups = _Lookups(frame, self.results, found)
        lookups.prepare([c.name for c in self.columns if c.name not in absent and self._looked_up(c)])
        self._dates = {c.name: lookups.distinct(c.name) for c in self.columns
                       if c.kind is Kind.DATE and c.name not in absent}  # (``swapped_date_formats``)
        typed: dict[str, pl.Expr] = {}
        derived: dict[str, pl.Expr] = {}
        checked: dict[str, pl.Expr] = {}
        for column in self.columns:
            if column.name in absent:  # nulls made here: a literal stays one value per part, and parts
                # of such columns joined have fewer chunks than the others: the next select copies every column
                typed[value_name(column)] = pl.lit(pl.repeat(None, frame.height, dtype=DTYPES[column.kind], eager=True))
                continue
            # an unchecked column: its value only, not what its checks read
            self._type_column(column, frame, lookups, typed, derived, checked, checks=column.name not in unchecked)
        out = frame.with_columns(**lookups.indexes()).with_columns(**typed)
        if derived:
            out = out.with_columns(**derived)
        if checked:
            out = out.with_columns(**checked)
        if ROW_PROBLEM not in out.columns:  # every row could be read as the header says
            out = out.with_columns(pl.lit(None, pl.String).alias(ROW_PROBLEM))
        never = pl.lit(pl.repeat(False, frame.height, eager=True))  # (made here, as the nulls above)
        checks = [c if c.column not in absent and c.column not in unchecked else c._replace(problem=never)
                  for c in self.checks]
        return out, checks

    def dates(self, frame: pl.DataFrame, column: str = "date") -> tuple[pl.Series, LookedUp]:
        """Each row's ``column`` read as ``type`` reads the date (null when it cannot be read), from the
        same rule's results: where the rows lie against the days an evaluation reads. With the column
        looked up, which ``type`` of the same frame takes (``found``) instead of looking it up again."""
        lookups = _Lookups(frame, self.results)
        day = lookups.on(column, _date(self.mapping), pl.Date())
        at = frame.select(**lookups.indexes())
        return at.select(day.alias(column)).to_series(), lookups.looked_up(column, at.to_series())

    def swapped_date_formats(self) -> dict[str, str]:
        """Per date column of the part typed last with dates the profile's formats cannot read:
        ``"MM-DD-YYYY → DD-MM-YYYY"`` (the profile's format, and the same with day and month changed
        places) when the dates look written the other way round. Counted over the column's distinct
        dates (the text before a time), on the dates only one of the two ways reads (ISO dates,
        date cells and days of 12 or less read both ways, and tell nothing): the other way reads at
        least ``SWAPPED_AT_LEAST`` of them and twice as many as the profile's way, and more than half of
        those the profile's way cannot read. A year's file the other way round has a date after the
        12th nearly every month, which only the other way reads; a right format with a few dates typed
        the other way has many more that only it reads. Asked only of a part with unreadable dates."""
        found: dict[str, str] = {}
        formats = self.mapping.date_formats
        for name, values in self._dates.items():
            text = values.str.strip_chars()
            # the text before a time (cut at the first space where no format holds one: a regular
            # expression over every distinct time of a large file would cost a tenth of a second or more)
            days = (text if any(" " in f for f in formats)
                    else text.str.splitn(" ", 2).struct.field("field_0")).unique()
            written = days != ""
            read = written & _apply(days, _date(self.mapping), pl.Date()).is_not_null()
            unread = written & ~read
            if not unread.any():
                continue
            for written_as in formats:
                other = swapped_day_month(written_as)
                # ISO is read whatever the profile lists (``_date``): swapped, it would still read every
                # ISO date, and nobody writes YYYY-DD-MM
                if other is None or other in formats or strftime_of(written_as) == ISO_DATE:
                    continue
                swapped = self.mapping.model_copy(update={"date_formats": [other if f == written_as else f
                                                                           for f in formats]})
                read_swapped = written & _apply(days, _date(swapped), pl.Date()).is_not_null()
                only_swapped, only_read = (read_swapped & ~read).sum(), (read & ~read_swapped).sum()
                if only_swapped >= max(SWAPPED_AT_LEAST, 2 * only_read) and 2 * only_swapped > unread.sum():
                    found[name] = f"{written_as} → {other}"
                    break
        return found

    def _looked_up(self, column: Column) -> bool:
        """Is the column typed through its distinct values (``_Lookups``)?"""
        if self._needs_blank(column) and column.kind not in (Kind.ID, Kind.TEXT):
            return True
        return column.name != self.id_column and column.kind not in (Kind.ID, Kind.TEXT, Kind.CVR)

    def _type_column(self, column: Column, frame: pl.DataFrame, lookups: _Lookups, typed: dict[str, pl.Expr],
                     derived: dict[str, pl.Expr], checked: dict[str, pl.Expr], *, checks: bool = True) -> None:
        """The column's value in ``typed``; with ``checks`` also what its checks read (its blank
        cells, a CVR number's problem, a list's unknown tags) in ``typed``, ``derived`` and ``checked``."""
        name, mapping, on = column.name, self.mapping, lookups.on
        value = value_name(column)
        if checks and self._needs_blank(column) and column.kind not in (Kind.ID, Kind.TEXT):
            unanswered = mapping.unanswered(column)  # the profile's spellings of no answer are empty cells
            typed[blank_name(column)] = on(name, _blank_or(unanswered) if unanswered else _blank, pl.Boolean())
        kind = column.kind
        if name == self.id_column or (kind is Kind.TEXT and not column.kept):
            typed[value] = pl.col(name)  # read for the duplicate checks only, or an id taken as it is
        elif kind is Kind.ID or kind is Kind.TEXT:
            typed[value] = pl.col(name).str.strip_chars()
            marked, formula = _text_marked(frame, name) if kind is Kind.ID else (False, False)
            if marked:  # "'C1" and "' C1" are C1
                typed[value] = typed[value].str.strip_prefix(TEXT_MARK).str.strip_chars()
            if formula:  # '="C1"' is C1
                typed[value] = _unformula(typed[value])
            # from the value just made: an expression used twice is computed twice
            if checks and self._needs_blank(column):
                derived[blank_name(column)] = pl.col(value).fill_null("") == ""
        elif kind is Kind.DATE:
            typed[value] = on(name, _date(mapping), pl.Date())
        elif kind is Kind.DATETIME:
            typed[value] = on(name, _datetime(mapping), DTYPES[kind])
        elif kind is Kind.ENUM:
            typed[value] = on(name, _enum(column, mapping), pl.String())
        elif kind is Kind.BOOLEAN:
            typed[value] = on(name, _boolean(column, mapping), pl.Boolean())
        elif kind is Kind.INTEGER or kind is Kind.NUMBER:
            typed[value] = on(name, _number(column, mapping, DTYPES[kind]), DTYPES[kind])
        elif kind is Kind.TAGS:
            typed[value] = on(name, _topics(column, mapping), _TOPICS)
            if checks and column.invalid:
                typed[_unknown_name(column)] = on(name, _unknown_tags(column, mapping), pl.String())
        elif kind is Kind.MUNICIPALITY:  # an empty cell names none; a blank text, as its spelling says
            typed[value] = pl.when(pl.col(name).is_not_null()).then(on(name, self._municipality(column), pl.String()))
        elif kind is Kind.CVR:
            typed[value] = _whole_number_column(frame, name, mapping)
            if not checks:
                return
            derived[f"_number_{name}"] = pl.col(value).cast(pl.UInt32, strict=False)
            checked[f"_problem_{name}"] = cvr_problem(pl.col(value), pl.col(f"_number_{name}"))
        else:  # pragma: no cover - every Kind is handled above
            raise AssertionError(kind)

    def _municipality(self, column: Column) -> Callable[[pl.Expr], pl.Expr]:
        """Each spelling (name, kommunekode, ``751.0``) → the municipality's name, where the reference
        data (through the profile's aliases) knows it. A rule of the value alone, looked up as the
        others are (``_Lookups``): one look-up per row, which the column's blank cells take already. The
        look-up reads an empty cell as "": the caller keeps it apart (a profile may give a blank text
        an alias, ``"": Aarhus``, which an empty cell does not take; a review)."""
        aliases = {k: str(v) for k, v in self.mapping.aliases(column).items()}
        whole_number, registry = _whole_number(self.mapping), self.registry

        def names(codes: pl.Series) -> pl.Series:
            return pl.Series([m.name if (m := registry.resolve(aliases.get(answer_key(code), code))) is not None
                              else None for code in codes.to_list()], dtype=pl.String)

        def fn(x: pl.Expr) -> pl.Expr:
            return whole_number(x).map_batches(names, return_dtype=pl.String)
        return fn
