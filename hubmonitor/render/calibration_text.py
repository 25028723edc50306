"""The calibration of a draft target in words (issue 20): what each number means and what it does not.

Each function takes a result of ``engine.calibration`` and gives a (Danish, English) pair: the
figure, what it rests on, and its limits, in the numbers of ``render.format`` (83,1 %; 4.480).
``METHOD_TEXT`` names each method and its limits once, for the page's note on methods. Computes
nothing beyond choosing words: the numbers are the results'.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from hubmonitor.engine.calibration import (
    AMBITIOUS,
    REACHABLE,
    GroupsChance,
    ShareChance,
    ShareLevels,
    Significance,
    Trend,
    reachable_count,
)
from hubmonitor.engine.calibration_view import Calibration
from hubmonitor.goal import Goal, fixed
from hubmonitor.render.format import COMPARISON_TEXT, number, percent, value_text

Text = tuple[str, str]  # (Danish, English)

# Units whose values cannot be negative: a range below zero is shown from 0.
_NOT_NEGATIVE = frozenset({"share", "count", "thousand_kr", "days", "hours"})
_SMALL = {"da": ("nul", "ét", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti"),
          "en": ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")}

METHOD_TEXT: dict[str, Text] = {
    "binomial": (
        "Chancen for at nå et mål for en andel er beregnet eksakt med binomialfordelingen: hvert af næste års "
        "svar tæller med, som om sandsynligheden var sidste års andel, og antallet af svar er erhvervshusets "
        "sædvanlige (medianen af de tidligere års antal). Den dækker kun den tilfældige variation i, hvem der svarer "
        "(stikprøveusikkerhed) – ikke at niveauet stiger eller falder, at andre virksomheder svarer, eller at "
        "antallet af svar bliver et andet. Sidste års andel er selv et skøn fra et begrænset antal svar; den "
        "usikkerhed er heller ikke med. Målet vurderes efter samme regel som i rapporten.",
        "The chance of meeting a target for a share is computed exactly from the binomial distribution: each of "
        "next year's answers counts as if its chance were last year's share, and the number of answers is the "
        "hub's usual one (the median of the past years' numbers). It covers only the random variation in who "
        "answers (sampling uncertainty) – not the level rising or falling, other companies answering, or the "
        "number of answers changing. Last year's share is itself an estimate from a limited number of answers; that "
        "uncertainty is not included either. The target is judged by the same rule as in the report."),
    "groups": (
        "For et mål, der skal nås i hver gruppe (eller i mindst K af dem), er chancerne for de enkelte grupper "
        "lagt sammen med Poisson-binomialfordelingen under antagelse af, at grupperne varierer uafhængigt af "
        "hinanden. Flytter de sig sammen (en ændring, der løfter eller sænker alle), kan chancen være en helt anden.",
        "For a target every group must meet (or at least K of them), the groups' chances are combined by the "
        "Poisson binomial distribution, assuming the groups vary independently of one another. Where they move "
        "together (a change that lifts or lowers them all) the chance can be quite different."),
    "wilson": (
        "Den mindste forskel, antallet af svar kan vise: den mindste afstand fra målet, hvor målet ikke længere "
        "ligger inden for andelens 95 %-konfidensinterval (Wilson), som i rapporten. Mindre forskelle kaldes "
        "usikre; det siger intet om, hvor stor en forskel der betyder noget i praksis.",
        "The smallest difference the number of answers can show: the smallest distance from the target at which "
        "the target no longer lies inside the share's 95 % confidence interval (Wilson), as in the report. Smaller "
        "differences are called uncertain; it says nothing of how large a difference matters in practice."),
    "levels": (
        "Realistisk og ambitiøst niveau for en andel: det strengeste mål i hele procentpoint, der nås med en chance "
        "på mindst 80 % (omkring 4 år af 5) og mindst 50 % (omkring hvert andet år), beregnet som ovenfor. Hele "
        "procentpoint, fordi chancen kun ændrer sig ved en andel, antallet af svar kan give.",
        "Reachable and ambitious level for a share: the strictest target in whole percentage points met with a "
        "chance of at least 80 % (about 4 years of 5) and at least 50 % (about every other year), computed as "
        "above. Whole points, because the chance only changes at a share the number of answers can give."),
    "trend": (
        "Tendensen er en ret linje gennem de tidligere års værdier (mindste kvadraters metode). Intervallet er et "
        "95 %-forudsigelsesinterval for et nyt år (Students t-fordeling); det forudsætter, at linjen holder, og at "
        "årene spreder sig tilfældigt og lige meget om den. Med få år er det bredt, med to år findes det ikke, og "
        "en ny indsats, en ændret registrering eller en ny kontrakt kan bryde linjen. Realistisk niveau: den "
        "ensidede 80 %-grænse, som linjen når omkring 4 år af 5, hvis den holder; ambitiøst: linjens værdi.",
        "The trend is a straight line through the past years' values (least squares). The range is a 95 % "
        "prediction interval for a new year (Student's t distribution); it assumes that the line holds and that "
        "the years scatter randomly and evenly around it. With few years it is wide, with two it does not exist, "
        "and a new effort, a change in registration or a new contract can break the line. Reachable level: the "
        "one-sided 80 % bound the line reaches in about 4 years of 5 if it holds; ambitious: the line's value."),
}


def chance_text(p: float, lang: str = "da") -> str:
    """A chance as a whole percentage, never rounded to a certainty it is not: 'over 99 %', 'under 1 %'."""
    if 0 < p < 0.005:
        return "under 1 %" if lang == "da" else "below 1 %"
    if 0.995 <= p < 1:
        return "over 99 %" if lang == "da" else "above 99 %"
    return percent(p, 0, lang)


def threshold_text(goal: Goal, unit: str, lang: str = "da") -> str:
    """A goal with its comparison, e.g. '≥ 80,0 %' or '40,0 % – 60,0 %'; '–' without a value."""
    v = goal.value
    if v is None:
        return "–"
    if isinstance(v, list):
        return f"{value_text(v[0], unit, lang)} – {value_text(v[1], unit, lang)}"
    return f"{COMPARISON_TEXT[lang][goal.comparison]} {value_text(v, unit, lang)}"


def _points(x: float, lang: str) -> str:
    """A difference of shares in percentage points: '8,0 procentpoint'."""
    return f"{number(x, 1, lang, scale=100)} {'procentpoint' if lang == 'da' else 'percentage points'}"


def _count(k: int, lang: str) -> str:
    """A small whole number as a word (to, tre, fire), a larger one in digits."""
    return _SMALL[lang][k] if 0 <= k < len(_SMALL[lang]) else number(k, 0, lang)


def share_chance_text(c: ShareChance, unit: str = "share") -> Text:
    """E.g. 'Chancen for at nå målet ≥ 80,0 % er 89 % med 212 svar og sidste års andel 83,1 % (691 af
    832). Den tager kun højde for tilfældig variation i, hvem der svarer (stikprøveusikkerhed); …'."""
    texts = []
    for lang in ("da", "en"):
        p, goal = chance_text(c.probability, lang), threshold_text(c.goal, unit, lang)
        n, share = number(c.n, 0, lang), percent(c.share_last, 1, lang)
        s, m = number(c.successes_last, 0, lang), number(c.n_last, 0, lang)
        texts.append(
            f"Chancen for at nå målet {goal} er {p} med {n} svar og sidste års andel {share} ({s} af {m}). Den "
            "tager kun højde for tilfældig variation i, hvem der svarer (stikprøveusikkerhed); den regner ikke "
            "med, at niveauet ændrer sig, og er ikke en prognose." if lang == "da" else
            f"The chance of meeting the target {goal} is {p} with {n} answers and last year's share of {share} "
            f"({s} of {m}). It allows only for random variation in who answers (sampling uncertainty); it does not "
            "allow for the level changing, and it is not a forecast.")
    return texts[0], texts[1]


