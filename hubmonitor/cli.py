"""The ``hubmonitor`` command. Thin: parse → call the library → render → exit code.

Exit codes: 0 the command ran (targets may be unmet); 1 a bad contract, unreadable data, or
(with ``--strict``) quarantined rows; 2 wrong usage. Reports go to stdout, diagnostics to stderr.
Heavy imports happen inside the commands so ``hubmonitor --help`` starts fast.
"""

from __future__ import annotations

import contextlib
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from hubmonitor.cli_usage import GivenPath, Group, Said, aborted
from hubmonitor.errors import in_language

if TYPE_CHECKING:
    from hubmonitor.contract.diff import ContractDiff
    from hubmonitor.contract.model import Contract
    from hubmonitor.engine.backtest import Backtest
    from hubmonitor.errors import Problem
    from hubmonitor.io.dataset import Dataset
    from hubmonitor.io.output import Inputs, Output
    from hubmonitor.render.html.site import ReportBodies
    from hubmonitor.report import Report

F = TypeVar("F", bound=Callable[..., Any])


def _lang_option(fn: F) -> F:
    return click.option(
        "--lang", type=click.Choice(["da", "en"], case_sensitive=False), default="da", show_default=True,
        envvar="HUBMONITOR_LANG", help="Language of the output (Danish or English).",
        is_eager=True,  # read before --help when given before it: the help in that language
    )(fn)


class _Day(click.ParamType[datetime]):
    """A day written YYYY-MM-DD (as a ``datetime``, as ``click.DateTime`` gave it), refused in both
    languages, saying whether the text is not a date or the day is not in the calendar."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        from hubmonitor.contract.messages import written_day

        if isinstance(value, datetime):
            return value
        try:
            day = written_day(str(value))
        except ValueError:
            self.fail(Said(f"{value!r} findes ikke i kalenderen", f"{value!r} is not a day in the calendar"),
                      param, ctx)
        if day is None:
            self.fail(Said(f"{value!r} er ikke en dato ÅÅÅÅ-MM-DD", f"{value!r} is not a date YYYY-MM-DD"),
                      param, ctx)
        return datetime.combine(day, datetime.min.time())


_DAY = _Day()


def _wide_option(fn: F) -> F:
    return click.option(
        "--wide", is_flag=True,
        help="Print in full, however wide (by default the output fits the terminal, or 100 columns when it "
             "is not a terminal).",
    )(fn)


def _profile_option(fn: F) -> F:
    return click.option(
        "--profile", metavar="NAME|FILE",
        help="Mapping profile for the data's layout: a built-in name (canonical, escrm-excel) or a YAML "
             "file. Default: the folder's hubmonitor.yaml 'profile:', else canonical.",
    )(fn)


def _where_said(exc: BaseException | None) -> str:
    """Where a refusal is said: on standard error, unless that is a file the run reads (a ``StreamError``'s
    ``said_on``, or a file read whole before the refusal, ``reading.READ_IDENTITIES``: a framework a refused
    contract extends, a review found the refusal appended to it); then on standard output, unless that is
    one too: nowhere."""
    from hubmonitor.io.reading import READ_IDENTITIES, stream_identity

    said_on = getattr(exc, "said_on", "stderr")
    if said_on != "stderr" or stream_identity(sys.stderr) not in READ_IDENTITIES:
        return str(said_on)
    return "nowhere" if stream_identity(sys.stdout) in READ_IDENTITIES else "stdout"


def _fail(message: str, code: int = 1, exc: BaseException | None = None) -> NoReturn:
    """Say ``message`` and exit with ``code``: on standard error, unless that is a file the run reads
    (``_where_said``)."""
    where = _where_said(exc)
    if where != "nowhere":
        click.echo(message, err=where == "stderr")
    sys.exit(code)


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (``kill``, ``timeout``, a CI job cancelled) stops the command as Ctrl-C does: what was
    started is cleaned up (temporary files, the demo's worker) and "Afbrudt." said; without it the
    process died where it stood (a review found a killed demo's worker writing on). Where signals are
    handled: the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(debug: bool, lang: str, action: Callable[[], int]) -> NoReturn:
    """Run ``action``; turn hubmonitor's own errors into a message and exit code 1 (2 for wrong usage,
    ``UsageError``), and anything
    else unforeseen into one line naming the file being read (``--debug`` shows the traceback)."""
    from hubmonitor.errors import ContractError, HubmonitorError
    from hubmonitor.io.reading import forget_last_read

    forget_last_read()
    try:
        with _terminate_as_interrupt():
            code = action()
    except ContractError as exc:
        if debug:
            raise
        _fail("\n".join([_heading(exc.document, lang),
                         *(p.text(lang) for p in exc.problems)]))
    except HubmonitorError as exc:
        if debug:
            raise
        kind = getattr(exc, "code", None)
        message = ("Fejl" if lang == "da" else "Error") + (f" [{kind}]" if kind else "") + ": " + exc.text(lang)
        _fail(message, getattr(exc, "exit_code", 1), exc=exc)
    except (click.ClickException, click.exceptions.Abort, click.exceptions.Exit):
        raise
    except KeyboardInterrupt:  # Ctrl-C: what was started is cleaned up by now; stop in the user's language
        click.echo(err=True)  # closes the terminal's ^C echo, as click does
        if debug:  # where it was stopped
            import traceback

            traceback.print_exc()
        _fail(aborted(lang))
    except BrokenPipeError:
        _reader_gone()
    except Exception as exc:  # the last resort (MemoryError and RecursionError are Exceptions too)
        if debug:
            raise
        if _output_full(exc):
            _stdout_gone()
            _fail(("Fejl: standardoutput kan ikke skrives: " if lang == "da" else
                   "Error: standard output cannot be written: ") + _os_said(exc, lang))
        _fail(_unexpected(exc, lang))
    sys.exit(code)


_HEADINGS = {"contract": ("Kontrakten kan ikke bruges:", "The contract cannot be used:"),
             "profile": ("Profilen kan ikke bruges:", "The profile cannot be used:"),
             "data": ("Datafilen kan ikke bruges:", "The data file cannot be used:"),
             "file": ("Filen kan ikke bruges:", "The file cannot be used:")}


def _heading(document: str, lang: str) -> str:
    """The first line of a file's problems: what kind of file it is (the ``ContractError``'s
    ``document``: a contract, a profile, the data folder's own files, another file)."""
    da, en = _HEADINGS.get(document, _HEADINGS["contract"])
    return da if lang == "da" else en


