"""hubmonitor sets polars' allocator to give freed pages back at once (docs/decisions.md, "The
allocator's freed pages"), before polars is imported, and keeps a value the user set."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = "import hubmonitor, os, sys; import polars; print(os.environ['_RJEM_MALLOC_CONF'])"


def _run(env: dict[str, str]) -> str:
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_set_when_the_user_has_not() -> None:
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    assert _run(env) == "muzzy_decay_ms:0"


def test_the_users_own_setting_is_kept() -> None:
    assert _run({**os.environ, "_RJEM_MALLOC_CONF": "narenas:1"}) == "narenas:1"
