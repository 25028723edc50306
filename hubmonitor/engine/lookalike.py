"""The look-alike companies among the integrity signals (issue 21): one CVR number under several
company ids; a company new this year whose CVR was guided the year before under another id;
near-identical names (``name_key``) under several company ids in one municipality, unless each has
its own CVR number. Compared by 64-bit hashes of ids, CVR numbers and name keys, never row by row.
"""

from __future__ import annotations

import math

import polars as pl

from hubmonitor.contract.signals import SignalRules
from hubmonitor.engine.signal_year import (
    NAME,
    Evidence,
    Year,
    assessed,
    evidence_of,
    no_evidence,
    not_assessed,
)
from hubmonitor.findings import UNSAFE_CASE
from hubmonitor.report import SignalResult

# --- look-alike companies ---------------------------------------------------------------------------------------

def _lookalike_limit(y: Year, rules: SignalRules) -> tuple[int, int]:
    """The year's companies with a CVR, and how many look-alikes make a signal: ``lookalike_share``
    of them, at least ``lookalike_min`` (a few in thousands is ordinary CRM noise: merged records)."""
    companies = y.companies_with_cvr
    return companies, max(rules.lookalike_min, math.ceil(rules.lookalike_share * companies))


def _lookalike_rule(what: tuple[str, str], rules: SignalRules) -> tuple[str, str]:
    share = f"{rules.lookalike_share * 100:g}"
    return (f"{what[0]}; bør undersøges ved {share.replace('.', ',')} % af årets virksomheder med CVR-nummer, "
            f"mindst {rules.lookalike_min}.",
            f"{what[1]}; to be looked into at {share} % of the year's companies with a CVR number, at least "
            f"{rules.lookalike_min}.")


def same_cvr(y: Year, rules: SignalRules) -> tuple[SignalResult, Evidence]:
    sid = "lookalike.cvr"
    title = ("Samme CVR-nummer under flere virksomheds-id'er", "One CVR number under several company ids")
    rule = _lookalike_rule(("CVR-numre, der i årets rækker står ved mere end ét virksomheds-id",
                            "CVR numbers that stand with more than one company id in the year's rows"), rules)
    pairs = y.hashes.lazy().filter(pl.col("_c").is_not_null()).unique()
    shared = pairs.group_by("_c").len().filter(pl.col("len") > 1).collect()  # hashed: no string keys
    companies, limit = _lookalike_limit(y, rules)
    investigate = shared.height >= limit
    result = assessed(sid, "lookalike", title, rule, "count", limit, shared.height, shared.height, investigate,
                     details={"companies": companies})
    if not investigate:
        return result, no_evidence()
    rows = (y.hashed().filter(pl.col("_c").is_in(shared["_c"].implode()))
            .unique(["_c", "_h"], keep="first", maintain_order=True))
    ids = pl.col("cvr").count().over("cvr")
    detail = (pl.format("CVR står ved {} virksomheds-id'er", ids), pl.format("CVR stands with {} company ids", ids))
    return result, evidence_of(rows, sid, y.year, detail)


def returning(y: Year, rules: SignalRules) -> tuple[SignalResult, Evidence]:
    sid = "lookalike.returning"
    title = ("Nye virksomheder, hvis CVR blev vejledt året før under et andet id",
             "New companies whose CVR was guided the year before under another id")
    rule = _lookalike_rule(("Virksomheder uden aktivitet året før under deres id, men hvis CVR-nummer året før "
                            "stod ved et andet id",
                            "Companies with no activity the year before under their id, whose CVR number stood "
                            "with another id the year before"), rules)
    companies, limit = _lookalike_limit(y, rules)
    if y.before.height == 0:
        return not_assessed(sid, "lookalike", title, rule, "count", limit,
                             (f"ingen aktiviteter fra {y.year - 1}", f"no activities from {y.year - 1}")), no_evidence()
    # the new companies (their first row) whose CVR stood with another id the year before: counted
    # on the hashes alone (no order kept, no id text); the evidence below names the earlier id
    pairs = y.hashes_before.lazy().filter(pl.col("_c").is_not_null()).unique().rename({"_h": "_e"})
    count = (y.new_rows.lazy().filter(pl.col("_c").is_not_null()).select("_h", "_c")
             .join(pairs, on="_c", how="inner").filter(pl.col("_h") != pl.col("_e"))
             .select(pl.col("_h").n_unique()).collect().item())
    investigate = count >= limit
    result = assessed(sid, "lookalike", title, rule, "count", limit, count, count, investigate,
                     details={"companies": companies})
    detail = (pl.format("CVR vejledt {} under id {}", pl.lit(y.year - 1), pl.col("earlier_id")),
              pl.format("CVR guided in {} under id {}", pl.lit(y.year - 1), pl.col("earlier_id")))
    if not investigate:
        return result, no_evidence()
    earlier = (y.before.select(pl.col("company_id").alias("earlier_id")).hstack(y.hashes_before).lazy()
               .filter(pl.col("_c").is_not_null()).rename({"_h": "_e"})
               .unique(["_c", "_e"], keep="first", maintain_order=True))
    found = (y.new_rows.lazy().filter(pl.col("_c").is_not_null())
             .join(earlier, on="_c", how="inner", maintain_order="left_right")
             .filter(pl.col("_h") != pl.col("_e")).unique("_h", keep="first", maintain_order=True))
    return result, evidence_of(found, sid, y.year, detail)