_DETAIL = 120  # characters of an unexpected exception's message shown


def _printable(text: str) -> str:
    """One line of text that prints anywhere: control characters and undecodable bytes escaped."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _unexpected(exc: BaseException, lang: str) -> str:
    """The one line for an exception nobody foresaw: what was being read, and the exception."""
    from hubmonitor.errors import first_line
    from hubmonitor.io.reading import file_of

    said = first_line(exc) if str(exc).strip() else ""
    detail = _printable(f"{type(exc).__name__}: {said}" if said else type(exc).__name__)
    if len(detail) > _DETAIL:
        detail = detail[:_DETAIL - 1] + "…"
    name = file_of(exc)
    if lang == "en":
        where = f"while reading {_printable(name)}" if name else "during the run"
        return f"Unexpected error {where} ({detail}); run again with --debug for details"
    where = f"under læsning af {_printable(name)}" if name else "under kørslen"
    return f"Uventet fejl {where} ({detail}); kør igen med --debug for detaljer"


def _n(count: int, one: str, many: str) -> str:
    """"1 kommune", "19 kommuner": a count with its word in the singular or the plural."""
    return f"{count} {one if count == 1 else many}"


def _output_full(exc: BaseException) -> bool:
    """An error writing standard output (``> /dev/full``, a full disk behind a redirect): a full disk's
    OS error without a file name and not while a file was read, as an output file's own errors are
    ``WriteError`` naming the file (an I/O error is not taken for one: it is a read's as often)."""
    import errno

    from hubmonitor.io.reading import file_of

    return (isinstance(exc, OSError) and exc.filename is None and file_of(exc) is None
            and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG))


def _os_said(exc: BaseException, lang: str) -> str:
    from hubmonitor.io.reading import os_reason

    reason = os_reason(exc) if isinstance(exc, OSError) else (str(exc), str(exc))
    return reason[0] if lang == "da" else reason[1]


def _stdout_gone() -> None:
    """Standard output cannot take more: the interpreter's last flush must not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _reader_gone() -> NoReturn:
    """Standard output was closed by its reader (``… | head``): stop quietly, exit 1."""
    _stdout_gone()
    sys.exit(1)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="hubmonitor")
@click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Evaluate the Danish business hubs' performance contracts (resultatkontrakter).

    \b
    Examples:
      hubmonitor validate contracts/midtjylland/2024.yaml
      hubmonitor evaluate contracts/midtjylland/2024.yaml \\
          --data data/sample/midtjylland-2024 --json out/midtjylland-2024.json
    """
    ctx.obj = {"debug": debug}


@main.command()
@click.argument("contract", type=GivenPath(dir_okay=False, path_type=Path))
@_lang_option
@click.pass_context
def validate(ctx: click.Context, contract: Path, lang: str) -> None:
    """Check a contract file (and what it extends), a mapping profile, a data folder's
    external-<year>.yaml or its hubmonitor.yaml (and the profile it names), without reading any data.

    Prints every problem as FILE:LINE PATH: MESSAGE and exits 1 if there is any.

    \b
    Examples:
      hubmonitor validate contracts/midtjylland/2024.yaml
      hubmonitor validate my-profile.yaml
      hubmonitor validate data/sample/midtjylland-2024/external-2024.yaml
    """

    def action() -> int:
        from dataclasses import replace

        from hubmonitor.io.output import refuse_stdout_into

        refuse_stdout_into([contract], "filen, der valideres", "the file validated")
        checked = _validate_data_file(contract, lang)
        if checked is not None:
            return checked

        from hubmonitor.contract.loader import display_path, validate_file
        from hubmonitor.contract.model import Contract
        from hubmonitor.contract.yaml_source import read_yaml
        from hubmonitor.profile.loader import profile_display, profile_from_document

        doc = read_yaml(contract, display_path(contract))
        if isinstance(doc.data, dict) and doc.data.get("document") == "profile":
            profile = profile_from_document(replace(doc, file=profile_display(contract)))
            sources = ", ".join(profile.sources)
            click.echo(f"OK {contract}: " + (f"profil {profile.name!r} ({sources})" if lang == "da" else
                                            f"profile {profile.name!r} ({sources})"))
            return 0
        result = validate_file(contract, doc)
        n_targets, n_qual = len(result.targets), len(result.qualitative)
        if isinstance(result, Contract):
            extends = f" (udvider {result.files[1]})" if len(result.files) > 1 and lang == "da" else (
                f" (extends {result.files[1]})" if len(result.files) > 1 else "")
            years = f"{result.span[0]}–{result.span[1]}" if result.span else str(result.period.year)
            n_mun = len(result.municipalities)
            detail = (f"{result.hub} {years}: {n_targets} mål, "
                      f"{_n(n_qual, 'kvalitativt punkt', 'kvalitative punkter')}, "
                      f"{_n(n_mun, 'kommune', 'kommuner')}{extends}" if lang == "da" else
                      f"{result.hub} {years}: {_n(n_targets, 'target', 'targets')}, "
                      f"{_n(n_qual, 'qualitative item', 'qualitative items')}, "
                      f"{_n(n_mun, 'municipality', 'municipalities')}{extends}")
        else:
            detail = (f"rammeaftale: {n_targets} mål" if lang == "da" else
                      f"framework: {_n(n_targets, 'target', 'targets')}")
        click.echo(f"OK {contract}: {detail}")
        return 0

    _run(ctx.obj["debug"], lang, action)