def groups_chance_text(g: GroupsChance, plural: Text = ("grupper", "groups")) -> Text:
    """E.g. 'Chancen for, at alle 3 segmenter når målet, er 41 % …' (or 'mindst 2 af de 3')."""
    listed, needed = len(g.groups), g.needed
    if needed == listed:
        who_da = f"begge {plural[0]}" if listed == 2 else f"alle {_count(listed, 'da')} {plural[0]}"
        who_en = f"both {plural[1]}" if listed == 2 else f"all {_count(listed, 'en')} {plural[1]}"
    else:
        first = "én" if needed == 1 else _count(needed, "da")  # én gruppe, ét segment: groups are common gender
        who_da = f"mindst {first} af de {_count(listed, 'da')} {plural[0]}"
        who_en = f"at least {_count(needed, 'en')} of the {_count(listed, 'en')} {plural[1]}"
    return (f"Chancen for, at {who_da} når målet, er {chance_text(g.probability, 'da')}, hvis de varierer "
            "uafhængigt af hinanden, hver med sidste års andel og sit sædvanlige antal svar. Flytter de sig "
            "sammen, kan chancen være en helt anden; kun stikprøveusikkerhed.",
            f"The chance that {who_en} meet the target is {chance_text(g.probability, 'en')}, if they vary "
            "independently of one another, each at last year's share and its usual number of answers. If they move "
            "together the chance can be quite different; sampling uncertainty only.")


