"""Does the data belong to the contract's hub? A guard against evaluating the wrong folder.

A company is located in the municipality of its latest activity in the evaluation window (the
reading the spread uses, ``Context.companies_by_municipality``). When more than half of the
located companies lie outside the contract's municipalities, the data most likely belong to
another hub: ``evaluate`` stops with ``OutsideHubError`` naming the share and the hub that holds
most of those companies, unless it is told to go on (``allow_outside_hub``).
"""

from __future__ import annotations

import polars as pl

from hubmonitor.engine.context import Context
from hubmonitor.errors import HubShare, OutsideHubError
from hubmonitor.reference import hub_name


def hub_share(ctx: Context) -> HubShare:
    """Where the window's companies are located, against the contract's municipalities."""
    per_municipality = ctx.companies_by_municipality({})
    members = set(ctx.contract.municipalities)
    located = outside = 0
    by_hub: dict[str, int] = {}
    for name, count in per_municipality.items():
        municipality = ctx.registry.by_name.get(name)
        if municipality is None:  # no known municipality (usable rows always have one)
            continue
        located += count
        if name not in members:
            outside += count
            by_hub[municipality.erhvervshus] = by_hub.get(municipality.erhvervshus, 0) + count
    # the hub holding most of the outside companies; on equal counts the first by name
    likely = min(by_hub.items(), key=lambda item: (-item[1], item[0]), default=None)
    return HubShare(hub=ctx.contract.hub, located=located, outside=outside,
                    likely_hub=hub_name(likely[0]) if likely else None,
                    likely_count=likely[1] if likely else 0)


def _clearly_inside(ctx: Context) -> bool:
    """True when at most half of the located companies can lie outside, found without placing each
    company: a company placed outside has a row outside, so the companies with any row outside (few,
    in a hub's own folder) bound them, and every usable row has a municipality, so every company of
    the window is located (the distinct companies are counted once for the reach targets anyway)."""
    rows = ctx.activities
    if "municipality" not in rows.columns or rows["municipality"].null_count():
        return False
    outside_any = (rows.lazy().filter(~pl.col("municipality").is_in(list(ctx.contract.municipalities)))
                   .select(pl.col("company_id").n_unique()).collect().item())
    return bool(outside_any * 2 <= ctx.companies({}).height)


def check_hub(ctx: Context, data_dir: str) -> None:
    """Raises ``OutsideHubError`` when more than half of the located companies lie outside the
    contract's municipalities (``hub_share``, unless a cheaper bound shows at once that they do not)."""
    if _clearly_inside(ctx):
        return
    found = hub_share(ctx)
    if found.outside * 2 > found.located:
        raise OutsideHubError(data_dir, f"{ctx.window.start} – {ctx.window.end}", found)
