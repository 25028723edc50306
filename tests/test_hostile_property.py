"""Property-based: random bytes, random CSV shapes and random YAML fed to ``check-data``,
``validate`` and ``evaluate``.

Whatever the input, the command ends with exit 0 or 1 and a message, never a traceback and never
the last-resort "unexpected error" line (that guard exists for what no one foresaw; anything this
test can make is foreseen). Whenever results are written, every input's rows add up:
read = used + quarantined + duplicates + outside the period, and the totals are the sums.
"""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result
from helpers import ACTIVITY_HEADER, EVALUATION_HEADER, SAMPLE, act, ev, few_answers_allowed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hubmonitor.cli import main
from hubmonitor.schema import ACTIVITIES

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
UNFORESEEN = ("Traceback", "Uventet fejl", "Unexpected error")


@contextmanager
def folder() -> Iterator[Path]:
    """A fresh temporary folder per example (hypothesis runs many examples in one test)."""
    path = Path(tempfile.mkdtemp(prefix="hm-prop-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def contract(root: Path) -> Path:
    """Midtjylland's 2024 contract (extending the national framework), every survey target
    accepting a handful of answers, so small data reaches every kind of metric."""
    return few_answers_allowed(root)


def data_folder(root: Path, activities: bytes | None = None, evaluations: bytes | None = None,
                external: bytes | None = None) -> Path:
    """A small valid data folder; any of its three files replaced by the bytes given."""
    data = root / "data"
    data.mkdir()
    lines = [act(f"A{i}", f"2024-0{1 + i % 9}-1{i % 9}", f"C{i % 7}", ("Aarhus", "Horsens", "Skive")[i % 3],
                 growth="true" if i % 4 == 0 else "false", referred="true" if i % 3 == 0 else "false",
                 kind=("individuel", "kollektiv")[i % 2], topics=("grøn", "digitalisering", "")[i % 3])
             for i in range(30)]
    answers = [ev(f"E{i}", f"2024-0{1 + i % 9}-0{1 + i % 8}", f"C{i % 7}", satisfaction="Meget tilfreds",
                  effect="Høj", nps=str(i % 11), topics="grøn") for i in range(12)]
    (data / "crm_activities_2024.csv").write_bytes(
        activities if activities is not None else ("\n".join([ACTIVITY_HEADER, *lines]) + "\n").encode())
    (data / "evaluations.csv").write_bytes(
        evaluations if evaluations is not None else ("\n".join([EVALUATION_HEADER, *answers]) + "\n").encode())
    (data / "external-2024.yaml").write_bytes(
        external if external is not None else (SAMPLE / "external-2024.yaml").read_bytes())
    return data


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args), catch_exceptions=True)
    output = result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{args}: {type(result.exception).__name__}: {result.exception}\n{output[-2000:]}")
    assert result.exit_code in (0, 1), f"{args}: exit {result.exit_code}\n{output[-2000:]}"
    for marker in UNFORESEEN:
        assert marker not in output, f"{args}: {output[-2000:]}"
    return result


def assert_accounts(results: Path) -> None:
    doc = json.loads(results.read_text(encoding="utf-8"), parse_constant=_no_constant)
    quality = doc["data_quality"]
    for entry in quality["inputs"]:
        assert entry["rows_read"] == (entry["rows_used"] + entry["quarantined"] + entry["duplicates"]
                                      + entry["outside_period"]), entry
        assert min(entry["rows_used"], entry["quarantined"], entry["duplicates"], entry["outside_period"]) >= 0
    assert quality["rows_read"] == sum(e["rows_read"] for e in quality["inputs"])
    assert quality["rows_used"] == sum(e["rows_used"] for e in quality["inputs"])
    for result in doc["targets"]:
        value = result.get("value")
        assert not isinstance(value, float) or math.isfinite(value), result["id"]


def _no_constant(name: str) -> None:
    raise AssertionError(f"results JSON holds {name}: not valid JSON (RFC 8259)")


def run_all(root: Path, data: Path, contract_path: Path) -> None:
    """check-data, validate and evaluate on one folder; accounting checked when results exist."""
    invoke("check-data", str(data), "--json", str(root / "quality.json"), "--csv", str(root / "q.csv"))
    invoke("validate", str(contract_path))
    out = root / "results.json"
    result = invoke("evaluate", str(contract_path), "--data", str(data), "--json", str(out))
    if result.exit_code == 0:
        assert_accounts(out)


# --- random bytes ---------------------------------------------------------------------------------

