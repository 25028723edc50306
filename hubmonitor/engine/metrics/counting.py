"""Rows counted and a numeric column summed, over a source's rows in the window, optionally per group.

The rows are the usable ones (quarantined rows and duplicate rows already dropped by the reader).
One polars query per figure: the rows passing ``where`` are counted (and their column summed), per
value of ``group_by`` when the target has groups.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from hubmonitor.contract.counting import CountTarget, SumTarget
from hubmonitor.engine.context import Context, where_expr
from hubmonitor.engine.figure import Figure, Text, exclusion, judge, metric, no_data
from hubmonitor.engine.goals import due, static_goal
from hubmonitor.engine.groups import combine
from hubmonitor.engine.pace import elapsed_share
from hubmonitor.goal import Goal
from hubmonitor.report import Exclusion, GroupResult, Status
from hubmonitor.schema import Source

Counted = CountTarget | SumTarget


def _rows_text(t: Counted, ctx: Context) -> Text:
    """What the counted rows are, with the filter: 'aktiviteter hvor vækstforløb er ja'."""
    if t.source == Source.ACTIVITIES:
        rows = ("aktiviteter", "activities")
    else:
        label = ctx.label(t.source)
        rows = (f"rækker i {label[0]}", f"rows of {label[1]}")
    if not t.where:
        return rows
    da, en = ctx.where_words(t.where, t.source)
    return f"{rows[0]} hvor {da}", f"{rows[1]} where {en}"


def _groups_text(t: Counted, ctx: Context) -> Text:
    if t.group_by is None:
        return ("", "")
    label = ctx.label(t.source, t.group_by)
    listed = ", ".join(t.groups or [])
    if t.groups_needed is not None and t.groups_needed < len(t.groups or []):
        k, n = t.groups_needed, len(t.groups or [])
        return (f" Pr. {label[0]}: mindst {k} af de {n} grupper {listed} skal nå målet (en gruppe uden rækker "
                "har 0).",
                f" Per {label[1]}: at least {k} of the {n} groups {listed} must meet the target (a group with no "
                "rows has 0).")
    return (f" Pr. {label[0]}: hver af {listed} skal nå målet (en gruppe uden rækker har 0).",
            f" Per {label[1]}: each of {listed} must meet the target (a group with no rows has 0).")


def _explanation(t: Counted, ctx: Context) -> Text:
    rows = _rows_text(t, ctx)
    groups = _groups_text(t, ctx)
    if isinstance(t, CountTarget):
        # "not distinct companies" where the rows name companies (a municipality's case log may not: a review)
        schema = ctx.schema.get(t.source)
        companies = schema is not None and "company_id" in schema
        what = (("rækker, ikke forskellige virksomheder", "rows, not distinct companies") if companies
                else ("rækker", "rows"))
        return (f"Antal {rows[0]} i perioden: {what[0]}; en kopi af en række tælles én gang.{groups[0]}",
                f"Number of {rows[1]} in the period: {what[1]}; a duplicate row counts once.{groups[1]}")
    column = ctx.label(t.source, t.column)
    return (f"Summen af {column[0]} over {rows[0]} i perioden; en tom celle lægger intet til (som 0).{groups[0]}",
            f"Sum of {column[1]} over {rows[1]} in the period; an empty cell adds nothing (as 0).{groups[1]}")


def _aggregations(t: Counted) -> list[pl.Expr]:
    """Per set of rows: how many, and for a sum the column's sum and its empty cells."""
    exprs = [pl.len().alias("rows")]
    if isinstance(t, SumTarget):
        exprs += [pl.col(t.column).sum().alias("total"), pl.col(t.column).is_null().sum().alias("empty")]
    return exprs


def _value(t: Counted, row: dict[str, Any]) -> int | float:
    if isinstance(t, CountTarget):
        return int(row["rows"])
    total = row["total"]
    return int(total) if isinstance(total, int) else round(float(total), 10)


@metric(CountTarget)
def count_rows(t: CountTarget, ctx: Context) -> Figure:
    return _counted(t, ctx)


@metric(SumTarget)
def sum_column(t: SumTarget, ctx: Context) -> Figure:
    return _counted(t, ctx)


