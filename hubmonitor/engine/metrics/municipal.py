"""Per-municipality figures: the spread against population and the allocation of the grant."""

from __future__ import annotations

from fractions import Fraction

from hubmonitor.contract.targets import AllocationTarget, SpreadTarget
from hubmonitor.engine.context import Context
from hubmonitor.engine.figure import Figure, exclusion, metric, no_data
from hubmonitor.numbers import spoken, spoken_pair
from hubmonitor.reference import Municipality
from hubmonitor.report import GroupResult


@metric(SpreadTarget)
def spread(t: SpreadTarget, ctx: Context) -> Figure:
    tol = spoken_pair(t.tolerance * 100)
    scope_da, scope_en = ("", "")
    if t.where:
        da, en = ctx.where_words(t.where, t.source)
        scope_da, scope_en = f" ({da})", f" ({en})"
    base = _expected_base(t, ctx)
    if base is None:
        basis = ("alle sådanne virksomheder i erhvervshusets kommuner × kommunens andel af indbyggerne",
                 "all such companies in the hub's municipalities × the municipality's population share")
    else:
        total = f"{t.expected_total:,}".replace(",", ".")
        prorated = base < (t.expected_total or 0)
        basis = (f"måltallet {total}" + (" forholdsmæssigt for den forløbne del af året" if prorated else "")
                 + " × kommunens andel af indbyggerne",
                 f"the target number {t.expected_total:,}" + (" pro-rated to the elapsed part of the year"
                                                               if prorated else "")
                 + " × the municipality's population share")
    explanation = (
        f"For hver kommune: virksomheder{scope_da} med adresse i kommunen mod det forventede antal "
        f"({basis[0]}), ± {tol[0]} %; værdien er antallet af kommuner inden for båndet.",
        f"Per municipality: companies{scope_en} located there against the expected number ({basis[1]}), "
        f"± {tol[1]} %; the value is the number of municipalities inside the band.",
    )
    counts = ctx.companies_by_municipality(t.where)
    members = ctx.hub_municipalities
    hub_total = sum(counts.get(m.name, 0) for m in members)
    outside = sum(n for name, n in counts.items() if name not in ctx.contract.municipalities)
    exclusions = [exclusion("outside_hub", "virksomheder uden for erhvervshusets kommuner",
                            "companies outside the hub's municipalities", outside)]
    if ctx.activities.height == 0:  # no usable activity in the window at all: no data, not 0 of N
        # (whatever expected_from says: the target number would put every municipality below its band)
        return no_data("ingen CRM-aktiviteter i perioden", "no CRM activities in the period",
                       explanation, numerator=0, denominator=0, exclusions=exclusions)
    if hub_total == 0 and base is None:
        return no_data("ingen virksomheder i erhvervshusets kommuner", "no companies in the hub's municipalities",
                       explanation, numerator=0, denominator=0, exclusions=exclusions)
    hub_population = sum(m.population for m in members)
    # While the year runs, a municipality short of its band by less than one company is not invited to
    # dialogue: one more company lifts it into the band or above it (on 10 January, seven of 19 were
    # "invited" on ten days' companies); at the year end the contract's rule stands as written.
    running = ctx.window.end < ctx.contract.period.end
    if running:
        explanation = (explanation[0] + " Mens året løber, inviteres en kommune til dialog, når den ligger mindst "
                       "én virksomhed under båndet.",
                       explanation[1] + " While the year runs, a municipality is invited to dialogue when it is at "
                       "least one company below the band.")
    groups = []
    for m in members:
        actual = counts.get(m.name, 0)
        if base is None:  # the companies guided: one rounding, exact product first
            expected = hub_total * m.population / hub_population
            exact = Fraction(hub_total * m.population, hub_population)
        else:
            exact = base * m.population / hub_population
            expected = float(exact)
        low, high = expected * (1 - t.tolerance), expected * (1 + t.tolerance)
        # Compared exactly: a count right at e × (1 ± tolerance) is inside the band, which float
        # products can miss (45 companies: 16.666… × 0.9 = 15.000000000000002 > 15).
        margin = Fraction(str(t.tolerance))  # the tolerance as written, e.g. 0.1 -> 1/10
        lowest = exact * (1 - margin)
        position = ("below" if actual < lowest else "above" if actual > exact * (1 + margin) else "within")
        invited = position == "below" and (not running or lowest - actual >= 1)
        groups.append(GroupResult(key=m.name, value=actual, expected=expected, low=low, high=high,
                                  status=position, dialogue=invited,
                                  population=m.population, population_share=m.population / hub_population))
    inside = sum(g.status == "within" for g in groups)
    details: dict[str, object] = {"companies_in_hub": hub_total, "hub_population": hub_population,
                                  "tolerance": t.tolerance,
                                  "population_date": members[0].population_date.isoformat(),
                                  "dialogue": [g.key for g in groups if g.dialogue]}
    if base is not None:
        details |= {"expected_from": "target", "expected_total": t.expected_total,
                    "expected_now": float(base)}
    return Figure(value=inside, explanation=explanation, numerator=inside, denominator=len(groups),
                  groups=groups, exclusions=exclusions, details=details)


