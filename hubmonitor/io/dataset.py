"""A hub's data folder: find the files through the profile, read each once, hand the engine a
``Dataset``.

    <data-dir>/hubmonitor.yaml        optional: ``profile: <built-in name or path>``
    <data-dir>/<the profile's files>  canonical: crm_activities*.csv|xlsx, evaluations*.csv|xlsx
    <data-dir>/external-<year>.yaml   figures measured by others + milestone evidence
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from hubmonitor.errors import DataError
from hubmonitor.io.canonical import SourceTable, read_activities, read_evaluations
from hubmonitor.io.external import ExternalFigures, read_external
from hubmonitor.io.mapping import read_source, source_files
from hubmonitor.profile.loader import DEFAULT, builtin_profile, profile_for
from hubmonitor.profile.model import Profile, SourceMapping
from hubmonitor.reference import MunicipalityRegistry, load_registry
from hubmonitor.vocabulary import Source

_EXTERNAL = re.compile(r"^external-(\d{4})\.ya?ml$")


@dataclass
class Dataset:
    data_dir: str
    activities: SourceTable
    evaluations: SourceTable
    external: dict[int, ExternalFigures] = field(default_factory=dict)
    profile: str = DEFAULT


def _mapping(profile: Profile, source: Source) -> SourceMapping:
    """The profile's mapping for ``source``; a profile may leave a source in the canonical layout."""
    return profile.sources.get(source) or builtin_profile(DEFAULT).sources[source]


def load_dataset(data_dir: Path | str, registry: MunicipalityRegistry | None = None,
                 profile: str | None = None) -> Dataset:
    """Read a data folder with ``profile`` (a built-in name or a path), else the folder's own
    ``hubmonitor.yaml``, else the canonical layout."""
    base = Path(data_dir)
    if not base.is_dir():
        raise DataError(base, "datamappen findes ikke / the data folder does not exist")
    registry = registry or load_registry()
    chosen = profile_for(base, profile)
    activities, evaluations = _mapping(chosen, Source.ACTIVITIES), _mapping(chosen, Source.EVALUATIONS)
    activity_files = source_files(base, activities)
    taken = set(activity_files)
    evaluation_files = [p for p in source_files(base, evaluations) if p not in taken]
    external_files = sorted(p for p in base.iterdir() if _EXTERNAL.match(p.name))
    if not (activity_files or evaluation_files or external_files):
        patterns = ", ".join([*activities.files, *evaluations.files, "external-<år>.yaml"])
        raise DataError(base, f"ingen datafiler efter profilen {chosen.name!r} ({patterns}) "
                              "/ no data files found")
    external = {}
    for path in external_files:
        match = _EXTERNAL.match(path.name)
        assert match is not None
        external[int(match.group(1))] = read_external(path, path.name)
    return Dataset(
        data_dir=str(base),
        activities=read_activities(read_source(Source.ACTIVITIES, activities, activity_files, base, chosen.name),
                                   activities, registry),
        evaluations=read_evaluations(read_source(Source.EVALUATIONS, evaluations, evaluation_files, base,
                                                 chosen.name), evaluations),
        external=external,
        profile=chosen.name,
    )
