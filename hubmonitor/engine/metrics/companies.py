"""Counts and shares of distinct companies in the CRM activities."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from hubmonitor.contract.filters import Where, describe_where
from hubmonitor.contract.targets import CompanyRatioTarget, DistinctCompaniesTarget, NewCompaniesTarget
from hubmonitor.engine.context import Context
from hubmonitor.engine.figure import Figure, course, exclusion, metric, no_data, ratio
from hubmonitor.numbers import spoken
from hubmonitor.schema import Source


def _with(where: Where, lang: str, row: tuple[str, str] = ("aktivitet", "activity"),
          labels: Mapping[str, tuple[str, str]] | None = None) -> str:
    """" med mindst én aktivitet hvor …"; ``labels``: the source's columns by their labels (a column a
    data: block adds by its own)."""
    one = row[0] if lang == "da" else row[1]
    if not where:
        return f" med mindst én {one}" if lang == "da" else f" with at least one {one}"
    return (f" med mindst én {one} hvor {describe_where(where, 'da', labels)}" if lang == "da"
            else f" with at least one {one} where {describe_where(where, 'en', labels)}")


@metric(DistinctCompaniesTarget)
def distinct_companies(t: DistinctCompaniesTarget, ctx: Context) -> Figure:
    rows = ctx.records(t.source)
    if t.source == Source.ACTIVITIES:
        row, none = ("aktivitet", "activity"), ("ingen CRM-aktiviteter i perioden", "no CRM activities in the period")
    else:
        label = ctx.label(t.source)
        row = (f"række i {label[0]}", f"row of {label[1]}")
        none = (f"ingen {label[0]} i perioden", f"no {label[1]} in the period")
    labels = ctx.labels(t.source)
    explanation = (f"Antal forskellige virksomheder{_with(t.where, 'da', row, labels)} i perioden.",
                   f"Number of distinct companies{_with(t.where, 'en', row, labels)} in the period.")
    if rows.height == 0:  # no data for the period at all: not a count of zero
        return no_data(*none, explanation)
    count = ctx.companies(t.where, source=t.source).height
    return Figure(value=count, numerator=count, explanation=explanation,
                  details={"activities_in_period" if t.source == Source.ACTIVITIES else "rows_in_period": rows.height})


@course(DistinctCompaniesTarget)
def distinct_companies_course(t: DistinctCompaniesTarget, ctx: Context, days: list[date]) -> dict[date, float | None]:
    """The distinct companies by each of ``days`` from one pass: a company counts from the first
    date of a matching row; a day before the window's first row of the source has no value (as the
    metric says "no data" for a window without rows, not 0)."""
    first_row, firsts = ctx.first_dates(t.where, t.source)  # a query: an earlier year is never copied
    if first_row is None:  # no row (every usable row has a date)
        return dict.fromkeys(days)
    # every day's count in one search (a call per day was most of a course's time on a small year)
    counts = firsts.search_sorted(pl.Series(days, dtype=pl.Date), side="right").to_list()
    return {day: None if day < first_row else float(count) for day, count in zip(days, counts, strict=True)}


@metric(CompanyRatioTarget)
def company_ratio(t: CompanyRatioTarget, ctx: Context) -> Figure:
    numerator = ctx.companies(t.numerator).height
    terms = [ctx.companies(w).height for w in t.denominator]
    denominator = sum(terms)
    labels = ctx.labels(Source.ACTIVITIES)
    den_da = " plus ".join(f"virksomheder{_with(w, 'da', labels=labels)}" for w in t.denominator)
    den_en = " plus ".join(f"companies{_with(w, 'en', labels=labels)}" for w in t.denominator)
    explanation = (f"Virksomheder{_with(t.numerator, 'da', labels=labels)} divideret med {den_da} (forskellige "
                   "virksomheder, i perioden).",
                   f"Companies{_with(t.numerator, 'en', labels=labels)} divided by {den_en} (distinct companies, in "
                   "the period).")
    details = {"denominator_terms": terms}
    value = ratio(numerator, denominator)
    if value is None:
        return no_data("ingen virksomheder i nævneren", "no companies in the denominator", explanation,
                       numerator=numerator, denominator=0, details=details)
    outside = _outside_denominator(t, ctx)
    if outside:  # not a share of the denominator: no figure, rather than one above 100 % taken as met
        return no_data(f"{spoken(outside, 'da')} af tællerens virksomheder er ikke i nævneren: tælleren skal være en "
                       "del af nævneren (giv tælleren nævnerens filter)",
                       f"{spoken(outside, 'en')} of the numerator's companies are not in the denominator: the "
                       "numerator must be part of the denominator (give the numerator the denominator's filter)",
                       explanation, numerator=numerator, denominator=denominator,
                       details={**details, "outside_denominator": outside})
    return Figure(value=value, explanation=explanation, numerator=numerator, denominator=denominator,
                  details=details)


def _outside_denominator(t: CompanyRatioTarget, ctx: Context) -> int:
    """The numerator's companies in none of the denominator's terms (a review: ``numerator: {}`` over the
    referred companies gave 234 %, "met"). 0 without a look where the numerator's filter holds every
    condition of a term (``CompanyRatioTarget.numerator_in_a_term``)."""
    if t.numerator_in_a_term:
        return 0
    inside = pl.concat([ctx.companies(w) for w in t.denominator]).lazy()
    return ctx.companies(t.numerator).lazy().join(inside, on="company_id", how="anti").collect().height


@metric(NewCompaniesTarget)
def new_companies(t: NewCompaniesTarget, ctx: Context) -> Figure:
    previous = ctx.window.previous_year()
    labels = ctx.labels(Source.ACTIVITIES)
    explanation = (
        f"Andelen af virksomheder{_with(t.where, 'da', labels=labels)} i perioden, som ikke havde en sådan "
        f"aktivitet i {previous.start.year}.",
        f"Share of companies{_with(t.where, 'en', labels=labels)} in the period that had no such activity in "
        f"{previous.start.year}.",
    )
    if ctx.previous_activities.height == 0:
        return no_data(f"ingen CRM-aktiviteter fra {previous.start.year} at sammenligne med",
                       f"no CRM activities from {previous.start.year} to compare with", explanation)
    current = ctx.companies(t.where)
    earlier = ctx.companies(t.where, previous=True)
    new = current.lazy().join(earlier.lazy(), on="company_id", how="anti").collect().height  # lazy: in parallel
    value = ratio(new, current.height)
    returning = exclusion("returning", f"også vejledt i {previous.start.year}",
                          f"also guided in {previous.start.year}", current.height - new)
    if value is None:
        return no_data("ingen virksomheder i perioden", "no companies in the period", explanation,
                       numerator=0, denominator=0)
    return Figure(value=value, explanation=explanation, numerator=new, denominator=current.height,
                  exclusions=[returning], details={"previous_year": previous.start.year})
