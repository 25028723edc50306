"""Review of 7 December 2026, evening (the file system and processes): two demos into one folder, a full
disk seen by polars, outputs that are replaced together.

1. One demo at a time in a folder (``output.folder_lock``): two runs at once left a data folder of two
   seeds that the next run reused as one. A second is refused at once, naming the folder.
2. A full disk met by polars' CSV writer (an OSError without errno, "(os error 28)" in its text) is said
   as the disk being full, not "systemfejl".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from hubmonitor.cli import main
from hubmonitor.io.output import OutputError, folder_lock
from hubmonitor.io.reading import os_reason


def test_a_folder_held_by_one_run_is_refused_to_another(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    with folder_lock(out, "--out"):
        assert out.is_dir()  # made for the lock
        with pytest.raises(OutputError) as caught, folder_lock(out, "--out"):
            pass
        assert caught.value.text("da") == (f"--out {out}: en anden hubmonitor skriver i mappen lige nu; vent, til den "
                                           "er færdig, eller vælg en anden mappe")
        result = CliRunner().invoke(main, ["demo", "--out", str(out), "--scale", "0.05"])
        assert result.exit_code == 1
        assert "en anden hubmonitor skriver i mappen lige nu" in result.stderr
        assert list(out.iterdir()) == []  # nothing written beside the run holding it
    with folder_lock(out, "--out"):  # released with the block
        pass


def test_a_full_disk_said_by_polars_is_a_full_disk() -> None:
    assert os_reason(OSError("No space left on device (os error 28)")) == ("disken er fuld", "the disk is full")
    assert os_reason(OSError("something else")) == ("systemfejl", "system error (OSError)")