def _validate_data_file(path: Path, lang: str) -> int | None:
    """``validate`` for the files of a data folder, told apart by name: ``external-<year>.yaml``
    and ``hubmonitor.yaml``. Prints OK or every problem; the exit code, or None for another file."""
    from hubmonitor.contract.loader import display_path
    from hubmonitor.errors import ContractError
    from hubmonitor.io.external import FILE_NAME, validate_external
    from hubmonitor.profile.loader import SETTINGS_FILE, profile_for

    da = lang == "da"
    problems: list[Problem] = []
    document = "data"
    if FILE_NAME.match(path.name):
        figures, problems = validate_external(path, display_path(path))
        if figures is not None:
            count = sum(len(numbers) for numbers in figures.figures.values())
            click.echo(f"OK {path}: " + (f"eksterne tal: {count} tal, {len(figures.milestones)} milepæle" if da else
                                         f"external figures: {count} figures, {len(figures.milestones)} milestones"))
            return 0
    elif path.name == SETTINGS_FILE:
        try:
            profile = profile_for(path.parent)
        except ContractError as exc:  # hubmonitor.yaml itself (data), or the profile it names
            problems, document = exc.problems, exc.document
        else:
            click.echo(f"OK {path}: " + (f"datamappen læses med profilen {profile.name!r}" if da else
                                         f"the data folder is read with profile {profile.name!r}"))
            return 0
    else:
        return None
    click.echo("\n".join([_heading(document, lang), *(p.text(lang) for p in problems)]), err=True)
    return 1


YEAR = "{year}"


def _parse_years(spec: str) -> list[int]:
    """'2022-2025' or '2022,2024' (or one year) → the years, ascending; click.BadParameter if not."""
    years: set[int] = set()
    for part in spec.split(","):
        # ASCII digits, four of them: int() also reads '２０２４' and a missing end ('2024-') was the start
        written = re.fullmatch(r"\s*([0-9]{4})\s*(?:-\s*([0-9]{4})\s*)?", part)
        if written is None:
            raise _bad_years(spec, "", "")
        low, high = int(written[1]), int(written[2] or written[1])
        if low > high:  # (a review: said as if the form were wrong)
            raise _bad_years(spec, f"{low}-{high} går baglæns; ", f"{low}-{high} runs backwards; ")
        if not 2000 <= low <= high <= 2100:
            raise _bad_years(spec, "årene skal ligge fra 2000 til 2100; ", "the years must lie from 2000 to 2100; ")
        years.update(range(low, high + 1))
    return sorted(years)


def _bad_years(spec: str, why_da: str, why_en: str) -> click.BadParameter:
    return click.BadParameter(Said(f"{spec!r}: {why_da}skriv fx 2022-2025 eller 2022,2024",
                                   f"{spec!r}: {why_en}write e.g. 2022-2025 or 2022,2024"), param_hint="'--years'")


def _written(lang: str, out: Output) -> None:
    if out.path is not None:
        click.echo(("Resultater skrevet til " if lang == "da" else "Results written to ") + out.shown, err=True)


@main.command()
@click.argument("contract", type=GivenPath(dir_okay=False, path_type=Path))
@click.option("--data", "data_dirs", required=True, multiple=True, type=GivenPath(file_okay=False, path_type=Path),
              help="The hub's data folder (crm_activities*.csv, evaluations*.csv, external-<year>.yaml). Given "
                   "several times (a contract over the whole country or several hubs' municipalities), each "
                   "folder is read with its own profile and the data are evaluated together.")
@click.option("--json", "json_out", metavar="FILE|-",
              help="Write the results JSON here (written atomically; not inside the data folder, never over an "
                   "input). - writes it to standard output and the table to standard error. With --years, a "
                   "path with {year}.")
@click.option("--as-of", "as_of", type=_DAY, metavar="YYYY-MM-DD",
              help="Evaluate with the data up to this date (YYYY-MM-DD) inside the contract year: counting "
                   "targets are on_track / behind against the target pro-rated to the elapsed year. Default: a "
                   "year not over is evaluated as of the data date (hubmonitor.yaml's data_date:, else the "
                   "latest date in the data up to today); a year whose end has passed is evaluated whole unless "
                   "data_date: is declared (HUBMONITOR_TODAY=YYYY-MM-DD sets today). With --years, each year up "
                   "to this date (a year over by then whole).")
@click.option("--years", "years_spec", metavar="YYYY-YYYY|YYYY,YYYY",
              help="Evaluate several contract years, one results file per year: CONTRACT and --json contain "
                   "{year}; the data folder is read once; the files are written together at the end.")
@click.option("--strict", is_flag=True, help="Exit 1 if any row had to be quarantined.")
@_wide_option
@click.option("--allow-outside-hub", is_flag=True,
              help="Go on when most companies in the data lie outside the contract's hub (by default that "
                   "stops the run: most likely the wrong data folder).")
