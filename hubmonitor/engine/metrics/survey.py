"""Shares of records (user-evaluation answers, by default) and the Net Promoter Score."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from hubmonitor.contract.filters import describe_where
from hubmonitor.contract.linked import AnsweredBy
from hubmonitor.contract.targets import NpsTarget, ShareTarget
from hubmonitor.engine.context import Context, where_expr
from hubmonitor.engine.figure import (
    Figure,
    Text,
    exclusion,
    judge,
    metric,
    no_data,
    ratio,
)
from hubmonitor.engine.goals import static_goal
from hubmonitor.engine.groups import combine, rule_text
from hubmonitor.engine.uncertainty import nps_normal_interval, wilson_interval
from hubmonitor.report import Exclusion, GroupResult, Interval
from hubmonitor.vocabulary import FIELD_LABELS, Source

_RECORDS: dict[str, Text] = {Source.EVALUATIONS: ("besvarelser", "responses"),
                              Source.ACTIVITIES: ("aktiviteter", "activities")}


def _quote(values: list[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _linked(frame: pl.DataFrame, answered_by: AnsweredBy | None, ctx: Context
            ) -> tuple[pl.DataFrame, list[Exclusion], Text | None]:
    """With ``answered_by``: only the answers whose company has a matching activity in the CRM (a
    semi-join on the distinct company ids), the step that takes the others out, and the sentence
    that says so. An answer without a company id has no guidance to find: it is taken out too."""
    if answered_by is None:
        return frame, [], None
    guided = ctx.companies(answered_by.where, previous=answered_by.previous())
    kept = frame.join(guided, on="company_id", how="semi")
    da, en = answered_by.guided_text(ctx.window.start.year, ctx.labels(Source.ACTIVITIES))
    step = exclusion("not_guided", f"svar fra virksomheder uden {da}", f"answers from companies without {en}",
                     frame.height - kept.height)
    sentence = (f" Kun svar fra virksomheder, der har fået {da} ifølge CRM.",
                f" Only answers from companies that received {en} according to the CRM.")
    return kept, [step], sentence


def _no_guidance(answered_by: AnsweredBy | None, ctx: Context) -> Text | None:
    """Why answers cannot be linked to guidance: no CRM activity at all in the year the restriction
    reads (every answer would be taken out as 'not guided', a wrong figure in silence)."""
    if answered_by is None:
        return None
    rows = ctx.previous_activities if answered_by.previous() else ctx.activities
    if rows.height:
        return None
    year = ctx.window.start.year - 1 if answered_by.previous() else ctx.window.start.year
    return (f"ingen CRM-aktiviteter fra {year} at knytte svarene til (answered_by)",
            f"no CRM activities from {year} to link the answers to (answered_by)")


def _with(text: Text, sentence: Text | None) -> Text:
    return text if sentence is None else (text[0] + sentence[0], text[1] + sentence[1])


def _group_rule(t: ShareTarget, group: Text) -> Text:
    """How the groups are judged, in words: every listed group, or at least ``groups_needed`` of them."""
    listed = ", ".join(t.groups or [])
    if t.group_by == "segment":
        head: Text = (f"; opgjort for hvert segment ({listed}), ", f"; computed per segment ({listed}), ")
        rule = rule_text(t.groups_needed, len(t.groups or []),
                         ("og målet skal nås i hvert", "and every segment must meet it"), ("segmenter", "segments"))
    else:
        head = (f"; opgjort pr. {group[0]} ({listed}), ", f"; computed per {group[1]} ({listed}), ")
        rule = rule_text(t.groups_needed, len(t.groups or []),
                         ("og målet skal nås i hver af dem", "and each of them must meet it"), ("grupper", "groups"))
    return head[0] + rule[0], head[1] + rule[1]


def explain_share(t: ShareTarget, records: Text, answer: Text, group: Text = ("segment", "segment"),
                  labels: Mapping[str, Text] | None = None) -> Text:
    rec_da, rec_en = records
    field_da, field_en = answer
    scope_da = f" hvor {describe_where(t.where, 'da', labels)}" if t.where else ""
    scope_en = f" where {describe_where(t.where, 'en', labels)}" if t.where else ""
    excl_da = f", bortset fra {_quote(t.exclude)}" if t.exclude else ""
    excl_en = f", leaving out {_quote(t.exclude)}" if t.exclude else ""
    group_da, group_en = _group_rule(t, group) if t.group_by else ("", "")
    return (
        f"Andelen af {rec_da}{scope_da} med {field_da} = {_quote(t.success)} blandt {rec_da}, der har "
        f"besvaret spørgsmålet{excl_da}{group_da}.",
        f"Share of {rec_en}{scope_en} with {field_en} = {_quote(t.success)} among {rec_en} that "
        f"answered the question{excl_en}{group_en}.",
    )


def _counts(frame: pl.DataFrame, t: ShareTarget, by: str | None) -> pl.DataFrame:
    """One pass: per group, records in scope, answered, each exclusion and successes."""
    in_scope = where_expr(t.where)
    answer = pl.col(t.answer)
    answered = in_scope & answer.is_not_null()
    aggs = [
        pl.len().alias("records"),
        in_scope.sum().alias("in_scope"),
        answered.sum().alias("answered"),
        *[(answered & (answer == v)).sum().alias(f"excl_{i}") for i, v in enumerate(t.exclude)],
        (answered & answer.is_in(t.success)).sum().alias("success"),
    ]
    key = pl.col(by) if by else pl.lit("all")
    return frame.group_by(key.alias("key")).agg(aggs)


def _exclusions(t: ShareTarget, row: dict[str, int], labels: Mapping[str, Text] | None = None
                ) -> tuple[list[Exclusion], int]:
    steps: list[Exclusion] = []
    if t.where:
        steps.append(exclusion("outside_filter", f"uden for målgruppen ({describe_where(t.where, 'da', labels)})",
                               f"outside the target group ({describe_where(t.where, 'en', labels)})",
                               row["records"] - row["in_scope"]))
    steps.append(exclusion("empty_answer", "ikke besvaret", "not answered", row["in_scope"] - row["answered"]))
    denominator = row["answered"]
    for i, v in enumerate(t.exclude):
        steps.append(exclusion(f"excluded_answer:{v}", f"svaret '{v}' udelades", f"answer '{v}' left out",
                               row[f"excl_{i}"]))
        denominator -= row[f"excl_{i}"]
    return steps, denominator


def _outside_groups(group: Text) -> Text:
    return f"{group[0]} uden for målet eller ikke angivet", f"{group[1]} not covered by the target or not given"


def _sum_rows(rows: list[dict[str, int]], columns: list[str]) -> dict[str, int]:
    return {c: sum(int(r.get(c) or 0) for r in rows) for c in columns}


def _interval(t: ShareTarget, successes: int, n: int) -> Interval | None:
    """A Wilson interval for a share of answers (a sample); none for a share of CRM activities
    (every activity is counted, not sampled) or with no answers."""
    return wilson_interval(successes, n) if t.sampled() and n > 0 else None


@metric(ShareTarget)
def share(t: ShareTarget, ctx: Context) -> Figure:
    frame, linked, sentence = _linked(ctx.records(t.source), t.answered_by, ctx)
    records = _RECORDS.get(t.source) or ctx.label(t.source)
    labels = ctx.labels(t.source)
    group = ("segment", "segment") if t.group_by in (None, "segment") else ctx.label(t.source, t.group_by)
    explanation = _with(explain_share(t, records, FIELD_LABELS.get(t.answer) or ctx.label(t.source, t.answer),
                                      group, labels), sentence)
    if (reason := _no_guidance(t.answered_by, ctx)) is not None:
        return no_data(*reason, explanation)
    counts = _counts(frame, t, t.group_by).to_dicts()
    columns = ["records", "in_scope", "answered", "success", *[f"excl_{i}" for i in range(len(t.exclude))]]
    total = _sum_rows(counts, columns)
    if t.group_by is None:
        exclusions, denominator = _exclusions(t, total, labels)
        exclusions = [*linked, *exclusions]
        value = ratio(total["success"], denominator)
        if value is None:
            none = (("ingen besvarelser at beregne andelen af", "no responses to compute the share from")
                    if t.source == Source.EVALUATIONS else
                    (f"ingen {records[0]} at beregne andelen af", f"no {records[1]} to compute the share from"))
            return no_data(*none,
                           explanation, numerator=total["success"], denominator=0, exclusions=exclusions,
                           n=0 if t.sampled() else None)
        return Figure(value=value, explanation=explanation, numerator=total["success"],
                      denominator=denominator, exclusions=exclusions,
                      n=denominator if t.sampled() else None,
                      interval=_interval(t, total["success"], denominator))

    goal = static_goal(t, ctx.contract)
    by_key = {r["key"]: r for r in counts}
    groups = []
    too_few: list[str] = []
    for key in t.groups or []:
        row = by_key.get(key) or dict.fromkeys(columns, 0)
        _, denominator = _exclusions(t, row)
        success = int(row["success"])
        value = ratio(success, denominator)
        interval = _interval(t, success, denominator)
        verdict = judge(value, goal, n=denominator if t.sampled() else None,
                        interval=interval, min_answers=t.answers_needed)
        if verdict.reason is not None:
            too_few.append(f"{key} ({denominator})")
        groups.append(GroupResult(key=key, value=value, numerator=success, denominator=denominator,
                                  status=verdict.status, interval=interval,
                                  uncertain=verdict.uncertain if t.sampled() else None))
    outside = total["records"] - sum(int(by_key.get(k, {}).get("records") or 0) for k in t.groups or [])
    # After 'outside_groups', count only the listed groups' records, so a record outside the
    # groups is not taken out twice (records - exclusions = the sum of the group denominators).
    exclusions, _ = _exclusions(t, _sum_rows([r for r in counts if r["key"] in (t.groups or [])], columns),
                                labels)
    exclusions = [*linked, exclusion("outside_groups", *_outside_groups(group), outside), *exclusions]
    # Every group must meet it (or groups_needed of them): engine/groups.py. The value is the
    # deciding group's (every group needed: the lowest of the judged groups), unknown when undecided.
    overall = combine(groups, t.groups_needed)
    status, deciding, uncertain = overall.status, overall.deciding, overall.uncertain
    every = t.groups_needed in (None, len(groups))
    figure = Figure(value=deciding.value if deciding else None, explanation=explanation, groups=groups,
                    numerator=deciding.numerator if deciding else None,
                    denominator=deciding.denominator if deciding else None,
                    exclusions=exclusions, status=status,
                    n=deciding.denominator if deciding and t.sampled() else None,
                    interval=deciding.interval if deciding else None, uncertain=uncertain,
                    details={"value_is": "the lowest group value" if every else
                             f"group value number {t.groups_needed} from the top (groups_needed)",
                             "deciding_group": deciding.key if deciding else None})
    if status == "insufficient_data":
        empty = [g.key for g in groups if g.value is None]
        where = (("i segment", "in segment") if t.group_by == "segment" else
                 (f"med {group[0]}", f"with {group[1]}"))
        per = ("segment", "segment") if t.group_by == "segment" else ("gruppe", "group")
        parts = ([(f"ingen besvarelser {where[0]} {', '.join(empty)}",
                   f"no responses {where[1]} {', '.join(empty)}")] if empty else [])
        if too_few:  # answered, but by fewer than min_answers
            parts.append((f"for få besvarelser {where[0]} {', '.join(too_few)}; kontrakten kræver mindst "
                          f"{t.answers_needed} pr. {per[0]} (min_answers)",
                          f"too few responses {where[1]} {', '.join(too_few)}; the contract requires at least "
                          f"{t.answers_needed} per {per[1]} (min_answers)"))
        figure.reason = ("; ".join(da for da, _ in parts), "; ".join(en for _, en in parts))
    return figure


@metric(NpsTarget)
def nps(t: NpsTarget, ctx: Context) -> Figure:
    scope_da, scope_en = ("", "")
    if t.where:
        da, en = ctx.where_words(t.where, t.source)
        scope_da, scope_en = f" hvor {da}", f" where {en}"
    frame, linked, sentence = _linked(ctx.evaluations, t.answered_by, ctx)
    explanation = _with((
        f"Net Promoter Score for besvarelser{scope_da} med en anbefalingsscore: 100 × (andel 9-10 "
        "minus andel 0-6).",
        f"Net Promoter Score of responses{scope_en} with a recommendation score: 100 × (share 9-10 "
        "minus share 0-6).",
    ), sentence)
    if (reason := _no_guidance(t.answered_by, ctx)) is not None:
        return no_data(*reason, explanation)
    in_scope = where_expr(t.where)
    score = pl.col("nps")
    row = frame.select(
        pl.len().alias("records"), in_scope.sum().alias("in_scope"),
        (in_scope & score.is_not_null()).sum().alias("answered"),
        (in_scope & (score >= 9)).sum().alias("promoters"),
        (in_scope & (score <= 6)).sum().alias("detractors"),
    ).row(0, named=True)
    exclusions = list(linked)
    if t.where:
        exclusions.append(exclusion("outside_filter", "uden for målgruppen", "outside the target group",
                                    row["records"] - row["in_scope"]))
    exclusions.append(exclusion("empty_answer", "ikke besvaret", "not answered", row["in_scope"] - row["answered"]))
    n, promoters, detractors = row["answered"], row["promoters"], row["detractors"]
    details = {"promoters": promoters, "passives": n - promoters - detractors, "detractors": detractors}
    if not n:
        return no_data("ingen besvarelser med en anbefalingsscore", "no responses with a recommendation score",
                       explanation, denominator=0, exclusions=exclusions, details=details, n=0)
    return Figure(value=100 * (promoters - detractors) / n, explanation=explanation,
                  numerator=promoters - detractors, denominator=n, exclusions=exclusions, details=details,
                  n=n, interval=nps_normal_interval(promoters, detractors, n))
