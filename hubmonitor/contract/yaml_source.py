"""Safe YAML reading that remembers the line of every value: every YAML file hubmonitor reads
(contracts and the frameworks they extend, profiles, ``hubmonitor.yaml``, ``external-<year>.yaml``)
goes through ``read_yaml``.

Plain digits with a leading zero (``0751``) stay text: in Danish data they are codes, never
octal numbers.

Files are read with PyYAML's safe loader only (its C parser, libyaml, where installed: about 15 ×
faster; the pure-Python one otherwise, with the same guards and the same results), and refused
before anything is built from them when

- the file is not a regular file (a FIFO, a device such as ``/dev/zero``, a folder) or is over
  1 MB: checked on the open file before reading, and no more than that is ever read
  (``hubmonitor.io.reading.read_limited``);
- it holds anchors or aliases (the means of "billion laughs" bombs) or duplicate keys;
- its collections are nested deeper than ``MAX_DEPTH``, or it holds more than ``MAX_NODES``
  values: counted as PyYAML composes, stopping at the first level too deep (PyYAML's composer
  recurses, and its scanner slows down with every ``[`` still open on a line, so the count must
  stop early), which bounds the time and memory a file of 1 MB can take.

A value the reader cannot take is a problem at its line and path, never a traceback: a date that
does not exist (``2024-02-30``), a number that is not finite (``.nan``, ``.inf``), one larger than
``MAX_DIGITS`` digits (its exact value would be lost in a float) or written with more than
``MAX_NUMBER_TEXT`` characters. Each value's path is mapped to its line so a problem can be
reported as ``file:line path: message``; a message quotes at most a short excerpt of a value.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from hubmonitor.contract.messages import excerpt, no_such_day
from hubmonitor.errors import ContractError, Problem, said
from hubmonitor.io.reading import FileTooLargeError, NotRegularFileError, os_reason, read_limited, reading

MAX_BYTES = 1_000_000  # the largest YAML file read
MAX_DEPTH = 50  # nested collections (block or flow); a contract needs about 8
MAX_NODES = 50_000  # values (scalars and collections, keys included); a contract has a few hundred
MAX_DIGITS = 15  # a number's magnitude is below 10**15: exact in a float (2**53 ≈ 9.0 × 10**15)
MAX_NUMBER_TEXT = 64  # characters of one number as written (PyYAML's base-60 ints grow without bound)
_LEADING_ZERO = re.compile(r"0[0-9]+")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")  # embeddings, overrides and isolates of the text's direction
_DIGITS = re.compile(r"[-+]?[0-9][0-9_]*")
# a number as people write it: digits, a sign, a point, an exponent (and .inf/.nan, refused as not finite);
# YAML 1.1 also reads 06_00 (octal 384), 10:00 (base 60: 600), 0x258 and 0b1001011000 as numbers
_PLAIN_NUMBER = re.compile(r"[-+]?(0|[1-9][0-9]*|[0-9]*\.[0-9]*([eE][-+]?[0-9]+)?)"
                           r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PART = 40  # characters of one key shown in a path

PathKey = tuple[str | int, ...]


class Rejected:
    """Stands in for a value the reader refused (its problem is in ``YamlDocument.problems``)."""

    def __repr__(self) -> str:
        return "<rejected>"


REJECTED = Rejected()


@dataclass
class YamlDocument:
    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    # values refused while reading (``read_yaml(..., collect=True)``), in file order
    problems: list[Problem] = field(default_factory=list)

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
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{_short(part)}" if out else _short(part)
    return out


def _short(key: str) -> str:
    return key if len(key) <= _PART else key[:_PART - 1] + "…"


def number_problem(value: object) -> tuple[str, str] | None:
    """(Danish, English) of why ``value`` (an int or float) is not a number hubmonitor takes: not
    finite, or ``MAX_DIGITS`` digits or more; None when it is fine. The one rule for numbers in YAML."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"skal være et endeligt tal, ikke {value!r}", f"must be a finite number, not {value!r}"
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= 10 ** MAX_DIGITS:
        return _too_large(_number_text(repr(value)))
    return None


def _too_large(shown: str) -> tuple[str, str]:
    return (f"tallet {shown} er for stort: højst {MAX_DIGITS} cifre",
            f"the number {shown} is too large: at most {MAX_DIGITS} digits")


def _number_text(text: str) -> str:
    return text if len(text) <= 24 else f"{text[:20]}…"