@_profile_option
@_lang_option
@click.pass_context
def evaluate(ctx: click.Context, contract: Path, data_dirs: tuple[Path, ...], json_out: str | None,
             as_of: datetime | None, years_spec: str | None, strict: bool, wide: bool, allow_outside_hub: bool,
             profile: str | None, lang: str) -> None:
    """Compute every target of CONTRACT from the data in --data.

    Prints a table of targets (id, title, value, target, status) and the data-quality
    accounting; exits 0 when the evaluation ran, whether or not the targets are met.
    With --years, evaluates each year's contract (CONTRACT with {year} filled in) and prints
    every target's value and status per year.

    \b
    Examples:
      hubmonitor evaluate contracts/midtjylland/2024.yaml \\
          --data data/sample/midtjylland-2024 --json out/midtjylland-2024.json
      hubmonitor evaluate contracts/midtjylland/2024.yaml \\
          --data data/sample/midtjylland-2024 --as-of 2024-06-30
      hubmonitor evaluate 'contracts/midtjylland/{year}.yaml' --years 2022-2025 \\
          --data out/demo/data/midtjylland --json 'out/midtjylland-{year}.json'
      hubmonitor evaluate national.yaml \\
          --data data/hovedstaden --data data/midtjylland --data data/nordjylland
    """
    da = lang == "da"
    data_dir = data_dirs[0]
    templated = any(YEAR in str(path) for path in (contract, *data_dirs, json_out) if path is not None)
    if years_spec is None and templated:
        raise click.UsageError(Said("{year} i stien kræver --years", "{year} in a path needs --years"))
    years = _parse_years(years_spec) if years_spec is not None else []
    if years_spec is not None:
        if len(data_dirs) > 1:
            raise click.UsageError(Said("--years tager én --data (flere mapper: kør ét år ad gangen)",
                                        "--years takes one --data (several folders: evaluate one year at a time)"))
        if YEAR not in str(contract) and len(_covered_years(contract)) == 1:
            raise click.UsageError(Said("--years kræver {year} i kontraktens sti, fx "
                                        "contracts/midtjylland/{year}.yaml, eller en kontrakt over flere år "
                                        "(period: {years: [FØRSTE, SIDSTE]})",
                                        "--years needs {year} in the contract path, e.g. "
                                        "contracts/midtjylland/{year}.yaml, or a contract over several years "
                                        "(period: {years: [FIRST, LAST]})"))
        if json_out is not None and YEAR not in json_out:
            raise click.UsageError(Said("--years kræver {year} i --json, fx out/midtjylland-{year}.json (én "
                                        "resultatfil pr. år; - for standardoutput kan ikke bruges)",
                                        "--years needs {year} in the --json path, e.g. out/midtjylland-{year}.json "
                                        "(one results file per year; - for standard output is not possible)"))

    def one_year() -> int:
        import hubmonitor
        from hubmonitor.contract.loader import load_contract
        from hubmonitor.io import output
        from hubmonitor.io.results_json import dumps
        from hubmonitor.render.terminal import render

        target = output.file_output(json_out, "--json")
        loaded = load_contract(contract)
        output.refuse_inputs([target], _inputs([(loaded.files, folder) for folder in data_dirs], profile))
        day: date | None = as_of.date() if as_of else None
        if len(data_dirs) == 1:
            report = hubmonitor.evaluate(loaded, data_dir, as_of=day, profile=profile,
                                         allow_outside_hub=allow_outside_hub)
        else:
            report = _evaluate_folders(loaded, data_dirs, day, profile, allow_outside_hub)
        to_stderr = target is not None and target.to_stdout
        click.echo(render(report, lang, None if wide else _width(to_stderr)), nl=False, err=to_stderr)
        if target is not None:
            _deliver_bytes(target, dumps(report).encode("utf-8"))
            _written(lang, target)
        return _strict_exit([report])

    def every_year() -> int:
        import hubmonitor
        from hubmonitor.contract.loader import load_contract
        from hubmonitor.errors import HubmonitorError
        from hubmonitor.io import atomic, output
        from hubmonitor.io.results_json import dumps
        from hubmonitor.render.terminal import history

        targets = {year: output.file_output(json_out.replace(YEAR, str(year)), "--json", stdout=False)
                   for year in years} if json_out is not None else {}
        jobs: list[tuple[Contract, Path, date | None]] = []
        for year in years:  # every contract first: a broken one stops the run before any data is read
            path = Path(str(contract).replace(YEAR, str(year)))
            loaded = load_contract(path, None if YEAR in str(contract) else year)  # else: one file, many years
            if loaded.period.year != year:
                raise HubmonitorError(Said(f"{path}: period.year er {loaded.period.year}, ikke {year}",
                                           f"{path}: period.year is {loaded.period.year}, not {year}"))
            jobs.append((loaded, Path(str(data_dir).replace(YEAR, str(year))), _year_as_of(loaded, as_of)))
        output.refuse_inputs(targets.values(), _inputs([(c.files, d) for c, d, _ in jobs], profile))
        reports = []
        staged: list[atomic.Staged] = []
        given: dict[Path, str] = {}
        with atomic.discarding(staged):  # a failure or an interruption before the end: no year is new
            each = hubmonitor.evaluate_each(jobs, profile=profile, allow_outside_hub=allow_outside_hub)
            for year, report in zip(years, each, strict=True):
                reports.append(report)
                out = targets.get(year)
                if out is not None and out.path is not None:
                    with output.writing(out.given):
                        atomic.stage(out.path, dumps(report).encode("utf-8"), staged)
                    given[out.path] = out.given
            # every year's file at the end: all new, or (stopped before) all old
            atomic.commit_all(staged, guard=lambda item: output.writing(given[item.path]))
        for out in targets.values():
            if out is not None:
                _written(lang, out)
        click.echo(history(reports, lang, None if wide else _width(False)), nl=False)
        return _strict_exit(reports)

    def _strict_exit(reports: list[Report]) -> int:
        from hubmonitor.report import quarantined_rows

        quarantined = quarantined_rows(reports)
        if strict and quarantined:
            click.echo((f"--strict: {quarantined} rækker i karantæne" if da else
                        f"--strict: {quarantined} rows quarantined"), err=True)
            return 1
        return 0

    _run(ctx.obj["debug"], lang, every_year if years_spec is not None else one_year)


def _covered_years(contract: Path) -> list[int]:
    """The years a contract file covers; [] when it cannot be read (loading it then says why)."""
    from hubmonitor.contract.loader import contract_years
    from hubmonitor.errors import HubmonitorError

    try:
        return contract_years(contract)
    except HubmonitorError:
        return []


PIPED_WIDTH = 100  # the table's width when the output is not a terminal (piped, a file, the tests)


