"""Figures measured by others and milestone evidence, from ``external-<year>.yaml``.

The file has been checked on its own when it was read (``io.external``); here it is checked
against what the contract makes of it. A share read as ``numerator / denominator`` is a part of a
whole: both counts (whole, not negative), the part no larger than the whole. A single figure with
``unit: share`` (and its interval) lies between 0 and 1. Anything else stops the evaluation with
the file, line and name of the figure (``DataError``), as a problem found on reading does: a
figure that cannot be true is not judged.

A figure the file marks as a count of everything (``census``; for ``numerator / denominator`` the
denominator decides: it is the whole) has no sample size and no interval, so it is judged without
a minimum of answers and is never uncertain; its details say ``"census": true``. Every other
figure is a sample, as before.
"""

from __future__ import annotations

from typing import Any

from hubmonitor.contract.targets import ExternalTarget, MilestoneTarget, outside_unit
from hubmonitor.days import short_date
from hubmonitor.engine.context import Context
from hubmonitor.engine.figure import Figure, metric, no_data, ratio
from hubmonitor.engine.uncertainty import wilson_interval
from hubmonitor.findings import finding
from hubmonitor.io.external import DoneFlag, ExternalFigures, Sampling
from hubmonitor.numbers import spoken
from hubmonitor.report import Interval


def _given(sampling: Sampling | None, value: float, unit: str) -> tuple[int | None, Interval | None]:
    """The sample size and interval of a single external figure: the file's own interval when it
    gives one, else a Wilson interval for a share with a sample size."""
    if sampling is None:
        return None, None
    n = int(sampling.n) if sampling.n is not None else None
    if sampling.low is not None and sampling.high is not None:
        return n, Interval(low=sampling.low, high=sampling.high, level=sampling.level, method="external")
    if n is not None and unit == "share" and 0 <= value <= 1:
        return n, wilson_interval(value * n, n)
    return n, None


def _check_share(t: ExternalTarget, ext: ExternalFigures, value: float, sampling: Sampling | None) -> None:
    """A single figure with ``unit: share``, and its interval, lie between 0 and 1."""
    assert t.figure is not None
    numbers: list[tuple[str, float | None]] = [("", value)]
    if sampling is not None:
        numbers += [(".low", sampling.low), (".high", sampling.high)]
    for what, number in numbers:
        if number is None:
            continue
        outside = outside_unit("share", number, (f"{t.figure}{what} ({t.id} har unit: share)",
                                                 f"{t.figure}{what} ({t.id} has unit: share)"))
        if outside is not None:
            raise ext.error(t.figure, *outside)


def _check_part_of_whole(t: ExternalTarget, ext: ExternalFigures, num: float, den: float) -> None:
    """``numerator / denominator`` is a part of a whole: two counts, the part no larger."""
    assert t.numerator is not None and t.denominator is not None
    ext.check_part_of_whole(t.numerator, num, t.denominator, den,
                            (f": {t.id} regner {t.numerator} / {t.denominator} som en andel",
                             f": {t.id} takes {t.numerator} / {t.denominator} as a share"),
                            (f", som {t.id} deler med", f", which {t.id} divides by"))


def _missing_file(ctx: Context) -> tuple[str, str]:
    year = ctx.contract.period.year
    return (f"ingen external-{year}.yaml i datamappen", f"no external-{year}.yaml in the data folder")


@metric(ExternalTarget)
def external(t: ExternalTarget, ctx: Context) -> Figure:
    if t.figure is not None:
        explanation = (f"Tal opgjort af andre: {t.figure}.", f"Figure measured by others: {t.figure}.")
    else:
        explanation = (f"Tal opgjort af andre: {t.numerator} / {t.denominator}.",
                       f"Figure measured by others: {t.numerator} / {t.denominator}.")
    ext = ctx.external
    if ext is None:
        return no_data(*_missing_file(ctx), explanation)
    if t.figure is not None and (differing := ext.differs(t.figure)):
        shown = {lang: "; ".join(f"{file}: {'–' if value is None else spoken(value, lang)}"
                                 for file, value in differing) for lang in ("da", "en")}
        return no_data(f"{t.figure} er forskelligt i datamapperne ({shown['da']}); et tal for dem alle skal komme fra "
                       f"én kilde", f"{t.figure} differs between the data folders ({shown['en']}); a figure for all of "
                       "them must come from one source", explanation)
    if t.numerator is not None and t.denominator is not None and (ext.differs(t.numerator)
                                                                  or ext.differs(t.denominator)):
        return _pooled(t, ext, explanation)
    if t.figure is not None:
        value = ext.figure(t.figure)
        if value is None:
            return no_data(f"{t.figure} mangler i {ext.file}", f"{t.figure} is missing from {ext.file}", explanation)
        sampling = ext.sampling.get(t.figure)
        if t.unit == "share":
            _check_share(t, ext, value, sampling)
        if t.figure in ext.census:
            return Figure(value=value, explanation=explanation, details={"file": ext.file, "census": True})
        n, interval = _given(sampling, value, t.unit)
        return Figure(value=value, explanation=explanation, details={"file": ext.file}, n=n, interval=interval)
    assert t.numerator is not None and t.denominator is not None
    num, den = ext.figure(t.numerator), ext.figure(t.denominator)
    if num is None or den is None:
        missing = t.numerator if num is None else t.denominator
        return no_data(f"{missing} mangler i {ext.file}", f"{missing} is missing from {ext.file}", explanation)
    _check_part_of_whole(t, ext, num, den)
    return _share_of(int(num), int(den), t.denominator in ext.census, explanation, {"file": ext.file},
                     (f"{t.denominator} er 0", f"{t.denominator} is 0"))


