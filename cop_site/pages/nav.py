"""The navigation the plugin gives a site whose mkdocs.yml has none."""

from __future__ import annotations

import html
from typing import Iterable

from .base import GLOSSARY_URI, Site, domain_uri, practice_uri


def build_nav(site: Site, hand_written: list[str]) -> list:
    """A small navigation: the overview pages and one section per domain; profiles are reached from People.

    Titles are HTML-escaped here because themes print nav titles as they are.
    """
    c = site.community
    kinds = set(site.options.pages)
    esc = html.escape
    nav: list = []
    if "index.md" in hand_written:
        nav.append({"Home": "index.md"})
    if "start-here" in kinds:
        nav.append({"Start here": "start-here/index.md"})
    sections: list = ["domains/index.md"] if "domains" in kinds else []
    for domain in sorted(c.domains.values(), key=lambda d: d.title.casefold()):
        children: list = [{"Overview": domain_uri(domain.id)}] if "domains" in kinds else []
        children += [{esc(p.title): practice_uri(p)} for p in sorted(
            (p for p in c.practices.values() if p.domain == domain.id), key=lambda p: p.title.casefold())]
        if children:
            sections.append({esc(domain.title): children})
    if "practices" in kinds:
        sections.append({"All practices": "practices/index.md"})
    nav.append({"Domains": sections})
    for kind, title, uri in (("people", "People", "people/index.md"),
                             ("expertise", "Who knows what", "expertise/index.md"),
                             ("glossary", "Glossary", GLOSSARY_URI), ("changes", "Changes", "changes/index.md"),
                             ("health", "Knowledge health", "health/index.md")):
        if kind in kinds:
            nav.append({title: uri})
    placed = set(_nav_uris(nav))
    nav += [uri for uri in sorted(hand_written) if uri not in placed]
    return nav


def _nav_uris(nav: list) -> Iterable[str]:
    for item in nav:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for value in item.values():
                yield from ([value] if isinstance(value, str) else _nav_uris(value))