def _fail(file: str, line: int | None, message: str, path: str = "", message_en: str | None = None
          ) -> ContractError:
    return ContractError([Problem(file, line, path, message, message_en)])


# The guards' refusals, the same from either parser (``_Loader`` and ``_guard``).
def _anchors(name: str, line: int | None) -> ContractError:
    return _fail(name, line, said("YAML-ankre og aliaser (&, *) er ikke tilladt", "YAML anchors and aliases are not "
                                                                                  "allowed"))


def _too_many(name: str, line: int | None) -> ContractError:
    return _fail(name, line, f"filen har mere end {MAX_NODES:,} værdier".replace(",", "."),
                 message_en=f"the file holds more than {MAX_NODES:,} values")


def _too_deep(name: str, line: int | None) -> ContractError:
    return _fail(name, line, f"YAML'en er indlejret mere end {MAX_DEPTH} niveauer dybt",
                 message_en=f"the YAML is nested more than {MAX_DEPTH} levels deep")


# The YAML parsers' syntax errors (libyaml's and PyYAML's words) in Danish, with what usually causes
# them in a contract written by hand; another keeps the parser's English.
# The parser's words, in Danish, and the hint the English message gets beside them (a review: --lang en
# gave the parser's text alone, "found character that cannot start any token" for a tab).
SYNTAX_HINTS: dict[str, tuple[str, str]] = {
    "mapping values are not allowed here": (
        "et kolon her kan ikke læses (et kolon i en tekst kræver anførselstegn: \"Mål: 50 %\"; eller mangler der "
        "et mellemrum efter en nøgles kolon?)",
        "a colon in a text needs quotes: \"Goal: 50 %\"; or is a space missing after a key's colon?"),
    "did not find expected key": ("en nøgle var ventet her (er linjen rykket forkert ind?)",
                                  "is the line indented wrongly?"),
    "could not find expected ':'": ("kolon mangler efter en nøgle", "a colon is missing after a key"),
    "did not find expected ',' or ']'": ("komma eller ']' mangler i listen [ … ]", "a comma or ']' is missing"),
    "did not find expected ',' or '}'": ("komma eller '}' mangler i { … }", "a comma or '}' is missing"),
    "did not find expected '-' indicator": ("et '-' var ventet (er en linje i listen rykket forkert ind?)",
                                            "is a line of the list indented wrongly?"),
    "found character that cannot start any token": (
        "et tegn her kan ikke begynde en værdi (en tabulator? Ryk ind med mellemrum; eller skal teksten i "
        "anførselstegn?)", "a tab? Indent with spaces; or does the text need quotes?"),
    "found unexpected end of stream": ("filen slutter midt i en værdi (mangler et afsluttende anførselstegn?)",
                                       "is a closing quote missing?"),
    "found unknown escape character": ("ukendt tegn efter \\ i en tekst i dobbelte anførselstegn",
                                       "write \\\\ for a backslash in double quotes, or use single quotes"),
    "did not find expected node content": ("en værdi mangler her", "a value is missing here"),
    "block sequence entries are not allowed here": ("et '-' kan ikke stå her (er linjen rykket forkert ind?)",
                                                    "is the line indented wrongly?"),
}


def read_yaml(path: Path, display: str | None = None, *, collect: bool = False) -> YamlDocument:
    """Read one YAML file safely, keeping line numbers (1-based). ``ContractError`` for a file
    that cannot be read or parsed. A value the reader refuses (a date that does not exist, a number
    that is not finite or too large) is a ``ContractError`` listing every such value; with
    ``collect`` it is left as ``REJECTED`` in the data instead, its problem in ``doc.problems``,
    for a caller that reports every problem of the file itself."""
    name = display or str(path)
    with reading(name):
        raw = _read_bytes(path, name)
        try:
            text = _decode(raw, name)
            doc = _parsed(text, name)
        except ContractError as exc:  # headed by what the file says it is: "Profilen kan ikke bruges:"
            # (of its bytes: a profile saved as Windows-1252 or UTF-16 is refused before it is text)
            exc.document = declared_document(_decode(raw, name, errors="replace"), exc.document)
            raise
    if doc.problems and not collect:
        raise ContractError(doc.problems, document=declared_document(text))
    return doc


# A file's own word for what it is (``document: profile``), read from its text where the YAML does not parse
_DECLARED = re.compile(r"^document:[ \t]*['\"]?(profile)['\"]?[ \t]*(?:#[^\r\n]*)?\r?$", re.M)