def significance_text(sig: Significance) -> Text:
    """E.g. 'Med 100 svar skal andelen ligge mindst 8,0 procentpoint over målet 80,0 % (mindst 88 af 100
    svar) for at være signifikant over det, og mindst 8,0 procentpoint under (højst 72 af 100) …'."""
    texts = []
    for lang in ("da", "en"):
        da = lang == "da"
        n, t = number(sig.n, 0, lang), percent(sig.threshold, 1, lang)
        if sig.above is None or sig.above_k is None:
            above = (f"ingen andel kan være signifikant over målet {t}" if da else
                     f"no share can be significantly above the target {t}")
        else:
            k = number(sig.above_k, 0, lang)
            above = (f"andelen skal ligge mindst {_points(sig.above, lang)} over målet {t} (mindst {k} af {n} svar) "
                     "for at være signifikant over det" if da else
                     f"a share must lie at least {_points(sig.above, lang)} above the target {t} (at least {k} of "
                     f"{n} answers) to be significantly above it")
        if sig.below is None or sig.below_k is None:
            below = (f"ingen andel kan være signifikant under {t}" if da else
                     f"no share can be significantly below {t}")
        else:
            k = number(sig.below_k, 0, lang)
            below = (f"mindst {_points(sig.below, lang)} under (højst {k} af {n}) for at være signifikant under det"
                     if da else f"at least {_points(sig.below, lang)} below it (at most {k} of {n}) to be "
                     "significantly below it")
        texts.append(f"Med {n} svar: {above}, og {below}. Ligger andelen nærmere målet, ligger målet inden for "
                     "andelens 95 %-konfidensinterval (Wilson), og andelen kaldes usikker. Det siger ikke, hvor stor "
                     "en forskel der betyder noget i praksis." if da else
                     f"With {n} answers: {above}, and {below}. Closer to the target, the target lies inside the "
                     "share's 95 % confidence interval (Wilson), and the share is called uncertain. It does not say "
                     "how large a difference matters in practice.")
    return texts[0], texts[1]


def _level(levels: ShareLevels, which: str, unit: str, lang: str) -> str:
    """One level in words: '≥ 81,0 % med en chance på 81 % (realistisk: omkring 4 år af 5)', or that no
    whole-point threshold has the chance."""
    da = lang == "da"
    reachable = which == "reachable"
    t, chance = ((levels.reachable, levels.reachable_chance) if reachable else
                 (levels.ambitious, levels.ambitious_chance))
    q = percent(float(REACHABLE if reachable else AMBITIOUS), 0, lang)
    word = (("realistisk", "omkring 4 år af 5") if reachable else ("ambitiøst", "omkring hvert andet år")) if da else (
        ("reachable", "about 4 years of 5") if reachable else ("ambitious", "about every other year"))
    if t is None or chance is None:
        return (f"intet mål i hele procentpoint har en chance på mindst {q} ({word[0]})" if da else
                f"no target in whole percentage points has a chance of at least {q} ({word[0]})")
    goal = threshold_text(fixed(levels.comparison, t), unit, lang)
    return (f"målet {goal} nås med en chance på {chance_text(chance, lang)} ({word[0]}: {word[1]})" if da else
            f"the target {goal} is met with a chance of {chance_text(chance, lang)} ({word[0]}: {word[1]})")


