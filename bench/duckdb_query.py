"""The DuckDB contender of bench/run.py (issue 19): ten targets of contracts/midtjylland/2024.yaml in SQL.

What a careful data analyst would write to get **the same figures** as hubmonitor from a canonical
folder (``crm_activities*.csv``, ``evaluations*.csv``; docs/input-formats.md), without hubmonitor:
every file read as text, the spellings cleaned by the input schema's rules (hubmonitor/schema.py:
answers and segments case- and space-insensitive with their aliases, yes/no words, topics,
municipality names or codes through data/reference/municipalities.csv), dates as YYYY-MM-DD (or an
ISO date-time) between 1900 and 2099, the rows hubmonitor quarantines dropped (only the codes
whose level in hubmonitor/findings.py is "quarantine": a CVR number failing its check or a missing
segment is a warning and the row counts), a later exact copy of a row dropped, and the window
2024-01-01 … 2024-12-31 (2023 for the new-companies comparison).

``figures(...)`` returns, per target id, ``[value, numerator, denominator, groups]`` (groups:
``[[key, value, numerator, denominator], ...]`` or None) in the shape bench/run.py's evaluate
child takes from a hubmonitor report, so that ``compare`` can set them side by side. Imports no hubmonitor
module: the reference data is read as a CSV file, like any other table.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

# The targets computed here, in the contract's order of kinds: distinct companies, company ratios,
# new companies, the spread per municipality, shares of answers (per segment, filtered, with an
# excluded answer, by topic) and the NPS.
TARGETS = ("M8.reach", "M8.growth_programmes", "M8.balance", "M8.referral_rate", "M1.new_companies",
           "M8.spread", "M3.satisfaction", "M3.nps", "M4.referral_use", "M5.green_effect")

# What polars' ``str.strip_chars()`` and Python's ``str.strip()`` take for white space (Unicode's
# White_Space); DuckDB's ``trim`` without characters takes the space only.
_WHITE = "\t\n\x0b\x0c\r \x1c\x1d\x1e\x1f\x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) \
    + "\u2028\u2029\u202f\u205f\u3000"

# Older or colloquial municipality names (as hubmonitor/reference.py accepts them), by folded key.
_NAME_ALIASES = {
    "nordfyn": "Nordfyns", "vesthimmerland": "Vesthimmerlands", "brondby": "Brøndby", "lyngby": "Lyngby-Taarbæk",
    "lyngby taarbaek": "Lyngby-Taarbæk", "ringkobing skjern": "Ringkøbing-Skjern", "ikast brande": "Ikast-Brande",
    "faaborg midtfyn": "Faaborg-Midtfyn", "hoje taastrup": "Høje-Taastrup", "kobenhavn": "København",
    "kobenhavns": "København", "frederiksbergs": "Frederiksberg", "bornholms regionskommune": "Bornholm",
    "bornholms": "Bornholm",
}


_SCALES = {
    "satisfaction": ("Meget tilfreds", "Tilfreds", "Hverken/eller", "Utilfreds", "Meget utilfreds", "Ved ikke"),
    "effect": ("I høj grad", "I nogen grad", "I lav grad", "Slet ikke", "Ved ikke"),
    "referral_used": ("Har benyttet", "Forventer at benytte", "Har ikke benyttet", "Ved ikke"),
}


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _in(values: tuple[str, ...] | list[str]) -> str:
    return "(" + ", ".join(_sql_text(v) for v in values) + ")"


def _macros() -> str:
    ws = _sql_text(_WHITE)
    ws_run = _sql_text("[" + _WHITE + "]+")
    ws_ends = _sql_text("^[" + _WHITE + "]+|[" + _WHITE + "]+$")
    scales = "".join(f"CREATE MACRO {name}_of(x) AS CASE WHEN x IN {_in(values)} THEN x ELSE CASE answer_key(x) "
                     + " ".join(f"WHEN {_sql_text(v.lower())} THEN {_sql_text(v)}" for v in values) + " END END;\n"
                     for name, values in _SCALES.items())
    return f"""