def _width(to_stderr: bool) -> int:
    """The columns the table fits: the terminal's when the output goes to one, else ``PIPED_WIDTH``
    (the same output whatever terminal the command was piped from)."""
    import shutil

    stream = sys.stderr if to_stderr else sys.stdout
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        tty = False
    return max(shutil.get_terminal_size((PIPED_WIDTH, 24)).columns, 20) if tty else PIPED_WIDTH


def _year_as_of(contract: Contract, as_of: datetime | None) -> date | None:
    """One year's as-of date under ``--years --as-of``: the given day inside the year, the year end for
    a year over by then (the whole year); a year that begins after it is refused. Without --as-of,
    None: each year not over is evaluated as of the data date."""
    from hubmonitor.errors import HubmonitorError

    if as_of is None:
        return None
    day, period = as_of.date(), contract.period
    if day < period.start:
        raise HubmonitorError(Said(f"--as-of {day} ligger før kontraktåret {period.year} ({period.start} – "
                                   f"{period.end}); "
                              "vælg færre år med --years",
                              f"--as-of {day} is before the contract year {period.year} ({period.start} – "
                              f"{period.end}); choose fewer years with --years"))
    return min(day, period.end)


def _evaluate_folders(contract: Contract, folders: Sequence[Path], as_of: date | None, profile: str | None,
                      allow_outside_hub: bool) -> Report:
    """``hubmonitor.evaluate`` on several data folders: each read on its own (its profile, its
    hubmonitor.yaml), then combined into one dataset (``io.combine``) whose data date is the earliest."""
    import hubmonitor
    from hubmonitor.clock import today
    from hubmonitor.engine.evaluate import by_today
    from hubmonitor.engine.evaluate import evaluate as evaluate_dataset
    from hubmonitor.errors import DataError
    from hubmonitor.io.combine import combine_datasets, named_in_folder
    from hubmonitor.io.dataset import load_dataset

    datasets = []
    for folder in folders:
        try:  # every row: a company id found in two folders with two CVR numbers is told from all of them
            datasets.append(load_dataset(folder, profile=profile, data=contract.data))
        except DataError as exc:  # several folders hold files of the same names: say which folder
            raise named_in_folder(exc, str(folder)) from None
    day = today()
    dates = [hubmonitor.data_date(d) for d in datasets]
    dataset = combine_datasets(datasets, dates)
    # the earliest folder's date, each as of today (planned rows in one folder do not move it)
    known = [d for f, raw in zip(datasets, dates, strict=True) if (d := by_today(f, raw, day)) is not None]
    return evaluate_dataset(contract, dataset, as_of=as_of, data_date=min(known) if known else None,
                            allow_outside_hub=allow_outside_hub, today=day)


def _inputs(runs: Sequence[tuple[Sequence[str], Path]], profile: str | None) -> Inputs:
    """What the runs read: each contract's files and each data folder (with its profile file)."""
    from hubmonitor.io.output import Inputs, contract_inputs, profile_inputs

    inputs = Inputs()
    for files, folder in runs:
        contract_inputs(files, inputs)
        if folder not in inputs.data_dirs:
            profile_inputs(folder, profile, inputs)
    return inputs


def _deliver_bytes(target: Output, data: bytes) -> None:
    from hubmonitor.io.atomic import write_file
    from hubmonitor.io.output import deliver

    deliver(target, lambda path: write_file(path, lambda fh: fh.write(data)))


@main.command("check-data")
@click.argument("data_dir", type=GivenPath(file_okay=False, path_type=Path))
@click.option("--json", "json_out", metavar="FILE|-",
              help="Write the data-quality report as JSON here (- for standard output; the report then goes "
                   "to standard error). Not inside the data folder.")
@click.option("--csv", "csv_out", metavar="FILE|-",
              help="Write the quarantined rows, with their reasons, as a CSV for Excel here (- for standard "
                   "output). Not inside the data folder.")
@click.option("--signals-csv", "signals_out", metavar="FILE|-",
              help="Write the integrity signals' company-level evidence (which rows and companies are behind each "
                   "signal, every year against its year before) as a CSV for the hub itself; never shown on the "
                   "pages. Not inside the data folder.")
