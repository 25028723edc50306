"""The ``hubmonitor`` command. Thin: parse → call the library → render → exit code.

Exit codes: 0 the command ran (targets may be unmet); 1 a bad contract, unreadable data, or
(with ``--strict``) quarantined rows; 2 wrong usage. Reports go to stdout, diagnostics to stderr.
Heavy imports happen inside the commands so ``hubmonitor --help`` starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from hubmonitor.report import Report

F = TypeVar("F", bound=Callable[..., Any])


def _lang_option(fn: F) -> F:
    return click.option(
        "--lang", type=click.Choice(["da", "en"]), default="da", show_default=True,
        envvar="HUBMONITOR_LANG", help="Language of the output (Danish or English).",
    )(fn)


def _profile_option(fn: F) -> F:
    return click.option(
        "--profile", metavar="NAME|FILE",
        help="Mapping profile for the data's layout: a built-in name (canonical, escrm-excel) or a YAML "
             "file. Default: the folder's hubmonitor.yaml 'profile:', else canonical.",
    )(fn)


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


def _run(debug: bool, lang: str, action: Callable[[], int]) -> NoReturn:
    """Run ``action``; turn hubmonitor's own errors into a message and exit code 1."""
    from hubmonitor.errors import ContractError, HubmonitorError

    try:
        code = action()
    except ContractError as exc:
        if debug:
            raise
        profile = getattr(exc, "document", "contract") == "profile"
        heading = (("Profilen kan ikke bruges:" if profile else "Kontrakten kan ikke bruges:") if lang == "da"
                   else ("The profile cannot be used:" if profile else "The contract cannot be used:"))
        _fail("\n".join([heading, *(p.text(lang) for p in exc.problems)]))
    except HubmonitorError as exc:
        if debug:
            raise
        kind = getattr(exc, "code", None)
        _fail(("Fejl" if lang == "da" else "Error") + (f" [{kind}]" if kind else "") + ": " + exc.text(lang))
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="hubmonitor")
@click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Evaluate the Danish business hubs' performance contracts (resultatkontrakter).

    \b
    Examples:
      hubmonitor validate contracts/midtjylland/2024.yaml
      hubmonitor evaluate contracts/midtjylland/2024.yaml \
          --data data/sample/midtjylland-2024 --json out/midtjylland-2024.json
    """
    ctx.obj = {"debug": debug}


@main.command()
@click.argument("contract", type=click.Path(dir_okay=False, path_type=Path))
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
            detail = (f"{result.hub} {result.period.year}: {n_targets} mål, {n_qual} kvalitative punkter, "
                      f"{len(result.municipalities)} kommuner{extends}" if lang == "da" else
                      f"{result.hub} {result.period.year}: {n_targets} targets, {n_qual} qualitative items, "
                      f"{len(result.municipalities)} municipalities{extends}")
        else:
            detail = (f"rammeaftale: {n_targets} mål" if lang == "da" else f"framework: {n_targets} targets")
        click.echo(f"OK {contract}: {detail}")
        return 0

    _run(ctx.obj["debug"], lang, action)


def _validate_data_file(path: Path, lang: str) -> int | None:
    """``validate`` for the files of a data folder, told apart by name: ``external-<year>.yaml``
    and ``hubmonitor.yaml``. Prints OK or every problem; the exit code, or None for another file."""
    from hubmonitor.contract.loader import display_path
    from hubmonitor.errors import ContractError, Problem
    from hubmonitor.io.external import FILE_NAME, validate_external
    from hubmonitor.profile.loader import SETTINGS_FILE, profile_for

    da = lang == "da"
    problems: list[Problem] = []
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
        except ContractError as exc:
            problems = exc.problems
        else:
            click.echo(f"OK {path}: " + (f"datamappen læses med profilen {profile.name!r}" if da else
                                         f"the data folder is read with profile {profile.name!r}"))
            return 0
    else:
        return None
    click.echo("\n".join(["Filen kan ikke bruges:" if da else "The file cannot be used:",
                          *(p.text(lang) for p in problems)]), err=True)
    return 1


YEAR = "{year}"


def _parse_years(spec: str) -> list[int]:
    """'2022-2025' or '2022,2024' (or one year) → the years, ascending; click.BadParameter if not."""
    years: set[int] = set()
    try:
        for part in spec.split(","):
            first, _, last = part.strip().partition("-")
            low, high = int(first), int(last or first)
            if not 2000 <= low <= high <= 2100:
                raise ValueError(part)
            years.update(range(low, high + 1))
    except ValueError:
        raise click.BadParameter(f"{spec!r}: skriv fx 2022-2025 eller 2022,2024 / write e.g. 2022-2025 or 2022,2024",
                                 param_hint="--years") from None
    return sorted(years)


@main.command()
@click.argument("contract", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--data", "data_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The hub's data folder (crm_activities*.csv, evaluations*.csv, external-<year>.yaml).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the results JSON here (written atomically). With --years, a path with {year}.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Evaluate with the data up to this date (YYYY-MM-DD) inside the contract year: counting "
                   "targets are on_track / behind against the target pro-rated to the elapsed year.")
@click.option("--years", "years_spec", metavar="YYYY-YYYY|YYYY,YYYY",
              help="Evaluate several contract years, one results file per year: CONTRACT and --json contain "
                   "{year}; the data folder is read once.")
@click.option("--strict", is_flag=True, help="Exit 1 if any row had to be quarantined.")
@click.option("--allow-outside-hub", is_flag=True,
              help="Go on when most companies in the data lie outside the contract's hub (by default that "
                   "stops the run: most likely the wrong data folder).")
@_profile_option
@_lang_option
@click.pass_context
def evaluate(ctx: click.Context, contract: Path, data_dir: Path, json_out: Path | None,
             as_of: datetime | None, years_spec: str | None, strict: bool, allow_outside_hub: bool,
             profile: str | None, lang: str) -> None:
    """Compute every target of CONTRACT from the data in --data.

    Prints a table of targets (id, title, value, target, status) and the data-quality
    accounting; exits 0 when the evaluation ran, whether or not the targets are met.
    With --years, evaluates each year's contract (CONTRACT with {year} filled in) and prints
    every target's value and status per year.

    \b
    Examples:
      hubmonitor evaluate contracts/midtjylland/2024.yaml \
          --data data/sample/midtjylland-2024 --json out/midtjylland-2024.json
      hubmonitor evaluate contracts/midtjylland/2024.yaml \
          --data data/sample/midtjylland-2024 --as-of 2024-06-30
      hubmonitor evaluate 'contracts/midtjylland/{year}.yaml' --years 2022-2025 \
          --data out/demo/data/midtjylland --json 'out/midtjylland-{year}.json'
    """
    da = lang == "da"
    templated = any(YEAR in str(path) for path in (contract, data_dir, json_out) if path is not None)
    if years_spec is None and templated:
        raise click.UsageError("{year} i stien kræver --years / {year} in a path needs --years")
    years = _parse_years(years_spec) if years_spec is not None else []
    if years_spec is not None:
        if YEAR not in str(contract):
            raise click.UsageError("--years kræver {year} i kontraktens sti, fx contracts/midtjylland/{year}.yaml "
                                   "/ --years needs {year} in the contract path")
        if json_out is not None and YEAR not in str(json_out):
            raise click.UsageError("--years kræver {year} i --json, fx out/midtjylland-{year}.json "
                                   "/ --years needs {year} in the --json path (one results file per year)")
        if as_of is not None:
            raise click.UsageError("--as-of og --years kan ikke bruges sammen / --as-of and --years do not combine")

    def one_year() -> int:
        import hubmonitor
        from hubmonitor.io.results_json import write_json
        from hubmonitor.render.terminal import render

        day: date | None = as_of.date() if as_of else None
        report = hubmonitor.evaluate(contract, data_dir, as_of=day, profile=profile,
                                     allow_outside_hub=allow_outside_hub)
        click.echo(render(report, lang), nl=False)
        if json_out is not None:
            write_json(json_out, report)
            click.echo(("Resultater skrevet til " if da else "Results written to ") + str(json_out), err=True)
        return _strict_exit([report])

    def every_year() -> int:
        import hubmonitor
        from hubmonitor.contract.loader import load_contract
        from hubmonitor.contract.model import Contract
        from hubmonitor.errors import HubmonitorError
        from hubmonitor.io.results_json import write_json
        from hubmonitor.render.terminal import history

        def jobs() -> Iterator[tuple[Contract, Path]]:
            for year in years:
                path = Path(str(contract).replace(YEAR, str(year)))
                loaded = load_contract(path)
                if loaded.period.year != year:
                    raise HubmonitorError(f"{path}: period.year er {loaded.period.year}, ikke {year} "
                                          f"/ is {loaded.period.year}, not {year}")
                yield loaded, Path(str(data_dir).replace(YEAR, str(year)))

        reports = []
        each = hubmonitor.evaluate_each(jobs(), profile=profile, allow_outside_hub=allow_outside_hub)
        for year, report in zip(years, each, strict=True):
            reports.append(report)
            if json_out is not None:
                out = Path(str(json_out).replace(YEAR, str(year)))
                write_json(out, report)
                click.echo(("Resultater skrevet til " if da else "Results written to ") + str(out), err=True)
        click.echo(history(reports, lang), nl=False)
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


@main.command("check-data")
@click.argument("data_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the data-quality report as JSON here.")
@click.option("--csv", "csv_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the quarantined rows, with their reasons, as a CSV for Excel here.")
@click.option("--strict", is_flag=True, help="Exit 1 if any row had to be quarantined.")
@_profile_option
@_lang_option
@click.pass_context
def check_data(ctx: click.Context, data_dir: Path, json_out: Path | None, csv_out: Path | None,
               strict: bool, profile: str | None, lang: str) -> None:
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
        from hubmonitor.engine.quality import dataset_quality
        from hubmonitor.io.dataset import load_dataset
        from hubmonitor.io.quarantine_csv import write_quarantine_csv
        from hubmonitor.io.results_json import write_quality_json
        from hubmonitor.render.terminal import absent_lines, quality_lines, unread_lines

        dataset = load_dataset(data_dir, profile=profile)
        quality = dataset_quality(dataset)
        click.echo(("Profil: " if lang == "da" else "Profile: ") + dataset.profile)
        click.echo("\n".join(quality_lines(quality, lang) + absent_lines(dataset.absent_columns(), lang)
                             + unread_lines(dataset.unread_files, lang)))
        if json_out is not None:
            write_quality_json(json_out, quality, dataset.unread_files)
        if csv_out is not None:
            n = write_quarantine_csv(csv_out, dataset)
            click.echo((f"{n} rækker i karantæne skrevet til {csv_out}" if lang == "da" else
                        f"{n} quarantined rows written to {csv_out}"), err=True)
        quarantined = quality.quarantined_rows
        return 1 if strict and quarantined else 0

    _run(ctx.obj["debug"], lang, action)



def _write_dashboards(reports: Sequence[Report], out: Path, lang: str, reproducible: bool) -> Path:
    """Build the static dashboards and write them file by file (each atomically) into ``out``;
    returns the index page. ``reproducible`` pins the one generation line to the latest data date."""
    from hubmonitor.io.results_json import write_atomic_bytes
    from hubmonitor.render.html.site import build_site
    from hubmonitor.render.html.texts import date_text

    if reproducible:  # pinned: the latest data date stands in for the time of generation
        day = max(r.period.as_of for r in reports)
        pinned = "fastlagt til datadatoen" if lang == "da" else "pinned to the data date"
        generated = f"{date_text(day, lang)} ({pinned})"
    else:
        now = datetime.now()
        generated = f"{date_text(now.date(), lang)} {now:%H.%M}" if lang == "da" else \
            f"{date_text(now.date(), lang)} {now:%H:%M}"
    for relative, content in build_site(reports, lang=lang, generated=generated).items():
        write_atomic_bytes(out / relative, content)
    return out / "index.html"


@main.command()
@click.argument("results", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", default="dashboards", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the pages; each file is written atomically, other files are left alone.")
@click.option("--reproducible", is_flag=True,
              help="Pin the generation line to the latest data date: the same results give byte-identical pages.")
@_lang_option
@click.pass_context
def dashboard(ctx: click.Context, results: tuple[Path, ...], out_dir: Path, reproducible: bool, lang: str) -> None:
    """Build static HTML dashboards from results JSON files (written by evaluate --json).

    Writes index.html; per hub and year <hub>-<year>/rapport.html (the hub report),
    <hub>-<year>/kommuner.html (map, spread, allocation) and <hub>-<year>.xlsx; per year
    national-<year>.html (all hubs side by side); and assets/ with plotly.js, shared by every
    page. The pages open from the disk with no network. Prints the path of the index page.

    \b
    Example:
      hubmonitor evaluate contracts/midtjylland/2024.yaml \
          --data data/sample/midtjylland-2024 --json out/midtjylland-2024.json
      hubmonitor dashboard out/midtjylland-2024.json --out dashboards
    """

    def action() -> int:
        from hubmonitor.io.results_json import load
        from hubmonitor.render.html.site import DuplicateResults

        reports = [load(path) for path in results]
        try:
            index = _write_dashboards(reports, out_dir, lang, reproducible)
        except DuplicateResults as exc:
            _fail(("Fejl: " if lang == "da" else "Error: ") + str(exc), 2)
        click.echo(str(index))
        return 0

    _run(ctx.obj["debug"], lang, action)


@main.command()
@click.option("--out", "out_dir", default="out/demo", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the demo: data/ (generated once), results/ (JSON) and dashboards/.")
@click.option("--seed", default=2024, show_default=True, type=int,
              help="Seed of the generator (same seed, same files).")
@click.option("--scale", default=1.0, show_default=True, type=float,
              help="Multiply every volume; about 57 gives 10 million activity rows (for benchmarks).")
@click.option("--regenerate", is_flag=True, help="Generate the data again even if the folder is complete.")
@click.option("--reproducible", is_flag=True, help="Pin the generation time on the pages (byte-identical output).")
@_lang_option
@click.pass_context
def demo(ctx: click.Context, out_dir: Path, seed: int, scale: float, regenerate: bool, reproducible: bool,
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
        from hubmonitor.demo import generate
        from hubmonitor.demo.pipeline import demo_jobs, evaluate_jobs
        from hubmonitor.io.results_json import write_json
        from hubmonitor.render.format import number
        from hubmonitor.render.terminal import scoreboard

        da = lang == "da"
        data = generate(out_dir / "data", seed=seed, scale=scale, force=regenerate,
                        progress=lambda step: click.echo(("Genererer " if da else "Generating ") + step, err=True))
        rows_text = f"{number(data.activity_rows, lang=lang)} / {number(data.evaluation_rows, lang=lang)}"
        click.echo((f"Demodata: {data.folder} (aktiviteter / evalueringssvar: {rows_text}"
                    f"{'' if data.generated else '; genbrugt'})" if da else
                    f"Demo data: {data.folder} (activities / evaluation responses: {rows_text}"
                    f"{'' if data.generated else '; reused'})"), err=True)
        reports = []
        for job, report in evaluate_jobs(demo_jobs(data)):
            write_json(out_dir / "results" / f"{job.name}.json", report)
            reports.append(report)
        click.echo(scoreboard(reports, lang), nl=False)
        for year, as_of in sorted({(r.period.start.year, r.period.as_of) for r in reports if r.period.in_year}):
            click.echo(f"{year}: data til og med {as_of} (opgjort i løbet af året)" if da else
                       f"{year}: data up to {as_of} (evaluated during the year)")  # the demo's snapshot year
        index = _write_dashboards(reports, out_dir / "dashboards", lang, reproducible)
        click.echo(f"Dashboards: {index}")  # the index page, last
        return 0

    _run(ctx.obj["debug"], lang, action)


if __name__ == "__main__":  # pragma: no cover
    main()
