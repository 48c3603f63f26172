"""Make contributor text safe to place in generated Markdown: it stays text, never markup or a link."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markupsafe import Markup

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


@lru_cache(maxsize=4096)
def plain_text(markdown: str) -> str:
    """Inline Markdown reduced to plain text, e.g. for a tooltip: no links, emphasis or tags, entities as characters."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*_`~]+", "", text)
    text = re.sub(r"<[^>]*>", "", text)
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
