"""Evaluate every target of a contract on a dataset and account for every row."""

from __future__ import annotations

from datetime import date

from hubmonitor.contract.model import Contract
from hubmonitor.contract.targets import NewCompaniesTarget
from hubmonitor.engine import metrics  # noqa: F401  (registers the metric kinds)
from hubmonitor.engine.context import Context, Window, in_window
from hubmonitor.engine.figure import METRICS, resolve_threshold, status_of
from hubmonitor.engine.quality import data_quality
from hubmonitor.errors import HubmonitorError
from hubmonitor.io.dataset import Dataset
from hubmonitor.reference import MunicipalityRegistry, load_registry
from hubmonitor.report import PeriodInfo, QualitativeResult, Report, TargetResult


def evaluation_window(contract: Contract, as_of: date | None) -> Window:
    start, end = contract.period.start, contract.period.end
    if as_of is None:
        return Window(start, end)
    if not start <= as_of <= end:
        raise HubmonitorError(f"--as-of {as_of} ligger uden for kontraktperioden {start} – {end} "
                              f"/ is outside the contract period")
    return Window(start, as_of)


def evaluate(contract: Contract, dataset: Dataset, *, as_of: date | None = None,
             registry: MunicipalityRegistry | None = None) -> Report:
    registry = registry or load_registry()
    window = evaluation_window(contract, as_of)
    activities = dataset.activities.usable()
    compares_previous = any(isinstance(t, NewCompaniesTarget) for t in contract.targets)
    ctx = Context(
        contract=contract,
        window=window,
        activities=activities.filter(in_window(window)),
        previous_activities=(activities.filter(in_window(window.previous_year())) if compares_previous
                             else activities.clear()),
        evaluations=dataset.evaluations.usable().filter(in_window(window)),
        external=dataset.external.get(contract.period.year),
        registry=registry,
    )
    targets = []
    for target in contract.targets:
        figure = METRICS[type(target)](target, ctx)
        threshold = resolve_threshold(target, contract)
        origin = contract.origins[target.id]
        targets.append(TargetResult(
            id=target.id, ref=target.ref, kind=target.kind, title=target.title,
            title_en=target.title_en, origin=origin.source, overridden=list(origin.overridden),
            unit=target.unit, value=figure.value, target=threshold, comparison=target.comparison,
            status=figure.status or status_of(figure.value, target.comparison, threshold),
            numerator=figure.numerator, denominator=figure.denominator,
            exclusions=figure.exclusions, groups=figure.groups,
            explanation=target.explanation or figure.explanation[0], explanation_en=figure.explanation[1],
            reason=figure.reason[0] if figure.reason else None,
            reason_en=figure.reason[1] if figure.reason else None,
            quote=target.quote, status_text=target.status_text, details=figure.details,
        ))
    members = [registry.by_name[name] for name in contract.municipalities]
    return Report(
        hub=contract.hub, erhvervshus=contract.erhvervshus, contract=contract.title,
        contract_id=contract.id, contract_files=list(contract.files), framework=contract.framework,
        period=PeriodInfo(start=contract.period.start, end=contract.period.end, as_of=window.end),
        municipalities=list(contract.municipalities),
        population_date=members[0].population_date if members else contract.period.start,
        data_dir=dataset.data_dir,
        targets=targets,
        qualitative=[QualitativeResult(id=q.id, ref=q.ref, title=q.title, title_en=q.title_en,
                                       quote=q.quote, status_text=q.status_text)
                     for q in contract.qualitative],
        data_quality=data_quality(dataset, ctx, compares_previous),
    )


__all__ = ["evaluate", "evaluation_window"]