def share_levels_text(levels: ShareLevels, unit: str = "share") -> Text:
    """E.g. 'Med 212 svar og sidste års andel 83,1 %: målet ≥ 81,0 % nås med en chance på 81 %
    (realistisk: omkring 4 år af 5), og målet ≥ 83,0 % med … (ambitiøst: omkring hvert andet år) …'."""
    texts = []
    for lang in ("da", "en"):
        n, share = number(levels.n, 0, lang), percent(levels.share_last, 1, lang)
        reach, ambition = _level(levels, "reachable", unit, lang), _level(levels, "ambitious", unit, lang)
        texts.append(f"Med {n} svar og sidste års andel {share}: {reach}; {ambition} – hvis niveauet holder sig. "
                     "Kun stikprøveusikkerhed; målene er hele procentpoint." if lang == "da" else
                     f"With {n} answers and last year's share of {share}: {reach}; {ambition} – if the level holds. "
                     "Sampling uncertainty only; the targets are whole percentage points.")
    return texts[0], texts[1]


def _at(comparison: str) -> str:
    """What "mindst" / "højst" (at least, at most) before a level say: "≥" where more is better, else "≤"."""
    return ">=" if comparison in (">=", ">") else "<="


def _count_level(x: float, unit: str, comparison: str, lang: str) -> str:
    """A level a count is to reach, as a goal for it: a whole number, the same goal ("mindst 18,6
    kommuner" is "mindst 19": a count is whole), up for "≥" and "<", down for "≤" and ">"; another
    unit as ``_value``."""
    if unit == "count":
        exact = round(x, 9)  # (a level that is whole but for the float's last bits stays where it is)
        x = float(math.ceil(exact) if comparison in (">=", "<") else math.floor(exact))
    return _value(x, unit, lang)


def _capped(x: float, comparison: str, ceiling: float | None) -> float:
    """A level where more is better, at most the count's ceiling (``Calibration.ceiling``: a count of
    the contract's 19 municipalities is not suggested as ≥ 22; a review)."""
    return min(x, ceiling) if ceiling is not None and comparison in (">=", ">") else x


def _ceiling_note(line: Trend, ceiling: float | None, lang: str) -> str:
    """Where the line runs above the most the count can be: said after its value."""
    if ceiling is None or line.fitted <= ceiling:
        return ""
    most = number(ceiling, 0, lang)
    return f" (men tallet kan højst være {most})" if lang == "da" else f" (but the count can be at most {most})"


def _value(x: float, unit: str, lang: str) -> str:
    """A trend's value in its unit, within what the unit can hold: from 0 where it cannot be
    negative, up to 100 % for a share."""
    if unit in _NOT_NEGATIVE:
        x = max(0.0, x)
    return value_text(min(1.0, x) if unit == "share" else x, unit, lang)