-- (the test of the two end characters first: most values have no white space to take off)
CREATE MACRO clean(x) AS CASE WHEN NOT contains({ws}, left(x, 1)) AND NOT contains({ws}, right(x, 1)) THEN x
    ELSE regexp_replace(coalesce(x, ''), {ws_ends}, '', 'g') END;
-- an answer's key: trimmed, inner white space as one space, lower case
CREATE MACRO answer_key(x) AS lower(regexp_replace(clean(x), {ws_run}, ' ', 'g'));
CREATE MACRO is_blank(x) AS clean(x) = '';
-- YYYY-MM-DD (an ISO date-time read as its date); a plausible date only
CREATE MACRO day_of(t) AS CASE WHEN regexp_matches(t, '(^|[^0-9])[0-9]{{4}}([^0-9]|$)')
    THEN try_strptime(t, '%Y-%m-%d')::DATE END;
-- (a date outside 1900-2099 is no date to hubmonitor; the windows read here lie inside that range)
CREATE MACRO read_day(x) AS day_of(regexp_replace(clean(x),
    '^([0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})[ T][0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}(\\.[0-9]+)?$', '\\1'));
-- (each rule tries the canonical spelling first, as it stands, then the cleaning)
CREATE MACRO yes_no(x) AS CASE WHEN x IN ('ja', 'true', '1', 'x', 'yes', 'sand') THEN true
    WHEN x IN ('nej', 'false', '0', 'no', 'falsk') THEN false
    WHEN is_blank(x) THEN false
    WHEN answer_key(x) IN ('true', 'ja', '1', 'x', 'yes', 'sand') THEN true
    WHEN answer_key(x) IN ('false', 'nej', '0', 'no', 'falsk') THEN false END;
CREATE MACRO segment_of(x) AS CASE WHEN x IN ('drift', 'vækst', 'iværksætter') THEN x
    WHEN answer_key(x) IN ('drift', 'driftsvirksomhed') THEN 'drift'
    WHEN answer_key(x) IN ('vækst', 'vaekst', 'vækstvirksomhed') THEN 'vækst'
    WHEN answer_key(x) IN ('iværksætter', 'ivaerksaetter', 'før-starter', 'foer-starter', 'førstarter',
                           'før starter') THEN 'iværksætter' END;
-- a segment the row may carry: a known one or none (an empty cell is a warning, not a quarantine)
CREATE MACRO segment_ok(x) AS segment_of(x) IS NOT NULL OR is_blank(x);
CREATE MACRO kind_of(x) AS CASE WHEN x IN ('individuel', 'kollektiv') THEN x
    WHEN answer_key(x) IN ('individuel', 'kollektiv') THEN answer_key(x) END;
-- an answer on a closed scale: the canonical spelling, or NULL
{scales}-- a whole number: 7, 07, 7.0
CREATE MACRO whole(x) AS regexp_replace(clean(x), '^([0-9]+)\\.0+$', '\\1');
CREATE MACRO nps_of(x) AS CASE WHEN regexp_full_match(whole(x), '[+-]?[0-9]+')
    AND try_cast(whole(x) AS BIGINT) BETWEEN 0 AND 10 THEN try_cast(whole(x) AS BIGINT) END;
-- a municipality name folded as the reference data is looked up: case, å/aa, ø/o, æ/ae, "Kommune", dashes
CREATE MACRO name_key(x) AS trim(regexp_replace(replace(replace(replace(replace(
    regexp_replace(regexp_replace(lower(trim(nfc_normalize(x), {ws})), ' kommune$', ''), ' kommunes$', ''),
    'å', 'aa'), 'ø', 'o'), 'æ', 'ae'), '-', ' '), {ws_run}, ' ', 'g'), {ws});
-- the topics of a row, through the green topic's spellings
CREATE MACRO has_green(x) AS list_bool_or(list_transform(string_split(coalesce(x, ''), ';'),
    lambda t: answer_key(t) IN ('grøn', 'gron', 'green', 'grøn omstilling', 'gron omstilling', 'grøn-omstilling')));
