"""``external-<year>.yaml`` for a demo hub: the awareness surveys, the effect study and milestones.

The effect study measures companies two years after their guidance, so for the newest year (2025)
it is not published yet: the demo leaves the block out on purpose and the three growth targets
show ``insufficient_data`` for 2025.

The newest year is a snapshot taken on ``DATA_DATE`` (30 September 2025), and its file holds what
the hub would have on that day: its own milestones dated up to then (presentations planned for
October and November are not there yet). Erhvervsstyrelsen's awareness survey is fielded in
September and published afterwards, so the snapshot has no ``awareness`` or ``green_awareness``
either: M1.awareness and M5.green_awareness are ``insufficient_data`` for 2025 too. These five are
the only figures the demo deliberately lacks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from hubmonitor.demo.hubs import AWARENESS_2021, AWARENESS_GAIN_PER_YEAR, DATA_DATE, HubPersonality, as_of
from hubmonitor.demo.rng import rng
from hubmonitor.reference import Municipality

EFFECT_STUDY_UNTIL = 2024  # the last year whose effect study is out
GREEN_TOOL_DONE = date(2021, 11, 1)


def external_yaml(p: HubPersonality, year: int, members: Sequence[Municipality], seed: int) -> str:
    rnd = rng(seed, p.slug, year, "external")
    respondents = 1000 + rnd.randrange(250)
    lines = [f"# Demo data for Erhvervshus {p.erhvervshus}, {year} (made up by hubmonitor.demo; not real figures)."]
    snapshot = as_of(year) is not None
    if snapshot:
        lines.append(f"# As the hub has it on {DATA_DATE.isoformat()}: the awareness survey is not published "
                     "yet; milestones up to that day.")
    else:
        level = AWARENESS_2021 + p.awareness_offset + AWARENESS_GAIN_PER_YEAR * (year - 2021)
        aware = round(respondents * level)
        aware_of_green = round(aware * (p.green_baseline + p.green_gain[year]))
        lines += [
            "awareness:",
            f"  respondents: {respondents}",
            f"  aware: {aware}",
            "green_awareness:",
            f"  respondents: {aware}",
            f"  aware_of_green: {aware_of_green}",
        ]
    if year <= EFFECT_STUDY_UNTIL:
        drift = 0.4 * (year - 2023)
        revenue, employment, productivity = p.effect_study
        lines += [
            "effect_study:",
            f"  revenue_growth_pp: {revenue + drift:.1f}",
            f"  employment_growth_pp: {employment + drift / 2:.1f}",
            f"  productivity_growth_pp: {productivity + drift / 4:.1f}",
        ]
    else:
        lines.append("# effect_study: not published yet (measured two years after the guidance)")
    # up to DATA_DATE: in the snapshot year a cut, in the years before it every date passes
    lines.append("milestones:")
    missing = set(p.missing_presentations.get(year, ()))
    lines.append("  municipal_presentations:")
    for i, m in enumerate(members):
        day = date(year, 1 + i % 11, 3 + (i * 7) % 24)
        if m.name not in missing and day <= DATA_DATE:
            lines.append(f"    - {{municipality: {m.name}, date: {day}}}")
    meetings: tuple[date, ...] = (date(year, 2, 12), date(year, 5, 27), date(year, 9, 30))
    if year in p.short_meetings:
        meetings = meetings[:2]
    lines.append("  dialogue_meetings:")
    lines += [f"    - {d.isoformat()}" for d in meetings if d <= DATA_DATE]
    lines.append(f"  green_dialogue_tool: {{done: true, date: {GREEN_TOOL_DONE.isoformat()}}}")
    return "\n".join(lines) + "\n"