def trend_text(line: Trend, unit: str, comparison: str = ">=", ceiling: float | None = None) -> Text:
    """E.g. 'En ret linje gennem 2021–2024 (fire år) giver 17,5 i 2025, med et 95 %-forudsigelsesinterval
    fra 11,0 til 24,0; mindst 15,9 nås omkring 4 år af 5, hvis linjen holder. …'."""
    texts = []
    for lang in ("da", "en"):
        da = lang == "da"
        years, fitted = len(line.points), _value(line.fitted, unit, lang)
        if line.exact_fit:
            texts.append(
                f"En ret linje gennem {line.first_year}–{line.last_year} giver {fitted} i {line.year}. Årene ligger "
                "præcis på linjen, så spredningen om den kan ikke vurderes: der er intet interval og ingen chance "
                "at beregne; det betyder ikke, at niveauet er sikkert." if da else
                f"A straight line through {line.first_year}–{line.last_year} gives {fitted} in {line.year}. The "
                "years lie exactly on the line, so the spread around it cannot be estimated: there is no range and "
                "no chance to compute; that does not make the level certain.")
            continue
        if line.low is None or line.high is None:
            texts.append(
                f"En ret linje gennem de to år {line.first_year} og {line.last_year} giver {fitted} i {line.year}. "
                "Med kun to år går linjen præcis gennem begge, så spredningen om den kan ikke vurderes: der er "
                "intet interval, før et tredje år er med." if da else
                f"A straight line through the two years {line.first_year} and {line.last_year} gives {fitted} in "
                f"{line.year}. With only two years the line runs exactly through both, so the spread around it "
                "cannot be estimated: there is no range until a third year is in.")
            continue
        low, high = _value(line.low, unit, lang), _value(line.high, unit, lang)
        level = percent(line.level, 0, lang)
        reach = reachable_count(line, comparison)
        reach = None if reach is None else _capped(reach, comparison, ceiling)
        few = _count(years, lang)
        if da:
            text = (f"En ret linje gennem {line.first_year}–{line.last_year} ({few} år) giver {fitted} i {line.year}, "
                    f"med et {level}-forudsigelsesinterval fra {low} til {high}")
            if reach is not None:
                bound = "mindst" if comparison in (">=", ">") else "højst"
                reached = _count_level(reach, unit, _at(comparison), lang)
                text += f"; {bound} {reached} nås omkring 4 år af 5, hvis linjen holder"
            text += (f". Med {few} punkter er intervallet bredt, og en ny indsats eller en ændret registrering kan "
                     "bryde linjen." if years <= 5 else
                     ". Intervallet forudsætter, at linjen holder; en ny indsats eller en ændret registrering kan "
                     "bryde den.")
        else:
            text = (f"A straight line through {line.first_year}–{line.last_year} ({few} years) gives {fitted} in "
                    f"{line.year}, with a {level} prediction interval from {low} to {high}")
            if reach is not None:
                bound = "at least" if comparison in (">=", ">") else "at most"
                reached = _count_level(reach, unit, _at(comparison), lang)
                text += f"; {bound} {reached} is reached about 4 years of 5 if the line holds"
            text += (f". With {few} points the range is wide, and a new effort or a change in registration can "
                     "break the line." if years <= 5 else
                     ". The range assumes the line holds; a new effort or a change in registration can break it.")
        if ceiling is not None and (line.fitted > ceiling or (line.high is not None and line.high > ceiling)):
            most = number(ceiling, 0, lang)
            text += (f" Tallet kan højst være {most}; linjen og intervallet tager ikke højde for det." if da else
                     f" The count can be at most {most}; the line and the range do not take that into account.")
        texts.append(text)
    return texts[0], texts[1]


def no_trend_text(points: Sequence[tuple[int, float]], unit: str) -> Text:
    """Why there is no trend: one past year, or none."""
    if not points:
        return "Ingen tidligere år: ingen tendens at beregne.", "No past years: no trend to compute."
    year, value = points[0]
    return (f"Kun ét tidligere år ({year}: {value_text(value, unit, 'da')}): ingen tendens at beregne.",
            f"Only one past year ({year}: {value_text(value, unit, 'en')}): no trend to compute.")


Result = ShareChance | GroupsChance | Significance | ShareLevels | Trend


def result_text(result: Result, unit: str, comparison: str = ">=", plural: Text = ("grupper", "groups"),
                ceiling: float | None = None) -> Text:
    """The sentences of any one calibration result (``comparison``: the draft's, for a trend's
    reachable bound; ``plural``: what a grouped target's groups are called)."""
    if isinstance(result, ShareChance):
        return share_chance_text(result, unit)
    if isinstance(result, GroupsChance):
        return groups_chance_text(result, plural)
    if isinstance(result, Significance):
        return significance_text(result)
    if isinstance(result, ShareLevels):
        return share_levels_text(result, unit)
    return trend_text(result, unit, comparison, ceiling)


def result_sentences(results: Sequence[Result], unit: str, lang: str = "da", comparison: str = ">=",
                     plural: Text = ("grupper", "groups"), ceiling: float | None = None) -> list[str]:
    """One sentence (or two) per result, in ``lang``: what a page or the terminal writes under the facts."""
    return [result_text(r, unit, comparison, plural, ceiling)[0 if lang == "da" else 1] for r in results]


def _share_facts(c: ShareChance, unit: str, lang: str) -> list[tuple[str, str]]:
    da = lang == "da"
    goal = threshold_text(c.goal, unit, lang)
    return [(f"Chance for at nå {goal}" if da else f"Chance of meeting {goal}", chance_text(c.probability, lang)),
            ("Antal svar (sædvanligt)" if da else "Answers (usual number)", number(c.n, 0, lang)),
            ("Sidste års andel" if da else "Last year's share", percent(c.share_last, 1, lang))]


