"""Counts and shares of distinct companies in the CRM activities."""

from __future__ import annotations

from hubmonitor.contract.filters import Where, describe_where
from hubmonitor.contract.targets import CompanyRatioTarget, DistinctCompaniesTarget, NewCompaniesTarget
from hubmonitor.engine.context import Context
from hubmonitor.engine.figure import Figure, exclusion, metric, no_data, ratio


def _with(where: Where, lang: str) -> str:
    if not where:
        return " med mindst én aktivitet" if lang == "da" else " with at least one activity"
    return (f" med mindst én aktivitet hvor {describe_where(where, 'da')}" if lang == "da"
            else f" with at least one activity where {describe_where(where, 'en')}")


@metric(DistinctCompaniesTarget)
def distinct_companies(t: DistinctCompaniesTarget, ctx: Context) -> Figure:
    explanation = (f"Antal forskellige virksomheder{_with(t.where, 'da')} i perioden.",
                   f"Number of distinct companies{_with(t.where, 'en')} in the period.")
    if ctx.activities.height == 0:  # no CRM data for the period at all: not a count of zero
        return no_data("ingen CRM-aktiviteter i perioden", "no CRM activities in the period", explanation)
    count = ctx.companies(t.where).height
    return Figure(value=count, numerator=count, explanation=explanation,
                  details={"activities_in_period": ctx.activities.height})


@metric(CompanyRatioTarget)
def company_ratio(t: CompanyRatioTarget, ctx: Context) -> Figure:
    numerator = ctx.companies(t.numerator).height
    terms = [ctx.companies(w).height for w in t.denominator]
    denominator = sum(terms)
    den_da = " plus ".join(f"virksomheder{_with(w, 'da')}" for w in t.denominator)
    den_en = " plus ".join(f"companies{_with(w, 'en')}" for w in t.denominator)
    explanation = (f"Virksomheder{_with(t.numerator, 'da')} divideret med {den_da} (forskellige "
                   "virksomheder, i perioden).",
                   f"Companies{_with(t.numerator, 'en')} divided by {den_en} (distinct companies, in "
                   "the period).")
    details = {"denominator_terms": terms}
    value = ratio(numerator, denominator)
    if value is None:
        return no_data("ingen virksomheder i nævneren", "no companies in the denominator", explanation,
                       numerator=numerator, denominator=0, details=details)
    return Figure(value=value, explanation=explanation, numerator=numerator, denominator=denominator,
                  details=details)


@metric(NewCompaniesTarget)
def new_companies(t: NewCompaniesTarget, ctx: Context) -> Figure:
    previous = ctx.window.previous_year()
    explanation = (
        f"Andelen af virksomheder{_with(t.where, 'da')} i perioden, som ikke havde en sådan aktivitet "
        f"i {previous.start.year}.",
        f"Share of companies{_with(t.where, 'en')} in the period that had no such activity in "
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
