"""Issue 16, point 3 (its last sentence): the command line's last-resort guard. Whatever a reader
did not foresee becomes one line naming the file being read and asking for --debug, exit 1;
--debug keeps the traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers import SAMPLE

from hubmonitor.cli import main
from hubmonitor.io.reading import last_read, reading

SUFFIX = "; kør igen med --debug for detaljer"


def _reader_raising(exc: BaseException, name: str | None) -> object:
    def load_dataset(*args: object, **kwargs: object) -> object:
        if name is None:
            raise exc
        with reading(name):
            raise exc
    return load_dataset


def _check_data(monkeypatch: pytest.MonkeyPatch, exc: BaseException, name: str | None = "x.csv",
                *extra: str) -> Result:
    monkeypatch.setattr("hubmonitor.io.dataset.load_dataset", _reader_raising(exc, name))
    return CliRunner().invoke(main, [*extra, "check-data", str(SAMPLE)])


def test_an_unforeseen_error_names_the_file_being_read(monkeypatch: pytest.MonkeyPatch) -> None:
    result = _check_data(monkeypatch, ZeroDivisionError("division by zero"))
    assert result.exit_code == 1
    assert result.stderr == f"Uventet fejl under læsning af x.csv (ZeroDivisionError: division by zero){SUFFIX}\n"
    assert result.stdout == ""


def test_debug_keeps_the_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    result = _check_data(monkeypatch, ZeroDivisionError("division by zero"), "x.csv", "--debug")
    assert isinstance(result.exception, ZeroDivisionError)


def test_without_a_file_being_read_it_is_during_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    result = _check_data(monkeypatch, KeyError("ragged"), None)
    assert result.stderr == f"Uventet fejl under kørslen (KeyError: 'ragged'){SUFFIX}\n"


@pytest.mark.parametrize(("exc", "shown"), [
    (MemoryError(), "MemoryError"),
    (RecursionError("maximum recursion depth exceeded"), "RecursionError: maximum recursion depth exceeded"),
    (OSError(5, "Input/output error"), "OSError: [Errno 5] Input/output error"),
])
def test_memory_recursion_and_os_errors_go_through_the_guard(monkeypatch: pytest.MonkeyPatch,
                                                             exc: BaseException, shown: str) -> None:
    result = _check_data(monkeypatch, exc)
    assert result.exit_code == 1
    assert result.stderr == f"Uventet fejl under læsning af x.csv ({shown}){SUFFIX}\n"


def test_a_long_message_is_cut_to_one_short_line(monkeypatch: pytest.MonkeyPatch) -> None:
    result = _check_data(monkeypatch, ValueError("a" * 5000 + "\nsecond line"), "data\nfil\udcff.csv")
    line = result.stderr.strip()
    assert "\n" not in line
    assert "under læsning af data\\nfil\\udcff.csv (" in line  # control characters and bad bytes escaped
    detail = line[line.index("(ValueError"):line.index(SUFFIX)]
    assert detail == "(ValueError: " + "a" * (120 - len("ValueError: ") - 1) + "…)"


def test_a_stale_mark_from_an_earlier_command_is_not_blamed(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        with reading("old.csv"):
            raise ValueError("handled")
    except ValueError:
        pass
    assert last_read() == "old.csv"
    result = _check_data(monkeypatch, ZeroDivisionError("x"), None)
    assert "under kørslen" in result.stderr


def test_hubmonitor_errors_and_usage_errors_keep_their_own_messages(tmp_path: Path) -> None:
    missing = CliRunner().invoke(main, ["check-data", str(tmp_path / "nowhere")])
    assert missing.exit_code == 1 and "Uventet" not in missing.stderr
    usage = CliRunner().invoke(main, ["evaluate", "c.yaml"])
    assert usage.exit_code == 2 and "Uventet" not in usage.stderr