def _groups_facts(g: GroupsChance, lang: str) -> list[tuple[str, str]]:
    listed, da = len(g.groups), lang == "da"
    if g.needed == listed:
        label = f"Chance for at alle {listed} når målet" if da else f"Chance that all {listed} meet the target"
    else:
        label = (f"Chance for at mindst {g.needed} af {listed} når målet" if da else
                 f"Chance that at least {g.needed} of {listed} meet the target")
    return [(label, chance_text(g.probability, lang))]


def _significance_facts(sig: Significance, lang: str) -> list[tuple[str, str]]:
    da = lang == "da"
    above = "–" if sig.above is None else f"+{number(sig.above, 1, lang, scale=100)}"
    below = "–" if sig.below is None else f"−{number(sig.below, 1, lang, scale=100)}"
    points = "procentpoint" if da else "percentage points"
    return [("Mindste signifikante forskel" if da else "Smallest significant difference",
             f"{above} / {below} {points} (n = {number(sig.n, 0, lang)})")]


def _levels_facts(levels: ShareLevels, unit: str, lang: str) -> list[tuple[str, str]]:
    da = lang == "da"
    rows = []
    for t, chance, q, word in ((levels.reachable, levels.reachable_chance, REACHABLE,
                                "Realistisk mål" if da else "Reachable target"),
                               (levels.ambitious, levels.ambitious_chance, AMBITIOUS,
                                "Ambitiøst mål" if da else "Ambitious target")):
        shown = "–" if t is None or chance is None else \
            f"{threshold_text(fixed(levels.comparison, t), unit, lang)} ({chance_text(chance, lang)})"
        rows.append((f"{word} (chance ≥ {percent(float(q), 0, lang)})", shown))
    return rows


def _trend_facts(line: Trend, unit: str, lang: str, comparison: str,
                 ceiling: float | None = None) -> list[tuple[str, str]]:
    da = lang == "da"
    shown = _value(line.fitted, unit, lang)
    if line.low is not None and line.high is not None:
        shown += (f" ({percent(line.level, 0, lang)}: {_value(line.low, unit, lang)} {'til' if da else 'to'} "
                  f"{_value(line.high, unit, lang)})")
    rows = [(f"Tendens {line.year}" if da else f"Trend {line.year}", shown + _ceiling_note(line, ceiling, lang))]
    reach = reachable_count(line, comparison)
    if reach is not None:
        reach = _capped(reach, comparison, ceiling)
        bound = ("mindst" if da else "at least") if comparison in (">=", ">") else ("højst" if da else "at most")
        rows.append(("Realistisk niveau (4 år af 5)" if da else "Reachable level (4 years of 5)",
                     f"{bound} {_count_level(reach, unit, _at(comparison), lang)}"))
    return rows


def _facts(result: Result, unit: str, lang: str, comparison: str,
           ceiling: float | None = None) -> list[tuple[str, str]]:
    if isinstance(result, ShareChance):
        return _share_facts(result, unit, lang)
    if isinstance(result, GroupsChance):
        return _groups_facts(result, lang)
    if isinstance(result, Significance):
        return _significance_facts(result, lang)
    if isinstance(result, ShareLevels):
        return _levels_facts(result, unit, lang)
    return _trend_facts(result, unit, lang, comparison, ceiling)


def result_facts(results: Sequence[Result], unit: str, lang: str = "da",
                 comparison: str = ">=", ceiling: float | None = None) -> list[tuple[str, str]]:
    """The results as (label, value) rows for a table: 'Chance for at nå ≥ 80,0 %' → '68 %'."""
    return [row for r in results for row in _facts(r, unit, lang, comparison, ceiling)]


METHOD_ORDER = ("binomial", "groups", "wilson", "levels", "trend")


def method_notes(lang: str = "da") -> list[str]:
    """The notes on the methods and their limits, in ``lang``, for the page's closing section."""
    return [METHOD_TEXT[k][0 if lang == "da" else 1] for k in METHOD_ORDER]




# --- a target's calibration as the backtest carries it (engine.calibration_view) ----------------------------

def _results_of(cal: Calibration) -> list[Result]:
    results: list[Result] = [r for r in (cal.share, cal.groups) if r is not None]
    results += cal.significance
    results += [r for r in (cal.levels, cal.trend) if r is not None]
    return results


