"""Numbers in the words the contract and the engine write before any page does (a goal's
explanation, the grant's rule): Danish with '.' between thousands and ',' before the decimals
(41.679; 0,6), English 41,679; 0.6, as ``render.format.number`` writes them; as many decimals as
the number has, to six significant digits (as ``:g`` would, without its exponent)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


def spoken(x: float | int, lang: str = "da") -> str:
    """``x`` in ``lang``'s way: 41679 → '41.679' / '41,679'; 0.6 → '0,6' / '0.6'; 4704.000000000001 → '4.704'."""
    text = f"{x:.6g}"
    if "e" in text:  # six significant digits of a number of seven or more: the digits as they are
        text = f"{x:.6f}".rstrip("0").rstrip(".")
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, decimals = digits.partition(".")
    return sign + localised(f"{int(whole):,}" + ("." + decimals if decimals else ""), lang)


def localised(text: str, lang: str) -> str:
    """A number written the English way (``41,679.5``) in ``lang``'s: ``41.679,5`` in Danish."""
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".") if lang == "da" else text


def spoken_pair(x: float | int) -> tuple[str, str]:
    """``spoken`` in Danish and in English."""
    return spoken(x, "da"), spoken(x, "en")


_TENS = tuple(10.0 ** p for p in range(10))


def rounded(x: float | int, places: int, scale: float = 1) -> float:
    """``x`` × ``scale`` to ``places`` decimals as a person (and Excel) rounds the number as it is
    written: a half away from zero (18.562,5 → 18.563; 74,75 → 74,8; -1,25 → -1,3), not to the even
    neighbour of its binary value as ``round`` and Python's formats do (18.562 and -1,2), so that the
    pages, the terminal and a workbook cell formatted to the same decimals show the same digits. The
    scale (a share's 100) multiplies the number as written, not its binary value: 23/80 is 28,75 %,
    shown 28,8 % (0.2875 × 100 in floats is 28.749999999999996). A number that is not finite is
    returned as it is."""
    if isinstance(x, int) and scale == 1:
        return float(x)
    y = x * scale
    if abs((y * _TENS[places] if places < len(_TENS) else y * 10 ** places) % 1.0 - 0.5) > 1e-6:
        # not near a half: the float's own rounding is the same (most numbers; the exact way costs ten times more)
        return float(round(y, places)) if math.isfinite(y) else float(x)
    if not math.isfinite(x):
        return float(x)
    exact = Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
    if scale != 1:
        exact *= Decimal(repr(float(scale)))
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))