"""


_ACTIVITY_COLUMNS = ("activity_id", "date", "company_id", "cvr", "company_name", "municipality", "segment",
                     "activity_type", "growth_programme", "referred", "topics")
_EVALUATION_COLUMNS = ("response_id", "date", "company_id", "segment", "satisfaction", "effect",
                       "referral_received", "referral_used", "nps", "topics")


def _read(files: list[str], columns: tuple[str, ...]) -> str:
    """Every file as text, in the order of their names."""
    listed = "[" + ", ".join(_sql_text(f) for f in sorted(files)) + "]"
    return (f"SELECT {', '.join(columns)} FROM read_csv({listed}, header = true, all_varchar = true, delim = ',', "
            "quote = '\"', escape = '\"', allow_quoted_nulls = false, union_by_name = true)")


def _municipalities(reference: Path, hub: str) -> str:
    aliases = ", ".join(f"({_sql_text(k)}, {_sql_text(v)})" for k, v in _NAME_ALIASES.items())
    return f"""
CREATE TABLE municipality AS SELECT kommunekode AS code, name, erhvervshus, population::BIGINT AS population
    FROM read_csv({_sql_text(str(reference))}, header = true, all_varchar = true);
-- every key a spelling may fold to → the official name (a code, the folded name, the older names)
CREATE TABLE municipality_key AS
    SELECT key, name FROM (SELECT 'code:' || code AS key, name FROM municipality
                           UNION ALL SELECT 'name:' || name_key(name), name FROM municipality)
    UNION ALL
    SELECT 'name:' || alias, a.name FROM (VALUES {aliases}) a(alias, name) JOIN municipality USING (name)
    WHERE 'name:' || alias NOT IN (SELECT 'name:' || name_key(name) FROM municipality);
CREATE TABLE hub_member AS SELECT name, population FROM municipality WHERE erhvervshus = {_sql_text(hub)};
"""


def _spellings(table: str) -> str:
    """Each distinct municipality spelling of the activities → the official name (or NULL)."""
    return f"""
CREATE TABLE spelling AS
    SELECT s.municipality AS spelling, k.name FROM (
        SELECT municipality, whole(municipality) AS w FROM (SELECT DISTINCT municipality FROM {table}
                                                           WHERE municipality IS NOT NULL)) s
    LEFT JOIN municipality_key k ON k.key = CASE
        WHEN w = '' THEN NULL
        WHEN regexp_full_match(w, '[0-9]+')
            THEN CASE WHEN length(w) <= 4 THEN 'code:' || try_cast(w AS BIGINT)::VARCHAR END
        ELSE 'name:' || name_key(w) END;
"""


def _activities(files: list[str], first: str, last: str) -> str:
    raw = ", ".join(f"r.{c}" for c in _ACTIVITY_COLUMNS)
    return f"""
