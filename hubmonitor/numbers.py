"""Numbers in the words the contract and the engine write before any page does (a goal's
explanation, the grant's rule): Danish with '.' between thousands and ',' before the decimals
(41.679; 0,6), English 41,679; 0.6, as ``render.format.number`` writes them; as many decimals as
the number has, to six significant digits (as ``:g`` would, without its exponent)."""

from __future__ import annotations


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
