"""JSON Schemas of the YAML files people write: a contract or framework, a mapping profile, a data
folder's ``hubmonitor.yaml``. Generated from the same pydantic models that validate the files, so
that an editor with a YAML language server completes keys, shows their descriptions and flags a
misspelt key or a wrong type while the file is typed (``hubmonitor schema contract``).

The schema is the shape only. What needs the data's columns or the whole contract — a ``where:``
on a column the source lacks, a threshold outside its unit once a baseline is applied, a target
id used twice — is still found by ``hubmonitor validate``, with the file and line."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field, TypeAdapter

from hubmonitor.contract.model import ContractDocument, FrameworkDocument
from hubmonitor.contract.targets import Qualitative, Target

KINDS = ("contract", "profile", "settings")
_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class _Framework(FrameworkDocument):
    """A national framework: the targets that are the same for every hub."""

    model_config = ConfigDict(title="hubmonitor framework")
    targets: list[Target] = Field(default_factory=list)
    qualitative: list[Qualitative] = Field(default_factory=list)


class _Contract(ContractDocument):
    """One hub's contract for one year; ``extends`` a framework, ``overrides`` parts of its targets."""

    model_config = ConfigDict(title="hubmonitor contract")
    targets: list[Target] = Field(default_factory=list)
    qualitative: list[Qualitative] = Field(default_factory=list)


def _document() -> dict[str, Any]:
    either = Annotated[_Framework | _Contract, Field(discriminator="document")]
    return _chosen_by_key(TypeAdapter(either).json_schema())


def _chosen_by_key(node: Any) -> Any:
    """pydantic writes a tagged union (``kind:`` of a target, ``document:`` of a file) as ``oneOf``
    with an OpenAPI ``discriminator``, which JSON Schema ignores: a mistake in one target is then
    reported against every kind. Rewritten as "the key is one of these" plus one ``if``/``then`` per
    value, so that an editor reports an unknown kind at the key and any other mistake against the
    kind the target names."""
    if isinstance(node, list):
        return [_chosen_by_key(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _chosen_by_key(value) for key, value in node.items()}
    tag = node.get("discriminator")
    if not (isinstance(tag, dict) and "oneOf" in node and isinstance(tag.get("mapping"), dict)):
        return node
    key, mapping = tag["propertyName"], tag["mapping"]
    rest = {k: v for k, v in node.items() if k not in ("discriminator", "oneOf")}
    choose = {"type": "object", "required": [key], "properties": {key: {"enum": list(mapping)}}}
    branches = [{"if": {"properties": {key: {"const": value}}, "required": [key]}, "then": {"$ref": ref}}
                for value, ref in mapping.items()]
    return {**rest, "allOf": [choose, *branches]}


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``kind``: contract (a framework or a contract document),
    profile, or settings (a data folder's hubmonitor.yaml)."""
    from hubmonitor.profile.model import Profile, Settings

    if kind == "contract":
        body = _document()
        title = "hubmonitor contract or framework"
    elif kind == "profile":
        body, title = Profile.model_json_schema(), "hubmonitor profile"
    elif kind == "settings":
        body, title = Settings.model_json_schema(), "hubmonitor.yaml (a data folder's settings)"
    else:
        raise ValueError(kind)
    return {"$schema": _DIALECT, "title": title, **{k: v for k, v in body.items() if k != "title"}}
