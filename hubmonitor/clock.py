"""Today, as a run sees it. Whether a contract year is over is a question of the calendar: a year
that ended before today is evaluated whole, whatever day its exported data end on, unless the
folder says when its data were taken (``hubmonitor.yaml``'s ``data_date:``); and no data run past
today, so an activity dated later (planned, or a typing error) does not make a running year look
over (``engine/reads.py`` ``year_over``, ``engine/evaluate.py`` ``by_today``).

``HUBMONITOR_TODAY=YYYY-MM-DD`` sets the day: a run reproduced later, and the tests. The engine
never asks the clock itself: the library passes it the day (``engine.evaluate``'s ``today``)."""

from __future__ import annotations

import os
from datetime import date

from hubmonitor.contract.messages import written_day
from hubmonitor.errors import HubmonitorError, said

ENV = "HUBMONITOR_TODAY"


def today() -> date:
    """The day of the run: ``HUBMONITOR_TODAY`` when set, else the machine's date."""
    text = os.environ.get(ENV, "").strip()
    if not text:
        return date.today()
    try:
        day = written_day(text)
    except ValueError:
        raise HubmonitorError(said(f"{ENV}={text!r} findes ikke i kalenderen",
                                   f"{ENV}={text!r} is not a day in the calendar")) from None
    if day is None:
        raise HubmonitorError(said(f"{ENV}={text!r} er ikke en dato ÅÅÅÅ-MM-DD", f"{ENV}={text!r} is not a date "
                                                                                 f"YYYY-MM-DD"))
    return day
