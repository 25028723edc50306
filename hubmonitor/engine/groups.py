"""A grouped target's verdict from its groups' verdicts: every listed group must meet the target, or
with ``groups_needed: K`` at least K of them. One rule for every kind that judges per group.

    verdict = combine(groups, needed)        # groups: GroupResult, each judged already
    figure.status, figure.uncertain = verdict.status, verdict.uncertain
    deciding = verdict.deciding              # its value is the target's value (None: undecided)
"""

from __future__ import annotations

from dataclasses import dataclass

from hubmonitor.report import GroupResult, Status

Text = tuple[str, str]  # (Danish, English)


@dataclass(frozen=True)
class GroupVerdict:
    status: Status
    uncertain: bool
    deciding: GroupResult | None  # the group whose value the target shows; None when undecided


def combine(groups: list[GroupResult], needed: int | None = None, comparison: str = ">=") -> GroupVerdict:
    """Met when at least ``needed`` (default: all) groups are met; not met when even with every
    undecided group met fewer than ``needed`` would be; else insufficient_data.

    The value shown is the worst judged group's when every group is needed (with K of N: the K-th
    best judged group's, the one that decides, or the worst when fewer than K are judged). Worst is
    the lowest value, or the highest where less is better (``comparison`` '<=' or '<': a time).
    Uncertain: met, but fewer than K groups are met with certainty; or not met, but K groups could
    still be met counting those missing it only within their confidence interval."""
    k = len(groups) if needed is None else needed
    met = [g for g in groups if g.status == "met"]
    missed = [g for g in groups if g.status == "not_met"]
    undecided = len(groups) - len(met) - len(missed)
    status: Status = ("met" if len(met) >= k else
                      "not_met" if len(met) + undecided < k else "insufficient_data")
    judged = [g for g in groups if g.status != "insufficient_data"]
    deciding = None if status == "insufficient_data" else _deciding(judged, k, len(groups),
                                                                     comparison in ("<=", "<"))
    if status == "met":
        uncertain = sum(1 for g in met if not g.uncertain) < k
    elif status == "not_met":
        uncertain = len(met) + undecided + sum(1 for g in missed if g.uncertain) >= k
    else:
        uncertain = False
    return GroupVerdict(status, uncertain, deciding)


def _deciding(judged: list[GroupResult], k: int, listed: int, less_is_better: bool = False) -> GroupResult:
    if k == listed or len(judged) < k:  # the worst (the first of equals)
        return (max if less_is_better else min)(judged, key=lambda g: g.value or 0.0)
    return sorted(judged, key=lambda g: g.value or 0.0, reverse=not less_is_better)[k - 1]


def rule_text(needed: int | None, listed: int, every: Text, plural: Text) -> Text:
    """The rule in words: ``every`` (e.g. 'og målet skal nås i hvert') when all are needed, else
    'at least K of the N' followed by ``plural`` (e.g. 'segmenter')."""
    if needed is None or needed == listed:
        return every
    return (f"og målet skal nås i mindst {needed} af {listed} {plural[0]}",
            f"and at least {needed} of the {listed} {plural[1]} must meet it")