def declared_document(text: str, default: str = "contract") -> str:
    """The kind of file a YAML text declares on its own top-level line, for the heading of its problems;
    ``default`` where it declares none that has its own heading."""
    found = _DECLARED.search(text)
    return found.group(1) if found else default


def _parsed(text: str, name: str) -> YamlDocument:
    """A decoded YAML text parsed into a document; ``ContractError`` at the line where it cannot be."""
    for refused, words in _WRITTEN_AS_THEMSELVES:  # before the parse: at the line an editor shows
        found = refused.search(text)
        if found is not None:
            raise _fail(name, text.count("\n", 0, found.start()) + 1, said(*words(found.group())))
    try:
        doc = _compose(text, name)
    except yaml.reader.ReaderError as exc:
        raise _fail(name, text.count("\n", 0, exc.position) + 1,
                    said(f"tegnet U+{exc.character:04X} er ikke tilladt i YAML", f"the character "
                    f"U+{exc.character:04X} is not allowed in YAML")) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        if exc.problem == "exceeded maximum nesting depth":  # libyaml's own limit, met scanning a line ahead
            raise _too_deep(name, line) from exc
        problem = excerpt(exc.problem or str(exc), 100, quote=False)
        hint = SYNTAX_HINTS.get(problem.replace("in this context", "here"))
        if hint is None:  # the parser's own English, as it said it
            raise _fail(name, line, said(f"YAML-syntaksfejl: {problem}", f"YAML syntax error: {problem}")) from exc
        raise _fail(name, line, f"YAML-syntaksfejl: {hint[0]}",
                    message_en=f"YAML syntax error: {problem} ({hint[1]})") from exc
    except yaml.YAMLError as exc:
        raise _fail(name, None, said(f"YAML-fejl: {excerpt(str(exc), 100, quote=False)}",
                                     f"YAML error: {excerpt(str(exc), 100, quote=False)}")) from exc
    return doc


def _turned(char: str) -> tuple[str, str]:
    """A text that reads otherwise than it shows ("Trojan Source")."""
    code = f"U+{ord(char):04X}"
    return (f"tegnet {code} (vender tekstens retning) er ikke tilladt: det får en tekst til at se anderledes ud, end "
            "den er; slet det", f"the character {code} (turns the text's direction) is not allowed: it makes a text "
            "look other than it is; delete it")


def _broken(char: str) -> tuple[str, str]:
    """A line break to YAML and to no editor: the lines would be counted otherwise than they show."""
    what = f"U+{ord(char):04X} {unicodedata.name(char, 'NEXT LINE')}"
    return (f"tegnet {what} er et linjeskift for YAML, men ikke for en editor (det kommer ofte med tekst kopieret fra "
            "Word eller en PDF); slet det, eller skriv et almindeligt linjeskift",
            f"the character {what} is a line break to YAML but not to an editor (it often comes with text copied "
            "from Word or a PDF); delete it, or write an ordinary line break")