@click.option("--strict", is_flag=True, help="Exit 1 if any row had to be quarantined.")
@_wide_option
@_profile_option
@_lang_option
@click.pass_context
def check_data(ctx: click.Context, data_dir: Path, json_out: str | None, csv_out: str | None,
               signals_out: str | None, strict: bool, wide: bool, profile: str | None, lang: str) -> None:
    """Report the quality of the data in DATA_DIR, with no contract.

    Every file's rows are accounted for (read = used + quarantined + duplicates), each problem
    is counted per code and listed with file, row (header = row 1) and column. --csv writes the
    quarantined rows as they were, with their reasons, to fix in Excel and run again.

    \b
    Examples:
      hubmonitor check-data data/sample/midtjylland-2024 --csv out/quarantined.csv
      hubmonitor check-data ~/eksport --profile escrm-excel
    """

    def action() -> int:
        from hubmonitor.clock import today
        from hubmonitor.engine.quality import dataset_quality, shown_files
        from hubmonitor.io import atomic, output
        from hubmonitor.io.dataset import load_dataset
        from hubmonitor.io.quarantine_csv import quarantine_csv
        from hubmonitor.io.results_json import quality_dumps
        from hubmonitor.render.terminal import absent_lines, fit, quality_lines, unread_lines

        json_target = output.file_output(json_out, "--json")
        csv_target = output.file_output(csv_out, "--csv", kind="csv")
        signals_target = output.file_output(signals_out, "--signals-csv", kind="csv")
        targets = [t for t in (json_target, csv_target, signals_target) if t is not None]
        if sum(t.to_stdout for t in targets) > 1:
            raise output.OutputError(" ".join(f"{t.option} -" for t in targets if t.to_stdout),
                                     Said("kun én af dem kan skrive til standardoutput",
                                     "only one of them can write to standard output"))
        output.refuse_inputs(targets, _inputs([((), data_dir)], profile))
        dataset = load_dataset(data_dir, profile=profile)
        quality = dataset_quality(dataset, today())
        aside = any(t.to_stdout for t in targets)  # stdout holds the file
        click.echo(("Profil: " if lang == "da" else "Profile: ") + dataset.profile, err=aside)
        lines = (quality_lines(quality, lang) + absent_lines(dataset.absent_columns(), lang)
                 + unread_lines(dataset.unread_files, lang))
        click.echo("\n".join(fit(lines, None if wide else _width(aside))), err=aside)
        # every output made first, then the files replaced together: a failure (a full disk) or Ctrl-C
        # leaves all of them as they were, not a new JSON beside last week's CSV (a review)
        made: list[tuple[Output, bytes]] = []
        said: list[str] = []
        if json_target is not None:
            unread = shown_files(dataset, dataset.unread_files)  # the JSON travels: names masked
            made.append((json_target, quality_dumps(quality, unread).encode("utf-8")))
        if csv_target is not None:
            data, n = quarantine_csv(dataset)
            made.append((csv_target, data))
            where = _where(csv_target, lang)
            said.append(f"{n} rækker i karantæne skrevet til {where}" if lang == "da" else
                        f"{n} quarantined rows written to {where}")
        if signals_target is not None:
            data, rows = _signals_csv(dataset, lang, None if wide else _width(True))
            made.append((signals_target, data))
            where = _where(signals_target, lang)
            said.append(f"{rows} rækker bag integritetssignalerne skrevet til {where} (kun til erhvervshuset selv)"
                        if lang == "da" else
                        f"{rows} rows behind the integrity signals written to {where} (for the hub itself only)")
        staged: list[atomic.Staged] = []
        given = {target.path: target.given for target, _ in made if target.path is not None}
        with atomic.discarding(staged):
            for target, data in made:
                if target.path is not None:
                    with output.writing(target.given):
                        atomic.stage(target.path, data, staged)
            atomic.commit_all(staged, guard=lambda item: output.writing(given[item.path]))
        for target, data in made:
            if target.to_stdout:
                output.to_stdout(data)
        for line in said:
            click.echo(line, err=True)
        quarantined = quality.quarantined_rows
        return 1 if strict and quarantined else 0

    _run(ctx.obj["debug"], lang, action)


def _where(target: Output, lang: str) -> str:
    """Where an output went, as its line says it: the name given, or standard output."""
    return ("standardoutput" if lang == "da" else "standard output") if target.to_stdout else target.shown


def _signals_csv(dataset: Dataset, lang: str, width: int | None) -> tuple[bytes, int]:
    """check-data --signals-csv: every year's signals against its year before (default thresholds, no
    contract), one line per year on standard error; the evidence as CSV bytes and its number of rows."""
    import polars as pl

    import hubmonitor
    from hubmonitor.clock import today
    from hubmonitor.engine.context import UsableRows
    from hubmonitor.engine.evaluate import by_today
    from hubmonitor.engine.signals import EVIDENCE_COLUMNS, folder_signals
    from hubmonitor.io.signals_csv import signals_csv
    from hubmonitor.render.signals_text import year_line
    from hubmonitor.render.terminal import fit

    day = today()  # as evaluate sees the years: a year over by the calendar is whole, no data run past today
    dated = hubmonitor.data_date(dataset)
    seen = by_today(dataset, dated, day)
    found = [] if dated is not None and seen is None else folder_signals(  # every row after today: no year yet
        UsableRows(dataset.activities.frame), seen, dataset.activities.company_values, today=day,
        declared=dataset.declared_date is not None, folders=dataset.activities.folders)
    click.echo("\n".join(fit([year_line(year, s.results, lang) for year, s in found], width)), err=True)
    evidence = [s.evidence for _, s in found if s.evidence.height]
    data = signals_csv(pl.concat(evidence) if evidence else pl.DataFrame(schema=EVIDENCE_COLUMNS), lang)
    return data, sum(frame.height for frame in evidence)


def _write_dashboards(reports: Sequence[Report], out: Path, lang: str, reproducible: bool,
                      inputs: Sequence[Path] = (), drafts: Sequence[Backtest | ContractDiff] = (),
                      made: Mapping[str, bytes] | None = None,
                      bodies: Mapping[str, ReportBodies] | None = None) -> Path:
    """Build the static dashboards and put them into ``out`` whole: built beside it and swapped in,
    the files of ``out`` the build does not make left as they were; returns the index page.
    ``reproducible`` pins the one generation line to the latest data date."""
    from hubmonitor.days import date_text
    from hubmonitor.io.atomic import write_tree
    from hubmonitor.io.output import refuse_site_collisions, refuse_site_inputs, writing
    from hubmonitor.render.html.site import build_site

    if reproducible:  # pinned: the latest data date stands in for the time of generation
        days = [r.period.as_of for r in reports] + [y.as_of for d in drafts if d.document == "backtest"
                                                    for y in d.years]
        pinned = "fastlagt til datadatoen" if lang == "da" else "pinned to the data date"
        generated = f"{date_text(max(days), lang)} ({pinned})" if days else pinned
    else:
        now = datetime.now()
        generated = f"{date_text(now.date(), lang)} {now:%H.%M}" if lang == "da" else \
            f"{date_text(now.date(), lang)} {now:%H:%M}"
    site = build_site(reports, lang=lang, generated=generated, drafts=drafts, made=made, bodies=bodies)
    refuse_site_inputs(out, site, inputs, "--out")
    refuse_site_collisions(out, site, "--out")
    with writing(out):
        write_tree(out, site, note=lambda text: click.echo(in_language(text, lang), err=True))
    return out / "index.html"


