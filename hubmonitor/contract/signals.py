"""The thresholds of the integrity signals (issue 21), one object: a contract may set any of them
in its ``signals:`` block; the rest keep their defaults. The signals themselves are computed in
``engine/signals.py``; their rules in words name these values."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Positive = Annotated[int, Field(ge=1, le=1_000_000)]
Share = Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]


class SignalRules(BaseModel):
    """Every signal's threshold. A contract's ``signals: {bulk_rows: 30}`` changes one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    burst_weeks: Annotated[int, Field(ge=1, le=26)] = 3  # the period's last weeks looked at
    burst_factor: Annotated[float, Field(ge=1, le=100, allow_inf_nan=False)] = 2.0  # × the baseline share …
    burst_points: Share = 0.05  # … and at least this far above it (0.05 = 5 points)
    burst_min_rows: Positive = 10  # … with at least this many items in the last weeks
    burst_min_baseline: Positive = 20  # items the year before needs to be the baseline
    bulk_minutes: Annotated[int, Field(ge=1, le=1440)] = 60
    bulk_rows: Positive = 20  # rows registered within ``bulk_minutes``
    late_grace_days: Annotated[int, Field(ge=0, le=366)] = 14  # registered this long after the period end
    late_rows: Positive = 10  # rows registered after the period
    lag_days: Annotated[int, Field(ge=1, le=3660)] = 60  # registered this long after the activity's date
    lag_share: Share = 0.05  # share of the year's rows registered that late
    # look-alike companies (one CVR under several ids; "new" companies whose CVR was guided last year
    # under another id; near-identical names in one municipality): each counted apart, raised at this
    # share of the year's companies with a CVR, and at least lookalike_min
    lookalike_share: Share = 0.01
    lookalike_min: Positive = 3
    # the last month's change against the earlier months' mean + jump_sd standard deviations …
    jump_sd: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] = 3.0
    jump_points: Share = 0.02  # … and at least this large (0.02 = 2 points), crossing the threshold