def _read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes: a regular file of at most ``MAX_BYTES`` (checked before reading)."""
    try:
        return read_limited(path, MAX_BYTES, name)
    except FileNotFoundError as exc:
        raise _fail(name, None, said("filen findes ikke", "file not found")) from exc
    except NotRegularFileError as exc:
        raise _fail(name, None, exc.message) from exc
    except FileTooLargeError as exc:  # "filen er 1.000.001 bytes; højst 1.000.000 tilladt / the file is 1,000,001 …"
        raise _fail(name, None, exc.message) from exc
    except OSError as exc:
        da, en = os_reason(exc)  # the system's words in the English half only
        raise _fail(name, None, said(f"kan ikke læses: {da}", f"cannot be read: {en}")) from exc
    except ValueError as exc:  # a NUL in the name
        raise _fail(name, None, said("ugyldigt filnavn", "invalid file name")) from exc


def _decode(raw: bytes, name: str, errors: str = "strict") -> str:
    """UTF-8 (with or without a BOM); UTF-16 when it starts with its BOM, as YAML allows. With ``errors``
    "replace": never refused (a file's ASCII words read as written, for ``declared_document``)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16", errors)
        except UnicodeDecodeError as exc:
            raise _fail(name, None, said(f"ugyldig UTF-16 (byte {exc.start})",
                                         f"invalid UTF-16 (byte {exc.start})")) from exc
    try:
        return raw.decode("utf-8-sig", errors)
    except UnicodeDecodeError as exc:  # said at its line (a review: a byte count alone was hard to find)
        start = exc.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)  # (counted after the BOM)
        raise _fail(name, raw.count(b"\n", 0, start) + 1, said(
            f"ikke UTF-8 (byte {start}, 0x{raw[start]:02x}); gemt som Windows-1252 eller Latin-1? Gem filen som UTF-8",
            f"not UTF-8 (byte {start}, 0x{raw[start]:02x}); saved as Windows-1252 or Latin-1? Save the file as UTF-8",
        )) from exc


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader that refuses anchors, aliases, nesting deeper than ``MAX_DEPTH`` and
    more than ``MAX_NODES`` values as it composes, before going deeper: it stops at the first, so
    the time spent is bounded by the file's size (PyYAML's composer recurses, and its scanner slows
    down with every ``[`` still open on a line)."""

    def __init__(self, text: str, name: str) -> None:
        super().__init__(text)
        self.name = name
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _anchors(self.name, line)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _too_many(self.name, line)
        nested = isinstance(event, yaml.CollectionStartEvent)
        if nested:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _too_deep(self.name, line)
        node = super().compose_node(parent, index)
        if nested:
            self.depth -= 1
        return node


_CLoader = getattr(yaml, "CSafeLoader", None)  # PyYAML built with libyaml


def _guard(text: str, name: str) -> None:
    """The guards of ``_Loader`` on the C parser's events, before the C composer builds anything:
    no anchors or aliases, at most ``MAX_NODES`` values, nesting at most ``MAX_DEPTH`` deep; it
    stops at the first (each event is parsed as it is asked for)."""
    assert _CLoader is not None
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_CLoader):
        if isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, yaml.AliasEvent) or event.anchor:
            raise _anchors(name, line)
        nodes += 1
        if nodes > MAX_NODES:
            raise _too_many(name, line)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(name, line)


def _compose(text: str, name: str) -> YamlDocument:
    if _CLoader is not None:
        _guard(text, name)
        loader: yaml.SafeLoader = _CLoader(text)
    else:
        loader = _Loader(text, name)
    try:
        node = loader.get_single_node()
        doc = YamlDocument(name, None)
        doc.data = _build(loader, node, (), doc) if node is not None else None
    finally:
        loader.dispose()
    return doc


def _build(loader: yaml.SafeLoader, node: yaml.Node, path: PathKey, doc: YamlDocument) -> Any:
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _key(loader, key_node, doc)
            child = (*path, str(key))
            if key in out:
                raise _fail(doc.file, key_node.start_mark.line + 1,
                            said(f"nøglen {excerpt(key)} står to gange", f"duplicate key {excerpt(key)}"),
                            format_path(child))
            out[key] = _build(loader, value_node, child, doc)
            doc.lines[child] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), doc) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    return _scalar(loader, node, path, doc)


def _key(loader: yaml.SafeLoader, node: yaml.Node, doc: YamlDocument) -> str | int:
    """A mapping key: text, or a whole number; anything else as it was written (``null``, ``yes``,
    ``2024-01-01``; a review: ``null:`` was named "None", and ``Yes:`` among a profile's spellings would be
    "True"), as is one YAML cannot construct (``2024-02-30``) or too large a number."""
    if not isinstance(node, yaml.ScalarNode):
        raise _fail(doc.file, node.start_mark.line + 1, "en nøgle skal være tekst eller et tal",
                    message_en="a key must be text or a number")
    hidden = _UNSHOWN.search(node.value)
    if hidden is not None:  # a key is printed in messages as a value is (a review: an escape in a key)
        da, en = _unshown(hidden.group())
        raise _fail(doc.file, node.start_mark.line + 1, f"nøglen: {da}", message_en=f"the key: {en}")
    if ((node.tag in (_INT, _FLOAT) and not _PLAIN_NUMBER.fullmatch(node.value))
            or len(node.value) > MAX_NUMBER_TEXT):
        return node.value  # 0751, 06_00, 10:00 as written, not as YAML 1.1's octal or base 60
    try:
        key = loader.construct_object(node, deep=True)
    except (ValueError, OverflowError, KeyError, AttributeError, TypeError):
        return node.value
    if isinstance(key, int) and not isinstance(key, bool) and number_problem(key) is not None:
        return node.value
    return key if isinstance(key, str | int) and not isinstance(key, bool) else node.value


def _scalar(loader: yaml.SafeLoader, node: yaml.ScalarNode, path: PathKey, doc: YamlDocument) -> Any:
    if node.tag == _INT and _LEADING_ZERO.fullmatch(node.value):
        return node.value  # a kommunekode such as 0751 (YAML 1.1 would read it as octal 489)
    numeric = node.tag in (_INT, _FLOAT)
    if numeric and len(node.value) > MAX_NUMBER_TEXT:
        shown = _number_text(node.value)
        if _DIGITS.fullmatch(node.value):
            return _reject(doc, node, path, *_too_large(shown))
        return _reject(doc, node, path, f"tallet {shown} er for langt: højst {MAX_NUMBER_TEXT} tegn",
                       f"the number {shown} is too long: at most {MAX_NUMBER_TEXT} characters")
    try:
        value = loader.construct_object(node, deep=True)
        if numeric and not _PLAIN_NUMBER.fullmatch(node.value):
            return _reject(doc, node, path, *_not_plain(excerpt(node.value), value, path))
    except (ValueError, OverflowError, KeyError, AttributeError, TypeError):
        if node.tag == _TIMESTAMP:
            shown = excerpt(node.value)
            return _reject(doc, node, path, *no_such_day(shown))
        shown, tag = excerpt(node.value), node.tag.rpartition(":")[2]
        return _reject(doc, node, path, f"ugyldig værdi {shown} for !!{tag}", f"invalid value {shown} for !!{tag}")
    if numeric or isinstance(value, int | float):
        texts = number_problem(value)
        if texts is not None:
            return _reject(doc, node, path, *texts)
    if isinstance(value, str) and (hidden := _UNSHOWN.search(value)) is not None:
        return _reject(doc, node, path, *_unshown(hidden.group()))
    return value


# The line breaks of YAML that an editor shows as none: next line (U+0085), line and paragraph separator
_BREAKS = re.compile("[\x85\u2028\u2029]")
# Characters refused written as themselves anywhere in the file, comments too, and what is said of them
_WRITTEN_AS_THEMSELVES = ((_BIDI, _turned), (_BREAKS, _broken))
# Characters a text of a contract or a profile has no use for and that change what a reader sees: control
# characters but tab and line feed (a terminal acts on ESC, CR and the C1 controls: a review wrote to the
# clipboard and faked a line of validate's output from a title), the bidirectional embeddings, overrides
# and isolates (a title shown as another), the direction marks (U+200E/F, U+061C), the line and paragraph
# separators (U+2028/9: a line break to a browser's text and some terminals, none to the others), and the
# invisible ones: the Mongolian vowel separator, the zero-width space, the word joiner and the invisible
# operators (U+2060–2064), the BOM and the tag characters (U+E0000–E007F).
_UNSHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064"
                      "\u2066-\u2069\ufeff\U000e0000-\U000e007f]")


def _unshown(char: str) -> tuple[str, str]:
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    what = f"{code} {name}" if name else code
    return (f"teksten har tegnet {what}, som ikke vises, men gør teksten anderledes, end den ser ud (et styretegn, "
            "et usynligt tegn eller en skriveretning); slet det", f"the text holds the character {what}, which is not "
            "shown but makes the text other than it looks (a control, invisible or direction character); delete it")


def _not_plain(shown: str, value: object, path: PathKey = ()) -> tuple[str, str]:
    """A number YAML 1.1 reads in a form nobody means (06_00 is octal 384, 10:00 base 60: 600, 0x258):
    refused, with what it would have been read as, rather than taken as another number. Under a key
    that holds a date (``date``, ``data_date``) the hint is how a date is written."""
    read = _number_text(str(value))
    key = path[-1] if path else ""
    if isinstance(key, str) and (key == "date" or key.endswith("_date")):
        return (f"{shown} er ikke en dato (YAML ville læse det som tallet {read}); skriv datoen ÅÅÅÅ-MM-DD, "
                "fx 2025-09-30", f"{shown} is not a date (YAML would read it as the number {read}); write the "
                "date YYYY-MM-DD, e.g. 2025-09-30")
    return (f"{shown} er ikke skrevet som et almindeligt tal (YAML ville læse det som {read}); skriv tallet med "
            "cifre alene, uden _, :, 0x, 0b eller et foranstillet 0, eller sæt det i anførselstegn, hvis det er tekst",
            f"{shown} is not written as a plain number (YAML would read it as {read}); write the number in digits "
            "alone, without _, :, 0x, 0b or a leading 0, or quote it if it is text")


def _reject(doc: YamlDocument, node: yaml.Node, path: PathKey, da: str, en: str) -> Rejected:
    doc.problems.append(Problem(doc.file, node.start_mark.line + 1, format_path(path), da, en))
    return REJECTED