# Legal forms at a name's end, set aside before names are compared ("Hansen Byg ApS" and "Hansen Byg
# A/S"): after a space, comma, full stop or dash; "as" is A/S typed without its slash ("is" is left: a word).
LEGAL_FORM = (r"(?:[\s,.\-]+(?:aps|ivs|as|a/s|i/s|k/s|p/s|a\.s|s\.?m\.?b\.?a|a\.?m\.?b\.?a|f\.?m\.?b\.?a|"
              r"g/s|p\.?s|gmbh|ltd|inc|llc)\.?)+\s*$")
# Letters spelled without their accent (in lower case): the Danish and German ones as written without
# them (æ ae, ø oe, å aa, ä ae, ö oe, ü ue, ß ss), the others as their base letter; & as og.
_SPELLINGS = {"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "&": "og",
              **dict.fromkeys("àáâã", "a"), "ç": "c", **dict.fromkeys("èéêë", "e"), **dict.fromkeys("ìíîï", "i"),
              "ð": "d", "ñ": "n", **dict.fromkeys("òóôõ", "o"), **dict.fromkeys("ùúû", "u"), "ý": "y", "ÿ": "y",
              "þ": "th"}


def _spelled(name: pl.Expr) -> pl.Expr:
    return name.str.replace_many(list(_SPELLINGS), list(_SPELLINGS.values()))


def name_key(name: pl.Expr) -> pl.Expr:
    """What two names must share to look alike: lower case, the legal form at the end left out, æ/ø/å
    spelled ae/oe/aa (ä, ö, ü, ß likewise; other accented letters as their base letter; & as og), then
    only the letters a–z and the digits, without spaces ("Jensen & Søn A/S" and "JENSEN OG SOEN" are
    both "jensenogsoen"). Empty: no key. A name with a character beyond ASCII and Latin-1 is made
    comparable first (``name_keys``)."""
    return _spelled(name.str.to_lowercase().str.replace(LEGAL_FORM, "")).str.replace_all(r"[^a-z0-9]+", "")


def _beyond_latin1(name: pl.Expr) -> pl.Expr:
    """A name with a character beyond ASCII and Latin-1 (full-width "ＨＡＮＳＥＮ", a ligature, a
    decomposed "å", "Dvořák"): NFKC, the Danish letters spelled out, then every accent dropped (NFKD
    and the combining marks left out), so that it keys as the same name typed plainly would."""
    spelled = _spelled(name.str.normalize("NFKC").str.to_lowercase())
    return spelled.str.normalize("NFKD").str.replace_all(r"\p{M}+", "")


# Only the few names beyond Latin-1 (``findings.UNSAFE_CASE``) take that longer way: normalising every
# name costs as much as the rest of the key together.


def name_keys(names: pl.DataFrame) -> pl.DataFrame:
    """``names`` (``_name``: the hash, ``company_name``) with ``_k``: the hash of each name's key
    (``name_key``), null where the key is empty (no letter or digit to compare)."""
    odd = names["company_name"].str.len_bytes() != names["company_name"].str.len_chars()  # beyond ASCII …
    odd = odd & names["company_name"].str.contains(UNSAFE_CASE)  # … and beyond Latin-1's letters
    if odd.any():
        names = pl.concat([names.filter(~odd),
                           names.filter(odd).with_columns(_beyond_latin1(pl.col("company_name")))])
    # a query, not eager steps: polars' engine keys the names on both cores (0.37 against 0.68 s for 1.3M)
    return (names.lazy().select("_name", name_key(pl.col("company_name")).alias("_k"))
            .select("_name", pl.when(pl.col("_k") != "").then(pl.col("_k").hash()).alias("_k")).collect())