def _few_answers(cal: Calibration, lang: str) -> str:
    n = number(cal.usual_answers or 0, 0, lang)
    needed = number(cal.min_answers or 0, 0, lang)
    return (f"Med det sædvanlige antal svar ({n}) er der færre end målets mindste antal ({needed}): tallet ville "
            "mangle data, uanset andelen; derfor ingen chance og ingen niveauer." if lang == "da" else
            f"With the usual number of answers ({n}) there are fewer than the target's minimum ({needed}): the "
            "figure would lack data, whatever the share; so no chance and no levels.")


def _few_groups(cal: Calibration, lang: str) -> str:
    listed, needed = ", ".join(cal.few_groups), number(cal.min_answers or 0, 0, lang)
    return (f"{listed}: sædvanligvis færre svar end målets mindste antal ({needed}); de ville mangle data og "
            "tæller derfor som ikke nået (chance 0)." if lang == "da" else
            f"{listed}: usually fewer answers than the target's minimum ({needed}); they would lack data and so "
            "count as not met (chance 0).")


def calibration_facts(cal: Calibration, unit: str, lang: str = "da") -> list[tuple[str, str]]:
    """A target's calibration as (label, value) rows; [] when there is nothing to show."""
    facts = result_facts(_results_of(cal), unit, lang, cal.comparison, cal.ceiling)
    if cal.trend_chance is not None and cal.goal is not None:
        goal = threshold_text(cal.goal, unit, lang)
        facts.append((f"Chance for at nå {goal}, hvis tendensen holder" if lang == "da" else
                      f"Chance of meeting {goal} if the trend holds", chance_text(cal.trend_chance, lang)))
    return facts


def calibration_sentences(cal: Calibration, unit: str, lang: str = "da") -> list[str]:
    """A target's calibration in words: what each number means and what it does not."""
    sentences = result_sentences(_results_of(cal), unit, lang, cal.comparison, ceiling=cal.ceiling)
    chance = trend_chance_text(cal, unit, lang)
    if chance is not None:
        sentences.append(chance)
    if cal.method == "trend" and cal.trend is None:
        sentences.append(no_trend_text(cal.points, unit)[0 if lang == "da" else 1])
    if cal.few_groups:
        sentences.insert(0, _few_groups(cal, lang))
    if cal.too_few:
        sentences.insert(0, _few_answers(cal, lang))
    if cal.reason is not None:
        sentences.insert(0, (cal.reason if lang == "da" else cal.reason_en or cal.reason).capitalize() + ".")
    return sentences


SUMMARY_HEAD = {
    "da": ("Udkastets mål", "Bygger på", "Chance for at nå udkastets mål", "Realistisk (4 år af 5)",
           "Ambitiøst (hvert andet år)"),
    "en": ("Draft's target", "Rests on", "Chance of meeting the draft's target", "Reachable (4 years of 5)",
           "Ambitious (every other year)"),
}