@main.command()
@click.argument("results", nargs=-1, required=True,
                type=GivenPath(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", default="dashboards", show_default=True, metavar="FOLDER",
              help="Folder for the pages: built beside it and swapped in whole, so an interrupted run leaves "
                   "the previous pages; other files in it are left alone. Not a data folder, nor inside one.")
@click.option("--reproducible", is_flag=True,
              help="Pin the generation line to the latest data date: the same results give byte-identical pages.")
@_lang_option
@click.pass_context
def dashboard(ctx: click.Context, results: tuple[Path, ...], out_dir: str, reproducible: bool, lang: str) -> None:
    """Build static HTML dashboards from results JSON files (written by evaluate --json), and
    the pages of backtest and diff JSON files (backtest --json, diff --json) given beside them.

    Writes index.html; per hub and year <hub>-<year>/rapport.html (the hub report),
    <hub>-<year>/kommuner.html (map, spread, allocation) and <hub>-<year>.xlsx; per year
    national-<year>.html (all hubs ranked side by side) with national-<year>.csv and .xlsx; and
    assets/ with plotly.js, shared by every
    page. The pages open from the disk with no network. Prints the path of the index page.

    \b
    Example:
      hubmonitor evaluate contracts/midtjylland/2024.yaml \\
          --data data/sample/midtjylland-2024 --json out/midtjylland-2024.json
      hubmonitor dashboard out/midtjylland-2024.json --out dashboards
    """

    def action() -> int:
        from hubmonitor.io.draft_json import load_page_input
        from hubmonitor.io.output import folder_output, refuse_data_folder, refuse_stdout_into
        from hubmonitor.io.reading import display_name
        from hubmonitor.reference import hub_name
        from hubmonitor.render.html.draft_pages import draft_page
        from hubmonitor.render.html.site import DuplicateResults
        from hubmonitor.render.html.texts import report_folder
        from hubmonitor.report import Report as _Report

        out = folder_output(out_dir, "--out")
        refuse_data_folder("--out", out_dir, out)
        refuse_stdout_into(results, "en resultatfil, der bygges sider af", "a results file the pages are built from")
        documents = [load_page_input(path) for path in results]
        _refuse_future(results, documents, lang)
        reports = [d for d in documents if isinstance(d, _Report)]
        drafts = [d for d in documents if not isinstance(d, _Report)]
        pages: dict[str, Path] = {}
        for path, document in zip(results, documents, strict=True):
            if isinstance(document, _Report):
                continue
            page = draft_page(document, lang).path
            if page in pages:
                _fail(Said(f"Fejl: {pages[page]} og {path} giver begge siden {page}; giv én fil pr. udkast og år",
                      f"Error: {pages[page]} and {path} both make the page {page}; give one file per draft and "
                      "year").in_language(lang), 2)
            pages[page] = path
        hub_years: dict[str, tuple[Path, _Report]] = {}
        for path, document in zip(results, documents, strict=True):
            if not isinstance(document, _Report):
                continue
            key, year = report_folder(document.erhvervshus, document.period.start.year), document.period.start.year
            if key in hub_years:
                # each named by its own contract: two contracts of one hub (a sub-area's, a municipality's
                # service goals) are two different results, not one given twice
                first, other = hub_years[key]
                if other.contract_id == document.contract_id:
                    _fail(Said(f"Fejl: {first} og {path} er begge resultater af {document.contract_id}; giv én fil pr. "
                          f"kontrakt og år", f"Error: {first} and {path} are both results of {document.contract_id}; "
                          "give one file per contract and year").in_language(lang), 2)
                hub = hub_name(document.erhvervshus)  # the hub both are of (their own names may differ)
                _fail(Said(f"Fejl: {first} ({other.contract_id}) og {path} ({document.contract_id}) er begge for "
                      f"{hub} {year}, og siderne samles pr. erhvervshus og år: byg hver kontrakts sider "
                      f"med sin egen --out", f"Error: {first} ({other.contract_id}) and {path} "
                                             f"({document.contract_id}) "
                      f"are both for {hub} {year}, and the pages are made per hub and year: build each "
                      "contract's pages with an --out of its own").in_language(lang), 2)
            hub_years[key] = (path, document)
        try:
            index = _write_dashboards(reports, out, lang, reproducible, inputs=results, drafts=drafts)
        except DuplicateResults as exc:
            _fail(("Fejl: " if lang == "da" else "Error: ") + in_language(exc.args[0], lang), 2)
        click.echo(display_name(str(index)))  # on one line whatever the folder's name (a review)
        return 0

    _run(ctx.obj["debug"], lang, action)


def _refuse_future(paths: Sequence[Path], documents: Sequence[object], lang: str) -> None:
    """A results file evaluated to a day after today is not one hubmonitor made (``evaluate`` never
    counts past the day of the run): a file edited by hand, or the machine's clock. A KL review built a
    national page "2099" and a history listing 75 missing years from one such file, without a word."""
    from hubmonitor.clock import today
    from hubmonitor.report import Report as _Report

    day = today()
    for path, document in zip(paths, documents, strict=True):
        if isinstance(document, _Report) and document.period.as_of > day:
            as_of = document.period.as_of
            _fail(Said(f"Fejl: {path}: resultaterne er opgjort til {as_of}, efter i dag ({day}); hubmonitor opgør "
                       "aldrig til en dag, der ikke er kommet (en rettet fil? HUBMONITOR_TODAY sætter dagen)",
                       f"Error: {path}: the results are evaluated to {as_of}, after today ({day}); hubmonitor never "
                       "evaluates to a day not yet come (an edited file? HUBMONITOR_TODAY sets the day)"
                       ).in_language(lang), 1)


@main.command()
@click.option("--out", "out_dir", default="out/demo", show_default=True, metavar="FOLDER",
              help="Folder for the demo: data/ (generated once), results/ (JSON) and dashboards/; results/ and "
                   "dashboards/ are each swapped in whole.")
@click.option("--seed", default=2024, show_default=True, type=int,
              help="Seed of the generator (same seed, same files).")
@click.option("--scale", default=1.0, show_default=True, type=float,
              help="Multiply every volume; about 57 gives 10 million activity rows (for benchmarks).")
@click.option("--regenerate", is_flag=True, help="Generate the data again even if the folder is complete.")
@click.option("--reproducible", is_flag=True, help="Pin the generation time on the pages (byte-identical output).")
@_lang_option
@click.pass_context
def demo(ctx: click.Context, out_dir: str, seed: int, scale: float, regenerate: bool, reproducible: bool,
         lang: str) -> None:
    """Try hubmonitor with no data: all six hubs, 2022-2025, on made-up data.

    Generates realistic demo data (if the folder does not hold it already), evaluates every hub's
    contract for every year, writes the results JSON and builds the dashboards, then prints the
    path of the index page. The data is made up; see README "Your own data" for real exports.

    \b
    Example:
      hubmonitor demo --out out/demo
    """

    def action() -> int:
        from hubmonitor.io.output import folder_lock, folder_output

        out = folder_output(out_dir, "--out")
        for part in ("data", "results", "dashboards"):  # each must be a folder (or not there yet)
            folder_output(str(out / part), "--out")
        with folder_lock(out, "--out"):  # one demo at a time in a folder
            return _demo_into(out)

    def _demo_into(out: Path) -> int:
        from hubmonitor.demo import generate
        from hubmonitor.demo.parallel import worker_count, workers
        from hubmonitor.demo.pipeline import demo_jobs, draft_documents, evaluated
        from hubmonitor.io.atomic import write_tree
        from hubmonitor.io.draft_json import dumps as draft_dumps
        from hubmonitor.io.output import refuse_site_collisions, writing
        from hubmonitor.io.reading import display_name
        from hubmonitor.io.results_json import dumps
        from hubmonitor.render.format import number
        from hubmonitor.render.html.texts import report_folder
        from hubmonitor.render.terminal import scoreboard

        da = lang == "da"
        with workers(worker_count(), hold=out) as pool:  # None on one CPU: all in this process
            with writing(out / "data"):
                data = generate(out / "data", seed=seed, scale=scale, force=regenerate, workers=pool,
                                progress=lambda step: click.echo(("Genererer " if da else "Generating ") + step,
                                                                 err=True))
            rows_text = f"{number(data.activity_rows, lang=lang)} / {number(data.evaluation_rows, lang=lang)}"
            shown = display_name(str(data.folder))  # on one line whatever the folder's name (a review)
            click.echo((f"Demodata: {shown} (aktiviteter / evalueringssvar: {rows_text}"
                        f"{'' if data.generated else '; genbrugt'})" if da else
                        f"Demo data: {shown} (activities / evaluation responses: {rows_text}"
                        f"{'' if data.generated else '; reused'})"), err=True)
            reports, files, moved, made, bodies = [], {}, [], {}, {}
            for job, report, made_for in evaluated(demo_jobs(data, drafts=True), pool, lang):
                if job.moved:  # a draft's backtest or a diff's figures, not a signed hub-year
                    moved.append((job, report))
                    continue
                files[f"{job.name}.json"] = dumps(report).encode("utf-8")
                reports.append(report)
                if made_for is not None:  # made by the pool, beside the evaluation
                    folder = report_folder(report.erhvervshus, report.period.start.year)
                    made[f"{folder}.xlsx"], bodies[folder] = made_for.workbook, made_for.bodies
            drafts = draft_documents(moved)
            files.update((f"{name}.json", draft_dumps(document).encode("utf-8")) for name, document in drafts)
        refuse_site_collisions(out / "results", files, "--out")
        with writing(out / "results"):
            write_tree(out / "results", files, note=lambda text: click.echo(in_language(text, lang), err=True))
        click.echo(scoreboard(reports, lang), nl=False)
        for year, as_of in sorted({(r.period.start.year, r.period.as_of) for r in reports if r.period.in_year}):
            click.echo(f"{year}: data til og med {as_of} (opgjort i løbet af året)" if da else
                       f"{year}: data up to {as_of} (evaluated during the year)")  # the demo's snapshot year
        index = _write_dashboards(reports, out / "dashboards", lang, reproducible,
                                  drafts=[document for _, document in drafts], made=made, bodies=bodies)
        click.echo(f"Dashboards: {display_name(str(index))}")  # the index page, last
        return 0

    _run(ctx.obj["debug"], lang, action)


@main.command("schema")
@click.argument("kind", type=click.Choice(["contract", "profile", "settings"]))
@click.option("--out", "out_file", default="-", show_default=True, metavar="FILE|-",
              help="Write the schema here (- for standard output).")
@_lang_option
@click.pass_context
def schema_command(ctx: click.Context, kind: str, out_file: str, lang: str) -> None:
    """Print the JSON Schema of a contract (or framework), a profile, or a data folder's hubmonitor.yaml.

    Point a YAML editor at it and the editor completes keys and flags mistakes as they are typed;
    `hubmonitor validate` still checks what the schema cannot (columns, baselines, the data).

    \b
    Examples:
      hubmonitor schema contract --out .schemas/contract.json
      first line of a contract:  # yaml-language-server: $schema=../../.schemas/contract.json
    """

    def action() -> int:
        import json

        from hubmonitor.contract.json_schema import schema
        from hubmonitor.io import output

        target = output.file_output(out_file, "--out")
        assert target is not None
        output.refuse_inputs([target], _inputs([], None))
        text = json.dumps(schema(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        if target.to_stdout:
            click.echo(text, nl=False)
        else:
            _deliver_bytes(target, text.encode("utf-8"))
        return 0

    _run(ctx.obj["debug"], lang, action)


from hubmonitor import cli_draft  # noqa: E402,F401  (registers backtest and diff on main)

if __name__ == "__main__":  # pragma: no cover
    # run as ``python -m hubmonitor.cli``: the imported module's group, on which cli_draft registered its commands
    from hubmonitor.cli import main as imported_main

    imported_main()
