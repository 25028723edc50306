"""Find and validate a mapping profile.

A profile is named on the command line (``--profile escrm-excel`` or ``--profile my.yaml``) or by
a ``profile:`` key in ``<data-dir>/hubmonitor.yaml``; without either, the built-in ``canonical``
profile reads the layout of ``docs/input-formats.md``. A bare name is a built-in profile
(``hubmonitor/profile/builtin/<name>.yaml``); anything with a ``/`` or ending in ``.yaml`` is a
file, relative to the working directory (``--profile``) or to the data folder (``hubmonitor.yaml``).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from hubmonitor.contract.loader import ProblemCollector, display_path, validate_model
from hubmonitor.contract.messages import excerpt
from hubmonitor.contract.yaml_source import YamlDocument, read_yaml
from hubmonitor.errors import ContractError, Problem
from hubmonitor.io.reading import reading
from hubmonitor.profile.model import Profile, Settings

BUILTIN = Path(__file__).parent / "builtin"
DEFAULT = "canonical"
SETTINGS_FILE = "hubmonitor.yaml"
M = TypeVar("M", bound=BaseModel)


def builtin_names() -> list[str]:
    return sorted(p.stem for p in BUILTIN.glob("*.yaml"))


def _is_path(spec: str) -> bool:
    return "/" in spec or "\\" in spec or spec.endswith((".yaml", ".yml"))


def profile_path(spec: str, base: Path | None = None) -> Path:
    """The file a profile name or path refers to."""
    if _is_path(spec):
        path = Path(spec)
        return path if path.is_absolute() or base is None else base / path
    path = BUILTIN / f"{spec}.yaml"
    if spec not in builtin_names():  # compared with the names, not looked up as typed (a NUL, 300 characters)
        known = ", ".join(builtin_names())
        raise ContractError([Problem(excerpt(spec, quote=False), None, "",
                                     f"ukendt profil {excerpt(spec)}; indbyggede profiler: {known}",
                                     f"unknown profile {excerpt(spec)}; built-in profiles: {known}")],
                            document="profile")
    return path


def profile_display(path: Path) -> str:
    """How problems name a profile file: ``profile:<name>`` for a built-in one."""
    path = path.resolve()
    return f"profile:{path.stem}" if path.parent == BUILTIN.resolve() else display_path(path)


def load_profile(spec: str | Path = DEFAULT, base: Path | None = None) -> Profile:
    """Load and validate a profile by built-in name or path; ``ContractError`` lists every problem."""
    if isinstance(spec, str) and not _is_path(spec):
        return builtin_profile(spec)
    return _read_profile(spec if isinstance(spec, Path) else profile_path(spec, base))


@cache
def builtin_profile(name: str) -> Profile:
    """A built-in profile by name, read and validated once: the package's files do not change and
    a ``Profile`` is frozen (nothing changes it in use). An unknown name raises every time."""
    return _read_profile(profile_path(name))


def _read_profile(path: Path) -> Profile:
    try:
        path = path.resolve()
    except (OSError, ValueError) as exc:  # a NUL in it, a name too long
        raise ContractError([Problem(excerpt(str(path), 100, quote=False), None, "", "ugyldigt filnavn",
                                     "invalid file name")], document="profile") from exc
    return profile_from_document(_read(path, profile_display(path)))


def _read(path: Path, display: str, document: str = "profile") -> YamlDocument:
    """A profile's file or the folder's ``hubmonitor.yaml``, read safely (``read_yaml``: a regular
    file of at most 1 MB, nested at most 50 levels); its problems are ``document``'s."""
    try:
        return read_yaml(path, display)
    except ContractError as exc:
        raise ContractError(exc.problems, document=document) from exc


def _validated(model: type[M], doc: YamlDocument, document: str) -> M:
    """``doc`` validated as ``model``; ``ContractError`` (of ``document``) lists every problem."""
    out = ProblemCollector()
    with reading(doc.file):
        found = validate_model(model, doc, out)
    if out.problems or found is None:
        raise ContractError(out.problems, document=document)
    return found


def profile_from_document(doc: YamlDocument) -> Profile:
    """Validate an already-read profile file; ``ContractError`` lists every problem."""
    return _validated(Profile, doc, "profile")


_ONLY = ("skal indeholde 'profile: <navn eller sti>' og/eller 'data_date: ÅÅÅÅ-MM-DD' og intet andet",
         "must hold 'profile: <name or path>' and/or 'data_date: YYYY-MM-DD' and nothing else")


def folder_settings(data_dir: Path) -> Settings | None:
    """The data folder's ``hubmonitor.yaml``, validated (file:line for every problem; a data file's
    ``ContractError``, ``document="data"``), or None when the folder has none. Read whatever
    ``--profile`` says: its ``data_date`` is a fact about the data."""
    settings = data_dir / SETTINGS_FILE
    if not os.path.lexists(settings):  # a FIFO, a device, a folder, a broken link: read_yaml says what it is
        return None
    doc = _read(settings, display_path(settings), "data")  # the folder's own file: a data file, not a profile
    unknown = sorted(str(key) for key in doc.data if key not in Settings.model_fields) if isinstance(
        doc.data, dict) else []
    if unknown:  # the keys there are, not pydantic's "extra inputs"
        raise ContractError([Problem(doc.file, doc.line((unknown[0],)), unknown[0], *_ONLY)], document="data")
    return _validated(Settings, doc, "data")


def profile_for(data_dir: Path, override: str | None = None) -> Profile:
    """The profile for a data folder: ``override``, else ``hubmonitor.yaml``'s ``profile:``, else canonical."""
    return chosen_profile(data_dir, override, None if override else folder_settings(data_dir))


def chosen_profile(data_dir: Path, override: str | None, settings: Settings | None) -> Profile:
    """``profile_for`` with the folder's settings already read (``folder_settings``)."""
    if override:
        return load_profile(override)
    if settings is not None and settings.profile is not None:
        return load_profile(settings.profile, base=data_dir)
    return load_profile(DEFAULT)
