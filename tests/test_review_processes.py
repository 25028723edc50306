"""Review of 7 December 2026, evening (the file system and processes): two demos into one folder, a full
disk seen by polars, outputs that are replaced together.

1. One demo at a time in a folder (``output.folder_lock``): two runs at once left a data folder of two
   seeds that the next run reused as one. A second is refused at once, naming the folder.
2. A full disk met by polars' CSV writer (an OSError without errno, "(os error 28)" in its text) is said
   as the disk being full, not "systemfejl".
3. check-data's outputs are replaced together.
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


def test_a_worker_holding_the_folder_keeps_the_next_run_out(tmp_path: Path) -> None:
    """A second review: the lock went with the run's own process, and its worker, outliving a killed run for
    up to ten seconds of clean-up, was not covering the folder. The run now holds the folder shared after
    taking it alone, and its workers hold it shared too (``output.hold_folder``): the next run is refused
    until the last of them has ended. Here another process plays the worker."""
    import subprocess
    import sys

    out = tmp_path / "demo"
    worker = None
    with folder_lock(out, "--out"):
        worker = subprocess.Popen([sys.executable, "-c", "import sys, pathlib\n"
                                   "from hubmonitor.io.output import hold_folder\n"
                                   "assert hold_folder(pathlib.Path(sys.argv[1])) is not None\n"
                                   "print('held', flush=True)\nsys.stdin.read()", str(out)],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert worker.stdout is not None and worker.stdout.readline() == "held\n"  # beside the run: shared
    try:
        with pytest.raises(OutputError), folder_lock(out, "--out"):  # the run gone, its worker not
            pass
    finally:
        worker.communicate("")
    with folder_lock(out, "--out"):  # the worker gone too
        pass


def test_a_full_disk_said_by_polars_is_a_full_disk() -> None:
    assert os_reason(OSError("No space left on device (os error 28)")) == ("disken er fuld", "the disk is full")
    assert os_reason(OSError("something else")) == ("systemfejl", "system error (OSError)")


def test_check_datas_outputs_are_replaced_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """3. check-data's --json, --csv and --signals-csv were replaced one after another: a full disk at the
    CSV left the new JSON beside last week's CSV (and the message did not say the JSON was new). They are
    now made first and replaced together: a failure leaves every one as it was."""
    import errno

    from hubmonitor.io import atomic

    sample = Path(__file__).resolve().parents[1] / "data" / "sample" / "midtjylland-2024"
    old_json, old_csv = tmp_path / "q.json", tmp_path / "q.csv"
    # (what check-data wrote last week: the only kinds of file it replaces)
    old_json.write_text('{"last week": "JSON"}', encoding="utf-8")
    old_csv.write_text('\ufeff"source";"last week\'s CSV"', encoding="utf-8")
    stage = atomic.stage

    def full_at_the_csv(path: Path | str, data: bytes, charge: list[atomic.Staged]) -> atomic.Staged:
        if str(path).endswith(".csv"):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return stage(path, data, charge)

    monkeypatch.setattr(atomic, "stage", full_at_the_csv)
    result = CliRunner().invoke(main, ["check-data", str(sample), "--json", str(old_json), "--csv", str(old_csv)])
    assert result.exit_code == 1
    assert "disken er fuld" in result.stderr
    assert (old_json.read_text(encoding="utf-8"), old_csv.read_text(encoding="utf-8")) == (
        '{"last week": "JSON"}', '\ufeff"source";"last week\'s CSV"')
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.csv", "q.json"]  # no temporary left
    monkeypatch.setattr(atomic, "stage", stage)
    assert CliRunner().invoke(main, ["check-data", str(sample), "--json", str(old_json), "--csv",
                                     str(old_csv)]).exit_code == 0
    assert old_json.read_text(encoding="utf-8").startswith("{") and old_csv.read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_long_legal_name_is_written_and_its_temporary_found_again(tmp_path: Path) -> None:
    """4. A name of 231–255 bytes, legal in a folder, was refused as "navnet er for langt": its temporary
    (``.hubmonitor-<name>-XXXXXXXX.tmp``) adds 33 bytes. The temporary now holds a shortened name with a
    hash of the whole, the same for the same name, so a killed run's temporary is still found and removed."""
    from hubmonitor.io.atomic import NAME_MAX, temporary_name, temporary_of, temporary_pattern

    sample = Path(__file__).resolve().parents[1] / "data" / "sample" / "midtjylland-2024"
    contract = Path(__file__).resolve().parents[1] / "contracts" / "midtjylland" / "2024.yaml"
    for name in ("b" * 235 + ".json", "ø" * 125 + ".json"):  # 240 and 255 bytes
        out = tmp_path / name
        result = CliRunner().invoke(main, ["evaluate", str(contract), "--data", str(sample), "--json", str(out)])
        assert result.exit_code == 0, result.stderr
        assert [p.name for p in tmp_path.iterdir() if p.name == name] == [name]
        temporary = temporary_name(tmp_path, "", name, ".tmp").name
        assert len(temporary.encode()) <= NAME_MAX and temporary_pattern("", name).match(temporary)
        assert not temporary_pattern("", name[1:]).match(temporary)  # another name's: not taken for it
        held = temporary_pattern().match(temporary)
        assert held is not None and temporary_of(held.group(1), [name[1:], name]) == name  # whose it is
    assert len(list(tmp_path.iterdir())) == 2  # no temporary left