def _share_of(num: int, den: int, census: bool, explanation: tuple[str, str], details: dict[str, Any],
              zero: tuple[str, str]) -> Figure:
    """A share of two counts: a count of everything (``census``: no sample, no interval), or a share
    of respondents, the denominator the sample, with its Wilson interval; ``zero`` says a whole of 0."""
    value = ratio(num, den)
    if value is None:
        return no_data(*zero, explanation)
    if census:
        return Figure(value=value, explanation=explanation, numerator=num, denominator=den,
                      details={**details, "census": True})
    return Figure(value=value, explanation=explanation, numerator=num, denominator=den, details=details,
                  n=den, interval=wilson_interval(num, den))


def _pooled(t: ExternalTarget, ext: ExternalFigures, explanation: tuple[str, str]) -> Figure:
    """A share of two counts that several data folders give differently (each hub's own survey):
    the counts summed over the folders that give both, a pooled sample (``ExternalFigures.pooled``)."""
    assert t.numerator is not None and t.denominator is not None
    pooled = ext.pooled(t.numerator, t.denominator)
    if isinstance(pooled, tuple):
        return no_data(*pooled, explanation)
    files = pooled.files
    words = (f"{explanation[0][:-1]}, lagt sammen over {len(files)} datamapper ({', '.join(files)}).",
             f"{explanation[1][:-1]}, pooled over {len(files)} data folders ({', '.join(files)}).")
    return _share_of(int(pooled.numerator), int(pooled.denominator), pooled.census, words,
                     {"file": ext.file, "pooled": files},
                     (f"{t.denominator} er 0 i alt", f"{t.denominator} is 0 in total"))


@metric(MilestoneTarget)
def milestone(t: MilestoneTarget, ctx: Context) -> Figure:
    window = ctx.window
    start, end = short_date(window.start, "da"), short_date(window.end, "da")  # "30.9.2025"; English keeps ISO
    texts = {
        # the rule, not a claim: beside "mangler data" the sentence read as if it were done (a review)
        "done": ((f"Opfyldt, når milepælen '{t.evidence}' er gennemført i perioden {start} – {end}.",
                  f"Met when the milestone '{t.evidence}' is done in the period {window.start} – {window.end}.")
                 if t.within_year else
                 (f"Opfyldt, når milepælen '{t.evidence}' er gennemført (senest {end}).",
                  f"Met when the milestone '{t.evidence}' is done (by {window.end}).")),
        "count": (f"Antal '{t.evidence}' dateret i perioden {start} – {end}.",
                  f"Number of '{t.evidence}' dated in the period {window.start} – {window.end}."),
        "distinct_municipalities": (
            f"Antal forskellige af erhvervshusets kommuner i '{t.evidence}' dateret i perioden.",
            f"Number of distinct hub municipalities in '{t.evidence}' dated in the period."),
    }
    explanation = texts[t.measure]
    ext = ctx.external
    if ext is None:
        return no_data(*_missing_file(ctx), explanation)
    evidence = ext.milestones.get(t.evidence)
    if evidence is None:
        return no_data(f"milestones.{t.evidence} mangler i {ext.file}",
                       f"milestones.{t.evidence} is missing from {ext.file}", explanation)
    if t.measure == "done":
        if not isinstance(evidence, DoneFlag):
            return no_data(f"milestones.{t.evidence} skal være {{done: ...}}",
                           f"milestones.{t.evidence} must be {{done: ...}}", explanation)
        if t.within_year:  # a yearly milestone: done in this year, by its date
            if evidence.done and evidence.date is None:
                return no_data(f"milestones.{t.evidence} er en årlig milepæl (within_year): angiv datoen den "
                               f"blev gennemført i {ext.file}",
                               f"milestones.{t.evidence} is a yearly milestone (within_year): give the date it "
                               f"was done in {ext.file}", explanation)
            done = evidence.done and evidence.date is not None and window.contains(evidence.date)
        else:
            done = evidence.done and (evidence.date is None or evidence.date <= window.end)
        return Figure(value=done, explanation=explanation,
                      details={"date": evidence.date.isoformat() if evidence.date else None})
    if isinstance(evidence, DoneFlag):
        return no_data(f"milestones.{t.evidence} skal være en liste", f"milestones.{t.evidence} must be a list",
                       explanation)
    dated = [item for item in evidence if window.contains(item.date)]
    if t.measure == "count":
        return Figure(value=len(dated), numerator=len(dated), explanation=explanation,
                      details={"items_outside_period": len(evidence) - len(dated)})
    names = set()
    for item in dated:
        m = ctx.registry.resolve(item.municipality)
        if m is not None and m.name in ctx.contract.municipalities:
            names.add(m.name)
        else:  # not counted, and said why, at the item's line (a review: Aarhus in Sydjylland's, not a word)
            code = ("milestone-without-municipality" if item.municipality is None
                    else "unknown-milestone-municipality" if m is None else "milestone-outside-hub")
            ctx.findings.append(finding(code, ext.file, row=item.line, column=f"milestones.{t.evidence}",
                                        value=m.name if m is not None else item.municipality))
    missing = [name for name in ctx.contract.municipalities if name not in names]
    return Figure(value=len(names), numerator=len(names), denominator=len(ctx.contract.municipalities),
                  explanation=explanation,
                  details={"items_outside_period": len(evidence) - len(dated), "missing": missing})