@SETTINGS
@given(st.binary(max_size=3000), st.sampled_from(["activities", "evaluations", "external"]))
def test_random_bytes_in_any_data_file(blob: bytes, which: str) -> None:
    with folder() as root:
        data = data_folder(root, **{which: blob})
        run_all(root, data, contract(root))


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_as_contract(blob: bytes) -> None:
    with folder() as root:
        path = root / "contract.yaml"
        path.write_bytes(blob)
        invoke("validate", str(path))
        invoke("evaluate", str(path), "--data", str(data_folder(root)))


# --- random CSV shapes ----------------------------------------------------------------------------

CELLS = st.one_of(
    st.sampled_from(["", " ", "Aarhus", "751", "0751", "², ٣", "１０１", "2024-02-30", "2024-06-01", "01-06-2024",
                     "true", "Ja", "nej", "individuel", "kollektiv", "drift", "vækst", "iværksætter",
                     "grøn;digitalisering", "Grøn omstilling", "=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)",
                     "86046431", "DK 86046431", "1e400", "nan", "inf", "9" * 400, "\x00", "\ufeff", "C1", "A1"]),
    st.text(max_size=20),
)
SEPARATORS = st.sampled_from([",", ";", "\t", "|"])


@st.composite
def csv_file(draw: st.DrawFn) -> bytes:
    names = list(ACTIVITIES.names)
    header = draw(st.lists(st.one_of(st.sampled_from(names), st.sampled_from([f" {n}" for n in names]),
                                     st.text(max_size=12)), min_size=1, max_size=16))
    if draw(st.booleans()):  # most exports carry the columns hubmonitor needs
        header = ["activity_id", "date", "company_id", *header]
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=len(header) + 2), max_size=25))
    separator = draw(SEPARATORS)
    buffer = io.StringIO()
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONE]))
    writer = csv.writer(buffer, delimiter=separator, quoting=quoting, escapechar="\\", lineterminator=draw(
        st.sampled_from(["\n", "\r\n", "\r"])))
    writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]))
    return buffer.getvalue().encode(encoding, errors="replace")


@SETTINGS
@given(csv_file(), st.sampled_from(["activities", "evaluations"]))
def test_random_csv_shapes(blob: bytes, which: str) -> None:
    with folder() as root:
        data = data_folder(root, **{which: blob})
        run_all(root, data, contract(root))


# --- random YAML ----------------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**30, max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.dates(min_value=date(1, 1, 1)), st.sampled_from([".nan", ".inf", "-.inf", "2024-02-30", "60", "-5", "0751"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(st.text(max_size=10), inner, max_size=4)),
                      max_leaves=12)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _replace(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, *rest = path
    node[head] = _replace(node[head], tuple(rest), value)
    return node


def _dump(doc: Any) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8")


@SETTINGS
@given(st.data(), VALUES, st.booleans())
def test_random_yaml_in_contract(draw: st.DataObject, value: Any, raw: bool) -> None:
    """One value anywhere in a real contract replaced by a random one (or by raw YAML text)."""
    with folder() as root:
        path = contract(root)
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        where = draw.draw(st.sampled_from(sorted(_paths(doc), key=repr)))
        if raw and isinstance(value, str):
            text = path.read_text(encoding="utf-8") + f"\n{value}\n"
            path.write_text(text, encoding="utf-8")
        else:
            path.write_bytes(_dump(_replace(doc, where, value)))
        run_all(root, data_folder(root), path)


@SETTINGS
@given(st.data(), VALUES)
def test_random_yaml_in_external_figures(draw: st.DataObject, value: Any) -> None:
    with folder() as root:
        doc = yaml.safe_load((SAMPLE / "external-2024.yaml").read_text(encoding="utf-8"))
        where = draw.draw(st.sampled_from(sorted(_paths(doc), key=repr)))
        data = data_folder(root, external=_dump(_replace(doc, where, value)))
        out = root / "results.json"
        invoke("validate", str(data / "external-2024.yaml"))
        result = invoke("evaluate", str(contract(root)), "--data", str(data), "--json", str(out))
        if result.exit_code == 0:
            assert_accounts(out)


@SETTINGS
@given(VALUES)
def test_random_yaml_as_profile(value: Any) -> None:
    with folder() as root:
        data = data_folder(root)
        (data / "hubmonitor.yaml").write_bytes(_dump({"profile": value}) if not isinstance(value, dict)
                                               else _dump(value))
        invoke("validate", str(data / "hubmonitor.yaml"))
        run_all(root, data, contract(root))