NO_NAMES = ("eksporten har ingen virksomhedsnavne (company_name)", "the export has no company names (company_name)")


def _alike(keyed: pl.LazyFrame) -> pl.LazyFrame:
    """The (municipality, name key) under more than one company id that the CVR register does not tell
    apart: an id with no CVR number in the year's rows, or one CVR number under two of the ids
    (``_ids``: how many ids)."""
    group = ["municipality", "_k"]
    keyed = keyed.filter(pl.len().over(group) > 1)  # most keys stand on one row: one id, nothing alike
    ids = keyed.group_by([*group, "_h"]).agg(pl.col("_c").is_not_null().any().alias("_has"))
    shared = (keyed.filter(pl.col("_c").is_not_null()).group_by([*group, "_c"]).agg(pl.col("_h").n_unique().alias("_n"))
              .filter(pl.col("_n") > 1).select(group).unique().with_columns(pl.lit(True).alias("_shared")))
    return (ids.group_by(group).agg(pl.len().alias("_ids"), pl.col("_has").sum().alias("_with"))
            .filter(pl.col("_ids") > 1).join(shared, on=group, how="left")
            .filter((pl.col("_with") < pl.col("_ids")) | pl.col("_shared").fill_null(False))
            .select(*group, pl.col("_ids").cast(pl.UInt32)))


def same_name(y: Year, rules: SignalRules) -> tuple[SignalResult, Evidence]:
    sid = "lookalike.name"
    title = ("Næsten ens navne i samme kommune", "Near-identical names in the same municipality")
    rule = _lookalike_rule((
        "Navne, der er ens, når store og små bogstaver, mellemrum, tegn, selskabsformen (A/S, IVS …) og stavemåden "
        "æ/ae, ø/oe, å/aa ses bort fra, og som i årets rækker står ved flere virksomheds-id'er i samme kommune, "
        "uden at hver har sit eget CVR-nummer",
        "Names that are the same once case, spaces, punctuation, the legal form (A/S, IVS …) and the spellings "
        "æ/ae, ø/oe, å/aa are set aside, standing with several company ids in the same municipality in the year's "
        "rows without each having its own CVR number"), rules)
    companies, limit = _lookalike_limit(y, rules)
    unnamed = NAME not in y.rows.columns or (y.rows.height > 0 and (
        y.names.len() == 0 or y.rows[NAME].null_count() == y.rows.height))
    if unnamed:  # (a year without rows has nothing alike: 0, as the other look-alikes)
        return not_assessed(sid, "lookalike", title, rule, "count", limit, NO_NAMES), no_evidence()
    # each company's (hashed) names and CVR numbers per municipality: hashes only, no strings
    pairs = (y.hashed().filter(pl.col(NAME).is_not_null() & pl.col("municipality").is_not_null())
             .select("_h", "municipality", pl.col(NAME).alias("_name"), "_c").unique().collect())
    # each name's key, hashed: the comparison is of numbers
    keys = name_keys(y.named(pairs["_name"]))
    keyed = pairs.lazy().join(keys.lazy(), on="_name").filter(pl.col("_k").is_not_null())
    groups = _alike(keyed).collect()
    investigate = groups.height >= limit
    result = assessed(sid, "lookalike", title, rule, "count", limit, groups.height, groups.height, investigate,
                     details={"companies": companies})
    if not investigate:
        return result, no_evidence()
    flagged = keyed.join(groups.lazy(), on=["municipality", "_k"]).select("_h", "municipality", "_name", "_k", "_ids")
    rows = (y.hashed().join(flagged, left_on=["_h", "municipality", NAME], right_on=["_h", "municipality", "_name"],
                            maintain_order="left")
            .unique(["_h", "municipality", NAME], keep="first", maintain_order=True))
    ids = pl.col("_ids")
    detail = (pl.format("navnet står næsten ens ved {} virksomheds-id'er i kommunen", ids),
              pl.format("the name stands nearly alike with {} company ids in the municipality", ids))
    return result, evidence_of(rows, sid, y.year, detail)
