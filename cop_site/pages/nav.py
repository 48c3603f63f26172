"""The navigation the plugin gives a site whose mkdocs.yml has none, and the smaller one of each practice page.

Both are written as mkdocs.yml's ``nav`` is (a list of pages, ``{title: page}`` and ``{title: [...]}``), so any
engine that reads that format can use them. Their size does not grow with the number of practices: the site's
navigation holds the overview pages and the domains; a domain's page lists its practices; a practice page's
navigation holds the overview pages and its own domain, opened on at most ``NAV_PRACTICES`` practices around it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Iterable

from ..model import Practice
from .base import GLOSSARY_URI, Site, domain_uri, practice_uri

DOMAINS = "Domains"
"""The title of the navigation's section of domains."""

NAV_PRACTICES = 25
"""Practices of its domain a practice page's navigation lists at most: those around it, by title. A domain with
more ends its list with a link to the domain's page, which lists them all."""


@dataclass(frozen=True)
class PracticeNav:
    """What a practice page's navigation holds, and the pages before and after it in its domain."""

    nav: list
    """The site's navigation with the practice's domain, and only it, in the Domains section."""
    previous: tuple[str, str] | None
    """(title, page) of the practice before it in its domain, by title; the title is plain text."""
    next: tuple[str, str] | None


def build_nav(site: Site, hand_written: list[str]) -> list:
    """The site's navigation: the overview pages and the domains; practices and profiles are reached from those.

    Titles are HTML-escaped here because themes print nav titles as they are.
    """
    kinds = set(site.options.pages)
    nav: list = []
    if "index.md" in hand_written:
        nav.append({"Home": "index.md"})
    if "start-here" in kinds:
        nav.append({"Start here": "start-here/index.md"})
    if "domains" in kinds:
        domains = ["domains/index.md"] + [{html.escape(d.title): domain_uri(d.id)} for d in _domains(site)]
    else:
        domains = []
    if "practices" in kinds:
        domains.append({"All practices": "practices/index.md"})
    if domains:
        nav.append({DOMAINS: domains})
    for kind, title, uri in (("people", "People", "people/index.md"),
                             ("expertise", "Who knows what", "expertise/index.md"),
                             ("glossary", "Glossary", GLOSSARY_URI), ("changes", "Changes", "changes/index.md"),
                             ("health", "Knowledge health", "health/index.md")):
        if kind in kinds:
            nav.append({title: uri})
    placed = set(nav_uris(nav))
    nav += [uri for uri in sorted(hand_written) if uri not in placed]
    return nav


def practice_nav(site: Site, nav: list, practice: Practice) -> PracticeNav:
    """The navigation of one practice page, from the site's (``build_nav``): its Domains section holds the
    overview of domains, the practice's own domain opened on the practices around it, and All practices."""
    filed = site.filed_in(practice.domain)
    place = site.place_in_domain(practice)
    start = max(0, min(place - NAV_PRACTICES // 2, len(filed) - NAV_PRACTICES))
    shown = filed[start:start + NAV_PRACTICES]
    with_pages = "domains" in site.options.pages
    children: list = [{"Overview": domain_uri(practice.domain)}] if with_pages else []
    children += [{html.escape(p.title): practice_uri(p)} for p in shown]
    if with_pages and len(shown) < len(filed):
        children.append({f"All {len(filed)} practices": domain_uri(practice.domain) + "#practices"})
    domain = {html.escape(site.domain_title(practice.domain)): children}
    local: list = []
    for item in nav:
        if isinstance(item, dict) and DOMAINS in item:
            entries = item[DOMAINS]
            local.append({DOMAINS: [e for e in entries[:1] if e == "domains/index.md"] + [domain]
                          + [e for e in entries if isinstance(e, dict) and "All practices" in e]})
        else:
            local.append(item)
    if not any(isinstance(item, dict) and DOMAINS in item for item in nav):
        local.append({DOMAINS: [domain]})
    before = filed[place - 1] if place > 0 else None
    after = filed[place + 1] if place + 1 < len(filed) else None
    return PracticeNav(local, *((p.title, practice_uri(p)) if p else None for p in (before, after)))


def _domains(site: Site):
    return sorted(site.community.domains.values(), key=lambda d: d.title.casefold())


def nav_uris(nav: list) -> Iterable[str]:
    """Every page a navigation lists (anchors and all)."""
    for item in nav:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for value in item.values():
                yield from ([value] if isinstance(value, str) else nav_uris(value))