def test_standard_output_sent_into_an_input_is_refused(tmp_path: Path) -> None:
    """5. ``--json - >> data/evaluations.csv`` (or ``--json /dev/stdout``) appended the results JSON to an
    input, and a plain ``evaluate … >> data/evaluations.csv`` the terminal's table: the check that an output
    is no input skipped standard output. The file the shell opened for it is now compared with the inputs
    and the data folder before anything is written, whatever goes to it."""
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    data = tmp_path / "data"
    shutil.copytree(root / "data" / "sample" / "midtjylland-2024", data)
    contract = root / "contracts" / "midtjylland" / "2024.yaml"
    before = (data / "evaluations.csv").read_bytes()
    for given in (["--json", "-"], ["--json", "/dev/stdout"], []):
        with (data / "evaluations.csv").open("ab") as appended:
            run = subprocess.run([sys.executable, "-m", "hubmonitor.cli", "evaluate", str(contract), "--data",
                                  str(data), *given], stdout=appended, stderr=subprocess.PIPE, cwd=tmp_path)
        assert run.returncode == 1
        assert run.stderr.decode().strip() == (
            f"Fejl [output-refused]: {data}/evaluations.csv: standardoutput sendes til filen i datamappen, som "
            "kørslen læser; send den uden for datamappen")
        assert (data / "evaluations.csv").read_bytes() == before
    with (tmp_path / "results.json").open("wb") as elsewhere:  # standard output into another file: as before
        run = subprocess.run([sys.executable, "-m", "hubmonitor.cli", "evaluate", str(contract), "--data", str(data),
                              "--json", "-"], stdout=elsewhere, stderr=subprocess.PIPE, cwd=tmp_path)
    assert run.returncode == 0 and (tmp_path / "results.json").read_bytes().startswith(b"{")


