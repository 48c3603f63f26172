"""Make contributor text safe to place in generated Markdown (it stays text, never markup or a link), and keep
characters that no output format may hold out of every output."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markupsafe import Markup

from .model import Problem

# Characters with a meaning in Markdown or its common extensions (emphasis, links, code, tables,
# attr_list, emoji, critic, mark, caret, tilde, math) or in HTML. Written as entities, they are just text.
_INLINE = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]()<>&!|~^=:$\"'#@"})
_LINE_START = re.compile(r"^(\s*)([-+.>0-9])")


def escape_inline(value: object) -> Markup:
    """Contributor text as inline Markdown that renders exactly as written, on one line."""
    return _escape_text(str(value))


@lru_cache(maxsize=65536)
def _escape_text(text: str) -> Markup:
    text = re.sub(r"\s+", " ", text)
    text = text.translate(_INLINE)
    text = _LINE_START.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text)
    return Markup(text)


# Neither can read past the start of another attempt ('[' or '<'), so that text full of them costs linear time.
_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()\[\]]*\)")
_TAG = re.compile(r"<[^<>]*>")


@lru_cache(maxsize=4096)
def plain_text(markdown: str) -> str:
    """Inline Markdown reduced to plain text, e.g. for a tooltip: no links, emphasis or tags, entities as characters."""
    text = _LINK.sub(r"\1", markdown)
    text = re.sub(r"[*_`~]+", "", text)
    text = _TAG.sub("", text)
    return " ".join(html.unescape(text).split())


_BLOCK_START = re.compile(r"^(\s*)([#>=+*-]|\d+[.)])")
_BACKTICKS = re.compile(r"(?<!\\)(?:\\\\)*(`+)")
"""A run of backticks that is not escaped by a backslash (an even number of backslashes escape each other)."""


def inline_markdown(text: str) -> Markup:
    """Contributor Markdown (a bio, a definition) kept as inline Markdown on one line: emphasis, links, code spans and
    entities work, but it cannot start a heading, quote or list, set attributes (``{ #id }``) or carry raw HTML.

    Code spans are written as ``<code>`` elements here, their text escaped: Markdown would escape the ``&lt;`` that
    keeps a ``<`` outside code from being HTML, and show it as ``&lt;``. Whatever Markdown might still read as code
    has no ``<`` to let through.
    """
    text = re.sub(r"\s+", " ", text)
    runs = [m.span(1) for m in _BACKTICKS.finditer(text)]
    following: list[int | None] = [None] * len(runs)  # the next run of the same length, found in one pass
    last: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index], last[length] = last.get(length), index
    pieces, done, index = [], 0, 0
    while index < len(runs):
        closing = following[index]
        if closing is None:  # unmatched: literal backticks, as in Markdown
            index += 1
            continue
        (start, code_start), (code_end, end) = runs[index], runs[closing]
        code = text[code_start:code_end].strip()
        pieces += [_escape_prose(text[done:start]), f"<code>{_escape_text(code)}</code>" if code else ""]
        done, index = end, closing + 1
    pieces.append(_escape_prose(text[done:]))
    out = "".join(pieces)
    return Markup(_BLOCK_START.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), out))


def _escape_prose(text: str) -> str:
    """Markdown outside code: ``<`` never starts a tag, ``{}`` never set attributes; entities stay entities."""
    return text.replace("<", "&lt;").replace("{", "&#123;").replace("}", "&#125;")


_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
"""Control characters (but tab, line feed and carriage return), lone surrogates and the noncharacters of the first
plane (U+FFFE, U+FFFF, U+FDD0...): XML forbids the controls, the surrogates and U+FFFE/U+FFFF, so one of them makes a
whole feed unreadable; HTML reports all of them as errors; JSON can only escape them."""
_ASTRAL_NONCHARACTERS = tuple(chr(plane << 16 | low) for plane in range(1, 17) for low in (0xFFFE, 0xFFFF))
"""U+1FFFE, U+1FFFF... U+10FFFF: looked for one by one, since a character class holding them makes every search
several times slower, and a string without characters beyond U+FFFF answers at once that it has none."""


def clean_text(value: str) -> str:
    """``value`` without the characters that no output may hold; the same string if it has none.

    For every text that reaches a page, a feed or a data file from a source that does not refuse them itself:
    git author names and commit subjects, and the HTML of pages (Markdown passes them through, and character
    references such as ``&#1;`` become them in the sanitizer). Linear, and fast on text that has none.
    """
    if _NOT_TEXT.search(value):
        value = _NOT_TEXT.sub("", value)
    if not value.isascii():
        for character in _ASTRAL_NONCHARACTERS:
            if character in value:
                value = value.replace(character, "")
    return value


def first_not_text(value: str) -> int:
    """The offset of the first character ``clean_text`` would remove, or -1."""
    found = _NOT_TEXT.search(value)
    offsets = [found.start()] if found else []
    if not value.isascii():
        offsets += [value.find(c) for c in _ASTRAL_NONCHARACTERS if c in value]
    return min(offsets, default=-1)


_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}))")


def names_not_text(html: str) -> bool:
    """Whether a numeric character reference in ``html`` (``&#1;``, ``&#xFFFE;``) names a character that
    ``clean_text`` removes: an HTML parser turns it into that character."""
    if "&#" not in html:
        return False
    for match in _NUMERIC_REFERENCE.finditer(html):
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        if code <= 0x10FFFF and clean_text(chr(code)) == "" and code not in (0, *range(0xD800, 0xE000)):
            return True  # NUL and surrogates become U+FFFD instead
    return False


def without_control_characters(text: str, source: str, first_line: int = 1) -> tuple[str, list[Problem]]:
    """``text`` (Markdown read from ``source``, starting at ``first_line``) without the characters no output may
    hold, and a warning that says where the first one was, if there was one."""
    offset = first_not_text(text)
    if offset < 0:
        return text, []
    line = first_line + text.count("\n", 0, offset)
    column = offset - text.rfind("\n", 0, offset)
    return clean_text(text), [Problem(
        source, line, column, "control-character",
        f"the character U+{ord(text[offset]):04X} is not text (a control character or a noncharacter); it is left "
        "out of the page, with any others like it: remove them", "warning")]


def clean_data(value: object) -> object:
    """JSON-like data with ``clean_text`` applied to every string in it, keys included."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_data(key): clean_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_data(item) for item in value]
    return value
