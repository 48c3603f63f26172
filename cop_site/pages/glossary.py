"""The glossary (/glossary/): every term A-Z with its domain, aliases and the practices that use it."""

from __future__ import annotations

from typing import Iterator

from ..model import Term
from .base import GLOSSARY_URI, Page, Site


def glossary_groups(site: Site) -> list[tuple[str, list[Term]]]:
    """Terms A-Z, grouped by first letter; terms not starting with a letter go under '#'."""
    groups: dict[str, list[Term]] = {}
    for term in sorted(site.community.terms, key=lambda t: (t.term.casefold(), t.domain)):
        first = term.term[:1].upper()
        groups.setdefault(first if first.isascii() and first.isalpha() else "#", []).append(term)
    return sorted(groups.items(), key=lambda kv: (kv[0] == "#", kv[0]))


def pages(site: Site) -> Iterator[Page]:
    yield Page(GLOSSARY_URI, site.render("glossary.md.j2", GLOSSARY_URI, groups=glossary_groups(site)),
               title="Glossary")