def test_a_file_the_system_will_not_let_us_read_is_said_in_danish(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """6. A data file without read permission gave "Fejl: evaluations.csv: kan ikke læses: Permission denied",
    the system's English in the Danish line and no code; a write said "ingen adgang". Now the same words,
    the system's own in the English half, and the code ``cannot-read``. (As root every file is readable:
    the refusal is the system's answer to opening it.)"""
    import errno
    import os
    import shutil

    root = Path(__file__).resolve().parents[1]
    data = tmp_path / "data"
    shutil.copytree(root / "data" / "sample" / "midtjylland-2024", data)
    real_open = os.open

    def refused(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith("evaluations.csv"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refused)
    result = CliRunner().invoke(main, ["evaluate", str(root / "contracts" / "midtjylland" / "2024.yaml"),
                                       "--data", str(data)])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Fejl [cannot-read]: evaluations.csv: kan ikke læses: ingen adgang"
    english = CliRunner().invoke(main, ["evaluate", str(root / "contracts" / "midtjylland" / "2024.yaml"),
                                        "--data", str(data), "--lang", "en"])
    assert english.stderr.strip() == "Error [cannot-read]: evaluations.csv: cannot be read: permission denied"


def test_a_file_that_changes_while_it_is_read_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """7. An export appended to while it was read (a CRM still writing it) was read to wherever the parse
    got, its last row perhaps cut in the middle and used with empty cells, and nothing said so. A file
    whose size or time of change moved during the read is now refused, by name."""
    import shutil

    from hubmonitor.errors import DataError
    from hubmonitor.io import text_files
    from hubmonitor.io.dataset import load_dataset

    root = Path(__file__).resolve().parents[1]
    data = tmp_path / "data"
    shutil.copytree(root / "data" / "sample" / "midtjylland-2024", data)
    parse = text_files._parse

    def written_meanwhile(source: object, layout: object) -> object:
        with (data / "crm_activities_2024.csv").open("a", encoding="utf-8") as more:
            more.write("A9999999,2024-12-30,ACC-1,,Virksomhed 1 ApS,Herning,vækst,individuel,,,\n")
        return parse(source, layout)  # type: ignore[arg-type]

    monkeypatch.setattr(text_files, "_parse", written_meanwhile)
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    assert caught.value.code == "changed-while-read"
    # (the 2023 file is read first: written to while the 2024 file is not, it stands still)
    assert caught.value.text("da") == ("crm_activities_2024.csv: filen blev ændret, mens den blev læst (en eksport, "
                                       "der stadig skrives?); kør igen, når den er færdig")
    monkeypatch.setattr(text_files, "_parse", parse)
    assert load_dataset(data).activities.frame.height > 0  # read whole once it stands still


def test_an_output_name_with_a_line_break_is_said_on_one_line(tmp_path: Path) -> None:
    """8. "Resultater skrevet til x⏎y.json" split the message over two lines; the name is now shown as the
    findings show file names (``reading.display_name``), the file written under the name given."""
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "x\ny.json"
    result = CliRunner().invoke(main, ["evaluate", str(root / "contracts" / "midtjylland" / "2024.yaml"), "--data",
                                       str(root / "data" / "sample" / "midtjylland-2024"), "--json", str(out)])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == f"Resultater skrevet til {tmp_path}/x\\ny.json"
    assert out.read_bytes().startswith(b"{")
    pages = CliRunner().invoke(main, ["dashboard", str(out), "--out", str(tmp_path / "a\nb")])
    assert pages.exit_code == 0 and pages.stdout == f"{tmp_path}/a\\nb/index.html\n"  # the index page's path


def test_validate_and_dashboard_refuse_standard_output_into_what_they_read(tmp_path: Path) -> None:
    """9. A third review: ``validate F >> F`` and ``dashboard r.json … >> r.json`` broke the file they read."""
    import shutil
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    (tmp_path / "figures").mkdir()
    external = tmp_path / "figures" / "external-2024.yaml"
    shutil.copy(root / "data" / "sample" / "midtjylland-2024" / "external-2024.yaml", external)
    results = tmp_path / "r.json"
    assert CliRunner().invoke(main, ["evaluate", str(root / "contracts" / "midtjylland" / "2024.yaml"), "--data",
                                     str(root / "data" / "sample" / "midtjylland-2024"), "--json",
                                     str(results)]).exit_code == 0
    for args, read in ((["validate", str(external)], external),
                       (["dashboard", str(results), "--out", str(tmp_path / "site")], results)):
        before = read.read_bytes()
        with read.open("ab") as appended:
            run = subprocess.run([sys.executable, "-m", "hubmonitor.cli", *args], stdout=appended,
                                 stderr=subprocess.PIPE, cwd=tmp_path)
        assert run.returncode == 1 and "standardoutput sendes til " in run.stderr.decode()
        assert read.read_bytes() == before
