"""Strict YAML: one document, no anchors, aliases or tags, no duplicate keys, YAML 1.2 scalars, positions kept."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

import yaml

from .model import Path, Problem

try:  # libyaml's parser is several times faster; the pure-Python one behaves the same.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]{1,18}\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_STR_TAGS = {None, "!", "tag:yaml.org,2002:str"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""Control characters but tab and line breaks, and lone surrogates: typed into a file, the reader refuses them;
written as escapes (\\u0000, \\ud800), we do."""
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")
"""Line breaks to YAML 1.1 (and so to PyYAML's marks), but not to editors or GitHub, which count '\\n' only."""


@dataclass
class Document:
    """A parsed YAML document: plain values and where each value and key stands."""

    data: object = None
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    """(line, column) of each value, by path; () is the whole document."""
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    """(line, column) of the key that holds each mapping value."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class _Stop(Exception):
    """Raised inside the builder to abandon a document after its first problem."""


def resolve_scalar(value: str, plain: bool) -> object:
    """YAML 1.2 core schema for plain scalars; everything else, dates and yes/no included, stays text."""
    if not plain:
        return value
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value) and any(c.isdigit() for c in value):
        return float(value)
    return value


def parse_yaml(text: str, source: str, *, first_line: int = 1, max_depth: int = 20) -> Document:
    """Parse ``text`` strictly. Lines in positions and problems are offset so that the text starts at ``first_line``."""
    doc = Document()
    starts = None  # offsets of line starts, only needed when PyYAML would count lines differently
    if any(ch in text for ch in _YAML_ONLY_BREAKS):
        starts = [0, *(i + 1 for i, ch in enumerate(text) if ch == "\n")]

    def at(mark) -> tuple[int, int]:
        """The (line, column) of a PyYAML mark, as an editor numbers them."""
        if mark is None:
            return first_line, 1
        if mark.index >= len(text):  # the end of the text, after which libyaml counts a line break of its own
            line, column = _line_column(text, len(text))
            return line + first_line - 1, column
        if starts is None:
            return mark.line + first_line, mark.column + 1
        line = bisect_right(starts, mark.index)
        return line + first_line - 1, mark.index - starts[line - 1] + 1

    def fail(mark, code: str, message: str) -> _Stop:
        doc.problems.append(Problem(source, *at(mark), code, message))
        return _Stop()

    # Each stack entry: [container, path, pending key or None, seen keys {key: line}].
    stack: list[list] = []
    documents = 0

    def place(value: object, mark) -> Path:
        where = at(mark)
        if not stack:
            doc.data = value
            doc.positions[()] = where
            return ()
        top = stack[-1]
        container, path = top[0], top[1]
        if isinstance(container, list):
            path = (*path, len(container))
            container.append(value)
        else:
            key, _key_where = top[2]
            path = (*path, key)
            container[key] = value
            top[2] = None
        doc.positions[path] = where
        return path

    def take_key(event) -> bool:
        """If the top of the stack is a mapping waiting for a key, take the scalar ``event`` as that key."""
        if not stack or not isinstance(stack[-1][0], dict) or stack[-1][2] is not None:
            return False
        if not isinstance(event, yaml.ScalarEvent):
            raise fail(event.start_mark, "yaml-complex-key", "a key must be plain text, not a list or a mapping")
        key, seen = event.value, stack[-1][3]
        line, column = at(event.start_mark)
        if key in seen:
            raise fail(event.start_mark, "duplicate-key",
                       f"duplicate key '{key}' (first defined on line {seen[key]}); keep one of them")
        seen[key] = line
        stack[-1][2] = (key, (line, column))
        doc.key_positions[(*stack[-1][1], key)] = (line, column)
        return True

    try:
        loader = _Loader(text)  # inside the try: the pure-Python reader refuses characters right here
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise fail(event.start_mark, "yaml-multiple-documents",
                               "only one YAML document is allowed per file; remove the second '---'")
                continue
            if isinstance(event, yaml.AliasEvent):
                raise fail(event.start_mark, "yaml-alias",
                           f"YAML aliases (*{event.anchor}) are not allowed; write the value out in full")
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                if event.anchor is not None:
                    raise fail(event.start_mark, "yaml-anchor",
                               f"YAML anchors (&{event.anchor}) are not allowed; write each value out in full")
                implicit = event.implicit[0] if isinstance(event, yaml.ScalarEvent) else event.implicit
                if event.tag not in _STR_TAGS and not implicit:
                    raise fail(event.start_mark, "yaml-tag",
                               f"YAML tags such as '{event.tag}' are not allowed; write plain values")
                if take_key(event):
                    continue
            if isinstance(event, yaml.ScalarEvent):
                if _CONTROL.search(event.value):
                    bad = _CONTROL.search(event.value).group(0)
                    raise fail(event.start_mark, "yaml-character",
                               f"the character U+{ord(bad):04X} (written as an escape) is not allowed here: "
                               "control characters and lone surrogates are not text; remove it")
                plain = not event.style and event.tag is None
                place(resolve_scalar(event.value, plain), event.start_mark)
            elif isinstance(event, yaml.CollectionStartEvent):
                if len(stack) >= max_depth:
                    raise fail(event.start_mark, "too-deep", _too_deep(max_depth))
                container: list | dict = [] if isinstance(event, yaml.SequenceStartEvent) else {}
                path = place(container, event.start_mark)
                stack.append([container, path, None, {}])
            elif isinstance(event, yaml.CollectionEndEvent):
                stack.pop()
    except _Stop:
        doc.data = None
    except yaml.MarkedYAMLError as error:
        deep = _flow_too_deep(text, max_depth) if "nesting depth" in str(error.problem) else None
        if deep is not None:  # libyaml 0.2.5+ stops at 1,000 levels, scanning ahead of the events counted above
            line, column = _line_column(text, deep)
            doc.problems.append(Problem(source, line + first_line - 1, column, "too-deep", _too_deep(max_depth)))
            doc.data = None
            return doc
        mark = error.problem_mark or error.context_mark
        line, column = at(mark)
        what = error.problem or "invalid YAML"
        if error.context:
            what = f"{error.context}, {what}"
        message = f"YAML syntax error: {what}; check the indentation and quoting here"
        lines = text.split("\n")
        if _character(lines, line - first_line, column) == "\t":
            message = ("YAML syntax error: a tab character here; YAML indents with spaces only, so replace it with "
                       "spaces")
        elif (error.context or "").startswith("while parsing a flow") and error.context_mark is not None:
            unclosed = _unclosed_flow(lines, at(error.context_mark)[0] - first_line, line - first_line)
            if unclosed is not None:  # reported where the closing bracket is missing, not where parsing gave up
                opened = at(error.context_mark)[0]
                line, column = unclosed[0] + first_line, unclosed[1]
                kind, start, end = ("list", "[", "]") if "sequence" in error.context else ("mapping", "{", "}")
                message = (f"YAML syntax error: the {kind} opened with '{start}' on line {opened} is not closed; "
                           f"end it with '{end}' here (its items are separated by ',')")
        doc.problems.append(Problem(source, line, column, "yaml-syntax", message))
        doc.data = None
    except yaml.YAMLError as error:  # ReaderError: a character YAML does not allow
        position = getattr(error, "position", 0)
        if _Loader is not yaml.SafeLoader:  # libyaml's reader counts UTF-8 bytes, not characters
            position = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
        _bad_character(doc, text, position, getattr(error, "character", ""), source, first_line)
    except UnicodeEncodeError as error:  # a lone surrogate, which no UTF-8 file can hold
        _bad_character(doc, text, error.start, text[error.start], source, first_line)
    return doc


def _character(lines: list[str], index: int, column: int) -> str:
    """The character at a 0-based line index and a 1-based column, or ''."""
    if 0 <= index < len(lines) and 0 < column <= len(lines[index]):
        return lines[index][column - 1]
    return ""


def _unclosed_flow(lines: list[str], opened: int, stopped: int) -> tuple[int, int] | None:
    """Where a ``[`` or ``{`` opened on line index ``opened`` should have been closed, when parsing stopped on a
    later line ``stopped``: just after the last line with content before it (0-based line index, 1-based column)."""
    for index in range(min(stopped, len(lines)) - 1, opened - 1, -1):
        content = lines[index].rstrip()
        if content.strip():
            return index, len(content) + 1
    return None


def _too_deep(max_depth: int) -> str:
    return f"values are nested more than {max_depth} levels deep; flatten this structure"


def _flow_too_deep(text: str, max_depth: int) -> int | None:
    """Where ``[`` and ``{`` first open more than ``max_depth`` levels, outside quoted text; None if nowhere."""
    depth, quote = 0, ""
    for offset, character in enumerate(text):
        if quote:
            quote = "" if character == quote else quote
        elif character in "\"'":
            quote = character
        elif character in "[{":
            depth += 1
            if depth > max_depth:
                return offset
        elif character in "]}":
            depth = max(0, depth - 1)
    return None


def _bad_character(doc: Document, text: str, position: int, character: object, source: str, first_line: int) -> None:
    line, column = _line_column(text, position)
    number = ord(character) if isinstance(character, str) and character else character
    code = f"U+{number:04X}" if isinstance(number, int) else repr(number)
    doc.problems.append(Problem(source, line + first_line - 1, column, "yaml-character",
                                f"the character {code} is not allowed in YAML (control characters are not); remove it"))
    doc.data = None


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