def _expected_base(t: SpreadTarget, ctx: Context) -> Fraction | None:
    """With ``expected_from: target``, the number the municipalities' expectations are shares of:
    the target number, times the elapsed share of the contract year (days, the as-of day included)
    while the year is not over; None when the expectation comes from the companies guided."""
    if t.expected_from != "target" or t.expected_total is None:
        return None
    start, end = ctx.contract.period.start, ctx.contract.period.end
    elapsed = Fraction((min(ctx.window.end, end) - start).days + 1, (end - start).days + 1)
    return t.expected_total * elapsed


def largest_remainder(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Split ``total`` in whole units proportionally to ``weights`` so that it sums exactly
    (Hamilton's method; ties go to the larger weight, then the name)."""
    weight_sum = sum(weights.values())
    if total < 0 or weight_sum <= 0 or any(w < 0 for w in weights.values()):
        raise ValueError("largest_remainder needs a total >= 0 and non-negative weights with a positive sum")
    # Integer arithmetic throughout: quota = floor + remainder / weight_sum, exactly.
    quotas = {k: divmod(total * w, weight_sum) for k, w in weights.items()}
    parts = {k: q for k, (q, _) in quotas.items()}
    left = total - sum(parts.values())
    order = sorted(weights, key=lambda k: (-quotas[k][1], -weights[k], k))
    for k in order[:left]:
        parts[k] += 1
    return parts


@metric(AllocationTarget)
def allocation(t: AllocationTarget, ctx: Context) -> Figure:
    members: dict[str, Municipality] = {m.name: m for m in ctx.hub_municipalities}
    if t.table is not None:
        amounts = {}
        for name, amount in t.table.items():
            m = ctx.registry.resolve(name)
            assert m is not None  # the contract loader checked every name
            amounts[m.name] = amount
        how = ("tabellen i kontrakten", "the contract's table")
    else:
        amounts = largest_remainder(t.total, {n: m.population for n, m in members.items()})
        how = ("indbyggertal med afrunding efter største rest, så summen passer præcist",
               "population, rounded by largest remainder so the sum is exact")
    explanation = (
        f"Basisbevillingen på {spoken(t.total, 'da')} t.kr. fordelt efter {how[0]}; pr. kommune vises beløb, andel, "
        f"andel af indbyggerne, individuelt vejledte virksomheder og kr. pr. vejledt virksomhed.",
        f"The basic grant of {spoken(t.total, 'en')} thousand kr split by {how[1]}; per municipality: amount, share, "
        f"population share, individually guided companies and kr per guided company.",
    )
    # the split needs no data; the guided companies per municipality do (an export without
    # municipalities leaves them empty, not 0)
    rows = ctx.activities
    located = "municipality" in rows.columns and rows.height > rows["municipality"].null_count()
    guided = ctx.companies_by_municipality(t.guided) if located or rows.height == 0 else None
    hub_population = sum(m.population for m in members.values())
    groups = []
    for name, amount in amounts.items():
        m = members[name]
        n = guided.get(name, 0) if guided is not None else None
        groups.append(GroupResult(
            key=name, value=amount, status="allocated", amount=amount, share=amount / t.total,
            population=m.population, population_share=m.population / hub_population,
            guided=n, kr_per_guided=amount * 1000 / n if n else None,
        ))
    value = sum(amounts.values())
    return Figure(value=value, explanation=explanation, numerator=value, denominator=t.total,
                  groups=groups, details={"method": t.method, "total": t.total,
                                          "population_date": next(iter(members.values())).population_date.isoformat()})
