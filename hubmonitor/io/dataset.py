"""A hub's data folder: find the files, read each once, hand the engine a ``Dataset``.

    <data-dir>/crm_activities*.csv   CRM exports (any period)
    <data-dir>/evaluations*.csv      user-evaluation responses (any period)
    <data-dir>/external-<year>.yaml  figures measured by others + milestone evidence
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from hubmonitor.errors import DataError
from hubmonitor.io.canonical import SourceTable, read_activities, read_evaluations
from hubmonitor.io.external import ExternalFigures, read_external
from hubmonitor.reference import MunicipalityRegistry, load_registry

_EXTERNAL = re.compile(r"^external-(\d{4})\.ya?ml$")


@dataclass
class Dataset:
    data_dir: str
    activities: SourceTable
    evaluations: SourceTable
    external: dict[int, ExternalFigures] = field(default_factory=dict)


def load_dataset(data_dir: Path | str, registry: MunicipalityRegistry | None = None) -> Dataset:
    base = Path(data_dir)
    if not base.is_dir():
        raise DataError(base, "datamappen findes ikke / the data folder does not exist")
    registry = registry or load_registry()
    activity_files = sorted(base.glob("crm_activities*.csv"))
    evaluation_files = sorted(base.glob("evaluations*.csv"))
    external_files = sorted(p for p in base.iterdir() if _EXTERNAL.match(p.name))
    if not (activity_files or evaluation_files or external_files):
        raise DataError(base, "ingen datafiler (crm_activities*.csv, evaluations*.csv, "
                              "external-<år>.yaml) / no data files found")
    external = {}
    for path in external_files:
        match = _EXTERNAL.match(path.name)
        assert match is not None
        external[int(match.group(1))] = read_external(path, path.name)
    return Dataset(
        data_dir=str(base),
        activities=read_activities(activity_files, base, registry),
        evaluations=read_evaluations(evaluation_files, base),
        external=external,
    )
