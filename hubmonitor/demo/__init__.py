"""Realistic, made-up data for all six hubs, 2021-2025, so hubmonitor can be tried with no data;
2025 is a snapshot taken on ``DATA_DATE`` (30 September 2025), to show the view during the year.

``generate(folder, seed=, scale=)`` writes canonical files per hub (``write.py``); the hubs'
personalities and the public figures that anchor the levels are in ``hubs.py``. Same seed and
scale → byte-identical files.
"""

from __future__ import annotations

from hubmonitor.demo.hubs import DATA_DATE, HUBS, YEARS
from hubmonitor.demo.write import DemoData, generate

__all__ = ["DATA_DATE", "HUBS", "YEARS", "DemoData", "generate"]