-- the rows of the years read, in the order of the export (DuckDB keeps the order of the files and
-- their rows, preserve_insertion_order: a row's rowid is its place, for "the later row")
CREATE TABLE activity_rows AS
    SELECT * FROM (SELECT *, read_day(date) AS day FROM ({_read(files, _ACTIVITY_COLUMNS)}))
    WHERE day BETWEEN DATE '{first}' AND DATE '{last}';
{_spellings("activity_rows")}
-- the rows that count: none of the quarantine codes; of exact copies, the first
CREATE TABLE activities AS
    SELECT min(r.rowid) AS seq, any_value(day) AS day, any_value(clean(r.company_id)) AS company,
           any_value(s.name) AS municipality, any_value(kind_of(r.activity_type)) AS kind,
           any_value(yes_no(r.growth_programme)) AS growth, any_value(yes_no(r.referred)) AS referred_on
    FROM activity_rows r LEFT JOIN spelling s ON s.spelling = r.municipality
    WHERE clean(r.company_id) <> ''
      AND s.name IS NOT NULL
      AND segment_ok(r.segment)
      AND kind_of(r.activity_type) IS NOT NULL
      AND yes_no(r.growth_programme) IS NOT NULL AND yes_no(r.referred) IS NOT NULL
    GROUP BY {raw};
"""


def _evaluations(files: list[str], first: str, last: str) -> str:
    raw = ", ".join(f"{c}" for c in _EVALUATION_COLUMNS)
    answers = " AND ".join(f"(is_blank({c}) OR {c}_of({c}) IS NOT NULL)" for c in _SCALES)
    return f"""
CREATE TABLE evaluations AS
    SELECT any_value(segment_of(segment)) AS segment, any_value(satisfaction_of(satisfaction)) AS satisfaction,
           any_value(effect_of(effect)) AS effect, any_value(yes_no(referral_received)) AS received,
           any_value(referral_used_of(referral_used)) AS used, any_value(nps_of(nps)) AS nps,
           any_value(has_green(topics)) AS green
    FROM (SELECT *, read_day(date) AS day FROM ({_read(files, _EVALUATION_COLUMNS)}))
    WHERE day BETWEEN DATE '{first}' AND DATE '{last}'
      AND segment_ok(segment) AND {answers}
      AND yes_no(referral_received) IS NOT NULL
      AND (is_blank(nps) OR nps_of(nps) IS NOT NULL)
    GROUP BY {raw};
"""


def _companies_sql(year: int) -> str:
    """Distinct companies of the year and the year before, per filter of the contract."""
    w = f"day BETWEEN DATE '{year}-01-01' AND DATE '{year}-12-31'"
    p = f"day BETWEEN DATE '{year - 1}-01-01' AND DATE '{year - 1}-12-31'"
    return f"""
SELECT count(DISTINCT company) FILTER ({w}) AS reach,
       count(DISTINCT company) FILTER ({w} AND growth) AS growth,
       count(DISTINCT company) FILTER ({w} AND kind = 'individuel') AS individual,
       count(DISTINCT company) FILTER ({w} AND kind = 'kollektiv') AS collective,
       count(DISTINCT company) FILTER ({w} AND kind = 'individuel' AND referred_on) AS referred,
       count(*) FILTER ({w}) AS rows_now,
       count(*) FILTER ({p}) AS rows_before,
       (SELECT count(*) FROM (SELECT DISTINCT company FROM activities WHERE {w} AND kind = 'individuel'
                              EXCEPT SELECT DISTINCT company FROM activities WHERE {p} AND kind = 'individuel'))
           AS new_individual
FROM activities
"""


def _spread_sql(year: int) -> str:
    """Each individually guided company in the municipality of its latest activity (any kind; on
    equal dates the later row of the export); per hub municipality, inside ± 10 % of its share
    of the hub's population (compared exactly, in whole numbers)."""
    w = f"day BETWEEN DATE '{year}-01-01' AND DATE '{year}-12-31'"
    return f"""
WITH latest AS (
    SELECT company, arg_max(municipality, date_diff('day', DATE '1970-01-01', day) * 4294967296 + seq) AS name
    FROM activities WHERE {w} GROUP BY company HAVING bool_or(kind = 'individuel')),
counted AS (SELECT name, count(*) AS n FROM latest GROUP BY name),
members AS (SELECT m.name, m.population, coalesce(c.n, 0) AS n FROM hub_member m LEFT JOIN counted c USING (name)),
totals AS (SELECT sum(n)::HUGEINT AS companies, sum(population)::HUGEINT AS people FROM members)
SELECT m.name, m.n,
       m.n * t.people * 10 >= t.companies * m.population * 9
       AND m.n * t.people * 10 <= t.companies * m.population * 11 AS inside
FROM members m, totals t ORDER BY m.name
"""


def _share(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def figures(activity_files: list[str], evaluation_files: list[str], reference: str | Path,
            year: int = 2024, hub: str = "Midtjylland") -> dict[str, list[Any]]:
    """The ten targets' figures, ``{id: [value, numerator, denominator, groups]}``."""
    import duckdb

    con = duckdb.connect()
    for statement in _macros().split(";\n"):
        if statement.strip():
            con.execute(statement)
    con.execute(_municipalities(Path(reference), hub))
    con.execute(_activities(activity_files, f"{year - 1}-01-01", f"{year}-12-31"))
    con.execute(_evaluations(evaluation_files, f"{year}-01-01", f"{year}-12-31"))

    out: dict[str, list[Any]] = {}
    row = con.execute(_companies_sql(year)).fetchone()
    assert row is not None
    reach, growth, individual, collective, referred, rows_now, rows_before, new = (int(x) for x in row)
    if rows_now:
        out["M8.reach"] = [reach, reach, None, None]
        out["M8.growth_programmes"] = [growth, growth, None, None]
    else:
        out["M8.reach"] = out["M8.growth_programmes"] = [None, None, None, None]
    out["M8.balance"] = [_share(individual, individual + collective), individual, individual + collective, None]
    out["M8.referral_rate"] = [_share(referred, individual), referred, individual, None]
    out["M1.new_companies"] = ([_share(new, individual), new, individual, None] if rows_before
                               else [None, None, None, None])

    spread = con.execute(_spread_sql(year)).fetchall()
    inside = sum(bool(ok) for _, _, ok in spread)
    out["M8.spread"] = [inside, inside, len(spread), [[name, int(n), None, None] for name, n, _ in spread]]

    groups = con.execute("""
        SELECT segment, count(*) FILTER (satisfaction = 'Meget tilfreds'), count(satisfaction)
        FROM evaluations WHERE segment IN ('drift', 'vækst') GROUP BY segment""").fetchall()
    by_segment = {key: (int(s), int(n)) for key, s, n in groups}
    listed = [[key, _share(*by_segment.get(key, (0, 0))), *by_segment.get(key, (0, 0))] for key in ("drift", "vækst")]
    judged = [g for g in listed if g[1] is not None]
    worst = min(judged, key=lambda g: g[1]) if len(judged) == len(listed) else None  # every segment must meet it
    out["M3.satisfaction"] = [worst[1], worst[2], worst[3], listed] if worst else [None, None, None, listed]

    promoters, detractors, answered = (int(x or 0) for x in con.execute(
        "SELECT count(*) FILTER (nps >= 9), count(*) FILTER (nps <= 6), count(nps) FROM evaluations").fetchone() or ())
    out["M3.nps"] = ([100 * (promoters - detractors) / answered, promoters - detractors, answered, None] if answered
                     else [None, None, 0, None])

    used, answered, unknown = (int(x or 0) for x in con.execute("""
        SELECT count(*) FILTER (used IN ('Har benyttet', 'Forventer at benytte')), count(used),
               count(*) FILTER (used = 'Ved ikke')
        FROM evaluations WHERE received""").fetchone() or ())
    out["M4.referral_use"] = [_share(used, answered - unknown), used, answered - unknown, None]

    high, answered = (int(x or 0) for x in con.execute(
        "SELECT count(*) FILTER (effect = 'I høj grad'), count(effect) FROM evaluations WHERE green").fetchone() or ())
    out["M5.green_effect"] = [_share(high, answered), high, answered, None]
    con.close()
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and (a == b or (math.isnan(a) and math.isnan(b)))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def compare(ours: dict[str, list[Any]], theirs: dict[str, list[Any]]) -> list[str]:
    """The targets whose figures differ, one line each (empty: every figure is equal, exactly)."""
    lines = []
    for target in TARGETS:
        a, b = ours.get(target), theirs.get(target)
        if a is None or b is None:
            lines.append(f"{target}: missing ({'hubmonitor' if a is None else 'duckdb'})")
            continue
        fields = ("value", "numerator", "denominator", "groups")
        for name, x, y in zip(fields, a, b, strict=True):
            if name == "groups" and x is not None and y is not None:
                x, y = sorted(x, key=lambda g: str(g[0])), sorted(y, key=lambda g: str(g[0]))
            if not _same(x, y):
                shown = (f"{x!r} ≠ {y!r}" if len(repr(x)) + len(repr(y)) < 160 else
                         "; ".join(f"{g!r} ≠ {h!r}" for g, h in zip(x or [], y or [], strict=False)
                                   if not _same(g, h))[:300])
                lines.append(f"{target} {name}: hubmonitor {shown} duckdb")
    return lines
