"""Safe YAML reading that remembers the line of every value.

Plain digits with a leading zero (``0751``) stay text: in Danish data they are codes, never
octal numbers.

Contracts are read with PyYAML's safe loader only. Files over 1 MB, anchors and aliases (the
means of "billion laughs" bombs) and duplicate keys are refused. Each value's path is mapped to
its line so a problem can be reported as ``file:line path: message``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from hubmonitor.errors import ContractError, Problem

MAX_BYTES = 1_000_000
_LEADING_ZERO = re.compile(r"0[0-9]+")

PathKey = tuple[str | int, ...]


@dataclass
class YamlDocument:
    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line(self, path: PathKey) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.lines:
                return self.lines[path[:cut]]
        return None

    def problem(self, path: PathKey, message: str) -> Problem:
        return Problem(self.file, self.line(path), format_path(path), message)


def format_path(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _fail(file: str, line: int | None, message: str, path: str = "") -> ContractError:
    return ContractError([Problem(file, line, path, message)])


def read_yaml(path: Path, display: str | None = None) -> YamlDocument:
    """Read one YAML file safely, keeping line numbers (1-based)."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise _fail(name, None, "filen findes ikke / file not found") from exc
    except OSError as exc:
        raise _fail(name, None, f"kan ikke læses / cannot be read: {exc.strerror}") from exc
    if len(raw) > MAX_BYTES:
        raise _fail(name, None, f"filen er {len(raw):,} bytes; højst {MAX_BYTES:,} tilladt "
                                f"/ file is larger than 1 MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(name, None, f"ikke UTF-8 / not UTF-8 (byte {exc.start})") from exc
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1 if event.start_mark is not None else None
                raise _fail(name, line, "YAML-ankre og aliaser (&, *) er ikke tilladt "
                                        "/ YAML anchors and aliases are not allowed")
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            doc = YamlDocument(name, None)
            doc.data = _build(loader, node, (), doc) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise _fail(name, line, f"YAML-syntaksfejl / YAML syntax error: {exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise _fail(name, None, f"YAML-fejl / YAML error: {exc}") from exc
    return doc


def _build(loader: yaml.SafeLoader, node: yaml.Node, path: PathKey, doc: YamlDocument) -> Any:
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | bool) or isinstance(key, bool):
                key = str(key)
            child = (*path, str(key))
            if key in out:
                raise _fail(doc.file, key_node.start_mark.line + 1,
                            f"nøglen {key!r} står to gange / duplicate key {key!r}", format_path(child))
            out[key] = _build(loader, value_node, child, doc)
            doc.lines[child] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), doc) for i, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:int" and _LEADING_ZERO.fullmatch(node.value):
        return node.value  # a kommunekode such as 0751 (YAML 1.1 would read it as octal 489)
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as exc:  # a date that does not exist (2024-02-30), month 13 …
        raise _fail(doc.file, node.start_mark.line + 1, f"ugyldig værdi {node.value!r} ({exc}) "
                    f"/ invalid value {node.value!r}", format_path(path)) from exc
