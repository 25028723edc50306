"""hubmonitor sets polars' allocator to give freed pages back at once (docs/decisions.md, "The
allocator's freed pages"), before polars is imported, and keeps a value the user set."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = "import hubmonitor, os, sys; import polars; print(os.environ['_RJEM_MALLOC_CONF'])"


def _options(env: dict[str, str]) -> dict[str, str]:
    """The options jemalloc is given once polars is imported: polars puts its own defaults before
    the variable's value; of an option given twice the last one holds."""
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return dict(option.split(":", 1) for option in out.stdout.strip().split(","))


def test_set_when_the_user_has_not() -> None:
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    assert _options(env)["muzzy_decay_ms"] == "0"


def test_the_users_own_setting_is_kept() -> None:
    options = _options({**os.environ, "_RJEM_MALLOC_CONF": "narenas:1"})
    assert options["narenas"] == "1" and options["muzzy_decay_ms"] != "0"  # polars' own default, not ours