def calibration_summary(cal: Calibration, unit: str, lang: str = "da") -> tuple[str, str, str, str, str]:
    """One row of the calibration overview: the draft's threshold next year, what the numbers rest
    on, the chance of meeting it (from the answers, or if the trend holds), and the reachable and
    ambitious levels; '–' where a number cannot be given."""
    da = lang == "da"
    goal = threshold_text(cal.goal, unit, lang) if cal.goal is not None else "–"
    if cal.method == "answers":
        chanced = cal.share or cal.groups
        if cal.groups is not None:
            basis = (f"{cal.basis_year}: {len(cal.groups.groups)} grupper, hver med sin andel og sine svar" if da else
                     f"{cal.basis_year}: {len(cal.groups.groups)} groups, each with its share and answers")
        elif cal.share is not None:
            last, n = cal.share, cal.share.n
            basis = (f"{cal.basis_year}: {percent(last.share_last, 1, lang)} af {number(last.n_last, 0, lang)} svar; "
                     f"sædvanligt {number(n, 0, lang)} svar" if da else
                     f"{cal.basis_year}: {percent(last.share_last, 1, lang)} of {number(last.n_last, 0, lang)} "
                     f"answers; usually {number(n, 0, lang)} answers")
        elif cal.too_few:
            basis = (f"sædvanligt {number(cal.usual_answers or 0, 0, lang)} svar, under målets mindste antal "
                     f"{number(cal.min_answers or 0, 0, lang)}" if da else
                     f"usually {number(cal.usual_answers or 0, 0, lang)} answers, below the target's minimum "
                     f"{number(cal.min_answers or 0, 0, lang)}")
        else:
            basis = (cal.reason if da else cal.reason_en) or "–"
        chance = "–" if chanced is None else \
            f"{chance_text(chanced.probability, lang)} ({'stikprøve' if da else 'sampling'})"
        levels = cal.levels
        reach = ambition = "–"
        if levels is not None and not cal.groups:
            if levels.reachable is not None:
                reach = threshold_text(fixed(levels.comparison, levels.reachable), unit, lang)
            if levels.ambitious is not None:
                ambition = threshold_text(fixed(levels.comparison, levels.ambitious), unit, lang)
        return goal, basis, chance, reach, ambition
    if cal.method == "trend" and cal.trend is not None:
        line = cal.trend
        basis = (f"tendens {line.first_year}–{line.last_year}" if da else f"trend {line.first_year}–{line.last_year}")
        # why there is no chance where the line leaves none (a KL review: the terminal dropped it unsaid)
        if line.exact_fit:
            basis += ", årene ligger præcis på linjen: ingen chance at beregne" if da else \
                ", the years lie exactly on the line: no chance to compute"
        elif line.low is None or line.high is None:
            basis += ", kun to år: ingen chance at beregne" if da else ", only two years: no chance to compute"
        chance = "–" if cal.trend_chance is None else \
            f"{chance_text(cal.trend_chance, lang)} ({'tendens' if da else 'trend'})"
        reached = reachable_count(line, cal.comparison)
        reached = None if reached is None else _capped(reached, cal.comparison, cal.ceiling)
        fitted = _capped(line.fitted, cal.comparison, cal.ceiling)
        sign = COMPARISON_TEXT[lang][cal.comparison] if cal.comparison in (">=", ">", "<=", "<") else ""
        reach = f"{sign} {_count_level(reached, unit, cal.comparison, lang)}".strip() if reached is not None else "–"
        ambition = f"{sign} {_count_level(fitted, unit, cal.comparison, lang)}".strip() if sign else "–"
        return goal, basis, chance, reach, ambition
    if cal.reason is not None:
        basis = (cal.reason if da else cal.reason_en) or cal.reason
    elif unit == "bool":
        basis = "ja/nej-mål: ingen kalibrering" if da else "a yes/no target: no calibration"
    elif not cal.points:
        basis = "intet tal i et helt år" if da else "no figure in a whole year"
    else:
        basis = ", ".join(f"{y}: {value_text(v, unit, lang)}" for y, v in cal.points)
    return goal, basis, "–", "–", "–"


def trend_chance_text(cal: Calibration, unit: str, lang: str = "da") -> str | None:
    """The sentence of a trend's chance of meeting the draft's threshold; None without one."""
    if cal.trend_chance is None or cal.goal is None:
        return None
    goal, chance = threshold_text(cal.goal, unit, lang), chance_text(cal.trend_chance, lang)
    about = "" if chance.startswith(("over", "under", "above", "below")) else ("omkring " if lang == "da" else "about ")
    return (f"Hvis linjen holder, og året spreder sig om den, som de tidligere år gjorde, nås målet {goal} med en "
            f"chance på {about}{chance} (t-fordelingen af forudsigelsen). Det er ikke en prognose: få år, og en ny "
            "indsats kan bryde linjen." if lang == "da" else
            f"If the line holds and the year falls about it as the past years did, the target {goal} is met with a "
            f"chance of {about}{chance} (the t distribution of the prediction). It is not a forecast: few years, and "
            "a new effort can break the line.")


__all__ = [
    "METHOD_ORDER",
    "METHOD_TEXT",
    "SUMMARY_HEAD",
    "Result",
    "Text",
    "calibration_facts",
    "calibration_sentences",
    "calibration_summary",
    "chance_text",
    "groups_chance_text",
    "method_notes",
    "no_trend_text",
    "result_facts",
    "result_sentences",
    "result_text",
    "share_chance_text",
    "share_levels_text",
    "significance_text",
    "threshold_text",
    "trend_chance_text",
    "trend_text",
]
