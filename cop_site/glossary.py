"""Glossary terms in text: find them (with aliases and plurals) and link their first use in rendered HTML."""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from .markdown_cost import fenced_code
from .model import Term, name_key
from .sanitize import VOID_ELEMENTS

# Elements whose text is never linked: code, headings, existing links, and anything marked as page furniture.
_SKIP_NAMES = ("a", "code", "pre", "kbd", "samp", "script", "style", "textarea", "button", "svg", "math",
               "h1", "h2", "h3", "h4", "h5", "h6", "abbr", "dfn", "title", "select", "option", "label")
# A comment, or the start tag of an element whose text is never linked.
# A tag ends at the first '>' and never spans a '<', so that text full of '<' without '>' costs linear time.
_UNLINKABLE = re.compile(
    rf"<!--.*?(?:-->|\Z)|<(?:({'|'.join(_SKIP_NAMES)})|([a-zA-Z][a-zA-Z0-9-]*)(?=[^<>]*?(?:"
    rf"\bclass\s*=\s*[\"'][^\"'<>]*\bcop-meta\b|\bdata-cop-nolink\b)))(?![\w-])[^<>]*>", re.I | re.S)


def _plurals(name: str) -> list[str]:
    """English plural forms of a name: 'retrospective' -> 'retrospectives', 'community' -> 'communities'."""
    if name[-1:].isalpha() is False:
        return []
    if re.search(r"[^aeiou]y$", name, re.I):
        return [name[:-1] + "ies"]
    if re.search(r"(s|x|z|ch|sh)$", name, re.I):
        return [name + "es"]
    return [name + "s"]


def _trie_pattern(names: Iterable[str]) -> str:
    """One regular expression for all ``names`` as whole words, longest first, factored by common prefix.

    ``lean coffee|lean canvas|lean`` becomes ``lean(?:\\s+c(?:offee|anvas))?``: at each position the engine follows
    one branch instead of trying every name in turn, which is what makes hundreds of terms cheap. Each space
    in a name matches any run of white space; a name that is a prefix of another ends in an optional group, and
    the longer one is tried first. A leading look-ahead for the names' first letters lets the engine skip
    quickly over text where no name can start.
    """
    trie: dict[str, dict] = {}
    for name in names:
        node = trie
        for piece in re.findall(r"\s+|.", name.lower(), re.S):
            node = node.setdefault(r"\s+" if piece.isspace() else re.escape(piece), {})
        node[""] = {}

    def expression(node: dict[str, dict]) -> str:
        branches = [key + expression(child) for key, child in node.items() if key]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"

    return rf"(?=[{''.join(trie)}])(?<![\w-])(?:{expression(trie)})(?![\w-])"


@dataclass
class TermMatcher:
    """Finds glossary terms in text, longest names first, whole words only, any case."""

    terms: list[Term]

    def __post_init__(self) -> None:
        self.by_name: dict[str, list[Term]] = {}
        for term in self.terms:
            for name in (term.term, *term.aliases):
                for form in (name, *_plurals(name)):
                    found = self.by_name.setdefault(name_key(form), [])
                    if term not in found:
                        found.append(term)
        self.pattern = re.compile(_trie_pattern(self.by_name), re.I) if self.by_name else None

    def find(self, text: str) -> Iterable[tuple[re.Match, Term]]:
        """Every whole-word occurrence of a term in ``text``, with its term."""
        if self.pattern is None:
            return
        for match in self.pattern.finditer(text):
            for term in self.by_name.get(name_key(match.group(0)), ())[:1]:
                yield match, term

    def used_in(self, text: str) -> set[Term]:
        """The terms that occur in ``text``."""
        return {term for _match, term in self.find(text)}


_BACKTICKS = re.compile(r"`+")
_HEADING = re.compile(r"^#{1,6}[ \t].*$", re.M)
# Neither pattern can scan past the start of another attempt ('[' or '<'), so text full of them costs linear time.
_LINK_TEXT = re.compile(r"\[[^\[\]]*\]\([^()\[\]]*\)")
_HTML_TAG = re.compile(r"<[^<>]+>")


def prose(markdown: str) -> str:
    """The running text of Markdown, without code, headings, links and tags: where terms get linked.

    Linear in the length of ``markdown`` whatever it holds (unclosed fences, backticks, brackets or tags).
    """
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for first, end in fenced_code(lines):
        lines[first:end] = [""] * (end - first)
    text = _without_code_spans("\n".join(lines))
    for pattern in (_HEADING, _LINK_TEXT, _HTML_TAG):
        text = pattern.sub(" ", text)
    return text


