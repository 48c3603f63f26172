"""Glossary terms in text: find them (with aliases and plurals) and link their first use in rendered HTML."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from .model import Term, name_key

# Elements whose text is never linked: code, headings, existing links, and anything marked as page furniture.
_SKIP = {"a", "code", "pre", "kbd", "samp", "script", "style", "textarea", "button", "svg", "math",
         "h1", "h2", "h3", "h4", "h5", "h6", "abbr", "dfn", "title", "select", "option", "label"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TOKEN = re.compile(r"(<!--.*?-->|<![^>]*>|<\?.*?\?>|<[^>]*>)", re.S)
_TAG = re.compile(r"<\s*(/)?\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*?)(/)?\s*>", re.S)
_SKIP_MARK = re.compile(r"""\bclass\s*=\s*["'][^"']*\bcop-meta\b|\bdata-cop-nolink\b""")


def _plurals(name: str) -> list[str]:
    """English plural forms of a name: 'retrospective' -> 'retrospectives', 'community' -> 'communities'."""
    if name[-1:].isalpha() is False:
        return []
    if re.search(r"[^aeiou]y$", name, re.I):
        return [name[:-1] + "ies"]
    if re.search(r"(s|x|z|ch|sh)$", name, re.I):
        return [name + "es"]
    return [name + "s"]



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
        names = sorted(self.by_name, key=len, reverse=True)
        alternation = "|".join(r"\s+".join(re.escape(part) for part in name.split()) for name in names)
        self.pattern = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I) if names else None

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


_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,}).*?^\1\2[`~]*\s*$", re.M | re.S)
_INLINE_CODE = re.compile(r"(`+).+?\1", re.S)
_HEADING = re.compile(r"^#{1,6}\s.*$", re.M)
_LINK_TEXT = re.compile(r"\[[^\]]*\]\([^)]*\)")
_HTML_TAG = re.compile(r"<[^>]+>")


def prose(markdown: str) -> str:
    """The running text of Markdown, without code, headings, links and tags: where terms get linked."""
    for pattern in (_FENCE, _INLINE_CODE, _HEADING, _LINK_TEXT, _HTML_TAG):
        markdown = pattern.sub(" ", markdown)
    return markdown


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
    preferred = set(preferred)
    linked: set[str] = set()
    linked_terms: set[Term] = set()
    stack: list[tuple[str, bool]] = []
    out: list[str] = []

    def replace(match: re.Match) -> str:
        name = name_key(match.group(0))
        candidates = matcher.by_name.get(name)
        if not candidates or name in linked:
            return match.group(0)
        # When a name is a term in several domains, the page's own domain wins.
        term = next((t for t in candidates if t.domain in preferred), candidates[0])
        if name_key(term.term) in linked:
            return match.group(0)
        linked.update({name, name_key(term.term)})
        linked_terms.add(term)
        return (f'<a class="cop-term" href="{html.escape(href(term))}" title="{html.escape(tooltip(term))}">'
                f"{match.group(0)}</a>")

    for token in _TOKEN.split(content):
        if not token:
            continue
        if token.startswith("<"):
            tag = _TAG.match(token)
            if tag and not token.startswith(("<!", "<?")):
                closing, name, attrs, self_closing = tag.groups()
                name = name.lower()
                if closing:
                    while stack:
                        if stack.pop()[0] == name:
                            break
                elif name not in _VOID and not self_closing:
                    stack.append((name, name in _SKIP or bool(_SKIP_MARK.search(attrs))))
            out.append(token)
        elif any(skip for _name, skip in stack):
            out.append(token)
        else:
            out.append(matcher.pattern.sub(replace, token))
    return "".join(out), linked_terms