def _counted(t: Counted, ctx: Context) -> Figure:
    rows = ctx.records(t.source)
    explanation = _explanation(t, ctx)
    if rows.height == 0:  # no data for the period at all: not a count of zero (as distinct_companies)
        label = ("CRM-aktiviteter", "CRM activities") if t.source == Source.ACTIVITIES else ctx.label(t.source)
        return no_data(f"ingen {label[0]} i perioden", f"no {label[1]} in the period", explanation)
    matching = rows.lazy().filter(where_expr(t.where))
    if t.group_by is None:
        row = matching.select(_aggregations(t)).collect().row(0, named=True)
        return Figure(value=_value(t, row), explanation=explanation,
                      numerator=int(row["rows"]) if isinstance(t, CountTarget) else None,
                      exclusions=_outside_filter(t, rows.height, int(row["rows"])),
                      details=_details(t, rows.height, row))
    return _by_group(t, ctx, matching, rows.height, explanation)


def _outside_filter(t: Counted, in_period: int, matched: int) -> list[Exclusion]:
    """The rows of the period the target's filter leaves out (none listed without a filter)."""
    return ([exclusion("outside_filter", "uden for målgruppen", "outside the target group", in_period - matched)]
            if t.where else [])


def _details(t: Counted, in_period: int, row: dict[str, Any]) -> dict[str, Any]:
    details: dict[str, Any] = {"rows_in_period": in_period}
    if isinstance(t, SumTarget):
        details |= {"rows_summed": int(row["rows"]), "empty_cells": int(row["empty"])}
    return details


def _by_group(t: Counted, ctx: Context, matching: pl.LazyFrame, in_period: int, explanation: Text) -> Figure:
    """Each listed group judged against the threshold (during the year: against the threshold
    pro-rated to the elapsed share of the year, on_track / behind); the target is met only if every
    group is; its value is the lowest group's."""
    assert t.group_by is not None and t.groups is not None
    counted = matching.group_by(t.group_by).agg(_aggregations(t)).collect()
    by_key = {r[t.group_by]: r for r in counted.to_dicts()}
    empty = {"rows": 0, "total": 0, "empty": 0}
    matched = int(counted["rows"].sum())  # every matching row: a row without a group is a group of its own
    exclusions = _outside_filter(t, in_period, matched)
    listed = [by_key.get(key, empty) for key in t.groups]
    goal = static_goal(t, ctx.contract)
    groups = [GroupResult(key=key, value=_value(t, row), status=_group_status(t, ctx, _value(t, row), goal),
                          numerator=int(row["rows"]))
              for key, row in zip(t.groups, listed, strict=True)]
    label = ctx.label(t.source, t.group_by)
    exclusions.append(exclusion("outside_groups", f"{label[0]} uden for målet eller ikke angivet",
                                f"{label[1]} not covered by the target or not given",
                                matched - sum(int(r["rows"]) for r in listed)))
    # the verdict against the full-year threshold (the groups show their pace during the year)
    full = [g.model_copy(update={"status": judge(g.value, goal).status}) for g in groups]
    verdict = combine(full, t.groups_needed, t.comparison)
    status: Status = verdict.status
    deciding = verdict.deciding or min(groups, key=lambda g: g.value or 0)
    details: dict[str, Any] = {"rows_in_period": in_period,
                               "value_is": "the lowest group value" if t.groups_needed in (None, len(groups))
                               else f"the value of the group ranked {t.groups_needed}",
                               "deciding_group": deciding.key}
    if isinstance(t, SumTarget):
        details["empty_cells"] = sum(int(r["empty"]) for r in listed)
    return Figure(value=deciding.value, explanation=explanation, groups=groups,
                  numerator=deciding.numerator if isinstance(t, CountTarget) else None,
                  exclusions=exclusions, status=status, details=details)


def _group_status(t: Counted, ctx: Context, value: int | float, goal: Goal) -> str:
    """met / not_met when the goal is due (the year end; for ``over: period`` the period's end);
    before, on_track / behind against the goal pro-rated to the elapsed share of the window."""
    when = due(t, ctx.contract)
    if ctx.window.end >= when:
        return judge(value, goal).status
    share = elapsed_share(ctx.window.start, ctx.window.end, when)
    return goal.paced(value, goal.scaled(share)) or "insufficient_data"