def _without_code_spans(text: str) -> str:
    """``text`` with each code span (a run of backticks, text, the next run of as many) made a space."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    if len(runs) < 2:
        return text
    closing = [0] * len(runs)  # the index of the next run of the same length, or 0 for none
    seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        closing[index] = seen.get(length, 0)
        seen[length] = index
    pieces, done, index = [], 0, 0
    while index < len(runs):
        other = closing[index]
        if other:
            pieces += [text[done:runs[index][0]], " "]
            done, index = runs[other][1], other + 1
        else:
            index += 1
    pieces.append(text[done:])
    return "".join(pieces)


def _unlinkable(content: str) -> list[tuple[int, int]]:
    """(start, end) of every comment and outermost element whose text is never linked, in order."""
    spans = []
    position = 0
    while (found := _UNLINKABLE.search(content, position)) is not None:
        position = found.end()
        name = (found.group(1) or found.group(2) or "").lower()
        if name and (name in VOID_ELEMENTS or found.group(0).endswith("/>")):
            continue
        if name:  # an element runs to its matching end tag; one never closed, to the end (as browsers read it)
            depth, position = 1, len(content)
            for tag in _tags_named(name).finditer(content, found.end()):
                depth += -1 if tag.group(1) else 1
                if depth == 0:
                    position = tag.end()
                    break
        spans.append((found.start(), position))
    return spans


@lru_cache(maxsize=64)
def _tags_named(name: str) -> re.Pattern:
    return re.compile(rf"<(/?){re.escape(name)}(?![\w-])[^<>]*>", re.I)


_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_LONGEST_ENTITY = 40


def _in_entity(content: str, start: int) -> bool:
    """Whether the text at ``start`` lies inside a character reference such as ``&lt;`` (one character to a reader)."""
    amp = content.rfind("&", max(0, start - _LONGEST_ENTITY), start)
    if amp < 0:
        return False
    entity = _ENTITY.match(content, amp)
    return entity is not None and entity.end() > start


def entry_url(index_url: str, term: Term) -> str:
    """The URL of a term's entry, from a page that reaches the glossary's index at ``index_url``.

    Each domain's entries are on a page in a folder named for the domain, beside the index (``glossary/<domain>/``
    next to ``glossary/``: ``pages.glossary_uri``), so the entry's URL is the index's with that folder put in:
    ``../glossary/`` gives ``../glossary/<domain>/#<anchor>``, ``../glossary/index.html`` gives
    ``../glossary/<domain>/index.html#<anchor>``.
    """
    folder, slash, name = index_url.rpartition("/")
    return f"{folder}{slash}{term.domain}/{name}#{term.anchor}"


def link_terms(content: str, matcher: TermMatcher, href: Callable[[Term], str],
               tooltip: Callable[[Term], str], preferred: Iterable[str] = ()) -> tuple[str, set[Term]]:
    """Link the first use of each term in rendered HTML, never inside code, headings or links.

    Args:
        content: HTML of a page's body.
        matcher: the terms to look for.
        href: the URL of a term's glossary entry.
        tooltip: the plain text shown on hover.
        preferred: domain ids whose terms win when one word is a term in several domains.

    Returns:
        The new HTML and the terms linked.
    """
    if matcher.pattern is None:
        return content, set()
    match = matcher.pattern.search(content)
    if match is None:
        return content, set()
    spans = _unlinkable(content)
    preferred = set(preferred)
    linked: set[str] = set()
    linked_terms: set[Term] = set()
    out: list[str] = []
    done = 0  # content[:done] is in out
    last_open = last_close = -1  # where the last '<' and '>' before the match are; matches come in order,
    scanned = 0  # so each character is looked at once
    while match is not None:
        start, end = match.span()
        last_open = max(last_open, content.rfind("<", scanned, start))
        last_close = max(last_close, content.rfind(">", scanned, start))
        scanned = start
        within = bisect.bisect_right(spans, (start, len(content)))
        if (last_open > last_close  # inside a tag, such as an attribute's value
                or "<" in match.group(0) or ">" in match.group(0)  # across tags
                or _in_entity(content, start)  # 'lt' in '&lt;', 'x27' in '&#x27;'
                or (within and spans[within - 1][1] > start)):  # in code, a heading, a link, page furniture
            match = matcher.pattern.search(content, start + 1)
            continue
        name = name_key(match.group(0))
        candidates = matcher.by_name.get(name)
        # When a name is a term in several domains, the page's own domain wins.
        term = next((t for t in candidates if t.domain in preferred), candidates[0]) if candidates else None
        if term is not None and name not in linked and name_key(term.term) not in linked:
            linked.update({name, name_key(term.term)})
            linked_terms.add(term)
            out.append(content[done:start])
            out.append(f'<a class="cop-term" href="{html.escape(href(term))}" title="{html.escape(tooltip(term))}">'
                       f"{match.group(0)}</a>")
            done = end
        match = matcher.pattern.search(content, end)
    out.append(content[done:])
    return "".join(out), linked_terms
