"""The groups of a target, checked once for every kind that has them (share, count, sum, duration):
``group_by`` an enum column of the target's source, ``groups`` its values (those of the input schema
and of the contract's ``data:`` block), each once, and ``groups_needed`` at most their number. How a
grouped target is judged from its groups is ``hubmonitor/engine/groups.py``."""

from __future__ import annotations

from hubmonitor.contract.messages import Msg, excerpt
from hubmonitor.schema import Kind, SourceSchema
from hubmonitor.vocabulary import as_read


def check_groups(source: str, schema: SourceSchema, group_by: str | None, groups: list[str] | None,
                 needed: int | None, *, listed: bool = True) -> list[str] | None:
    """The groups as the data hold them once read (``groups: [Vækst]`` is ``vækst``, as in ``where:``);
    raise ``Msg`` (at the key) for groups that make no sense. ``listed``: the kind needs the groups
    named in ``groups`` (share, count, sum); otherwise ``groups`` is optional (duration: every group
    present in the period when not named)."""
    if group_by is None:
        if groups is not None:
            raise Msg("group_by og groups angives sammen", "group_by and groups go together", at="group_by")
        if needed is not None:
            raise Msg("groups_needed kræver group_by og groups", "groups_needed needs group_by and groups",
                      at="groups_needed")
        return groups
    if groups is None and listed:
        raise Msg("group_by og groups angives sammen", "group_by and groups go together", at="groups")
    enums = [c.name for c in schema.columns if c.kind is Kind.ENUM]
    if group_by not in schema:
        raise Msg(f"kilden {source} har ingen kolonne {excerpt(group_by, quote=False)}; brug en af {', '.join(enums)}",
                  f"source {source} has no column {excerpt(group_by, quote=False)}; use one of {', '.join(enums)}",
                  at="group_by")
    column = schema[group_by]
    if column.kind is not Kind.ENUM:
        raise Msg(f"group_by: {group_by} er ikke en kolonne med faste værdier (enum); brug en af {', '.join(enums)}",
                  f"group_by: {group_by} is not a column of fixed values (enum); use one of {', '.join(enums)}",
                  at="group_by")
    if groups is not None:
        groups = [str(as_read(column, g)) for g in groups]
        _check_values(group_by, column.values, groups)
    if needed is not None:
        if groups is None:
            raise Msg("groups_needed kræver at groups nævner grupperne", "groups_needed needs the groups named in "
                      "groups", at="groups_needed")
        if needed > len(groups):
            raise Msg(f"groups_needed: {needed} er flere end de {len(groups)} grupper i groups",
                      f"groups_needed: {needed} is more than the {len(groups)} groups in groups", at="groups_needed")
    return groups


def _check_values(group_by: str, values: tuple[str, ...], groups: list[str]) -> None:
    if not groups:
        raise Msg("groups: nævn mindst én gruppe", "groups: name at least one group", at="groups")
    for i, g in enumerate(groups):
        if g not in values:
            raise Msg(f"groups: {excerpt(g)} er ikke en værdi af {group_by}; tilladte: {', '.join(values)}",
                      f"groups: {excerpt(g)} is not a value of {group_by}; allowed: {', '.join(values)}",
                      at=("groups", i))
        if g in groups[:i]:
            raise Msg(f"groups: {excerpt(g)} står to gange", f"groups: {excerpt(g)} is listed twice", at=("groups", i))
