"""Confidence intervals for figures that rest on a sample of answers. Pure functions, no data.

- A share x / n: the Wilson score interval (Wilson 1927; Newcombe 1998, method 3), which stays
  inside [0, 1] and behaves at 0 and n, unlike the plain normal (Wald) interval.
- A Net Promoter Score from n answers with P promoters and D detractors: the normal (Wald)
  approximation for the difference of two proportions of one multinomial sample,
  se = 100 · sqrt((p_P + p_D − (p_P − p_D)²) / n), clipped to [−100, 100].

``z`` is the two-sided 95 % normal quantile, Φ⁻¹(0.975).
"""

from __future__ import annotations

from math import sqrt

from hubmonitor.report import LEVEL, Interval

Z95 = 1.959963984540054


def wilson(successes: float, n: float, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for ``successes`` out of ``n`` (0 ≤ successes ≤ n, n > 0).

    The bounds are the two roots p of (p̂ − p)² = z² p (1 − p) / n:
    (p̂ + z²/2n ± z · sqrt(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n).
    """
    if n <= 0 or not 0 <= successes <= n:
        raise ValueError(f"wilson needs 0 <= successes <= n and n > 0, not {successes}/{n}")
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    # At p = 0 (p = 1) the lower (upper) bound is exactly 0 (1); float rounding would miss it.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def nps_interval(promoters: int, detractors: int, n: int, z: float = Z95) -> tuple[float, float]:
    """A normal-approximation interval for NPS = 100 · (P − D) / n, clipped to [−100, 100]."""
    if n <= 0 or promoters < 0 or detractors < 0 or promoters + detractors > n:
        raise ValueError(f"nps_interval needs 0 <= promoters + detractors <= n, n > 0 (P={promoters}, "
                         f"D={detractors}, n={n})")
    p_pro, p_det = promoters / n, detractors / n
    score = 100 * (p_pro - p_det)
    variance = max(0.0, p_pro + p_det - (p_pro - p_det) ** 2) / n
    half = z * 100 * sqrt(variance)
    return max(-100.0, score - half), min(100.0, score + half)


def wilson_interval(successes: float, n: float) -> Interval:
    low, high = wilson(successes, n)
    return Interval(low=low, high=high, level=LEVEL, method="wilson")


def nps_normal_interval(promoters: int, detractors: int, n: int) -> Interval:
    low, high = nps_interval(promoters, detractors, n)
    return Interval(low=low, high=high, level=LEVEL, method="normal")


__all__ = ["LEVEL", "Z95", "nps_interval", "nps_normal_interval", "wilson", "wilson_interval"]
