"""Make contributor text safe to place in generated Markdown: it stays text, never markup or a link."""

from __future__ import annotations

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
    """Inline Markdown reduced to plain text, e.g. for a tooltip."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*_`~]+", "", text)
    text = re.sub(r"<[^>]*>", "", text)
    return " ".join(text.split())


_BLOCK_START = re.compile(r"^(\s*)([#>=+*-]|\d+[.)])")


def inline_markdown(text: str) -> Markup:
    """Contributor Markdown (a bio, a definition) kept as inline Markdown on one line: emphasis and links work,
    but it cannot start a heading, quote or list, set attributes (``{ #id }``) or carry raw HTML."""
    text = re.sub(r"\s+", " ", text).replace("&", "&amp;").replace("<", "&lt;")
    text = text.replace("{", "&#123;").replace("}", "&#125;")
    return Markup(_BLOCK_START.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), text))
